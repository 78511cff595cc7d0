"""Maintain the gettext catalogues: extract messages.pot from the code, merge it into every .po, check them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT

KEYWORDS = {"t": (2,)}
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr", "pap", "pt")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def extract(source: Path = PROJECT_ROOT / "bot") -> Catalog:
    """Every translatable message in the code (calls like catalogs.t(lang, "...") )."""
    catalog = Catalog(project="buurtwijzer", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(f"bot/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def write_template(locales: Path, catalog: Catalog) -> Path:
    """Write messages.pot."""
    path = locales / "messages.pot"
    locales.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
    return path


def update(locales: Path, template: Catalog, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Merge the template into every language's .po (new ones are created), keeping translations."""
    written = []
    for lang in languages:
        path = locales / lang / "LC_MESSAGES" / "messages.po"
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, project="buurtwijzer", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, ignore_obsolete=True)
        written.append(path)
    return written


@dataclass(frozen=True)
class CatalogProblem:
    """A translation that is missing or breaks its placeholders."""

    language: str
    msgid: str
    problem: str


def check(locales: Path) -> list[CatalogProblem]:
    """Every .po must compile, translate every message and keep each message's {placeholders}."""
    problems = []
    for path in sorted(locales.glob("*/LC_MESSAGES/messages.po")):
        lang = path.parent.parent.name
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=None)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            if not all(strings):
                problems.append(CatalogProblem(lang, str(ids[0]), "not translated"))
                continue
            want = set(PLACEHOLDER.findall(str(ids[0])))
            for s in strings:
                got = set(PLACEHOLDER.findall(str(s)))
                if got != want:
                    problems.append(CatalogProblem(lang, str(ids[0]), f"placeholders {sorted(got)} != {sorted(want)}"))
    return problems
