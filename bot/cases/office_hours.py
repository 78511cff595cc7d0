"""Office hours of the key figures: parsed from 'mo-fr 09:00-17:00; sa 10:00-12:00'."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.catalog.models import DAYS

_PART = re.compile(r"^\s*([a-z]{2})(?:\s*-\s*([a-z]{2}))?\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$")


def _time(text: str) -> dt.time:
    """A clock time; '24:00' is the end of the day."""
    return dt.time.max if text == "24:00" else dt.time.fromisoformat(text)


@dataclass(frozen=True)
class OfficeHours:
    """Weekly hours when a person answers."""

    slots: tuple[tuple[int, dt.time, dt.time], ...]  # (weekday 0=Monday, opens, closes)

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Parse the OFFICE_HOURS setting; a mistake raises ValueError naming the part."""
        slots: list[tuple[int, dt.time, dt.time]] = []
        for part in filter(None, (p.strip() for p in text.lower().split(";"))):
            m = _PART.match(part)
            if not m or m.group(1) not in DAYS or (m.group(2) and m.group(2) not in DAYS):
                raise ValueError(f"OFFICE_HOURS: cannot read '{part}' (expected like 'mo-fr 09:00-17:00')")
            first = DAYS.index(m.group(1))
            last = DAYS.index(m.group(2)) if m.group(2) else first
            try:
                opens, closes = _time(m.group(3)), _time(m.group(4))
            except ValueError:
                raise ValueError(f"OFFICE_HOURS: '{part}' has a time that does not exist") from None
            slots += [(d, opens, closes) for d in range(first, last + 1)]
        return cls(tuple(slots))

    def is_open(self, now: dt.datetime) -> bool:
        """Whether a person answers at this local moment."""
        t = now.time().replace(tzinfo=None)
        return any(d == now.weekday() and o <= t < c for d, o, c in self.slots)

    def next_open(self, now: dt.datetime) -> dt.datetime | None:
        """The next local moment a person answers (now when open)."""
        if self.is_open(now):
            return now
        for ahead in range(8):
            day = (now + dt.timedelta(days=ahead)).date()
            starts = sorted(o for d, o, _ in self.slots if d == day.weekday())
            for opens in starts:
                moment = dt.datetime.combine(day, opens, tzinfo=now.tzinfo)
                if moment > now:
                    return moment
        return None

    def add_working_time(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """The local moment when `delta` of office time has passed after `start` (start itself when no slots)."""
        if not self.slots:
            return start + delta
        left = delta
        moment = start
        for _ in range(7 * 8 * 4):  # at most about four weeks of slots
            day_slots = sorted((o, c) for d, o, c in self.slots if d == moment.weekday())
            for opens, closes in day_slots:
                begin = max(moment, dt.datetime.combine(moment.date(), opens, tzinfo=moment.tzinfo))
                end = dt.datetime.combine(moment.date(), closes, tzinfo=moment.tzinfo)
                if begin >= end:
                    continue
                if begin + left <= end:
                    return begin + left
                left -= end - begin
                moment = end
            moment = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(0), tzinfo=moment.tzinfo)
        return start + delta
