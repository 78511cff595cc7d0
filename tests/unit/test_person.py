"""The "wants a person" head: a request no intent phrase foresaw still reaches a person, with a fake model."""

from __future__ import annotations

import numpy as np
import pytest

from bot.catalog.loader import KnowledgeBase
from bot.engine import policy
from bot.engine.core import Engine
from bot.engine.heads import PERSON_CLASSES, Head, Level
from bot.engine.semantic import DIM
from bot.engine.values import Action, NeedScore, Question
from bot.i18n import Catalogs
from tests.conftest import TUESDAY_10
from tests.fakes.embedders import StormEmbedder

STORMY_RENT = "mijn uitkering en de huur, het onweer"  # two needs, none decisive; the fake model reads it as e0
STORMY_FOOD = "ik heb geen geld voor eten, voedselbank? het onweer"  # one clearly named need, also read as e0


def person_head(at: float) -> Head:
    """A head that reads e0 (a storm message) as wanting a person with probability 0.8, e1 as 0.0001."""
    weights = np.zeros((len(PERSON_CLASSES), DIM), dtype=np.float32)
    weights[1, 0] = 9.2 + float(np.log(4.0))
    bias = np.array([0.0, -9.2], dtype=np.float32)
    return Head(PERSON_CLASSES, weights, bias, np.zeros(DIM, dtype=np.float32), at, at, at, "test", StormEmbedder.name)


def engine_with(kb: KnowledgeBase, catalogs: Catalogs, at: float) -> Engine:
    return Engine(kb, catalogs, StormEmbedder(), None, person=person_head(at))


def test_the_head_reads_the_probability_of_wanting_a_person() -> None:
    head = person_head(0.5)
    e0, e1 = np.eye(DIM, dtype=np.float32)[:2]
    assert head.assess(e0).probability == pytest.approx(0.8, abs=0.01)
    assert head.assess(e0).level is Level.SURE and head.assess(e0).label == "person"
    assert head.assess(e1).level is Level.NONE


def test_a_message_goes_to_a_person_when_the_model_reads_a_request_for_one(
    kb: KnowledgeBase, catalogs: Catalogs
) -> None:
    engine = engine_with(kb, catalogs, 0.5)
    asked = engine.answer(Question(text=STORMY_RENT, now=TUESDAY_10)).understanding
    assert asked.action is Action.ESCALATE
    assert asked.reason == "wants a person (person model 0.80)"
    assert {n.slug for n in asked.needs[:2]} == {"benefits", "housing"}  # the key figure sees what it is about
    plain = engine.answer(Question(text="mijn uitkering en de huur", now=TUESDAY_10)).understanding
    assert plain.action is Action.ANSWER


def test_a_need_named_in_curated_words_is_answered_whatever_the_model_reads(
    kb: KnowledgeBase, catalogs: Catalogs
) -> None:
    u = engine_with(kb, catalogs, 0.5).answer(Question(text=STORMY_FOOD, now=TUESDAY_10)).understanding
    assert u.action is Action.ANSWER and u.needs[0].slug == "food"


def test_below_its_threshold_the_head_changes_nothing(kb: KnowledgeBase, catalogs: Catalogs) -> None:
    u = engine_with(kb, catalogs, 0.9).answer(Question(text=STORMY_RENT, now=TUESDAY_10))
    assert u.understanding.action is Action.ANSWER


def test_an_emergency_comes_before_a_person() -> None:
    food = [NeedScore("food", 2.0, ("phrase",))]
    assert policy.decide("medical", [], food, wants_person=True).action is Action.EMERGENCY
    decided = policy.decide(None, [], food, wants_person=True)
    assert (decided.action, decided.reason) == (Action.ESCALATE, policy.WANTS_PERSON)
    assert policy.decide(None, [], food).action is Action.ANSWER
