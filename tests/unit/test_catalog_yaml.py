"""Broken YAML explained in plain words at the line of the real mistake, and every other problem still found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog.loader import load_knowledge
from bot.catalog.problems import KnowledgeError
from bot.catalog.yamlcheck import read_tolerant
from bot.config import PROJECT_ROOT

HEAD = "services:\n  - id: a\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # an over-indented first field: PyYAML complains one line later, at the correctly indented one
        (HEAD + "    contact:\n        phone: x\n      email: y\n    cost: free\n", 4, "indent it by 6 spaces"),
        (HEAD + "    name: x\n   needs: [food]\n", 4, "indented by 3 spaces"),
        (HEAD + "    location:\n      name: a\n     district: b\n", 5, "probably 4 or 6 spaces"),
        (HEAD + "    location:\n      district: b\n        neighbourhood: c\n", 5, "already has a value"),
        (HEAD + "    name: Open: ma-vr\n", 3, "double quotes"),
        (HEAD + "    name x\n    needs: [food]\n", 3, "':' is missing"),
        (HEAD + '    name: "x\n    needs: [food]\n', 3, "never closed"),
        (HEAD + "    needs: [food\n    name: x\n", 3, "not closed"),
        (HEAD + "\tname: x\n", 3, "tab"),
    ],
)
def test_yaml_errors_are_explained_at_the_likely_line(text: str, line: int, words: str) -> None:
    _, problems = read_tolerant(text)
    assert problems and problems[0].line == line and words in problems[0].message, problems


def test_a_broken_item_is_skipped_and_the_rest_is_read_with_its_line_numbers() -> None:
    text = HEAD + "    name: x\n   needs: [food]\n  - id: b\n    name: y\n  - id: c\n    name: z\n     cost: free\n"
    fixed, problems = read_tolerant(text)
    assert [p.line for p in problems] == [4, 9]
    assert fixed is not None
    assert fixed.splitlines()[4:6] == ["  - id: b", "    name: y"]  # line 5 is still line 5
    assert fixed.count("#  - id:") == 2


def test_a_file_broken_outside_any_list_item_is_not_read() -> None:
    text, problems = read_tolerant("language: ar\n  needs: x\n")
    assert text is None and problems[0].line == 2


def test_validation_lists_every_problem_sorted_by_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root)
    money = root / "services" / "money.yaml"
    lines = money.read_text(encoding="utf-8").splitlines()
    phone = next(i for i, x in enumerate(lines) if x.startswith("      phone:"))
    lines[phone] = "  " + lines[phone]  # over-indented: the mistake is here, PyYAML says the next line
    needs = next(i for i, x in enumerate(lines) if i > phone + 40 and x.startswith("    needs:"))
    lines[needs] = "    needs: [no-such-need]"
    money.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "organizations" / "core.yaml").write_text(
        (root / "organizations" / "core.yaml").read_text(encoding="utf-8").replace("    name:", "    nam:", 1),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(root)
    problems = err.value.problems
    keys = [(p.file, p.line or 0) for p in problems]
    assert keys == sorted(keys)
    files = {p.file for p in problems}
    assert {"knowledge/organizations/core.yaml", "knowledge/services/money.yaml"} <= files
    mine = [p for p in problems if p.file.endswith("money.yaml")]
    assert mine[0].line == phone + 1 and "deeper" in mine[0].message and "skipped" in mine[0].message
    assert any(p.line == needs + 1 and "unknown need 'no-such-need'" in p.message for p in mine)
