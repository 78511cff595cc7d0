"""The resident and a person: consent, the case, talking through the bot, stopping, rating, check-back."""

from __future__ import annotations

from bot.callbacks import Callback, data
from bot.cases.core import CaseRequest, Media
from bot.cases.states import WITH_PERSON, CaseStatus, ChatState
from bot.chat.base import Ctx
from bot.chat.profile import ProfileFlows
from bot.chat.replies import Button, Outcome, Reply
from bot.engine.values import Question


class PersonFlows(ProfileFlows):
    """Everything between a resident and a key figure, on the resident's side."""

    def person(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """'Talk to a person': ask consent first, saying what will be passed on."""

        def step(ctx: Ctx) -> Outcome:
            lang = ctx.lang
            case = ctx.uow.cases.open_for_chat(chat_id)
            if case is not None:
                return self._to_person(ctx)
            ctx.conv.state = ChatState.AWAITING_CONSENT.value
            text = self.t(
                lang,
                "I can pass your question to a key figure: a trusted person from Almere who "
                "speaks your language. They will answer you here, in this chat.",
            )
            text += "\n" + self.t(
                lang, "They see only what you wrote here and your area, not your phone number. Is that OK?"
            )
            return Outcome().add(Reply(text, (self._consent_buttons(lang),)))

        return self._run(chat_id, hint, update_id, step)

    def consent(self, chat_id: int, answer: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Yes ('y', or 'e' after an emergency): the case is stored before anyone is told; no: nothing is passed on."""

        def step(ctx: Ctx) -> Outcome:
            lang = ctx.lang
            conv = ctx.conv
            if answer not in ("y", "e"):
                conv.state, conv.last_text = ChatState.IDLE.value, None
                return Outcome().add(
                    Reply(self.t(lang, "OK, I did not pass anything on. You can ask again at any time."))
                )
            others = tuple(x for x in (conv.language, ctx.resident.language, self._hint(hint)) if x)
            case, created = self.cases.open(
                ctx.uow,
                CaseRequest(
                    chat_id=chat_id,
                    language=lang,
                    other_languages=others,
                    district=conv.district,
                    needs=tuple(conv.last_needs),
                    text=conv.last_text,
                    update_id=update_id,
                    emergency=answer == "e",
                    reason="emergency" if answer == "e" else "resident asked for a person",
                ),
            )
            conv.state, conv.last_text = ChatState.WITH_PERSON.value, None
            now = self.clock()
            hours = self.settings.office_hours
            text = self.t(lang, "Thank you. Your question is saved (number {number}).", number=case.id)
            text += "\n" + self.texts.when_person_answers(lang, now, hours.next_open(now))
            text += "\n" + self.texts.urgent_lines(lang)
            outcome = Outcome(case_id=case.id).add(Reply(text, self._case_buttons(lang)))
            if created:
                outcome.add(
                    Reply(
                        self.t(lang, "May we ask you in a week whether you got the help you needed?"),
                        (
                            (
                                Button(self.t(lang, "Yes"), data(Callback.CHECKBACK_CONSENT, case.id, 1)),
                                Button(self.t(lang, "No"), data(Callback.CHECKBACK_CONSENT, case.id, 0)),
                            ),
                        ),
                    )
                )
            return outcome

        return self._run(chat_id, hint, update_id, step)

    def _hint(self, hint: str | None) -> str | None:
        return hint.split("-")[0].lower() if hint else None

    def _case_buttons(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        return (
            (
                Button("🤖 " + self.t(lang, "Ask the bot something else"), data(Callback.TOPICS)),
                Button("✖️ " + self.t(lang, "Stop my question"), data(Callback.STOP_CASE)),
            ),
        )

    def checkback_consent(
        self, chat_id: int, case_id: str, yes: bool, hint: str | None, update_id: int | None = None
    ) -> Outcome:
        """Whether the resident may be asked later if she got help."""

        def step(ctx: Ctx) -> Outcome:
            case = ctx.uow.cases.get(int(case_id)) if case_id.isdigit() else None
            if case is None or case.chat_id != chat_id:
                return Outcome()
            case.checkback = yes
            ctx.uow.cases.save(case)
            return Outcome().add(Reply(self.t(ctx.lang, "OK, thank you.")))

        return self._run(chat_id, hint, update_id, step)

    def relay(self, ctx: Ctx, text: str | None, message_id: int, media: Media | None = None) -> Outcome | None:
        """In a chat with a person: the message goes to the case (None when there is no open case any more)."""
        case = ctx.uow.cases.open_for_chat(ctx.resident.chat_id)
        if case is None:
            ctx.conv.state = ChatState.IDLE.value
            return None
        relayed = self.cases.from_resident(ctx.uow, case, message_id, text, media)
        lang = ctx.lang
        if relayed.delivered_to is not None and relayed.alias:
            note = "✉️ " + self.t(lang, "Sent to {alias}.", alias=relayed.alias)
        else:
            note = self.t(lang, "I added this to your question. A person will answer you here.")
        return Outcome(case_id=case.id).add(Reply(note, self._case_buttons(lang)))

    def media(
        self,
        chat_id: int,
        message_id: int,
        kind: str,
        caption: str | None,
        hint: str | None,
        update_id: int | None = None,
    ) -> Outcome:
        """A photo, voice note or document: relayed to the key figure in a case, else a plain request for words."""

        def step(ctx: Ctx) -> Outcome:
            if ctx.conv.state == ChatState.WITH_PERSON.value:
                outcome = self.relay(ctx, caption, message_id, Media(chat_id, message_id, kind))
                if outcome is not None:
                    return outcome
            return self._unreadable(ctx, kind)

        return self._run(chat_id, hint, update_id, step)

    def _unreadable(self, ctx: Ctx, kind: str) -> Outcome:
        lang = ctx.lang
        if kind == "voice":
            text = self.t(
                lang,
                "I cannot listen to voice messages. Please write your question, or talk to a "
                "person who speaks your language.",
            )
            return Outcome().add(Reply(text, ((self.texts.person_button(lang),),)))
        text = self.t(lang, "I can only read text. Tell me in words what you need, or choose a topic.")
        return Outcome().add(Reply(text, self.texts.topics(lang)))

    def to_person(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Back to talking with the person of the open case."""
        return self._run(chat_id, hint, update_id, self._to_person)

    def _to_person(self, ctx: Ctx) -> Outcome:
        case = ctx.uow.cases.open_for_chat(ctx.resident.chat_id)
        lang = ctx.lang
        if case is None:
            ctx.conv.state = ChatState.IDLE.value
            return Outcome().add(
                Reply(self.t(lang, "You have no open question with a person."), ((self.texts.person_button(lang),),))
            )
        ctx.conv.state = ChatState.WITH_PERSON.value
        member = ctx.uow.staff.get(case.assigned_to) if case.assigned_to else None
        if member is not None and CaseStatus(case.status) in WITH_PERSON:
            text = self.t(
                lang,
                "What you write now goes to {alias} (question number {number}).",
                alias=member.name,
                number=case.id,
            )
        else:
            text = self.t(lang, "What you write now is added to your question (number {number}).", number=case.id)
        return Outcome(case_id=case.id).add(Reply(text, self._case_buttons(lang)))

    def stop_case(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """The resident stops her question: whoever has it is told."""

        def step(ctx: Ctx) -> Outcome:
            case = self.cases.withdraw(ctx.uow, chat_id)
            ctx.conv.state = ChatState.IDLE.value
            lang = ctx.lang
            if case is None:
                return Outcome().add(Reply(self.t(lang, "You have no open question with a person.")))
            return Outcome().add(
                Reply(
                    self.t(
                        lang,
                        "Your question (number {number}) is stopped. You can ask again at any time.",
                        number=case.id,
                    ),
                    self.texts.topics(lang) + ((self.texts.person_button(lang),),),
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def rate(self, chat_id: int, case_id: str, helped: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """The resident rates a closed case."""

        def step(ctx: Ctx) -> Outcome:
            done = case_id.isdigit() and self.cases.rate(ctx.uow, int(case_id), chat_id, helped)
            return self._after_rating(ctx, done, helped)

        return self._run(chat_id, hint, update_id, step)

    def checkback(
        self, chat_id: int, case_id: str, helped: bool, hint: str | None, update_id: int | None = None
    ) -> Outcome:
        """The resident answers the check-back question."""

        def step(ctx: Ctx) -> Outcome:
            done = case_id.isdigit() and self.followup.checkback_answer(ctx.uow, int(case_id), chat_id, helped)
            return self._after_rating(ctx, done, helped)

        return self._run(chat_id, hint, update_id, step)

    def _after_rating(self, ctx: Ctx, done: bool, helped: bool) -> Outcome:
        lang = ctx.lang
        if not done:
            return Outcome()
        if helped:
            return Outcome().add(Reply(self.t(lang, "Thank you! Good luck.")))
        return Outcome().add(
            Reply(
                self.t(lang, "Sorry this did not help. A person can look with you."),
                ((self.texts.person_button(lang),),),
            )
        )

    def question(self, ctx: Ctx, text: str, hint: str | None) -> Question:
        """The engine's question for a typed message, with what the chat already knows."""
        return Question(
            text=text,
            now=self.clock(),
            language_hint=hint,
            known_language=ctx.resident.language,
            known_district=ctx.conv.district,
            known_neighbourhood=ctx.conv.neighbourhood,
            known_point=self._point(ctx.conv),
            previous_needs=tuple(ctx.conv.last_needs),  # a message that is only a place continues the last topic
        )
