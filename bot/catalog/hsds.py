"""Open Referral HSDS 3.0 export: services (with their organisation, locations, schedules, phones, languages,
service areas, need taxonomy terms and provenance metadata) and organisations, as the official schemas define them.

Identifiers are UUIDs derived from the knowledge base's slugs (uuid5), so an export is stable from run to run and
another system can match records across exports. Unknown values are left out, never written as null.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import CITYWIDE, NATIONAL, Cost, Location, OpeningTime, Organization, Service
from bot.languages import english_name

HSDS_VERSION = "3.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/buurtwijzer/knowledge")
STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "inactive": "inactive"}
FEES = {Cost.FREE: "Gratis", Cost.LOW: "Lage kosten", Cost.PAID: "Betaald"}
NEEDS_TAXONOMY = "buurtwijzer-needs"
Json = dict[str, Any]


def uid(*parts: object) -> str:
    """A stable UUID for a record, from the slugs that name it."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _drop_empty(record: Json) -> Json:
    """Leave out unknown values (None, empty strings and empty lists) instead of writing null."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _phones(owner: str, numbers: Iterable[tuple[str | None, str]]) -> list[Json]:
    return [
        _drop_empty({"id": uid(owner, "phone", i), "number": number, "type": kind})
        for i, (number, kind) in enumerate((n, k) for n, k in numbers if n)
    ]


def organization(o: Organization) -> Json:
    """One organisation (organization.json)."""
    owner = f"organization:{o.id}"
    return _drop_empty(
        {
            "id": uid(owner),
            "name": o.name,
            "description": (o.description or {}).get("nl") or o.name,
            "website": o.website,
            "email": o.email,
            "phones": _phones(owner, [(o.phone, "voice")]),
        }
    )


def _schedule(owner: str, i: int, t: OpeningTime) -> Json:
    return {
        "id": uid(owner, "schedule", i),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": ",".join(d.upper() for d in t.days),
        "opens_at": t.opens,
        "closes_at": t.closes,
    }


def _location(owner: str, loc: Location, district_names: dict[str, str]) -> Json:
    real = loc.lat is not None and loc.lon is not None and bool(loc.coords_source)
    address = (
        [
            {
                "id": uid(owner, "address"),
                "address_1": loc.address,
                "city": "Almere",
                "region": district_names.get(loc.district, loc.district),
                "state_province": "Flevoland",
                "postal_code": loc.postcode or "",
                "country": "NL",
                "address_type": "physical",
            }
        ]
        if loc.address
        else []
    )
    return _drop_empty(
        {
            "id": uid(owner, "location"),
            "location_type": "physical",
            "name": loc.name,
            "description": loc.neighbourhood,
            "latitude": loc.lat if real else None,
            "longitude": loc.lon if real else None,
            "addresses": address,
        }
    )


def _area(owner: str, area: str, district_names: dict[str, str]) -> Json:
    name = {CITYWIDE: "Almere", NATIONAL: "Nederland"}.get(area) or district_names.get(area, area)
    return {"id": uid(owner, "area", area), "name": name, "extent_type": "text"}


def _provenance(owner: str, s: Service) -> list[Json]:
    """HSDS metadata: who assured the listing when, and every source with the facts it gives."""
    rows: list[Json] = []
    if s.assured_date:
        rows.append(
            {
                "id": uid(owner, "assured"),
                "resource_id": uid(owner),
                "resource_type": "service",
                "last_action_date": s.assured_date.isoformat(),
                "last_action_type": "verified",
                "field_name": "assured_date",
                "previous_value": "",
                "replacement_value": s.assured_date.isoformat(),
                "updated_by": s.assured_by or "Buurtwijzer",
            }
        )
    for i, source in enumerate(s.sources):
        rows.append(
            {
                "id": uid(owner, "source", i),
                "resource_id": uid(owner),
                "resource_type": "service",
                "last_action_date": str(source.seen or s.assured_date or ""),
                "last_action_type": "source",
                "field_name": ",".join(f.value for f in source.facts) or "listing",
                "previous_value": source.dated or "",
                "replacement_value": source.url,
                "updated_by": s.assured_by or "Buurtwijzer",
            }
        )
    return rows


def service(s: Service, kb: KnowledgeBase, district_names: dict[str, str]) -> Json:
    """One service with everything nested (service.json)."""
    owner = f"service:{s.id}"
    org = kb.organizations.get(s.organization)
    needs = {n.slug: n for n in kb.needs}
    contact = s.contact
    return _drop_empty(
        {
            "id": uid(owner),
            "organization_id": uid(f"organization:{s.organization}"),
            "name": s.name["nl"],
            "description": s.description["nl"],
            "url": contact.website,
            "email": contact.email,
            "status": STATUS[s.status.value],
            "interpretation_services": "Tolk mogelijk" if s.interpreter else None,
            "application_process": (s.access_note or {}).get("nl"),
            "fees_description": FEES.get(s.cost),
            "assured_date": s.assured_date.isoformat() if s.assured_date else None,
            "alert": (s.warning or {}).get("nl"),
            "organization": organization(org) if org else None,
            "phones": _phones(owner, [(contact.phone, "voice"), (contact.whatsapp, "text")]),
            "schedules": [_schedule(owner, i, t) for i, t in enumerate(s.schedule)]
            + ([{"id": uid(owner, "schedule-note"), "notes": s.schedule_note["nl"]}] if s.schedule_note else []),
            "service_at_locations": [{"id": uid(owner, "at"), "location": _location(owner, s.location, district_names)}]
            if s.location
            else [],
            "languages": [
                {"id": uid(owner, "language", code), "code": code, "name": english_name(code)} for code in s.languages
            ],
            "service_areas": [_area(owner, a, district_names) for a in s.service_area],
            "attributes": [
                {
                    "id": uid(owner, "need", slug),
                    "taxonomy_term_id": uid("need", slug),
                    "link_entity": "service",
                    "link_type": "need",
                    "taxonomy_term": {
                        "id": uid("need", slug),
                        "code": slug,
                        "name": needs[slug].name["nl"] if slug in needs else slug,
                        "description": needs[slug].description["nl"] if slug in needs else slug,
                        "taxonomy": NEEDS_TAXONOMY,
                    },
                }
                for slug in s.needs
            ],
            "metadata": _provenance(owner, s),
        }
    )


def export(kb: KnowledgeBase) -> Json:
    """The whole knowledge base as HSDS 3.0: organisations and services."""
    district_names = {d.slug: d.name for d in kb.gazetteer.districts}
    return {
        "hsds_version": HSDS_VERSION,
        "organizations": [organization(o) for o in kb.organizations.values()],
        "services": [service(s, kb, district_names) for s in kb.services],
    }
