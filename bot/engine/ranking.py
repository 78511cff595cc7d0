"""Rank services for a need: reachable first, then fit, distance, urgency, open now, language, cost, freshness.

The services are kept as columns (one array per property), so one ranking scores thousands at once; the
reasons of the few shown are read back from the same parts the score was summed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.catalog.models import CITYWIDE, NATIONAL, Access, Cost, Service, Status
from bot.catalog.quality import freshness_score, has_real_coordinates, reachable
from bot.engine.schedule import opening_state
from bot.engine.values import OpeningState

URGENT_NEEDS = frozenset({"homeless", "domestic_violence", "food"})  # a resident may need it today
PAPERWORK_NEEDS = frozenset({"forms", "benefits", "legal", "debt"})  # help that starts a procedure, not tonight
EARTH_KM = 6371.0
FAR = 99.0  # the distance that sorts a service without coordinates after every located one

Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


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
class _Parts:
    """Every part of the score for the candidate rows of one ranking (the score is their sum)."""

    rows: Ints
    fit: Floats
    place: Floats
    place_reason: list[str | None]
    distance: Floats  # NaN where the service or the resident has no real coordinates
    opening: Floats
    openings: list[OpeningState | None]
    urgency: Floats
    language: Floats
    free: Floats
    fresh: Floats

    def score(self) -> Floats:
        """The summed score, rounded like the figures shown in reasons."""
        total = self.fit + self.place + self.opening + self.urgency + self.language + self.free + self.fresh
        return np.round(total, 3)


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
    """Active services as columns, with their real coordinates (given, or read from the services)."""

    def __init__(self, services: Sequence[Service], points: dict[str, tuple[float, float]] | None = None) -> None:
        self.points = real_points(services) if points is None else points
        self.reachable = {s.id for s in services if reachable(s)}
        self._active = [s for s in services if s.status is Status.ACTIVE]
        active = self._active
        self._ids = np.array([s.id for s in active], dtype=object)
        self._needs = _masks(len(active), ((n, i) for i, s in enumerate(active) for n in s.needs))
        self._main = _masks(len(active), ((s.needs[0], i) for i, s in enumerate(active) if s.needs))
        self._areas = _masks(len(active), ((a, i) for i, s in enumerate(active) for a in _areas(s)))
        self._speaks = _masks(len(active), ((lang, i) for i, s in enumerate(active) for lang in s.languages))
        located = [self.points.get(s.id, (np.nan, np.nan)) for s in active]
        self._lat = np.radians(np.array([p[0] for p in located], dtype=np.float64))
        self._lon = np.radians(np.array([p[1] for p in located], dtype=np.float64))
        self._has_location = np.array([s.location is not None for s in active], dtype=bool)
        self._reachable = np.array([s.id in self.reachable for s in active], dtype=bool)
        self._free = np.array([s.cost is Cost.FREE for s in active], dtype=bool)
        self._paperwork = np.array([bool(PAPERWORK_NEEDS.intersection(s.needs)) for s in active], dtype=bool)
        self._access = np.array([_access_bonus(s.access) for s in active], dtype=np.float64)
        hours = [tuple((tuple(t.days), t.opens, t.closes) for t in s.schedule) for s in active]
        codes: dict[object, int] = {}
        self._hours = np.array([codes.setdefault(h, len(codes)) for h in hours], dtype=np.int64)
        self._schedule_of = {codes[h]: s.schedule for s, h in zip(active, hours, strict=True)}
        self._id_rank = np.argsort(np.argsort(self._ids)).astype(np.int64)
        self._fresh_on: dt.date | None = None
        self._fresh: Floats = np.zeros(len(active))

    def _freshness(self, today: dt.date) -> Floats:
        """Freshness weights, worked out once a day."""
        if self._fresh_on != today:
            self._fresh = np.array([freshness_score(s, today) for s in self._active], dtype=np.float64)
            self._fresh_on = today
        return self._fresh

    def _mask(self, table: dict[str, Mask], key: str | None) -> Mask:
        """The column for a key; all False for an unknown or absent key."""
        found = table.get(key) if key else None
        return found if found is not None else np.zeros(len(self._active), dtype=bool)

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
        wanted = self._mask(self._needs, needs[0]) | self._mask(self._needs, needs[1] if len(needs) > 1 else None)
        if exclude:
            wanted &= ~np.isin(self._ids, list(exclude))
        rows = np.flatnonzero(wanted).astype(np.int64)
        if not len(rows):
            return []
        parts = self._parts(rows, needs, now, point, district, language)
        score = parts.score()
        order = np.lexsort(
            (self._id_rank[rows], np.nan_to_num(parts.distance, nan=FAR), -score, ~self._reachable[rows])
        )
        return [self._scored(parts, int(k), float(score[k]), language) for k in order[:limit]]

    def _parts(
        self,
        rows: Ints,
        needs: Sequence[str],
        now: dt.datetime,
        point: tuple[float, float] | None,
        district: str | None,
        language: str,
    ) -> _Parts:
        first_in = self._mask(self._needs, needs[0])[rows]
        fit = np.where(first_in, np.where(self._mask(self._main, needs[0])[rows], 3.0, 2.2), 1.2)
        if len(needs) > 1:
            fit = fit + 0.5 * (first_in & self._mask(self._needs, needs[1])[rows])
        local = self._mask(self._areas, district)[rows]
        kinds = [
            (local, 1.2, "in district"),
            (self._mask(self._areas, CITYWIDE)[rows], 0.7 if district else 0.9, "citywide"),
            (self._mask(self._areas, NATIONAL)[rows], 0.3, "national"),
            (self._has_location[rows] & (district is None), 0.6, None),
        ]
        elsewhere = np.select([k[0] for k in kinds], [k[1] for k in kinds], 0.0)
        reason_at = np.select([k[0] for k in kinds], list(range(len(kinds))), -1)
        distance = np.full(len(rows), np.nan)
        if point is not None:
            distance = np.round(self._distance_km(point, rows), 1)
        near = np.maximum(np.maximum(0.0, 1.5 - distance / 4.0), np.where(local, 1.2, 0.0))
        place = np.where(np.isnan(distance), elsewhere, near)
        reasons = [None if not np.isnan(d) or r < 0 else kinds[r][2] for d, r in zip(distance, reason_at, strict=True)]
        states = {int(h): opening_state(self._schedule_of[int(h)], now) for h in np.unique(self._hours[rows])}
        openings = [states[int(h)] for h in self._hours[rows]]
        open_now = np.array([o is not None and o.open_now for o in openings], dtype=bool)
        ahead = np.array([FAR if o is None or o.days_ahead is None else o.days_ahead for o in openings])
        opening = np.where(open_now, 0.6, np.where(ahead <= 1, 0.3, 0.0))
        urgency = np.zeros(len(rows))
        if needs[0] in URGENT_NEEDS:  # walk in or call now and open today first; procedures, waiting lists last
            today = open_now | (ahead == 0)
            urgency = np.where(first_in, 0.5 * today - 1.0 * self._paperwork[rows] + self._access[rows], 0.0)
        return _Parts(
            rows,
            fit,
            place,
            reasons,
            distance,
            opening,
            openings,
            urgency,
            np.where(self._mask(self._speaks, language)[rows], 0.6, 0.0),
            np.where(self._free[rows], 0.4, 0.0),
            self._freshness(now.date())[rows],
        )

    def _distance_km(self, point: tuple[float, float], rows: Ints) -> Floats:
        """Great-circle distance from the point to each row's coordinates (NaN without coordinates)."""
        lat, lon = np.radians(point[0]), np.radians(point[1])
        lat2, lon2 = self._lat[rows], self._lon[rows]
        h = np.sin((lat2 - lat) / 2) ** 2 + np.cos(lat) * np.cos(lat2) * np.sin((lon2 - lon) / 2) ** 2
        out: Floats = 2 * EARTH_KM * np.arcsin(np.sqrt(h))
        return out

    def _scored(self, parts: _Parts, k: int, score: float, language: str) -> Scored:
        """One ranked row, with the reasons for its place read from its parts."""
        row = int(parts.rows[k])
        service = self._active[row]
        distance = None if np.isnan(parts.distance[k]) else float(parts.distance[k])
        opening = parts.openings[k]
        reasons = [f"fit:{parts.fit[k]:.1f}"]
        if distance is not None:
            reasons.append(f"near:{distance}km")
        elif parts.place_reason[k]:
            reasons.append(str(parts.place_reason[k]))
        if opening is not None and opening.open_now:
            reasons.append("open now")
        elif parts.opening[k]:
            reasons.append("opens soon")
        if parts.urgency[k]:
            reasons.append(f"urgent:{parts.urgency[k]:+.1f}")
        if parts.language[k]:
            reasons.append(f"speaks {language}")
        if parts.free[k]:
            reasons.append("free")
        reasons.append(f"fresh:{parts.fresh[k]:+.1f}")
        if service.warning is not None:
            reasons.append("warning")
        if not self._reachable[row]:
            reasons.append("unreachable")
        return Scored(service, score, distance, opening, tuple(reasons), bool(self._reachable[row]))


def _areas(s: Service) -> set[str]:
    """The areas a service counts as local to: its service area and the district of its walk-in location."""
    return {*s.service_area, *([s.district] if s.district else [])}


def _masks(size: int, pairs: Iterable[tuple[str, int]]) -> dict[str, Mask]:
    """One boolean column per key from (key, row) pairs."""
    out: dict[str, Mask] = {}
    for key, row in pairs:
        out.setdefault(key, np.zeros(size, dtype=bool))[row] = True
    return out


def _access_bonus(access: Access | None) -> float:
    """For a need that cannot wait: walk in or phone now first, appointments, referrals and forms last."""
    if access in (Access.WALK_IN, Access.PHONE):
        return 0.8
    if access in (Access.APPOINTMENT, Access.REFERRAL, Access.ONLINE):
        return -0.6
    return 0.0
