"""Residents, duplicate updates, cases and the outbox on real databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine as Database
from sqlmodel import select

from bot.cases.repository import CaseRepository, Outbox
from bot.store.database import session_scope
from bot.store.residents import ResidentRepository, UpdateLedger
from bot.store.tables import Case, CaseMessage, Resident, utcnow


def test_same_update_is_processed_once(database: Database) -> None:
    with session_scope(database) as session:
        assert UpdateLedger(session).first_time(42)
    with session_scope(database) as session:
        assert not UpdateLedger(session).first_time(42)
        assert UpdateLedger(session).first_time(43)


def test_one_update_makes_one_case(database: Database) -> None:
    for _ in range(2):
        with session_scope(database) as session:
            ResidentRepository(session).get_or_create(7, "ar")
            CaseRepository(session).open_case(
                7,
                language="ar",
                district="almere-haven",
                needs=["food"],
                reason="asked",
                message="help",
                source_update_id=900,
            )
    with session_scope(database) as session:
        cases = session.exec(select(Case)).all()
        assert len(cases) == 1 and cases[0].needs == ["food"]
        assert [m.text for m in CaseRepository(session).transcript(cases[0].id or 0)] == ["help"]


def test_forget_removes_everything_about_a_chat(database: Database) -> None:
    with session_scope(database) as session:
        residents = ResidentRepository(session)
        residents.get_or_create(5, "nl")
        residents.get_or_create(6, "nl")
        residents.conversation(5)
        case, _ = CaseRepository(session).open_case(
            5, language="nl", district=None, needs=[], reason="x", message="mijn verhaal", source_update_id=None
        )
        Outbox(session).put(5, "hello", case_id=case.id)
    with session_scope(database) as session:
        assert ResidentRepository(session).forget(5) >= 4
    with session_scope(database) as session:
        assert session.get(Resident, 5) is None and session.get(Resident, 6) is not None
        assert session.exec(select(Case)).all() == []
        assert session.exec(select(CaseMessage)).all() == []


def test_outbox_retries_with_backoff_and_purges_old_transcripts(database: Database) -> None:
    with session_scope(database) as session:
        ResidentRepository(session).get_or_create(8)
        case, _ = CaseRepository(session).open_case(
            8, language="nl", district=None, needs=[], reason="x", message="oud verhaal", source_update_id=None
        )
        case.status, case.closed_at = "resolved", utcnow() - dt.timedelta(days=100)
        session.add(case)
        Outbox(session).put(99, "new case")
    with session_scope(database) as session:
        outbox = Outbox(session)
        (msg,) = outbox.due()
        outbox.failed(msg, "network", retry_after=30)
    with session_scope(database) as session:
        assert Outbox(session).due() == []
        assert len(Outbox(session).due(utcnow() + dt.timedelta(seconds=31))) == 1
        assert CaseRepository(session).purge_transcripts(utcnow() - dt.timedelta(days=90)) == 1
