"""Russian and Ukrainian typed in Latin letters match the curated Cyrillic phrases."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from bot.engine.lexicon import Entry, parse_entry
from bot.engine.normalise import normalise, tokens
from bot.engine.translit import ScriptMatcher, latin_entries, latin_key, romanised
from bot.engine.values import Action, Question
from tests.conftest import TUESDAY_10


@pytest.mark.parametrize(
    ("cyrillic", "typed", "language"),
    [
        ("моя", "moja", "ru"),
        ("помощь", "pomosch", "ru"),
        ("жена ушла", "zhena ushla", "ru"),
        ("хочу", "khochu", "ru"),
        ("допоможіть", "dopomozhit", "uk"),
        ("гроші", "hroshi", "uk"),
        ("дитина", "dytyna", "uk"),
    ],
)
def test_the_common_latin_spellings_meet_the_cyrillic_word(cyrillic: str, typed: str, language: str) -> None:
    assert [latin_key(romanised(w, language)) for w in cyrillic.split()] == [latin_key(w) for w in typed.split()]


def entry(label: str, language: str, text: str) -> Entry:
    found = parse_entry(label, language, normalise(text))
    assert found is not None
    return found


def test_short_or_non_cyrillic_phrases_get_no_latin_twin() -> None:
    twins = latin_entries(
        [
            entry("harm:person", "ru", "я"),  # "a" would meet every Spanish sentence
            entry("need:food", "ru", "нет еды"),  # "net edi": too short to tell apart
            entry("need:food", "pl", "jedzenie"),  # not Cyrillic
            entry("need:food", "ru", "продуктовый набор"),
        ]
    )
    assert [t.text for t in twins] == ["продуктовый набор"]


def test_a_phrase_found_as_written_is_not_found_twice() -> None:
    matcher = ScriptMatcher([entry("need:debt", "ru", "долги"), entry("need:debt", "ru", "dolgi")])
    hits = matcher.find(tokens(normalise("u menya dolgi")))
    assert [(h.entry.text, h.positions) for h in hits] == [("dolgi", (2,))]
    cyrillic = matcher.find(tokens(normalise("у меня долги")))
    assert [h.entry.text for h in cyrillic] == ["долги"]


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("u nas finansovye trudnosti, k komu obratitsya", "debt"),  # only "финансовые трудности" is curated
        ("tseliy den odna doma, nikto ne prikhodit", "loneliness"),
    ],
)
def test_a_latin_typed_russian_question_finds_its_need(lexical_engine: Engine, text: str, need: str) -> None:
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert u.language == "ru" and u.action is Action.ANSWER and u.need_slugs[0] == need, u
