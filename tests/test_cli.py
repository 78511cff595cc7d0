"""The command line as a user runs it: kb validate/import/stats/export and ask --jsonl."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.catalog.loader import load_knowledge
from bot.config import PROJECT_ROOT


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=PROJECT_ROOT,
        timeout=600,
    )


def test_kb_commands_on_a_fresh_database(tmp_path: Path) -> None:
    env = {"BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"}
    assert run("kb", "validate", env=env).returncode == 0
    first = run("kb", "import", env=env)
    assert first.returncode == 0 and "0 unchanged" in first.stdout
    again = run("kb", "import", env=env)
    assert "0 added, 0 updated, 0 removed" in again.stdout
    stats = json.loads(run("kb", "stats", "--json", env=env).stdout)
    assert stats["services"] >= 80 and set(stats) >= {"services", "by_need", "by_district", "languages", "unverified"}
    assert len(stats["by_need"]) == 30 and all(stats["by_need"].values())
    hsds = json.loads(run("kb", "export", "--format", "hsds", env=env).stdout)
    assert len(hsds["services"]) == stats["services"]
    csv_text = run("kb", "export", "--format", "csv", env=env).stdout
    assert csv_text.splitlines()[0].startswith("id,organization,name_nl")
    out = tmp_path / "exported"
    assert run("kb", "export", "--format", "yaml", "--out", str(out), env=env).returncode == 0
    round_trip = run("kb", "import", "--dir", str(out), env=env)
    assert "0 added, 0 updated, 0 removed" in round_trip.stdout


def test_kb_validate_names_file_line_and_field_of_a_broken_file(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    path = knowledge / "needs.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("slug: food", "slug: Food Aid", 1), encoding="utf-8")
    result = run("kb", "validate", env={"BUURTWIJZER_KNOWLEDGE_DIR": str(knowledge)})
    assert result.returncode == 1
    assert "knowledge/needs.yaml, line" in result.stderr and "field [0].slug" in result.stderr
    assert "nothing was imported" not in result.stderr  # validating imports nothing anyway


def test_ask_jsonl_answers_every_line_in_order_whatever_comes_in(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "waar kan ik gratis eten halen in de stripheldenbuurt"}),
        "this is not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "x" * 100_000}),
        json.dumps({"id": "d", "text": "\u202e\u0000<script>alert(1)</script>&amp;"}),
        json.dumps({"id": "e", "text": 42, "language": ["bad"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "f", "text": "where to learn dutch", "location": "52.3745,5.2190"}),
    ]
    result = run(
        "ask",
        "--jsonl",
        env={"BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"},
        stdin="\n".join(lines) + "\n",
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert [o["id"] for o in out] == ["a", 2, "b", "c", "d", "e", 7, "f"]
    assert out[0]["needs"][0] == "food" and out[0]["district"] == "almere-buiten" and out[0]["services"]
    assert out[2]["action"] == "clarify" and out[3]["action"] in ("clarify", "answer")
    assert out[7]["district"] == "almere-stad" and out[7]["services"]
    located = {
        s.id for s in load_knowledge(PROJECT_ROOT / "knowledge").services if s.location and s.location.coords_source
    }
    for service in out[7]["services"]:  # a distance only from real (sourced) coordinates, never from a district centre
        assert (service["distance_km"] is not None) == (service["id"] in located), service
