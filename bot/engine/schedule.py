"""Opening hours: is a service open at a given moment, and when does it next open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from bot.catalog.models import DAYS, OpeningTime
from bot.engine.values import OpeningState


@lru_cache(maxsize=512)
def _t(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(23, 59) if hours == "24" else dt.time(int(hours), int(minutes))


def opening_state(schedule: Sequence[OpeningTime], now: dt.datetime) -> OpeningState | None:
    """Open now (and until when), or the next day and time it opens; None without a schedule."""
    if not schedule:
        return None
    weekday = now.weekday()
    today = DAYS[weekday]
    clock = now.time().replace(tzinfo=None)
    for slot in schedule:
        if today in slot.days and _t(slot.opens) <= clock < _t(slot.closes):
            return OpeningState(True, closes=_t(slot.closes))
    for ahead in range(8):
        day = DAYS[(weekday + ahead) % 7]
        starts = [_t(s.opens) for s in schedule if day in s.days and (ahead > 0 or _t(s.opens) > clock)]
        if starts:
            return OpeningState(False, next_day=day, next_opens=min(starts), days_ahead=ahead)
    return OpeningState(False)
