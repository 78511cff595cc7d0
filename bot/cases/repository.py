"""Repository for cases (escalations), their transcripts, and the outbox that notifies people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.store.database import rowcount
from bot.store.tables import Case, CaseMessage, OutboxMessage, utcnow

MAX_ATTEMPTS = 8


class CaseRepository:
    """Cases are written before the resident is told they exist; one update makes at most one case."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open_case(
        self,
        chat_id: int,
        *,
        language: str | None,
        district: str | None,
        needs: Sequence[str],
        reason: str,
        message: str | None,
        source_update_id: int | None,
    ) -> tuple[Case, bool]:
        """Create a case (or return the one this update or an open one of this chat already made)."""
        if source_update_id is not None:
            same = self.session.exec(select(Case).where(Case.source_update_id == source_update_id)).first()
            if same is not None:
                return same, False
        existing = self.session.exec(
            select(Case).where(Case.chat_id == chat_id, col(Case.status).in_(["open", "claimed"]))
        ).first()
        if existing is not None:
            if message:
                self.add_message(existing, "resident", message)
            return existing, False
        case = Case(
            chat_id=chat_id,
            language=language,
            district=district,
            needs=list(needs),
            reason=reason[:200],
            source_update_id=source_update_id,
        )
        self.session.add(case)
        self.session.flush()
        if message:
            self.add_message(case, "resident", message)
        return case, True

    def add_message(self, case: Case, sender: str, text: str) -> CaseMessage:
        """Add a message to a case transcript."""
        assert case.id is not None, "a case is flushed before messages are added"
        msg = CaseMessage(case_id=case.id, sender=sender, text=text[:4000])
        case.updated_at = utcnow()
        self.session.add_all([msg, case])
        self.session.flush()
        return msg

    def open_cases(self) -> list[Case]:
        """Cases waiting for or with a key figure, oldest first."""
        query = select(Case).where(col(Case.status).in_(["open", "claimed"])).order_by(col(Case.created_at))
        return list(self.session.exec(query).all())

    def transcript(self, case_id: int) -> list[CaseMessage]:
        """A case's messages in order."""
        query = select(CaseMessage).where(CaseMessage.case_id == case_id).order_by(col(CaseMessage.id))
        return list(self.session.exec(query).all())

    def purge_transcripts(self, older_than: dt.datetime) -> int:
        """Delete transcripts of cases closed before a moment (the retention period)."""
        closed = select(Case.id).where(col(Case.closed_at).is_not(None), col(Case.closed_at) < older_than)
        return rowcount(self.session.execute(delete(CaseMessage).where(col(CaseMessage.case_id).in_(closed))))


class Outbox:
    """Notifications to send, retried with back-off until they go out."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, chat_id: int, text: str, *, kind: str = "notice", case_id: int | None = None) -> OutboxMessage:
        """Queue a message (in the same transaction as what it is about)."""
        msg = OutboxMessage(chat_id=chat_id, text=text[:4096], kind=kind, case_id=case_id)
        self.session.add(msg)
        self.session.flush()
        return msg

    def due(self, now: dt.datetime | None = None, limit: int = 20) -> list[OutboxMessage]:
        """Messages whose time to (re)try has come."""
        moment = now or utcnow()
        query = (
            select(OutboxMessage)
            .where(
                col(OutboxMessage.sent_at).is_(None),
                col(OutboxMessage.next_attempt_at) <= moment,
                col(OutboxMessage.attempts) < MAX_ATTEMPTS,
            )
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        )
        return list(self.session.exec(query).all())

    def sent(self, msg: OutboxMessage) -> None:
        """Mark a message as delivered."""
        msg.sent_at = utcnow()
        self.session.add(msg)

    def failed(self, msg: OutboxMessage, error: str, retry_after: float | None = None) -> None:
        """Record a failed try and schedule the next one (exponential back-off, or Telegram's retry_after)."""
        msg.attempts += 1
        wait = retry_after if retry_after is not None else min(3600.0, 5.0 * 2**msg.attempts)
        msg.next_attempt_at = utcnow() + dt.timedelta(seconds=wait)
        msg.last_error = error[:300]
        self.session.add(msg)
