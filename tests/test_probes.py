"""Curators' own probe messages per language (tests/probes/): every emergency caught, no false alarm,
and most needs and actions right. A regression net for the phrasings, separate from the dev-set figures."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from tests.probe_runner import Result, load, run


@pytest.fixture(scope="module")
def results(engine: Engine) -> list[Result]:
    return run(engine, load())


def test_every_emergency_probe_is_caught(results: list[Result]) -> None:
    missed = [r.text for r in results if r.want_action == "emergency" and r.got_action != "emergency"]
    assert missed == []


def test_no_false_alarm_from_phrases_and_few_from_the_danger_model(results: list[Result]) -> None:
    ordinary = [r for r in results if r.want_action != "emergency"]
    alarms = [r for r in ordinary if r.got_action == "emergency"]
    by_phrase = [r.text for r in alarms if "danger model" not in r.why]
    assert by_phrase == []  # the curated phrase lists are precise
    # the danger model trades a few false alarms (a line with a number) for emergencies said in any words
    assert len(alarms) <= 0.03 * len(ordinary), [r.text for r in alarms]


def test_actions_and_needs_per_language(results: list[Result]) -> None:
    languages = sorted({r.language for r in results})
    assert len(languages) >= 12
    for lang in languages:
        mine = [r for r in results if r.language == lang]
        action = sum(r.action_ok for r in mine) / len(mine)
        need = sum(r.need_ok for r in mine) / len(mine)
        assert action >= 0.8 and need >= 0.8, f"{lang}: action {action:.2f}, need@1 {need:.2f}"
