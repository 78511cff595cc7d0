"""Violence now by a stranger or in a public place needs the neighbourhood's safety first; at home, Veilig Thuis."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from bot.engine.values import Action, Question
from tests.conftest import TUESDAY_10


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("er staat een gast met een mes in de portiek te schreeuwen tegen mijn buurman", "safety"),
        ("some guy is punching a woman at the bus stop right now", "safety"),
        ("mijn man slaat me nu, ik zit in de badkamer met de kinderen", "domestic_violence"),
        ("my boyfriend is hitting me right now in the street outside our flat", "domestic_violence"),
        ("el novio de mi hija le esta pegando ahora en la calle", "domestic_violence"),  # a partner, even outside
    ],
)
def test_where_violence_happens_and_by_whom_chooses_the_help_after_112(
    lexical_engine: Engine, text: str, first: str
) -> None:
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert (u.action, u.crisis, u.need_slugs[0]) == (Action.EMERGENCY, "violence", first), u
