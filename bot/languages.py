"""The one table of languages: who speaks what (interface catalogue, engine understanding), each in its own name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language the product knows: its code, its own name, and what the bot does with it."""

    code: str
    name: str  # in the language itself, for the language buttons
    english: str  # for staff cards and logs
    interface: bool  # a gettext catalogue exists: the bot replies in it
    engine: bool  # the engine understands messages in it
    staff: bool = False  # staff texts (key figures, coordinators) exist in it


LANGUAGES: tuple[Language, ...] = (
    Language("nl", "Nederlands", "Dutch", True, True, staff=True),
    Language("en", "English", "English", True, True, staff=True),
    Language("ar", "العربية", "Arabic", True, True),
    Language("tr", "Türkçe", "Turkish", True, True),
    Language("pl", "Polski", "Polish", True, True),
    Language("uk", "Українська", "Ukrainian", True, True),
    Language("ru", "Русский", "Russian", True, True),
    Language("ti", "ትግርኛ", "Tigrinya", True, True),
    Language("fa", "فارسی", "Persian", True, True),
    Language("so", "Soomaali", "Somali", True, True),
    Language("es", "Español", "Spanish", True, True),
    Language("fr", "Français", "French", True, True),
    Language("pap", "Papiamentu", "Papiamento", True, True),
    Language("pt", "Português", "Portuguese", True, True),
    Language("srn", "Sranantongo", "Sranan Tongo", False, True),
)
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
INTERFACE_LANGUAGES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES if lang.interface)
ENGINE_LANGUAGES: frozenset[str] = frozenset(lang.code for lang in LANGUAGES if lang.engine)
STAFF_LANGUAGES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES if lang.staff)
LANGUAGE_NAMES: dict[str, str] = {lang.code: lang.name for lang in LANGUAGES if lang.interface}


def english_name(code: str | None) -> str:
    """A language's English name for staff cards ('?' when unknown)."""
    if not code:
        return "?"
    lang = BY_CODE.get(code)
    return lang.english if lang else code
