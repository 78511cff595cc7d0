"""Action rules, need ranking fusion and service ranking."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Contact, Location, Status
from bot.engine.needs import rank_needs, semantic_margins
from bot.engine.policy import decide, topic_first, with_crisis_need
from bot.engine.ranking import ServiceIndex
from bot.engine.values import Action, NeedScore
from tests.conftest import TUESDAY_10


def n(slug: str, score: float, signal: str = "phrases:1.00") -> NeedScore:
    return NeedScore(slug, score, (signal,))


def test_rules_in_order_of_urgency() -> None:
    assert decide("suicide", ["ask_person"], [n("food", 3)]).action is Action.EMERGENCY
    assert decide(None, ["ask_person"], []).action is Action.ESCALATE
    assert decide(None, ["act_for_me"], [n("benefits", 2)]).action is Action.ESCALATE
    assert decide(None, [], [n("housing", 2), n("energy", 2), n("divorce", 1.2)]).action is Action.ESCALATE
    assert decide(None, [], [n("loneliness", 2), n("meeting", 2), n("elderly", 2)]).action is Action.ANSWER
    assert decide(None, ["overwhelmed"], [n("debt", 3)]).action is Action.ANSWER
    assert decide(None, ["overwhelmed"], [n("debt", 3), n("housing", 1)]).action is Action.ESCALATE
    assert decide(None, ["greeting"], []).reason == "greeting"
    assert decide(None, [], [n("food", 0.3)]).action is Action.CLARIFY
    assert decide(None, [], [n("food", 1.0)]).action is Action.ANSWER


def test_the_sentence_model_alone_does_not_answer_small_talk_or_make_problems_pile_up() -> None:
    meaning = "meaning:+0.050"
    assert decide(None, ["greeting"], [n("volunteering", 1.0, meaning)]).action is Action.CLARIFY
    assert decide(None, [], [n("food", 0.7, meaning)]).action is Action.CLARIFY
    assert decide(None, [], [n("food", 1.2, meaning)]).action is Action.ANSWER
    piled = [n("housing", 2), n("energy", 2, meaning), n("divorce", 1.2, meaning)]
    assert decide(None, [], piled).action is Action.ANSWER


def test_everything_going_wrong_with_two_problems_named_needs_a_person() -> None:
    two = decide(None, ["overwhelmed"], [n("homeless", 1.2), n("debt", 0.7)])
    assert two.action is Action.ESCALATE
    one = decide(None, ["overwhelmed"], [n("debt", 1.5), n("benefits", 0.7)])  # one area: money
    assert one.action is Action.ANSWER


def test_an_emergency_puts_its_need_first() -> None:
    ranked = with_crisis_need("violence", [n("housing", 2.0), n("domestic_violence", 0.5)])
    assert [x.slug for x in ranked] == ["domestic_violence", "housing"]


def test_a_child_in_danger_outside_at_night_keeps_shelter_first() -> None:
    outside = with_crisis_need("child_danger", [n("homeless", 2.0), n("food", 1.0)])
    assert [x.slug for x in outside] == ["homeless", "domestic_violence", "food"]
    hurt = with_crisis_need("child_danger", [n("housing", 2.0)])  # "the flat": not what the child needs
    assert [x.slug for x in hurt] == ["domestic_violence", "housing"]


def test_a_child_in_danger_gets_care_first_when_the_act_or_the_model_says_medical() -> None:
    swallowed = with_crisis_need("child_danger", [n("parenting", 2.0)], Counter({"medical": 1}))
    assert [x.slug for x in swallowed][:1] == ["health"]
    read = with_crisis_need("child_danger", [n("housing", 2.0)], Counter(), read_as="medical")
    assert [x.slug for x in read][:1] == ["health"]
    hit = with_crisis_need("child_danger", [n("housing", 2.0)], Counter({"violence": 1}), read_as="medical")
    assert [x.slug for x in hit][:1] == ["domestic_violence"]  # a named act outweighs the model's kind


def test_fusion_explains_itself_and_ignores_noise() -> None:
    margins = semantic_margins({"need:food": 0.90, "need:debt": 0.86, "need:work": 0.85, "intent:x": 0.99})
    assert set(margins) == {"food"}
    ranked = rank_needs({"debt": 1.0}, margins)
    assert [r.slug for r in ranked] == ["debt", "food"]  # 1.0 from phrases beats 20 × 0.04 from meaning
    food = next(r for r in ranked if r.slug == "food")
    assert food.signals == ("meaning:+0.040",)


def test_needs_with_the_same_score_keep_one_order_whatever_the_hash_seed() -> None:
    tied = {slug: 0.5 for slug in ("work", "benefits", "kids_activities", "language")}
    assert [r.slug for r in rank_needs(tied, {})] == ["benefits", "kids_activities", "language", "work"]


def test_ranking_prefers_near_open_free_and_skips_closed(kb: KnowledgeBase) -> None:
    food = [s for s in kb.services if "food" in s.needs]
    assert len(food) > 3
    base = food[0]
    near = base.model_copy(
        update={
            "id": "near",
            "needs": ["food"],
            "status": Status.ACTIVE,
            "warning": None,
            "verified": True,
            "assured_date": dt.date(2026, 11, 1),
            "contact": Contact(phone="036 000 0000"),
            "location": Location(
                address="Teststraat 1", district="almere-haven", lat=52.33, lon=5.215, coords_source="test"
            ),
        }
    )
    closed = near.model_copy(update={"id": "closed", "status": Status.TEMPORARILY_CLOSED})
    index = ServiceIndex([*food[1:], closed, near])
    ranked = index.rank(["food"], TUESDAY_10, point=(52.3301, 5.2151), district="almere-haven", language="nl")
    ids = [r.service.id for r in ranked]
    assert ids[0] == "near", [(r.service.id, r.score, r.reasons) for r in ranked]
    assert ranked[0].distance_km == 0.0
    assert "closed" not in ids
    assert len(ranked) == 3 and ranked == sorted(ranked, key=lambda r: (not r.reachable, -r.score))
    assert all("food" in r.service.needs for r in ranked)


def test_ranking_excludes_services_already_shown(kb: KnowledgeBase) -> None:
    index = ServiceIndex(kb.services, {})
    first = index.rank(["debt"], TUESDAY_10, point=None, district=None, language="nl")
    more = index.rank(
        ["debt"], TUESDAY_10, point=None, district=None, language="nl", exclude=[r.service.id for r in first]
    )
    assert first and not {r.service.id for r in first} & {r.service.id for r in more}


def test_stale_listing_ranks_lower(kb: KnowledgeBase) -> None:
    base = next(s for s in kb.services if "debt" in s.needs and s.location is None)
    fresh = base.model_copy(update={"id": "fresh", "assured_date": dt.date(2026, 11, 1)})
    stale = base.model_copy(update={"id": "stale", "assured_date": dt.date(2023, 1, 1)})
    ranked = ServiceIndex([stale, fresh], {}).rank(["debt"], TUESDAY_10, point=None, district=None, language="nl")
    assert [r.service.id for r in ranked] == ["fresh", "stale"]


def test_a_request_for_a_person_leads_with_its_topic_not_the_language_barrier() -> None:
    ranked = [n("language", 1.5), n("loneliness", 1.2), n("benefits", 1.0), n("forms", 0.3)]
    assert [x.slug for x in topic_first(ranked)] == ["benefits", "language", "loneliness", "forms"]
    weak = [n("language", 1.5), n("forms", 0.3)]  # no other need strong enough: the barrier stays first
    assert [x.slug for x in topic_first(weak)] == ["language", "forms"]
