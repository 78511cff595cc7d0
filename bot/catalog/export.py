"""Export the knowledge base: HSDS-shaped JSON, a spreadsheet CSV, and YAML that imports back unchanged."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Service
from bot.catalog.quality import has_real_coordinates, newest_source_date, reachable

HSDS_STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "inactive": "inactive"}
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
    """Organisations and services in Open Referral HSDS 3 field names."""
    orgs = [
        {
            "id": o.id,
            "name": o.name,
            "description": (o.description or {}).get("nl", ""),
            "website": o.website,
            "email": o.email,
            "phones": [{"number": o.phone}] if o.phone else [],
        }
        for o in kb.organizations.values()
    ]
    services = []
    for s in kb.services:
        loc = s.location
        services.append(
            {
                "id": s.id,
                "organization_id": s.organization,
                "name": s.name["nl"],
                "description": s.description["nl"],
                "url": s.contact.website,
                "email": s.contact.email,
                "status": HSDS_STATUS[s.status.value],
                "fees_description": s.cost.value,
                "application_process": s.access.value if s.access else None,
                "assured_date": s.assured_date.isoformat() if s.assured_date else None,
                "assurer": s.assured_by,
                "attributes": [{"taxonomy": "buurtwijzer-needs", "value": n} for n in s.needs],
                "languages": [{"code": lang} for lang in s.languages],
                "service_areas": [{"name": a} for a in s.service_area],
                "phones": [{"number": s.contact.phone}] if s.contact.phone else [],
                "schedules": [
                    {
                        "freq": "WEEKLY",
                        "byday": ",".join(d.upper() for d in t.days),
                        "opens_at": t.opens,
                        "closes_at": t.closes,
                    }
                    for t in s.schedule
                ],
                "locations": [
                    {
                        "name": loc.name,
                        "latitude": loc.lat,
                        "longitude": loc.lon,
                        "addresses": [
                            {
                                "address_1": loc.address,
                                "postal_code": loc.postcode,
                                "city": "Almere",
                                "region": loc.district,
                                "country": "NL",
                            }
                        ]
                        if loc.address
                        else [],
                    }
                ]
                if loc
                else [],
                "translations": {"name": s.name, "description": s.description},
            }
        )
    return {"organizations": orgs, "services": services}


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
