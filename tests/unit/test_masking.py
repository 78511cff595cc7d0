"""Personal data is masked before staff cards or stored notes show text."""

from __future__ import annotations

import pytest

from bot.cases.masking import mask


@pytest.mark.parametrize(
    ("text", "hidden", "label"),
    [
        ("bel me op 06-12345678 aub", "06-12345678", "[phone]"),
        ("call +31 36 123 4567 please", "123 4567", "[phone]"),
        ("mail mij: fatima.b@example.nl", "fatima.b@example.nl", "[e-mail]"),
        ("rekening NL91 ABNA 0417 1643 00", "0417 1643", "[IBAN]"),
        ("mijn bsn is 123456782", "123456782", "[BSN]"),
        ("ik woon Stationsstraat 12a in Almere", "Stationsstraat 12a", "[address]"),
        ("postcode 1315 AB", "1315 AB", "[postcode]"),
    ],
)
def test_personal_data_is_masked(text: str, hidden: str, label: str) -> None:
    masked = mask(text)
    assert hidden not in masked and label in masked


def test_ordinary_numbers_stay() -> None:
    text = "I have 3 kids, 2000 euro debt since 2019 and live in Almere Haven"
    assert mask(text) == text
