"""Places in free text, and opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import OpeningTime
from bot.engine.core import Engine
from bot.engine.places import PlaceFinder, haversine_km
from bot.engine.schedule import opening_state
from bot.engine.values import Question
from tests.conftest import TUESDAY_10


@pytest.fixture(scope="module")
def places(kb: KnowledgeBase) -> PlaceFinder:
    return PlaceFinder(kb.gazetteer)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("gratis kinderkleren in de stripheldenbrt", "almere-buiten"),  # misspelt neighbourhood
        ("ik woon in de regenboog", "almere-buiten"),
        ("hulp bij brieven bij het stadhuis", "almere-stad"),  # landmark
        ("ik woon in homerus kwartier", "almere-poort"),  # split compound
        ("buitende oturuyorum", "almere-buiten"),  # Turkish suffix on a district
        ("postcode 1354 AB", "almere-haven"),
        ("wij wonen in Almere Haven", "almere-haven"),
        ("kruidewijk", "almere-stad"),
    ],
)
def test_find_places(places: PlaceFinder, text: str, district: str) -> None:
    place = places.find(text)
    assert place is not None and place.district == district, place


def test_everyday_words_are_not_places(places: PlaceFinder) -> None:
    assert places.find("de kinderen willen buiten spelen") is None
    assert places.find("is there a safe haven for me") is None


def test_place_names_are_taken_out_before_the_language_is_guessed(places: PlaceFinder) -> None:
    assert places.without_names("waar is de voedselbank in Almere Haven?") == "waar is de voedselbank in"
    assert places.without_names("Ik woon in de Stripheldenbuurt, Almere-Buiten!") == "Ik woon in de"
    assert places.without_names("annem Almere Stad'da yaşıyor") == "annem Almere Stad'da yaşıyor"  # not exact: kept


def test_a_dutch_question_about_almere_haven_is_answered_in_dutch(lexical_engine: Engine) -> None:
    a = lexical_engine.answer(Question(text="waar is de voedselbank in almere haven", now=TUESDAY_10))
    assert a.understanding.language == "nl" and a.understanding.district == "almere-haven"


def test_coordinates_give_the_nearest_district(places: PlaceFinder, kb: KnowledgeBase) -> None:
    poort = next(d for d in kb.gazetteer.districts if d.slug == "almere-poort")
    place = places.from_location(f"{poort.centre[0]},{poort.centre[1]}")
    assert place is not None and place.district == "almere-poort"
    assert places.from_location("999,999") is None


def test_haversine_is_symmetric_and_plausible() -> None:
    a, b = (52.37, 5.22), (52.34, 5.22)
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a))
    assert 3.0 < haversine_km(a, b) < 3.7


def test_opening_state() -> None:
    schedule = [OpeningTime(days=["tu", "th"], opens="09:00", closes="12:00")]
    tuesday = dt.datetime(2026, 11, 24, 10, 30)
    opening = opening_state(schedule, tuesday.replace(hour=9, minute=0))
    assert opening is not None and opening.open_now  # open from the opening minute on
    closing = opening_state(schedule, tuesday.replace(hour=12, minute=0))
    assert closing is not None and not closing.open_now and closing.next_day == "th"  # closed at closing time
    early = opening_state(schedule, tuesday.replace(hour=8))
    assert early is not None and early.next_day == "tu" and early.days_ahead == 0 and early.next_opens == dt.time(9)
    now = opening_state(schedule, tuesday)
    assert now is not None and now.open_now and now.closes == dt.time(12, 0)
    later = opening_state(schedule, tuesday.replace(hour=13))
    assert later is not None and not later.open_now and later.next_day == "th" and later.days_ahead == 2
    assert opening_state([], tuesday) is None
