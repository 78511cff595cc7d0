"""The spreadsheet export shows what a curator must follow up: reach, coordinates, warnings, translations."""

from __future__ import annotations

import csv
import io

from bot.catalog.export import to_csv
from bot.catalog.loader import KnowledgeBase
from bot.catalog.quality import reachable


def test_csv_has_the_follow_up_columns(kb: KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(kb))))
    assert len(rows) == len(kb.services)
    assert sum(r["reachable"] == "yes" for r in rows) == sum(reachable(s) for s in kb.services)
    warned = [r for r in rows if r["warning_nl"]]
    assert len(warned) == sum(s.warning is not None for s in kb.services)
    assert all("nl" in r["description_languages"].split() for r in rows)
    assert all("nl" not in r["unreviewed_languages"].split() for r in rows)
    dated = [r for r in rows if r["newest_source_date"]]
    assert all(len(r["newest_source_date"]) == 10 for r in dated)
