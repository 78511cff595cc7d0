"""Benchmark of the human side: consent -> offer latency through the stand-in, and routing at scale.

Run with `python dev.py bench-cases` (loopback only; bounded in count and time). Figures, not assertions:
- consent -> offer: CASES residents each ask for a person and say yes; the time from the consent button
  until the offer card reaches a key figure (p50 / p99), SQLite and PostgreSQL;
- routing: 200 key figures and 1,000 open cases in the database; the time to route (and offer) one new
  case (p50 / p99), and the pure routing function alone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine as Database

from bot.bench import percentile
from bot.cases.core import CaseRequest
from bot.cases.routing import Candidate, CaseFacts, route
from bot.config import load_config
from bot.engine.core import Engine
from bot.roles import Role
from bot.runtime import build_engine
from bot.staff.members import Profile
from bot.store.case_tables import Case
from bot.store.uow import sql_units
from tests.botapi.standin import BotAPIStandIn
from tests.telegram.bench import databases
from tests.telegram.harness import bot_config, make_bot, running_bot

CASES = 40
KEY_FIGURES = 200
OPEN_CASES = 1000
LANGUAGES = ("nl", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr", "pap", "pt", "en")
DISTRICTS = ("almere-stad", "almere-haven", "almere-buiten", "almere-poort", "almere-hout")
TOPICS = ("debt", "benefits", "housing", "food", "health", "parenting", "loneliness", "language")


async def consent_to_offer(engine: Engine, database: Database) -> list[float]:
    latencies: list[float] = []
    bot = make_bot(engine, database)
    async with BotAPIStandIn() as api:
        api.set_limits(chat_burst=math.inf, chat_per_second=math.inf, global_per_second=math.inf)
        for k in range(5):
            bot.runtime.members.add(Profile(9000 + k, f"KF{k}", Role.KEY_FIGURE, ("nl",), capacity=CASES))
            api.register_chat(9000 + k)
        with tempfile.TemporaryDirectory() as tmp:
            async with running_bot(api, bot, bot_config(api, Path(tmp))):
                for i in range(CASES):
                    chat = 20_000 + i
                    api.private_message(chat, "/person")
                    [ask] = await api.wait_for_messages(chat, 1)
                    before = sum(len(api.sent_to(9000 + k)) for k in range(5))
                    started = time.perf_counter()
                    api.callback_query(chat, ask["message_id"], "consent:y")
                    while sum(len(api.sent_to(9000 + k)) for k in range(5)) < before + 3:
                        await asyncio.sleep(0.002)
                    latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def routing_at_scale(engine: Engine, database: Database) -> tuple[list[float], list[float]]:
    rng = random.Random(7)
    bot = make_bot(engine, database)
    units = sql_units(database)
    for k in range(KEY_FIGURES):
        bot.runtime.members.add(
            Profile(
                50_000 + k,
                f"KF{k}",
                Role.KEY_FIGURE,
                rng.sample(LANGUAGES, 2),
                rng.sample(DISTRICTS, rng.choice((0, 1, 2))),
                rng.sample(TOPICS, rng.choice((0, 2, 4))),
                capacity=8,
            )
        )
    with units() as uow:
        for i in range(OPEN_CASES):
            uow.cases.add(
                Case(chat_id=60_000 + i, language=rng.choice(LANGUAGES), status="claimed", assigned_to=50_000 + i % 200)
            )
    timed: list[float] = []
    for i in range(100):
        req = CaseRequest(
            chat_id=70_000 + i, language=rng.choice(LANGUAGES), district=rng.choice(DISTRICTS), needs=("debt",)
        )
        started = time.perf_counter()
        with units() as uow:
            bot.runtime.cases.open(uow, req)
        timed.append((time.perf_counter() - started) * 1000)
    people = [
        Candidate(k, frozenset(rng.sample(LANGUAGES, 2)), open_cases=rng.randrange(5), capacity=8)
        for k in range(KEY_FIGURES)
    ]
    pure: list[float] = []
    for _ in range(1000):
        facts = CaseFacts(language=rng.choice(LANGUAGES), district=rng.choice(DISTRICTS), needs=("debt",))
        started = time.perf_counter()
        route(facts, people)
        pure.append((time.perf_counter() - started) * 1000)
    return timed, pure


async def main() -> int:
    config = load_config({"BUURTWIJZER_EMBEDDINGS": "off"})
    engine = build_engine(config)
    with tempfile.TemporaryDirectory() as tmp:
        for name, database in databases(Path(tmp)):
            lat = await consent_to_offer(engine, database)
            p50, p99 = percentile(lat, 50), percentile(lat, 99)
            print(f"{name:>10} consent -> offer ({CASES} cases): p50 {p50:.0f} ms  p99 {p99:.0f} ms")
            database.dispose()
        scale = Path(tmp) / "scale"
        scale.mkdir()
        for name, database in databases(scale):
            timed, pure = routing_at_scale(engine, database)
            print(
                f"{name:>10} routing with {KEY_FIGURES} key figures and {OPEN_CASES} open cases: open+route+offer "
                f"p50 {percentile(timed, 50):.1f} ms  p99 {percentile(timed, 99):.1f} ms; "
                f"pure route() p50 {percentile(pure, 50) * 1000:.0f} µs  p99 {percentile(pure, 99) * 1000:.0f} µs"
            )
            database.dispose()
    print(f"(run at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
