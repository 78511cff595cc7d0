"""Office hours: parsing, the next opening, and counting a first-reply deadline in office time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.cases.office_hours import OfficeHours

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=AMS)  # 2026-12-04 is a Friday


def test_working_time_skips_evenings_and_weekends() -> None:
    hours = OfficeHours.parse("mo-fr 09:00-17:00")
    assert hours.add_working_time(at(3, 10), dt.timedelta(hours=2)) == at(3, 12)
    assert hours.add_working_time(at(4, 16), dt.timedelta(hours=2)) == at(7, 10)  # Friday 16:00 -> Monday 10:00
    assert hours.add_working_time(at(5, 22), dt.timedelta(minutes=30)) == at(7, 9, 30)  # from Saturday night
    assert hours.next_open(at(5, 22)) == at(7, 9)


def test_round_the_clock_and_mistakes_in_plain_words() -> None:
    always = OfficeHours.parse("mo-su 00:00-24:00")
    assert always.is_open(at(6, 3)) and always.add_working_time(at(6, 3), dt.timedelta(hours=1)) == at(6, 4)
    with pytest.raises(ValueError, match="does not exist"):
        OfficeHours.parse("mo 09:00-25:00")
    with pytest.raises(ValueError, match="cannot read 'monday 9-5'"):
        OfficeHours.parse("monday 9-5")
