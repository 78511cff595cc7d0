"""End-to-end: residents, key figures and coordinators at once, through PTB's real HTTP stack and the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from bot.roles import Role
from bot.staff.members import Profile
from bot.store.case_tables import Case, CaseEvent, OutboxMessage, StaffMember
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.harness import COORDINATORS, TestBot, bot_config, buttons, no_errors_but_flood_control, running_bot

RESIDENT = 7001
AMAL, BILAL, CHEN = 8001, 8002, 8003  # key figures
COORDINATOR = 8100


def staff(bot: TestBot, api: BotAPIStandIn, user_id: int, name: str, role: Role, *languages: str) -> None:
    bot.runtime.members.add(Profile(user_id, name, role, languages, ui_language="en"))
    api.register_chat(user_id, first_name=name)


def card_for(api: BotAPIStandIn, user_id: int, case_id: int) -> dict[str, object]:
    return next(m for m in api.sent_to(user_id) if f"claim:{case_id}" in buttons(m))


async def escalate(api: BotAPIStandIn, text: str, language: str) -> None:
    """The resident asks (or taps /person when the bot offers no person) and says yes; waits for the answers."""
    api.private_message(RESIDENT, text, language_code=language)
    [reply] = await api.wait_for_messages(RESIDENT, 1)
    if "consent:y" not in buttons(reply):
        api.private_message(RESIDENT, "/person", language_code=language)
        reply = (await api.wait_for_messages(RESIDENT, 2))[1]
    count = len(api.sent_to(RESIDENT))
    api.callback_query(RESIDENT, reply["message_id"], "consent:y", language_code=language)
    await api.wait_for_messages(RESIDENT, count + 2)  # saved, and may we ask you later?


def case_of(bot: TestBot) -> Case:
    with Session(bot.db) as session:
        return session.exec(select(Case)).one()


async def claimed(api: BotAPIStandIn, bot: TestBot, key_figure: int, text: str, language: str) -> Case:
    """The resident escalates, the key figure claims the offer; waits for the card and the hand-over."""
    await escalate(api, text, language)
    case = case_of(bot)
    [offer] = await api.wait_for_messages(key_figure, 1)
    api.callback_query(key_figure, offer["message_id"], f"claim:{case.id}")
    await api.wait_for_messages(key_figure, 3)
    return case


async def test_arabic_case_claimed_once_relayed_both_ways_resolved_and_checked_back(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "ar", "nl")
    staff(bot, api, BILAL, "Bilal", Role.KEY_FIGURE, "ar")
    staff(bot, api, CHEN, "Chen", Role.KEY_FIGURE, "fa")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(RESIDENT, "أريد التحدث مع شخص، عندي ديون كثيرة ورقمي 0612345678", language_code="ar")
        [consent] = await api.wait_for_messages(RESIDENT, 1)
        assert "consent:y" in buttons(consent)
        api.callback_query(RESIDENT, consent["message_id"], "consent:y", language_code="ar")
        await api.wait_for_messages(RESIDENT, 3)
        case = case_of(bot)
        [offer_a] = await api.wait_for_messages(AMAL, 1)
        [offer_b] = await api.wait_for_messages(BILAL, 1)
        assert api.sent_to(CHEN) == []  # speaks Persian, not Arabic
        assert f"#{case.id}" in offer_a["text"] and "[phone]" in offer_a["text"] and "0612345678" not in offer_a["text"]
        # both press Claim at the same moment: exactly one wins
        api.callback_query(AMAL, offer_a["message_id"], f"claim:{case.id}")
        api.callback_query(BILAL, offer_b["message_id"], f"claim:{case.id}")
        await api.wait_for_messages(AMAL, 3)
        await api.wait_for_messages(BILAL, 2)
        await asyncio.sleep(0.5)
        case = case_of(bot)
        winner, loser = (AMAL, BILAL) if case.assigned_to == AMAL else (BILAL, AMAL)
        assert case.assigned_to in (AMAL, BILAL)
        assert any("taken" in m.get("text", "") for m in api.sent_to(loser))
        assert not any("is yours" in m.get("text", "") for m in api.sent_to(loser))
        alias = "Amal" if winner == AMAL else "Bilal"
        intro = (await api.wait_for_messages(RESIDENT, 4))[3]
        assert alias in intro["text"] and str(winner) not in intro["text"]
        # the resident writes and sends a photo; the key figure answers by replying to the relayed message
        api.private_message(RESIDENT, "شكرا، عندي رسالة من المحصل", language_code="ar")
        api.message_with(RESIDENT, photo=True, caption="الرسالة", language_code="ar")
        relayed = [m for m in await api.wait_for_messages(winner, 5) if "شكرا" in m.get("text", "")]
        assert relayed and f"#{case.id}" in relayed[0]["text"]
        await api.wait_for_call("copyMessage")
        photo = next(m for m in api.sent_to(winner) if "photo" in m)
        assert "forward_origin" not in photo and "forward_from" not in photo
        api.private_message(winner, "Ik bel morgen de deurwaarder voor je.", reply_to=relayed[0]["message_id"])
        answer = next(
            m
            for m in await api.wait_for_messages(RESIDENT, 7)
            if m.get("text", "").startswith(f"{alias}: Ik bel morgen")
        )
        assert answer
        # close with an outcome; the resident rates it; a week later (test clock) the check-back arrives
        with Session(bot.db) as session:
            stored = session.get(Case, case.id)
            assert stored is not None
            stored.checkback = True
            session.add(stored)
            session.commit()
        api.private_message(winner, f"/resolve {case.id}")
        menu = next(m for m in await api.wait_for_messages(winner, 6) if f"out:{case.id}:helped" in buttons(m))
        api.callback_query(winner, menu["message_id"], f"out:{case.id}:helped")
        closed = next(m for m in await api.wait_for_messages(RESIDENT, 8) if f"rate:{case.id}:1" in buttons(m))
        api.callback_query(RESIDENT, closed["message_id"], f"rate:{case.id}:1", language_code="ar")
        bot.clock.advance(days=7, minutes=1)
        checkback = next(
            m for m in await api.wait_for_messages(RESIDENT, 10, timeout=15) if f"cb:{case.id}:1" in buttons(m)
        )
        assert checkback
    case = case_of(bot)
    assert case.status == "resolved" and case.outcome == "helped" and case.rating == 1
    with Session(bot.db) as session:
        kinds = [e.kind for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()]
    assert kinds[:3] == ["opened", "offered", "claimed"] and "checkback_sent" in kinds
    no_errors_but_flood_control(api)


async def test_offer_timeout_moves_to_the_next_key_figure(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    for user_id, name in ((AMAL, "Amal"), (BILAL, "Bilal"), (CHEN, "Chen"), (8004, "Dara")):
        staff(bot, api, user_id, name, Role.KEY_FIGURE, "tr")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await escalate(api, "bir insanla konuşmak istiyorum, kira borcum var", "tr")
        case = case_of(bot)
        people = (AMAL, BILAL, CHEN, 8004)
        await until(lambda: sum(bool(api.sent_to(u)) for u in people) == 3)
        first = [u for u in people if api.sent_to(u)]
        bot.clock.advance(minutes=16)
        [late] = [u for u in people if u not in first]
        [offer] = await api.wait_for_messages(late, 1, timeout=15)
        assert f"claim:{case.id}" in buttons(offer)
    no_errors_but_flood_control(api)


async def test_a_photo_sent_while_waiting_reaches_the_key_figure_who_claims(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "pl")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await escalate(api, "chcę porozmawiać z człowiekiem, mam list od komornika", "pl")
        case = case_of(bot)
        [offer] = await api.wait_for_messages(AMAL, 1)
        waiting = len(api.sent_to(RESIDENT))
        api.message_with(RESIDENT, photo=True, caption="list", language_code="pl")
        await api.wait_for_messages(RESIDENT, waiting + 1)  # "I added this to your question"
        assert not any("photo" in m for m in api.sent_to(AMAL))  # nobody has the case yet
        api.callback_query(AMAL, offer["message_id"], f"claim:{case.id}")
        await api.wait_for_call("copyMessage")
        await until(lambda: any("photo" in m for m in api.sent_to(AMAL)))
        copies = [m for m in api.sent_to(AMAL) if "photo" in m]
        assert len(copies) == 1 and "forward_origin" not in copies[0]
    no_errors_but_flood_control(api)


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until a condition holds (the bot works in the background)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def test_nobody_available_goes_to_the_coordinators_who_assign(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    api.register_chat(COORDINATORS, title="Coördinatoren")
    staff(bot, api, COORDINATOR, "Coördinator", Role.COORDINATOR)
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "so")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(AMAL, "/pause")
        await api.wait_for_messages(AMAL, 1)
        await escalate(api, "waxaan rabaa inaan la hadlo qof, waxaan qabaa deyn", "so")
        case = case_of(bot)
        [card] = await api.wait_for_messages(COORDINATORS, 1)
        assert f"assign:{case.id}:{AMAL}" in buttons(card) and f"claim:{case.id}" in buttons(card)
        api.callback_query(COORDINATORS, card["message_id"], f"assign:{case.id}:{AMAL}", user_id=COORDINATOR)
        given = await api.wait_for_messages(AMAL, 2)
    assert case_of(bot).assigned_to == AMAL
    assert any(f"#{case.id}" in m.get("text", "") for m in given[1:])
    no_errors_but_flood_control(api)


async def test_a_resident_cannot_claim_or_forge_a_claim(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "nl")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await escalate(api, "ik wil graag met iemand praten over mijn schulden", "nl")
        case = case_of(bot)
        await api.wait_for_messages(AMAL, 1)
        api.private_message(RESIDENT + 1, f"/claim {case.id}")
        [refused] = await api.wait_for_messages(RESIDENT + 1, 1)
        api.private_message(RESIDENT + 1, "/start")
        await api.wait_for_messages(RESIDENT + 1, 2)
        welcome = api.sent_to(RESIDENT + 1)[1]
        api.callback_query(RESIDENT + 1, welcome["message_id"], f"claim:{case.id}", check_button=False)
        forged = (await api.wait_for_messages(RESIDENT + 1, 3))[2]
    assert "alleen voor onze sleutelfiguren" in refused["text"]  # plain words, in her language (Dutch here)
    assert "alleen voor onze sleutelfiguren" in forged["text"]
    assert case_of(bot).assigned_to is None
    no_errors_but_flood_control(api)


async def test_relay_survives_429_and_502_and_a_duplicate_update_relays_once(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "nl")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await claimed(api, bot, AMAL, "ik wil met een mens praten over mijn huur", "nl")
        await api.wait_for_messages(RESIDENT, 4)
        api.fail_next("sendMessage", code=429, retry_after=1)
        api.fail_next("sendMessage", code=502, count=2)
        update = api.private_message(AMAL, "Hoi, ik ben Amal. Wanneer kan ik je bellen?")
        await api.wait_for_messages(RESIDENT, 5, timeout=30)
        api.redeliver(update)  # Telegram delivers the same update again
        await asyncio.sleep(2)
    texts = [m.get("text", "") for m in api.sent_to(RESIDENT)]
    assert sum("Wanneer kan ik je bellen" in t for t in texts) == 1
    with Session(bot.db) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == RESIDENT)).all()
    assert all(r.sent_at is not None for r in rows)
    assert [c.error_code for c in api.injected_errors()] == [429, 502, 502]
    no_errors_but_flood_control(api)


async def test_a_key_figure_who_blocked_the_bot_gets_no_cases(api: BotAPIStandIn, bot: TestBot, tmp_path: Path) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "nl")
    staff(bot, api, BILAL, "Bilal", Role.KEY_FIGURE, "nl")
    api.block(AMAL)
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await claimed(api, bot, BILAL, "ik wil met iemand praten, het is te veel allemaal", "nl")
        await asyncio.sleep(0.5)
    with Session(bot.db) as session:
        amal = session.get(StaffMember, AMAL)
        assert amal is not None and amal.blocked
    assert case_of(bot).assigned_to == BILAL
    assert all(c.error_code == 403 for c in api.errors())


async def test_invite_link_makes_a_key_figure_with_the_menu_of_the_role(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    staff(bot, api, COORDINATOR, "Coördinator", Role.COORDINATOR)
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(COORDINATOR, "/invite key_figure", language_code="nl")
        [invite] = await api.wait_for_messages(COORDINATOR, 1)
        token = invite["text"].split("start=")[1].split()[0]
        api.private_message(CHEN, f"/start {token}", language_code="en", first_name="Chen")
        [welcome] = await api.wait_for_messages(CHEN, 1)
        await until(
            lambda: any(c.params.get("scope", {}).get("chat_id") == CHEN for c in api.calls_to("setMyCommands"))
        )
        api.private_message(CHEN + 1, f"/start {token}", language_code="en")  # the link works once
        [again] = await api.wait_for_messages(CHEN + 1, 1)
        api.private_message(CHEN, "/help", language_code="en")
        help_text = (await api.wait_for_messages(CHEN, 2))[1]
    assert "Chen" in welcome["text"] and "key figure" in welcome["text"]
    assert "not valid" in again["text"]
    assert bot.runtime.desk.role(CHEN) is Role.KEY_FIGURE
    menu = next(c for c in api.calls_to("setMyCommands") if c.params.get("scope", {}).get("chat_id") == CHEN)
    assert {"claim", "cases", "resolve", "start"} <= {c["command"] for c in menu.params["commands"]}
    assert "/claim N" in help_text["text"] and "/invite" not in help_text["text"]
    no_errors_but_flood_control(api)


async def test_ask_the_bot_something_else_really_leaves_the_case_and_comes_back(
    api: BotAPIStandIn, bot: TestBot, tmp_path: Path
) -> None:
    staff(bot, api, AMAL, "Amal", Role.KEY_FIGURE, "en")
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        await claimed(api, bot, AMAL, "i want to talk to a real person about my rent arrears", "en")
        count = len(await api.wait_for_messages(RESIDENT, 4))
        api.private_message(RESIDENT, "thank you, I will wait", language_code="en")
        sent = (await api.wait_for_messages(RESIDENT, count + 1))[count]
        assert "Amal" in sent["text"] and "topics" in buttons(sent)  # says plainly it went to the person
        api.callback_query(RESIDENT, sent["message_id"], "topics", language_code="en")
        topics = (await api.wait_for_messages(RESIDENT, count + 2))[count + 1]
        assert "kf" in buttons(topics) and "bot" in topics["text"]
        api.private_message(RESIDENT, "where can I learn dutch for free in almere haven", language_code="en")
        answer = (await api.wait_for_messages(RESIDENT, count + 3))[count + 2]
        assert answer["text"].startswith("🤖") and "kf" in buttons(answer)
        api.callback_query(RESIDENT, answer["message_id"], "kf", language_code="en")
        back = (await api.wait_for_messages(RESIDENT, count + 4))[count + 3]
        assert "Amal" in back["text"]
        api.private_message(RESIDENT, "one more thing: the letter came today", language_code="en")
        await until(lambda: any("the letter came today" in m.get("text", "") for m in api.sent_to(AMAL)))
    to_amal = [m.get("text", "") for m in api.sent_to(AMAL)]
    assert any("thank you, I will wait" in t for t in to_amal)
    assert not any("learn dutch" in t for t in to_amal)  # the question for the bot never reached the person
    no_errors_but_flood_control(api)
