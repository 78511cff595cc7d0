"""`python -m bot eval FILE…`: the engine on labelled sets, per language, with a confusion table."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.ask import run_jsonl
from bot.engine.core import Engine

ACTIONS = ("answer", "clarify", "escalate", "emergency")
# A Tuesday morning: most services are open (the figures do not depend on the hour).
WHEN = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
Case = dict[str, Any]


def load_cases(path: Path) -> list[Case]:
    """Labelled cases of a YAML set (the format of eval/README.md): a list, or a mapping with a `cases` list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = data.get("cases") if isinstance(data, dict) else data
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
        raise ValueError(f"{path}: expected a list of cases (or `cases:` with a list), each with id, text and action")
    for case in cases:
        case.setdefault("needs", [])
        case.setdefault("district", None)
        if case["action"] not in ACTIONS:
            raise ValueError(f"{path}: case {case['id']}: unknown action {case['action']!r}")
    return cases


def answers(engine: Engine, cases: Sequence[Case]) -> dict[str, dict[str, Any]]:
    """The engine's `ask --jsonl` answers for the cases, by id."""
    lines = []
    for c in cases:
        item = {"id": c["id"], "text": c["text"]} | {k: c[k] for k in ("language", "location") if c.get(k)}
        lines.append(json.dumps(item, ensure_ascii=False))
    return {str(a["id"]): a for a in run_jsonl(engine, lines, lambda: WHEN)}


def _ratio(hit: float, total: float) -> float | None:
    return round(hit / total, 4) if total else None


def figures(cases: Iterable[Case], got: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Language, need@1/@3, action, emergency recall, false alarms, escalation P/R, district."""
    n: dict[str, float] = defaultdict(float)
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for case in cases:
        a = got.get(str(case["id"]), {})
        action, gold = str(a.get("action", "(none)")), case["action"]
        confusion[gold][action] += 1
        n["cases"] += 1
        n["action_hit"] += action == gold
        if case.get("lang", "und") != "und":
            n["lang_total"] += 1
            n["lang_hit"] += a.get("language") == case["lang"]
        if gold != "clarify" and case["needs"]:
            needs = list(a.get("needs", []))
            n["need_total"] += 1
            n["need1"] += bool(needs) and needs[0] in case["needs"]
            n["need3"] += any(x in case["needs"] for x in needs[:3])
        if case["district"] is not None:
            n["district_total"] += 1
            n["district_hit"] += a.get("district") == case["district"]
        if gold == "emergency":
            n["emergencies"] += 1
            n["caught"] += action == "emergency"
            n["led_with_number"] += action == "emergency" or bool(a.get("why", {}).get("alert"))
        else:
            n["ordinary"] += 1
            n["false_alarm"] += action == "emergency"
        n["esc_pred"] += action == "escalate"
        n["esc_true"] += gold == "escalate"
        n["esc_both"] += action == gold == "escalate"
    return {
        "cases": int(n["cases"]),
        "language": _ratio(n["lang_hit"], n["lang_total"]),
        "need@1": _ratio(n["need1"], n["need_total"]),
        "need@3": _ratio(n["need3"], n["need_total"]),
        "action": _ratio(n["action_hit"], n["cases"]),
        "emergency_recall": _ratio(n["caught"], n["emergencies"]),
        "emergency_or_alert": _ratio(n["led_with_number"], n["emergencies"]),
        "false_alarms": _ratio(n["false_alarm"], n["ordinary"]),
        "escalate_precision": _ratio(n["esc_both"], n["esc_pred"]),
        "escalate_recall": _ratio(n["esc_both"], n["esc_true"]),
        "district": _ratio(n["district_hit"], n["district_total"]),
        "confusion": {k: dict(v) for k, v in confusion.items()},
    }


def by_language(cases: Sequence[Case], got: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The figures per main language of the message."""
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        groups[str(case.get("lang", "und"))].append(case)
    return {lang: figures(group, got) for lang, group in sorted(groups.items())}


COLUMNS = ("cases", "need@1", "action", "emergency_recall", "false_alarms", "escalate_precision", "escalate_recall")


def table(overall: Mapping[str, Any], per_language: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Figures as aligned text rows, then the confusion table (gold → got)."""

    def cell(v: object) -> str:
        return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    rows = ["lang  " + "  ".join(f"{c:>18}" for c in COLUMNS)]
    for lang, f in [*per_language.items(), ("ALL", overall)]:
        rows.append(f"{lang:<5} " + "  ".join(f"{cell(f[c]):>18}" for c in COLUMNS))
    rows.append("overall: " + ", ".join(f"{k} {cell(overall[k])}" for k in overall if k not in ("confusion", "cases")))
    rows.append("confusion (gold -> got): " + " ".join(f"{a:>9}" for a in ACTIONS))
    for gold in ACTIONS:
        counts = overall["confusion"].get(gold, {})
        rows.append(f"{gold:>24}: " + " ".join(f"{counts.get(a, 0):>9}" for a in ACTIONS))
    return rows


def missed(cases: Sequence[Case], got: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One line per case whose action or first need missed (ids and labels only, no message text)."""
    out = []
    for c in cases:
        a = got.get(str(c["id"]), {})
        needs = list(a.get("needs", []))
        if a.get("action") != c["action"]:
            out.append(f"miss {c['id']}: action {a.get('action')} not {c['action']} ({a.get('why', {}).get('reason')})")
        elif c["action"] != "clarify" and c["needs"] and (not needs or needs[0] not in c["needs"]):
            out.append(f"miss {c['id']}: needs {needs[:3]} not {c['needs']}")
    return out


def evaluate(engine: Engine, files: Sequence[Path], *, as_json: bool, misses: bool) -> int:
    """Print the figures of each file."""
    for path in files:
        cases = load_cases(path)
        got = answers(engine, cases)
        overall, per_language = figures(cases, got), by_language(cases, got)
        if as_json:
            print(json.dumps({"file": str(path), "overall": overall, "by_language": per_language}, ensure_ascii=False))
            continue
        print(f"== {path} ==")
        for line in (missed(cases, got) if misses else []) + table(overall, per_language):
            print(line)
    return 0
