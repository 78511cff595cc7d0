"""Repository for residents, their conversation state and processed updates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Delete, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.store.database import rowcount
from bot.store.tables import Conversation, ProcessedUpdate, Resident, utcnow


class ResidentRepository:
    """Residents and conversations, inside a session the caller owns."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, chat_id: int) -> Resident | None:
        """The resident of a chat, if known."""
        return self.session.get(Resident, chat_id)

    def get_or_create(self, chat_id: int, language: str | None = None) -> Resident:
        """The resident of a chat, created on first contact (nothing but the chat id and language)."""
        resident = self.session.get(Resident, chat_id)
        if resident is None:
            resident = Resident(chat_id=chat_id, language=language)
            self.session.add(resident)
            self.session.flush()
        else:
            resident.last_seen = utcnow()
            self.session.add(resident)
        return resident

    def conversation(self, chat_id: int) -> Conversation:
        """The chat's conversation state (created empty)."""
        conv = self.session.get(Conversation, chat_id)
        if conv is None:
            conv = Conversation(chat_id=chat_id)
            self.session.add(conv)
            self.session.flush()
        return conv

    def save(self, *rows: Resident | Conversation) -> None:
        """Store changed rows."""
        for row in rows:
            if isinstance(row, Conversation):
                row.updated_at = utcnow()
            self.session.add(row)
        self.session.flush()

    def forget(self, chat_id: int) -> int:
        """Delete the resident's profile and conversation (cases are closed and anonymised by the case service)."""
        removed = self._delete(delete(Conversation).where(col(Conversation.chat_id) == chat_id))
        removed += self._delete(delete(Resident).where(col(Resident.chat_id) == chat_id))
        self.session.flush()
        return removed

    def _delete(self, statement: Delete) -> int:
        return rowcount(self.session.execute(statement))


class UpdateLedger:
    """Remembers which Telegram updates were handled, so a duplicate delivery does nothing."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def first_time(self, update_id: int) -> bool:
        """Record an update id; False when it was already recorded (by this or another worker)."""
        if self.session.get(ProcessedUpdate, update_id) is not None:
            return False
        try:
            with self.session.begin_nested():
                self.session.add(ProcessedUpdate(update_id=update_id))
        except IntegrityError:
            return False
        return True

    def purge(self, older_than: dt.datetime) -> int:
        """Forget update ids older than a moment (Telegram never re-sends after 24 hours)."""
        return rowcount(
            self.session.execute(delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < older_than))
        )
