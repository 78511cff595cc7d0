"""The conversation's plumbing: one unit of work per action, the chat's language and place, answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.cases.office_hours import OfficeHours
from bot.cases.repository import CaseRepository
from bot.chat.replies import Button, Outcome, Reply
from bot.chat.texts import Texts
from bot.engine.core import Engine
from bot.engine.values import Action, Answer, NeedScore, Understanding
from bot.store.database import session_scope
from bot.store.residents import ResidentRepository, UpdateLedger
from bot.store.tables import Conversation, Resident

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
    """One action's unit of work: the session, the resident, the conversation and the reply language."""

    session: Session
    residents: ResidentRepository
    resident: Resident
    conv: Conversation
    lang: str


class ChatBase:
    """Shared by every conversation action: sessions, language, place, and presenting answers."""

    def __init__(
        self, engine: Engine, database: Database, settings: Settings, clock: Callable[[], dt.datetime]
    ) -> None:
        self.engine = engine
        self.db = database
        self.settings = settings
        self.clock = clock
        kb = engine.kb
        self.district_names = {d.slug: d.name for d in kb.gazetteer.districts}
        self.texts = Texts(engine.catalogs, kb.needs, self.district_names, settings.operator_name)
        self.t = engine.catalogs.t
        self.service_keys = {service_key(s.id): s.id for s in kb.services}

    def _run(self, chat_id: int, hint: str | None, update_id: int | None, step: Callable[[Ctx], Outcome]) -> Outcome:
        with session_scope(self.db) as session:
            if update_id is not None and not UpdateLedger(session).first_time(update_id):
                log.info("duplicate update %s ignored", update_id)
                return Outcome()
            residents = ResidentRepository(session)
            resident = residents.get_or_create(chat_id)
            conv = residents.conversation(chat_id)
            lang = self._language(resident, conv, hint)
            ctx = Ctx(session, residents, resident, conv, lang)
            outcome = step(ctx)
            if ctx.resident in session:
                residents.save(ctx.resident, ctx.conv)
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
            point = self.engine.places.district_point(district)
        ctx.conv.lat, ctx.conv.lon = point if point else (None, None)
        if ctx.resident.remember_place:
            ctx.resident.district, ctx.resident.neighbourhood = district, hood
            ctx.resident.lat, ctx.resident.lon = ctx.conv.lat, ctx.conv.lon

    def _place_name(self, conv: Conversation) -> str | None:
        return conv.neighbourhood or (self.district_names.get(conv.district) if conv.district else None)

    def _add_to_case(self, ctx: Ctx, text: str) -> Outcome:
        cases = CaseRepository(ctx.session)
        case = next((c for c in cases.open_cases() if c.chat_id == ctx.resident.chat_id), None)
        if case is None:
            ctx.conv.state = "idle"
            return self._topics_again(ctx)
        cases.add_message(case, "resident", text)
        return Outcome(case_id=case.id).add(
            Reply(
                self.t(ctx.lang, "I added this to your question. A person will answer you here."),
                ((Button(self.t(ctx.lang, "Ask something else"), "topics"),),),
            )
        )

    def _topics_again(self, ctx: Ctx) -> Outcome:
        """The resident writes after her case was closed: offer topics again."""
        return Outcome().add(
            Reply(
                self.t(ctx.lang, "What do you need help with? Choose a topic or tell me in your own words."),
                self.texts.topics(ctx.lang),
            )
        )

    def _present(self, ctx: Ctx, answer: Answer, text: str | None, update_id: int | None) -> Outcome:
        u = answer.understanding
        lang = u.reply_language
        conv = ctx.conv
        if u.needs:
            conv.last_needs = u.need_slugs[:2]
        conv.shown_services = [s.service_id for s in answer.services]
        person = self.texts.person_button(lang)
        if u.action is Action.EMERGENCY:
            conv.state, conv.last_text = "awaiting_consent", (text or "")[:4000]
            return Outcome().add(Reply(answer.reply, ((replace(person, action="consent:y"),),)))
        if u.action is Action.CLARIFY:
            conv.state = "idle"
            return Outcome().add(Reply(answer.reply, self.texts.topics(lang) + ((person,),)))
        rows: list[tuple[Button, ...]] = []
        maps = tuple(
            Button(f"🗺 {i}", f"m:{service_key(s.service_id)}")
            for i, s in enumerate(answer.services, 1)
            if s.lat is not None and s.address
        )
        if u.action is Action.ESCALATE:
            conv.state, conv.last_text = "awaiting_consent", (text or "")[:4000]
            rows.append(
                (
                    Button("✅ " + self.t(lang, "Yes, pass it on"), "consent:y"),
                    Button(self.t(lang, "No, thank you"), "consent:n"),
                )
            )
            if maps:
                rows.append(maps)
            return Outcome().add(Reply(answer.reply, tuple(rows)))
        conv.state = "idle"
        if maps:
            rows.append(maps)
        rows.append(
            (
                Button("➕ " + self.t(lang, "Other options"), "more"),
                Button("🔁 " + self.t(lang, "Other topic"), "topics"),
            )
        )
        if not conv.district:
            rows.append((Button("📍 " + self.t(lang, "Choose my area"), "places"),))
        rows.append((person,))
        rows.append(
            (Button("👍 " + self.t(lang, "This helped"), "fb:y"), Button("👎 " + self.t(lang, "Not helpful"), "fb:n"))
        )
        return Outcome().add(Reply(answer.reply, tuple(rows)))

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
        services = self.engine.recommend(u, self.clock(), exclude)
        if exclude and not services:
            return Outcome().add(
                Reply(
                    self.t(lang, "I have no other places for this. A person can look with you."),
                    ((self.texts.person_button(lang),),),
                )
            )
        answer = Answer(u, services, self.engine.writer.write(u, services, ()))
        return self._present(ctx, answer, None, None)

    def reply_language(self, chat_id: int, hint: str | None) -> str:
        """The language the bot speaks in a chat."""
        with session_scope(self.db) as session:
            repo = ResidentRepository(session)
            resident = repo.get(chat_id)
            if resident is None:
                return self._language(Resident(chat_id=chat_id), Conversation(chat_id=chat_id), hint)
            return self._language(resident, repo.conversation(chat_id), hint)

    def mark_blocked(self, chat_id: int, blocked: bool = True) -> None:
        """Remember that a resident blocked (or unblocked) the bot, so nothing more is sent."""
        with session_scope(self.db) as session:
            resident = ResidentRepository(session).get(chat_id)
            if resident is not None:
                resident.blocked = blocked
                session.add(resident)


def service_key(service_id: str) -> str:
    """A short, stable key for a service, to fit in Telegram's 64-byte callback data."""
    return hashlib.blake2s(service_id.encode(), digest_size=6).hexdigest()


def base_language(code: str | None) -> str | None:
    """'pt-BR' -> 'pt'."""
    return code.split("-")[0].lower() if code else None
