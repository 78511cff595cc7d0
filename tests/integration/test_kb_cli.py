"""`kb stats`, `kb validate` and dev.py as a curator runs them: clean standard output, plain words on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT

ACTING = {"reachable", "with_address", "with_hours", "stale", "description_languages"}


def run(*args: str, data: Path, script: tuple[str, ...] = ("-m", "bot")) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BUURTWIJZER_DATA_DIR": str(data), "BUURTWIJZER_EMBEDDINGS": "off"}
    return subprocess.run(
        [sys.executable, *script, *args], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600
    )


def test_stats_before_import_read_the_files_and_say_so_then_the_database(tmp_path: Path) -> None:
    before = run("kb", "stats", "--json", data=tmp_path)
    assert before.returncode == 0, before.stderr
    files = json.loads(before.stdout)
    assert files["source"] == "knowledge files" and "kb import" in before.stderr
    assert set(files) >= ACTING and files["active"] > 0 and files["description_languages"]["nl"] == files["active"]
    assert 0 < files["reachable"] <= files["active"]
    assert run("kb", "import", data=tmp_path).returncode == 0
    after = run("kb", "stats", "--json", data=tmp_path)
    stored = json.loads(after.stdout)
    assert stored["source"] == "database" and after.stderr == ""
    assert {k: stored[k] for k in ACTING} == {k: files[k] for k in ACTING}


def test_dev_py_prints_clean_json_on_standard_output(tmp_path: Path) -> None:
    result = run("kb", "stats", "--json", data=tmp_path, script=("dev.py",))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["services"] > 0
    assert "$ " in result.stderr


def test_validate_lists_every_problem_and_does_not_talk_of_importing(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    practical = root / "services" / "practical.yaml"
    lines = practical.read_text(encoding="utf-8").splitlines()
    first = next(i for i, x in enumerate(lines) if x.startswith("    description:"))
    lines[first] = "     " + lines[first].lstrip()  # one space too deep
    practical.write_text("\n".join(lines) + "\n", encoding="utf-8")
    crisis = root / "crisis.yaml"
    crisis.write_text(crisis.read_text(encoding="utf-8").replace("kinds: [", "kinds: [nonsense, ", 1), encoding="utf-8")
    result = run("kb", "validate", "--dir", str(root), data=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "nothing was imported" not in result.stderr
    reported = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert reported[0].startswith("knowledge/crisis.yaml") and "unknown kind 'nonsense'" in reported[0]
    assert any(line.startswith(f"knowledge/services/practical.yaml, line {first + 1}:") for line in reported)
    imported = run("kb", "import", "--dir", str(root), data=tmp_path)
    assert imported.returncode == 1 and "nothing was imported" in imported.stderr
