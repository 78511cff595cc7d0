"""The case state machine, routing into offers, claims, relays, timers and follow-up, on in-memory fakes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.cases.cards import Cards
from bot.cases.core import CaseRequest, CaseSettings, Media
from bot.cases.followup import FollowUp
from bot.cases.office_hours import OfficeHours
from bot.cases.service import CaseService
from bot.cases.states import CaseStatus, ClaimResult, EventKind, Resolution, TimerKind
from bot.i18n import Catalogs
from bot.roles import Role
from bot.staff.desk import Desk
from bot.staff.members import Members, Profile
from tests.fakes.units import FakeUnitOfWork, fake_units

GROUP = -500
AMS = ZoneInfo("Europe/Amsterdam")


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=AMS)  # a Tuesday morning

    def __call__(self) -> dt.datetime:
        return self.now


class World:
    def __init__(self, catalogs: Catalogs) -> None:
        self.uow = FakeUnitOfWork()
        self.clock = Clock()
        units = fake_units(self.uow)
        settings = CaseSettings(GROUP, OfficeHours.parse("mo-fr 09:00-17:00"))
        cards = Cards(catalogs, {"almere-haven": "Almere Haven"}, {"debt": "Debts"})
        self.cases = CaseService(settings, catalogs, cards, self.clock)
        self.members = Members(units, self.cases, self.clock)
        self.desk = Desk(units, self.cases, self.members, resident_language=lambda chat_id: "en")
        self.followup = FollowUp(self.cases)

    def key_figure(self, user_id: int, *languages: str, **kw: object) -> None:
        profile = Profile(user_id, f"KF{user_id}", Role.KEY_FIGURE, languages, ui_language="en", **kw)  # type: ignore[arg-type]
        self.members.add(profile)

    def open(self, chat_id: int = 1, language: str = "ar", **kw: object) -> int:
        req = CaseRequest(chat_id=chat_id, language=language, district="almere-haven", needs=("debt",), **kw)  # type: ignore[arg-type]
        case, created = self.cases.open(self.uow, req)
        assert created and case.id is not None
        return case.id

    def status(self, case_id: int) -> CaseStatus:
        case = self.uow.cases.get(case_id)
        assert case is not None
        return CaseStatus(case.status)


@pytest.fixture
def world(catalogs: Catalogs) -> World:
    return World(catalogs)


def test_open_offers_to_the_fitting_key_figures_with_a_masked_card(world: World) -> None:
    world.key_figure(10, "ar")
    world.key_figure(11, "ar", "nl")
    world.key_figure(12, "tr")
    case_id = world.open(text="Bel me op 06-12345678, ik heb schulden", update_id=77)
    assert world.status(case_id) is CaseStatus.OFFERED
    cards = {m.chat_id: m for m in world.uow.outbox.rows if m.kind == "case_card"}
    assert set(cards) == {10, 11}
    assert "[phone]" in cards[10].text and "06-12345678" not in cards[10].text
    assert cards[10].buttons == [[["✋ Claim #1", f"claim:{case_id}"]]]
    assert [t.kind for t in world.uow.timers.open_for(case_id)] == [TimerKind.OFFER_TIMEOUT.value]
    same, created = world.cases.open(world.uow, CaseRequest(chat_id=1, language="ar", update_id=77))
    assert same.id == case_id and not created  # a duplicate update makes no second case


def test_first_claim_wins_and_the_others_hear_it_was_taken(world: World) -> None:
    world.key_figure(10, "ar")
    world.key_figure(11, "ar")
    case_id = world.open(text="help")
    assert world.cases.claim(world.uow, case_id, 11) is ClaimResult.WON
    assert world.cases.claim(world.uow, case_id, 10) is ClaimResult.TAKEN
    assert world.status(case_id) is CaseStatus.CLAIMED
    assert any("taken" in m.text for m in world.uow.outbox.to(10))
    assert any("KF11" in m.text for m in world.uow.outbox.to(1))  # the resident hears the alias only
    assert [t.kind for t in world.uow.timers.open_for(case_id)] == [TimerKind.FIRST_REPLY.value]


def test_a_resident_cannot_claim_or_forge_staff_buttons(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(text="help")
    for outcome in (world.desk.claim(999, str(case_id)), world.desk.press(999, f"claim:{case_id}")):
        assert outcome.replies[0].text == "Sorry, this is only for our key figures and coordinators."
    assert "coordinators" in world.desk.press(10, f"assign:{case_id}:10").replies[0].text  # not a coordinator
    assert world.status(case_id) is CaseStatus.OFFERED


def test_relay_both_ways_under_the_alias_with_media_copied(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(chat_id=5, text="help")
    world.cases.claim(world.uow, case_id, 10)
    case = world.uow.cases.get(case_id)
    assert case is not None
    world.cases.from_resident(world.uow, case, 301, "ik heb een brief", None)
    world.cases.from_resident(world.uow, case, 302, None, Media(5, 302, "photo"))
    to_kf = [m for m in world.uow.outbox.to(10) if m.kind == "relay" and m.key and m.key.startswith("relay-r")]
    assert "ik heb een brief" in to_kf[0].text and f"#{case_id}" in to_kf[0].text
    assert (to_kf[1].copy_chat_id, to_kf[1].copy_message_id) == (5, 302)
    outcome = world.desk.message(10, 900, "Ik bel de Voedselbank voor je", None)
    assert outcome.replies == []
    answer = world.uow.outbox.to(5)[-1]
    assert answer.text == "KF10: Ik bel de Voedselbank voor je"
    assert world.status(case_id) is CaseStatus.WAITING_RESIDENT
    assert world.uow.timers.open_for(case_id) == []  # the first reply cancelled the reminder


def test_resolve_needs_a_note_for_referred_then_rates_and_checks_back(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(text="help")
    world.cases.claim(world.uow, case_id, 10)
    case = world.uow.cases.get(case_id)
    assert case is not None
    case.checkback = True
    world.desk.outcome(10, str(case_id), Resolution.REFERRED.value)
    assert world.status(case_id) is CaseStatus.CLAIMED  # waiting for the note
    world.desk.message(10, 901, "Naar Schuldhulp, tel 036-1234567", None)
    assert world.status(case_id) is CaseStatus.RESOLVED
    assert case.note == "Naar Schuldhulp, tel [phone]"
    assert any(f"rate:{case_id}:1" in str(m.buttons) for m in world.uow.outbox.to(1))
    world.clock.now += dt.timedelta(days=7, minutes=1)
    world.followup.run_timers(fake_units(world.uow))
    assert any(f"cb:{case_id}:0" in str(m.buttons) for m in world.uow.outbox.to(1))
    assert world.followup.checkback_answer(world.uow, case_id, 1, True)
    assert world.status(case_id) is CaseStatus.CLOSED
    kinds = [e.kind for e in world.uow.cases.events(case_id)]
    assert kinds[:3] == ["opened", "offered", "claimed"] and kinds[-2:] == ["checkback_answered", "closed"]


def test_offer_timeout_goes_to_the_next_key_figures_never_back(world: World) -> None:
    for user_id in (10, 11, 12, 13):
        world.key_figure(user_id, "ar")
    world.open(text="help")
    first = {m.chat_id for m in world.uow.outbox.rows if m.kind == "case_card"}
    assert len(first) == 3
    world.clock.now += dt.timedelta(minutes=16)
    world.followup.run_timers(fake_units(world.uow))
    second = {m.chat_id for m in world.uow.outbox.rows if m.kind == "case_card"} - first
    assert second == {13}
    world.clock.now += dt.timedelta(minutes=16)
    world.followup.run_timers(fake_units(world.uow))
    assert any(m.chat_id == GROUP for m in world.uow.outbox.rows)  # nobody left: the coordinators


def test_no_first_reply_reminds_once_then_hands_to_others(world: World) -> None:
    world.key_figure(10, "ar")
    world.key_figure(11, "ar")
    case_id = world.open(text="help")
    world.cases.claim(world.uow, case_id, 10)
    world.clock.now += dt.timedelta(hours=2, minutes=1)
    world.followup.run_timers(fake_units(world.uow))
    assert any("Reminder" in m.text for m in world.uow.outbox.to(10))
    world.clock.now += dt.timedelta(hours=2, minutes=1)
    world.followup.run_timers(fake_units(world.uow))
    case = world.uow.cases.get(case_id)
    assert case is not None and case.tried == [10] and world.status(case_id) is CaseStatus.OFFERED
    assert [o.user_id for o in world.uow.cases.offers(case_id)][-1] == 11


def test_emergency_goes_to_the_coordinators_at_once_and_nobody_to_them_too(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(text="he hits me now", emergency=True)
    assert any(m.chat_id == GROUP and "🚨" in m.text for m in world.uow.outbox.rows)
    assert world.status(case_id) is CaseStatus.OFFERED  # and offered to key figures as well
    other = world.open(chat_id=2, language="so", text="help")
    card = next(m for m in world.uow.outbox.to(GROUP) if m.case_id == other)
    assert f"claim:{other}" in str(card.buttons)


def test_outside_hours_a_case_waits_for_the_next_opening(world: World) -> None:
    world.key_figure(10, "ar")
    world.clock.now = dt.datetime(2026, 12, 5, 22, 0, tzinfo=AMS)  # Saturday night
    case_id = world.open(text="help")
    assert world.status(case_id) is CaseStatus.QUEUED
    (timer,) = world.uow.timers.open_for(case_id)
    assert timer.kind == TimerKind.REROUTE.value and timer.due_at.weekday() == 0 and timer.due_at.hour == 9


def test_a_blocked_key_figure_gives_cases_back_and_a_blocked_resident_is_noted(world: World) -> None:
    world.key_figure(10, "ar")
    world.key_figure(11, "ar")
    case_id = world.open(chat_id=3, text="help")
    world.cases.claim(world.uow, case_id, 10)
    world.followup.unreachable(world.uow, 10)
    assert world.status(case_id) is CaseStatus.OFFERED
    member = world.uow.staff.get(10)
    assert member is not None and member.blocked
    world.cases.claim(world.uow, case_id, 11)
    world.followup.unreachable(world.uow, 3)
    assert EventKind.RESIDENT_UNREACHABLE.value in [e.kind for e in world.uow.cases.events(case_id)]
    assert any("blocked the bot" in m.text for m in world.uow.outbox.to(11))
    assert (
        world.cases.from_key_figure(world.uow, 11, case_id, 5, "hallo?").problem == "resident_unreachable"
    )  # a StrEnum value


def test_forget_me_withdraws_and_anonymises(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(chat_id=4, text="mijn verhaal")
    world.cases.claim(world.uow, case_id, 10)
    world.followup.forget(world.uow, 4)
    case = world.uow.cases.get(case_id)
    assert case is not None and case.chat_id == 0 and world.status(case_id) is CaseStatus.WITHDRAWN
    assert world.uow.cases.transcript(case_id) == []
    assert any("stopped" in m.text for m in world.uow.outbox.to(10))


def test_invites_are_single_use_and_expire(world: World) -> None:
    world.members.add(Profile(1, "Coördinator", Role.COORDINATOR, ui_language="en"))
    outcome = world.desk.invite(1, "key_figure", "buurt_bot")
    link = outcome.replies[0].text.split("\n")[-1]
    token = link.split("start=join-")[1]
    assert "Welcome" in world.desk.join(50, token, "Amal", "en").replies[0].text
    assert world.desk.role(50) is Role.KEY_FIGURE
    assert "not valid" in world.desk.join(51, token, "Bob", "en").replies[0].text
    late = world.desk.invite(1, "curator", "buurt_bot").replies[0].text.split("join-")[1]
    world.clock.now += dt.timedelta(days=8)
    assert "not valid" in world.desk.join(52, late, "Cas", "en").replies[0].text
    assert "coordinators" in world.desk.invite(50, "coordinator", "buurt_bot").replies[0].text


def test_hand_back_to_the_coordinators(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(text="help")
    world.cases.claim(world.uow, case_id, 10)
    world.desk.press(10, f"hb:{case_id}:c")
    case = world.uow.cases.get(case_id)
    assert case is not None and case.assigned_to is None and case.tried == [10]
    assert world.status(case_id) is CaseStatus.QUEUED
    assert any(m.chat_id == GROUP and m.case_id == case_id for m in world.uow.outbox.rows)


def test_only_the_key_figures_it_was_offered_to_may_claim(world: World) -> None:
    world.key_figure(10, "ar")
    world.key_figure(11, "tr")  # not offered: does not speak Arabic
    world.members.add(Profile(1, "Coördinator", Role.COORDINATOR, ui_language="en"))
    case_id = world.open(text="help")
    assert world.cases.claim(world.uow, case_id, 11) is ClaimResult.NOT_ALLOWED
    assert world.cases.claim(world.uow, case_id, 1) is ClaimResult.WON  # a coordinator may take any case


def test_after_a_hand_back_the_others_are_offered_again_and_timers_start_afresh(world: World) -> None:
    for user_id in (10, 11, 12):
        world.key_figure(user_id, "ar")
    case_id = world.open(text="help")
    world.cases.claim(world.uow, case_id, 10)
    world.desk.message(10, 5, "hallo", None)
    assert world.cases.hand_back(world.uow, case_id, 10)
    case = world.uow.cases.get(case_id)
    assert case is not None and case.first_reply_at is None and not case.reminded
    again = {m.chat_id for m in world.uow.outbox.rows if m.kind == "case_card"}
    assert {11, 12} <= again and world.cases.claim(world.uow, case_id, 11) is ClaimResult.WON


def test_forget_me_also_clears_what_was_queued_for_staff_and_a_checkback_needs_a_closed_case(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(chat_id=6, text="mijn verhaal")
    world.cases.claim(world.uow, case_id, 10)
    assert not world.followup.checkback_answer(world.uow, case_id, 6, True)  # her case is still open
    world.followup.forget(world.uow, 6)
    assert [m for m in world.uow.outbox.rows if m.case_id == case_id and "stopped" not in m.text] == []


def test_someone_who_unblocks_is_reachable_again_and_a_pending_note_expires(world: World) -> None:
    world.key_figure(10, "ar")
    case_id = world.open(chat_id=7, text="help")
    world.cases.claim(world.uow, case_id, 10)
    world.followup.unreachable(world.uow, 7)
    world.followup.reachable_again(world.uow, 7)
    case = world.uow.cases.get(case_id)
    assert case is not None and not case.resident_blocked
    world.desk.outcome(10, str(case_id), Resolution.OTHER.value)
    world.desk.my_cases(10)  # another action: the note is no longer awaited
    world.desk.message(10, 6, "a message for the resident", None)
    assert world.status(case_id) is not CaseStatus.RESOLVED
    assert world.uow.outbox.to(7)[-1].text == "KF10: a message for the resident"
