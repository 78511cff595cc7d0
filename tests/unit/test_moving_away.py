"""A neighbour moving away says goodbye too: thanks for everything and a cat given away are then no farewell signs."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from bot.engine.values import Action, Question
from tests.conftest import TUESDAY_10


@pytest.mark.parametrize(
    "text",
    [
        "we verhuizen naar lelystad, ik heb mijn kat aan de buurvrouw gegeven, bedankt voor alles",
        "nos vamos para siempre a colombia, gracias por todo vecinos, los vamos a extrañar",
        "we are moving back to turkey for good next week, thanks for everything neighbours",
    ],
)
def test_a_goodbye_to_the_neighbours_is_no_suicide_alarm(lexical_engine: Engine, text: str) -> None:
    assert lexical_engine.understand(Question(text=text, now=TUESDAY_10)).action is not Action.EMERGENCY


def test_farewell_signs_without_a_move_still_raise_the_alarm(lexical_engine: Engine) -> None:
    text = "ik heb mijn kat aan de buurvrouw gegeven en mijn kinderen een brief geschreven, bedankt voor alles"
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert (u.action, u.crisis) == (Action.EMERGENCY, "suicide"), u


def test_a_move_does_not_silence_violence(lexical_engine: Engine) -> None:
    text = "mijn man slaat me, ik wil verhuizen naar mijn zus, hij staat nu met een mes voor de deur"
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert (u.action, u.crisis) == (Action.EMERGENCY, "violence"), u
