"""The `eval` and `model build` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.config import Config


def add_commands(sub: Any) -> None:
    """Add `eval FILE` and `model build` to the command parser."""
    e = sub.add_parser("eval", help="score the engine on a labelled set: per-language figures, confusion table")
    e.add_argument("files", nargs="+", help="labelled YAML sets, e.g. eval/dev.yaml eval/fresh.yaml")
    e.add_argument("--json", action="store_true", help="figures as JSON")
    e.add_argument("--misses", action="store_true", help="list every case that missed")
    m = sub.add_parser("model", help="the sentence model's bundled vectors and danger head")
    m.add_subparsers(dest="model_command", required=True).add_parser(
        "build", help="embed new phrasings, bundle the vectors, train the danger head (prints held-out figures)"
    )


def run(args: argparse.Namespace, config: Config) -> int:
    """Run `eval` or `model build`."""
    from bot.catalog.loader import load_knowledge
    from bot.runtime import build_engine, make_embedder

    if args.command == "model":
        from bot.evaluation.build import build

        embedder = make_embedder(config)
        if embedder is None:
            print("The sentence model is off or unavailable (BUURTWIJZER_EMBEDDINGS).")
            return 1
        for line in build(load_knowledge(config.knowledge_dir), embedder, config.data_dir / "cache"):
            print(line)
        return 0
    from bot.evaluation.scoring import evaluate

    engine = build_engine(config)
    try:
        return evaluate(engine, [Path(f) for f in args.files], as_json=args.json, misses=args.misses)
    except (OSError, ValueError, yaml.YAMLError) as e:  # a missing or malformed set: say which, no traceback
        print(f"Cannot score: {e}", file=sys.stderr)
        return 2
