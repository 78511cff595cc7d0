"""Weekly reminders: each curator gets, at most once a week, the listings in their districts whose hours are
older than 90 days or whose whole listing is older than a year, each with a one-tap 'still correct'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bot.callbacks import Callback, data, service_key
from bot.cases.cards import Cards
from bot.catalog.models import Service, Status
from bot.roles import Role
from bot.store.case_tables import StaffMember
from bot.store.outbox import Outgoing
from bot.store.uow import UnitOfWorkFactory

EVERY = dt.timedelta(days=7)
HOURS_AGE = dt.timedelta(days=90)
LISTING_AGE = dt.timedelta(days=365)
MOST = 8


def due_for_check(services: Sequence[Service], districts: Sequence[str], today: dt.date) -> list[Service]:
    """Active listings in these districts (empty = all) to check: hours over 90 days old, or a listing over a year."""
    out = []
    for s in services:
        if s.status is Status.INACTIVE or (districts and s.district not in districts):
            continue
        checked = s.assured_date
        old_hours = bool(s.schedule) and (checked is None or today - checked > HOURS_AGE)
        old_listing = checked is None or today - checked > LISTING_AGE
        if old_hours or old_listing:
            out.append(s)
    return sorted(out, key=lambda s: s.assured_date or dt.date.min)


class Reminders:
    """Sends the weekly lists through the outbox (rows, so any worker may do it, and only once a week)."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        services: Callable[[], Sequence[Service]],
        cards: Cards,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self.units = units
        self.services = services
        self.cards = cards
        self.clock = clock

    def send(self) -> int:
        """Queue this week's list for every curator who has not had one for a week; returns how many."""
        now = self.clock()
        sent = 0
        with self.units() as uow:
            for member in uow.staff.with_role(Role.CURATOR, Role.COORDINATOR):
                if member.blocked or (member.reminded_at and now - member.reminded_at < EVERY):
                    continue
                listings = due_for_check(self.services(), member.districts, now.date())
                member.reminded_at = now
                uow.staff.save(member)
                if listings:
                    uow.outbox.put(self._list(member, listings, now))
                    sent += 1
        return sent

    def _list(self, member: StaffMember, listings: Sequence[Service], now: dt.datetime) -> Outgoing:
        lang = member.ui_language
        lines = [
            self.cards.st(
                lang, "Listings to check this week ({count}); tap if they are still correct:", count=len(listings)
            )
        ]
        rows = []
        for s in listings[:MOST]:
            checked = s.assured_date.isoformat() if s.assured_date else "—"
            lines.append(f"• {s.name['nl']} ({checked})")
            key = service_key(s.id)
            rows.append(
                (
                    ("✅ " + s.name["nl"][:40], data(Callback.CURATE, "confirm", key)),
                    ("✏️", data(Callback.CURATE, "v", key)),
                )
            )
        return Outgoing(member.user_id, "\n".join(lines), tuple(rows), key=f"remind:{member.user_id}:{now.date()}")
