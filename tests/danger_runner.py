"""Show which signal catches each message of the danger corpus, and where the rules raise false alarms.

    .venv/bin/python -m tests.danger_runner [LANG ...]

For curators writing crisis phrases and the composed `harm:` lists (knowledge/phrasings/<lang>.yaml):
the training corpus (eval/danger/train*.yaml) and the probes (tests/probes/) are read; for every
emergency it prints whether a crisis phrase, the composed rule (act + person + now) or only the danger
head caught it, and every "none" message or ordinary probe on which a phrase or the rule raised an alarm.
The head was trained on this corpus, so only the rules' figures say something about new wordings.
"""

from __future__ import annotations

import sys
from collections import Counter

from bot.config import load_config
from bot.engine import alarms
from bot.engine.heads import KINDS
from bot.engine.lexicon import Hit
from bot.engine.normalise import clean, normalise, tokens
from bot.evaluation.corpus import DANGER_CORPUS, NOT_DANGER, probes, written
from bot.runtime import build_engine


def main(argv: list[str]) -> int:
    """Print misses and false alarms of the phrase lists and the composed rule, per language."""
    engine = build_engine(load_config())
    languages = set(argv)
    corpus = written(DANGER_CORPUS, KINDS) + probes(NOT_DANGER)
    examples = [e for e in corpus if not languages or e.language in languages]
    caught: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for e in examples:
        hits = engine.matcher.find(tokens(normalise(clean(e.text))))
        rules = alarms.read_rules(hits, e.language)
        phrase, possible = rules.phrase, rules.possible
        composed = None if phrase else rules.sure
        if e.label == "none":
            totals["none"] += 1
            if phrase or composed:
                caught["false alarm"] += 1
                why = f"phrase {phrase}" if phrase else f"composed {composed}"
                print(f"FALSE ALARM [{e.language}] {e.text[:110]}\n    {why}: {_labels(hits)}")
            elif possible:
                caught["possible"] += 1
                print(f"NUMBER FIRST [{e.language}] {e.text[:110]}\n    act + person: {_labels(hits)}")
            continue
        totals["emergency"] += 1
        if phrase:
            caught["phrase"] += 1
        elif composed:
            caught["composed"] += 1
        elif possible:
            caught["number first"] += 1
        else:
            print(f"NOT BY RULES [{e.language}/{e.label}] {e.text[:110]}\n    harm parts: {_labels(hits)}")
    n = max(1, totals["emergency"])
    print(
        f"emergencies {totals['emergency']}: phrase {caught['phrase']}, composed rule {caught['composed']} "
        f"(rules together {(caught['phrase'] + caught['composed']) / n:.3f}), act + person only "
        f"{caught['number first']}; negatives {totals['none']}: false alarms {caught['false alarm']}, "
        f"number first (act + person) {caught['possible']}"
    )
    return 0


def _labels(hits: list[Hit]) -> str:
    """The harm and crisis parts found, e.g. 'act:violence person now'."""
    parts = sorted({h.entry.label for h in hits if h.entry.label.startswith((alarms.HARM, alarms.CRISIS))})
    return " ".join(parts) or "-"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
