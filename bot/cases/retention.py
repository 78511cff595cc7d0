"""Privacy by default: purge closed case transcripts after the retention period, old update ids, sent messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.store.uow import UnitOfWorkFactory

UPDATE_IDS_KEPT = dt.timedelta(days=2)  # Telegram stops re-delivering an update after 24 hours


@dataclass(frozen=True)
class Purged:
    """How much was deleted."""

    transcript_messages: int
    update_ids: int
    sent_messages: int


def purge(units: UnitOfWorkFactory, retention_days: int, now: dt.datetime) -> Purged:
    """Delete transcripts of cases closed more than `retention_days` ago, and update ids and sent texts of 2 days."""
    with units() as uow:
        messages = uow.cases.purge_transcripts(now - dt.timedelta(days=retention_days))
        updates = uow.updates.purge(now - UPDATE_IDS_KEPT)
        sent = uow.outbox.purge_sent(now - UPDATE_IDS_KEPT)
    return Purged(messages, updates, sent)
