"""Export the knowledge base: HSDS-shaped JSON, a spreadsheet CSV, and YAML that imports back unchanged."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from bot.catalog import hsds
from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Service
from bot.catalog.quality import has_real_coordinates, newest_source_date, reachable

CSV_COLUMNS = [
    "id",
    "organization",
    "name_nl",
    "description_nl",
    "needs",
    "status",
    "district",
    "address",
    "postcode",
    "opening_hours",
    "languages",
    "cost",
    "access",
    "phone",
    "email",
    "website",
    "verified",
    "assured_date",
    "assured_by",
    "sources",
    "reachable",
    "coordinates",
    "warning_nl",
    "newest_source_date",
    "description_languages",
    "unreviewed_languages",
]


def _hours(service: Service) -> str:
    return "; ".join(f"{','.join(s.days)} {s.opens}-{s.closes}" for s in service.schedule)


def to_hsds(kb: KnowledgeBase) -> dict[str, Any]:
    """Organisations and services as Open Referral HSDS 3.0 (validated against the official schemas in the tests)."""
    return hsds.export(kb)


def to_csv(kb: KnowledgeBase) -> str:
    """One row per service, for a volunteer's spreadsheet."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for s in kb.services:
        loc = s.location
        writer.writerow(
            {
                "id": s.id,
                "organization": s.organization,
                "name_nl": s.name["nl"],
                "description_nl": s.description["nl"],
                "needs": " ".join(s.needs),
                "status": s.status.value,
                "district": s.district or " ".join(s.service_area),
                "address": loc.address if loc else "",
                "postcode": loc.postcode if loc else "",
                "opening_hours": _hours(s),
                "languages": " ".join(s.languages),
                "cost": s.cost.value,
                "access": s.access.value if s.access else "",
                "phone": s.contact.phone or "",
                "email": s.contact.email or "",
                "website": s.contact.website or "",
                "verified": "yes" if s.verified else "no",
                "assured_date": s.assured_date.isoformat() if s.assured_date else "",
                "assured_by": s.assured_by or "",
                "sources": " ".join(src.url for src in s.sources),
                "reachable": "yes" if reachable(s) else "no",
                "coordinates": "yes" if has_real_coordinates(s) else "no",
                "warning_nl": s.warning["nl"] if s.warning else "",
                "newest_source_date": newest.isoformat() if (newest := newest_source_date(s)) else "",
                "description_languages": " ".join(sorted(s.description)),
                "unreviewed_languages": " ".join(
                    sorted(lang for lang in s.description if lang != "nl" and not s.translations_reviewed.get(lang))
                ),
            }
        )
    return buf.getvalue()


def _plain(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


def to_yaml_tree(kb: KnowledgeBase, out: Path, language_resources: Path) -> None:
    """Write a complete knowledge folder that `kb import --dir` reads back unchanged."""
    _write(out / "needs.yaml", [_plain(n) for n in kb.needs])
    _write(out / "crisis.yaml", {"lines": [_plain(c) for c in kb.crisis_lines]})
    _write(out / "organizations" / "exported.yaml", {"organizations": [_plain(o) for o in kb.organizations.values()]})
    _write(out / "services" / "exported.yaml", {"services": [_plain(s) for s in kb.services]})
    shutil.copy(language_resources / "places.yaml", out / "places.yaml")
    shutil.copytree(language_resources / "phrasings", out / "phrasings", dirs_exist_ok=True)
