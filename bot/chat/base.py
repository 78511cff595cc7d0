"""The conversation's plumbing: one unit of work per action, the chat's language and place, answers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.callbacks import Callback, data, service_key
from bot.cases.followup import FollowUp
from bot.cases.masking import mask
from bot.cases.office_hours import OfficeHours
from bot.cases.service import CaseService
from bot.cases.states import ChatState
from bot.chat.replies import Button, Outcome, Reply
from bot.chat.texts import Texts
from bot.curation.learning import TaskSource
from bot.engine.core import Engine
from bot.engine.values import Action, Answer, ClarifyStyle, NeedScore, Understanding
from bot.store.tables import Conversation, Resident
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """What the conversation needs from the configuration."""

    operator_name: str
    office_hours: OfficeHours
    retention_days: int
    coordinator_chat_id: int | None


@dataclass
class Ctx:
    """One action's unit of work: the repositories, the resident, the conversation and the reply language."""

    uow: UnitOfWork
    resident: Resident
    conv: Conversation
    lang: str
    forgotten: bool = False


class ChatBase:
    """Shared by every conversation action: sessions, language, place, and presenting answers."""

    def __init__(
        self,
        engine: Engine,
        units: UnitOfWorkFactory,
        settings: Settings,
        cases: CaseService,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self.engine = engine
        self.units = units
        self.settings = settings
        self.cases = cases
        self.followup = FollowUp(cases)
        self.clock = clock
        kb = engine.kb
        self.district_names = {d.slug: d.name for d in kb.gazetteer.districts}
        self.texts = Texts(engine.catalogs, kb.needs, self.district_names, settings.operator_name)
        self.t = engine.catalogs.t
        self.service_keys = {service_key(s.id): s.id for s in kb.services}

    def use_engine(self, engine: Engine) -> None:
        """Answer from a new engine (approved edits): the next message already sees them."""
        self.engine = engine
        self.service_keys = {service_key(s.id): s.id for s in engine.kb.services}

    def _run(self, chat_id: int, hint: str | None, update_id: int | None, step: Callable[[Ctx], Outcome]) -> Outcome:
        with self.units() as uow:
            if update_id is not None and not uow.updates.first_time(update_id):
                log.info("duplicate update %s ignored", update_id)
                return Outcome()
            resident = uow.residents.get_or_create(chat_id)
            if resident.blocked:  # she writes again, so she can be reached again
                resident.blocked = False
                self.followup.reachable_again(uow, chat_id)
            conv = uow.residents.conversation(chat_id)
            lang = self._language(resident, conv, hint)
            ctx = Ctx(uow, resident, conv, lang)
            outcome = step(ctx)
            if not ctx.forgotten:
                uow.residents.save(ctx.resident, ctx.conv)
            return outcome

    def _say(self, chat_id: int, hint: str | None, update_id: int | None, reply: Callable[[Ctx], Reply]) -> Outcome:
        """An action whose whole answer is one reply."""
        return self._run(chat_id, hint, update_id, lambda ctx: Outcome().add(reply(ctx)))

    def _language(self, resident: Resident, conv: Conversation, hint: str | None) -> str:
        for code in (resident.language, conv.language, base_language(hint)):
            if code and self.engine.catalogs.speaks(code):
                return code
        return "nl"

    def _point(self, conv: Conversation) -> tuple[float, float] | None:
        return (conv.lat, conv.lon) if conv.lat is not None and conv.lon is not None else None

    def _set_place(self, ctx: Ctx, district: str, hood: str | None, point: tuple[float, float] | None) -> None:
        ctx.conv.district, ctx.conv.neighbourhood = district, hood
        if point is None:
            point = self.engine.district_point(district)
        ctx.conv.lat, ctx.conv.lon = point if point else (None, None)
        if ctx.resident.remember_place:
            ctx.resident.district, ctx.resident.neighbourhood = district, hood
            ctx.resident.lat, ctx.resident.lon = ctx.conv.lat, ctx.conv.lon

    def _place_name(self, conv: Conversation) -> str | None:
        return conv.neighbourhood or (self.district_names.get(conv.district) if conv.district else None)

    def _consent_buttons(self, lang: str, emergency: bool = False) -> tuple[Button, ...]:
        arg = "e" if emergency else "y"
        return (
            Button("✅ " + self.t(lang, "Yes, pass it on"), data(Callback.CONSENT, arg)),
            Button(self.t(lang, "No, thank you"), data(Callback.CONSENT, "n")),
        )

    def _present(self, ctx: Ctx, answer: Answer, text: str | None, update_id: int | None) -> Outcome:
        u = answer.understanding
        lang = u.reply_language
        conv = ctx.conv
        if u.needs:
            conv.last_needs = u.need_slugs[:2]
        conv.shown_services = [s.service_id for s in answer.services]
        person = self.texts.person_button(lang)
        self._learn(ctx, u, text)
        if u.action is Action.EMERGENCY:
            conv.state, conv.last_text = ChatState.AWAITING_CONSENT.value, (text or "")[:4000]
            button = replace(person, action=data(Callback.CONSENT, "e"))
            return Outcome().add(Reply(answer.reply, ((button,),)))
        if u.action is Action.CLARIFY:
            conv.state = ChatState.IDLE.value
            if answer.clarify is ClarifyStyle.SHORT:  # an empty message or a lone emoji: no wall of 31 buttons
                more = Button("🔁 " + self.t(lang, "Other topic"), data(Callback.TOPICS))
                return Outcome().add(Reply(answer.reply, ((more, person),)))
            return Outcome().add(Reply(answer.reply, self.texts.topics(lang) + ((person,),)))
        rows: list[tuple[Button, ...]] = []
        maps = tuple(
            Button(f"🗺 {i}", data(Callback.MAP, service_key(s.service_id)))
            for i, s in enumerate(answer.services, 1)
            if s.has_real_coordinates
        )
        if u.action is Action.ESCALATE:
            conv.state, conv.last_text = ChatState.AWAITING_CONSENT.value, (text or "")[:4000]
            rows.append(self._consent_buttons(lang))
            if maps:
                rows.append(maps)
            return Outcome().add(Reply(answer.reply, tuple(rows)))
        conv.state = ChatState.IDLE.value
        if maps:
            rows.append(maps)
        rows.append(
            (
                Button("➕ " + self.t(lang, "Other options"), data(Callback.MORE)),
                Button("🔁 " + self.t(lang, "Other topic"), data(Callback.TOPICS)),
            )
        )
        if not conv.district:
            rows.append((Button("📍 " + self.t(lang, "Choose my area"), data(Callback.PLACES)),))
        case = ctx.uow.cases.open_for_chat(ctx.resident.chat_id)
        if case is not None:
            rows.append((Button("✉️ " + self.t(lang, "Write to my person"), data(Callback.TO_PERSON)),))
        else:
            rows.append((person,))
        rows.append(
            (
                Button("👍 " + self.t(lang, "This helped"), data(Callback.FEEDBACK, "y")),
                Button("👎 " + self.t(lang, "Not helpful"), data(Callback.FEEDBACK, "n")),
            )
        )
        reply = answer.reply
        if case is not None:
            reply = (
                "🤖 "
                + self.t(lang, "Answer from the bot (your question number {number} stays open):", number=case.id)
                + "\n"
                + reply
            )
        return Outcome().add(Reply(reply, tuple(rows)))

    def _learn(self, ctx: Ctx, u: Understanding, text: str | None) -> None:
        """Two clarifying questions in a row make the message a curation task; keep a masked copy for 'not helpful'."""
        conv = ctx.conv
        if text is None or u.action is Action.EMERGENCY:
            return
        conv.last_question = mask(text)[:500]
        if u.action is not Action.CLARIFY:
            conv.clarified = 0
            return
        conv.clarified += 1
        if conv.clarified >= 2:
            self.cases.learning.record(
                ctx.uow, text, TaskSource.CLARIFY_TWICE, language=u.language, district=conv.district
            )

    def _answer_need(self, ctx: Ctx, slug: str, exclude: tuple[str, ...] = ()) -> Outcome:
        lang = ctx.lang
        u = Understanding(
            language=lang,
            reply_language=lang,
            action=Action.ANSWER,
            reason=f"topic:{slug}",
            needs=(NeedScore(slug, 1.0, ("button",)),),
            district=ctx.conv.district,
            neighbourhood=ctx.conv.neighbourhood,
            point=self._point(ctx.conv),
        )
        answer = self.engine.answer_topic(u, self.clock(), exclude)
        if exclude and not answer.services:
            return Outcome().add(
                Reply(
                    self.t(lang, "I have no other places for this. A person can look with you."),
                    ((self.texts.person_button(lang),),),
                )
            )
        return self._present(ctx, answer, None, None)

    def reply_language(self, chat_id: int, hint: str | None) -> str:
        """The language the bot speaks in a chat."""
        with self.units() as uow:
            resident = uow.residents.get(chat_id)
            if resident is None:
                return self._language(Resident(chat_id=chat_id), Conversation(chat_id=chat_id), hint)
            return self._language(resident, uow.residents.conversation(chat_id), hint)

    def mark_blocked(self, chat_id: int, blocked: bool = True) -> None:
        """Someone blocked (or unblocked) the bot: nothing more is sent, and their cases say so."""
        with self.units() as uow:
            resident = uow.residents.get(chat_id)
            if resident is not None:
                resident.blocked = blocked
                uow.residents.save(resident)
            if blocked:
                self.followup.unreachable(uow, chat_id)
            else:
                self.followup.reachable_again(uow, chat_id)


def base_language(code: str | None) -> str | None:
    """'pt-BR' -> 'pt'."""
    return code.split("-")[0].lower() if code else None
