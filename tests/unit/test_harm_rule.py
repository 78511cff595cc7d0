"""The composed alarm: an act of harm, a person at risk and "now", vetoed by the past or a service question."""

from __future__ import annotations

import pytest

from bot.engine.alarms import harm_kind
from bot.engine.lexicon import Entry, PhraseMatcher, parse_entry
from bot.engine.normalise import normalise, tokens

LISTS = {
    "violence": ["sla*", "geslagen", "mes"],
    "medical": ["ademt niet", "ingeslikt"],
    "suicide": ["alle pillen"],
    "person": ["hij", "mijn zoon", "de buurvrouw", "ik"],
    "now": ["nu", "net", "help"],
    "not_now": ["vorig jaar", "waar kan", "cursus"],
}


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher:
    entries = [parse_entry("harm:" + part, "nl", p) for part, phrases in LISTS.items() for p in phrases]
    return PhraseMatcher([e for e in entries if isinstance(e, Entry)])


def kind(matcher: PhraseMatcher, text: str) -> str | None:
    """The kind of a complete composed alarm, "possible <kind>" without "now", or None."""
    composed = harm_kind(matcher.find(tokens(normalise(text))), matcher.entries[0].language)
    if composed is None:
        return None
    return composed.kind if composed.complete else f"possible {composed.kind}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de buurvrouw wordt nu geslagen door haar man", "violence"),
        ("mijn zoon heeft net een batterij ingeslikt", "medical"),
        ("help hij ademt niet", "medical"),
        ("hij sloeg me vorig jaar, nu wil ik praten", None),  # the past vetoes
        ("waar kan ik een cursus volgen als de buurvrouw geslagen wordt", None),  # a service question
        ("mijn zoon heeft een mes", "possible violence"),  # no "now": lead with the number, answer too
        ("nu geslagen", None),  # no person at risk
        ("vannacht neem alle pillen", "possible suicide"),  # no "now" from the list: lead with the number
        ("nu neem alle pillen", "suicide"),  # wanting to die needs no named person (the verb says "I")
        ("mijn zoon heeft gras gemaaid nu", None),  # no act of harm
    ],
)
def test_all_three_parts_are_needed_and_a_veto_wins(matcher: PhraseMatcher, text: str, expected: str | None) -> None:
    assert kind(matcher, text) == expected


def test_a_word_counts_for_one_part_only() -> None:
    # "help" is listed both as an act and as "now": it cannot supply both
    entries = [parse_entry("harm:medical", "en", "help"), parse_entry("harm:now", "en", "help")]
    entries += [parse_entry("harm:person", "en", "me"), parse_entry("harm:now", "en", "now")]
    m = PhraseMatcher([e for e in entries if isinstance(e, Entry)])
    assert kind(m, "help me") == "possible medical"
    assert kind(m, "help me now") == "medical"


def test_a_typo_never_composes_an_alarm(matcher: PhraseMatcher) -> None:
    assert kind(matcher, "hij is nu geslagenn") is None


def test_only_the_lists_of_the_message_language_compose(matcher: PhraseMatcher) -> None:
    hits = matcher.find(tokens(normalise("de buurvrouw wordt nu geslagen")))
    assert harm_kind(hits, "nl") is not None and harm_kind(hits, "es") is None
