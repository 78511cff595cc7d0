"""Maintain the gettext catalogues: extract messages.pot from the code, merge it into every .po, check them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT
from bot.languages import INTERFACE_LANGUAGES, STAFF_LANGUAGES

LANGUAGES = INTERFACE_LANGUAGES
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Domain:
    """A gettext catalogue: residents' texts in every interface language, staff texts in Dutch (English source)."""

    name: str
    keywords: dict[str, tuple[int, ...] | None]
    languages: tuple[str, ...]


MESSAGES = Domain("messages", {"t": (2,), "_": None}, INTERFACE_LANGUAGES)
STAFF = Domain("staff", {"st": (2,), "_s": None}, tuple(c for c in STAFF_LANGUAGES if c != "en"))
DOMAINS = (MESSAGES, STAFF)


def extract(source: Path = PROJECT_ROOT / "bot", domain: Domain = MESSAGES) -> Catalog:
    """Every translatable message of a domain in the code (calls like catalogs.t(lang, "...") )."""
    catalog = Catalog(project="buurtwijzer", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source), method_map=[("**.py", "python")], keywords=domain.keywords, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(f"bot/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def write_template(locales: Path, catalog: Catalog, domain: Domain = MESSAGES) -> Path:
    """Write the domain's template (messages.pot, staff.pot)."""
    path = locales / f"{domain.name}.pot"
    locales.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
    return path


def update(locales: Path, template: Catalog, domain: Domain = MESSAGES) -> list[Path]:
    """Merge the template into every language's .po of a domain (new ones are created), keeping translations."""
    written = []
    for lang in domain.languages:
        path = locales / lang / "LC_MESSAGES" / f"{domain.name}.po"
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
    for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
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
