"""Curators in the bot: find a listing, see it as residents do, confirm it with one tap, propose quick edits,
and approve each other's drafts (a second curator or a coordinator). Every action checks the role first."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from bot.callbacks import Callback, data, service_key
from bot.cases.cards import Cards
from bot.catalog.models import Service
from bot.chat.replies import Button, Outcome, Reply
from bot.curation.edits import NEEDS_VALUE, DraftStatus, EditError, EditField, current, parse_value
from bot.curation.live import LiveKnowledge
from bot.msgids import _s
from bot.roles import Role, may
from bot.store.case_tables import ListingEdit, StaffMember
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

EDIT_PREFIX = "edit:"
NEW_PREFIX = "new:"
MAX_FOUND = 6
PROMPTS: dict[EditField, str] = {
    EditField.CLOSED_UNTIL: _s("Closed until which date? Write it like 2027-01-15."),
    EditField.HOURS: _s("The opening hours? Write them like: mo-fr 09:00-12:00; we 13:00-16:00"),
    EditField.PHONE: _s("The phone number? Write it like 036 123 4567."),
    EditField.ADDRESS: _s("The address? Write it like: Stadhuisplein 101, 1315 XC, almere-stad"),
    EditField.ACCESS_NOTE: _s("How does a resident get in? One or two short sentences."),
    EditField.NOTE: _s("The note for residents? One or two short sentences."),
}
LABELS: dict[EditField, str] = {
    EditField.CONFIRM: _s("✅ Still correct"),
    EditField.CLOSED_UNTIL: _s("⏸ Closed until…"),
    EditField.REOPEN: _s("▶️ Open again"),
    EditField.HOURS: _s("🕒 Hours"),
    EditField.PHONE: _s("📞 Phone"),
    EditField.ADDRESS: _s("📍 Address"),
    EditField.ACCESS_NOTE: _s("🚪 How to get in"),
    EditField.NOTE: _s("📝 Note for residents"),
    EditField.NEW: _s("🆕 New initiative"),
    EditField.PHRASING: _s("➕ New wording for a topic"),
}


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class Curation:
    """What curators (and coordinators) do with the knowledge in their chat with the bot."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        live: LiveKnowledge,
        cards: Cards,
        clock: Callable[[], dt.datetime],
        resident_language: Callable[[int], str],
    ) -> None:
        self.units = units
        self.live = live
        self.cards = cards
        self.st = cards.st
        self.clock = clock
        self.resident_language = resident_language

    def _services(self) -> dict[str, Service]:
        return {service_key(s.id): s for s in self.live.engine.kb.services}

    def _as(self, user_id: int, update_id: int | None, step: Callable[[UnitOfWork, StaffMember], Outcome]) -> Outcome:
        with self.units() as uow:
            if update_id is not None and not uow.updates.first_time(update_id):
                return Outcome()
            member = uow.staff.get(user_id)
            if member is None:
                text = self.cards.cat.t(
                    self.resident_language(user_id), "Sorry, this is only for our key figures and coordinators."
                )
                return Outcome().add(Reply(text))
            if not may(Role(member.role), Role.CURATOR):
                return Outcome().add(Reply(self.st(member.ui_language, "Sorry, this is for curators.")))
            return step(uow, member)

    def pending_edit(self, user_id: int) -> bool:
        """Whether a curator's next message is the value of an edit."""
        with self.units() as uow:
            member = uow.staff.get(user_id)
            return bool(member and member.pending and member.pending.startswith((EDIT_PREFIX, NEW_PREFIX)))

    def find(self, user_id: int, query: str, update_id: int | None = None) -> Outcome:
        """/find WORDS: listings whose name, description, need or district matches every word."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            words = [w for w in query.lower().split() if w]
            if not words:
                return Outcome().add(Reply(self.st(lang, "Use /find with a name or a topic, e.g. /find voedselbank")))
            found = []
            for key, s in self._services().items():
                hay = " ".join([s.name["nl"], s.description["nl"], *s.needs, s.district or "", s.id]).lower()
                if all(w in hay for w in words):
                    found.append((key, s))
            if not found:
                return Outcome().add(Reply(self.st(lang, "No listing matches. Try another word.")))
            rows = tuple((Button(s.name["nl"][:60], data(Callback.CURATE, "v", key)),) for key, s in found[:MAX_FOUND])
            text = self.st(lang, "{count} listing(s) found. Choose one:", count=len(found))
            return Outcome().add(Reply(text, rows))

        return self._as(user_id, update_id, step)

    def view(self, user_id: int, key: str, update_id: int | None = None) -> Outcome:
        """A listing as residents see it, when and by whom it was checked, and the quick edits."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            service = self._services().get(key)
            lang = member.ui_language
            if service is None:
                return Outcome().add(Reply(self.st(lang, "That listing does not exist any more.")))
            card = self.live.engine.card(service.id, "nl", self.clock()) or service.name["nl"]
            checked = service.assured_date.isoformat() if service.assured_date else "—"
            meta = self.st(
                lang,
                "Checked {date} by {who}; {sources} source(s); status {status}.",
                date=checked,
                who=service.assured_by or "—",
                sources=len(service.sources),
                status=service.status.value,
            )
            fields = [f for f in EditField if f not in (EditField.NEW, EditField.PHRASING)]
            buttons = [Button(self.st(lang, LABELS[f]), data(Callback.CURATE, f.value, key)) for f in fields]
            rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
            return Outcome().add(Reply(card + "\n\n" + meta, rows))

        return self._as(user_id, update_id, step)

    def action(self, user_id: int, field_name: str, key: str, update_id: int | None = None) -> Outcome:
        """A quick-edit button: 'still correct' counts at once; the others ask for a value (or propose at once)."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            service = self._services().get(key)
            try:
                field = EditField(field_name)
            except ValueError:
                return Outcome()
            if service is None:
                return Outcome().add(Reply(self.st(lang, "That listing does not exist any more.")))
            if field in NEEDS_VALUE:
                member.pending = f"{EDIT_PREFIX}{key}:{field.value}"
                uow.staff.save(member)
                return Outcome().add(Reply(self.st(lang, PROMPTS[field])))
            return self._propose(uow, member, service, field, None)

        return self._as(user_id, update_id, step)

    def submit(self, user_id: int, text: str, update_id: int | None = None) -> Outcome:
        """The value a curator typed for the edit she chose: checked, then a draft (a bad value changes nothing)."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            key, _, field_name = (member.pending or "").removeprefix(EDIT_PREFIX).partition(":")
            service = self._services().get(key)
            member.pending = None
            uow.staff.save(member)
            if service is None:
                return Outcome().add(Reply(self.st(lang, "That listing does not exist any more.")))
            field = EditField(field_name)
            districts = [d.slug for d in self.live.engine.kb.gazetteer.districts]
            try:
                value = parse_value(field, text, districts, self.clock().date())
            except EditError as exc:
                member.pending = f"{EDIT_PREFIX}{key}:{field.value}"  # ask again
                uow.staff.save(member)
                message = self.st(lang, str(exc), districts=", ".join(districts))
                return Outcome().add(Reply(message + "\n" + self.st(lang, "Nothing was changed. Try again.")))
            return self._propose(uow, member, service, field, value)

        return self._as(user_id, update_id, step)

    def _propose(self, uow: UnitOfWork, member: StaffMember, service: Service, field: EditField, value: Any) -> Outcome:
        lang = member.ui_language
        now = self.clock()
        if field is EditField.CONFIRM:  # nothing changes but the checked date: no second opinion needed
            edit = ListingEdit(
                service_id=service.id,
                field=field.value,
                old_value=current(service, field),
                new_value=now.date().isoformat(),
                status=DraftStatus.APPROVED.value,
                proposed_by=member.user_id,
                proposer_name=member.name,
                decided_by=member.user_id,
                decided_at=now,
            )
            uow.edits.add(edit)
            uow.edits.bump()
            text = self.st(lang, "Thank you: {name} is checked today.", name=service.name["nl"])
            return Outcome().add(Reply(text))
        edit = uow.edits.add(
            ListingEdit(
                service_id=service.id,
                field=field.value,
                old_value=current(service, field),
                new_value=value,
                proposed_by=member.user_id,
                proposer_name=member.name,
            )
        )
        text = self.st(
            lang, "Draft #{number} saved. A second curator or a coordinator approves it with /drafts.", number=edit.id
        )
        return Outcome().add(Reply(text))

    def drafts(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/drafts: other people's drafts, each with the old and new value and Approve / Reject."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            mine = [d for d in uow.edits.pending() if d.proposed_by != member.user_id]
            if not mine:
                return Outcome().add(Reply(self.st(lang, "No drafts are waiting for you.")))
            out = Outcome()
            names = {s.id: s.name["nl"] for s in self.live.engine.kb.services}
            for d in mine[:10]:
                text = self.st(
                    lang,
                    "Draft #{number} by {who}: {name}, {field}\nwas: {old}\nnew: {new}",
                    number=d.id,
                    who=d.proposer_name,
                    name=names.get(d.service_id, d.service_id),
                    field=self.st(lang, LABELS[EditField(d.field)]),
                    old=_show(d.old_value),
                    new=_show(d.new_value),
                )
                rows = (
                    (
                        Button(self.st(lang, "✅ Approve"), data(Callback.CURATE, "a", d.id)),
                        Button(self.st(lang, "✖️ Reject"), data(Callback.CURATE, "r", d.id)),
                    ),
                )
                out.add(Reply(text, rows))
            return out

        return self._as(user_id, update_id, step)

    def decide(self, user_id: int, draft_arg: str, approve: bool, update_id: int | None = None) -> Outcome:
        """Approve or reject someone else's draft; approved, residents see it at once (every worker reloads)."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            lang = member.ui_language
            draft = uow.edits.get(int(draft_arg)) if draft_arg.isdigit() else None
            if draft is None or draft.status != DraftStatus.PENDING.value:
                return Outcome().add(Reply(self.st(lang, "That draft was already decided.")))
            if draft.proposed_by == member.user_id:
                return Outcome().add(Reply(self.st(lang, "A second person must approve your own draft.")))
            draft.status = (DraftStatus.APPROVED if approve else DraftStatus.REJECTED).value
            draft.decided_by, draft.decided_at = member.user_id, self.clock()
            uow.edits.save(draft)
            if approve:
                uow.edits.bump()
                return Outcome().add(
                    Reply(self.st(lang, "Draft #{number} approved: residents see it now.", number=draft.id))
                )
            return Outcome().add(Reply(self.st(lang, "Draft #{number} rejected.", number=draft.id)))

        outcome = self._as(user_id, update_id, step)
        self.live.refresh()
        return outcome

    def press(self, user_id: int, args: list[str], update_id: int | None = None) -> Outcome:
        """A curation button: view, an edit, approve or reject."""
        what = args[0] if args else ""
        arg = args[1] if len(args) > 1 else ""
        if what == "v":
            return self.view(user_id, arg, update_id)
        if what in ("a", "r"):
            return self.decide(user_id, arg, what == "a", update_id)
        outcome = self.action(user_id, what, arg, update_id)
        if what == EditField.CONFIRM.value:
            self.live.refresh()
        return outcome
