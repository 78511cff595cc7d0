"""Markers for translatable texts that are translated later, where they are shown (extracted by `bot i18n`)."""

from __future__ import annotations


def _(text: str) -> str:
    """A resident text (messages catalogue)."""
    return text


def _s(text: str) -> str:
    """A staff text (staff catalogue)."""
    return text
