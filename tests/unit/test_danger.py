"""The danger head and the thread of a conversation, with a hand-written embedder and head passed in."""

from __future__ import annotations

import numpy as np
import pytest

from bot.catalog.loader import KnowledgeBase
from bot.engine.core import Engine
from bot.engine.heads import KINDS, Head, Level
from bot.engine.semantic import DIM, HEAD_TOKENS, TAIL_TOKENS, CachedEmbedder, clip
from bot.engine.values import Action, ClarifyStyle, Question
from bot.i18n import Catalogs
from tests.conftest import TUESDAY_10
from tests.fakes.embedders import StormEmbedder


def storm_head(sure_at: float, backed_at: float = 1.0) -> Head:
    """A head that finds e0 a medical danger with probability 0.6, e1 almost none."""
    weights = np.zeros((len(KINDS), DIM), dtype=np.float32)
    bias = np.full(len(KINDS), -20.0, dtype=np.float32)
    bias[0] = 0.0
    medical = KINDS.index("medical")
    weights[medical, 0] = 5.0 + float(np.log(1.5))
    bias[medical] = -5.0
    centre = np.zeros(DIM, dtype=np.float32)
    return Head(KINDS, weights, bias, centre, sure_at, min(sure_at, 0.3), backed_at, "test", StormEmbedder.name)


@pytest.fixture(scope="module")
def storm() -> StormEmbedder:
    return StormEmbedder()


def engine_with(
    kb: KnowledgeBase, catalogs: Catalogs, embedder: StormEmbedder, emergency_at: float, backed_at: float = 1.0
) -> Engine:
    return Engine(kb, catalogs, embedder, None, danger=storm_head(emergency_at, backed_at))


def test_head_probability_and_alarm_levels() -> None:
    head = storm_head(0.9)
    e0, e1 = np.eye(DIM, dtype=np.float32)[:2]
    assert head.assess(e0).probability == pytest.approx(0.6, abs=1e-3)
    assert head.assess(e0).label == "medical" and head.assess(e0).level is Level.POSSIBLE
    assert head.assess(e1).level is Level.NONE
    assert storm_head(0.5).assess(e0).level is Level.SURE


@pytest.mark.parametrize(
    ("text", "sure_at", "action"),
    [
        # the model unsure: the number first, then the ordinary answer
        ("er is onweer en ik heb geen geld voor eten, voedselbank?", 0.9, Action.ANSWER),
        # the model sure, but she asks for a person and no phrase or rule backs it: a person, the number first
        ("het onweer is heel erg, geen geld voor eten, kunt u voor mij bellen", 0.5, Action.ESCALATE),
    ],
)
def test_danger_read_by_the_model_alone_leads_with_the_number(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder, text: str, sure_at: float, action: Action
) -> None:
    a = engine_with(kb, catalogs, storm, sure_at).answer(Question(text=text, now=TUESDAY_10))
    u = a.understanding
    assert u.action is action and u.crisis is None and u.alert == "medical"
    assert a.crisis_lines[0].number == "112" and "112" in a.reply.split("\n\n")[0]
    assert a.services and a.reply.index("112") < a.reply.index(a.services[0].name)


def test_a_sure_danger_model_raises_an_emergency_without_any_phrase(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    a = engine_with(kb, catalogs, storm, 0.5).answer(Question(text="het onweer is heel erg hier", now=TUESDAY_10))
    assert a.understanding.action is Action.EMERGENCY and a.understanding.crisis == "medical"
    assert "danger model" in a.understanding.reason
    quiet = engine_with(kb, catalogs, storm, 0.5).answer(
        Question(text="ik heb geen geld voor eten, voedselbank?", now=TUESDAY_10)
    )
    assert quiet.understanding.action is Action.ANSWER and quiet.understanding.alert is None


def test_the_model_never_backs_a_crisis_phrase_the_resident_set_in_the_past(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    text = "vorig jaar was mijn opa bewusteloos, het onweer"  # a phrase, set apart; the head reads 0.6
    a = engine_with(kb, catalogs, storm, 0.9, backed_at=0.5).answer(Question(text=text, now=TUESDAY_10))
    assert a.understanding.action is not Action.EMERGENCY and a.understanding.alert == "medical"


def test_a_message_with_no_need_read_is_an_emergency_when_the_model_reads_danger_as_likely(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    text = "het onweer is heel erg hier"  # no need, no phrase; the head reads 0.6, below its sure level
    u = engine_with(kb, catalogs, storm, 0.9).understand(Question(text=text, now=TUESDAY_10))
    assert u.action is Action.EMERGENCY and u.crisis == "medical"
    assert "no need read, danger model 0.60" in u.reason
    asked = engine_with(kb, catalogs, storm, 0.9).understand(
        Question(text="er is onweer en ik heb geen geld voor eten, voedselbank?", now=TUESDAY_10)
    )
    assert asked.action is Action.ANSWER and asked.alert == "medical"  # a need read: the number, then the answer


def test_a_past_word_sets_apart_only_the_sentence_it_stands_in(lexical_engine: Engine) -> None:
    later = "Bedankt voor jullie hulp vorig jaar. Vandaag wil ik een eind aan mijn leven maken."
    assert lexical_engine.understand(Question(text=later, now=TUESDAY_10)).action is Action.EMERGENCY
    past = "Vorig jaar wilde ik een eind aan mijn leven maken. Nu zoek ik een cursus om werk te vinden."
    u = lexical_engine.understand(Question(text=past, now=TUESDAY_10))
    assert u.action is not Action.EMERGENCY and u.alert == "suicide"
    again = "Vorig jaar werd de buurvrouw ook geslagen. Nu wordt ze weer met een fles geslagen door haar man."
    composed = lexical_engine.understand(Question(text=again, now=TUESDAY_10))
    assert composed.action is Action.EMERGENCY and "act + person + now" in composed.reason
    once = "Vorig jaar werd de buurvrouw met een fles geslagen door haar man, nu gaat het goed."
    assert lexical_engine.understand(Question(text=once, now=TUESDAY_10)).action is not Action.EMERGENCY


def test_an_act_and_a_person_without_now_is_an_emergency_when_the_danger_model_backs_it(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    text = "mijn opa is van de trap gevallen, het onweer"  # act + person, no "now", no phrase; the head reads 0.6
    backed = engine_with(kb, catalogs, storm, 0.9, backed_at=0.5).answer(Question(text=text, now=TUESDAY_10))
    assert backed.understanding.action is Action.EMERGENCY and backed.understanding.crisis == "medical"
    assert "act + person, danger model 0.60" in backed.understanding.reason
    unbacked = engine_with(kb, catalogs, storm, 0.9, backed_at=0.7).answer(Question(text=text, now=TUESDAY_10))
    assert unbacked.understanding.action is not Action.EMERGENCY and unbacked.understanding.alert == "medical"
    calm = "mijn opa is van de trap gevallen"  # the head reads e1 here: almost no danger
    alone = engine_with(kb, catalogs, storm, 0.9, backed_at=0.5).answer(Question(text=calm, now=TUESDAY_10))
    assert alone.understanding.action is not Action.EMERGENCY and alone.understanding.alert == "medical"


def test_cached_embedder_sends_each_text_to_the_model_once() -> None:
    inner = StormEmbedder()
    cached = CachedEmbedder(inner, size=2)
    first = cached.embed(["a", "onweer", "a"])
    assert inner.seen == ["a", "onweer"] and first.shape == (3, DIM) and first[1, 0] == 1.0
    cached.embed(["onweer"])
    cached.embed(["b"])  # evicts "a", the least recently used
    cached.embed(["a"])
    assert inner.seen == ["a", "onweer", "b", "a"]


def test_a_message_that_is_only_a_place_continues_the_last_topic(lexical_engine: Engine) -> None:
    for text in ("haven", "almere buiten", "ik woon in de stripheldenbuurt"):
        a = lexical_engine.answer(Question(text=text, now=TUESDAY_10, previous_needs=("homeless",)))
        assert a.understanding.action is Action.ANSWER, text
        assert a.understanding.need_slugs == ["homeless"] and a.understanding.district is not None, text
    new_topic = lexical_engine.answer(Question(text="schulden in haven", now=TUESDAY_10, previous_needs=("homeless",)))
    assert new_topic.understanding.need_slugs[0] == "debt"


def test_a_topic_icon_chooses_that_topic(lexical_engine: Engine, kb: KnowledgeBase) -> None:
    for need in kb.needs[:5]:
        a = lexical_engine.answer(Question(text=need.icon + "\ufe0f", now=TUESDAY_10))
        assert a.understanding.action is Action.ANSWER and a.understanding.need_slugs == [need.slug], need.icon


@pytest.mark.parametrize("text", ["", "   ", "🙃", "🙏🙏", "?!", "\u202e"])
def test_an_empty_message_or_lone_other_emoji_gets_a_short_clarify(lexical_engine: Engine, text: str) -> None:
    a = lexical_engine.answer(Question(text=text, now=TUESDAY_10))
    assert a.understanding.action is Action.CLARIFY and a.clarify is ClarifyStyle.SHORT and a.topics == ()


def test_words_without_a_need_get_every_topic(lexical_engine: Engine, kb: KnowledgeBase) -> None:
    a = lexical_engine.answer(Question(text="hallo daar", now=TUESDAY_10))
    assert a.clarify is ClarifyStyle.TOPICS and a.topics == tuple(n.slug for n in kb.needs)


def test_the_bundled_head_is_only_used_with_the_model_it_was_trained_for(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    engine = Engine(kb, catalogs, storm, None)
    assert engine.danger is None and engine.person is None  # vectors of another model mean nothing to them


def words(text: str) -> int:
    """A stand-in tokenizer: one token per word, plus two for the special tokens."""
    return len(text.split()) + 2


def test_a_long_message_is_read_as_its_first_and_last_words_within_the_token_budget() -> None:
    short = "mijn koelkast is leeg"
    assert clip(short, words) == short
    long = " ".join(f"w{i}" for i in range(100))
    clipped = clip(long, words)
    head, tail = clipped.split(" … ")
    assert head.split() == [f"w{i}" for i in range(HEAD_TOKENS - 2)]
    assert tail.split() == [f"w{i}" for i in range(100 - (TAIL_TOKENS - 2), 100)]
    one_word = "x" * 400  # no spaces to cut at: cut the characters instead
    assert 0 < len(clip(one_word, lambda t: len(t) // 4)) < len(one_word)


def test_a_wording_no_crisis_phrase_foresaw_is_composed_from_act_person_and_now(lexical_engine: Engine) -> None:
    u = lexical_engine.understand(Question(text="de buurvrouw wordt nu met een fles geslagen", now=TUESDAY_10))
    assert u.action is Action.EMERGENCY and u.crisis == "violence" and "act + person + now" in u.reason
    past = lexical_engine.understand(
        Question(text="de buurvrouw werd vorig jaar met een fles geslagen", now=TUESDAY_10)
    )
    assert past.action is not Action.EMERGENCY and past.alert is None


def test_a_crisis_phrase_in_the_news_or_the_past_leads_with_the_number_without_an_alarm(lexical_engine: Engine) -> None:
    u = lexical_engine.understand(Question(text="ik las in de krant dat iemand is neergestoken", now=TUESDAY_10))
    assert u.action is not Action.EMERGENCY and u.alert == "violence"


def test_a_child_without_a_roof_in_the_cold_or_at_night_is_an_emergency_with_shelter_first(
    lexical_engine: Engine,
) -> None:
    text = "sta hier met mn baby bij het station, is 2 uur snachts en ijskoud, we kunnen nergens heen"
    u = lexical_engine.understand(Question(text=text, now=TUESDAY_10))
    assert u.action is Action.EMERGENCY and u.crisis == "child_danger"
    assert [n.slug for n in u.needs[:2]] == ["homeless", "domestic_violence"]
    for calm in (
        "mijn vriend heeft me eruit gezet, ik slaap vannacht op het station",  # no child
        "ik ben bang dat ik met mijn kinderen op straat kom te staan deze winter",  # a worry about later
        "Vorig jaar stonden we met de kinderen op straat in de kou. Nu zoek ik een goedkope fiets.",  # the past
    ):
        assert lexical_engine.understand(Question(text=calm, now=TUESDAY_10)).action is not Action.EMERGENCY, calm


def test_the_acts_a_message_names_tell_the_kind_when_the_model_reads_the_danger(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    # the head reads "medical" for every storm; the message names a suicide act: 113, not only 112
    text = "het onweer, en de buurvrouw zegt steeds dat ze van het balkon springen wil"
    u = engine_with(kb, catalogs, storm, 0.5).understand(Question(text=text, now=TUESDAY_10))
    assert u.action is Action.EMERGENCY and u.crisis == "suicide" and u.need_slugs[0] == "mental_health"
    plain = engine_with(kb, catalogs, storm, 0.5).understand(Question(text="het onweer hier", now=TUESDAY_10))
    assert plain.crisis == "medical"  # no act named: the model's own kind


def test_a_child_in_danger_through_a_medical_act_needs_care_first(lexical_engine: Engine) -> None:
    u = lexical_engine.understand(Question(text="mon petit de 2 ans a bu de la javel", now=TUESDAY_10))
    assert (u.action, u.crisis, u.need_slugs[0]) == (Action.EMERGENCY, "child_danger", "health"), u
    hit = lexical_engine.understand(Question(text="hij slaat mijn zoontje van 2 nu", now=TUESDAY_10))
    assert hit.action is Action.EMERGENCY and hit.need_slugs[0] == "domestic_violence", hit


def test_two_farewell_signs_are_a_suicide_alarm_one_is_not(lexical_engine: Engine) -> None:
    goodbye = "Mijn gitaar heb ik aan mijn broer gegeven. Er ligt een briefje voor mijn dochter op de kast."
    u = lexical_engine.understand(Question(text=goodbye, now=TUESDAY_10))
    assert u.action is Action.EMERGENCY and u.crisis == "suicide" and "2 farewell signs" in u.reason
    assert u.need_slugs[0] == "mental_health"
    one = "Ik heb mijn oude bank weggegeven, waar vind ik goedkope meubels in Haven?"
    assert lexical_engine.understand(Question(text=one, now=TUESDAY_10)).action is Action.ANSWER
    past = "Vorig jaar heb ik de kat weggegeven en een briefje voor mijn dochter geschreven. Nu wil ik een cursus."
    assert lexical_engine.understand(Question(text=past, now=TUESDAY_10)).action is not Action.EMERGENCY


def test_one_farewell_sign_makes_a_self_harm_act_present(lexical_engine: Engine) -> None:
    act = "Ik ben er niet meer."
    assert lexical_engine.understand(Question(text=act, now=TUESDAY_10)).action is not Action.EMERGENCY
    signed = lexical_engine.understand(Question(text=act + " Vergeef me.", now=TUESDAY_10))
    assert signed.action is Action.EMERGENCY and signed.crisis == "suicide"


def test_a_child_in_danger_the_model_reads_as_medical_needs_care_first(
    kb: KnowledgeBase, catalogs: Catalogs, storm: StormEmbedder
) -> None:
    engine = engine_with(kb, catalogs, storm, 0.9)  # the head reads "onweer" as medical, anything else as none
    medical = engine.understand(Question(text="ons kind is in gevaar door het onweer", now=TUESDAY_10))
    assert medical.crisis == "child_danger" and medical.need_slugs[0] == "health"
    unread = engine.understand(Question(text="ons kind is in gevaar", now=TUESDAY_10))
    assert unread.crisis == "child_danger" and unread.need_slugs[0] == "domestic_violence"
