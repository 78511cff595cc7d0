"""End-to-end: whole conversations through python-telegram-bot's real HTTP stack and the Bot API stand-in."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlmodel import Session, select

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Location
from bot.engine.core import Engine
from bot.engine.values import Action, NeedScore, Understanding
from bot.i18n import Catalogs
from bot.store.case_tables import Case, CaseMessage, OutboxMessage
from bot.store.tables import Feedback, Resident
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.harness import (
    COORDINATORS,
    TUESDAY_10,
    TestBot,
    bot_config,
    buttons,
    make_bot,
    no_errors_but_flood_control,
    running_bot,
)

USER = 4242


async def test_start_welcomes_in_the_residents_language_with_topics(
    api: BotAPIStandIn, bot: TestBot, catalogs: Catalogs, tmp_path: Path
) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/start", language_code="tr")
        [welcome] = await api.wait_for_messages(USER, 1)
    assert (
        catalogs.t("tr", "What do you need help with? Choose a topic or tell me in your own words.") in welcome["text"]
    )
    assert "Buurtwijzer" in welcome["text"]
    assert "t:food" in buttons(welcome) and "person" in buttons(welcome)
    no_errors_but_flood_control(api)


async def test_deep_link_presets_the_place(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/start stripheldenbuurt")
        [welcome] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, welcome["message_id"], "t:food")
        answer = (await api.wait_for_messages(USER, 2))[1]
    assert "Stripheldenbuurt" in welcome["text"]
    assert "Stripheldenbuurt" in answer["text"]  # the topic is answered at once, near the preset place
    assert "more" in buttons(answer) and "fb:y" in buttons(answer)
    no_errors_but_flood_control(api)


async def test_questions_in_five_languages_are_answered_in_that_language(
    api: BotAPIStandIn, bot: TestBot, catalogs: Catalogs, tmp_path: Path
) -> None:
    questions = {
        "nl": "ik heb geen geld meer voor eten, waar kan ik een voedselpakket halen",
        "en": "where can i learn dutch for free, i live in almere poort",
        "ar": "أبحث عن دروس لتعلم اللغة الهولندية مجانا",
        "tr": "borçlarım çok birikti, deurwaarder mektup gönderiyor, yardım eden var mı",
        "uk": "де можна безкоштовно вчити нідерландську мову?",
    }
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        for i, text in enumerate(questions.values()):
            api.private_message(USER + i, text, language_code="nl")
        replies = {lang: (await api.wait_for_messages(USER + i, 1))[0] for i, lang in enumerate(questions)}
    for lang, reply in replies.items():
        # the reply's heading is this language's own template (the topic and place filled in), not the Dutch one
        templates = [catalogs.t(lang, m) for m in ("Help with {topic} in Almere:", "Help with {topic} near {place}:")]
        patterns = [re.escape(t).replace(r"\{topic\}", ".+").replace(r"\{place\}", ".+") for t in templates]
        assert any(re.search(p, reply["text"]) for p in patterns), (lang, reply["text"])
        if lang != "nl":
            assert catalogs.t("nl", "Help with {topic} in Almere:") not in templates
        assert "fb:n" in buttons(reply)
    no_errors_but_flood_control(api)


async def test_topic_browsing_without_typing_then_location(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/start", language_code="en")
        [welcome] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, welcome["message_id"], "t:language")
        ask_place, keyboard = (await api.wait_for_messages(USER, 3))[1:3]
        assert "d:almere-haven" in buttons(ask_place)
        sent = next(c for c in api.calls_to("sendMessage") if c.params.get("text") == keyboard["text"])
        assert sent.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
        api.callback_query(USER, ask_place["message_id"], "d:almere-haven")
        answer, remember = (await api.wait_for_messages(USER, 5))[3:5]
        assert "Almere Haven" in answer["text"]
        assert buttons(remember) == ["r:y", "r:n"]
        api.callback_query(USER, remember["message_id"], "r:y")
        await api.wait_for_messages(USER, 6)
        api.callback_query(USER, answer["message_id"], "t:food" if "t:food" in buttons(answer) else "topics")
        await api.wait_for_messages(USER, 7)
        api.location_message(USER, 52.3987, 5.2650)  # a point in Almere Buiten
        api.private_message(USER, "/place")
        place = (await api.wait_for_messages(USER, 9))[-1]
    assert "d:forget" in buttons(place)
    with Session(bot.db) as session:
        resident = session.get(Resident, USER)
        assert resident is not None and resident.remember_place and resident.district == "almere-buiten"
    no_errors_but_flood_control(api)


async def test_map_button_only_for_a_real_address_and_it_sends_a_venue(
    api: BotAPIStandIn, kb: KnowledgeBase, catalogs: Catalogs, db: Database, tmp_path: Path
) -> None:
    # the first listing residents get for this topic, given a street address with sourced coordinates
    plain = Engine(kb, catalogs, None, None)
    u = Understanding(
        language="nl", reply_language="nl", action=Action.ANSWER, reason="topic:forms",
        needs=(NeedScore("forms", 1.0, ("button",)),), district="almere-stad",
    )  # fmt: skip
    first = plain.answer_topic(u, TUESDAY_10).services[0].service_id
    library = next(s for s in kb.services if s.id == first)
    where = Location(name="Bibliotheek", address="Stadhuisplein 101", postcode="1315 XC", district="almere-stad")
    pinned = library.model_copy(
        update={"location": where.model_copy(update={"lat": 52.3706, "lon": 5.2187, "coords_source": "test point"})}
    )
    unpinned = [  # the other listings lose their coordinates for this test
        s.model_copy(update={"location": s.location.model_copy(update={"lat": None, "lon": None})})
        if s.location is not None
        else s
        for s in kb.services
        if s.id != library.id
    ]
    world = replace(kb, services=[pinned, *unpinned])
    bot = make_bot(Engine(world, catalogs, None, None), db)
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/start almere-stad")
        [welcome] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, welcome["message_id"], "t:forms")
        answer = (await api.wait_for_messages(USER, 2))[1]
        maps = [b for b in buttons(answer) if b.startswith("m:")]
        assert len(maps) == 1, answer  # only the listing with a real point gets a map button
        api.callback_query(USER, answer["message_id"], maps[0])
        venue = (await api.wait_for_messages(USER, 3))[2]
    assert venue["venue"]["location"]["latitude"] == pytest.approx(52.3706)
    assert "Stadhuisplein 101" in venue["venue"]["address"]
    no_errors_but_flood_control(api)


async def test_language_switch(api: BotAPIStandIn, bot: TestBot, catalogs: Catalogs, tmp_path: Path) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/language")
        [menu] = await api.wait_for_messages(USER, 1)
        assert "l:ar" in buttons(menu) and "l:ti" in buttons(menu)
        labels = [b["text"] for row in menu["reply_markup"]["inline_keyboard"] for b in row]
        assert "العربية" in labels and "ትግርኛ" in labels
        api.callback_query(USER, menu["message_id"], "l:ar")
        switched = (await api.wait_for_messages(USER, 2))[1]
        api.private_message(USER, "/help")
        help_text = (await api.wait_for_messages(USER, 3))[2]
    assert catalogs.t("ar", "OK, I will write in English from now on.") in switched["text"]
    assert "/place: " + catalogs.t("ar", "set or forget your neighbourhood") in help_text["text"]
    no_errors_but_flood_control(api)


async def test_forget_me_deletes_everything(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "ik wil met een echt mens praten over mijn schulden")
        [consent] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, consent["message_id"], "consent:y")
        await api.wait_for_messages(USER, 3)  # saved, and may we ask you later?
        api.private_message(USER, "/forgetme")
        confirm = (await api.wait_for_messages(USER, 4))[3]
        assert buttons(confirm) == ["forget:y", "forget:n"]
        api.callback_query(USER, confirm["message_id"], "forget:y")
        await api.wait_for_messages(USER, 5)
    with Session(bot.db) as session:
        assert session.get(Resident, USER) is None
        assert session.exec(select(Case).where(Case.chat_id == USER)).all() == []  # anonymised
        (case,) = session.exec(select(Case)).all()
        assert case.status == "withdrawn" and case.chat_id == 0
        assert session.exec(select(CaseMessage)).all() == []
    no_errors_but_flood_control(api)


async def test_escalation_stores_a_case_and_notifies_the_coordinators(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    api.register_chat(COORDINATORS, title="Coördinatoren")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "can i please talk to a real person, it is about my benefits")
        [consent] = await api.wait_for_messages(USER, 1)
        assert buttons(consent)[:2] == ["consent:y", "consent:n"]
        api.callback_query(USER, consent["message_id"], "consent:y")
        done = (await api.wait_for_messages(USER, 2))[1]
        [notice] = await api.wait_for_messages(COORDINATORS, 1, timeout=15)
    with Session(bot.db) as session:
        (case,) = session.exec(select(Case)).all()
        assert case.chat_id == USER and case.language == "en" and "benefits" in case.needs
        assert session.exec(select(OutboxMessage)).one().sent_at is not None
    # nobody can take it: the card goes to the coordinators, with the question (personal data masked) and buttons
    assert f"#{case.id}" in notice["text"] and "can i please talk to a real person" in notice["text"]
    assert f"claim:{case.id}" in buttons(notice)
    assert str(case.id) in done["text"] and "112" in done["text"]
    no_errors_but_flood_control(api)


async def test_emergency_leads_with_the_number_and_offers_a_person(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "ik wil niet meer leven, ik heb pillen gespaard", language_code="nl")
        [reply] = await api.wait_for_messages(USER, 1)
    assert "112" in reply["text"] and "113" in reply["text"]
    assert buttons(reply) == ["consent:e"]
    no_errors_but_flood_control(api)


async def test_feedback_is_stored_without_the_question(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "waar kan ik gratis nederlandse les krijgen in almere buiten")
        [answer] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, answer["message_id"], "fb:n")
        sorry = (await api.wait_for_messages(USER, 2))[1]
    assert buttons(sorry) == ["person"]
    with Session(bot.db) as session:
        (feedback,) = session.exec(select(Feedback)).all()
    assert feedback.helped is False and feedback.needs[0] == "language" and feedback.district == "almere-buiten"
    no_errors_but_flood_control(api)


async def test_odd_updates_get_a_sensible_reply_or_are_ignored(
    api: BotAPIStandIn, bot: TestBot, catalogs: Catalogs, tmp_path: Path
) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.message_with(USER, voice=True)
        [voice] = await api.wait_for_messages(USER, 1)
        for i, kind in enumerate(("photo", "sticker", "document", "contact")):
            api.message_with(USER + 1 + i, **{kind: True})
        others = [(await api.wait_for_messages(USER + 1 + i, 1))[0] for i in range(4)]
        original = api.private_message(USER + 9, "hallo")
        await api.wait_for_messages(USER + 9, 1)
        api.edited_message(USER + 9, original["message"]["message_id"], "ik bedoelde iets anders")
        api.group_message(-1001, "hallo allemaal")
        api.group_message(-1002, "/start")
        [private_hint] = await api.wait_for_messages(-1002, 1)
        api.private_message(USER + 20, "x" * 5000)
        [long_answer] = await api.wait_for_messages(USER + 20, 1)
        api.private_message(USER + 21, "<b>hallo</b> & <script>")
        [markup_answer] = await api.wait_for_messages(USER + 21, 1)
        api.my_chat_member_blocked(USER + 30)
        api.private_message(USER + 30, "hallo?")
        await api.wait_for_call("sendMessage", count=10)  # nine answers and one refused for the blocked chat
    assert buttons(voice) == ["person"]
    only_text = catalogs.t("nl", "I can only read text. Tell me in words what you need, or choose a topic.")
    assert all(o["text"].startswith(only_text.split(".")[0]) for o in others)
    assert len(api.sent_to(USER + 9)) == 1  # the edit was ignored quietly
    assert api.sent_to(-1001) == []
    assert "t.me/" in private_hint["text"]
    assert long_answer["text"] and markup_answer["text"]
    assert api.sent_to(USER + 30) == []
    with Session(bot.db) as session:
        blocked = session.get(Resident, USER + 30)
        assert blocked is not None and blocked.blocked
    assert all("blocked" in (c.error or "") or "Too Many" in (c.error or "") for c in api.errors())


async def test_restart_in_the_middle_loses_nothing(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    config = bot_config(api, tmp_path)
    async with running_bot(api, bot, config):
        api.private_message(USER, "/start")
        [welcome] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, welcome["message_id"], "t:debt")
        ask_place = (await api.wait_for_messages(USER, 3))[1]
    second = make_bot(bot.runtime.chat.engine, bot.db)  # a new process: nothing in memory survives
    async with running_bot(api, second, config):
        api.callback_query(USER, ask_place["message_id"], "d:almere-poort")
        answer = (await api.wait_for_messages(USER, 4))[3]
    assert "Almere Poort" in answer["text"]
    assert "more" in buttons(answer)
    no_errors_but_flood_control(api)


async def test_webhook_checks_the_secret_and_processes_a_duplicate_once(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path), webhook=True, secret="s3cret-token"):
        update = api.private_message(USER, "ik zoek een taalcafe om nederlands te oefenen")
        assert await api.deliver_webhook(update, secret="wrong") == 403
        assert await api.deliver_webhook(update) == 200
        await api.wait_for_messages(USER, 1)
        assert await api.deliver_webhook(update) == 200  # Telegram re-delivers after a timeout
        api.private_message(USER, "/help")
        assert await api.deliver_pending() == [200]
        await api.wait_for_messages(USER, 2)
    texts = [m["text"] for m in api.sent_to(USER)]
    assert len(texts) == 2, texts  # the duplicate made no second answer
    no_errors_but_flood_control(api)


async def test_command_menu_and_description_are_set_per_language(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        pass
    commands = api.calls_to("setMyCommands")
    codes = {c.params.get("language_code") for c in commands}
    assert {"nl", "ar", "tr", "uk", "ti", None} <= codes
    assert all(c.ok for c in commands)
    assert {c.params.get("language_code") for c in api.calls_to("setMyDescription")} >= {"pl", "so"}


async def test_flood_control_is_respected_and_nothing_is_lost(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    api.set_limits(chat_burst=1, chat_per_second=1.0)
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(USER, "/start")
        [welcome] = await api.wait_for_messages(USER, 1)
        api.callback_query(USER, welcome["message_id"], "t:housing")  # two messages at once: buttons + keyboard
        api.private_message(USER, "/help")
        sent = await api.wait_for_messages(USER, 4, timeout=20)
    refused = [c for c in api.errors() if c.error_code == 429]
    assert refused, "the stand-in should have refused a burst"
    assert len(sent) == 4 and "/place" in sent[3]["text"]  # the help came last, after the retried sends
    assert all(c.error_code == 429 for c in api.errors())
