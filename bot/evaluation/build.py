"""`python -m bot model build`: bundle the phrasing vectors, train the danger and person heads, honest figures."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.catalog.loader import KnowledgeBase
from bot.engine import alarms, policy
from bot.engine.core import Engine
from bot.engine.heads import DANGER_HEAD, KINDS, PERSON_CLASSES, PERSON_HEAD, Head, Matrix, fit
from bot.engine.lexicon import Hit
from bot.engine.normalise import clean, normalise, tokens
from bot.engine.semantic import BUNDLED_VECTORS, Embedder, VectorBook, save_compact, text_key
from bot.engine.translit import ScriptMatcher
from bot.evaluation.corpus import Example, danger_examples, digest, person_examples

log = logging.getLogger(__name__)
Labels = npt.NDArray[np.int64]
RECALL_TARGET = 0.97  # held-out recall the emergency threshold is set for
ALERT_RECALL = 0.995  # held-out recall the lower "possible emergency" threshold is set for
MIN_EMERGENCY_AT = 0.5  # never call an emergency on less than an even chance
FALSE_ALARM_CAP = 0.03  # of held-out hard negatives the head alone may call an emergency (others: number first)
MIN_ALERT_AT = 0.25  # below this, leading with crisis numbers would crowd ordinary answers
BACKED_EXTRA_CAP = 0.002  # of held-out written negatives an act + person backed by the head may add as alarms
PERSON_FALSE_CAP = 0.015  # of held-out written "a list will do" messages the person head may send to a person
MIN_PERSON_AT = 0.5  # never send a resident to a person on less than an even chance


@dataclass(frozen=True)
class Rules:
    """What the curated lists alone say of one example: sure of it, or only possibly (needs the head)."""

    sure: bool
    possible: bool


@dataclass(frozen=True)
class Held:
    """Held-out probabilities (of any class but "none") of one language's examples."""

    language: str
    examples: list[Example]
    probability: Matrix
    rules: list[Rules]  # what the curated phrase lists say of each example


def train(
    examples: list[Example],
    vectors: Matrix,
    classes: tuple[str, ...],
    thresholds: tuple[float, float, float],
    model: str = "",
) -> Head:
    """A head trained on these examples (vectors of `model`), with the given thresholds."""
    labels = np.array([classes.index(e.label) for e in examples], dtype=np.int64)
    weights = np.array([e.weight for e in examples], dtype=np.float32)
    w, b, centre = fit(vectors, labels, _balanced(labels, weights), len(classes))
    sure, possible, backed = thresholds
    return Head(classes, w, b, centre, sure, possible, backed, digest(examples), model)


def _balanced(labels: Labels, weights: Matrix) -> Matrix:
    """Weights so that "none" and the other classes weigh the same in total."""
    out = weights.copy()
    pos = labels > 0
    out[pos] *= weights[~pos].sum() / max(weights[pos].sum(), 1e-6)
    return out


def rule_readings(kb: KnowledgeBase, examples: list[Example]) -> list[Rules]:
    """What the crisis phrases and the composed rule say of each example, as the engine reads them."""
    out = []
    for hits, e in zip(_hits(kb, examples), examples, strict=True):
        reading = alarms.read_rules(hits, e.language)
        out.append(Rules(bool(reading.sure), bool(reading.possible) and not reading.set_apart))
    return out


def intent_readings(kb: KnowledgeBase, examples: list[Example]) -> list[Rules]:
    """Whether the curated intents alone ask for a person (ask_person, act_for_me) in each example."""
    found = (policy.intents(hits, e.language) for e, hits in zip(examples, _hits(kb, examples), strict=True))
    return [Rules(bool(set(intents) & policy.PERSON_INTENTS), False) for intents in found]


def _hits(kb: KnowledgeBase, examples: list[Example]) -> list[list[Hit]]:
    matcher = ScriptMatcher([e for e in Engine.entries(kb) if e is not None])
    return [matcher.find(tokens(normalise(clean(e.text)))) for e in examples]


def leave_one_language_out(
    examples: list[Example], vectors: Matrix, classes: tuple[str, ...], rules: list[Rules]
) -> list[Held]:
    """For each language of the written corpus: train without it, score its examples."""
    out = []
    for lang in sorted({e.language for e in examples if e.written}):
        train_idx = [i for i, e in enumerate(examples) if e.language != lang]
        test_idx = [i for i, e in enumerate(examples) if e.language == lang]
        head = train([examples[i] for i in train_idx], vectors[train_idx], classes, (1.0, 1.0, 1.0))
        p = head.probabilities(vectors[test_idx])
        probability = (1.0 - p[:, 0]).astype(np.float32)
        out.append(Held(lang, [examples[i] for i in test_idx], probability, [rules[i] for i in test_idx]))
        log.info("held out %s", lang)
    return out


def _written(held: list[Held], positive: bool) -> list[float]:
    return [
        float(d)
        for h in held
        for e, d in zip(h.examples, h.probability, strict=True)
        if e.written and (e.label != "none") == positive
    ]


def threshold(held: list[Held], recall: float) -> float:
    """The highest threshold that still catches `recall` of the held-out written positives."""
    scores = sorted(_written(held, positive=True))
    k = int(np.floor((1.0 - recall) * len(scores)))
    return max(0.0, scores[k] - 1e-4) if scores else 0.5


def false_alarm_threshold(held: list[Held], rate: float) -> float:
    """The lowest threshold at which at most `rate` of the held-out written negatives are called emergencies."""
    scores = sorted(_written(held, positive=False))
    if not scores:
        return 0.5
    k = min(len(scores) - 1, int(np.ceil((1.0 - rate) * len(scores))))
    return scores[k] + 1e-4


def backed_threshold(held: list[Held], sure: float, possible: float, rate: float) -> float:
    """The lowest probability that makes an act + person an emergency, adding at most `rate` false alarms."""
    extra = sorted(
        (
            float(d)
            for h in held
            for e, d, r in zip(h.examples, h.probability, h.rules, strict=True)
            if e.written and e.label == "none" and r.possible and not r.sure and d < sure
        ),
        reverse=True,
    )
    allowed = int(np.floor(rate * len(_written(held, positive=False))))
    at = extra[allowed] + 1e-4 if len(extra) > allowed else possible
    return min(sure, max(possible, at))


def report(held: list[Held], head: Head) -> list[str]:
    """Per language: held-out recall on written positives, false alarms on written and curated negatives.

    "caught" is the head alone; "+rules" adds what the engine adds: a crisis phrase, act + person + now,
    and act + person backed by the head (the rules were curated while reading this corpus: optimistic).
    """
    rows = ["lang   pos  caught  +rules  possible | written-neg  false  +rules | phrasing-neg  false"]
    total: dict[str, float] = defaultdict(float)
    for h in held:
        caught = [d >= head.sure_at for d in h.probability]
        alarm = [
            c or bool(r.sure) or (bool(r.possible) and d >= head.backed_at)
            for c, d, r in zip(caught, h.probability, h.rules, strict=True)
        ]
        kinds = [("pos" if e.label != "none" else "wneg") if e.written else "pneg" for e in h.examples]
        row: dict[str, int] = defaultdict(int)
        for kind, c, a, d in zip(kinds, caught, alarm, h.probability, strict=True):
            row[kind] += 1
            row[kind + ":caught"] += c
            row[kind + ":rules"] += a
            row[kind + ":possible"] += bool(d >= head.possible_at)
        for key, value in row.items():
            total[key] += value
        rows.append(
            f"{h.language:<5} {row['pos']:>4} {row['pos:caught']:>7} {row['pos:rules']:>7} {row['pos:possible']:>9}"
            f" | {row['wneg']:>11} {row['wneg:caught']:>6} {row['wneg:rules']:>7} | {row['pneg']:>12}"
            f" {row['pneg:caught']:>6}"
        )
    n_pos, n_wneg, n_pneg = (max(total[k], 1.0) for k in ("pos", "wneg", "pneg"))
    rows.append(
        f"all   recall {total['pos:caught'] / n_pos:.3f} (with rules {total['pos:rules'] / n_pos:.3f}, with possible"
        f" {total['pos:possible'] / n_pos:.3f}), false alarms written {total['wneg:caught'] / n_wneg:.3f}"
        f" (with rules {total['wneg:rules'] / n_wneg:.3f}), phrasings {total['pneg:caught'] / n_pneg:.4f}"
    )
    return rows


def build(kb: KnowledgeBase, embedder: Embedder, cache_dir: Path | None) -> list[str]:
    """Embed what is missing, bundle the engine's phrasing vectors, train and store both heads."""
    book = VectorBook(embedder, cache_dir)
    _, engine_texts = Engine.examples(kb)
    unique = dict(zip((text_key(t) for t in engine_texts), book.vectors(engine_texts), strict=True))
    save_compact(BUNDLED_VECTORS, embedder.name, list(unique), np.vstack(list(unique.values())))
    lines = [f"bundled vectors: {len(unique)} phrasings, {BUNDLED_VECTORS.stat().st_size // 1024} KiB"]
    return lines + build_danger(kb, book, embedder.name) + build_person(kb, book, embedder.name)


def build_danger(kb: KnowledgeBase, book: VectorBook, model: str) -> list[str]:
    """Train the danger head, set its thresholds on leave-one-language-out figures, store it."""
    examples = danger_examples(kb)
    vectors = book.vectors([e.text for e in examples])
    held = leave_one_language_out(examples, vectors, KINDS, rule_readings(kb, examples))
    sure = max(MIN_EMERGENCY_AT, threshold(held, RECALL_TARGET), false_alarm_threshold(held, FALSE_ALARM_CAP))
    possible = min(sure, max(MIN_ALERT_AT, threshold(held, ALERT_RECALL)))
    backed = backed_threshold(held, sure, possible, BACKED_EXTRA_CAP)
    head = train(examples, vectors, KINDS, (sure, possible, backed), model)
    head.save(DANGER_HEAD)
    return [
        f"danger head: {len(examples)} examples, emergency at {sure:.3f}, possible emergency at {possible:.3f},"
        f" act + person an emergency from {backed:.3f}",
        "leave-one-language-out (train without the language, test on it):",
        *report(held, head),
    ]


def build_person(kb: KnowledgeBase, book: VectorBook, model: str) -> list[str]:
    """Train the "wants a person" head, with the threshold that keeps held-out false escalations low."""
    examples = person_examples(kb)
    vectors = book.vectors([e.text for e in examples])
    held = leave_one_language_out(examples, vectors, PERSON_CLASSES, intent_readings(kb, examples))
    at = max(MIN_PERSON_AT, false_alarm_threshold(held, PERSON_FALSE_CAP))
    head = train(examples, vectors, PERSON_CLASSES, (at, at, at), model)
    head.save(PERSON_HEAD)
    return [
        f"person head: {len(examples)} examples, a person from {at:.3f}",
        "leave-one-language-out (train without the language, test on it; +rules: the curated intents):",
        *report(held, head),
    ]
