"""The case service: open, route, offer, claim, relay, resolve, hand back. Rules live here, on a unit of work.

Everything a case causes for other people is queued in the outbox in the same transaction as the case
change, so a crash never tells anyone about a case that was not stored, and never loses a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.callbacks import Callback, data
from bot.cases.cards import Cards
from bot.cases.masking import mask
from bot.cases.office_hours import OfficeHours
from bot.cases.routing import Candidate, CaseFacts, RouteKind, route
from bot.cases.states import (
    OPEN,
    UNCLAIMED,
    WITH_PERSON,
    CaseStatus,
    ChatState,
    ClaimResult,
    EventKind,
    OfferStatus,
    OutboxKind,
    Resolution,
    Sender,
    TimerKind,
)
from bot.i18n import Catalogs
from bot.roles import Role, may
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
    problem: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


class CaseService:
    """The case rules; every method works inside the unit of work it is handed."""

    def __init__(
        self, settings: CaseSettings, catalogs: Catalogs, cards: Cards, clock: Callable[[], dt.datetime]
    ) -> None:
        self.settings = settings
        self.t = catalogs.t
        self.cards = cards
        self.clock = clock

    # -- opening and routing -------------------------------------------------------------------

    def open(self, uow: UnitOfWork, req: CaseRequest) -> tuple[Case, bool]:
        """Store a case (or return the one this update or an open one of this chat already made), then route it."""
        if req.update_id is not None:
            same = uow.cases.by_update(req.update_id)
            if same is not None:
                return same, False
        existing = uow.cases.open_for_chat(req.chat_id)
        if existing is not None:
            if req.text:
                uow.cases.add_message(existing, Sender.RESIDENT, req.text)
            return existing, False
        now = self.clock()
        case = uow.cases.add(
            Case(
                chat_id=req.chat_id,
                language=req.language,
                other_languages=[x for x in req.other_languages if x != req.language],
                district=req.district,
                needs=list(req.needs),
                reason=req.reason[:200],
                emergency=req.emergency,
                source_update_id=req.update_id,
                created_at=now,
                updated_at=now,
            )
        )
        assert case.id is not None
        if req.text:
            uow.cases.add_message(case, Sender.RESIDENT, req.text)
        uow.cases.log(case.id, EventKind.OPENED, reason=req.reason[:100], emergency=req.emergency)
        if req.emergency:
            self._to_coordinators(uow, case, now, req.text)
        self.dispatch(uow, case, now)
        return case, True

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
                        key=f"offer:{case.id}:{user_id}",
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

    # -- claiming ------------------------------------------------------------------------------

    def claim(self, uow: UnitOfWork, case_id: int, user_id: int, assigned_by: int | None = None) -> ClaimResult:
        """First claim wins (atomic); the others are told the case was taken."""
        member = uow.staff.get(user_id)
        if member is None or not may(Role(member.role), Role.KEY_FIGURE):
            return ClaimResult.NOT_ALLOWED
        case = uow.cases.get(case_id)
        if case is None:
            return ClaimResult.NOT_FOUND
        if CaseStatus(case.status) not in UNCLAIMED:
            return ClaimResult.TAKEN if CaseStatus(case.status) in WITH_PERSON else ClaimResult.CLOSED
        now = self.clock()
        if not uow.cases.try_claim(case_id, user_id, now):
            return ClaimResult.TAKEN
        case = uow.cases.get(case_id)
        assert case is not None
        for other in uow.cases.close_offers(case_id, OfferStatus.TAKEN, except_user=user_id):
            lang = (uow.staff.get(other) or member).ui_language
            uow.outbox.put(
                Outgoing(
                    other,
                    self.cards.st(lang, "Case #{number} was taken by someone else. Thank you!", number=case_id),
                    key=f"taken:{case_id}:{other}",
                )
            )
        kind = EventKind.ASSIGNED if assigned_by else EventKind.CLAIMED
        uow.cases.log(case_id, kind, actor=assigned_by or user_id, user=user_id)
        member.last_assigned_at = now
        member.active_case_id = case_id
        uow.staff.save(member)
        uow.timers.cancel(case_id, TimerKind.OFFER_TIMEOUT, TimerKind.REROUTE, now=now)
        due = self.settings.office_hours.add_working_time(now, self.settings.first_reply)
        uow.timers.schedule(TimerKind.FIRST_REPLY, case_id, due)
        lang = member.ui_language
        lines = [self.cards.summary(lang, case, now)]
        lines += [f"• {m.text}" for m in uow.cases.transcript(case_id) if m.sender == Sender.RESIDENT.value]
        lines.append(
            self.cards.st(lang, "Write here to answer; your messages go to the resident as {alias}.", alias=member.name)
        )
        uow.outbox.put(
            Outgoing(
                user_id,
                "\n".join(lines),
                self.cards.case_buttons(lang, case_id),
                kind=OutboxKind.RELAY,
                case_id=case_id,
                key=f"claimed:{case_id}:{user_id}",
            )
        )
        if not case.resident_blocked:
            rlang = case.language or "nl"
            uow.outbox.put(
                Outgoing(
                    case.chat_id,
                    self.t(
                        rlang,
                        "{alias} from Buurtwijzer will help you. Write here: your messages go to {alias}.",
                        alias=member.name,
                    ),
                    kind=OutboxKind.TO_RESIDENT,
                    case_id=case_id,
                    key=f"claimed-r:{case_id}:{user_id}",
                )
            )
        return ClaimResult.WON

    # -- relaying --------------------------------------------------------------------------------

    def from_resident(
        self, uow: UnitOfWork, case: Case, message_id: int, text: str | None, media: Media | None = None
    ) -> Relayed:
        """A resident's message on her open case: to the transcript, and to her key figure when there is one."""
        assert case.id is not None
        uow.cases.add_message(case, Sender.RESIDENT, text or f"[{media.kind if media else 'media'}]")
        uow.cases.log(case.id, EventKind.RESIDENT_WROTE, media=media.kind if media else None)
        if case.assigned_to is None or CaseStatus(case.status) not in WITH_PERSON:
            uow.cases.save(case)
            return Relayed(case)
        member = uow.staff.get(case.assigned_to)
        lang = member.ui_language if member else "nl"
        head = self.cards.st(lang, "#{number} · resident:", number=case.id)
        uow.outbox.put(
            Outgoing(
                case.assigned_to,
                f"{head}\n{text}" if text else head + (" " + media.kind if media else ""),
                kind=OutboxKind.RELAY,
                case_id=case.id,
                key=f"relay-r:{case.chat_id}:{message_id}",
                copy_from=(media.chat_id, media.message_id) if media else None,
            )
        )
        case.status = CaseStatus.WAITING_KEY_FIGURE.value
        uow.cases.save(case)
        return Relayed(case, case.assigned_to, member.name if member else None)

    def from_key_figure(
        self, uow: UnitOfWork, user_id: int, case_id: int, message_id: int, text: str | None, media: Media | None = None
    ) -> Relayed:
        """A key figure's answer: to the resident under the key figure's alias."""
        case = uow.cases.get(case_id)
        member = uow.staff.get(user_id)
        if case is None or member is None or case.assigned_to != user_id or CaseStatus(case.status) not in WITH_PERSON:
            return Relayed(case, problem="not_yours")
        if case.resident_blocked:
            return Relayed(case, problem="resident_unreachable")
        now = self.clock()
        uow.cases.add_message(case, Sender.KEY_FIGURE, text or f"[{media.kind if media else 'media'}]")
        uow.cases.log(case_id, EventKind.KEY_FIGURE_WROTE, actor=user_id, media=media.kind if media else None)
        uow.outbox.put(
            Outgoing(
                case.chat_id,
                f"{member.name}: {text}" if text else member.name,
                kind=OutboxKind.TO_RESIDENT,
                case_id=case_id,
                key=f"relay-k:{user_id}:{message_id}",
                copy_from=(media.chat_id, media.message_id) if media else None,
            )
        )
        if case.first_reply_at is None:
            case.first_reply_at = now
            uow.timers.cancel(case_id, TimerKind.FIRST_REPLY, now=now)
        case.status = CaseStatus.WAITING_RESIDENT.value
        uow.cases.save(case)
        conv = uow.residents.conversation(case.chat_id)
        if conv.state == ChatState.IDLE.value:
            conv.state = ChatState.WITH_PERSON.value
            uow.residents.save(conv)
        return Relayed(case, case.chat_id, member.name)

    # -- closing ---------------------------------------------------------------------------------

    def resolve(
        self, uow: UnitOfWork, case_id: int, user_id: int, resolution: Resolution, note: str | None = None
    ) -> bool:
        """Close a case with an outcome; the resident hears it and may rate it; a check-back is planned."""
        case = uow.cases.get(case_id)
        member = uow.staff.get(user_id)
        if case is None or member is None or CaseStatus(case.status) not in OPEN:
            return False
        if case.assigned_to != user_id and not may(Role(member.role), Role.COORDINATOR):
            return False
        now = self.clock()
        case.status, case.outcome, case.closed_at = CaseStatus.RESOLVED.value, resolution.value, now
        case.note = mask(note)[:500] if note else None
        uow.cases.save(case)
        uow.cases.log(case_id, EventKind.RESOLVED, actor=user_id, outcome=resolution.value)
        uow.timers.cancel(case_id, now=now)
        self._release(uow, case.assigned_to, case_id)
        alias = (uow.staff.get(case.assigned_to) or member).name if case.assigned_to else member.name
        if not case.resident_blocked:
            lang = case.language or "nl"
            uow.outbox.put(
                Outgoing(
                    case.chat_id,
                    self.t(
                        lang,
                        "{alias} closed your question (number {number}). Did you get the help you needed?",
                        alias=alias,
                        number=case_id,
                    ),
                    (
                        (
                            ("👍 " + self.t(lang, "Yes"), data(Callback.RATE, case_id, 1)),
                            ("👎 " + self.t(lang, "No"), data(Callback.RATE, case_id, 0)),
                        ),
                    ),
                    kind=OutboxKind.TO_RESIDENT,
                    case_id=case_id,
                    key=f"resolved:{case_id}",
                )
            )
        if case.checkback:
            uow.timers.schedule(TimerKind.CHECKBACK, case_id, now + self.settings.checkback)
        conv = uow.residents.conversation(case.chat_id)
        if conv.state == ChatState.WITH_PERSON.value:
            conv.state = ChatState.IDLE.value
            uow.residents.save(conv)
        return True

    def _release(self, uow: UnitOfWork, user_id: int | None, case_id: int) -> None:
        if user_id is None:
            return
        member = uow.staff.get(user_id)
        if member is not None and member.active_case_id == case_id:
            member.active_case_id = None
            member.pending = None
            uow.staff.save(member)

    def hand_back(
        self, uow: UnitOfWork, case_id: int, user_id: int, *, reason: EventKind = EventKind.HANDED_BACK
    ) -> bool:
        """Give a case back: it is offered to others (never again to this key figure)."""
        case = uow.cases.get(case_id)
        if case is None or case.assigned_to != user_id or CaseStatus(case.status) not in WITH_PERSON:
            return False
        now = self.clock()
        case.tried = [*case.tried, user_id]
        case.assigned_to = None
        case.status = CaseStatus.HANDED_BACK.value
        uow.cases.log(case_id, reason, actor=user_id)
        uow.timers.cancel(case_id, TimerKind.FIRST_REPLY, now=now)
        self._release(uow, user_id, case_id)
        if not case.resident_blocked:
            lang = case.language or "nl"
            uow.outbox.put(
                Outgoing(
                    case.chat_id,
                    self.t(
                        lang,
                        "Your question (number {number}) goes to another person. You will hear from them here.",
                        number=case_id,
                    ),
                    kind=OutboxKind.TO_RESIDENT,
                    case_id=case_id,
                    key=f"handback:{case_id}:{user_id}",
                )
            )
        self.dispatch(uow, case, now)
        return True

    def withdraw(self, uow: UnitOfWork, chat_id: int) -> Case | None:
        """The resident stops her open case; whoever has or was offered it is told."""
        case = uow.cases.open_for_chat(chat_id)
        if case is None or case.id is None:
            return None
        now = self.clock()
        told = set(uow.cases.close_offers(case.id, OfferStatus.EXPIRED))
        if case.assigned_to is not None:
            told.add(case.assigned_to)
            self._release(uow, case.assigned_to, case.id)
        for user_id in told:
            member = uow.staff.get(user_id)
            lang = member.ui_language if member else "nl"
            uow.outbox.put(
                Outgoing(
                    user_id,
                    self.cards.st(lang, "The resident stopped case #{number}.", number=case.id),
                    key=f"withdrawn:{case.id}:{user_id}",
                )
            )
        case.status, case.closed_at = CaseStatus.WITHDRAWN.value, now
        uow.cases.save(case)
        uow.cases.log(case.id, EventKind.WITHDRAWN)
        uow.timers.cancel(case.id, now=now)
        return case

    def rate(self, uow: UnitOfWork, case_id: int, chat_id: int, helped: bool) -> bool:
        """The resident's rating of a closed case."""
        case = uow.cases.get(case_id)
        if (
            case is None
            or case.chat_id != chat_id
            or case.status not in (CaseStatus.RESOLVED.value, CaseStatus.CLOSED.value)
        ):
            return False
        case.rating = 1 if helped else 0
        if not case.checkback:
            case.status = CaseStatus.CLOSED.value
        uow.cases.save(case)
        uow.cases.log(case_id, EventKind.RATED, helped=helped)
        return True
