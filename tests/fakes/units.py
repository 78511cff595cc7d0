"""A hand-written in-memory unit of work, passed into the services in fast tests (no database, no patching)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bot.cases.states import OPEN, UNCLAIMED, CaseStatus, EventKind, OfferStatus, Sender, TimerKind
from bot.roles import Role
from bot.store.case_tables import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseOffer,
    CurationTask,
    Invite,
    ListingEdit,
    OutboxMessage,
    StaffMember,
    Timer,
)
from bot.store.outbox import Outgoing
from bot.store.tables import Conversation, Feedback, Resident
from bot.store.uow import UnitOfWork, UnitOfWorkFactory


class FakeResidents:
    def __init__(self) -> None:
        self.rows: dict[int, Resident] = {}
        self.convs: dict[int, Conversation] = {}
        self.feedback: list[Feedback] = []

    def get(self, chat_id: int) -> Resident | None:
        return self.rows.get(chat_id)

    def get_or_create(self, chat_id: int, language: str | None = None) -> Resident:
        return self.rows.setdefault(chat_id, Resident(chat_id=chat_id, language=language))

    def conversation(self, chat_id: int) -> Conversation:
        return self.convs.setdefault(chat_id, Conversation(chat_id=chat_id))

    def save(self, *rows: Resident | Conversation) -> None:
        for row in rows:
            (self.convs if isinstance(row, Conversation) else self.rows)[row.chat_id] = row  # type: ignore[index]

    def forget(self, chat_id: int) -> int:
        return int(self.rows.pop(chat_id, None) is not None) + int(self.convs.pop(chat_id, None) is not None)

    def add_feedback(self, feedback: Feedback) -> None:
        self.feedback.append(feedback)


class FakeUpdates:
    def __init__(self) -> None:
        self.seen: set[int] = set()

    def first_time(self, update_id: int) -> bool:
        if update_id in self.seen:
            return False
        self.seen.add(update_id)
        return True

    def purge(self, older_than: dt.datetime) -> int:
        return 0


class FakeCases:
    def __init__(self) -> None:
        self.rows: dict[int, Case] = {}
        self.log_rows: list[CaseEvent] = []
        self.messages: list[CaseMessage] = []
        self.offer_rows: list[CaseOffer] = []
        self.links: dict[tuple[int, int], int] = {}

    def by_update(self, update_id: int) -> Case | None:
        return next((c for c in self.rows.values() if c.source_update_id == update_id), None)

    def open_for_chat(self, chat_id: int) -> Case | None:
        return next((c for c in self.rows.values() if c.chat_id == chat_id and CaseStatus(c.status) in OPEN), None)

    def add(self, case: Case) -> Case:
        case.id = len(self.rows) + 1
        self.rows[case.id] = case
        return case

    def get(self, case_id: int) -> Case | None:
        return self.rows.get(case_id)

    def save(self, case: Case) -> None:
        assert case.id in self.rows

    def try_claim(self, case_id: int, user_id: int, now: dt.datetime) -> bool:
        case = self.rows.get(case_id)
        if case is None or CaseStatus(case.status) not in UNCLAIMED:
            return False
        case.status, case.assigned_to, case.claimed_at = CaseStatus.CLAIMED.value, user_id, now
        return True

    def log(self, case_id: int, kind: EventKind, actor: int | None = None, **detail: Any) -> None:
        self.log_rows.append(CaseEvent(case_id=case_id, kind=kind.value, actor=actor, detail=detail))

    def events(self, case_id: int) -> list[CaseEvent]:
        return [e for e in self.log_rows if e.case_id == case_id]

    def add_message(self, case: Case, sender: Sender, text: str, media_message_id: int | None = None) -> None:
        self.messages.append(
            CaseMessage(case_id=case.id or 0, sender=sender.value, text=text, media_message_id=media_message_id)
        )

    def transcript(self, case_id: int) -> list[CaseMessage]:
        return [m for m in self.messages if m.case_id == case_id]

    def open_cases(self) -> list[Case]:
        return [c for c in self.rows.values() if CaseStatus(c.status) in OPEN]

    def assigned_to(self, user_id: int) -> list[Case]:
        return [c for c in self.open_cases() if c.assigned_to == user_id]

    def open_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for case in self.open_cases():
            if case.assigned_to is not None:
                counts[case.assigned_to] = counts.get(case.assigned_to, 0) + 1
        return counts

    def helped_before(self, chat_id: int) -> set[int]:
        return {c.assigned_to for c in self.rows.values() if c.chat_id == chat_id and c.assigned_to is not None}

    def offer(self, case_id: int, user_id: int) -> None:
        same = next((o for o in self.offer_rows if o.case_id == case_id and o.user_id == user_id), None)
        if same is None:
            self.offer_rows.append(CaseOffer(case_id=case_id, user_id=user_id))
        else:
            same.status = OfferStatus.OPEN.value

    def has_open_offer(self, case_id: int, user_id: int) -> bool:
        return any(o.user_id == user_id for o in self.offers(case_id, OfferStatus.OPEN))

    def offers(self, case_id: int, status: OfferStatus | None = None) -> list[CaseOffer]:
        return [o for o in self.offer_rows if o.case_id == case_id and (status is None or o.status == status.value)]

    def close_offers(self, case_id: int, status: OfferStatus, except_user: int | None = None) -> list[int]:
        users = []
        for offer in self.offers(case_id, OfferStatus.OPEN):
            offer.status = OfferStatus.CLAIMED.value if offer.user_id == except_user else status.value
            if offer.user_id != except_user:
                users.append(offer.user_id)
        return users

    def link(self, chat_id: int, message_id: int, case_id: int) -> None:
        self.links[(chat_id, message_id)] = case_id

    def case_of_message(self, chat_id: int, message_id: int) -> int | None:
        return self.links.get((chat_id, message_id))

    def of_chat(self, chat_id: int) -> Sequence[Case]:
        return [c for c in self.rows.values() if c.chat_id == chat_id]

    def delete_transcripts(self, case_ids: Sequence[int]) -> int:
        before = len(self.messages)
        self.messages = [m for m in self.messages if m.case_id not in case_ids]
        return before - len(self.messages)

    def purge_transcripts(self, older_than: dt.datetime) -> int:
        old = [c.id or 0 for c in self.rows.values() if c.closed_at is not None and c.closed_at < older_than]
        return self.delete_transcripts(old)


class FakeStaff:
    def __init__(self) -> None:
        self.rows: dict[int, StaffMember] = {}
        self.invites: dict[str, Invite] = {}

    def get(self, user_id: int) -> StaffMember | None:
        return self.rows.get(user_id)

    def save(self, member: StaffMember) -> None:
        self.rows[member.user_id] = member

    def remove(self, user_id: int) -> bool:
        return self.rows.pop(user_id, None) is not None

    def all(self) -> list[StaffMember]:
        return list(self.rows.values())

    def with_role(self, *roles: Role) -> list[StaffMember]:
        return [m for m in self.rows.values() if m.role in {r.value for r in roles}]

    def add_invite(self, invite: Invite) -> None:
        self.invites[invite.token] = invite

    def use_invite(self, token: str, user_id: int, now: dt.datetime) -> Invite | None:
        invite = self.invites.get(token)
        if invite is None or invite.used_by is not None or invite.expires_at <= now:
            return None
        invite.used_by, invite.used_at = user_id, now
        return invite


class FakeTimers:
    def __init__(self) -> None:
        self.rows: list[Timer] = []

    def schedule(self, kind: TimerKind, case_id: int, due_at: dt.datetime) -> None:
        self.rows.append(Timer(id=len(self.rows) + 1, kind=kind.value, case_id=case_id, due_at=due_at))

    def cancel(self, case_id: int, *kinds: TimerKind, now: dt.datetime) -> None:
        for timer in self.open_for(case_id):
            if not kinds or TimerKind(timer.kind) in kinds:
                timer.done_at = now

    def lease_due(self, now: dt.datetime, limit: int = 20) -> list[Timer]:
        due = [t for t in self.rows if t.done_at is None and t.due_at <= now]
        return sorted(due, key=lambda t: t.due_at)[:limit]

    def get(self, timer_id: int) -> Timer | None:
        return next((t for t in self.rows if t.id == timer_id), None)

    def done(self, timer: Timer, now: dt.datetime) -> None:
        timer.done_at = now

    def open_for(self, case_id: int) -> list[Timer]:
        return [t for t in self.rows if t.case_id == case_id and t.done_at is None]


class FakeOutbox:
    def __init__(self) -> None:
        self.rows: list[OutboxMessage] = []

    def put(self, out: Outgoing) -> OutboxMessage | None:
        if out.key is not None and any(m.key == out.key for m in self.rows):
            return None
        msg = OutboxMessage(
            id=len(self.rows) + 1,
            key=out.key,
            chat_id=out.chat_id,
            text=out.text,
            buttons=[[[label, data] for label, data in row] for row in out.buttons],
            kind=out.kind.value,
            case_id=out.case_id,
            copy_chat_id=out.copy_from[0] if out.copy_from else None,
            copy_message_id=out.copy_from[1] if out.copy_from else None,
        )
        self.rows.append(msg)
        return msg

    def drop_for_cases(self, case_ids: Sequence[int], copied_from: int) -> int:
        before = len(self.rows)
        self.rows = [m for m in self.rows if m.case_id not in case_ids and m.copy_chat_id != copied_from]
        return before - len(self.rows)

    def drop_for_chat(self, chat_id: int) -> int:
        before = len(self.rows)
        self.rows = [m for m in self.rows if m.chat_id != chat_id]
        return before - len(self.rows)

    def lease(
        self, now: dt.datetime | None = None, limit: int = 20, hold: dt.timedelta = dt.timedelta(seconds=60)
    ) -> list[OutboxMessage]:
        return [m for m in self.rows if m.sent_at is None][:limit]

    def get(self, msg_id: int) -> OutboxMessage | None:
        return next((m for m in self.rows if m.id == msg_id), None)

    def sent(self, msg: OutboxMessage, message_id: int | None) -> None:
        msg.sent_at, msg.sent_message_id = dt.datetime.now(dt.UTC), message_id

    def failed(self, msg: OutboxMessage, error: str, retry_after: float | None = None, final: bool = False) -> None:
        msg.attempts += 1
        msg.last_error = error

    def purge_sent(self, older_than: dt.datetime) -> int:
        return 0

    def to(self, chat_id: int) -> list[OutboxMessage]:
        """What was queued for one chat (test helper)."""
        return [m for m in self.rows if m.chat_id == chat_id]


class FakeEdits:
    def __init__(self) -> None:
        self.rows: list[ListingEdit] = []
        self.number = 0

    def add(self, edit: ListingEdit) -> ListingEdit:
        edit.id = len(self.rows) + 1
        self.rows.append(edit)
        return edit

    def get(self, edit_id: int) -> ListingEdit | None:
        return next((e for e in self.rows if e.id == edit_id), None)

    def pending(self) -> list[ListingEdit]:
        return [e for e in self.rows if e.status == "pending"]

    def approved(self) -> list[ListingEdit]:
        return [e for e in self.rows if e.status == "approved"]

    def save(self, edit: ListingEdit) -> None:
        assert edit in self.rows

    def version(self) -> int:
        return self.number

    def bump(self) -> int:
        self.number += 1
        return self.number


class FakeTasks:
    def __init__(self) -> None:
        self.rows: list[CurationTask] = []

    def add(self, task: CurationTask) -> CurationTask:
        task.id = len(self.rows) + 1
        if task.group_id is None:
            task.group_id = task.id
        self.rows.append(task)
        return task

    def get(self, task_id: int) -> CurationTask | None:
        return next((t for t in self.rows if t.id == task_id), None)

    def save(self, task: CurationTask) -> None:
        assert task in self.rows

    def open_heads(self, language: str | None = None) -> list[CurationTask]:
        heads = [t for t in self.rows if t.status == "open" and t.group_id == t.id]
        heads = [t for t in heads if language is None or t.language == language]
        return sorted(heads, key=lambda t: (-t.count, t.id or 0))


class FakeUnitOfWork:
    """Every fake repository; 'committing' is a no-op, as everything lives in memory."""

    def __init__(self) -> None:
        self.residents = FakeResidents()
        self.updates = FakeUpdates()
        self.cases = FakeCases()
        self.staff = FakeStaff()
        self.timers = FakeTimers()
        self.outbox = FakeOutbox()
        self.edits = FakeEdits()
        self.tasks = FakeTasks()


def fake_units(uow: FakeUnitOfWork) -> UnitOfWorkFactory:
    """A factory that always hands out the same in-memory unit of work."""

    @contextmanager
    def unit() -> Iterator[UnitOfWork]:
        yield uow

    return unit
