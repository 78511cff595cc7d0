"""The danger model's training examples: the written corpus plus the curated phrasings, per language."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.catalog.loader import KnowledgeBase
from bot.config import PROJECT_ROOT
from bot.engine.danger import KINDS

EVAL_DIR = PROJECT_ROOT / "eval"
DANGER_CORPUS = EVAL_DIR / "danger"  # train*.yaml
# Need phrasings that may describe danger themselves are not used as "no danger" examples.
NOT_NEGATIVE = frozenset({"domestic_violence", "mental_health", "health", "safety"})
JOINED_PER_LANGUAGE = 120  # long messages made of three phrasings: a long worried message is not danger
WRITTEN_WEIGHT = 10.0  # a written message counts more than a short curated phrase


@dataclass(frozen=True)
class Example:
    """One training text with its language, kind (a KINDS entry), weight and origin."""

    text: str
    language: str
    kind: str
    weight: float
    written: bool  # from the written corpus (natural messages), not a curated phrase


def written(folder: Path = DANGER_CORPUS) -> list[Example]:
    """The written corpus, train*.yaml: {language: {kind: [messages]}}."""
    out = []
    for path in sorted(folder.glob("train*.yaml")):
        for lang, kinds in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for kind, texts in kinds.items():
                if kind not in KINDS:
                    raise ValueError(f"{path}: {lang}: unknown kind {kind!r}")
                out += [Example(str(t), str(lang), kind, WRITTEN_WEIGHT, True) for t in texts]
    return out


def curated(need_examples: dict[str, list[str]]) -> list[Example]:
    """Need example phrasings as "no danger" examples.

    The curated crisis phrases are not used as positives: they are fragments ("has a knife"), and
    with them the head learnt that any short phrase about a child or a partner is danger (held-out
    false alarms 11% instead of 0.2%). The phrase lists raise their own alarms in the engine.
    """
    return [Example(t, lang, "none", 1.0, False) for lang, texts in sorted(need_examples.items()) for t in texts]


def need_examples(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Per language: the need phrasings the meaning model uses, minus needs that may describe danger."""
    out: dict[str, list[str]] = {}
    for lang, ph in kb.phrasings.items():
        out[lang] = [
            p
            for slug, phrases in sorted(ph.needs.items())
            if slug not in NOT_NEGATIVE
            for p in phrases
            if "*" not in p and len(p.split()) >= 2
        ]
    return out


def digest(examples: list[Example]) -> str:
    """A fingerprint of texts and labels: the trained head must match it."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.language}\t{e.kind}\t{e.weight}\t{e.text}\n".encode())
    return h.hexdigest()[:16]


def joined(need_examples: dict[str, list[str]], per_language: int = JOINED_PER_LANGUAGE) -> list[Example]:
    """Long "no danger" messages made by joining three need phrasings of one language (seeded)."""
    rng = random.Random(8)
    out = []
    for lang, texts in sorted(need_examples.items()):
        for _ in range(per_language if len(texts) >= 3 else 0):
            out.append(Example(", ".join(rng.sample(texts, 3)), lang, "none", 1.0, False))
    return out


def all_examples(kb: KnowledgeBase) -> list[Example]:
    """Everything the danger head is trained on, in a fixed order."""
    needs = need_examples(kb)
    return curated(needs) + joined(needs) + written()
