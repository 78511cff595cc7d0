"""Benchmark: updates per second and latency through the Bot API stand-in, polling and webhook, SQLite and
PostgreSQL. Run with `python dev.py bench-telegram` (loopback only; bounded in count and time).

Each of CHATS residents sends ROUNDS questions, one at a time (waiting for the answer); the chats run
concurrently. Latency is from the update being offered to the bot until its answer reaches the stand-in.
The stand-in's flood limits are switched off so the bot's own cost is measured.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bot.bench import percentile
from bot.config import PROJECT_ROOT, load_config
from bot.engine.core import Engine
from bot.runtime import build_engine
from bot.store.database import make_engine, upgrade
from tests.botapi.standin import BotAPIStandIn
from tests.conftest import fresh_postgres
from tests.telegram.harness import bot_config, make_bot, running_bot

CHATS = 10
ROUNDS = 10
DEV = PROJECT_ROOT / "eval" / "dev.yaml"


def questions() -> list[str]:
    if DEV.exists():
        return [str(c["text"]) for c in yaml.safe_load(DEV.read_text(encoding="utf-8")) if str(c["text"]).strip()]
    return ["waar kan ik gratis eten halen", "i need help with my debts", "где учить нидерландский"]


async def one_chat(api: BotAPIStandIn, chat: int, texts: list[str], webhook: bool, out: list[float]) -> None:
    for i in range(ROUNDS):
        started = time.perf_counter()
        update = api.private_message(chat, texts[(chat * ROUNDS + i) % len(texts)])
        if webhook:
            await api.deliver_webhook(update)
        await api.wait_for_messages(chat, i + 1, timeout=60)
        out.append((time.perf_counter() - started) * 1000)


async def measure(engine: Engine, database: Database, webhook: bool) -> tuple[float, list[float]]:
    latencies: list[float] = []
    with database.begin() as conn:  # a new stand-in numbers its updates from 1 again
        conn.execute(text("delete from processed_update"))
    async with BotAPIStandIn() as api:
        api.set_limits(chat_burst=math.inf, chat_per_second=math.inf, global_per_second=math.inf)
        with tempfile.TemporaryDirectory() as tmp:
            async with running_bot(api, make_bot(engine, database), bot_config(api, Path(tmp)), webhook=webhook):
                texts = questions()
                started = time.perf_counter()
                await asyncio.gather(*(one_chat(api, 1000 + c, texts, webhook, latencies) for c in range(CHATS)))
                elapsed = time.perf_counter() - started
        # every answer may have several messages (answer + location keyboard); count updates, not messages
    return CHATS * ROUNDS / elapsed, latencies


def databases(tmp: Path) -> list[tuple[str, Database]]:
    sqlite = make_engine(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(sqlite)
    found = [("sqlite", sqlite)]
    try:
        found.append(("postgresql", fresh_postgres()))
    except Exception as exc:  # the server is optional for the benchmark
        print(f"PostgreSQL skipped: {type(exc).__name__}")
    return found


async def main() -> int:
    engine = build_engine(load_config())
    with tempfile.TemporaryDirectory() as tmp:
        for name, database in databases(Path(tmp)):
            for webhook in (False, True):
                rate, lat = await measure(engine, database, webhook)
                mode = "webhook" if webhook else "polling"
                print(
                    f"{name:>10} {mode:>8}: {CHATS * ROUNDS} updates from {CHATS} chats  {rate:.1f} updates/s  "
                    f"latency p50 {percentile(lat, 50):.0f} ms  p95 {percentile(lat, 95):.0f} ms  "
                    f"p99 {percentile(lat, 99):.0f} ms  mean {statistics.fmean(lat):.0f} ms"
                )
            database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
