"""Fire, smoke or a gas leak now: an emergency of its own kind, 112 first and the neighbourhood's safety after."""

from __future__ import annotations

import pytest

from bot.catalog.loader import KnowledgeBase
from bot.engine.core import Engine
from bot.engine.reply import crisis_contacts
from bot.engine.values import Action, Question
from tests.conftest import TUESDAY_10


@pytest.mark.parametrize(
    "text",
    [
        "er komt rook uit de flat van de buren en de rookmelder piept",
        "the kitchen is on fire and my kids are upstairs",
        "w kuchni sie pali, caly dym, co robic",
        "komsunun evinden duman cikiyor, kapiyi acmiyor",
        "dans l'immeuble ça sent le gaz très fort",
    ],
)
def test_a_fire_or_a_gas_leak_now_is_an_emergency_with_safety_first(lexical_engine: Engine, text: str) -> None:
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert (u.action, u.crisis, u.need_slugs[0]) == (Action.EMERGENCY, "fire", "safety"), u


@pytest.mark.parametrize(
    "text",
    [
        "my gas bill is too high this winter, where can I get help with it",
        "ik rook te veel en wil stoppen, waar kan ik hulp krijgen",
        "sasiad pali papierosy na klatce i caly dym idzie do nas, gdzie sie skarzyc",
        "vorig jaar was er brand in onze flat, nu zoeken we hulp bij de huur",
        "mijn keel brandt al drie dagen, welke huisarts kan ik bellen",
        "mi pikin e kisi faya tumsi, a e beifi heri skin",  # Sranan "faya" is also a fever: care, not fire
    ],
)
def test_smoking_a_gas_bill_a_sore_throat_or_a_past_fire_is_not_a_fire(lexical_engine: Engine, text: str) -> None:
    assert lexical_engine.understand(Question(text=text, now=TUESDAY_10)).crisis != "fire"


def test_a_fire_reply_leads_with_112(kb: KnowledgeBase) -> None:
    lines = crisis_contacts("en", "fire", kb.crisis_lines)
    assert [line.number for line in lines] == ["112"]
