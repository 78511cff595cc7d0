"""Run the engine on the curators' probe messages (tests/probes/<lang>.yaml) and list what it gets wrong.

    .venv/bin/python -m tests.probe_runner [LANG ...]

Probes are messages the curators wrote themselves to check their phrasings (never copied from the
evaluation sets). Each has the acceptable first needs and the expected action.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.config import load_config
from bot.engine.core import Engine
from bot.engine.values import Question
from bot.runtime import build_engine

PROBES = Path(__file__).resolve().parent / "probes"
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@dataclass(frozen=True)
class Result:
    language: str
    text: str
    want_action: str
    want_needs: tuple[str, ...]
    got_action: str
    got_needs: tuple[str, ...]
    why: str

    @property
    def action_ok(self) -> bool:
        return self.want_action == self.got_action

    @property
    def need_ok(self) -> bool:
        return not self.want_needs or (bool(self.got_needs) and self.got_needs[0] in self.want_needs)


def load(languages: list[str] | None = None) -> list[tuple[str, dict[str, object]]]:
    out = []
    for path in sorted(PROBES.glob("*.yaml")):
        if languages and path.stem not in languages:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(path.stem, p) for p in data["probes"]]
    return out


def run(engine: Engine, probes: list[tuple[str, dict[str, object]]]) -> list[Result]:
    results = []
    for lang, p in probes:
        u = engine.understand(Question(text=str(p["text"]), now=NOW))
        results.append(
            Result(
                lang,
                str(p["text"]),
                str(p["action"]),
                tuple(p.get("needs") or ()),  # type: ignore[arg-type]
                u.action.value,
                tuple(u.need_slugs),
                f"{u.reason} {u.intents}",
            )
        )
    return results


def main(argv: list[str]) -> int:
    engine = build_engine(load_config())
    results = run(engine, load(argv or None))
    for r in results:
        if not (r.action_ok and r.need_ok):
            print(
                f"[{r.language}] {r.text[:100]}\n    want {r.want_action} {list(r.want_needs)} got {r.got_action} "
                f"{list(r.got_needs[:3])} ({r.why})"
            )
    emergencies = [r for r in results if r.want_action == "emergency"]
    false_alarms = [r for r in results if r.want_action != "emergency" and r.got_action == "emergency"]
    print(
        f"probes {len(results)}  action {sum(r.action_ok for r in results) / max(1, len(results)):.3f}  "
        f"need@1 {sum(r.need_ok for r in results) / max(1, len(results)):.3f}  "
        f"emergencies caught {sum(r.action_ok for r in emergencies)}/{len(emergencies)}  "
        f"false alarms {len(false_alarms)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
