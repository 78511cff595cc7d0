"""kill -9 of the real bot process between storing a case and telling the key figure: nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import math
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session, select

from bot.config import PROJECT_ROOT
from bot.store.case_tables import Case
from bot.store.database import make_engine
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.harness import buttons

RESIDENT, KEY_FIGURE = 7301, 8301


def environment(api: BotAPIStandIn, data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_API_FILE_URL": api.base_file_url,
        "BUURTWIJZER_DATA_DIR": str(data),
        "BUURTWIJZER_EMBEDDINGS": "off",
        "OUTBOX_LEASE_SECONDS": "1",
        "OFFICE_HOURS": "mo-su 00:00-24:00",
        "DATABASE_URL": "",
    }


@contextmanager
def bot_process(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def wait_until_stored(data: Path, timeout: float = 30.0) -> Case:
    database = make_engine(f"sqlite:///{data / 'buurtwijzer.db'}")
    try:
        for _ in range(int(timeout / 0.02)):
            with Session(database) as session:
                case = session.exec(select(Case)).first()
            if case is not None:
                return case
            await asyncio.sleep(0.02)
    finally:
        database.dispose()
    raise AssertionError("no case was stored")


async def test_kill_9_after_the_case_is_stored_delivers_the_offer_exactly_once(
    api: BotAPIStandIn, tmp_path: Path
) -> None:
    env = environment(api, tmp_path)
    added = subprocess.run(
        [sys.executable, "-m", "bot", "staff", "add", "--user-id", str(KEY_FIGURE), "--name", "Amal",
         "--role", "key_figure", "--languages", "nl"],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    api.register_chat(KEY_FIGURE, first_name="Amal")
    with bot_process(env) as first:
        api.private_message(RESIDENT, "/person")
        [ask] = await api.wait_for_messages(RESIDENT, 1, timeout=60)
        api.set_limits(chat_burst=0, chat_per_second=0)  # from now on Telegram answers 429 to every send
        api.callback_query(RESIDENT, ask["message_id"], "consent:y")
        case = await wait_until_stored(tmp_path)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert api.sent_to(KEY_FIGURE) == []  # nobody was told before the crash
    api.set_limits(chat_burst=math.inf, chat_per_second=math.inf)
    with bot_process(env):
        [offer] = await api.wait_for_messages(KEY_FIGURE, 1, timeout=60)
        await asyncio.sleep(3)  # time for a second (wrong) delivery to show up
    assert f"claim:{case.id}" in buttons(offer)
    assert len([m for m in api.sent_to(KEY_FIGURE) if f"claim:{case.id}" in buttons(m)]) == 1
