"""Gettext catalogues: complete, placeholders kept, in step with the code, and babel formatting."""

from __future__ import annotations

import datetime as dt

from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.i18n import Catalogs, day_name, time_text
from bot.locales import LANGUAGES, check, extract

LOCALES = PROJECT_ROOT / "locales"
REQUIRED = ("nl", "en", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr")


def test_every_required_language_has_a_catalogue() -> None:
    for lang in REQUIRED:
        assert (LOCALES / lang / "LC_MESSAGES" / "messages.po").exists(), lang
    assert set(REQUIRED) <= set(LANGUAGES)


def test_every_catalogue_compiles_is_complete_and_keeps_placeholders() -> None:
    assert check(LOCALES) == []
    catalogs = Catalogs(LOCALES)
    for lang in LANGUAGES:
        text = catalogs.t(lang, "Help with {topic} near {place}:", topic="X", place="Y")
        assert "X" in text and "Y" in text and "{" not in text


def test_catalogues_are_in_step_with_the_code() -> None:
    in_code = {m.id for m in extract() if m.id}
    for lang in LANGUAGES:
        with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalog = read_po(fh)
        present = {m.id for m in catalog if m.id and m.string}
        missing = in_code - present
        assert missing == set(), f"{lang}: {sorted(map(str, missing))[:3]} missing (run python -m bot i18n)"


def test_translations_differ_from_english_and_fall_back() -> None:
    catalogs = Catalogs(LOCALES)
    english = "Talk to a person"
    assert catalogs.t("nl", english) != english
    assert catalogs.t("ar", english) != catalogs.t("tr", english)
    assert catalogs.t("xx", english) == english
    assert not catalogs.speaks("xx") and catalogs.speaks("so")


def test_babel_formats_days_and_times_per_locale() -> None:
    assert day_name("nl", "tu") == "dinsdag"
    assert day_name("fr", "tu") == "mardi"
    assert time_text("nl", dt.time(9, 0)) == "09:00"
    assert day_name("pap", "mo")  # CLDR may not know a language: falls back, never fails
