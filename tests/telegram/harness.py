"""Run the real bot (python-telegram-bot, real HTTP) against the Bot API stand-in, on a real database."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine as Database
from telegram import Update
from telegram.ext import Application

from bot.cases.core import CaseSettings
from bot.cases.office_hours import OfficeHours
from bot.chat.base import Settings
from bot.config import Config, load_config
from bot.engine.core import Engine
from bot.runtime import Runtime, assemble
from bot.store.uow import sql_units
from bot.telegram.app import build_application
from tests.botapi.standin import BotAPIStandIn

COORDINATORS = -100_555
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TestBot:
    """The bot's services on a real database, with the clock the test controls."""

    __test__ = False  # not a test class

    runtime: Runtime
    db: Database
    clock: Clock


class Clock:
    """A clock a test can move forward."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_bot(
    engine: Engine, database: Database, *, now: dt.datetime = TUESDAY_10, offer_minutes: float = 15
) -> TestBot:
    hours = OfficeHours.parse("mo-fr 09:00-17:00")
    settings = Settings(
        operator_name="Stichting Buurtwijzer (test)",
        office_hours=hours,
        retention_days=90,
        coordinator_chat_id=COORDINATORS,
    )
    cases = CaseSettings(
        coordinator_chat_id=COORDINATORS,
        office_hours=hours,
        offer_timeout=dt.timedelta(minutes=offer_minutes),
        first_reply=dt.timedelta(minutes=120),
        checkback=dt.timedelta(days=7),
    )
    clock = Clock(now)
    return TestBot(assemble(engine, sql_units(database), settings, cases, clock), database, clock)


def bot_config(api: BotAPIStandIn, tmp: Path, **extra: str) -> Config:
    return load_config(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_API_FILE_URL": api.base_file_url,
            "BUURTWIJZER_DATA_DIR": str(tmp),
            "COORDINATOR_CHAT_ID": str(COORDINATORS),
            **extra,
        }
    )


@asynccontextmanager
async def running_bot(
    api: BotAPIStandIn, bot: TestBot, config: Config, *, webhook: bool = False, secret: str = "buurt-geheim"
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Start the bot's application in polling or webhook mode; stop it cleanly afterwards."""
    api.register_chat(COORDINATORS, title="Coördinatoren")  # the bot is a member of the coordinators' group
    application = build_application(config, bot.runtime, interval=0.2, timer_interval=0.2)
    async with application:
        assert application.post_init is not None
        await application.post_init(application)
        await application.start()
        assert application.updater is not None
        if webhook:
            port = free_port()
            await application.updater.start_webhook(
                listen="127.0.0.1",
                port=port,
                url_path="telegram",
                webhook_url=f"http://127.0.0.1:{port}/telegram",
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


def buttons(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return [str(b.get("callback_data")) for row in rows for b in row]


def no_errors_but_flood_control(api: BotAPIStandIn) -> None:
    """Every call Telegram refused was flood control (which the bot then retried)."""
    unexpected = [c for c in api.errors() if "Too Many Requests" not in (c.error or "")]
    assert unexpected == [], unexpected
