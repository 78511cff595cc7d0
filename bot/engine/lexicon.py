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
EXACT, TYPO = 1, 2
GEEZ_SYLLABLES = (0x1200, 0x1357)  # Ethiopic letters: one row of eight vowel forms per consonant


def stem_key(prefix: str) -> str:
    """A stem as the index keeps it: in Ge'ez, the last letter stands for its consonant with any vowel.

    Tigrinya inflects by changing the vowel of the last letter of a stem (ደብዳቤ, ደብዳበይ "letter, my letter";
    ሕማም, ሕማማት "illness, illnesses"), so "ደብዳቤ*" also matches ደብዳበይ.
    """
    code = ord(prefix[-1]) if prefix else 0
    if GEEZ_SYLLABLES[0] <= code <= GEEZ_SYLLABLES[1]:
        return prefix[:-1] + chr(code - (code - GEEZ_SYLLABLES[0]) % 8)
    return prefix


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
            patterns.append((stem_key(part) if is_stem else part, is_stem))
    return Entry(label, language, text, tuple(patterns)) if patterns else None


class PhraseMatcher:
    """Finds curated entries in a message; fast enough for every message (indexes, cached typos)."""

    def __init__(self, entries: Iterable[Entry], *, typos: bool = True) -> None:
        self.entries = list(entries)
        self.typos = typos
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._stems: dict[str, set[int]] = defaultdict(set)
        self._first_exact: dict[str, set[int]] = defaultdict(set)
        self._first_stems: dict[str, set[int]] = defaultdict(set)
        for i, entry in enumerate(self.entries):
            for word, is_stem in entry.patterns:
                (self._stems if is_stem else self._exact)[word].add(i)
            word, is_stem = entry.patterns[0]  # a hit starts at its first word: only that word finds it
            (self._first_stems if is_stem else self._first_exact)[word].add(i)
        self._stem_lengths = sorted({len(s) for s in self._stems})
        self._first_stem_lengths = sorted({len(s) for s in self._first_stems})
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self._exact:  # stems never match by typo: a stem is the curator's exact prefix
            if len(word) >= FUZZY_MIN_LEN - 1:
                buckets[(word[0], len(word))].append(word)
        self._buckets = dict(buckets)
        self._fuzzy = lru_cache(maxsize=50_000)(self._fuzzy_uncached)

    def _fuzzy_uncached(self, token: str) -> tuple[str, ...]:
        if not self.typos or len(token) < FUZZY_MIN_LEN or token.isdigit():
            return ()
        found: list[str] = []
        for length in (len(token) - 1, len(token), len(token) + 1):
            choices = self._buckets.get((token[0], length))
            if choices:
                found += [
                    m[0] for m in process.extract(token, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
                ]
        return tuple(found)

    def _candidates(self, token: str) -> set[int]:
        """Entry ids whose first word this token matches (exactly, by stem, or, for unknown words, by typo)."""
        if not self._known(token):  # a word the curators know is never read as a typo of another word
            return {i for near in self._fuzzy(token) for i in self._first_exact.get(near, ())}
        out = set(self._first_exact.get(token, ()))
        for length in self._first_stem_lengths:
            if length > len(token):
                break
            out.update(self._first_stems.get(stem_key(token[:length]), ()))
        return out

    def find(self, text_tokens: list[str]) -> list[Hit]:
        """Every entry whose words all occur, in order, close together, in the tokens."""
        first_seen: dict[int, list[int]] = defaultdict(list)
        for pos, token in enumerate(text_tokens):
            for i in self._candidates(token):
                first_seen[i].append(pos)
        hits: list[Hit] = []
        for i, positions in first_seen.items():
            placed = self._place(self.entries[i], text_tokens, positions)
            if placed is not None:
                hits.append(Hit(self.entries[i], placed[0], placed[1]))
        return hits

    def _place(self, entry: Entry, text_tokens: list[str], positions: list[int]) -> tuple[tuple[int, ...], bool] | None:
        """Where the entry's words stand in the message, and whether any of them only by a typo."""
        for start in positions:
            first = self._word_match(entry.patterns[0], text_tokens[start])
            if not first:
                continue
            placed, typo = [start], first == TYPO
            for pattern in entry.patterns[1:]:
                window = range(placed[-1] + 1, min(len(text_tokens), placed[-1] + 2 + MAX_GAP))
                found = next(((p, m) for p in window if (m := self._word_match(pattern, text_tokens[p]))), None)
                if found is None:
                    break
                placed.append(found[0])
                typo = typo or found[1] == TYPO
            else:
                return tuple(placed), typo
        return None

    def _known(self, token: str) -> bool:
        """Whether a token is itself a curated word or starts with a curated stem (then it is no typo)."""
        return token in self._exact or any(
            stem_key(token[:n]) in self._stems for n in self._stem_lengths if n <= len(token)
        )

    def _word_match(self, pattern: tuple[str, bool], token: str) -> int:
        """EXACT, TYPO, or 0 when the message word does not match the pattern word."""
        word, is_stem = pattern
        if token == word or (is_stem and len(token) >= len(word) and stem_key(token[: len(word)]) == word):
            return EXACT
        if not is_stem and not self._known(token) and word in self._fuzzy(token):
            return TYPO
        return 0
