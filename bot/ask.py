"""`python -m bot ask --jsonl`: one JSON answer per JSON input line, in order, never stopping."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.engine.core import Engine
from bot.engine.values import Answer, Question

log = logging.getLogger(__name__)


def answer_json(answer: Answer, item_id: object) -> dict[str, Any]:
    """The contract of ../shared/eval/README.md for one answer, plus the signals that chose it."""
    u = answer.understanding
    return {
        "id": item_id,
        "language": u.language,
        "needs": u.need_slugs,
        "action": u.action.value,
        "district": u.district,
        "services": [
            {
                "id": r.service_id,
                "name": r.name,
                "needs": list(r.needs),
                "district": r.district,
                "distance_km": r.distance_km,
            }
            for r in answer.services
        ],
        "reply": answer.reply,
        "why": {
            "reason": u.reason,
            "needs": [{"slug": n.slug, "score": n.score, "signals": list(n.signals)} for n in u.needs],
            "place": u.place_signal,
            "language": list(u.signals),
            "intents": list(u.intents),
            "danger": u.danger,
            "alert": u.alert,
        },
        "clarify": answer.clarify.value if answer.clarify else None,
    }


def _question(item: dict[str, Any], now: dt.datetime) -> Question:
    text = item.get("text")
    hint = item.get("language")
    location = item.get("location")
    return Question(
        text=text if isinstance(text, str) else "",
        now=now,
        language_hint=hint if isinstance(hint, str) else None,
        location=location if isinstance(location, str) else None,
    )


def run_jsonl(engine: Engine, lines: Iterable[str], clock: Callable[[], dt.datetime]) -> Iterator[dict[str, Any]]:
    """Answer each line; a line that is not a JSON object still gets one output object."""
    for number, line in enumerate(lines, start=1):
        item_id: object = number
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            item_id = item.get("id", number)
        except ValueError as exc:
            yield {
                "id": item_id,
                "error": f"line {number} is not a JSON object: {exc}",
                "language": "und",
                "needs": [],
                "action": "clarify",
                "district": None,
                "services": [],
                "reply": "",
            }
            continue
        try:
            yield answer_json(engine.answer(_question(item, clock())), item_id)
        except Exception as exc:  # a bug must not stop the batch: report it on this line
            log.exception("engine failed on line %d", number)
            yield {
                "id": item_id,
                "error": f"engine error: {type(exc).__name__}",
                "language": "und",
                "needs": [],
                "action": "clarify",
                "district": None,
                "services": [],
                "reply": "",
            }


def main(engine: Engine, stdin: TextIO, stdout: TextIO, timezone: str) -> int:
    """Read JSON Lines from stdin, write answers to stdout, flushing each line."""
    zone = ZoneInfo(timezone)
    for out in run_jsonl(engine, stdin, lambda: dt.datetime.now(zone)):
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0
