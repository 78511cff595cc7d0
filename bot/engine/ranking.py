"""Rank services for a need: reachable first, then fit, distance, urgency, open now, language, cost, freshness."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog.models import CITYWIDE, NATIONAL, Access, Cost, Service, Status
from bot.catalog.quality import freshness_score, has_real_coordinates, reachable
from bot.engine.places import haversine_km
from bot.engine.schedule import opening_state
from bot.engine.values import OpeningState

URGENT_NEEDS = frozenset({"homeless", "domestic_violence", "food"})  # a resident may need it today
PAPERWORK_NEEDS = frozenset({"forms", "benefits", "legal", "debt"})  # help that starts a procedure, not tonight


@dataclass(frozen=True)
class Scored:
    """A service with its score, distance, opening state and the reasons for its place."""

    service: Service
    score: float
    distance_km: float | None
    opening: OpeningState | None
    reasons: tuple[str, ...]
    reachable: bool


@dataclass(frozen=True)
class _Profile:
    """What ranking needs of a service, worked out once."""

    service: Service
    district: str | None
    area: frozenset[str]
    languages: frozenset[str]
    reachable: bool
    free: bool
    paperwork: bool
    hours: tuple[tuple[tuple[str, ...], str, str], ...]  # the schedule as a hashable key (shared by many)


def real_points(services: Sequence[Service]) -> dict[str, tuple[float, float]]:
    """The sourced coordinates of services with a street address (never a district or neighbourhood centre)."""
    return {
        s.id: (s.location.lat, s.location.lon)
        for s in services
        if s.location is not None
        and s.location.lat is not None
        and s.location.lon is not None
        and has_real_coordinates(s)
    }


class ServiceIndex:
    """Active services by need, with their real coordinates (given, or read from the services)."""

    def __init__(self, services: Sequence[Service], points: dict[str, tuple[float, float]] | None = None) -> None:
        self.by_need: dict[str, list[_Profile]] = defaultdict(list)
        self.points = real_points(services) if points is None else points
        self.reachable = {s.id for s in services if reachable(s)}
        self._active = [s for s in services if s.status is Status.ACTIVE]
        self._fresh_on: dt.date | None = None
        self._fresh: dict[str, float] = {}
        for s in self._active:
            profile = _Profile(
                s,
                s.district,
                frozenset(s.service_area),
                frozenset(s.languages),
                s.id in self.reachable,
                s.cost is Cost.FREE,
                bool(PAPERWORK_NEEDS.intersection(s.needs)),
                tuple((tuple(t.days), t.opens, t.closes) for t in s.schedule),
            )
            for need in s.needs:
                self.by_need[need].append(profile)

    def _freshness(self, today: dt.date) -> dict[str, float]:
        """Freshness weights, worked out once a day."""
        if self._fresh_on != today:
            self._fresh = {s.id: freshness_score(s, today) for s in self._active}
            self._fresh_on = today
        return self._fresh

    def rank(
        self,
        needs: Sequence[str],
        now: dt.datetime,
        *,
        point: tuple[float, float] | None,
        district: str | None,
        language: str,
        exclude: Sequence[str] = (),
        limit: int = 3,
    ) -> list[Scored]:
        """The best `limit` services for the first need(s), near the point when one is known."""
        if not needs:
            return []
        candidates: dict[str, _Profile] = {}
        skip = set(exclude)
        for need in needs[:2]:
            for p in self.by_need.get(need, ()):
                if p.service.id not in skip:
                    candidates.setdefault(p.service.id, p)
        fresh = self._freshness(now.date())
        openings: dict[tuple[tuple[tuple[str, ...], str, str], ...], OpeningState | None] = {}
        quick = []
        for p in candidates.values():  # services sharing their hours share one look at the clock
            if p.hours not in openings:
                openings[p.hours] = opening_state(p.service.schedule, now)
            quick.append(self._score(p, needs, openings[p.hours], point, district, language, fresh, explain=False))
        quick.sort(key=_order)
        return [
            self._score(candidates[s.service.id], needs, s.opening, point, district, language, fresh, explain=True)
            for s in quick[:limit]
        ]

    def _score(
        self,
        p: _Profile,
        needs: Sequence[str],
        opening: OpeningState | None,
        point: tuple[float, float] | None,
        district: str | None,
        language: str,
        fresh: dict[str, float],
        *,
        explain: bool,
    ) -> Scored:
        service = p.service
        reasons: list[str] = []
        first = needs[0]
        if first in service.needs:
            fit = 3.0 if service.needs[0] == first else 2.2
        else:
            fit = 1.2
        if len(needs) > 1 and needs[1] in service.needs and first in service.needs:
            fit += 0.5
        score = fit
        if explain:
            reasons.append(f"fit:{fit:.1f}")

        distance: float | None = None
        where = self.points.get(service.id)
        local = bool(district) and (p.district == district or district in p.area)
        if point is not None and where is not None:
            distance = round(haversine_km(point, where), 1)
            score += max(0.0, 1.5 - distance / 4.0, 1.2 if local else 0.0)
            if explain:
                reasons.append(f"near:{distance}km")
        elif local:
            score += 1.2
            reasons.append("in district")
        elif CITYWIDE in p.area:
            score += 0.7 if district else 0.9
            reasons.append("citywide")
        elif NATIONAL in p.area:
            score += 0.3
            reasons.append("national")
        elif district is None and service.location is not None:
            score += 0.6

        if opening is not None:
            if opening.open_now:
                score += 0.6
                reasons.append("open now")
            elif opening.days_ahead is not None and opening.days_ahead <= 1:
                score += 0.3
                reasons.append("opens soon")
        if first in URGENT_NEEDS and first in service.needs:
            today = opening is not None and (opening.open_now or opening.days_ahead == 0)
            urgency = _urgency(service.access, today, p.paperwork)
            score += urgency
            if explain and urgency:
                reasons.append(f"urgent:{urgency:+.1f}")
        if language in p.languages:
            score += 0.6
            if explain:
                reasons.append(f"speaks {language}")
        if p.free:
            score += 0.4
            reasons.append("free")
        score += fresh[service.id]
        if explain:
            reasons.append(f"fresh:{fresh[service.id]:+.1f}")
            if service.warning is not None:
                reasons.append("warning")
            if not p.reachable:
                reasons.append("unreachable")
        return Scored(service, round(score, 3), distance, opening, tuple(reasons), p.reachable)


def _order(s: Scored) -> tuple[bool, float, float, str]:
    """Reachable before unreachable, then the best score, then the nearest, then a stable id."""
    return (not s.reachable, -s.score, s.distance_km if s.distance_km is not None else 99.0, s.service.id)


def _urgency(access: Access | None, today: bool, paperwork: bool) -> float:
    """For a need that cannot wait: walk in or call now and open today first; procedures, waiting lists last."""
    bonus = (0.5 if today else 0.0) - (1.0 if paperwork else 0.0)
    if access in (Access.WALK_IN, Access.PHONE):
        return bonus + 0.8
    if access in (Access.APPOINTMENT, Access.REFERRAL, Access.ONLINE):
        return bonus - 0.6
    return bonus
