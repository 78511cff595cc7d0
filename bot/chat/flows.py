"""The conversation with a resident, channel-neutral: Telegram and the console both call this."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.cases.office_hours import OfficeHours
from bot.cases.repository import CaseRepository, Outbox
from bot.chat.replies import Button, Outcome, Reply, Venue
from bot.chat.texts import Texts
from bot.engine.core import Engine
from bot.engine.values import Action, Answer, NeedScore, Question, Understanding
from bot.store.database import session_scope
from bot.store.residents import ResidentRepository, UpdateLedger
from bot.store.tables import Conversation, Feedback, Resident

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """What the conversation needs from the configuration."""

    operator_name: str
    office_hours: OfficeHours
    retention_days: int
    coordinator_chat_id: int | None


@dataclass
class _Ctx:
    session: Session
    residents: ResidentRepository
    resident: Resident
    conv: Conversation
    lang: str


class ChatService:
    """Every action a resident can take, each one unit of work in the database."""

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

    # --- plumbing -------------------------------------------------------------------------------

    def _run(self, chat_id: int, hint: str | None, update_id: int | None, step: Callable[[_Ctx], Outcome]) -> Outcome:
        with session_scope(self.db) as session:
            if update_id is not None and not UpdateLedger(session).first_time(update_id):
                log.info("duplicate update %s ignored", update_id)
                return Outcome()
            residents = ResidentRepository(session)
            resident = residents.get_or_create(chat_id)
            conv = residents.conversation(chat_id)
            lang = self._language(resident, conv, hint)
            ctx = _Ctx(session, residents, resident, conv, lang)
            outcome = step(ctx)
            if ctx.resident in session:
                residents.save(ctx.resident, ctx.conv)
            return outcome

    def _language(self, resident: Resident, conv: Conversation, hint: str | None) -> str:
        for code in (resident.language, conv.language, _base(hint)):
            if code and self.engine.catalogs.speaks(code):
                return code
        return "nl"

    def _point(self, conv: Conversation) -> tuple[float, float] | None:
        return (conv.lat, conv.lon) if conv.lat is not None and conv.lon is not None else None

    def _set_place(self, ctx: _Ctx, district: str, hood: str | None, point: tuple[float, float] | None) -> None:
        ctx.conv.district, ctx.conv.neighbourhood = district, hood
        if point is None:
            point = self.engine.places.district_point(district)
        ctx.conv.lat, ctx.conv.lon = point if point else (None, None)
        if ctx.resident.remember_place:
            ctx.resident.district, ctx.resident.neighbourhood = district, hood
            ctx.resident.lat, ctx.resident.lon = ctx.conv.lat, ctx.conv.lon

    def _place_name(self, conv: Conversation) -> str | None:
        return conv.neighbourhood or (self.district_names.get(conv.district) if conv.district else None)

    # --- resident actions ----------------------------------------------------------------------

    def start(self, chat_id: int, hint: str | None, payload: str | None, update_id: int | None = None) -> Outcome:
        """/start, optionally with a deep-link place from a poster."""

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
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

    def _add_to_case(self, ctx: _Ctx, text: str) -> Outcome:
        cases = CaseRepository(ctx.session)
        case = next((c for c in cases.open_cases() if c.chat_id == ctx.resident.chat_id), None)
        if case is None:
            ctx.conv.state = "idle"
            return self.text_after_case_closed(ctx)
        cases.add_message(case, "resident", text)
        return Outcome(case_id=case.id).add(
            Reply(
                self.t(ctx.lang, "I added this to your question. A person will answer you here."),
                ((Button(self.t(ctx.lang, "Ask something else"), "topics"),),),
            )
        )

    def text_after_case_closed(self, ctx: _Ctx) -> Outcome:
        """The resident writes after her case was closed: offer topics again."""
        return Outcome().add(
            Reply(
                self.t(ctx.lang, "What do you need help with? Choose a topic or tell me in your own words."),
                self.texts.topics(ctx.lang),
            )
        )

    def _present(self, ctx: _Ctx, answer: Answer, text: str | None, update_id: int | None) -> Outcome:
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

    def _answer_need(self, ctx: _Ctx, slug: str, exclude: tuple[str, ...] = ()) -> Outcome:
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

    def topic(self, chat_id: int, slug: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A topic button: answer at once when the place is known, else ask for it first."""

        def step(ctx: _Ctx) -> Outcome:
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
        return self._run(
            chat_id,
            hint,
            update_id,
            lambda ctx: Outcome().add(
                Reply(
                    self.t(ctx.lang, "What do you need help with? Choose a topic or tell me in your own words."),
                    self.texts.topics(ctx.lang) + ((self.texts.person_button(ctx.lang),),),
                )
            ),
        )

    def places(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/place: show the current place, districts to choose, and how to forget it."""

        def step(ctx: _Ctx) -> Outcome:
            here = self._place_name(ctx.conv)
            text = (
                self.t(ctx.lang, "I now look for help near {place}.", place=here)
                if here
                else self.t(ctx.lang, "I do not know your area yet.")
            )
            text += "\n" + self.t(ctx.lang, "Choose your district or share your location.")
            rows = self.texts.district_buttons()
            if here or ctx.resident.remember_place:
                rows += ((Button("🗑 " + self.t(ctx.lang, "Forget my place"), "d:forget"),),)
            return Outcome().add(Reply(text, rows, ask_location=True))

        return self._run(chat_id, hint, update_id, step)

    def district(self, chat_id: int, slug: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """A district button (or 'almere' for anywhere, 'forget' to forget the place)."""

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
            place = self.engine.places.nearest(lat, lon)
            self._set_place(ctx, place.district, place.neighbourhood, (lat, lon))
            return self._after_place(ctx)

        return self._run(chat_id, hint, update_id, step)

    def _after_place(self, ctx: _Ctx) -> Outcome:
        lang = ctx.lang
        outcome = Outcome()
        if ctx.conv.state == "awaiting_place" and ctx.conv.last_needs:
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
                    ((Button(self.t(lang, "Yes, remember"), "r:y"), Button(self.t(lang, "No, only now"), "r:n")),),
                )
            )
        return outcome

    def remember(self, chat_id: int, yes: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Consent to keep the place for next time (or not)."""

        def step(ctx: _Ctx) -> Outcome:
            ctx.resident.remember_place = yes
            if yes:
                self._set_place(ctx, ctx.conv.district or "", ctx.conv.neighbourhood, self._point(ctx.conv))
                return Outcome().add(Reply(self.t(ctx.lang, "OK, I will remember your area. /place changes it.")))
            ctx.resident.district = ctx.resident.neighbourhood = None
            ctx.resident.lat = ctx.resident.lon = None
            return Outcome().add(Reply(self.t(ctx.lang, "OK, I will not remember it.")))

        return self._run(chat_id, hint, update_id, step)

    def more(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """Other options for the last topic."""

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
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

    def _case_notice(self, case_id: int, ctx: _Ctx) -> str:
        area = self.district_names.get(ctx.conv.district or "", "?")
        needs = ", ".join(ctx.conv.last_needs) or "?"
        return f"New case #{case_id}: language {ctx.lang}, area {area}, topics {needs}."

    def language_menu(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/language: every language as a button in its own name."""
        return self._run(
            chat_id,
            hint,
            update_id,
            lambda ctx: Outcome().add(Reply(self.t(ctx.lang, "Choose your language."), self.texts.language_buttons())),
        )

    def set_language(self, chat_id: int, code: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Switch the reply language."""

        def step(ctx: _Ctx) -> Outcome:
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

        def step(ctx: _Ctx) -> Outcome:
            if which == "about":
                return Outcome().add(Reply(self.texts.about(ctx.lang, self.settings.retention_days)))
            return Outcome().add(Reply(self.texts.help(ctx.lang), self.texts.topics(ctx.lang)))

        return self._run(chat_id, hint, update_id, step)

    def forget_menu(self, chat_id: int, hint: str | None, update_id: int | None = None) -> Outcome:
        """/forgetme: ask to confirm."""
        return self._run(
            chat_id,
            hint,
            update_id,
            lambda ctx: Outcome().add(
                Reply(
                    self.t(ctx.lang, "Do you want me to delete everything I stored about you? This cannot be undone."),
                    (
                        (
                            Button("🗑 " + self.t(ctx.lang, "Yes, delete everything"), "forget:y"),
                            Button(self.t(ctx.lang, "No"), "forget:n"),
                        ),
                    ),
                )
            ),
        )

    def forget(self, chat_id: int, yes: bool, hint: str | None, update_id: int | None = None) -> Outcome:
        """Delete everything about the resident (or keep it)."""

        def step(ctx: _Ctx) -> Outcome:
            lang = ctx.lang
            if not yes:
                return Outcome().add(Reply(self.t(lang, "OK, nothing was deleted.")))
            ctx.residents.forget(chat_id)
            ctx.session.expunge_all()
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

    def unreadable(self, chat_id: int, kind: str, hint: str | None, update_id: int | None = None) -> Outcome:
        """Voice notes, photos, stickers and other messages the bot cannot read."""

        def step(ctx: _Ctx) -> Outcome:
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


def _base(code: str | None) -> str | None:
    return code.split("-")[0].lower() if code else None
