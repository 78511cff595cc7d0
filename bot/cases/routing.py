"""Routing, pure: which key figures get a case first (hard filters, then a ranking)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Candidate:
    """What routing needs to know about one key figure right now."""

    user_id: int
    languages: frozenset[str]
    districts: frozenset[str] = frozenset()  # empty = every district
    topics: frozenset[str] = frozenset()  # empty = every topic
    capacity: int = 3
    open_cases: int = 0
    available_now: bool = True  # not paused, within their hours, not blocked
    last_assigned_at: dt.datetime | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What routing needs to know about a case."""

    language: str | None
    other_languages: tuple[str, ...] = ()  # the resident's second languages, best first
    district: str | None = None
    needs: tuple[str, ...] = ()
    excluded: frozenset[int] = frozenset()  # tried before: never offered again
    helped_before: frozenset[int] = frozenset()  # continuity


class RouteKind(StrEnum):
    """Where a case goes."""

    OFFER = "offer"  # to the listed key figures
    LATER = "later"  # suitable key figures exist but none is available now
    COORDINATORS = "coordinators"  # nobody fits


@dataclass(frozen=True)
class Route:
    """The routing decision, with the language it was matched on."""

    kind: RouteKind
    user_ids: tuple[int, ...] = ()
    language: str | None = None
    reasons: dict[int, tuple[str, ...]] = field(default_factory=dict)


def _fits(c: Candidate, case: CaseFacts, language: str) -> bool:
    if c.user_id in case.excluded or language not in c.languages:
        return False
    if c.districts and case.district and case.district not in c.districts:
        return False
    return not (c.topics and case.needs and not (c.topics & set(case.needs)))


def _rank(c: Candidate, case: CaseFacts) -> tuple[int, int, int, float]:
    idle = c.last_assigned_at.timestamp() if c.last_assigned_at else float("-inf")
    return (
        0 if c.user_id in case.helped_before else 1,
        0 if case.district and case.district in c.districts else 1,
        c.open_cases,
        idle,
    )


def _why(c: Candidate, case: CaseFacts) -> tuple[str, ...]:
    reasons = []
    if c.user_id in case.helped_before:
        reasons.append("helped this resident before")
    if case.district and case.district in c.districts:
        reasons.append("works in this district")
    reasons.append(f"{c.open_cases} open case(s)")
    return tuple(reasons)


def route(case: CaseFacts, candidates: Sequence[Candidate], size: int = 3) -> Route:
    """The best `size` key figures for a case: language ∩ district ∩ topic ∩ available ∩ below capacity."""
    languages = [lang for lang in (case.language, *case.other_languages) if lang]
    later = False
    for language in dict.fromkeys(languages):
        fitting = [c for c in candidates if _fits(c, case, language)]
        ready = [c for c in fitting if c.available_now and c.open_cases < c.capacity]
        if ready:
            best = sorted(ready, key=lambda c: _rank(c, case))[:size]
            return Route(
                RouteKind.OFFER, tuple(c.user_id for c in best), language, {c.user_id: _why(c, case) for c in best}
            )
        later = later or any(not c.available_now and c.open_cases < c.capacity for c in fitting)
    return Route(RouteKind.LATER if later else RouteKind.COORDINATORS)
