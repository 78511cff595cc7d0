"""A hand-written sentence model for fast tests: one direction for storm messages, another for the rest."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.engine.semantic import DIM, Vectors


class StormEmbedder:
    """Vector e0 for texts that mention a storm ('onweer'), e1 for all others; counts what it embeds."""

    name = "storm-test"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.seen += texts
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0 if "onweer" in text else 1] = 1.0
        return out
