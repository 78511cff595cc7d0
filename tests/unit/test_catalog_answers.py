"""Honest answers: reachable first, real distances only, freshness in words, urgent needs, her language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Service
from bot.catalog.quality import freshness_score, has_hours, is_stale, old_sources_only, reachable
from bot.catalog.stats import coverage_gaps, knowledge_stats
from bot.engine.listing import recommendation
from bot.engine.ranking import ServiceIndex
from bot.engine.reply import ReplyWriter
from bot.engine.values import Recommendation
from bot.i18n import Catalogs
from tests.conftest import TUESDAY_10

TODAY = TUESDAY_10.date()
FRESH = {"verified": True, "assured_date": dt.date(2026, 10, 1)}


def svc(ident: str, **fields: Any) -> Service:
    """A hand-made service: citywide forms help, unreachable and unverified unless told otherwise."""
    data: dict[str, Any] = {
        "id": ident,
        "organization": "gemeente-almere",
        "name": {"nl": f"Hulp {ident}", "ar": f"مساعدة {ident}"},
        "description": {"nl": "Iemand helpt je.", "ar": "شخص يساعدك."},
        "needs": ["forms"],
        "service_area": ["almere"],
    }
    data.update(fields)
    return Service.model_validate(data)


def located(lat: float = 52.3702, lon: float = 5.2214, **extra: Any) -> dict[str, Any]:
    return {"location": {"address": "Stadhuisplein 101", "district": "almere-stad", "lat": lat, "lon": lon, **extra}}


def ranked(services: list[Service], needs: list[str], **kw: Any) -> list[str]:
    params: dict[str, Any] = {"point": None, "district": None, "language": "nl", **kw}
    return [s.service.id for s in ServiceIndex(services).rank(needs, TUESDAY_10, limit=5, **params)]


def test_what_counts_as_reachable_timed_and_stale() -> None:
    assert not reachable(svc("a"))
    assert reachable(svc("b", contact={"email": "x@y.nl"}))
    assert reachable(svc("c", location={"address": "Markt 1", "district": "almere-haven"}, access="walk_in"))
    assert not reachable(svc("d", location={"address": "Markt 1", "district": "almere-haven"}, access="referral"))
    assert has_hours(svc("e", access="appointment")) and not has_hours(svc("f", access="walk_in"))
    assert is_stale(svc("g"), TODAY) and not is_stale(svc("h", **FRESH), TODAY)
    assert is_stale(svc("i", verified=True, assured_date=dt.date(2024, 1, 1)), TODAY)
    old = [{"url": "https://x.nl", "dated": "2021"}, {"url": "https://y.nl", "dated": "2023-12"}]
    assert old_sources_only(svc("j", sources=old))
    assert not old_sources_only(svc("k", sources=[*old, {"url": "https://z.nl", "dated": "2024"}]))
    assert not old_sources_only(svc("l", sources=[*old, "https://undated.nl"]))
    assert not old_sources_only(svc("m", sources=old, **FRESH)) and not old_sources_only(svc("n"))


def test_fresh_facts_outrank_old_ones_and_warnings_rank_last() -> None:
    dated = [{"url": "https://x.nl", "dated": "2021"}]
    scores = [
        freshness_score(svc("a", **FRESH), TODAY),
        freshness_score(svc("b", verified=True, assured_date=dt.date(2023, 1, 1)), TODAY),
        freshness_score(svc("c", sources=[{"url": "https://x.nl", "dated": "2026-06"}]), TODAY),
        freshness_score(svc("d", sources=dated), TODAY),
        freshness_score(svc("e", sources=dated, warning={"nl": "Proef uit 2021."}), TODAY),
    ]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_an_unreachable_listing_is_never_first_when_a_reachable_one_exists() -> None:
    strong = svc("strong", cost="free", languages=["nl"], **FRESH)  # best score, but no way to reach it
    weak = svc("weak", needs=["debt", "forms"], contact={"website": "https://x.nl"})
    assert ranked([strong, weak], ["forms"]) == ["weak", "strong"]


def test_an_urgent_need_puts_walk_in_tonight_before_paperwork() -> None:
    phone = {"contact": {"phone": "036 000 0000"}, **FRESH}
    paperwork = svc("briefadres", needs=["homeless", "forms"], access="appointment", cost="free", **phone)
    shelter = svc(
        "nachtopvang",
        needs=["homeless"],
        access="walk_in",
        schedule=[{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "21:00", "closes": "24:00"}],
        **phone,
    )
    assert ranked([paperwork, shelter], ["homeless"]) == ["nachtopvang", "briefadres"]
    assert ranked([paperwork, shelter], ["forms"])[0] == "briefadres"  # not urgent: fit decides
    intake = svc("intake", needs=["homeless", "benefits"], access="walk_in", cost="free", **phone)
    unscheduled = svc("opvang", needs=["homeless"], access="call_first", cost="free", **phone)
    assert ranked([intake, unscheduled], ["homeless"]) == ["opvang", "intake"]  # a bed before a procedure


def test_distance_only_from_real_coordinates() -> None:
    real = svc("real", contact={"phone": "1"}, **located(coords_source="BAG"), **FRESH)
    centre_only = svc("centre", contact={"phone": "1"}, location={"name": "Buurthuis", "district": "almere-stad"})
    index = ServiceIndex([real, centre_only])
    scored = index.rank(["forms"], TUESDAY_10, point=(52.3702, 5.2214), district="almere-stad", language="nl")
    recs = {s.service.id: recommendation(s, "nl", TODAY) for s in scored}
    assert recs["real"].distance_km == 0.0 and recs["real"].has_real_coordinates and recs["real"].lat == 52.3702
    assert recs["centre"].distance_km is None and not recs["centre"].has_real_coordinates
    assert recs["centre"].lat is None and recs["centre"].lon is None
    assert "centre" not in index.points


@pytest.fixture(scope="module")
def writer(catalogs: Catalogs, kb: KnowledgeBase) -> ReplyWriter:
    return ReplyWriter(catalogs, kb.needs, {d.slug: d.name for d in kb.gazetteer.districts})


def card(writer: ReplyWriter, service: Service, lang: str = "en") -> str:
    [scored] = ServiceIndex([service]).rank(["forms"], TUESDAY_10, point=None, district=None, language=lang)
    return writer.service_card(lang, 1, recommendation(scored, lang, TODAY))


def test_freshness_in_words_and_call_first_only_with_a_number(writer: ReplyWriter) -> None:
    checked = card(writer, svc("a", contact={"phone": "036 1"}, **FRESH))
    assert "Checked in October 2026." in checked and "call" not in checked.lower()
    old = card(writer, svc("b", contact={"phone": "036 1"}, sources=[{"url": "https://x.nl", "dated": "2022-05"}]))
    assert "Last seen in a 2022 source" in old and "Please call before you go." in old
    no_number = card(writer, svc("c", access="call_first", contact={"email": "x@y.nl"}))
    assert "Not yet checked by us." in no_number and "call" not in no_number.lower()
    assert "Contact them first" in no_number
    unreachable = card(writer, svc("d", access="call_first"))
    assert "We do not know yet how to reach them." in unreachable and "call" not in unreachable.lower()
    aged = card(writer, svc("e", contact={"phone": "036 1"}, verified=True, assured_date=dt.date(2025, 3, 2)))
    assert "Last checked in March 2025: it may have changed." in aged and "Please call before you go." in aged


def test_where_says_the_district_without_real_coordinates(writer: ReplyWriter) -> None:
    text = card(writer, svc("a", contact={"phone": "1"}, location={"name": "Buurthuis", "district": "almere-haven"}))
    assert "📍 Buurthuis, in Almere Haven" in text and "km" not in text
    nl = card(writer, svc("b", contact={"phone": "1"}, location={"district": "almere-haven"}), "nl")
    assert "📍 in Almere Haven" in nl


def test_freshness_is_written_in_every_interface_language(writer: ReplyWriter) -> None:
    english = card(writer, svc("a", contact={"phone": "1"}, **FRESH), "en").splitlines()[-1]
    for lang in ("nl", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr", "pap", "pt"):
        line = card(writer, svc("a", contact={"phone": "1"}, **FRESH), lang).splitlines()[-1]
        assert line != english and "2026" in line, lang


def test_her_language_for_texts_but_a_proper_name_stays(writer: ReplyWriter) -> None:
    warned = svc(
        "a",
        contact={"phone": "1"},
        access_note={"nl": "Bel eerst.", "ar": "اتصل أولاً."},
        warning={"nl": "Proef uit 2021.", "ar": "تجربة من 2021."},
        interpreter=True,
    )
    text = card(writer, warned, "ar")
    assert "مساعدة a" in text and "شخص يساعدك." in text and "اتصل أولاً." in text and "⚠️ تجربة من 2021." in text
    assert "يمكن ترتيب مترجم" in text
    spoken = card(writer, svc("s", languages=["ar"], interpreter=True, contact={"phone": "1"}), "ar")
    assert "يتكلمون لغتك هنا" in spoken and "مترجم" not in spoken
    proper = card(writer, svc("b", name_is_proper=True, contact={"phone": "1"}), "ar")
    assert proper.startswith("1. Hulp b")
    dutch_only = card(writer, svc("c", description={"nl": "Alleen Nederlands."}, contact={"phone": "1"}), "so")
    assert "Alleen Nederlands." in dutch_only


def test_recommendation_exposes_the_flags_the_channels_read() -> None:
    [scored] = ServiceIndex([svc("a", warning={"nl": "Let op."})]).rank(
        ["forms"], TUESDAY_10, point=None, district=None, language="nl"
    )
    rec: Recommendation = recommendation(scored, "en", TODAY)
    assert (rec.reachable, rec.has_real_coordinates, rec.stale, rec.warning) == (False, False, True, "Let op.")


def test_stats_count_what_a_resident_can_act_on() -> None:
    services = [
        svc("a", contact={"phone": "1"}, access="appointment", **located(coords_source="BAG"), **FRESH),
        svc(
            "b",
            location={"address": "Markt 1", "district": "almere-haven"},
            access="walk_in",
            translations_reviewed={"ar": True},
        ),
        svc("c", description={"nl": "x", "so": "y"}, sources=[{"url": "https://x.nl", "dated": "2020"}]),
        svc("d", status="inactive", contact={"phone": "1"}),
    ]
    stats = knowledge_stats(services, ["forms", "food"], TODAY)
    assert (stats["services"], stats["active"]) == (4, 3)
    assert (stats["reachable"], stats["with_address"], stats["with_coordinates"]) == (2, 2, 1)
    assert stats["street_without_number"] == 0
    street_only = svc("e", location={"address": "Markt", "district": "almere-haven"})
    assert knowledge_stats([street_only], ["forms"], TODAY)["street_without_number"] == 1
    assert (stats["with_hours"], stats["stale"]) == (1, 2)
    assert stats["description_languages"] == {"ar": 2, "nl": 3, "so": 1}
    assert stats["unreviewed_translations"] == {"ar": 1, "so": 1}
    assert stats["percent_of_active"]["reachable"] == 66.7
    assert stats["by_need"] == {"forms": 4, "food": 0}
    assert stats["old_sources_only_without_warning"] == 1
    assert knowledge_stats([], ["forms"], TODAY)["percent_of_active"]["reachable"] == 0.0


def test_coverage_gaps_name_each_district_need_without_a_reachable_service() -> None:
    services = [
        svc("food-haven", needs=["food"], service_area=["almere-haven"], contact={"phone": "1"}),
        svc("forms-city", contact={"website": "https://x.nl"}),  # citywide: covers every district
        svc("debt-buiten", needs=["debt"], service_area=["almere-buiten"]),  # no way to reach it: no cover
    ]
    gaps = coverage_gaps(services, ["almere-haven", "almere-buiten"])
    assert "food" not in gaps["almere-haven"] and "forms" not in gaps["almere-haven"]
    assert {"food", "debt"} <= set(gaps["almere-buiten"]) and "forms" not in gaps["almere-buiten"]
    local = coverage_gaps(services, ["almere-haven"], citywide=False)
    assert "forms" in local["almere-haven"] and "food" not in local["almere-haven"]
