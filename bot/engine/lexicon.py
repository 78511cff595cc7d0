"""Curated phrase matching: words, stems (word*) and small typos, in order and close together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.engine.normalise import words

MAX_GAP = 3  # words that may stand between two words of one phrase
FUZZY_MIN_LEN = 5  # shorter words must match exactly
FUZZY_CUTOFF = 86.0  # rapidfuzz ratio for a typo to count
STEM_MIN_LEN = 3


@dataclass(frozen=True)
class Entry:
    """One curated phrase: the label it signals, its language and its word patterns."""

    label: str
    language: str
    text: str
    patterns: tuple[tuple[str, bool], ...]  # (word, is_stem)


@dataclass(frozen=True)
class Hit:
    """A phrase found in a message, with the message positions it covers."""

    entry: Entry
    positions: tuple[int, ...]
    fuzzy: bool


def parse_entry(label: str, language: str, text: str) -> Entry | None:
    """Turn 'schuld* hulp' into word patterns; None when nothing usable is left."""
    patterns: list[tuple[str, bool]] = []
    for raw in text.split():
        stem = raw.endswith("*")
        parts = words(raw.rstrip("*"))
        for k, part in enumerate(parts):
            is_stem = stem and k == len(parts) - 1 and len(part) >= STEM_MIN_LEN
            patterns.append((part, is_stem))
    return Entry(label, language, text, tuple(patterns)) if patterns else None


class PhraseMatcher:
    """Finds curated entries in a message; fast enough for every message (indexes, cached typos)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._stems: dict[str, set[int]] = defaultdict(set)
        for i, entry in enumerate(self.entries):
            for word, is_stem in entry.patterns:
                (self._stems if is_stem else self._exact)[word].add(i)
        self._stem_lengths = sorted({len(s) for s in self._stems})
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self._exact:  # stems never match by typo: a stem is the curator's exact prefix
            if len(word) >= FUZZY_MIN_LEN - 1:
                buckets[(word[0], len(word))].append(word)
        self._buckets = dict(buckets)
        self._fuzzy = lru_cache(maxsize=50_000)(self._fuzzy_uncached)

    def _fuzzy_uncached(self, token: str) -> tuple[str, ...]:
        if len(token) < FUZZY_MIN_LEN or token.isdigit():
            return ()
        found: list[str] = []
        for length in (len(token) - 1, len(token), len(token) + 1):
            choices = self._buckets.get((token[0], length))
            if choices:
                found += [
                    m[0] for m in process.extract(token, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
                ]
        return tuple(found)

    def _candidates(self, token: str) -> dict[int, bool]:
        """Entry ids whose some word matches this token, and whether only by a typo."""
        out: dict[int, bool] = {}
        for i in self._exact.get(token, ()):
            out[i] = False
        for length in self._stem_lengths:
            if length > len(token):
                break
            for i in self._stems.get(token[:length], ()):
                out.setdefault(i, False)
        if out:  # a word the curators know is never read as a typo of another word
            return out
        for near in self._fuzzy(token):
            for i in self._exact.get(near, ()):
                out.setdefault(i, True)
        return out

    def find(self, text_tokens: list[str]) -> list[Hit]:
        """Every entry whose words all occur, in order, close together, in the tokens."""
        per_token = [self._candidates(t) for t in text_tokens]
        first_seen: dict[int, list[int]] = defaultdict(list)
        for pos, cands in enumerate(per_token):
            for i in cands:
                first_seen[i].append(pos)
        hits: list[Hit] = []
        for i, positions in first_seen.items():
            entry = self.entries[i]
            hit = self._place(entry, text_tokens, positions)
            if hit is not None:
                fuzzy = any(per_token[p].get(i, False) for p in hit)
                hits.append(Hit(entry, hit, fuzzy))
        return hits

    def _place(self, entry: Entry, text_tokens: list[str], positions: list[int]) -> tuple[int, ...] | None:
        if len(entry.patterns) == 1:
            return (positions[0],)
        for start in positions:
            if not self._word_matches(entry.patterns[0], text_tokens[start]):
                continue
            placed = [start]
            for pattern in entry.patterns[1:]:
                nxt = next(
                    (
                        p
                        for p in range(placed[-1] + 1, min(len(text_tokens), placed[-1] + 2 + MAX_GAP))
                        if self._word_matches(pattern, text_tokens[p])
                    ),
                    None,
                )
                if nxt is None:
                    break
                placed.append(nxt)
            else:
                return tuple(placed)
        return None

    def _word_matches(self, pattern: tuple[str, bool], token: str) -> bool:
        word, is_stem = pattern
        if token == word or (is_stem and token.startswith(word)):
            return True
        return word in self._fuzzy(token)
