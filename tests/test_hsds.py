"""The HSDS export validates against the official Open Referral HSDS 3.0 schemas (tests/data/hsds, see README)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.catalog import hsds
from bot.catalog.loader import KnowledgeBase
from bot.config import PROJECT_ROOT

SCHEMAS = Path(__file__).parent / "data" / "hsds"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def exported(kb: KnowledgeBase) -> dict[str, Any]:
    return hsds.export(kb)


def test_every_service_validates_against_the_hsds_3_schema(exported: dict[str, Any], kb: KnowledgeBase) -> None:
    check = validator("service")
    problems = [f"{s['name']}: {e.json_path} {e.message}" for s in exported["services"] for e in check.iter_errors(s)]
    assert problems == []
    assert len(exported["services"]) == len(kb.services)


def test_every_organization_validates_against_the_hsds_3_schema(exported: dict[str, Any]) -> None:
    check = validator("organization")
    problems = [f"{o['name']}: {e.message}" for o in exported["organizations"] for e in check.iter_errors(o)]
    assert problems == []


def test_the_schema_check_can_fail(exported: dict[str, Any]) -> None:
    broken = {**exported["services"][0], "status": "open", "id": "not-a-uuid"}
    del broken["name"]
    messages = " ".join(e.message for e in validator("service").iter_errors(broken))
    assert "'name' is a required property" in messages and "'open' is not one of" in messages
    assert "is not a 'uuid'" in messages


def test_nothing_unknown_is_written_as_null_and_facts_keep_their_sources(
    exported: dict[str, Any], kb: KnowledgeBase
) -> None:
    text = json.dumps(exported)
    assert ": null" not in text
    sourced = next(s for s in kb.services if s.sources)
    service = next(x for x in exported["services"] if x["id"] == hsds.uid(f"service:{sourced.id}"))
    urls = {m["replacement_value"] for m in service["metadata"] if m["last_action_type"] == "source"}
    assert {src.url for src in sourced.sources} == urls
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == set(sourced.needs)


def test_the_command_writes_the_same_export(tmp_path: Path) -> None:
    out = tmp_path / "hsds.json"
    env = {"BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "export", "--format", "hsds", "--out", str(out)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["hsds_version"] == "3.0" and data["services"]
    check = validator("service")
    assert all(check.is_valid(s) for s in data["services"])
