"""Russian and Ukrainian typed in Latin letters ("pomogite", "dopomozhit", "rabotu poteryal"): every curated
Cyrillic phrase also matches its Latin spellings, through one key both sides are reduced to.

People write ш as sh, ш or sch, я as ya, ja or ia, х as kh, h or x; the key keeps one letter for each of these
sounds and drops the glide before a vowel, so "moya", "moja" and моя all become "moa".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.engine.lexicon import Entry, Hit, PhraseMatcher

LANGUAGES = ("ru", "uk")
_CYRILLIC = re.compile(r"[а-яёіїєґ]")
_COMMON = {
    **dict(zip("абвгдезийклмнопрстуфы", "abvgdeziiklmnoprstufy", strict=True)),
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ъ": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ё": "yo",
}
_ALPHABETS = {
    "ru": _COMMON,
    "uk": {**_COMMON, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye"},
}
# typed spellings of one sound, longest first; then h is kh, c is ts, y and j are the glide i, w is v, q is k
_SOUNDS = (("shch", "S"), ("sch", "S"), ("zh", "Z"), ("sh", "S"), ("ch", "C"), ("kh", "H"), ("ts", "C"), ("x", "H"))
_LETTERS = str.maketrans("hcyjwq", "HCiivk")
_GLIDE = re.compile(r"i(?=[aeou])")
_DOUBLE = re.compile(r"(.)\1+")
MIN_KEY_LETTERS = 6  # shorter derived phrases ("ia", "on", "net") would meet other languages' words
MIN_LONGEST_WORD = 4


def romanised(word: str, language: str) -> str:
    """A Cyrillic word in plain Latin letters, as the language's speakers most often type it."""
    alphabet = _ALPHABETS[language]
    return "".join(alphabet.get(c, c) for c in word)


def latin_key(word: str) -> str:
    """The key of a Latin-typed Russian or Ukrainian word: one letter per sound, no glides, no doubles."""
    w = word.lower().replace("'", "")
    for typed, sound in _SOUNDS:
        w = w.replace(typed, sound)
    w = w.translate(_LETTERS)
    return _DOUBLE.sub(r"\1", _GLIDE.sub("", w))


def latin_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The Latin twin of every Cyrillic Russian and Ukrainian phrase long enough not to meet other languages."""
    out = []
    for e in entries:
        if e.language not in LANGUAGES or not _CYRILLIC.search(e.text):
            continue
        patterns = tuple((latin_key(romanised(w, e.language)), stem) for w, stem in e.patterns)
        keys = [w for w, _ in patterns]
        if sum(map(len, keys)) >= MIN_KEY_LETTERS and max(map(len, keys)) >= MIN_LONGEST_WORD:
            out.append(Entry(e.label, e.language, e.text, patterns))
    return out


class ScriptMatcher:
    """The curated phrases as written, and the Cyrillic ones also as typed in Latin letters."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        entries = list(entries)
        self.plain = PhraseMatcher(entries)
        self.latin = PhraseMatcher(latin_entries(entries), typos=False)  # the key already forgives spellings

    def find(self, text_tokens: list[str]) -> list[Hit]:
        """Every entry found as written, then the Latin twins' finds that add a phrase at new places."""
        hits = self.plain.find(text_tokens)
        if not any(t.isascii() and t.isalpha() for t in text_tokens):
            return hits
        seen = {(h.entry.label, h.positions) for h in hits}
        keys = [latin_key(t) if t.isascii() else t for t in text_tokens]
        return hits + [h for h in self.latin.find(keys) if (h.entry.label, h.positions) not in seen]
