"""The case service: open, route, offer, claim, relay both ways; closing is in closing.py, routing in core.py.

Everything a case causes for other people is queued in the outbox in the same transaction as the case
change, so a crash never tells anyone about a case that was not stored, and never loses a message.
"""

from __future__ import annotations

from bot.cases.closing import ClosingRules
from bot.cases.core import CaseRequest, Media, Relayed, RelayProblem
from bot.cases.states import (
    UNCLAIMED,
    WITH_PERSON,
    CaseStatus,
    ChatState,
    ClaimResult,
    EventKind,
    OfferStatus,
    OutboxKind,
    Sender,
    TimerKind,
)
from bot.roles import Role, may
from bot.store.case_tables import Case
from bot.store.outbox import Outgoing
from bot.store.uow import UnitOfWork


class CaseService(ClosingRules):
    """Every case rule, on the unit of work it is handed."""

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
        offered = uow.cases.has_open_offer(case_id, user_id) and user_id not in case.tried
        if assigned_by is None and not offered and not may(Role(member.role), Role.COORDINATOR):
            return ClaimResult.NOT_ALLOWED  # only the key figures it was offered to (or a coordinator) may take it
        now = self.clock()
        if not uow.cases.try_claim(case_id, user_id, now):
            return ClaimResult.TAKEN
        case = uow.cases.get(case_id)
        assert case is not None
        for other in uow.cases.close_offers(case_id, OfferStatus.TAKEN, except_user=user_id):
            self.tell_staff(
                uow,
                other,
                lambda lang: self.cards.st(
                    lang, "Case #{number} was taken by someone else. Thank you!", number=case_id
                ),
                f"taken:{case_id}:{other}",
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
        said = [m for m in uow.cases.transcript(case_id) if m.sender == Sender.RESIDENT.value]
        lines += [f"• {m.text[:600]}" for m in said[-6:]]  # the card stays within one Telegram message
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
        for m in said:  # photos and documents she sent while she waited follow the card
            if m.media_message_id is not None:
                uow.outbox.put(
                    Outgoing(
                        user_id,
                        self.cards.st(lang, "#{number} · resident:", number=case_id),
                        kind=OutboxKind.RELAY,
                        case_id=case_id,
                        key=f"claimed-media:{case_id}:{user_id}:{m.media_message_id}",
                        copy_from=(case.chat_id, m.media_message_id),
                    )
                )
        self.tell_resident(
            uow,
            case,
            lambda lang: self.t(
                lang,
                "{alias} from Buurtwijzer will help you. Write here: your messages go to {alias}.",
                alias=member.name,
            ),
            f"claimed-r:{case_id}:{user_id}",
        )
        return ClaimResult.WON

    # -- relaying --------------------------------------------------------------------------------

    def from_resident(
        self, uow: UnitOfWork, case: Case, message_id: int, text: str | None, media: Media | None = None
    ) -> Relayed:
        """A resident's message on her open case: to the transcript, and to her key figure when there is one."""
        assert case.id is not None
        kept = media.message_id if media else None
        uow.cases.add_message(case, Sender.RESIDENT, text or f"[{media.kind if media else 'media'}]", kept)
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
            return Relayed(case, problem=RelayProblem.NOT_YOURS)
        if case.resident_blocked:
            return Relayed(case, problem=RelayProblem.RESIDENT_UNREACHABLE)
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
