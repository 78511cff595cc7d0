"""The key figures' and coordinators' desk: their cases, claiming, answering, closing, the queue.

Every action checks the role first: a resident who types /claim 1 or forges a button gets a plain
"this is for key figures" and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.callbacks import Callback, data, parse
from bot.cases.core import Media, RelayProblem
from bot.cases.followup import FollowUp
from bot.cases.service import CaseService
from bot.cases.states import NEEDS_NOTE, OPEN, CaseStatus, ClaimResult, Resolution
from bot.chat.replies import Button, Outcome, Reply
from bot.roles import Role, may
from bot.staff.members import Members
from bot.store.case_tables import StaffMember
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

NOTE_PREFIX = "note:"


def _rows(rows: tuple[tuple[tuple[str, str], ...], ...]) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(Button(label, action) for label, action in row) for row in rows)


class Desk:
    """What staff do in their private chat with the bot (and coordinators in their group)."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        cases: CaseService,
        members: Members,
        resident_language: Callable[[int], str] = lambda chat_id: "nl",
    ) -> None:
        self.units = units
        self.resident_language = resident_language
        self.cases = cases
        self.followup = FollowUp(cases)
        self.members = members
        self.cards = cases.cards
        self.st = cases.cards.st

    def role(self, user_id: int) -> Role:
        """A person's role (resident when not staff)."""
        with self.units() as uow:
            return self.members.role(uow, user_id)

    def language(self, user_id: int) -> str:
        """A staff member's interface language."""
        with self.units() as uow:
            member = uow.staff.get(user_id)
            return member.ui_language if member else "nl"

    def _as(
        self,
        user_id: int,
        needed: Role,
        update_id: int | None,
        step: Callable[[UnitOfWork, StaffMember], Outcome],
        *,
        keep_note: bool = False,
    ) -> Outcome:
        with self.units() as uow:
            if update_id is not None and not uow.updates.first_time(update_id):
                return Outcome()
            member = uow.staff.get(user_id)
            if member is None:  # a resident: a plain answer in her own language, and nothing changes
                text = self.cases.t(
                    self.resident_language(user_id), "Sorry, this is only for our key figures and coordinators."
                )
                return Outcome().add(Reply(text))
            if not may(Role(member.role), needed):
                return self.refuse(needed, member.ui_language)
            if member.blocked:  # they write again, so offers reach them again
                self.followup.reachable_again(uow, user_id)
            if not keep_note and member.pending and member.pending.startswith(NOTE_PREFIX):
                member.pending = None  # another action: the closing note is no longer awaited
                uow.staff.save(member)
            return step(uow, member)

    def refuse(self, needed: Role, lang: str = "nl") -> Outcome:
        """The plain answer to someone without the role (nothing changes)."""
        if needed is Role.COORDINATOR:
            return Outcome().add(Reply(self.st(lang, "Sorry, this is for coordinators.")))
        return Outcome().add(Reply(self.st(lang, "Sorry, this is for key figures.")))

    # -- commands -------------------------------------------------------------------------------

    def my_cases(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/cases: the key figure's open cases, each with a button to make it active."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang, now = member.ui_language, self.cases.clock()
            cases = uow.cases.assigned_to(member.user_id)
            if not cases:
                return Outcome().add(Reply(self.st(lang, "You have no open cases.")))
            lines = [self.st(lang, "Your open cases (✉️ = active):")]
            rows = []
            for case in cases:
                mark = "✉️ " if case.id == member.active_case_id else ""
                lines.append(mark + self.cards.summary(lang, case, now))
                rows.append(
                    (Button(self.st(lang, "Write in #{number}", number=case.id), data(Callback.ACTIVATE, case.id)),)
                )
            return Outcome().add(Reply("\n".join(lines), tuple(rows)))

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def activate(self, user_id: int, case_arg: str, update_id: int | None = None) -> Outcome:
        """/case N: make a case the one plain messages go to."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            case = uow.cases.get(int(case_arg)) if case_arg.isdigit() else None
            if case is None or case.assigned_to != member.user_id or CaseStatus(case.status) not in OPEN:
                return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
            member.active_case_id = case.id
            uow.staff.save(member)
            return Outcome().add(
                Reply(
                    self.st(lang, "Your messages now go to case #{number}.", number=case.id),
                    _rows(self.cards.case_buttons(lang, case.id or 0)),
                )
            )

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def claim(self, user_id: int, case_arg: str, update_id: int | None = None) -> Outcome:
        """/claim N or the Claim button: the first claim wins."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            if not case_arg.isdigit():
                return Outcome().add(Reply(self.st(lang, "Use /claim with a case number, e.g. /claim 12.")))
            result = self.cases.claim(uow, int(case_arg), member.user_id)
            return self._claimed(lang, int(case_arg), result)

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def _claimed(self, lang: str, case_id: int, result: ClaimResult) -> Outcome:
        texts = {
            ClaimResult.WON: self.st(lang, "Case #{number} is yours.", number=case_id),
            ClaimResult.TAKEN: self.st(lang, "Case #{number} was already taken by someone else.", number=case_id),
            ClaimResult.CLOSED: self.st(lang, "Case #{number} is closed.", number=case_id),
            ClaimResult.NOT_FOUND: self.st(lang, "There is no case #{number}.", number=case_id),
            ClaimResult.NOT_ALLOWED: self.st(lang, "Sorry, this is for key figures."),
        }
        return Outcome().add(Reply(texts[result]))

    def assign(self, user_id: int, case_arg: str, to_arg: str, update_id: int | None = None) -> Outcome:
        """A coordinator's assign button: give a case to a key figure."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            if not (case_arg.isdigit() and to_arg.lstrip("-").isdigit()):
                return Outcome()
            result = self.cases.claim(uow, int(case_arg), int(to_arg), assigned_by=member.user_id)
            return self._claimed(lang, int(case_arg), result)

        return self._as(user_id, Role.COORDINATOR, update_id, step)

    def resolve_menu(self, user_id: int, case_arg: str, update_id: int | None = None) -> Outcome:
        """/resolve N or the Close button: choose an outcome."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            case = uow.cases.get(int(case_arg)) if case_arg.isdigit() else None
            if case is None or CaseStatus(case.status) not in OPEN:
                return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
            if case.assigned_to != member.user_id and not may(Role(member.role), Role.COORDINATOR):
                return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
            return Outcome().add(
                Reply(
                    self.st(lang, "How did case #{number} end?", number=case.id),
                    _rows(self.cards.resolution_buttons(lang, case.id or 0)),
                )
            )

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def outcome(self, user_id: int, case_arg: str, outcome_arg: str, update_id: int | None = None) -> Outcome:
        """An outcome button: close the case, or first ask for a note."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            try:
                resolution = Resolution(outcome_arg)
            except ValueError:
                return Outcome()
            if not case_arg.isdigit():
                return Outcome()
            if resolution in NEEDS_NOTE:
                member.pending = f"{NOTE_PREFIX}{case_arg}:{resolution.value}"
                uow.staff.save(member)
                return Outcome().add(
                    Reply(self.st(lang, "Write one line: to which service, or what happened (no names or numbers)."))
                )
            return self._resolve(uow, member, int(case_arg), resolution, None)

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def _resolve(
        self, uow: UnitOfWork, member: StaffMember, case_id: int, resolution: Resolution, note: str | None
    ) -> Outcome:
        lang = member.ui_language
        if not self.cases.resolve(uow, case_id, member.user_id, resolution, note):
            return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
        return Outcome().add(Reply(self.st(lang, "Case #{number} is closed. Thank you!", number=case_id)))

    def hand_back(
        self, user_id: int, case_arg: str, update_id: int | None = None, *, to_coordinators: bool = False
    ) -> Outcome:
        """/handback N or the buttons: the case goes to other key figures, or to the coordinators."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            done = case_arg.isdigit() and self.cases.hand_back(
                uow, int(case_arg), member.user_id, to_coordinators=to_coordinators
            )
            if not done:
                return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
            return Outcome().add(Reply(self.st(lang, "Case #{number} went back to the queue.", number=case_arg)))

        return self._as(user_id, Role.KEY_FIGURE, update_id, step)

    def queue(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/queue: every open case and who has it (coordinators)."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang, now = member.ui_language, self.cases.clock()
            cases = uow.cases.open_cases()
            if not cases:
                return Outcome().add(Reply(self.st(lang, "No open cases.")))
            names = {m.user_id: m.name for m in uow.staff.all()}
            lines = [self.st(lang, "Open cases:")]
            for case in cases:
                who = names.get(case.assigned_to or 0, self.st(lang, "nobody yet"))
                lines.append(f"{self.cards.summary(lang, case, now)} → {who}")
            return Outcome().add(Reply("\n".join(lines)))

        return self._as(user_id, Role.COORDINATOR, update_id, step)

    def staff_list(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/staff: the staff members (coordinators)."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lines = [
                f"{m.name} · {m.role} · {','.join(m.languages) or '-'} · {','.join(m.districts) or '*'}"
                + (" · ⏸" if not m.available else "")
                for m in uow.staff.all()
            ]
            return Outcome().add(Reply("\n".join(lines) or "-"))

        return self._as(user_id, Role.COORDINATOR, update_id, step)

    def invite(self, user_id: int, role_arg: str, bot_username: str, update_id: int | None = None) -> Outcome:
        """/invite ROLE (coordinators)."""
        return self._as(
            user_id,
            Role.COORDINATOR,
            update_id,
            lambda uow, m: self.members.invite(uow, m.user_id, role_arg, bot_username),
        )

    def pause(self, user_id: int, paused: bool, update_id: int | None = None) -> Outcome:
        """/pause or /resume."""
        return self._as(
            user_id, Role.KEY_FIGURE, update_id, lambda uow, m: self.members.set_paused(uow, m.user_id, paused)
        )

    def join(
        self, user_id: int, token: str, first_name: str, language: str | None, update_id: int | None = None
    ) -> Outcome:
        """/start join-TOKEN: use an invitation."""
        with self.units() as uow:
            if update_id is not None and not uow.updates.first_time(update_id):
                return Outcome()
            return self.members.join(uow, user_id, token, first_name, language)

    # -- messages -------------------------------------------------------------------------------

    def message(
        self,
        user_id: int,
        message_id: int,
        text: str | None,
        reply_to: int | None,
        media_kind: str | None = None,
        update_id: int | None = None,
    ) -> Outcome:
        """A staff member writes: a pending note, or a message for the resident of a case."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            if member.pending and member.pending.startswith(NOTE_PREFIX) and text:
                case_arg, _, outcome = member.pending.removeprefix(NOTE_PREFIX).partition(":")
                member.pending = None
                uow.staff.save(member)
                return self._resolve(uow, member, int(case_arg), Resolution(outcome), text)
            case_id = uow.cases.case_of_message(member.user_id, reply_to) if reply_to else None
            case_id = case_id or member.active_case_id
            if case_id is None:
                return Outcome().add(Reply(self.st(lang, "You have no active case. /cases lists your cases.")))
            media = Media(member.user_id, message_id, media_kind) if media_kind else None
            relayed = self.cases.from_key_figure(uow, member.user_id, case_id, message_id, text, media)
            if relayed.problem is RelayProblem.RESIDENT_UNREACHABLE:
                return Outcome().add(
                    Reply(
                        self.st(
                            lang,
                            "The resident of case #{number} blocked the bot: your message cannot reach her.",
                            number=case_id,
                        )
                    )
                )
            if relayed.problem:
                return Outcome().add(Reply(self.st(lang, "That is not one of your open cases. /cases lists them.")))
            return Outcome()

        return self._as(user_id, Role.KEY_FIGURE, update_id, step, keep_note=True)

    def press(self, user_id: int, raw: str, update_id: int | None = None) -> Outcome:
        """A staff button (role checked in each action)."""
        kind, args = parse(raw)
        first = args[0] if args else ""
        second = args[1] if len(args) > 1 else ""
        actions: dict[Callback, Callable[[], Outcome]] = {
            Callback.CLAIM: lambda: self.claim(user_id, first, update_id),
            Callback.ASSIGN: lambda: self.assign(user_id, first, second, update_id),
            Callback.RESOLVE: lambda: self.resolve_menu(user_id, first, update_id),
            Callback.OUTCOME: lambda: self.outcome(user_id, first, second, update_id),
            Callback.HAND_BACK: lambda: self.hand_back(user_id, first, update_id, to_coordinators=second == "c"),
            Callback.ACTIVATE: lambda: self.activate(user_id, first, update_id),
        }
        action = actions.get(kind) if kind is not None else None
        return action() if action is not None else Outcome()

    def run_timers(self) -> int:
        """Run due timers (offer time-outs, reminders, check-backs), each in its own unit of work."""
        return self.followup.run_timers(self.units)
