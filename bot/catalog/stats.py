"""Counts for `kb stats`: coverage per need and district, and how many listings a resident can act on."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from bot.catalog.models import CITYWIDE, Service, Status
from bot.catalog.quality import (
    has_hours,
    has_real_coordinates,
    has_street_address,
    is_stale,
    old_sources_only,
    reachable,
    street_without_number,
)

# The needs every district must cover with a reachable service in the district or citywide (issue 9);
# a group of slugs is covered by any one of them.
CORE_NEEDS: dict[str, tuple[str, ...]] = {
    "food": ("food",),
    "debt": ("debt",),
    "money": ("benefits", "energy"),
    "loneliness": ("loneliness", "meeting"),
    "language": ("language",),
    "forms": ("forms",),
    "parenting": ("parenting",),
    "youth": ("youth", "kids_activities"),
    "housing": ("housing", "homeless"),
    "health": ("health", "mental_health"),
}


def coverage_gaps(
    services: Sequence[Service], districts: Sequence[str], *, citywide: bool = True
) -> dict[str, list[str]]:
    """Per district, the core needs no reachable active service covers in the district (or citywide)."""
    usable = [s for s in services if s.status is Status.ACTIVE and reachable(s)]
    gaps: dict[str, list[str]] = {}
    for district in districts:
        areas = {district, CITYWIDE} if citywide else {district}
        here = [s for s in usable if s.district == district or areas & set(s.service_area)]
        missing = [name for name, slugs in CORE_NEEDS.items() if not any(set(slugs) & set(s.needs) for s in here)]
        if missing:
            gaps[district] = missing
    return gaps


def knowledge_stats(
    services: Sequence[Service], need_slugs: Sequence[str], today: dt.date, districts: Sequence[str] = ()
) -> dict[str, Any]:
    """Counts over all services, and over active ones what a resident can act on (see knowledge/README.md)."""
    by_need: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    spoken: Counter[str] = Counter()
    for s in services:
        by_need.update(s.needs)
        if s.district:
            by_district[s.district] += 1
        spoken.update(s.languages)
    active = [s for s in services if s.status is Status.ACTIVE]
    described: Counter[str] = Counter(lang for s in active for lang in s.description)
    unreviewed: Counter[str] = Counter(
        lang
        for s in active
        for lang in {*s.description, *s.translations_reviewed} - {"nl"}
        if not s.translations_reviewed.get(lang, False)
    )
    acting = {
        "reachable": sum(reachable(s) for s in active),
        "with_address": sum(has_street_address(s) for s in active),
        "with_coordinates": sum(has_real_coordinates(s) for s in active),
        "with_hours": sum(has_hours(s) for s in active),
        "stale": sum(is_stale(s, today) for s in active),
    }
    return {
        "services": len(services),
        "active": len(active),
        **acting,
        "percent_of_active": {k: round(100 * v / len(active), 1) if active else 0.0 for k, v in acting.items()},
        "street_without_number": sum(street_without_number(s) for s in active),
        "with_warning": sum(s.warning is not None for s in active),
        "old_sources_only_without_warning": sum(old_sources_only(s) and s.warning is None for s in active),
        "interpreter": sum(bool(s.interpreter) for s in active),
        "description_languages": dict(sorted(described.items())),
        "unreviewed_translations": dict(sorted(unreviewed.items())),
        "by_need": {slug: by_need.get(slug, 0) for slug in need_slugs},
        "by_district": dict(sorted(by_district.items())),
        "languages": dict(sorted(spoken.items())),
        "unverified": sum(not s.verified for s in services),
        "temporarily_closed": sum(s.status is Status.TEMPORARILY_CLOSED for s in services),
        "coverage_gaps": coverage_gaps(services, districts),
        "gaps_in_district_itself": coverage_gaps(services, districts, citywide=False),
    }
