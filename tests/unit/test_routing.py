"""Routing, pure: hard filters, ranking, second languages, and who gets nothing."""

from __future__ import annotations

import datetime as dt

from bot.cases.routing import Candidate, CaseFacts, RouteKind, route

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def kf(user_id: int, *languages: str, **kw: object) -> Candidate:
    return Candidate(user_id=user_id, languages=frozenset(languages), **kw)  # type: ignore[arg-type]


def test_hard_filters_language_district_topic_availability_capacity() -> None:
    case = CaseFacts(language="ar", district="almere-haven", needs=("debt",))
    people = [
        kf(1, "nl"),  # wrong language
        kf(2, "ar", districts=frozenset({"almere-buiten"})),  # wrong district
        kf(3, "ar", topics=frozenset({"health"})),  # wrong topic
        kf(4, "ar", available_now=False),  # not now
        kf(5, "ar", capacity=2, open_cases=2),  # full
        kf(6, "ar", districts=frozenset({"almere-haven"}), topics=frozenset({"debt", "benefits"})),
        kf(7, "ar"),  # citywide, every topic
    ]
    decision = route(case, people)
    assert decision.kind is RouteKind.OFFER
    assert decision.user_ids == (6, 7)  # 6 works in the district, so first
    assert decision.language == "ar"


def test_ranking_continuity_then_district_then_load_then_idle() -> None:
    case = CaseFacts(language="tr", district="almere-stad", helped_before=frozenset({4}))
    people = [
        kf(1, "tr", open_cases=0, last_assigned_at=T0),
        kf(2, "tr", open_cases=0, last_assigned_at=T0 - dt.timedelta(days=3)),  # idle longest
        kf(3, "tr", open_cases=0, districts=frozenset({"almere-stad"})),
        kf(4, "tr", open_cases=2),  # helped her before
        kf(5, "tr", open_cases=1),
    ]
    assert route(case, people, size=5).user_ids == (4, 3, 2, 1, 5)
    assert route(case, people, size=2).user_ids == (4, 3)


def test_second_language_when_nobody_speaks_the_first() -> None:
    case = CaseFacts(language="ti", other_languages=("ar", "en"))
    decision = route(case, [kf(1, "en"), kf(2, "ar")])
    assert decision.user_ids == (2,) and decision.language == "ar"


def test_nobody_fits_goes_to_coordinators_and_out_of_hours_waits() -> None:
    assert route(CaseFacts(language="so"), [kf(1, "nl")]).kind is RouteKind.COORDINATORS
    assert route(CaseFacts(language="so"), [kf(1, "so", available_now=False)]).kind is RouteKind.LATER
    tried = CaseFacts(language="so", excluded=frozenset({1}))
    assert route(tried, [kf(1, "so")]).kind is RouteKind.COORDINATORS  # never offered back
