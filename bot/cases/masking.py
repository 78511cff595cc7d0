"""Mask personal data before text is shown to staff who are not the resident's own key figure, or kept."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z0-9]{4}\s?){2,7}[A-Z0-9]{1,4}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().-]{7,}\d\b")
_BSN = re.compile(r"\b\d{9}\b")
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
# A Dutch-style street address: a capitalised word ending in a street word, or any word, then a house number.
_STREET_WORDS = (
    r"straat|laan|weg|plein|dreef|kade|gracht|singel|pad|hof|park|dijk|baan|steeg|plantsoen|boulevard|"
    r"kwartier|erf|passage|promenade|markt|allee|wal|burcht|veld|tuin|ring|street|road|avenue"
)
_STREET = re.compile(rf"\b[\w'-]*(?:{_STREET_WORDS})\s+\d{{1,5}}\s?[a-zA-Z]?\b", re.IGNORECASE)

MASKS = (
    (_EMAIL, "[e-mail]"),
    (_IBAN, "[IBAN]"),
    (_STREET, "[address]"),
    (_POSTCODE, "[postcode]"),
    (_BSN, "[BSN]"),
    (_PHONE, "[phone]"),
)


def mask(text: str) -> str:
    """The text with e-mail addresses, IBANs, street addresses, postcodes, phone numbers and BSNs replaced."""
    for pattern, label in MASKS:
        text = pattern.sub(label, text)
    return text
