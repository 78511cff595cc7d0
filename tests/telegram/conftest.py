"""Fixtures for end-to-end tests: the stand-in, a migrated SQLite database, the chat service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import Engine as Database

from bot.engine.core import Engine
from bot.store.database import make_engine, upgrade
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.harness import TestBot, make_bot


@pytest_asyncio.fixture
async def api() -> AsyncIterator[BotAPIStandIn]:
    async with BotAPIStandIn() as standin:
        yield standin


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def bot(engine: Engine, db: Database) -> TestBot:
    return make_bot(engine, db)
