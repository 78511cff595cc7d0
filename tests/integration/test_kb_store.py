"""The new knowledge fields survive the database: dated sources, warnings, translations and their review."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Engine as Database

from bot.catalog.loader import KnowledgeBase
from bot.catalog.provenance import Fact, Source
from bot.catalog.translations import ServiceTranslation, translate_service
from bot.store.database import session_scope
from bot.store.knowledge import KnowledgeRepository


def test_new_fields_round_trip_and_count(database: Database, kb: KnowledgeBase) -> None:
    base = kb.services[0]
    dated = Source(url="https://example.org/pilot", dated="2021-04", seen=dt.date(2026, 12, 4), facts=[Fact.EXISTS])
    update = {"warning": {"nl": "Proef uit 2021, niet bevestigd sinds."}, "interpreter": True}
    richer = translate_service(
        base.model_copy(update={**update, "sources": [*base.sources, dated]}),
        "ti",
        ServiceTranslation(description="መግለጺ", warning="ፈተነ", reviewed=True),
    )
    changed = replace(kb, services=[richer, *kb.services[1:]])
    with session_scope(database) as session:
        KnowledgeRepository(session).import_kb(changed)
    with session_scope(database) as session:
        repo = KnowledgeRepository(session)
        stored = next(s for s in repo.services() if s.id == richer.id)
        stats = repo.stats(dt.date(2026, 12, 4))
    assert stored == richer
    assert (
        stored.translations_reviewed["ti"] is True
        and stored.sources[-1] == dated
        and stored.warning == {"nl": richer.warning["nl"], "ti": "ፈተነ"}
    )
    assert stats["description_languages"]["ti"] >= 1 and stats["with_warning"] >= 1 and stats["interpreter"] >= 1
    assert stats["active"] == sum(s.status.value == "active" for s in changed.services)
