"""What a resident sets about herself: area (with consent), language, and forgetting everything."""

from __future__ import annotations

from dataclasses import replace

from bot.callbacks import Callback, data
from bot.cases.states import ChatState
from bot.chat.base import ChatBase, Ctx
from bot.chat.replies import Button, Outcome, Reply


class ProfileFlows(ChatBase):
    """Place, language, information and forget-me actions."""

    def places(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/place: show the current place, districts to choose, and how to forget it."""

        def step(ctx: Ctx) -> Outcome:
            here = self._place_name(ctx.conv)
            text = (
                self.t(ctx.lang, "I now look for help near {place}.", place=here)
                if here
                else self.t(ctx.lang, "I do not know your area yet.")
            )
            text += "\n" + self.t(ctx.lang, "Choose your district or share your location.")
            rows = self.texts.district_buttons()
            if here or ctx.resident.remember_place:
                rows += ((Button("🗑 " + self.t(ctx.lang, "Forget my place"), data(Callback.DISTRICT, "forget")),),)
            return Outcome().add(Reply(text, rows, ask_location=True))

        return self._run(chat_id, hint, update_id, step)

    def district(self, chat_id: int, slug: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A district button (or 'almere' for anywhere, 'forget' to forget the place)."""

        def step(ctx: Ctx) -> Outcome:
            lang = ctx.lang
            if slug == "forget":
                ctx.conv.district = ctx.conv.neighbourhood = None
                ctx.conv.lat = ctx.conv.lon = None
                ctx.resident.district = ctx.resident.neighbourhood = None
                ctx.resident.lat = ctx.resident.lon = None
                ctx.resident.remember_place = False
                return Outcome().add(Reply(self.t(lang, "Done: I forgot your place."), remove_keyboard=True))
            if slug != "almere":
                if slug not in self.district_names:
                    return Outcome().add(
                        Reply(
                            self.t(lang, "Sorry, I did not understand that. Choose a topic."), self.texts.topics(lang)
                        )
                    )
                self._set_place(ctx, slug, None, None)
            return self._after_place(ctx)

        return self._run(chat_id, hint, update_id, step)

    def location(self, chat_id: int, lat: float, lon: float, hint: str | None, update_id: int | None = None) -> Outcome:
        """A shared location: the nearest services for the topic asked, or ask the topic."""

        def step(ctx: Ctx) -> Outcome:
            place = self.engine.place_at(lat, lon)
            self._set_place(ctx, place.district, place.neighbourhood, (lat, lon))
            return self._after_place(ctx)

        return self._run(chat_id, hint, update_id, step)

    def _after_place(self, ctx: Ctx) -> Outcome:
        lang = ctx.lang
        outcome = Outcome()
        if ctx.conv.state == ChatState.AWAITING_PLACE.value and ctx.conv.last_needs:
            outcome = self._answer_need(ctx, ctx.conv.last_needs[0])
            outcome.replies[0] = replace(outcome.replies[0], remove_keyboard=True)
        else:
            here = self._place_name(ctx.conv) or "Almere"
            outcome.add(
                Reply(
                    self.t(lang, "I now look for help near {place}.", place=here)
                    + "\n"
                    + self.t(lang, "What do you need help with? Choose a topic or tell me in your own words."),
                    self.texts.topics(lang),
                    remove_keyboard=True,
                )
            )
        if ctx.conv.district and not ctx.resident.remember_place:
            outcome.add(
                Reply(
                    self.t(lang, "Shall I remember your area for next time?"),
                    (
                        (
                            Button(self.t(lang, "Yes, remember"), data(Callback.REMEMBER, "y")),
                            Button(self.t(lang, "No, only now"), data(Callback.REMEMBER, "n")),
                        ),
                    ),
                )
            )
        return outcome

    def remember(self, chat_id: int, yes: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Consent to keep the place for next time (or not)."""

        def step(ctx: Ctx) -> Outcome:
            ctx.resident.remember_place = yes
            if yes:
                self._set_place(ctx, ctx.conv.district or "", ctx.conv.neighbourhood, self._point(ctx.conv))
                return Outcome().add(Reply(self.t(ctx.lang, "OK, I will remember your area. /place changes it.")))
            ctx.resident.district = ctx.resident.neighbourhood = None
            ctx.resident.lat = ctx.resident.lon = None
            return Outcome().add(Reply(self.t(ctx.lang, "OK, I will not remember it.")))

        return self._run(chat_id, hint, update_id, step)

    def language_menu(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/language: every language as a button in its own name."""
        return self._say(
            chat_id,
            hint,
            update_id,
            lambda ctx: Reply(self.t(ctx.lang, "Choose your language."), self.texts.language_buttons()),
        )

    def set_language(self, chat_id: int, code: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Switch the reply language."""

        def step(ctx: Ctx) -> Outcome:
            if not self.engine.catalogs.speaks(code):
                return Outcome().add(Reply(self.t(ctx.lang, "Choose your language."), self.texts.language_buttons()))
            ctx.resident.language = ctx.conv.language = code
            return Outcome().add(
                Reply(
                    self.t(code, "OK, I will write in English from now on.")
                    + "\n"
                    + self.t(code, "What do you need help with? Choose a topic or tell me in your own words."),
                    self.texts.topics(code),
                )
            )

        return self._run(chat_id, hint, update_id, step)

    def info(self, chat_id: int, which: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """/help or /about."""

        def step(ctx: Ctx) -> Outcome:
            if which == "about":
                return Outcome().add(Reply(self.texts.about(ctx.lang, self.settings.retention_days)))
            return Outcome().add(Reply(self.texts.help(ctx.lang), self.texts.topics(ctx.lang)))

        return self._run(chat_id, hint, update_id, step)

    def forget_menu(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/forgetme: ask to confirm."""
        return self._say(
            chat_id,
            hint,
            update_id,
            lambda ctx: Reply(
                self.t(ctx.lang, "Do you want me to delete everything I stored about you? This cannot be undone."),
                (
                    (
                        Button("🗑 " + self.t(ctx.lang, "Yes, delete everything"), data(Callback.FORGET, "y")),
                        Button(self.t(ctx.lang, "No"), data(Callback.FORGET, "n")),
                    ),
                ),
            ),
        )

    def forget(self, chat_id: int, yes: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Delete everything about the resident (or keep it)."""

        def step(ctx: Ctx) -> Outcome:
            lang = ctx.lang
            if not yes:
                return Outcome().add(Reply(self.t(lang, "OK, nothing was deleted.")))
            self.followup.forget(ctx.uow, chat_id)
            ctx.forgotten = True
            return Outcome().add(
                Reply(
                    self.t(
                        lang,
                        "Done. Everything I stored about you is deleted. You can start again at any time with /start.",
                    ),
                    remove_keyboard=True,
                )
            )

        return self._run(chat_id, hint, update_id, step)
