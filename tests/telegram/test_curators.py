"""End-to-end: curators confirm, edit and approve in Telegram; the resident's next answer shows the change
without a restart; a forged curator button does nothing. And an edit survives a restart and a re-import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from bot.catalog.loader import KnowledgeBase
from bot.config import PROJECT_ROOT, load_config
from bot.roles import Role
from bot.runtime import build_runtime
from bot.staff.members import Profile
from bot.store.case_tables import ListingEdit
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.harness import TestBot, bot_config, buttons, no_errors_but_flood_control, running_bot

RESIDENT, CURATOR, SECOND = 7501, 8501, 8502
NEW_PHONE = "036 555 0199"


def food_bank(kb: KnowledgeBase) -> str:
    return next(s.id for s in kb.services if s.id == "voedselbank-almere-aanmelding")


async def test_curators_edit_and_approve_and_the_resident_sees_it_at_once(
    api: BotAPIStandIn, bot: TestBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    for user_id, name in ((CURATOR, "Cora"), (SECOND, "Sem")):
        bot.runtime.members.add(Profile(user_id, name, Role.CURATOR, ui_language="en"))
        api.register_chat(user_id, first_name=name)
    async with running_bot(api, bot, bot_config(api, tmp_path)):
        api.private_message(RESIDENT, "/start almere-haven", language_code="nl")
        [welcome] = await api.wait_for_messages(RESIDENT, 1)
        api.callback_query(RESIDENT, welcome["message_id"], "t:food")
        before = (await api.wait_for_messages(RESIDENT, 2))[1]
        assert NEW_PHONE not in before["text"]
        # a resident forging a curator button changes nothing
        api.callback_query(RESIDENT, before["message_id"], "cur:confirm:abc", check_button=False)
        forged = (await api.wait_for_messages(RESIDENT, 3))[2]
        assert "sleutelfiguren" in forged["text"]
        # the first curator finds the food bank and proposes a new phone number
        api.private_message(CURATOR, f"/find {food_bank(kb)}", language_code="en")
        [found] = await api.wait_for_messages(CURATOR, 1)
        view_button = next(b for b in buttons(found) if b.startswith("cur:v:"))
        api.callback_query(CURATOR, found["message_id"], view_button)
        card = (await api.wait_for_messages(CURATOR, 2))[1]
        phone_button = next(b for b in buttons(card) if b.startswith("cur:phone:"))
        api.callback_query(CURATOR, card["message_id"], phone_button)
        await api.wait_for_messages(CURATOR, 3)
        api.private_message(CURATOR, "12", language_code="en")  # a bad value: a plain answer, nothing changes
        refused = (await api.wait_for_messages(CURATOR, 4))[3]
        api.private_message(CURATOR, NEW_PHONE, language_code="en")
        saved = (await api.wait_for_messages(CURATOR, 5))[4]
        # she cannot approve her own draft; the second curator can
        api.private_message(SECOND, "/drafts", language_code="en")
        [draft] = await api.wait_for_messages(SECOND, 1)
        approve = next(b for b in buttons(draft) if b.startswith("cur:a:"))
        api.callback_query(SECOND, draft["message_id"], approve)
        approved = (await api.wait_for_messages(SECOND, 2))[1]
        # the resident's next answer already has the new number (no restart)
        api.private_message(RESIDENT, "ik heb geen eten meer, waar kan ik heen", language_code="nl")
        after = (await api.wait_for_messages(RESIDENT, 4))[3]
        # "still correct" counts at once; a new initiative starts with its form
        confirm = next(b for b in buttons(card) if b.startswith("cur:confirm:"))
        api.callback_query(CURATOR, card["message_id"], confirm)
        checked = (await api.wait_for_messages(CURATOR, 6))[5]
        api.private_message(CURATOR, "/propose", language_code="en")
        form = (await api.wait_for_messages(CURATOR, 7))[6]
    assert "not a Dutch phone number" in refused["text"] and "Draft #1" in saved["text"]
    assert "was:" in draft["text"] and NEW_PHONE in draft["text"]
    assert "residents see it now" in approved["text"]
    assert NEW_PHONE in after["text"]
    assert "checked today" in checked["text"] and "called" in form["text"]
    with Session(bot.db) as session:
        edit, confirmed, composing = session.exec(select(ListingEdit).order_by(ListingEdit.id)).all()
    assert (edit.status, edit.proposed_by, edit.decided_by, edit.new_value) == ("approved", CURATOR, SECOND, NEW_PHONE)
    assert (confirmed.field, confirmed.status, composing.status) == ("confirm", "approved", "composing")
    no_errors_but_flood_control(api)


def test_an_edit_made_in_the_bot_survives_a_restart_and_a_re_import(tmp_path: Path, kb: KnowledgeBase) -> None:
    env = {"BUURTWIJZER_DATA_DIR": str(tmp_path), "BUURTWIJZER_EMBEDDINGS": "off"}
    config = load_config(env)
    first = build_runtime(config)
    for user_id, name in ((CURATOR, "Cora"), (SECOND, "Sem")):
        first.members.add(Profile(user_id, name, Role.CURATOR, ui_language="en"))
    service = food_bank(kb)
    key = next(k for k, s in first.curation._services().items() if s.id == service)
    first.curation.press(CURATOR, ["phone", key])
    first.curation.submit(CURATOR, NEW_PHONE)
    first.curation.press(SECOND, ["a", "1"])
    imported = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "import"],
        cwd=PROJECT_ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "1 edit(s) approved in the bot stay on top" in imported.stdout
    second = build_runtime(config)  # a new process: knowledge re-imported from the files
    fresh = second.live.engine.service(service)
    assert fresh is not None and fresh.contact.phone == NEW_PHONE
    exported = tmp_path / "export"
    subprocess.run(
        [sys.executable, "-m", "bot", "kb", "export", "--format", "yaml", "--out", str(exported)],
        cwd=PROJECT_ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert any(NEW_PHONE in p.read_text(encoding="utf-8") for p in (exported / "services").glob("*.yaml"))
