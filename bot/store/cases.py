"""Repository for cases: the case rows, their append-only log, offers, transcripts and the relay map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from bot.cases.states import OPEN, UNCLAIMED, CaseStatus, EventKind, OfferStatus, Sender
from bot.store.case_tables import Case, CaseEvent, CaseMessage, CaseOffer, RelayLink
from bot.store.database import rowcount
from bot.store.tables import utcnow

_OPEN = [s.value for s in OPEN]


class CaseRepository:
    """Cases are written before anyone is told they exist; one update makes at most one case."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_update(self, update_id: int) -> Case | None:
        """The case an update already made, if any (a duplicate delivery)."""
        return self.session.exec(select(Case).where(Case.source_update_id == update_id)).first()

    def open_for_chat(self, chat_id: int) -> Case | None:
        """The resident's open case, if any."""
        query = select(Case).where(Case.chat_id == chat_id, col(Case.status).in_(_OPEN)).order_by(col(Case.id))
        return self.session.exec(query).first()

    def add(self, case: Case) -> Case:
        """Store a new case and give it its number."""
        self.session.add(case)
        self.session.flush()
        return case

    def get(self, case_id: int) -> Case | None:
        """A case by number."""
        return self.session.get(Case, case_id)

    def save(self, case: Case) -> None:
        """Store a changed case."""
        case.updated_at = utcnow()
        self.session.add(case)
        self.session.flush()

    def try_claim(self, case_id: int, user_id: int, now: dt.datetime) -> bool:
        """Atomically give an unclaimed case to a key figure; False when someone else was first."""
        statement = (
            update(Case)
            .where(col(Case.id) == case_id, col(Case.status).in_([s.value for s in UNCLAIMED]))
            .values(status=CaseStatus.CLAIMED.value, assigned_to=user_id, claimed_at=now, updated_at=now)
        )
        won = rowcount(self.session.execute(statement)) == 1
        if won:
            case = self.session.get(Case, case_id)
            if case is not None:
                self.session.refresh(case)
        return won

    def log(self, case_id: int, kind: EventKind, actor: int | None = None, **detail: Any) -> None:
        """Append an event to the case log (codes and ids only, never message text)."""
        self.session.add(CaseEvent(case_id=case_id, kind=kind.value, actor=actor, detail=detail))

    def events(self, case_id: int) -> list[CaseEvent]:
        """A case's log in order."""
        query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        return list(self.session.exec(query).all())

    def add_message(self, case: Case, sender: Sender, text: str, media_message_id: int | None = None) -> None:
        """Add a message to a case transcript (with the id of a photo or document in the sender's chat)."""
        assert case.id is not None, "a case is flushed before messages are added"
        self.session.add(
            CaseMessage(case_id=case.id, sender=sender.value, text=text[:4000], media_message_id=media_message_id)
        )
        case.updated_at = utcnow()
        self.session.add(case)

    def transcript(self, case_id: int) -> list[CaseMessage]:
        """A case's messages in order."""
        query = select(CaseMessage).where(CaseMessage.case_id == case_id).order_by(col(CaseMessage.id))
        return list(self.session.exec(query).all())

    def open_cases(self) -> list[Case]:
        """Every open case, oldest first."""
        query = select(Case).where(col(Case.status).in_(_OPEN)).order_by(col(Case.created_at))
        return list(self.session.exec(query).all())

    def assigned_to(self, user_id: int) -> list[Case]:
        """A key figure's open cases, oldest first."""
        query = (
            select(Case).where(Case.assigned_to == user_id, col(Case.status).in_(_OPEN)).order_by(col(Case.created_at))
        )
        return list(self.session.exec(query).all())

    def open_counts(self) -> dict[int, int]:
        """Open cases per key figure."""
        query = (
            select(Case.assigned_to, func.count())
            .where(col(Case.assigned_to).is_not(None), col(Case.status).in_(_OPEN))
            .group_by(col(Case.assigned_to))
        )
        return {int(user): int(n) for user, n in self.session.exec(query).all() if user is not None}

    def helped_before(self, chat_id: int) -> set[int]:
        """Key figures who had a case of this resident before (for continuity)."""
        query = select(Case.assigned_to).where(Case.chat_id == chat_id, col(Case.assigned_to).is_not(None))
        return {int(u) for u in self.session.exec(query).all() if u is not None}

    def offer(self, case_id: int, user_id: int) -> None:
        """Record that a case was offered to a key figure (again: the earlier offer is opened anew)."""
        same = self.session.exec(
            select(CaseOffer).where(CaseOffer.case_id == case_id, CaseOffer.user_id == user_id)
        ).first()
        offer = same or CaseOffer(case_id=case_id, user_id=user_id)
        offer.status, offer.offered_at = OfferStatus.OPEN.value, utcnow()
        self.session.add(offer)
        self.session.flush()

    def has_open_offer(self, case_id: int, user_id: int) -> bool:
        """Whether a key figure holds an open offer of a case."""
        return any(o.user_id == user_id for o in self.offers(case_id, OfferStatus.OPEN))

    def offers(self, case_id: int, status: OfferStatus | None = None) -> list[CaseOffer]:
        """The offers of a case (optionally only those in one status)."""
        query = select(CaseOffer).where(CaseOffer.case_id == case_id)
        if status is not None:
            query = query.where(CaseOffer.status == status.value)
        return list(self.session.exec(query.order_by(col(CaseOffer.id))).all())

    def close_offers(self, case_id: int, status: OfferStatus, except_user: int | None = None) -> list[int]:
        """Set every open offer of a case to a status; returns whose offers they were."""
        users = []
        for offer in self.offers(case_id, OfferStatus.OPEN):
            if offer.user_id == except_user:
                offer.status = OfferStatus.CLAIMED.value
            else:
                offer.status = status.value
                users.append(offer.user_id)
            self.session.add(offer)
        self.session.flush()
        return users

    def link(self, chat_id: int, message_id: int, case_id: int) -> None:
        """Remember which case a message sent to a staff chat belongs to."""
        self.session.add(RelayLink(chat_id=chat_id, message_id=message_id, case_id=case_id))

    def case_of_message(self, chat_id: int, message_id: int) -> int | None:
        """The case a message in a staff chat belongs to (for replies)."""
        query = select(RelayLink.case_id).where(RelayLink.chat_id == chat_id, RelayLink.message_id == message_id)
        return self.session.exec(query).first()

    def of_chat(self, chat_id: int) -> Sequence[Case]:
        """Every case of a chat."""
        return list(self.session.exec(select(Case).where(Case.chat_id == chat_id)).all())

    def delete_transcripts(self, case_ids: Iterable[int]) -> int:
        """Delete the transcripts and relay links of cases."""
        ids = list(case_ids)
        if not ids:
            return 0
        removed = rowcount(self.session.execute(delete(CaseMessage).where(col(CaseMessage.case_id).in_(ids))))
        removed += rowcount(self.session.execute(delete(RelayLink).where(col(RelayLink.case_id).in_(ids))))
        return removed

    def purge_transcripts(self, older_than: dt.datetime) -> int:
        """Delete transcripts of cases closed before a moment (the retention period)."""
        closed = select(Case.id).where(col(Case.closed_at).is_not(None), col(Case.closed_at) < older_than)
        ids = [int(i) for i in self.session.exec(closed).all() if i is not None]
        return self.delete_transcripts(ids)
