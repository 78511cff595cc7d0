"""Buurtwijzer: where can I find help near me, in my own language."""

__version__ = "0.1.0"
