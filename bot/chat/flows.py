"""The conversation with a resident, channel-neutral: Telegram and the console both call this."""

from __future__ import annotations

from collections.abc import Callable

from bot.cases.repository import CaseRepository, Outbox
from bot.chat.base import Ctx, Settings
from bot.chat.profile import ProfileFlows
from bot.chat.replies import Button, Outcome, Reply, Venue
from bot.engine.values import Action, Question
from bot.store.tables import Feedback

__all__ = ["ChatService", "Settings"]


class ChatService(ProfileFlows):
    """Every action a resident can take, each one unit of work in the database."""

    def start(self, chat_id: int, hint: str | None, payload: str | None, update_id: int | None = None) -> Outcome:
        """/start, optionally with a deep-link place from a poster."""

        def step(ctx: Ctx) -> Outcome:
            if ctx.resident.remember_place and ctx.resident.district and not ctx.conv.district:
                self._set_place(ctx, ctx.resident.district, ctx.resident.neighbourhood, None)
            if payload:
                place = self.engine.places.from_location(payload.replace("-", " ").replace("_", " "))
                if place is not None:
                    self._set_place(ctx, place.district, place.neighbourhood, (place.lat, place.lon))
            ctx.conv.state = "idle"
            text = self.texts.welcome(ctx.lang, self._place_name(ctx.conv) if payload else None)
            return Outcome().add(Reply(text, self.texts.topics(ctx.lang) + ((self.texts.person_button(ctx.lang),),)))

        return self._run(chat_id, hint, update_id, step)

    def text(self, chat_id: int, text: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A free-text question."""

        def step(ctx: Ctx) -> Outcome:
            q = Question(
                text=text,
                now=self.clock(),
                language_hint=hint,
                known_language=ctx.resident.language,
                known_district=ctx.conv.district,
                known_neighbourhood=ctx.conv.neighbourhood,
                known_point=self._point(ctx.conv),
                previous_needs=tuple(ctx.conv.last_needs) if ctx.conv.state == "awaiting_place" else (),
            )
            answer = self.engine.answer(q)
            u = answer.understanding
            if ctx.conv.state == "with_person" and u.action is not Action.EMERGENCY:
                return self._add_to_case(ctx, text)
            if (u.district and u.district != ctx.conv.district) or u.neighbourhood:
                self._set_place(ctx, u.district or "", u.neighbourhood, u.point)
            ctx.conv.language = u.reply_language
            return self._present(ctx, answer, text, update_id)

        return self._run(chat_id, hint, update_id, step)

    def topic(self, chat_id: int, slug: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A topic button: answer at once when the place is known, else ask for it first."""

        def step(ctx: Ctx) -> Outcome:
            if slug not in self.engine.kb.need_slugs:
                return Outcome().add(
                    Reply(
                        self.t(ctx.lang, "Sorry, I did not understand that. Choose a topic."),
                        self.texts.topics(ctx.lang),
                    )
                )
            if ctx.conv.district:
                return self._answer_need(ctx, slug)
            ctx.conv.state, ctx.conv.last_needs = "awaiting_place", [slug]
            return Outcome().add(
                Reply(
                    self.t(
                        ctx.lang,
                        "Where in Almere do you live? Choose your district, share your location, or "
                        "type your neighbourhood.",
                    ),
                    self.texts.district_buttons() + ((Button(self.t(ctx.lang, "Anywhere in Almere"), "d:almere"),),),
                    ask_location=True,
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def topics(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Show all topics."""
        return self._say(
            chat_id,
            hint,
            update_id,
            lambda ctx: Reply(
                self.t(ctx.lang, "What do you need help with? Choose a topic or tell me in your own words."),
                self.texts.topics(ctx.lang) + ((self.texts.person_button(ctx.lang),),),
            ),
        )

    def more(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Other options for the last topic."""

        def step(ctx: Ctx) -> Outcome:
            if not ctx.conv.last_needs:
                return Outcome().add(
                    Reply(
                        self.t(ctx.lang, "What do you need help with? Choose a topic or tell me in your own words."),
                        self.texts.topics(ctx.lang),
                    )
                )
            return self._answer_need(ctx, ctx.conv.last_needs[0], tuple(ctx.conv.shown_services))

        return self._run(chat_id, hint, update_id, step)

    def venue(self, chat_id: int, key: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A service on the map (by the short key its map button carries)."""

        def step(ctx: Ctx) -> Outcome:
            service_id = self.service_keys.get(key, "")
            service = next((s for s in self.engine.kb.services if s.id == service_id), None)
            point = self.engine.index.points.get(service_id)
            if service is None or point is None or service.location is None:
                return Outcome().add(Reply(self.t(ctx.lang, "Sorry, I have no map location for this place.")))
            loc = service.location
            address = ", ".join(x for x in (loc.address, loc.postcode, "Almere") if x)
            name = service.name.get(ctx.lang) or service.name["nl"]
            return Outcome().add(Reply(name, venue=Venue(name, address, point[0], point[1])))

        return self._run(chat_id, hint, update_id, step)

    def feedback(self, chat_id: int, helped: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Did this help? Stored without the question, only language, area and topic."""

        def step(ctx: Ctx) -> Outcome:
            ctx.session.add(
                Feedback(helped=helped, language=ctx.lang, district=ctx.conv.district, needs=list(ctx.conv.last_needs))
            )
            if helped:
                return Outcome().add(Reply(self.t(ctx.lang, "Thank you! Good luck.")))
            return Outcome().add(
                Reply(
                    self.t(ctx.lang, "Sorry this did not help. A person can look with you."),
                    ((self.texts.person_button(ctx.lang),),),
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def person(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """'Talk to a person': ask consent first, saying what will be passed on."""

        def step(ctx: Ctx) -> Outcome:
            ctx.conv.state = "awaiting_consent"
            lang = ctx.lang
            text = self.t(
                lang,
                "I can pass your question to a key figure: a trusted person from Almere who "
                "speaks your language. They will answer you here, in this chat.",
            )
            text += "\n" + self.t(
                lang, "They see only what you wrote here and your area, not your phone number. Is that OK?"
            )
            return Outcome().add(
                Reply(
                    text,
                    (
                        (
                            Button("✅ " + self.t(lang, "Yes, pass it on"), "consent:y"),
                            Button(self.t(lang, "No, thank you"), "consent:n"),
                        ),
                    ),
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def consent(self, chat_id: int, yes: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Yes: the case is stored before the resident is told; no: nothing is passed on."""

        def step(ctx: Ctx) -> Outcome:
            lang = ctx.lang
            conv = ctx.conv
            if not yes:
                conv.state, conv.last_text = "idle", None
                return Outcome().add(
                    Reply(self.t(lang, "OK, I did not pass anything on. You can ask again at any time."))
                )
            case, created = CaseRepository(ctx.session).open_case(
                chat_id,
                language=lang,
                district=conv.district,
                needs=conv.last_needs,
                reason="resident asked for a person",
                message=conv.last_text,
                source_update_id=update_id,
            )
            if created and self.settings.coordinator_chat_id is not None:
                Outbox(ctx.session).put(
                    self.settings.coordinator_chat_id,
                    self._case_notice(case.id or 0, ctx),
                    kind="new_case",
                    case_id=case.id,
                )
            conv.state, conv.last_text = "with_person", None
            now = self.clock()
            hours = self.settings.office_hours
            text = self.t(lang, "Thank you. Your question is saved (number {number}).", number=case.id)
            text += "\n" + self.texts.when_person_answers(lang, now, hours.next_open(now))
            text += "\n" + self.texts.urgent_lines(lang)
            return Outcome(case_id=case.id).add(Reply(text))

        return self._run(chat_id, hint, update_id, step)

    def _case_notice(self, case_id: int, ctx: Ctx) -> str:
        area = self.district_names.get(ctx.conv.district or "", "?")
        needs = ", ".join(ctx.conv.last_needs) or "?"
        return f"New case #{case_id}: language {ctx.lang}, area {area}, topics {needs}."

    def unreadable(self, chat_id: int, kind: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Voice notes, photos, stickers and other messages the bot cannot read."""

        def step(ctx: Ctx) -> Outcome:
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

        return self._run(chat_id, hint, update_id, step)

    def press(self, chat_id: int, data: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Do what a button does; its data is 'kind:argument' (see the buttons made above)."""
        kind, _, arg = data.partition(":")
        yes = arg == "y"
        actions: dict[str, Callable[[], Outcome]] = {
            "t": lambda: self.topic(chat_id, arg, hint, update_id),
            "d": lambda: self.district(chat_id, arg, hint, update_id),
            "l": lambda: self.set_language(chat_id, arg, hint, update_id),
            "m": lambda: self.venue(chat_id, arg, hint, update_id),
            "fb": lambda: self.feedback(chat_id, yes, hint, update_id),
            "consent": lambda: self.consent(chat_id, yes, hint, update_id),
            "forget": lambda: self.forget(chat_id, yes, hint, update_id),
            "r": lambda: self.remember(chat_id, yes, hint, update_id),
            "more": lambda: self.more(chat_id, hint, update_id),
            "topics": lambda: self.topics(chat_id, hint, update_id),
            "places": lambda: self.places(chat_id, hint, update_id),
            "person": lambda: self.person(chat_id, hint, update_id),
        }
        action = actions.get(kind)
        if action is None:
            return self.topics(chat_id, hint, update_id)
        return action()
