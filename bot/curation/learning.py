"""The bot learns from what it could not answer: such questions become curation tasks, stored without who asked
them and with personal data masked, grouped by meaning and counted, per language, district and need."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
from rapidfuzz import fuzz

from bot.cases.masking import mask
from bot.engine.semantic import Embedder
from bot.store.case_tables import CurationTask
from bot.store.uow import UnitOfWork

SAME_MEANING = 0.88  # cosine of the sentence model (or fuzzy ratio without it) above which two questions are one task
Similarity = Callable[[str, str], float]


class TaskSource(StrEnum):
    """Why a question became a task."""

    CLARIFY_TWICE = "clarify_twice"
    NOT_HELPFUL = "not_helpful"
    NOT_IN_KB = "not_in_kb"
    REUSABLE = "reusable"  # a key figure's answer others could use


class TaskStatus(StrEnum):
    """What a curator made of a task."""

    OPEN = "open"
    PHRASING = "phrasing"
    LISTING = "listing"
    NOT_OUR_JOB = "not_our_job"


def fuzzy_similarity(a: str, b: str) -> float:
    """Word-set similarity (0..1), when the sentence model is off."""
    return float(fuzz.token_set_ratio(a.lower(), b.lower())) / 100.0


def model_similarity(embedder: Embedder) -> Similarity:
    """Cosine similarity of the bundled sentence model's vectors."""

    def similar(a: str, b: str) -> float:
        va, vb = (np.asarray(v, dtype=np.float32) for v in embedder.embed([a, b]))
        denominator = float(np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0
        return float(np.dot(va, vb)) / denominator

    return similar


class Learning:
    """Records unanswered questions as tasks, joined to an open task of the same meaning when there is one."""

    def __init__(self, similarity: Similarity = fuzzy_similarity) -> None:
        self.similarity = similarity

    def record(
        self,
        uow: UnitOfWork,
        text: str | None,
        source: TaskSource,
        *,
        language: str | None,
        district: str | None = None,
        need: str | None = None,
    ) -> CurationTask | None:
        """Keep a question for the curators (masked, no chat id); None when there is no text."""
        masked = mask(text or "").strip()[:500]
        if len(masked) < 3:
            return None
        head = next(
            (h for h in uow.tasks.open_heads(language) if self.similarity(masked, h.text) >= SAME_MEANING), None
        )
        task = CurationTask(
            text=masked,
            language=language,
            district=district,
            need=need,
            source=source.value,
            group_id=head.id if head else None,
        )
        uow.tasks.add(task)
        if head is not None:
            head.count += 1
            uow.tasks.save(head)
        return task
