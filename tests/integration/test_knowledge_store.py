"""Knowledge base import, export and stats against real SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy.exc import IntegrityError

from bot.catalog import export
from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.catalog.models import Status
from bot.config import PROJECT_ROOT
from bot.store.database import session_scope
from bot.store.knowledge import KnowledgeRepository


def test_import_is_idempotent(database: Database, kb: KnowledgeBase) -> None:
    with session_scope(database) as session:
        first = KnowledgeRepository(session).import_kb(kb)
    assert first.added == len(kb.services) + len(kb.organizations) + len(kb.needs) + len(kb.crisis_lines)
    with session_scope(database) as session:
        second = KnowledgeRepository(session).import_kb(kb)
    assert not second.changed and second.unchanged == first.added
    with session_scope(database) as session:
        assert KnowledgeRepository(session).services() == sorted(kb.services, key=lambda s: s.id)


def test_import_updates_and_removes(database: Database, kb: KnowledgeBase) -> None:
    with session_scope(database) as session:
        KnowledgeRepository(session).import_kb(kb)
    closed = replace(
        kb, services=[kb.services[0].model_copy(update={"status": Status.TEMPORARILY_CLOSED})] + kb.services[2:]
    )
    with session_scope(database) as session:
        report = KnowledgeRepository(session).import_kb(closed)
    assert (report.updated, report.removed) == (1, 1)
    with session_scope(database) as session:
        stats = KnowledgeRepository(session).stats()
    assert stats["services"] == len(kb.services) - 1
    assert stats["temporarily_closed"] >= 1


def test_failed_import_changes_nothing(database: Database, kb: KnowledgeBase) -> None:
    with session_scope(database) as session:
        KnowledgeRepository(session).import_kb(kb)
    broken = replace(kb, services=[*kb.services[1:], kb.services[1].model_copy(update={"organization": "nope"})])
    with pytest.raises(IntegrityError), session_scope(database) as session:  # the whole transaction is refused
        KnowledgeRepository(session).import_kb(broken)
    with session_scope(database) as session:
        assert len(KnowledgeRepository(session).services()) == len(kb.services)


def test_stats_count_needs_districts_languages(database: Database, kb: KnowledgeBase) -> None:
    with session_scope(database) as session:
        repo = KnowledgeRepository(session)
        repo.import_kb(kb)
        stats = repo.stats()
    assert stats["services"] == len(kb.services)
    assert set(stats["by_need"]) == set(kb.need_slugs)
    assert sum(stats["by_need"].values()) == sum(len(s.needs) for s in kb.services)
    assert stats["unverified"] == sum(not s.verified for s in kb.services)
    assert set(stats["by_district"]) <= {d.slug for d in kb.gazetteer.districts}


def test_yaml_export_round_trips(database: Database, kb: KnowledgeBase, tmp_path: Path) -> None:
    with session_scope(database) as session:
        repo = KnowledgeRepository(session)
        repo.import_kb(kb)
        snapshot = repo.snapshot(kb)
    export.to_yaml_tree(snapshot, tmp_path / "out", PROJECT_ROOT / "knowledge")
    again = load_knowledge(tmp_path / "out")
    with session_scope(database) as session:
        report = KnowledgeRepository(session).import_kb(again)
    assert not report.changed


def test_csv_and_hsds_exports(kb: KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(kb))))
    assert len(rows) == len(kb.services)
    assert {r["id"] for r in rows} == {s.id for s in kb.services}
    hsds = export.to_hsds(kb)
    assert len(hsds["services"]) == len(kb.services)
    first = hsds["services"][0]
    assert {"id", "organization_id", "name", "description", "status", "organization"} <= set(first)
    assert {o["id"] for o in hsds["organizations"]} >= {s["organization_id"] for s in hsds["services"]}
