"""Open data in: an HSDS 3 export and an edited spreadsheet CSV become drafts with a report (round trips)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.catalog import export, hsds
from bot.catalog.loader import KnowledgeBase
from bot.config import PROJECT_ROOT
from bot.curation.edits import EditField
from bot.curation.imports import from_csv, from_hsds
from tests.fakes.units import FakeUnitOfWork

TODAY = dt.date(2026, 12, 4)


def test_our_own_hsds_export_imports_back_with_no_change(kb: KnowledgeBase) -> None:
    uow = FakeUnitOfWork()
    report = from_hsds(uow, hsds.export(kb), kb, "self.json", TODAY)
    assert report.added == [] and report.changed == [] and report.skipped == [] and uow.edits.rows == []
    assert report.unchanged == len(kb.services)


def test_a_neighbouring_maps_changes_and_new_services_become_drafts(kb: KnowledgeBase) -> None:
    document = copy.deepcopy(hsds.export(kb))
    target = next(s for s in kb.services if s.contact.phone)
    record = next(x for x in document["services"] if x["id"] == hsds.uid(f"service:{target.id}"))
    record["phones"] = [{"id": hsds.uid("x"), "number": "036 777 8888"}]
    new = {
        "id": "5b7c0f57-6f4e-4f52-9a4c-2f1b1d0e9a11",
        "name": "Taalmaatjes Lelystad-Almere",
        "description": "Vrijwilligers oefenen Nederlands met nieuwkomers.",
        "status": "active",
        "url": "https://example.org/taalmaatjes",
        "attributes": [
            {"id": hsds.uid("y"), "taxonomy_term": {"id": hsds.uid("z"), "code": "language", "name": "x",
                                                    "description": "x"}}
        ],
        "service_at_locations": [
            {"id": hsds.uid("sal"), "location": {"id": hsds.uid("loc"), "location_type": "physical", "addresses": [
                {"id": hsds.uid("a"), "address_1": "Grote Markt 1", "city": "Almere", "state_province": "Flevoland",
                 "postal_code": "1315 JG", "country": "NL", "address_type": "physical"}]}}
        ],
    }  # fmt: skip
    unknown_topic = {"id": hsds.uid("u"), "name": "Golfclub", "url": "https://example.org/golf", "attributes": []}
    document["services"] += [new, unknown_topic, {"description": "no name"}]
    uow = FakeUnitOfWork()
    report = from_hsds(uow, document, kb, "buren.json", TODAY)
    assert report.changed == [f"{target.id}: phone"] and report.added == ["Taalmaatjes Lelystad-Almere"]
    assert any("Golfclub" in s and "topics" in s for s in report.skipped) and len(report.skipped) == 2
    phone, listing = uow.edits.rows
    assert (phone.field, phone.old_value, phone.new_value) == ("phone", target.contact.phone, "036 777 8888")
    assert listing.field == EditField.NEW.value and listing.new_value["district"] == "almere-stad"
    assert all(d.status == "pending" and d.proposer_name == "import: buren.json" for d in uow.edits.rows)


def test_an_edited_spreadsheet_imports_back_as_drafts(kb: KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(kb))))
    rows[0]["phone"] = "036 111 2222"
    rows[1]["opening_hours"] = "mo 12:00-09:00"  # closes before it opens: refused in plain words
    rows.append({**rows[2], "id": "does-not-exist"})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    uow = FakeUnitOfWork()
    report = from_csv(uow, buf.getvalue(), kb, "sheet.csv", TODAY)
    assert report.changed == [f"{rows[0]['id']}: phone"]
    assert any("closing time" in s for s in report.skipped) and any("does-not-exist" in s for s in report.skipped)
    assert [d.new_value for d in uow.edits.rows] == ["036 111 2222"]


def test_the_command_loads_a_file_as_drafts(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "buren.json"
    path.write_text(json.dumps(hsds.export(kb)), encoding="utf-8")
    env = {**os.environ, "BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "import", "--format", "hsds", str(path)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        f"0 new listing(s) and 0 change(s) proposed as drafts (approve them with /drafts), {len(kb.services)} unchanged"
        in result.stdout
    )
