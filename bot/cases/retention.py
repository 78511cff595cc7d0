"""Privacy by default: purge closed case transcripts after the retention period, and old update ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine as Database

from bot.cases.repository import CaseRepository
from bot.store.database import session_scope
from bot.store.residents import UpdateLedger

UPDATE_IDS_KEPT = dt.timedelta(days=2)  # Telegram stops re-delivering an update after 24 hours


@dataclass(frozen=True)
class Purged:
    """How much was deleted."""

    transcript_messages: int
    update_ids: int


def purge(database: Database, retention_days: int, now: dt.datetime) -> Purged:
    """Delete transcripts of cases closed more than `retention_days` ago, and update ids older than 2 days."""
    with session_scope(database) as session:
        messages = CaseRepository(session).purge_transcripts(now - dt.timedelta(days=retention_days))
        updates = UpdateLedger(session).purge(now - UPDATE_IDS_KEPT)
    return Purged(messages, updates)
