"""Curators' edits on fakes: values checked in plain words, drafts need a second person, approved edits reach
the engine at once; pure overlay and conflict rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.callbacks import service_key
from bot.cases.cards import Cards
from bot.catalog.loader import KnowledgeBase
from bot.curation.edits import Edit, EditError, EditField, conflicts, overlay, parse_value
from bot.curation.live import LiveKnowledge
from bot.curation.service import Curation
from bot.engine.core import Engine
from bot.i18n import Catalogs
from bot.roles import Role
from bot.store.case_tables import StaffMember
from tests.fakes.units import FakeUnitOfWork, fake_units

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 12, 4)
DISTRICTS = ["almere-stad", "almere-haven"]


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        (EditField.PHONE, "12345", "not a Dutch phone number"),
        (EditField.HOURS, "mo 12:00-09:00", "closing time must come after"),
        (EditField.HOURS, "monday morning", "Write the hours like"),
        (EditField.ADDRESS, "Kerkstraat 1, 1315 AB, nowhere", "district does not exist"),
        (EditField.ADDRESS, "Kerkstraat 1, 13150, almere-stad", "postcode must look like"),
        (EditField.CLOSED_UNTIL, "2026-12-01", "in the future"),
        (EditField.CLOSED_UNTIL, "next week", "like 2027-01-15"),
    ],
)
def test_a_bad_value_is_refused_in_plain_words(field: EditField, text: str, problem: str) -> None:
    with pytest.raises(EditError, match=problem):
        parse_value(field, text, DISTRICTS, TODAY)


def test_good_values_are_normalised() -> None:
    assert parse_value(EditField.PHONE, "036 123 4567", DISTRICTS, TODAY) == "036 123 4567"
    assert parse_value(EditField.HOURS, "mo-we 09:00-12:00; fr 13:00-16:30", DISTRICTS, TODAY) == [
        {"days": ["mo", "tu", "we"], "opens": "09:00", "closes": "12:00"},
        {"days": ["fr"], "opens": "13:00", "closes": "16:30"},
    ]
    assert parse_value(EditField.ADDRESS, "Stadhuisplein 101, 1315xc, almere-stad", DISTRICTS, TODAY) == {
        "address": "Stadhuisplein 101",
        "postcode": "1315 XC",
        "district": "almere-stad",
    }


def test_overlay_changes_only_the_edited_listing_and_drops_stale_translations(kb: KnowledgeBase) -> None:
    first = next(s for s in kb.services if s.access_note and len(s.access_note) > 1)
    edits = [
        Edit(first.id, EditField.PHONE, "036 999 0000", "Amal", TODAY),
        Edit(first.id, EditField.ACCESS_NOTE, "Bel eerst.", "Amal", TODAY),
        Edit(first.id, EditField.CLOSED_UNTIL, "2027-01-15", "Amal", TODAY),
    ]
    changed = {s.id: s for s in overlay(kb, edits).services}[first.id]
    assert changed.contact.phone == "036 999 0000" and changed.access_note == {"nl": "Bel eerst."}
    assert changed.status.value == "temporarily_closed" and changed.closed_until == dt.date(2027, 1, 15)
    assert changed.assured_date == TODAY and changed.assured_by == "Amal"
    assert [s for s in overlay(kb, edits).services if s.id != first.id] == [s for s in kb.services if s.id != first.id]


def test_a_file_change_under_an_edit_is_a_conflict(kb: KnowledgeBase) -> None:
    service = next(s for s in kb.services if s.contact.phone)
    edit = Edit(service.id, EditField.PHONE, "036 999 0000", "Amal", TODAY)
    assert conflicts(kb, [(edit, service.contact.phone)]) == []  # the files still hold what the edit replaced
    assert conflicts(kb, [(edit, "020 111 2222")])[0].in_files == service.contact.phone


class World:
    def __init__(self, kb: KnowledgeBase, catalogs: Catalogs) -> None:
        self.uow = FakeUnitOfWork()
        units = fake_units(self.uow)
        self.builds = 0

        def build(knowledge: KnowledgeBase) -> Engine:
            self.builds += 1
            return Engine(knowledge, catalogs, None, None)

        self.live = LiveKnowledge(Engine(kb, catalogs, None, None), build, units)
        cards = Cards(catalogs, {}, {})
        now = dt.datetime(2026, 12, 4, 10, 0, tzinfo=AMS)
        self.curation = Curation(units, self.live, cards, lambda: now, lambda chat_id: "en")
        for user_id, role in ((1, Role.CURATOR), (2, Role.CURATOR), (3, Role.KEY_FIGURE)):
            self.uow.staff.save(StaffMember(user_id=user_id, name=f"C{user_id}", role=role.value, ui_language="en"))


@pytest.fixture
def world(kb: KnowledgeBase, catalogs: Catalogs) -> World:
    return World(kb, catalogs)


def test_a_draft_needs_a_second_curator_then_the_engine_answers_with_it(world: World, kb: KnowledgeBase) -> None:
    service = next(s for s in kb.services if s.contact.phone)
    key = service_key(service.id)
    world.curation.press(1, ["phone", key])
    assert world.curation.pending_edit(1)
    refused = world.curation.submit(1, "call me maybe")
    assert "Nothing was changed" in refused.replies[0].text and world.uow.edits.rows == []
    world.curation.submit(1, "036 555 1234")
    (draft,) = world.uow.edits.pending()
    assert draft.old_value == service.contact.phone and draft.new_value == "036 555 1234"
    assert "second person" in world.curation.decide(1, str(draft.id), True).replies[0].text
    assert world.live.engine.service(service.id).contact.phone == service.contact.phone  # type: ignore[union-attr]
    assert "residents see it now" in world.curation.decide(2, str(draft.id), True).replies[0].text
    assert world.live.engine.service(service.id).contact.phone == "036 555 1234"  # type: ignore[union-attr]
    assert world.builds == 1


def test_still_correct_counts_at_once_and_roles_are_checked(world: World, kb: KnowledgeBase) -> None:
    service = kb.services[0]
    key = service_key(service.id)
    assert "checked today" in world.curation.press(2, ["confirm", key]).replies[0].text
    fresh = world.live.engine.service(service.id)
    assert fresh is not None and fresh.assured_date == TODAY and fresh.assured_by == "C2"
    assert "for curators" in world.curation.press(3, ["confirm", key]).replies[0].text  # a key figure
    assert "key figures and coordinators" in world.curation.press(99, ["a", "1"]).replies[0].text  # a resident
    assert len(world.uow.edits.rows) == 1


def test_weekly_reminder_lists_old_listings_in_the_curators_districts_once_a_week(
    kb: KnowledgeBase, catalogs: Catalogs
) -> None:
    from bot.curation.reminders import Reminders, due_for_check

    now_due = due_for_check(kb.services, [], TODAY)
    assert all(s.assured_date is None or (TODAY - s.assured_date).days > 90 for s in now_due)
    later = TODAY + dt.timedelta(days=400)
    active = [s for s in kb.services if s.status.value != "inactive"]
    assert len(due_for_check(kb.services, [], later)) == len(active)  # a year on, every listing is due
    haven = due_for_check(kb.services, ["almere-haven"], later)
    assert haven and all(s.district == "almere-haven" for s in haven)
    uow = FakeUnitOfWork()
    uow.staff.save(StaffMember(user_id=1, name="C1", role="curator", ui_language="en"))
    clock = [dt.datetime(2026, 12, 4, 10, 0, tzinfo=AMS)]
    future = [s.model_copy(update={"assured_date": TODAY - dt.timedelta(days=400)}) for s in kb.services[:3]]
    reminders = Reminders(fake_units(uow), lambda: future, Cards(catalogs, {}, {}), lambda: clock[0])
    assert reminders.send() == 1 and reminders.send() == 0  # at most once a week
    (message,) = uow.outbox.to(1)
    assert "cur:confirm:" in str(message.buttons) and "3" in message.text
    clock[0] += dt.timedelta(days=8)
    assert reminders.send() == 1


def test_a_new_initiative_by_form_becomes_a_listing_after_approval(kb: KnowledgeBase, catalogs: Catalogs) -> None:
    from bot.curation.proposals import Proposals

    uow = FakeUnitOfWork()
    units = fake_units(uow)
    live = LiveKnowledge(Engine(kb, catalogs, None, None), lambda k: Engine(k, catalogs, None, None), units)
    now = dt.datetime(2026, 12, 4, 10, 0, tzinfo=AMS)
    form = Proposals(units, live, Cards(catalogs, {}, {}), lambda: now, lambda chat_id: "en")
    for user_id in (1, 2):
        uow.staff.save(StaffMember(user_id=user_id, name=f"C{user_id}", role="curator", ui_language="en"))
    assert "called" in form.propose(1).replies[0].text
    form.submit(1, "Taalcafé De Brug")
    topics = form.submit(1, "Elke week samen Nederlands praten met buren, gratis.")
    assert any(b.action == "cur:need:1:language" for row in topics.replies[0].buttons for b in row)
    assert form.press(99, ["need", "1", "language"]).replies[0].text.startswith("Sorry")  # a resident: nothing
    form.press(1, ["need", "1", "language"])
    form.press(1, ["dist", "1", "almere-haven"])
    assert "Kerkstraat" in form.submit(1, "12").replies[0].text  # not an address: asked again
    form.submit(1, "Sluis 4, 1357 NZ")
    form.submit(1, "Donderdag 19:00-21:00")
    assert "phone number" in form.submit(1, "ask around").replies[0].text
    form.submit(1, "036 123 4567, debrug@example.nl")
    assert "Draft #1" in form.submit(1, "https://example.nl/taalcafe").replies[0].text
    assert live.engine.service("initiatief-taalcafe-de-brug") is None  # not before a second person approves
    form.decide(2, "1", True)
    listing = live.engine.service("initiatief-taalcafe-de-brug")
    assert listing is not None and listing.location is not None and listing.location.postcode == "1357 NZ"
    assert listing.contact.email == "debrug@example.nl" and not listing.verified and listing.sources
    assert listing.organization in live.engine.kb.organizations


def test_unanswered_questions_become_masked_grouped_tasks_and_a_wording_teaches_the_engine(
    kb: KnowledgeBase, catalogs: Catalogs
) -> None:
    from bot.curation.learning import Learning, TaskSource
    from bot.curation.taskdesk import TaskDesk
    from bot.engine.values import Question

    uow = FakeUnitOfWork()
    units = fake_units(uow)
    learning = Learning()
    first = learning.record(
        uow, "waar kan ik mijn fiets laten maken, bel 0612345678", TaskSource.NOT_HELPFUL, language="nl"
    )
    again = learning.record(uow, "waar kan ik mijn fiets laten maken?", TaskSource.CLARIFY_TWICE, language="nl")
    other = learning.record(uow, "waar haal ik een wijkbuspas", TaskSource.CLARIFY_TWICE, language="nl")
    assert first is not None and again is not None and other is not None
    assert "0612345678" not in first.text and "[phone]" in first.text  # masked, and no chat id is stored
    assert again.group_id == first.id and first.count == 2 and other.group_id == other.id
    assert [t.id for t in uow.tasks.open_heads()] == [first.id, other.id]  # most asked first

    live = LiveKnowledge(Engine(kb, catalogs, None, None), lambda k: Engine(k, catalogs, None, None), units)
    now = dt.datetime(2026, 12, 4, 10, 0, tzinfo=AMS)
    desk = TaskDesk(units, live, Cards(catalogs, {}, {}), lambda: now, lambda chat_id: "en")
    for user_id in (1, 2):
        uow.staff.save(StaffMember(user_id=user_id, name=f"C{user_id}", role="curator", ui_language="en"))
    listed = desk.tasks(1)
    assert "2×" in listed.replies[0].text and "[phone]" in listed.replies[0].text
    wording = "waar haal ik een wijkbuspas"
    before = live.engine.answer(Question(text=wording, now=now)).understanding.need_slugs
    desk.press(1, ["tp", str(other.id)])
    assert "Draft #1" in desk.press(1, ["tn", str(other.id), "transport"]).replies[0].text
    desk.press(1, ["tx", str(first.id)])
    assert "Noted" in desk.submit(1, "bike repair is a shop, not social help").replies[0].text
    assert first.status == "not_our_job" and first.reason
    assert "approved" in desk.decide(2, "1", True).replies[0].text
    after = live.engine.answer(Question(text=wording, now=now)).understanding.need_slugs
    assert wording in live.engine.kb.phrasings["nl"].needs["transport"]
    assert after[:1] == ["transport"] and before[:1] != ["transport"]
