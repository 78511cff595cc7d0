"""The outbox: every message to a person other than the one who just wrote goes through here.

Rows are written in the same transaction as what they are about, each with an idempotency key, and
delivered later by one sender that leases rows (FOR UPDATE SKIP LOCKED on PostgreSQL), so several
workers never send the same row and a crash only delays a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.cases.states import OutboxKind
from bot.store.case_tables import OutboxMessage
from bot.store.database import rowcount
from bot.store.tables import utcnow

MAX_ATTEMPTS = 12
LEASE = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Outgoing:
    """A message to queue: text with buttons (label, callback data), or a copy of a message."""

    chat_id: int
    text: str = ""
    buttons: Sequence[Sequence[tuple[str, str]]] = ()
    kind: OutboxKind = OutboxKind.NOTICE
    case_id: int | None = None
    key: str | None = None
    copy_from: tuple[int, int] | None = None  # (chat id, message id) to copy, without a forward header


class Outbox:
    """Messages to send, retried with back-off until they go out."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, out: Outgoing) -> OutboxMessage | None:
        """Queue a message; a key already queued is not queued again (returns None)."""
        if out.key is not None:
            same = self.session.exec(select(OutboxMessage).where(OutboxMessage.key == out.key)).first()
            if same is not None:
                return None
        msg = OutboxMessage(
            key=out.key,
            chat_id=out.chat_id,
            text=out.text[:4096],
            buttons=[[[label, data] for label, data in row] for row in out.buttons],
            kind=out.kind.value,
            case_id=out.case_id,
            copy_chat_id=out.copy_from[0] if out.copy_from else None,
            copy_message_id=out.copy_from[1] if out.copy_from else None,
        )
        try:
            with self.session.begin_nested():  # another worker may queue the same key at the same moment
                self.session.add(msg)
        except IntegrityError:
            return None
        return msg

    def lease(self, now: dt.datetime | None = None, limit: int = 20, hold: dt.timedelta = LEASE) -> list[OutboxMessage]:
        """Take due messages for one sender; other workers skip them until the lease (`hold`) runs out."""
        moment = now or utcnow()
        query = (
            select(OutboxMessage)
            .where(
                col(OutboxMessage.sent_at).is_(None),
                col(OutboxMessage.next_attempt_at) <= moment,
                col(OutboxMessage.attempts) < MAX_ATTEMPTS,
                (col(OutboxMessage.lease_until).is_(None)) | (col(OutboxMessage.lease_until) < moment),
            )
            .order_by(col(OutboxMessage.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list(self.session.exec(query).all())
        for row in rows:
            row.lease_until = moment + hold
            self.session.add(row)
        self.session.flush()
        return rows

    def get(self, msg_id: int) -> OutboxMessage | None:
        """A queued message by id."""
        return self.session.get(OutboxMessage, msg_id)

    def sent(self, msg: OutboxMessage, message_id: int | None) -> None:
        """Mark a message as delivered."""
        msg.sent_at = utcnow()
        msg.sent_message_id = message_id
        msg.lease_until = None
        self.session.add(msg)

    def failed(self, msg: OutboxMessage, error: str, retry_after: float | None = None, final: bool = False) -> None:
        """Record a failed try and schedule the next (exponential back-off, or Telegram's retry_after)."""
        msg.attempts = MAX_ATTEMPTS if final else msg.attempts + 1
        wait = retry_after if retry_after is not None else min(600.0, 2.0 * 2**msg.attempts)
        msg.next_attempt_at = utcnow() + dt.timedelta(seconds=wait)
        msg.lease_until = None
        msg.last_error = error[:300]
        self.session.add(msg)

    def pending(self, chat_id: int | None = None) -> list[OutboxMessage]:
        """Messages not yet delivered (optionally to one chat)."""
        query = select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
        if chat_id is not None:
            query = query.where(OutboxMessage.chat_id == chat_id)
        return list(self.session.exec(query.order_by(col(OutboxMessage.id))).all())

    def drop_for_cases(self, case_ids: Sequence[int], copied_from: int) -> int:
        """Forget every queued or sent message about some cases, or copied from a chat (forget-me)."""
        condition = col(OutboxMessage.copy_chat_id) == copied_from
        if case_ids:
            condition = condition | col(OutboxMessage.case_id).in_(list(case_ids))
        return rowcount(self.session.execute(delete(OutboxMessage).where(condition)))

    def drop_for_chat(self, chat_id: int) -> int:
        """Forget every queued message to a chat (forget-me)."""
        return rowcount(self.session.execute(delete(OutboxMessage).where(col(OutboxMessage.chat_id) == chat_id)))

    def purge_sent(self, older_than: dt.datetime) -> int:
        """Delete delivered messages older than a moment (their text is personal)."""
        return rowcount(
            self.session.execute(
                delete(OutboxMessage).where(
                    col(OutboxMessage.sent_at).is_not(None), col(OutboxMessage.sent_at) < older_than
                )
            )
        )
