"""`python -m bot model build`: bundle the phrasing vectors and train the danger head, with honest figures."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.catalog.loader import KnowledgeBase
from bot.engine.core import Engine
from bot.engine.heads import DANGER_HEAD, KINDS, Head, Matrix, fit
from bot.engine.semantic import BUNDLED_VECTORS, Embedder, VectorBook, save_compact, text_key
from bot.evaluation.corpus import Example, danger_examples, digest

log = logging.getLogger(__name__)
Labels = npt.NDArray[np.int64]
RECALL_TARGET = 0.97  # held-out recall the emergency threshold is set for
ALERT_RECALL = 0.995  # held-out recall the lower "possible emergency" threshold is set for
MIN_EMERGENCY_AT = 0.5  # never call an emergency on less than an even chance
FALSE_ALARM_CAP = 0.03  # of held-out hard negatives the head alone may call an emergency (others: number first)
MIN_ALERT_AT = 0.25  # below this, leading with crisis numbers would crowd ordinary answers


@dataclass(frozen=True)
class Held:
    """Held-out probabilities (of any class but "none") of one language's examples."""

    language: str
    examples: list[Example]
    probability: Matrix


def train(
    examples: list[Example], vectors: Matrix, classes: tuple[str, ...], sure: float, possible: float, model: str = ""
) -> Head:
    """A head trained on these examples (vectors of `model`), with the given thresholds."""
    labels = np.array([classes.index(e.label) for e in examples], dtype=np.int64)
    weights = np.array([e.weight for e in examples], dtype=np.float32)
    w, b, centre = fit(vectors, labels, _balanced(labels, weights), len(classes))
    return Head(classes, w, b, centre, sure, possible, digest(examples), model)


def _balanced(labels: Labels, weights: Matrix) -> Matrix:
    """Weights so that "none" and the other classes weigh the same in total."""
    out = weights.copy()
    pos = labels > 0
    out[pos] *= weights[~pos].sum() / max(weights[pos].sum(), 1e-6)
    return out


def leave_one_language_out(examples: list[Example], vectors: Matrix, classes: tuple[str, ...]) -> list[Held]:
    """For each language of the written corpus: train without it, score its examples."""
    out = []
    for lang in sorted({e.language for e in examples if e.written}):
        train_idx = [i for i, e in enumerate(examples) if e.language != lang]
        test_idx = [i for i, e in enumerate(examples) if e.language == lang]
        head = train([examples[i] for i in train_idx], vectors[train_idx], classes, 1.0, 1.0)
        p = head.probabilities(vectors[test_idx])
        out.append(Held(lang, [examples[i] for i in test_idx], (1.0 - p[:, 0]).astype(np.float32)))
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


def report(held: list[Held], sure: float, possible: float) -> list[str]:
    """Per language: held-out recall on written positives, false alarms on written and curated negatives."""
    rows = ["lang   pos  caught  possible | written-neg  false | phrasing-neg  false"]
    total: dict[str, float] = defaultdict(float)
    for h in held:
        pairs = list(zip(h.examples, h.probability, strict=True))
        pos = [d for e, d in pairs if e.written and e.label != "none"]
        wneg = [d for e, d in pairs if e.written and e.label == "none"]
        pneg = [d for e, d in pairs if not e.written and e.label == "none"]
        row = {
            "pos": len(pos),
            "caught": sum(d >= sure for d in pos),
            "possible": sum(d >= possible for d in pos),
            "wneg": len(wneg),
            "wfa": sum(d >= sure for d in wneg),
            "pneg": len(pneg),
            "pfa": sum(d >= sure for d in pneg),
        }
        for key, value in row.items():
            total[key] += value
        rows.append(
            f"{h.language:<5} {row['pos']:>4} {row['caught']:>7} {row['possible']:>9} | {row['wneg']:>11}"
            f" {row['wfa']:>6} | {row['pneg']:>12} {row['pfa']:>6}"
        )
    n_pos, n_wneg, n_pneg = (max(total[k], 1.0) for k in ("pos", "wneg", "pneg"))
    rows.append(
        f"all   recall {total['caught'] / n_pos:.3f} (with possible {total['possible'] / n_pos:.3f}),"
        f" false alarms written {total['wfa'] / n_wneg:.3f}, phrasings {total['pfa'] / n_pneg:.4f}"
    )
    return rows


def build(kb: KnowledgeBase, embedder: Embedder, cache_dir: Path | None) -> list[str]:
    """Embed what is missing, bundle the engine's phrasing vectors, train and store the danger head."""
    book = VectorBook(embedder, cache_dir)
    _, engine_texts = Engine.examples(kb)
    unique = dict(zip((text_key(t) for t in engine_texts), book.vectors(engine_texts), strict=True))
    save_compact(BUNDLED_VECTORS, embedder.name, list(unique), np.vstack(list(unique.values())))
    lines = [f"bundled vectors: {len(unique)} phrasings, {BUNDLED_VECTORS.stat().st_size // 1024} KiB"]

    examples = danger_examples(kb)
    vectors = book.vectors([e.text for e in examples])
    held = leave_one_language_out(examples, vectors, KINDS)
    sure = max(MIN_EMERGENCY_AT, threshold(held, RECALL_TARGET), false_alarm_threshold(held, FALSE_ALARM_CAP))
    possible = min(sure, max(MIN_ALERT_AT, threshold(held, ALERT_RECALL)))
    train(examples, vectors, KINDS, sure, possible, embedder.name).save(DANGER_HEAD)
    return [
        *lines,
        f"danger head: {len(examples)} examples, emergency at {sure:.3f}, possible emergency at {possible:.3f}",
        "leave-one-language-out (train without the language, test on it):",
        *report(held, sure, possible),
    ]
