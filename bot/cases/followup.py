"""Follow-up of cases: timers (offer time-outs, reminders, re-routing, check-backs), unreachable people, forget-me."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from bot.callbacks import Callback
from bot.cases.service import CaseService
from bot.cases.states import (
    UNCLAIMED,
    WITH_PERSON,
    CaseStatus,
    EventKind,
    OfferStatus,
    OutboxKind,
    TimerKind,
)
from bot.store.case_tables import Case, Timer
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class FollowUp:
    """What happens later, or when someone cannot be reached."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.settings = cases.settings
        self.t = cases.t
        self.cards = cases.cards

    def run_timers(self, units: UnitOfWorkFactory, limit: int = 20) -> int:
        """Run the due timers (leased, so a second worker skips them), each in its own transaction: one that
        fails is logged and set aside instead of holding up the others; returns how many ran."""
        now = self.cases.clock()
        with units() as uow:
            due = [t.id for t in uow.timers.lease_due(now, limit) if t.id is not None]
        for timer_id in due:
            try:
                with units() as uow:
                    self._run_one(uow, timer_id)
            except Exception:  # a bug in one timer must not stop the rest, on any worker
                log.exception("timer %s failed; set aside", timer_id)
                with units() as uow:
                    timer = uow.timers.get(timer_id)
                    if timer is not None:
                        uow.timers.done(timer, now)
        return len(due)

    def _run_one(self, uow: UnitOfWork, timer_id: int) -> None:
        timer = uow.timers.get(timer_id)
        if timer is None or timer.done_at is not None:
            return
        case = uow.cases.get(timer.case_id)
        if case is not None:
            self._run(uow, timer, case)
        uow.timers.done(timer, self.cases.clock())

    def _run(self, uow: UnitOfWork, timer: Timer, case: Case) -> None:
        assert case.id is not None
        now = self.cases.clock()
        kind = TimerKind(timer.kind)
        status = CaseStatus(case.status)
        if kind in (TimerKind.OFFER_TIMEOUT, TimerKind.REROUTE) and status in UNCLAIMED:
            expired = uow.cases.close_offers(case.id, OfferStatus.EXPIRED)
            if expired:
                case.tried = [*case.tried, *expired]
                uow.cases.log(case.id, EventKind.OFFER_EXPIRED, users=expired)
            self.cases.dispatch(uow, case, now)
        elif kind is TimerKind.FIRST_REPLY and status in WITH_PERSON and case.first_reply_at is None:
            if case.assigned_to is None:
                return
            if not case.reminded:
                case.reminded = True
                uow.cases.save(case)
                uow.cases.log(case.id, EventKind.REMINDED, user=case.assigned_to)
                self._tell_holder(
                    uow,
                    case,
                    lambda lang: self.cards.st(
                        lang,
                        "Reminder: the resident of case #{number} is waiting for your first answer.",
                        number=case.id,
                    ),
                    "remind",
                    OutboxKind.RELAY,
                )
                due = self.settings.office_hours.add_working_time(now, self.settings.first_reply)
                uow.timers.schedule(TimerKind.FIRST_REPLY, case.id, due)
            else:
                self.cases.hand_back(uow, case.id, case.assigned_to)
        elif (
            kind is TimerKind.CHECKBACK
            and status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
            and not case.resident_blocked
        ):
            self.cases.tell_resident(
                uow,
                case,
                lambda lang: self.t(
                    lang,
                    "A week ago you asked us for help (number {number}). Did you get the help you needed?",
                    number=case.id,
                ),
                f"checkback:{case.id}",
                lambda lang: self.cases.yes_no(lang, Callback.CHECKBACK, case.id or 0),
            )
            uow.cases.log(case.id, EventKind.CHECKBACK_SENT)

    def checkback_answer(self, uow: UnitOfWork, case_id: int, chat_id: int, helped: bool) -> bool:
        """The resident's answer to the check-back; the case is closed."""
        case = uow.cases.get(case_id)
        closed = (CaseStatus.RESOLVED.value, CaseStatus.CLOSED.value)
        if case is None or case.chat_id != chat_id or case.status not in closed:
            return False
        case.status = CaseStatus.CLOSED.value
        uow.cases.save(case)
        uow.cases.log(case_id, EventKind.CHECKBACK_ANSWERED, helped=helped)
        uow.cases.log(case_id, EventKind.CLOSED)
        return True

    def reachable_again(self, uow: UnitOfWork, chat_id: int) -> None:
        """Someone unblocked the bot or wrote again: offers and relays reach them again."""
        member = uow.staff.get(chat_id)
        if member is not None and member.blocked:
            member.blocked = False
            uow.staff.save(member)
        case = uow.cases.open_for_chat(chat_id)
        if case is not None and case.resident_blocked:
            case.resident_blocked = False
            uow.cases.save(case)

    def unreachable(self, uow: UnitOfWork, chat_id: int) -> None:
        """Someone blocked the bot: note it on their cases and tell the other side in plain words."""
        member = uow.staff.get(chat_id)
        if member is not None:
            member.blocked = True
            uow.staff.save(member)
            for held in uow.cases.assigned_to(chat_id):
                if held.id is not None and CaseStatus(held.status) in WITH_PERSON:
                    self.cases.hand_back(uow, held.id, chat_id, reason=EventKind.KEY_FIGURE_UNREACHABLE)
            return
        case = uow.cases.open_for_chat(chat_id)
        if case is None or case.id is None or case.resident_blocked:
            return
        case.resident_blocked = True
        uow.cases.save(case)
        uow.cases.log(case.id, EventKind.RESIDENT_UNREACHABLE)
        self._tell_holder(
            uow,
            case,
            lambda lang: self.cards.st(
                lang,
                "The resident of case #{number} blocked the bot: your messages cannot reach her any more.",
                number=case.id,
            ),
            "resident-blocked",
        )

    def _tell_holder(
        self, uow: UnitOfWork, case: Case, text: Callable[[str], str], key: str, kind: OutboxKind = OutboxKind.STAFF
    ) -> None:
        """Tell the key figure who holds a case something about it, with the case's buttons (nobody: nothing)."""
        if case.assigned_to is None or case.id is None:
            return
        number = case.id
        buttons = partial(self.cards.case_buttons, case_id=number)
        holder = case.assigned_to
        self.cases.tell_staff(uow, holder, text, f"{key}:{number}", case_id=number, buttons=buttons, kind=kind)

    def forget(self, uow: UnitOfWork, chat_id: int) -> None:
        """Forget-me: stop the open case, delete transcripts, keep only anonymous case rows for the figures."""
        self.cases.withdraw(uow, chat_id)
        cases = list(uow.cases.of_chat(chat_id))
        ids = [c.id for c in cases if c.id is not None]
        uow.cases.delete_transcripts(ids)
        uow.outbox.drop_for_cases(ids, chat_id)  # her words, cards and copies of her photos to staff too
        for case in cases:
            if case.id is not None:
                uow.timers.cancel(case.id, now=self.cases.clock())
            case.chat_id = 0
            case.note = None
            case.source_update_id = None
            uow.cases.save(case)
        uow.outbox.drop_for_chat(chat_id)
        uow.residents.forget(chat_id)
