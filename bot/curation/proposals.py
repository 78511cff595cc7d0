"""A new initiative, proposed by a curator in a short form (name, what, topic, district, where, when, how to
reach, source); it becomes a draft like any other edit, and residents see it once a second person approves."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.callbacks import Callback, data
from bot.chat.replies import Button, Outcome, Reply
from bot.curation.edits import DraftStatus, EditError, EditField, new_listing, parse_address, parse_contact
from bot.curation.service import NEW_PREFIX, Curation
from bot.msgids import _s
from bot.store.case_tables import ListingEdit, StaffMember
from bot.store.uow import UnitOfWork

STEPS = ("name", "what", "need", "district", "where", "when", "contact", "source")
QUESTIONS = {
    "name": _s("What is the initiative called?"),
    "what": _s("What does it offer? One or two short sentences."),
    "need": _s("Which topic fits best?"),
    "district": _s("In which district? (or all of Almere)"),
    "where": _s("The walk-in address, like: Kerkstraat 12, 1315 AB (or - when there is none)"),
    "when": _s("When is it? (or - when it is not known)"),
    "contact": _s("How to reach them: a phone number, an e-mail address or a website, separated by commas."),
    "source": _s("Where did you read or hear this? A web address (http...)."),
}


class Proposals(Curation):
    """Curation with the new-initiative form."""

    def propose(self, user_id: int, update_id: int | None = None) -> Outcome:
        """/propose: start the form."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            form = uow.edits.add(
                ListingEdit(
                    service_id="",
                    field=EditField.NEW.value,
                    new_value={"step": "name"},
                    status=DraftStatus.COMPOSING.value,
                    proposed_by=member.user_id,
                    proposer_name=member.name,
                )
            )
            member.pending = f"{NEW_PREFIX}{form.id}"
            uow.staff.save(member)
            return Outcome().add(Reply(self.st(member.ui_language, QUESTIONS["name"])))

        return self._as(user_id, update_id, step)

    def submit(self, user_id: int, text: str, update_id: int | None = None) -> Outcome:
        """A typed answer: to the form when one is open, else the value of a quick edit."""
        with self.units() as uow:
            member = uow.staff.get(user_id)
            in_form = bool(member and member.pending and member.pending.startswith(NEW_PREFIX))
        if not in_form:
            return super().submit(user_id, text, update_id)
        return self._as(user_id, update_id, lambda uow, m: self._answer(uow, m, text.strip()))

    def _form(self, uow: UnitOfWork, member: StaffMember) -> ListingEdit | None:
        number = (member.pending or "").removeprefix(NEW_PREFIX)
        form = uow.edits.get(int(number)) if number.isdigit() else None
        if form is None or form.status != DraftStatus.COMPOSING.value or form.proposed_by != member.user_id:
            return None
        return form

    def _answer(self, uow: UnitOfWork, member: StaffMember, text: str) -> Outcome:
        lang = member.ui_language
        form = self._form(uow, member)
        if form is None:
            member.pending = None
            uow.staff.save(member)
            return Outcome().add(Reply(self.st(lang, "That form is closed. Start again with /propose.")))
        values: dict[str, Any] = dict(form.new_value or {})
        step = str(values.get("step"))
        try:
            values[step] = self._value(step, text, values)
        except EditError as exc:
            return Outcome().add(Reply(self.st(lang, str(exc)) + "\n" + self.st(lang, QUESTIONS[step])))
        return self._next(uow, member, form, values)

    def _value(self, step: str, text: str, values: dict[str, Any]) -> Any:
        skip = text in ("-", "")
        if step in ("name", "what"):
            if not 3 <= len(text) <= 400:
                raise EditError(_s("Write one or two short sentences (at most 400 characters)."))
            return text
        if step == "where":
            if skip:
                return None
            districts = [values.get("district", "almere-stad")]
            address = (
                parse_address(f"{text}, {districts[0]}", districts) if values.get("district") != "almere" else None
            )
            return {k: v for k, v in (address or {}).items() if k != "district"} or None
        if step == "when":
            return None if skip else text[:300]
        if step == "contact":
            return parse_contact(text)
        if step == "source":
            if not text.startswith(("http://", "https://")):
                raise EditError(_s("Write the web address where you read it, starting with http."))
            return text
        raise EditError(_s("Use the buttons to choose."))

    def _next(self, uow: UnitOfWork, member: StaffMember, form: ListingEdit, values: dict[str, Any]) -> Outcome:
        lang = member.ui_language
        step = STEPS[STEPS.index(str(values["step"])) + 1] if values["step"] != STEPS[-1] else None
        if step is None:
            return self._finish(uow, member, form, values)
        values["step"] = step
        form.new_value = values
        uow.edits.save(form)
        question = self.st(lang, QUESTIONS[step])
        kb = self.live.engine.kb
        if step == "need":
            buttons = [
                Button(f"{n.icon} {n.name['nl']}", data(Callback.CURATE, "need", form.id, n.slug)) for n in kb.needs
            ]
            return Outcome().add(Reply(question, tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))))
        if step == "district":
            places = [(d.slug, d.name) for d in kb.gazetteer.districts] + [("almere", "Almere")]
            buttons = [Button(name, data(Callback.CURATE, "dist", form.id, slug)) for slug, name in places]
            return Outcome().add(Reply(question, tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))))
        return Outcome().add(Reply(question))

    def _finish(self, uow: UnitOfWork, member: StaffMember, form: ListingEdit, values: dict[str, Any]) -> Outcome:
        lang = member.ui_language
        try:
            service, _ = new_listing(values, member.name, self.clock().date())
        except ValidationError:
            return Outcome().add(Reply(self.st(lang, "Something in the form is not right. Start again with /propose.")))
        form.service_id = service.id
        form.new_value = {k: v for k, v in values.items() if k != "step"}
        form.status = DraftStatus.PENDING.value
        uow.edits.save(form)
        member.pending = None
        uow.staff.save(member)
        text = self.st(
            lang, "Draft #{number} saved. A second curator or a coordinator approves it with /drafts.", number=form.id
        )
        return Outcome().add(Reply(text))

    def choose(self, user_id: int, what: str, form_arg: str, value: str, update_id: int | None = None) -> Outcome:
        """A topic or district button of the form."""

        def step(uow: UnitOfWork, member: StaffMember) -> Outcome:
            form = self._form(uow, member)
            expected = {"need": "need", "dist": "district"}[what]
            if form is None or str(form.id) != form_arg or (form.new_value or {}).get("step") != expected:
                return Outcome()
            known = (
                self.live.engine.kb.need_slugs
                if what == "need"
                else [*(d.slug for d in self.live.engine.kb.gazetteer.districts), "almere"]
            )
            if value not in known:
                return Outcome()
            values = dict(form.new_value or {})
            values[expected] = value
            return self._next(uow, member, form, values)

        return self._as(user_id, update_id, step)

    def press(self, user_id: int, args: list[str], update_id: int | None = None) -> Outcome:
        """A curation button, including the form's topic and district buttons."""
        if args[:1] in (["need"], ["dist"]) and len(args) == 3:
            return self.choose(user_id, args[0], args[1], args[2], update_id)
        return super().press(user_id, args, update_id)
