"""How the model build sets the danger head's thresholds from held-out probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from bot.evaluation.build import Held, Rules, backed_threshold, false_alarm_threshold
from bot.evaluation.corpus import Example

NOTHING = Rules(sure=False, possible=False)
ACT_AND_PERSON = Rules(sure=False, possible=True)
ACT_PERSON_NOW = Rules(sure=True, possible=False)


def held(rows: list[tuple[str, float, Rules]]) -> list[Held]:
    """One language's held-out examples: (label, probability, what the rules say)."""
    examples = [Example(f"text {i}", "nl", label, 10.0, True) for i, (label, _, _) in enumerate(rows)]
    probability = np.array([p for _, p, _ in rows], dtype=np.float32)
    return [Held("nl", examples, probability, [r for _, _, r in rows])]


def negatives(n: int, p: float = 0.05) -> list[tuple[str, float, Rules]]:
    return [("none", p, NOTHING)] * n


def test_the_false_alarm_threshold_lets_through_at_most_the_rate() -> None:
    rows = negatives(97) + [("none", 0.9, NOTHING), ("none", 0.7, NOTHING), ("none", 0.6, NOTHING)]
    at = false_alarm_threshold(held(rows), 0.02)
    assert sum(p >= at for _, p, _ in rows) <= 2
    assert at == pytest.approx(0.7001, abs=1e-3)  # 0.9 and 0.7001+ only: two alarms of 100


def test_an_act_and_a_person_is_backed_from_where_it_adds_at_most_the_allowed_false_alarms() -> None:
    rows = negatives(496) + [
        ("none", 0.8, ACT_AND_PERSON),
        ("none", 0.45, ACT_AND_PERSON),
        ("none", 0.3, ACT_AND_PERSON),
        ("none", 0.95, ACT_AND_PERSON),  # above "sure": the head alone already calls it, so it does not count
        ("violence", 0.5, ACT_AND_PERSON),
    ]
    at = backed_threshold(held(rows), sure=0.9, possible=0.25, rate=0.002)  # 500 negatives: one extra allowed
    assert at == pytest.approx(0.4501, abs=1e-3)
    assert backed_threshold(held(rows), sure=0.9, possible=0.25, rate=0.0) == pytest.approx(0.8001, abs=1e-3)


def test_backing_never_goes_below_the_possible_level_nor_above_sure() -> None:
    quiet = negatives(100) + [("none", 0.1, ACT_PERSON_NOW), ("suicide", 0.6, ACT_AND_PERSON)]
    assert backed_threshold(held(quiet), sure=0.9, possible=0.25, rate=0.01) == 0.25
    loud = negatives(10) + [("none", 0.89995, ACT_AND_PERSON)] * 5
    assert backed_threshold(held(loud), sure=0.9, possible=0.25, rate=0.0) == 0.9
