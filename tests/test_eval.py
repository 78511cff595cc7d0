"""Quality figures from ../shared/eval/score.py on the labelled dev set (never from cases written to pass)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ask import answer_json
from bot.engine.core import Engine
from bot.engine.values import Question
from tests.conftest import SHARED, TUESDAY_10

DEV = SHARED / "eval" / "dev.yaml"
SCORE = SHARED / "eval" / "score.py"
MINIMUM = {"need@1": 0.85, "need@3": 0.95, "action": 0.85, "emergency_recall": 1.0, "district": 0.95, "language": 0.90}


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev.yaml is not beside the project")
def test_engine_meets_the_minimum_figures_on_the_dev_set(engine: Engine, tmp_path: Path) -> None:
    cases = subprocess.run(
        [sys.executable, str(SCORE), str(DEV), "--to-jsonl"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    answers = tmp_path / "answers.jsonl"
    with answers.open("w", encoding="utf-8") as fh:
        for line in cases:
            item = json.loads(line)
            answer = engine.answer(
                Question(
                    text=item["text"], now=TUESDAY_10, language_hint=item.get("language"), location=item.get("location")
                )
            )
            fh.write(json.dumps(answer_json(answer, item["id"]), ensure_ascii=False) + "\n")
    args = [sys.executable, str(SCORE), str(DEV), str(answers), "--json"]
    args += [f"--min={k}={v}" for k, v in MINIMUM.items()]
    result = subprocess.run(args, capture_output=True, text=True)
    figures = json.loads(result.stdout)
    shown = {k: figures[k] for k in MINIMUM} | {"by_language": figures["need@1_by_language"]}
    print(json.dumps(shown, indent=1))
    assert result.returncode == 0, f"{result.stderr.strip()}\n{shown}"
