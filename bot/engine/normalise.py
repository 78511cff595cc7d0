"""Text normalisation shared by every matcher: case, accents, Arabic and Persian letter forms, digits."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ګ": "ك",
        "ـ": "",
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ħ": "h",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x1369 + i): str(i + 1) for i in range(9)},
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)
# sentence ends, also the Arabic question mark, the Urdu/Persian full stop and the Ethiopic ones
_SENTENCE_END = re.compile(r"[.!?;\n\u061f\u06d4\u1362\u1367\u2026]+")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[\u0400-\u04ff])['ʼ](?=[\u0400-\u04ff])")  # п'яний is one word
BREVE = "\u0306"  # kept on Cyrillic и (й is a letter of its own), dropped elsewhere (Turkish ğ → g)


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def clean(text: str) -> str:
    """Remove invisible control characters (bidi overrides, zero-width), links and surrounding space."""
    return _URL.sub(" ", _CONTROL.sub("", text)).strip()


def _strip_marks(text: str) -> str:
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(ch) or (ch == BREVE and kept and "\u0400" <= kept[-1] <= "\u04ff"):
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def normalise(text: str) -> str:
    """Lower-case, accent-free, letter-unified text with single spaces."""
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_TABLE)
    text = _CYRILLIC_APOSTROPHE.sub("", _strip_marks(text))
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """The words of an already normalised text (letters and digits, underscores dropped)."""
    return [t for t in _WORD.findall(text.replace("_", " ")) if t]


def sentence_ids(text: str) -> list[int]:
    """For each word of `words(text)`, the number of the sentence (or line) it stands in."""
    out: list[int] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        out += [number] * len(words(sentence))
    return out


def words(text: str) -> list[str]:
    """Normalise a raw text and split it into words."""
    return tokens(normalise(text))
