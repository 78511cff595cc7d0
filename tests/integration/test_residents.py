"""Residents, duplicate updates, cases, timers and the outbox on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine as Database
from sqlmodel import select

from bot.cases.states import EventKind, OfferStatus, OutboxKind, Sender, TimerKind
from bot.store.case_tables import Case, CaseMessage, OutboxMessage
from bot.store.database import session_scope
from bot.store.outbox import Outgoing
from bot.store.tables import Resident, utcnow
from bot.store.uow import SqlUnitOfWork, sql_units


def test_same_update_is_processed_once(database: Database) -> None:
    units = sql_units(database)
    with units() as uow:
        assert uow.updates.first_time(42)
    with units() as uow:
        assert not uow.updates.first_time(42)
        assert uow.updates.first_time(43)


def test_first_claim_wins_atomically(database: Database) -> None:
    units = sql_units(database)
    with units() as uow:
        case = uow.cases.add(Case(chat_id=7, language="ar"))
        case_id = case.id or 0
    now = utcnow()
    with units() as first:
        won_first = first.cases.try_claim(case_id, 100, now)
    with units() as second:
        won_second = second.cases.try_claim(case_id, 200, now)
    with units() as uow:
        stored = uow.cases.get(case_id)
    assert won_first and not won_second
    assert stored is not None and stored.assigned_to == 100 and stored.status == "claimed"


def test_outbox_keys_lease_retry_and_relay_links(database: Database) -> None:
    units = sql_units(database)
    with units() as uow:
        case = uow.cases.add(Case(chat_id=8))
        out = Outgoing(99, "card", ((("Claim", "claim:1"),),), kind=OutboxKind.CASE_CARD, case_id=case.id, key="k1")
        assert uow.outbox.put(out) is not None
        assert uow.outbox.put(out) is None  # the same idempotency key is queued once
    with units() as uow:
        (msg,) = uow.outbox.lease()
        assert msg.buttons == [[["Claim", "claim:1"]]]
    with units() as uow:
        assert uow.outbox.lease() == []  # leased by the first sender
        msg2 = uow.outbox.get(msg.id or 0)
        assert msg2 is not None
        uow.outbox.failed(msg2, "network", retry_after=30)
    with units() as uow:
        assert uow.outbox.lease() == []
        assert len(uow.outbox.lease(utcnow() + dt.timedelta(seconds=31))) == 1
    with units() as uow:
        again = uow.outbox.get(msg.id or 0)
        assert again is not None
        uow.outbox.sent(again, 555)
        uow.cases.link(99, 555, case.id or 0)
    with units() as uow:
        assert uow.cases.case_of_message(99, 555) == case.id
        assert uow.outbox.pending() == []


def test_timers_are_leased_once_and_cancelled(database: Database) -> None:
    units = sql_units(database)
    now = utcnow()
    with units() as uow:
        case = uow.cases.add(Case(chat_id=9))
        uow.timers.schedule(TimerKind.OFFER_TIMEOUT, case.id or 0, now - dt.timedelta(seconds=1))
        uow.timers.schedule(TimerKind.CHECKBACK, case.id or 0, now + dt.timedelta(days=7))
    with units() as uow:
        (due,) = uow.timers.lease_due(now)
        assert due.kind == TimerKind.OFFER_TIMEOUT.value
    with units() as uow:
        assert uow.timers.lease_due(now) == []  # another worker skips a leased timer
        uow.timers.cancel(case.id or 0, now=now)
        assert uow.timers.open_for(case.id or 0) == []


def test_log_transcript_and_purge_of_old_transcripts(database: Database) -> None:
    units = sql_units(database)
    with units() as uow:
        case = uow.cases.add(Case(chat_id=10, status="resolved", closed_at=utcnow() - dt.timedelta(days=100)))
        uow.cases.add_message(case, Sender.RESIDENT, "oud verhaal")
        uow.cases.log(case.id or 0, EventKind.OPENED, reason="asked")
        fresh = uow.cases.add(Case(chat_id=11))
        uow.cases.add_message(fresh, Sender.RESIDENT, "nieuw")
    with units() as uow:
        assert [e.kind for e in uow.cases.events(case.id or 0)] == ["opened"]
        assert uow.cases.purge_transcripts(utcnow() - dt.timedelta(days=90)) == 1
    with session_scope(database) as session:
        assert [m.text for m in session.exec(select(CaseMessage)).all()] == ["nieuw"]


def test_forget_removes_the_profile_and_outbox(database: Database) -> None:
    with session_scope(database) as session:
        uow = SqlUnitOfWork(session)
        uow.residents.get_or_create(5, "nl")
        uow.residents.get_or_create(6, "nl")
        uow.residents.conversation(5)
        uow.outbox.put(Outgoing(5, "hello"))
    with session_scope(database) as session:
        uow = SqlUnitOfWork(session)
        assert uow.residents.forget(5) == 2
        assert uow.outbox.drop_for_chat(5) == 1
    with session_scope(database) as session:
        assert session.get(Resident, 5) is None and session.get(Resident, 6) is not None
        assert session.exec(select(OutboxMessage)).all() == []


def test_an_offer_made_again_reopens_the_same_row(database: Database) -> None:
    units = sql_units(database)
    with units() as uow:
        case = uow.cases.add(Case(chat_id=12))
        uow.cases.offer(case.id or 0, 77)
        uow.cases.close_offers(case.id or 0, OfferStatus.TAKEN)
        uow.cases.offer(case.id or 0, 77)  # after a hand-back: no second row, no unique-key error
        assert uow.cases.has_open_offer(case.id or 0, 77)
        assert len(uow.cases.offers(case.id or 0)) == 1
