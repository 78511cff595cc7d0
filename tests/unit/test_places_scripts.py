"""Dutch place names written in Cyrillic, Arabic, Persian and Ge'ez letters, and the everyday words that look alike."""

from __future__ import annotations

import pytest

from bot.catalog.loader import KnowledgeBase
from bot.engine.places import PlaceFinder
from bot.engine.romanise import dutch_skeleton, script_skeleton


@pytest.fixture(scope="module")
def places(kb: KnowledgeBase) -> PlaceFinder:
    return PlaceFinder(kb.gazetteer)


def test_a_name_and_its_spelling_in_another_script_share_a_skeleton() -> None:
    assert dutch_skeleton("waterwijk") == script_skeleton("ватервейк") == script_skeleton("واترفايك") == "FtrFK"
    assert dutch_skeleton("almere") == script_skeleton("альмере") == script_skeleton("آلمره") == "lmr"
    assert script_skeleton("ኣልመረ") == "lmr"
    assert script_skeleton("خونه") == "Hn"  # و after a consonant is a vowel, a final ه too


@pytest.mark.parametrize(
    ("text", "district", "neighbourhood"),
    [
        ("ищу кружок для сына, мы живём в Ватервейке", "almere-stad", "Waterwijk"),
        ("у Парквейку є безкоштовна їжа?", "almere-stad", "Parkwijk"),
        ("мы переехали в Регенбогбюрт", "almere-buiten", "Regenboogbuurt"),
        ("дешёвая одежда в Альмере Пурт", "almere-poort", None),
        ("وين في مطبخ مجاني بحي كرويدنفايك", "almere-stad", "Kruidenwijk"),
        ("ساكن في الميري هاون، بدي دروس لغة", "almere-haven", None),
        ("من تو نوبلهورست زندگی میکنم", "almere-hout", "Nobelhorst"),
        ("ኣብ ኣልመረ ፖርት ናይ ቋንቋ ትምህርቲ ኣሎ", "almere-poort", None),
    ],
)
def test_names_in_other_scripts_are_found(
    places: PlaceFinder, text: str, district: str, neighbourhood: str | None
) -> None:
    place = places.find(text, foreign=True)
    assert place is not None and (place.district, place.neighbourhood) == (district, neighbourhood), place


@pytest.mark.parametrize(
    "text",
    [
        "штрафы за парковку, что делать",  # парковка spells Parkwijk's skeleton, unmarked
        "как встать в очередь на социальное жильё",  # two short words are not a split name
        "میشه یکی بیاد خونه ما",  # خونه (home) is not Haven
        "بدي اشتغل هون بس ما في شغل",  # هون (here) is not Haven
        "والبريات ما بفهمها",  # و + ال glued to a word: no "in"
        "ወደይ ሕማም ኣለዎ",
    ],
)
def test_everyday_words_in_other_scripts_are_not_places(places: PlaceFinder, text: str) -> None:
    assert places.find(text, foreign=True) is None


def test_an_exact_name_is_preferred_to_a_near_one(places: PlaceFinder) -> None:
    place = places.find("snap die brief van de gemeente en wil een mens, woon in de Bouwmeesterbuurt")
    assert place is not None and place.neighbourhood == "Bouwmeesterbuurt", place
