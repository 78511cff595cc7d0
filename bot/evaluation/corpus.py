"""Training examples for the heads: the written corpora plus the curated phrasings and probes, per language."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.catalog.loader import KnowledgeBase
from bot.config import PROJECT_ROOT
from bot.engine.heads import KINDS, PERSON_CLASSES

EVAL_DIR = PROJECT_ROOT / "eval"
DANGER_CORPUS = EVAL_DIR / "danger"  # train*.yaml
PERSON_CORPUS = EVAL_DIR / "person"  # train*.yaml: wants a person, or a list of places will do
PROBES = PROJECT_ROOT / "tests" / "probes"  # curators' probe messages: their non-emergencies are negatives
# Need phrasings that may describe danger themselves are not used as "no danger" examples.
NOT_NEGATIVE = frozenset({"domestic_violence", "mental_health", "health", "safety"})
JOINED_PER_LANGUAGE = 120  # long messages made of three phrasings: a long worried message is not danger
NOT_DANGER = {"answer": "none", "clarify": "none", "escalate": "none"}  # probe actions that are no emergency
WANTS_PERSON = {"answer": "none", "clarify": "none", "escalate": "person"}  # probe actions for the person head
WRITTEN_WEIGHT = 10.0  # a written message counts more than a short curated phrase


@dataclass(frozen=True)
class Example:
    """One training text with its language, label (a class of the head), weight and origin."""

    text: str
    language: str
    label: str
    weight: float
    written: bool  # from a written corpus (natural messages), not made of curated phrases


def written(folder: Path, labels: tuple[str, ...]) -> list[Example]:
    """A written corpus, train*.yaml in folder: {language: {label: [messages]}}."""
    out = []
    for path in sorted(folder.glob("train*.yaml")):
        for lang, groups in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for label, texts in groups.items():
                if label not in labels:
                    raise ValueError(f"{path}: {lang}: unknown label {label!r}")
                out += [Example(str(t), str(lang), label, WRITTEN_WEIGHT, True) for t in texts]
    return out


def probes(labels: dict[str, str], folder: Path = PROBES) -> list[Example]:
    """The curators' probe messages whose action is in `labels` (action → class), with that class."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        for probe in yaml.safe_load(path.read_text(encoding="utf-8"))["probes"]:
            if probe["action"] in labels:
                out.append(Example(str(probe["text"]), path.stem, labels[probe["action"]], WRITTEN_WEIGHT, True))
    return out


def need_phrasings(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """Per language: (need, phrasing) pairs of the phrasings the meaning model uses."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang, ph in sorted(kb.phrasings.items()):
        out[lang] = [
            (slug, p)
            for slug, phrases in sorted(ph.needs.items())
            for p in phrases
            if "*" not in p and len(p.split()) >= 2
        ]
    return out


def joined(pairs: dict[str, list[tuple[str, str]]], seed: int) -> list[tuple[str, str]]:
    """Long messages made by joining three need phrasings of one language: (language, text)."""
    rng = random.Random(seed)
    out = []
    for lang, items in sorted(pairs.items()):
        for _ in range(JOINED_PER_LANGUAGE if len(items) >= 3 else 0):
            out.append((lang, ", ".join(t for _, t in rng.sample(items, 3))))
    return out


def danger_examples(kb: KnowledgeBase) -> list[Example]:
    """Everything the danger head is trained on, in a fixed order.

    The curated crisis phrases are not used as positives: they are fragments ("has a knife"), and
    with them the head learnt that any short phrase about a child or a partner is danger (held-out
    false alarms 11% instead of 0.2%). The phrase lists raise their own alarms in the engine.
    """
    pairs = {lang: [(s, t) for s, t in items if s not in NOT_NEGATIVE] for lang, items in need_phrasings(kb).items()}
    out = [Example(t, lang, "none", 1.0, False) for lang, items in pairs.items() for _, t in items]
    out += [Example(text, lang, "none", 1.0, False) for lang, text in joined(pairs, seed=8)]
    return out + written(DANGER_CORPUS, KINDS) + probes(NOT_DANGER)


def person_examples(kb: KnowledgeBase) -> list[Example]:
    """Everything the "wants a person" head is trained on: every need phrasing is a list-of-places question."""
    out = [Example(t, lang, "none", 1.0, False) for lang, items in need_phrasings(kb).items() for _, t in items]
    return out + written(PERSON_CORPUS, PERSON_CLASSES) + probes(WANTS_PERSON)


def digest(examples: list[Example]) -> str:
    """A fingerprint of texts and labels: a trained head must match it."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.language}\t{e.label}\t{e.weight}\t{e.text}\n".encode())
    return h.hexdigest()[:16]
