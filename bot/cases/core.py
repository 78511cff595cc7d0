"""The core of the case rules: settings, requests, and routing a case into offers (or to the coordinators).

Everything a case causes for other people is queued in the outbox in the same transaction as the case
change, so a crash never tells anyone about a case that was not stored, and never loses a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import Callback, data
from bot.cases.cards import ButtonRows, Cards
from bot.cases.office_hours import OfficeHours
from bot.cases.routing import Candidate, CaseFacts, RouteKind, route
from bot.cases.states import (
    CaseStatus,
    EventKind,
    OutboxKind,
    Sender,
    TimerKind,
)
from bot.curation.learning import Learning
from bot.i18n import Catalogs
from bot.roles import Role
from bot.store.case_tables import Case, StaffMember
from bot.store.outbox import Outgoing
from bot.store.uow import UnitOfWork


@dataclass(frozen=True)
class CaseSettings:
    """What the case rules need from the configuration."""

    coordinator_chat_id: int | None
    office_hours: OfficeHours
    offer_timeout: dt.timedelta = dt.timedelta(minutes=15)
    first_reply: dt.timedelta = dt.timedelta(minutes=120)
    checkback: dt.timedelta = dt.timedelta(days=7)
    offer_size: int = 3


@dataclass(frozen=True)
class CaseRequest:
    """A resident's request for a person, as the conversation knows it."""

    chat_id: int
    language: str
    other_languages: tuple[str, ...] = ()
    district: str | None = None
    needs: tuple[str, ...] = ()
    text: str | None = None
    update_id: int | None = None
    emergency: bool = False
    reason: str = "resident asked for a person"


@dataclass(frozen=True)
class Media:
    """A message to copy (photo, voice note, document): where it is, and a caption to put on the copy."""

    chat_id: int
    message_id: int
    kind: str = "media"


@dataclass
class Relayed:
    """What became of a relayed message."""

    case: Case | None
    delivered_to: int | None = None  # the key figure or resident it goes to
    alias: str | None = None
    problem: RelayProblem | None = None


class RelayProblem(StrEnum):
    """Why a key figure's message could not be relayed."""

    NOT_YOURS = "not_yours"
    RESIDENT_UNREACHABLE = "resident_unreachable"


class CaseCore:
    """Routing and the helpers every case rule shares; every method works inside the unit of work it is handed."""

    def __init__(
        self,
        settings: CaseSettings,
        catalogs: Catalogs,
        cards: Cards,
        clock: Callable[[], dt.datetime],
        learning: Learning | None = None,
    ) -> None:
        self.settings = settings
        self.t = catalogs.t
        self.cards = cards
        self.clock = clock
        self.learning = learning or Learning()

    def dispatch(self, uow: UnitOfWork, case: Case, now: dt.datetime) -> RouteKind:
        """Offer a case to the best key figures, or queue it for later, or hand it to the coordinators."""
        assert case.id is not None
        people = {m.user_id: m for m in uow.staff.with_role(Role.KEY_FIGURE) if m.available and not m.blocked}
        counts = uow.cases.open_counts()
        candidates = [
            Candidate(
                user_id=m.user_id,
                languages=frozenset(m.languages),
                districts=frozenset(m.districts),
                topics=frozenset(m.topics),
                capacity=m.capacity,
                open_cases=counts.get(m.user_id, 0),
                available_now=self._hours(m).is_open(now),
                last_assigned_at=m.last_assigned_at,
            )
            for m in people.values()
        ]
        facts = CaseFacts(
            language=case.language,
            other_languages=tuple(case.other_languages),
            district=case.district,
            needs=tuple(case.needs),
            excluded=frozenset(case.tried),
            helped_before=frozenset(uow.cases.helped_before(case.chat_id)),
        )
        decision = route(facts, candidates, self.settings.offer_size)
        question = self._first_question(uow, case)
        if decision.kind is RouteKind.OFFER:
            rounds = len(uow.cases.events(case.id))  # a case offered again (after a hand-back) gets new cards
            for user_id in decision.user_ids:
                member = people[user_id]
                uow.cases.offer(case.id, user_id)
                uow.outbox.put(
                    Outgoing(
                        chat_id=user_id,
                        text=self.cards.card(member.ui_language, case, question, now),
                        buttons=self.cards.claim_buttons(member.ui_language, case.id),
                        kind=OutboxKind.CASE_CARD,
                        case_id=case.id,
                        key=f"offer:{case.id}:{user_id}:{rounds}",
                    )
                )
            case.status = CaseStatus.OFFERED.value
            uow.cases.log(case.id, EventKind.OFFERED, users=list(decision.user_ids), language=decision.language)
            uow.timers.schedule(TimerKind.OFFER_TIMEOUT, case.id, now + self.settings.offer_timeout)
        elif decision.kind is RouteKind.LATER:
            case.status = CaseStatus.QUEUED.value
            nxt = self.settings.office_hours.next_open(now) or now + dt.timedelta(minutes=30)
            uow.cases.log(case.id, EventKind.QUEUED, until=nxt.isoformat())
            uow.timers.schedule(TimerKind.REROUTE, case.id, max(nxt, now + dt.timedelta(minutes=1)))
        else:
            case.status = CaseStatus.QUEUED.value
            if not case.emergency:  # an emergency went to the coordinators already
                self._to_coordinators(uow, case, now, question)
        uow.cases.save(case)
        return decision.kind

    def _hours(self, member: StaffMember) -> OfficeHours:
        return OfficeHours.parse(member.availability) if member.availability else self.settings.office_hours

    def _first_question(self, uow: UnitOfWork, case: Case) -> str | None:
        assert case.id is not None
        first = next((m for m in uow.cases.transcript(case.id) if m.sender == Sender.RESIDENT.value), None)
        return first.text if first else None

    def _to_coordinators(self, uow: UnitOfWork, case: Case, now: dt.datetime, question: str | None) -> None:
        assert case.id is not None
        uow.cases.log(case.id, EventKind.TO_COORDINATORS, emergency=case.emergency)
        group = self.settings.coordinator_chat_id
        if group is None:
            return
        speakers = [
            m
            for m in uow.staff.with_role(Role.KEY_FIGURE)
            if case.language in m.languages and m.user_id not in case.tried and not m.blocked
        ]
        n = len(uow.cases.events(case.id))
        uow.outbox.put(
            Outgoing(
                chat_id=group,
                text=self.cards.card("nl", case, question, now),
                buttons=self.cards.coordinator_buttons("nl", case.id, speakers),
                kind=OutboxKind.CASE_CARD,
                case_id=case.id,
                key=f"coord:{case.id}:{n}",
            )
        )

    def _release(self, uow: UnitOfWork, user_id: int | None, case_id: int) -> None:
        if user_id is None:
            return
        member = uow.staff.get(user_id)
        if member is not None and member.active_case_id == case_id:
            member.active_case_id = None
            member.pending = None
            uow.staff.save(member)

    def tell_resident(
        self,
        uow: UnitOfWork,
        case: Case,
        text: Callable[[str], str],
        key: str,
        buttons: Callable[[str], ButtonRows] | None = None,
    ) -> None:
        """Queue a message to the resident of a case, in her language (not when she blocked the bot)."""
        if case.resident_blocked:
            return
        lang = case.language or "nl"
        rows = buttons(lang) if buttons else ()
        uow.outbox.put(Outgoing(case.chat_id, text(lang), rows, OutboxKind.TO_RESIDENT, case.id, key))

    def tell_staff(
        self,
        uow: UnitOfWork,
        user_id: int,
        text: Callable[[str], str],
        key: str,
        *,
        case_id: int | None = None,
        buttons: Callable[[str], ButtonRows] | None = None,
        kind: OutboxKind = OutboxKind.STAFF,
    ) -> None:
        """Queue a message to a key figure or coordinator, in their staff language."""
        member = uow.staff.get(user_id)
        lang = member.ui_language if member else "nl"
        rows = buttons(lang) if buttons else ()
        uow.outbox.put(Outgoing(user_id, text(lang), rows, kind, case_id, key))

    def yes_no(self, lang: str, kind: Callback, case_id: int) -> ButtonRows:
        """👍 Yes / 👎 No buttons about a case, for the resident."""
        return (
            (
                ("👍 " + self.t(lang, "Yes"), data(kind, case_id, 1)),
                ("👎 " + self.t(lang, "No"), data(kind, case_id, 0)),
            ),
        )
