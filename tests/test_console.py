"""The console chat: the same flows as Telegram, driven through standard input like a person would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def test_console_chat_answers_remembers_and_presses_buttons(tmp_path: Path) -> None:
    lines = [
        "waar kan ik gratis eten halen in de stripheldenbuurt",  # a question with a place
        "/language",
        "2",  # press the second language button (English)
        "i need help with my debts",  # the place from before is remembered
        "/forgetme",
        "1",  # yes, delete everything
        "/quit",
    ]
    env = {**os.environ, "BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="\n".join(lines) + "\n",
        text=True,
        capture_output=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Buurtwijzer" in out and "[1]" in out
    assert "Stripheldenbuurt" in out
    assert "from now on" in out  # the English confirmation after pressing the button
    assert "Help with debts and money worries near Stripheldenbuurt" in out
    assert "Everything I stored about you is deleted" in out
    assert (tmp_path / "buurtwijzer.db").exists()
