"""Repository for timers: rows with a due time that whichever worker is free claims and runs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.cases.states import TimerKind
from bot.store.case_tables import Timer

LEASE = dt.timedelta(seconds=120)


class TimerRepository:
    """Offer time-outs, first-reply reminders, re-routing and check-backs."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule(self, kind: TimerKind, case_id: int, due_at: dt.datetime) -> None:
        """Add a timer."""
        self.session.add(Timer(kind=kind.value, case_id=case_id, due_at=due_at))
        self.session.flush()

    def cancel(self, case_id: int, *kinds: TimerKind, now: dt.datetime) -> None:
        """Mark a case's open timers (of some kinds, or all) as done."""
        statement = update(Timer).where(col(Timer.case_id) == case_id, col(Timer.done_at).is_(None))
        if kinds:
            statement = statement.where(col(Timer.kind).in_([k.value for k in kinds]))
        self.session.execute(statement.values(done_at=now))

    def lease_due(self, now: dt.datetime, limit: int = 20) -> list[Timer]:
        """Take due timers for this worker; others skip them until the lease runs out."""
        query = (
            select(Timer)
            .where(
                col(Timer.done_at).is_(None),
                col(Timer.due_at) <= now,
                (col(Timer.lease_until).is_(None)) | (col(Timer.lease_until) < now),
            )
            .order_by(col(Timer.due_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        timers = list(self.session.exec(query).all())
        for timer in timers:
            timer.lease_until = now + LEASE
            self.session.add(timer)
        self.session.flush()
        return timers

    def get(self, timer_id: int) -> Timer | None:
        """A timer by id."""
        return self.session.get(Timer, timer_id)

    def done(self, timer: Timer, now: dt.datetime) -> None:
        """Mark a timer as done."""
        timer.done_at = now
        self.session.add(timer)

    def open_for(self, case_id: int) -> list[Timer]:
        """A case's timers that have not run."""
        query = select(Timer).where(Timer.case_id == case_id, col(Timer.done_at).is_(None))
        return list(self.session.exec(query.order_by(col(Timer.due_at))).all())
