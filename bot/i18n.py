"""Interface text from gettext catalogues in locales/, compiled in memory; dates and times with babel."""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from bot.languages import STAFF_LANGUAGES

SOURCE_LANGUAGE = "en"  # msgids are English; Dutch is a catalogue and the fallback for residents
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


class Catalogs:
    """All interface translations, read from .po files and compiled when first used."""

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = locales_dir
        self.languages = frozenset(
            [SOURCE_LANGUAGE] + [p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/messages.po")]
        )

    @lru_cache(maxsize=64)  # noqa: B019 - one Catalogs per process, cached for its lifetime
    def translations(self, lang: str, domain: str = "messages") -> NullTranslations:
        """The compiled catalogue for a language (the source text when there is none)."""
        path = self.locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"
        if lang == SOURCE_LANGUAGE or not path.exists():
            return NullTranslations()
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=None, ignore_obsolete=True)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return Translations(fp=buf)

    def t(self, lang: str, message: str, **params: object) -> str:
        """Translate one message and fill in its {placeholders}."""
        text = self.translations(lang).gettext(message)
        return text.format(**params) if params else text

    def st(self, lang: str, message: str, **params: object) -> str:
        """Translate one staff message (Dutch catalogue, English source) and fill in its {placeholders}."""
        text = self.translations(lang if lang in STAFF_LANGUAGES else "en", "staff").gettext(message)
        return text.format(**params) if params else text

    def speaks(self, lang: str | None) -> bool:
        """Whether the interface has a catalogue for a language."""
        return bool(lang) and lang in self.languages


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> Locale:
    """The babel locale for a language, Dutch when CLDR does not know it."""
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("nl")


def day_name(lang: str, day: str) -> str:
    """The weekday name ('mo'..'su') in a language."""
    return str(get_day_names("wide", locale=babel_locale(lang))[DAYS.index(day)])


def time_text(lang: str, value: dt.time) -> str:
    """A clock time in a language's usual format."""
    return str(format_time(value, format="short", locale=babel_locale(lang)))


def date_text(lang: str, value: dt.date) -> str:
    """A date in a language's usual medium format."""
    return str(format_date(value, format="medium", locale=babel_locale(lang)))
