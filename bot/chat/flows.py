"""The conversation with a resident, channel-neutral: Telegram and the console both call this."""

from __future__ import annotations

from collections.abc import Callable

from bot.callbacks import Callback, data, parse
from bot.cases.states import ChatState
from bot.chat.base import Ctx, Settings
from bot.chat.person import PersonFlows
from bot.chat.replies import Button, Outcome, Reply, Venue
from bot.curation.learning import TaskSource
from bot.engine.values import Action
from bot.store.tables import Feedback

__all__ = ["ChatService", "Settings"]


class ChatService(PersonFlows):
    """Every action a resident can take, each one unit of work."""

    def start(self, chat_id: int, hint: str | None, payload: str | None, update_id: int | None = None) -> Outcome:
        """/start, optionally with a deep-link place from a poster."""

        def step(ctx: Ctx) -> Outcome:
            if ctx.resident.remember_place and ctx.resident.district and not ctx.conv.district:
                self._set_place(ctx, ctx.resident.district, ctx.resident.neighbourhood, None)
            if payload:
                place = self.engine.place_named(payload)
                if place is not None:
                    self._set_place(ctx, place.district, place.neighbourhood, (place.lat, place.lon))
            ctx.conv.state = ChatState.IDLE.value
            text = self.texts.welcome(ctx.lang, self._place_name(ctx.conv) if payload else None)
            return Outcome().add(Reply(text, self.texts.topics(ctx.lang) + ((self.texts.person_button(ctx.lang),),)))

        return self._run(chat_id, hint, update_id, step)

    def text(
        self, chat_id: int, text: str, hint: str | None, update_id: int | None = None, message_id: int = 0
    ) -> Outcome:
        """A free-text message: to the person of an open case, or a question for the bot."""

        def step(ctx: Ctx) -> Outcome:
            answer = self.engine.answer(self.question(ctx, text, hint))
            u = answer.understanding
            if ctx.conv.state == ChatState.WITH_PERSON.value and u.action is not Action.EMERGENCY:
                relayed = self.relay(ctx, text, message_id or (update_id or 0))
                if relayed is not None:
                    return relayed
            if (u.district and u.district != ctx.conv.district) or u.neighbourhood:
                self._set_place(ctx, u.district or "", u.neighbourhood, u.point)
            ctx.conv.language = u.reply_language
            return self._present(ctx, answer, text, update_id)

        return self._run(chat_id, hint, update_id, step)

    def topic(self, chat_id: int, slug: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A topic button: answer at once when the place is known, else ask for it first."""

        def step(ctx: Ctx) -> Outcome:
            if slug not in self.engine.kb.need_slugs:
                return self._topics(ctx, self.t(ctx.lang, "Sorry, I did not understand that. Choose a topic."))
            ctx.conv.state = ChatState.IDLE.value
            if ctx.conv.district:
                return self._answer_need(ctx, slug)
            ctx.conv.state, ctx.conv.last_needs = ChatState.AWAITING_PLACE.value, [slug]
            return Outcome().add(
                Reply(
                    self.t(
                        ctx.lang,
                        "Where in Almere do you live? Choose your district, share your location, or "
                        "type your neighbourhood.",
                    ),
                    self.texts.district_buttons()
                    + ((Button(self.t(ctx.lang, "Anywhere in Almere"), data(Callback.DISTRICT, "almere")),),),
                    ask_location=True,
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def _topics(self, ctx: Ctx, text: str | None = None) -> Outcome:
        lang = ctx.lang
        text = text or self.t(lang, "What do you need help with? Choose a topic or tell me in your own words.")
        case = ctx.uow.cases.open_for_chat(ctx.resident.chat_id)
        if case is not None and ctx.conv.state == ChatState.WITH_PERSON.value:
            ctx.conv.state = ChatState.IDLE.value
        if case is not None:
            text = (
                "🤖 "
                + self.t(
                    lang,
                    "You are now talking to the bot. Your question number {number} stays open.",
                    number=case.id,
                )
                + "\n"
                + text
            )
            last = (Button("✉️ " + self.t(lang, "Write to my person"), data(Callback.TO_PERSON)),)
        else:
            last = (self.texts.person_button(lang),)
        return Outcome().add(Reply(text, self.texts.topics(lang) + (last,)))

    def topics(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Show all topics (and leave the chat with a person, if the resident was in one)."""
        return self._run(chat_id, hint, update_id, self._topics)

    def more(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Other options for the last topic."""

        def step(ctx: Ctx) -> Outcome:
            if not ctx.conv.last_needs:
                return self._topics(ctx)
            return self._answer_need(ctx, ctx.conv.last_needs[0], tuple(ctx.conv.shown_services))

        return self._run(chat_id, hint, update_id, step)

    def venue(self, chat_id: int, key: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A service on the map (by the short key its map button carries)."""

        def step(ctx: Ctx) -> Outcome:
            service_id = self.service_keys.get(key, "")
            service = self.engine.service(service_id)
            point = self.engine.map_point(service_id)
            if service is None or point is None or service.location is None:
                return Outcome().add(Reply(self.t(ctx.lang, "Sorry, I have no map location for this place.")))
            loc = service.location
            address = ", ".join(x for x in (loc.address, loc.postcode, "Almere") if x)
            name = service.name.get(ctx.lang) or service.name["nl"]
            return Outcome().add(Reply(name, venue=Venue(name, address, point[0], point[1])))

        return self._run(chat_id, hint, update_id, step)

    def feedback(self, chat_id: int, helped: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Did this help? Stored without the question; a 'no' keeps the masked question as a task, without who asked."""

        def step(ctx: Ctx) -> Outcome:
            conv = ctx.conv
            ctx.uow.residents.add_feedback(
                Feedback(helped=helped, language=ctx.lang, district=conv.district, needs=list(conv.last_needs))
            )
            if not helped:  # the question (masked, without who asked) becomes a task for the curators
                need = conv.last_needs[0] if conv.last_needs else None
                self.cases.learning.record(
                    ctx.uow,
                    conv.last_question,
                    TaskSource.NOT_HELPFUL,
                    language=ctx.lang,
                    district=conv.district,
                    need=need,
                )
            return self._after_rating(ctx, True, helped)

        return self._run(chat_id, hint, update_id, step)

    def unreadable(self, chat_id: int, kind: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Stickers, contacts and other messages the bot cannot read or pass on."""
        return self._run(chat_id, hint, update_id, lambda ctx: self._unreadable(ctx, kind))

    def press(self, chat_id: int, raw: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Do what a resident's button does; unknown or staff buttons just show the topics."""
        kind, args = parse(raw)
        arg = args[0] if args else ""
        yes = args[-1:] in (["y"], ["1"])
        actions: dict[Callback, Callable[[], Outcome]] = {
            Callback.TOPIC: lambda: self.topic(chat_id, arg, hint, update_id),
            Callback.DISTRICT: lambda: self.district(chat_id, arg, hint, update_id),
            Callback.LANGUAGE: lambda: self.set_language(chat_id, arg, hint, update_id),
            Callback.MAP: lambda: self.venue(chat_id, arg, hint, update_id),
            Callback.FEEDBACK: lambda: self.feedback(chat_id, yes, hint, update_id),
            Callback.CONSENT: lambda: self.consent(chat_id, arg, hint, update_id),
            Callback.CHECKBACK_CONSENT: lambda: self.checkback_consent(chat_id, arg, yes, hint, update_id),
            Callback.FORGET: lambda: self.forget(chat_id, yes, hint, update_id),
            Callback.REMEMBER: lambda: self.remember(chat_id, yes, hint, update_id),
            Callback.MORE: lambda: self.more(chat_id, hint, update_id),
            Callback.TOPICS: lambda: self.topics(chat_id, hint, update_id),
            Callback.PLACES: lambda: self.places(chat_id, hint, update_id),
            Callback.PERSON: lambda: self.person(chat_id, hint, update_id),
            Callback.TO_PERSON: lambda: self.to_person(chat_id, hint, update_id),
            Callback.STOP_CASE: lambda: self.stop_case(chat_id, hint, update_id),
            Callback.RATE: lambda: self.rate(chat_id, arg, yes, hint, update_id),
            Callback.CHECKBACK: lambda: self.checkback(chat_id, arg, yes, hint, update_id),
        }
        action = actions.get(kind) if kind is not None else None
        if action is None:
            return self.topics(chat_id, hint, update_id)
        return action()
