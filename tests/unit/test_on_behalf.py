"""The composed request for a person: a task on her own case and "for me" in one sentence, no service question."""

from __future__ import annotations

import pytest

from bot.engine.lexicon import Entry, PhraseMatcher, parse_entry
from bot.engine.normalise import normalise, sentence_ids, tokens
from bot.engine.policy import intents

LISTS = {
    "intent:task": ["bellen", "bezwaar", "invullen", "praten met"],
    "intent:for_me": ["voor mij", "namens mij"],
    "intent:greeting": ["hallo"],
    "harm:not_now": ["waar kan", "waar vind"],
}


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher:
    entries = [parse_entry(label, "nl", p) for label, phrases in LISTS.items() for p in phrases]
    return PhraseMatcher([e for e in entries if isinstance(e, Entry)])


def found(matcher: PhraseMatcher, text: str, language: str = "nl") -> list[str]:
    toks = tokens(normalise(text))
    sentences = sentence_ids(text)
    return intents(matcher.find(toks), language, sentences if len(sentences) == len(toks) else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the task and "for me" far apart in one sentence: no phrase foresaw it
        ("hallo, kan iemand eindelijk eens met die corporatie praten met ze voor mij", ["act_for_me", "greeting"]),
        ("wil iemand namens mij het bezwaar schrijven", ["act_for_me"]),
        # a question about a service in the same sentence: a list of places will do
        ("waar kan ik iemand vinden die het formulier voor mij kan invullen", []),
        # the task and "for me" in different sentences
        ("ik moet de gemeente bellen. is er een voedselbank voor mij", []),
        # one part alone
        ("is er een voedselbank voor mij", []),
        ("hallo", ["greeting"]),
    ],
)
def test_a_task_and_for_me_in_one_sentence_ask_for_a_person(
    matcher: PhraseMatcher, text: str, expected: list[str]
) -> None:
    assert found(matcher, text) == expected


def test_the_parts_only_compose_in_their_own_language(matcher: PhraseMatcher) -> None:
    assert found(matcher, "wil iemand namens mij het bezwaar schrijven", "en") == []
