"""Closing cases: resolve with an outcome, hand back, the resident stops it, the resident rates it."""

from __future__ import annotations

from bot.callbacks import Callback
from bot.cases.core import CaseCore
from bot.cases.masking import mask
from bot.cases.states import (
    OPEN,
    WITH_PERSON,
    CaseStatus,
    ChatState,
    EventKind,
    OfferStatus,
    Resolution,
    TimerKind,
)
from bot.curation.learning import TaskSource
from bot.roles import Role, may
from bot.store.case_tables import Case
from bot.store.uow import UnitOfWork


class ClosingRules(CaseCore):
    """How cases end."""

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
        self._learn(uow, case, resolution, note)
        self._release(uow, case.assigned_to, case_id)
        alias = (uow.staff.get(case.assigned_to) or member).name if case.assigned_to else member.name
        self.tell_resident(
            uow,
            case,
            lambda lang: self.t(
                lang,
                "{alias} closed your question (number {number}). Did you get the help you needed?",
                alias=alias,
                number=case_id,
            ),
            f"resolved:{case_id}",
            lambda lang: self.yes_no(lang, Callback.RATE, case_id),
        )
        if case.checkback:
            uow.timers.schedule(TimerKind.CHECKBACK, case_id, now + self.settings.checkback)
        conv = uow.residents.conversation(case.chat_id)
        if conv.state == ChatState.WITH_PERSON.value:
            conv.state = ChatState.IDLE.value
            uow.residents.save(conv)
        return True

    def hand_back(
        self,
        uow: UnitOfWork,
        case_id: int,
        user_id: int,
        *,
        reason: EventKind = EventKind.HANDED_BACK,
        to_coordinators: bool = False,
    ) -> bool:
        """Give a case back: offered to others (never again to this key figure), or straight to the coordinators."""
        case = uow.cases.get(case_id)
        if case is None or case.assigned_to != user_id or CaseStatus(case.status) not in WITH_PERSON:
            return False
        now = self.clock()
        case.tried = [*case.tried, user_id]
        case.assigned_to = None
        case.status = CaseStatus.HANDED_BACK.value
        case.reminded, case.first_reply_at = False, None  # the next key figure gets her own reminder
        uow.cases.log(case_id, reason, actor=user_id)
        uow.timers.cancel(case_id, TimerKind.FIRST_REPLY, now=now)
        self._release(uow, user_id, case_id)
        self.tell_resident(
            uow,
            case,
            lambda lang: self.t(
                lang,
                "Your question (number {number}) goes to another person. You will hear from them here.",
                number=case_id,
            ),
            f"handback:{case_id}:{user_id}",
        )
        if to_coordinators:
            case.status = CaseStatus.QUEUED.value
            uow.cases.save(case)
            self._to_coordinators(uow, case, now, self._first_question(uow, case))
        else:
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
            self.tell_staff(
                uow,
                user_id,
                lambda lang: self.cards.st(lang, "The resident stopped case #{number}.", number=case.id),
                f"withdrawn:{case.id}:{user_id}",
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

    def _learn(self, uow: UnitOfWork, case: Case, resolution: Resolution, note: str | None) -> None:
        """'Not in the knowledge base' and 'reusable answer' become curation tasks (no identity, masked)."""
        if resolution not in (Resolution.NOT_IN_KB, Resolution.REUSABLE):
            return
        question = self._first_question(uow, case) or ""
        if resolution is Resolution.REUSABLE:
            question = f"{question} → {note or ''}"
        source = TaskSource.NOT_IN_KB if resolution is Resolution.NOT_IN_KB else TaskSource.REUSABLE
        need = case.needs[0] if case.needs else None
        self.learning.record(uow, question, source, language=case.language, district=case.district, need=need)
