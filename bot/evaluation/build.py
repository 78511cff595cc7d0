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
from bot.engine.danger import BUNDLED_HEAD, KINDS, DangerHead, Matrix, fit
from bot.engine.semantic import BUNDLED_VECTORS, Embedder, VectorBook, save_compact, text_key
from bot.evaluation.corpus import Example, all_examples, digest

log = logging.getLogger(__name__)
Labels = npt.NDArray[np.int64]
RECALL_TARGET = 0.97  # held-out recall the emergency threshold is set for
ALERT_RECALL = 0.995  # held-out recall the lower "possible emergency" threshold is set for
MIN_EMERGENCY_AT = 0.5  # never call an emergency on less than an even chance
MIN_ALERT_AT = 0.25  # below this, leading with crisis numbers would crowd ordinary answers


@dataclass(frozen=True)
class Held:
    """Held-out danger probabilities of one language's examples (model trained without that language)."""

    language: str
    examples: list[Example]
    danger: Matrix


def _labels(examples: list[Example]) -> tuple[Labels, Matrix]:
    return (
        np.array([KINDS.index(e.kind) for e in examples], dtype=np.int64),
        np.array([e.weight for e in examples], dtype=np.float32),
    )


def train(examples: list[Example], vectors: Matrix, emergency_at: float, alert_at: float) -> DangerHead:
    """A head trained on these examples, with the given thresholds."""
    labels, weights = _labels(examples)
    w, b, centre = fit(vectors, labels, _balanced(labels, weights))
    return DangerHead(w, b, centre, emergency_at, alert_at, digest(examples))


def _balanced(labels: Labels, weights: Matrix) -> Matrix:
    """Weights so that danger and no danger weigh the same in total."""
    out = weights.copy()
    pos = labels > 0
    out[pos] *= weights[~pos].sum() / max(weights[pos].sum(), 1e-6)
    return out


def leave_one_language_out(examples: list[Example], vectors: Matrix) -> list[Held]:
    """For each language: train without it, score its examples."""
    out = []
    for lang in sorted({e.language for e in examples if e.written}):
        train_idx = [i for i, e in enumerate(examples) if e.language != lang]
        test_idx = [i for i, e in enumerate(examples) if e.language == lang]
        head = train([examples[i] for i in train_idx], vectors[train_idx], 1.0, 1.0)
        p = head.probabilities(vectors[test_idx])
        out.append(Held(lang, [examples[i] for i in test_idx], (1.0 - p[:, 0]).astype(np.float32)))
        log.info("held out %s", lang)
    return out


def threshold(held: list[Held], recall: float) -> float:
    """The highest threshold that still catches `recall` of the held-out written emergencies."""
    scores = sorted(
        float(d) for h in held for e, d in zip(h.examples, h.danger, strict=True) if e.written and e.kind != "none"
    )
    k = int(np.floor((1.0 - recall) * len(scores)))
    return max(0.0, scores[k] - 1e-4) if scores else 0.5


def report(held: list[Held], emergency_at: float, alert_at: float) -> list[str]:
    """Per language: held-out recall on written emergencies, false alarms on written and curated non-danger."""
    rows = ["lang  emerg  caught  alerted  | written-neg  false-alarm | phrasing-neg  false-alarm"]
    total: dict[str, float] = defaultdict(float)
    for h in held:
        pos = [d for e, d in zip(h.examples, h.danger, strict=True) if e.written and e.kind != "none"]
        wneg = [d for e, d in zip(h.examples, h.danger, strict=True) if e.written and e.kind == "none"]
        pneg = [d for e, d in zip(h.examples, h.danger, strict=True) if not e.written and e.kind == "none"]
        caught = sum(d >= emergency_at for d in pos)
        alerted = sum(d >= alert_at for d in pos)
        wfa = sum(d >= emergency_at for d in wneg)
        pfa = sum(d >= emergency_at for d in pneg)
        for key, value in (
            ("pos", len(pos)),
            ("caught", caught),
            ("alerted", alerted),
            ("wneg", len(wneg)),
            ("wfa", wfa),
            ("pneg", len(pneg)),
            ("pfa", pfa),
        ):
            total[key] += value
        rows.append(
            f"{h.language:<5} {len(pos):>5} {caught:>7} {alerted:>8}  | {len(wneg):>11} {wfa:>12} |"
            f" {len(pneg):>12} {pfa:>12}"
        )
    n_pos, n_wneg, n_pneg = (max(total[k], 1.0) for k in ("pos", "wneg", "pneg"))
    rows.append(
        f"all   recall {total['caught'] / n_pos:.3f} (with alerts {total['alerted'] / n_pos:.3f}),"
        f" false alarms written {total['wfa'] / n_wneg:.3f}, phrasings {total['pfa'] / n_pneg:.4f}"
    )
    return rows


def build(kb: KnowledgeBase, embedder: Embedder, cache_dir: Path | None) -> list[str]:
    """Embed what is missing, bundle the engine's phrasing vectors, train and store the danger head."""
    book = VectorBook(embedder, cache_dir)
    _, engine_texts = Engine.examples(kb)
    engine_vectors = book.vectors(engine_texts)
    unique = dict(zip((text_key(t) for t in engine_texts), engine_vectors, strict=True))
    save_compact(BUNDLED_VECTORS, embedder.name, list(unique), np.vstack(list(unique.values())))
    examples = all_examples(kb)
    vectors = book.vectors([e.text for e in examples])
    held = leave_one_language_out(examples, vectors)
    emergency_at = max(MIN_EMERGENCY_AT, threshold(held, RECALL_TARGET))
    alert_at = min(emergency_at, max(MIN_ALERT_AT, threshold(held, ALERT_RECALL)))
    head = train(examples, vectors, emergency_at, alert_at)
    head.save(BUNDLED_HEAD)
    return [
        f"bundled vectors: {len(unique)} phrasings, {BUNDLED_VECTORS.stat().st_size // 1024} KiB",
        f"danger head: {len(examples)} examples, emergency at {emergency_at:.3f}, alert at {alert_at:.3f}",
        "leave-one-language-out (train without the language, test on it):",
        *report(held, emergency_at, alert_at),
    ]
