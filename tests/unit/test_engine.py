"""The whole engine without the sentence model: replies, languages, places, and no input crashes it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.core import Engine
from bot.engine.values import Action, Question
from bot.i18n import Catalogs
from tests.conftest import TUESDAY_10


def ask(engine: Engine, text: str, **kw: object) -> object:
    return engine.answer(Question(text=text, now=TUESDAY_10, **kw))  # type: ignore[arg-type]


def test_answer_in_the_residents_language_with_at_most_three_services(
    lexical_engine: Engine, catalogs: Catalogs
) -> None:
    a = lexical_engine.answer(Question(text="ik heb schulden en de deurwaarder staat voor de deur", now=TUESDAY_10))
    assert a.understanding.action is Action.ANSWER and a.understanding.need_slugs[0] == "debt"
    assert 1 <= len(a.services) <= 3
    assert a.services[0].name in a.reply
    assert catalogs.t("nl", "Tell me your neighbourhood and I will look closer to you.") in a.reply


def test_reply_language_falls_back_to_hint_then_dutch(lexical_engine: Engine) -> None:
    srn = lexical_engine.answer(Question(text="mi no abi moni fu bai nyanyan", now=TUESDAY_10))
    assert srn.understanding.language == "srn" and srn.understanding.reply_language == "nl"
    hinted = lexical_engine.answer(Question(text="?", now=TUESDAY_10, language_hint="ar"))
    assert hinted.understanding.reply_language == "ar"


def test_known_place_is_used_and_follow_up_place_answers_previous_need(lexical_engine: Engine) -> None:
    a = lexical_engine.answer(Question(text="in de regenboogbuurt", now=TUESDAY_10, previous_needs=("food",)))
    assert a.understanding.action is Action.ANSWER and a.understanding.district == "almere-buiten"
    assert a.services and "food" in a.services[0].needs


def test_emergency_reply_leads_with_numbers(lexical_engine: Engine) -> None:
    a = lexical_engine.answer(Question(text="my husband is hitting me right now, please help", now=TUESDAY_10))
    assert a.understanding.action is Action.EMERGENCY
    assert a.reply.index("112") < a.reply.index("0800-2000")
    assert a.crisis_lines[0].number == "112"


def test_clarify_offers_every_topic(lexical_engine: Engine) -> None:
    a = lexical_engine.answer(Question(text="hallo", now=TUESDAY_10))
    assert a.understanding.action is Action.CLARIFY and len(a.topics) == len(lexical_engine.kb.needs)


def test_opening_hours_are_said_in_the_language(lexical_engine: Engine) -> None:
    sunday = dt.datetime(2026, 11, 29, 20, 0, tzinfo=TUESDAY_10.tzinfo)
    a = lexical_engine.answer(Question(text="waar kan ik nederlandse les krijgen", now=sunday))
    assert a.services
    assert all(s.opening is None or not s.opening.open_now for s in a.services)  # nothing is open Sunday 20:00
    for s in a.services:
        if s.opening is not None and s.opening.next_day is not None:
            assert "morgen" in a.reply or "maandag" in a.reply or "dinsdag" in a.reply, a.reply


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(max_size=3000),
    hint=st.one_of(st.none(), st.text(max_size=8)),
    location=st.one_of(
        st.none(),
        st.text(max_size=40),
        st.tuples(st.floats(-100, 100), st.floats(-200, 200)).map(lambda p: f"{p[0]},{p[1]}"),
    ),
)
def test_no_input_crashes_the_engine(lexical_engine: Engine, text: str, hint: str | None, location: str | None) -> None:
    a = lexical_engine.answer(Question(text=text, now=TUESDAY_10, language_hint=hint, location=location))
    assert a.understanding.action in set(Action)
    assert len(a.services) <= 3
    assert isinstance(a.reply, str) and a.reply


@pytest.mark.parametrize("text", ["", " ", "🙏", "???", "\u202e\u202e", "\x00\x01", "<b>" * 500, "ا" * 10_000])
def test_odd_inputs_get_a_clarifying_answer(lexical_engine: Engine, text: str) -> None:
    a = lexical_engine.answer(Question(text=text, now=TUESDAY_10))
    assert a.understanding.action is Action.CLARIFY and a.clarify is not None and a.reply
