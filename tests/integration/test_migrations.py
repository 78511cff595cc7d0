"""Every schema change is an Alembic migration: the migrated database matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine as Database
from sqlmodel import SQLModel

import bot.store.case_tables
import bot.store.tables


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    assert bot.store.case_tables.CaseMessage.__tablename__ in SQLModel.metadata.tables
    with database.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
