"""Consonant skeletons across scripts, so "Фильмвейке", "ستيدنفايك" and "ቡይተን" find Filmwijk, Stedenwijk and Buiten.

A Dutch place name written in Cyrillic, Arabic, Persian or Ge'ez letters keeps its consonants and loses or
changes its vowels, and each script writes the Dutch sounds its own way (v and w as ф or ف, g and h as х, خ
or ኸ). A skeleton keeps one class letter per consonant sound and drops vowels and repeats, so the spellings
meet. Words are normalised first (bot.engine.normalise).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")

# Dutch spelling of the gazetteer's names: digraphs first, then one class per letter ("" = a vowel sound).
_DUTCH_DIGRAPHS = (("sch", "SH"), ("ch", "H"), ("ck", "K"), ("ij", ""))
_DUTCH = {
    **dict.fromkeys("aeiouyj", ""),
    **dict.fromkeys("bp", "P"),
    **dict.fromkeys("vwf", "F"),
    **dict.fromkeys("gh", "H"),
    **dict.fromkeys("ckq", "K"),
    **dict.fromkeys("szx", "S"),
    **{c: c for c in "dtlmnr"},
}
_CYRILLIC = {
    **dict.fromkeys("аеёиoйоуыэюяьъіїєў", ""),
    **dict.fromkeys("бп", "P"),
    **dict.fromkeys("вф", "F"),
    **dict.fromkeys("гґхh", "H"),
    "к": "K",
    **dict.fromkeys("зсжшщч", "S"),
    "ц": "tS",
    "д": "d",
    "т": "t",
    "л": "l",
    "м": "m",
    "н": "n",
    "р": "r",
}
_ARABIC = {
    **dict.fromkeys("اي\u0639\u0621", ""),
    **dict.fromkeys("بپ", "P"),
    **dict.fromkeys("تط", "t"),
    **dict.fromkeys("ثسصشزذظژ", "S"),
    **dict.fromkeys("جحخغگ", "H"),
    "ه": "H",
    **dict.fromkeys("دض", "d"),
    "ر": "r",
    **dict.fromkeys("فڤ", "F"),
    **dict.fromkeys("قك", "K"),
    "ل": "l",
    "م": "m",
    "ن": "n",
}
# Ge'ez: every syllable row of the Ethiopic block starts at one of these code points, with its consonant class.
_ETHIOPIC_ROWS = (
    (0x1200, "H"), (0x1208, "l"), (0x1210, "H"), (0x1218, "m"), (0x1220, "S"), (0x1228, "r"), (0x1230, "S"),
    (0x1240, "K"), (0x1250, "H"), (0x1260, "P"), (0x1268, "F"), (0x1270, "t"), (0x1278, "S"), (0x1280, "H"),
    (0x1290, "n"), (0x12A0, ""), (0x12A8, "K"), (0x12B8, "H"), (0x12C8, "F"), (0x12D0, ""), (0x12D8, "S"),
    (0x12E8, ""), (0x12F0, "d"), (0x1300, "H"), (0x1320, "t"), (0x1328, "S"), (0x1330, "P"), (0x1338, "S"),
    (0x1348, "F"), (0x1350, "P"), (0x1358, ""),
)  # fmt: skip
# Arabic clitics glued to a name, with whether they mean "in" ("في", "ب", Darija "ف"): "بألميري", "فالمويزيكويك"
ARABIC_PREFIXES = (
    ("في", 1), ("فال", 1), ("بال", 1), ("ب", 1), ("ف", 1), ("وال", 0), ("ال", 0), ("لل", 0), ("و", 0), ("ل", 0),
)  # fmt: skip
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u1200-\u137f]")


def foreign_script(word: str) -> bool:
    """Whether a word is written in Cyrillic, Arabic-Persian or Ge'ez letters."""
    return bool(_NON_LATIN.search(word))


def arabic_script(word: str) -> bool:
    """Whether a word is written in Arabic or Persian letters."""
    return any("\u0600" <= c <= "\u06ff" for c in word)


def _collapse(classes: str) -> str:
    return re.sub(r"(.)\1+", r"\1", classes)


def dutch_skeleton(name: str) -> str:
    """The consonant skeleton of a Dutch name in Latin letters (normalised)."""
    text = name.replace(" ", "")
    for digraph, cls in _DUTCH_DIGRAPHS:
        text = text.replace(digraph, cls)
    return _collapse("".join(c if c.isupper() else _DUTCH.get(c, "") for c in text))


def _ethiopic(c: str) -> str:
    code = ord(c)
    cls = ""
    for start, row in _ETHIOPIC_ROWS:
        if code < start:
            break
        cls = row
    return cls


def _script_class(word: str, i: int) -> str:
    c = word[i]
    if "\u1200" <= c <= "\u137f":
        return _ethiopic(c)
    if c == "و":  # v or w at the start, after ا or doubled ("هاون" haven); after a consonant the vowel of "خونه"
        return "F" if i == 0 or word[i - 1] in "او" or word[i + 1 : i + 2] == "و" else ""
    if c == "ه" and i == len(word) - 1:
        return ""  # a final ه is the vowel of "آلمره", "هولنده"
    return _CYRILLIC.get(c) or _ARABIC.get(c) or ""


def script_skeleton(word: str) -> str:
    """The skeleton of a word in Cyrillic, Arabic-Persian or Ge'ez letters."""
    return _collapse("".join(_script_class(word, i) for i in range(len(word))))


def name_skeleton(name: str) -> str:
    """The skeleton of a name of one or more words, in Latin letters or another script."""
    if foreign_script(name):
        return _collapse("".join(script_skeleton(w) for w in name.split()))
    return dutch_skeleton(name)


class SkeletonIndex(Generic[T]):
    """Names found by their skeleton in words of another script.

    Skeletons are short and many everyday words share one ("парковка" spells Parkwijk), so a short skeleton
    counts only where the message marks a place: after "in" or the city's name, or capitalised.
    """

    LONG = 7  # an exact skeleton this long is taken wherever it stands
    NEAR = 85  # rapidfuzz ratio for a near skeleton of one word (one letter added, dropped or changed)
    NEAR_LONG = 8  # a near skeleton this long needs no mark

    def __init__(self, names: Iterable[tuple[str, T]], city: str) -> None:
        self.city = dutch_skeleton(city)
        self._exact: dict[str, T] = {}
        for name, value in names:  # best first: a skeleton two names share keeps the first
            skeleton = name_skeleton(name)
            if len(skeleton) >= 2 and skeleton != self.city:
                self._exact.setdefault(skeleton, value)
        self._near = [s for s in self._exact if len(s) >= 6]

    def is_city(self, word: str) -> bool:
        """Whether a word is the city's own name in another script ("Алмере", "بألميري", "ኣልመረ")."""
        return any(s == self.city for s, _ in self._variants([word]))

    def find(self, words: list[str], mark: Callable[[int], int]) -> list[tuple[int, int, T]]:
        """(position, length in words, value) for each name spelled in another script among the words.

        `mark(i)` says how clearly word i is marked as a place: 0 not, 1 after "in" or capitalised, 2 after the
        city's name. An exact skeleton of 3 to 6 letters needs 1, of two letters 2; a near one of 6 or 7 needs 1.
        """
        found: list[tuple[int, int, T]] = []
        i = 0
        while i < len(words):
            for size in (2, 1):
                gram = words[i : i + size]
                if len(gram) < size or not all(foreign_script(w) for w in gram):
                    continue
                hit = self._match(self._variants(gram), mark(i), near=size == 1)
                if hit is not None:
                    found.append((i, size, hit))
                    i += size - 1
                    break
            i += 1
        return found

    def _variants(self, gram: list[str]) -> set[tuple[str, int]]:
        """Skeletons of the words with the mark they carry themselves (an Arabic "in" glued to one word)."""
        parts = [script_skeleton(w) for w in gram]
        if len(parts) > 1:  # a name written as two words ("موزيك فايك"), each a real part of it
            joined = _collapse("".join(parts))
            return {(joined, 0)} if min(map(len, parts)) >= 2 and len(joined) >= 5 else set()
        variants = {(parts[0], 0)}
        if arabic_script(gram[0]):
            for prefix, means_in in ARABIC_PREFIXES:
                rest = gram[0][len(prefix) :]
                if gram[0].startswith(prefix) and len(rest) >= 3:
                    variants.add((script_skeleton(rest), means_in))
        return variants

    def _match(self, variants: set[tuple[str, int]], mark: int, *, near: bool) -> T | None:
        for skeleton, own in sorted(variants, key=lambda v: -len(v[0])):
            value = self._exact.get(skeleton)
            needed = 0 if len(skeleton) >= self.LONG else 1 if len(skeleton) >= 3 else 2
            if value is not None and mark + own >= needed:
                return value
        for skeleton, own in variants if near else ():
            if len(skeleton) < 6 or mark + own < (len(skeleton) < self.NEAR_LONG):
                continue
            hit = process.extractOne(skeleton, self._near, scorer=fuzz.ratio, score_cutoff=self.NEAR)
            if hit is not None and abs(len(hit[0]) - len(skeleton)) <= 1:
                return self._exact[hit[0]]
        return None
