"""`python -m bot bench`: engine latency percentiles, throughput, start-up time and peak memory."""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import time
from dataclasses import replace
from zoneinfo import ZoneInfo

import yaml

from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.catalog.models import Location, OpeningTime, Service
from bot.config import PROJECT_ROOT, Config
from bot.engine.core import Engine
from bot.engine.values import Question
from bot.i18n import Catalogs
from bot.runtime import make_embedder

DEV_SET = PROJECT_ROOT / "eval" / "dev.yaml"


def messages() -> list[str]:
    """The dev set's messages, or the knowledge base's own phrasings when the dev set is absent."""
    if DEV_SET.exists():
        return [str(c["text"]) for c in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))]
    kb = load_knowledge(PROJECT_ROOT / "knowledge")
    return [p for ph in kb.phrasings.values() for ps in ph.needs.values() for p in ps if " " in p][:400]


def make_synthetic(kb: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """A knowledge base of `size` services made from the real ones, spread over the districts."""
    rng = random.Random(seed)
    districts = kb.gazetteer.districts
    slugs = kb.need_slugs
    out: list[Service] = []
    for i in range(size):
        base = kb.services[i % len(kb.services)]
        d = rng.choice(districts)
        lat, lon = d.centre[0] + rng.uniform(-0.02, 0.02), d.centre[1] + rng.uniform(-0.03, 0.03)
        out.append(
            replace_service(
                base,
                f"{base.id}-syn{i}",
                rng.sample(slugs, k=rng.randint(1, 3)),
                Location(
                    name=f"Plek {i}",
                    address=f"Straat {i}",
                    district=d.slug,
                    lat=lat,
                    lon=lon,
                    coords_source="synthetic",
                ),
                [OpeningTime(days=rng.sample(["mo", "tu", "we", "th", "fr"], k=2), opens="09:00", closes="12:00")],
            )
        )
    return replace(kb, services=out)


def replace_service(
    base: Service, ident: str, needs: list[str], location: Location, schedule: list[OpeningTime]
) -> Service:
    """A copy of a service under another id, needs, place and hours."""
    return base.model_copy(update={"id": ident, "needs": needs, "location": location, "schedule": schedule})


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of a list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def measure(engine: Engine, texts: list[str], rounds: int) -> dict[str, float]:
    """Answer every text `rounds` times; latency per message in ms and messages per second."""
    now = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    engine.answer(Question(text="warm up", now=now))
    latencies = []
    started = time.perf_counter()
    for _ in range(rounds):
        if engine.embedder is not None:
            engine.embedder.forget()  # every round measures first-time messages, not the vector cache
        for text in texts:
            t0 = time.perf_counter()
            engine.answer(Question(text=text, now=now))
            latencies.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - started
    return {
        "messages": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "mean_ms": statistics.fmean(latencies),
        "per_second": len(latencies) / total,
    }


def main(config: Config, *, synthetic: int, rounds: int) -> int:
    """Print the figures for the bundled and the synthetic knowledge base."""
    t0 = time.perf_counter()
    kb = load_knowledge(config.knowledge_dir)
    catalogs = Catalogs(config.locales_dir)
    embedder = make_embedder(config)
    engine = Engine(kb, catalogs, embedder, config.data_dir / "cache")
    startup = time.perf_counter() - t0
    texts = messages()
    print(
        f"engine start-up: {startup:.2f} s (sentence model: {'on' if embedder else 'off'}, "
        f"{len(kb.services)} services); one core, single thread"
    )
    for name, base in (("bundled", kb), (f"synthetic {synthetic}", make_synthetic(kb, synthetic))):
        eng = engine if base is kb else Engine(base, catalogs, embedder, config.data_dir / "cache")
        r = measure(eng, texts, rounds)
        print(
            f"{name:>16}: {int(r['messages'])} messages  p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  "
            f"p99 {r['p99_ms']:.1f} ms  max {r['max_ms']:.1f} ms  {r['per_second']:.0f} msg/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")
    return 0
