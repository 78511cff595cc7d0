"""Curators work the tasks the bot learned from: a wording for a topic (a draft), a new listing (the form), or
'not our job' with a reason. A task never says who asked."""

from __future__ import annotations

from bot.callbacks import Callback, data
from bot.chat.replies import Button, Outcome, Reply
from bot.curation.edits import DraftStatus, EditField
from bot.curation.learning import TaskStatus
from bot.curation.proposals import Proposals
from bot.store.case_tables import CurationTask, ListingEdit, StaffMember
from bot.store.uow import UnitOfWork

TASK_PREFIX = "task:"
SHOWN = 8


class TaskDesk(Proposals):
    """Curation with the tasks from unanswered questions."""

    def tasks(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/tasks: the open tasks, most asked first, each with what a curator can make of it."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            heads = uow.tasks.open_heads()
            if not heads:
                return Outcome().add(Reply(self.st(lang, "No open tasks: the bot understood everyone.")))
            out = Outcome()
            for task in heads[:SHOWN]:
                where = " · ".join(x for x in (task.language, task.district, task.need) if x)
                text = f"#{task.id} · {task.count}× · {where}\n“{task.text}”"
                rows = (
                    (
                        Button(self.st(lang, "➕ Wording for a topic"), data(Callback.CURATE, "tp", task.id)),
                        Button(self.st(lang, "🆕 New listing"), data(Callback.CURATE, "tl", task.id)),
                    ),
                    (Button(self.st(lang, "🚫 Not our job"), data(Callback.CURATE, "tx", task.id)),),
                )
                out.add(Reply(text, rows))
            return out

        return self._as(user_id, update_id, step)

    def _task(self, uow: UnitOfWork, arg: str) -> CurationTask | None:
        task = uow.tasks.get(int(arg)) if arg.isdigit() else None
        return task if task is not None and task.status == TaskStatus.OPEN.value else None

    def task_action(self, user_id: int, what: str, arg: str, need: str, update_id: int | None = None) -> Outcome:
        """A task button: choose a topic for the wording, make it a listing, or say it is not our job."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            task = self._task(uow, arg)
            if task is None:
                return Outcome().add(Reply(self.st(lang, "That task was already done.")))
            if what == "tp":
                kb = self.live.engine.kb
                buttons = [
                    Button(f"{n.icon} {n.name['nl']}", data(Callback.CURATE, "tn", task.id, n.slug)) for n in kb.needs
                ]
                rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
                return Outcome().add(Reply(self.st(lang, "Which topic should this wording find?"), rows))
            if what == "tn" and need in self.live.engine.kb.need_slugs:
                return self._wording(uow, member, task, need)
            if what == "tl":
                task.status, task.decided_by = TaskStatus.LISTING.value, member.user_id
                uow.tasks.save(task)
                return Outcome()
            member.pending = f"{TASK_PREFIX}{task.id}"
            uow.staff.save(member)
            return Outcome().add(Reply(self.st(lang, "Why is it not our job? One line, for the others.")))

        outcome = self._as(user_id, update_id, step)
        if what == "tl" and not outcome.replies:
            return self.propose(user_id)
        return outcome

    def _wording(self, uow: UnitOfWork, member: StaffMember, task: CurationTask, need: str) -> Outcome:
        draft = uow.edits.add(
            ListingEdit(
                service_id="",
                field=EditField.PHRASING.value,
                new_value={"language": task.language or "nl", "need": need, "text": task.text},
                status=DraftStatus.PENDING.value,
                proposed_by=member.user_id,
                proposer_name=member.name,
            )
        )
        task.status, task.decided_by = TaskStatus.PHRASING.value, member.user_id
        uow.tasks.save(task)
        text = self.st(
            member.ui_language,
            "Draft #{number} saved. A second curator or a coordinator approves it with /drafts.",
            number=draft.id,
        )
        return Outcome().add(Reply(text))

    def submit(self, user_id: int, text: str, update_id: int | None = None) -> Outcome:
        """A typed answer: the reason for 'not our job', or what the form or a quick edit asked."""
        with self.units() as uow:
            member = uow.staff.get(user_id)
            pending = (member.pending or "") if member else ""
        if not pending.startswith(TASK_PREFIX):
            return super().submit(user_id, text, update_id)

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            member.pending = None
            uow.staff.save(member)
            task = self._task(uow, pending.removeprefix(TASK_PREFIX))
            if task is not None:
                task.status, task.reason, task.decided_by = TaskStatus.NOT_OUR_JOB.value, text[:300], member.user_id
                uow.tasks.save(task)
            return Outcome().add(Reply(self.st(member.ui_language, "Noted. Thank you.")))

        return self._as(user_id, update_id, step)

    def pending_edit(self, user_id: int) -> bool:
        """Whether a curator's next message answers a question of the bot (an edit, the form, a reason)."""
        with self.units() as uow:
            member = uow.staff.get(user_id)
            if member and member.pending and member.pending.startswith(TASK_PREFIX):
                return True
        return super().pending_edit(user_id)

    def press(self, user_id: int, args: list[str], update_id: int | None = None) -> Outcome:
        """A curation button, including the task buttons."""
        if args[:1] in (["tp"], ["tn"], ["tl"], ["tx"]) and len(args) >= 2:
            return self.task_action(user_id, args[0], args[1], args[2] if len(args) > 2 else "", update_id)
        return super().press(user_id, args, update_id)
