"""Rank needs by curated phrases (exact, stem, typo) and by meaning (sentence model), explainably."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from bot.engine.lexicon import Entry, Hit
from bot.engine.values import NeedScore

NEED = "need:"
SHARED_LANGUAGES = frozenset({"nl", "en"})  # Dutch and English words turn up inside every language
FOREIGN_WEIGHT = 0.6
FUZZY_WEIGHT = 0.8
MULTIWORD_BONUS = 0.4
SEMANTIC_WEIGHT = 20.0  # per unit of similarity above the median need
DECISIVE_SCORE = 2.5  # phrase score from which one clearly leading need needs no second opinion
SEMANTIC_FLOOR = 0.01  # similarity margins below this are noise


def word_specificity(entries: Iterable[Entry]) -> dict[str, float]:
    """1 / number of needs whose phrases use a word: words shared by many needs say little."""
    needs_of: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.label.startswith(NEED):
            for word, _ in entry.patterns:
                needs_of[word].add(entry.label)
    return {word: 1.0 / len(labels) for word, labels in needs_of.items()}


def lexical_scores(hits: Iterable[Hit], language: str, specificity: Mapping[str, float]) -> dict[str, float]:
    """Per need: the weight of the message words its phrases cover, plus a bonus for longer phrases."""
    cover: dict[str, dict[int, float]] = defaultdict(dict)
    bonus: dict[str, float] = defaultdict(float)
    for hit in hits:
        entry = hit.entry
        if not entry.label.startswith(NEED):
            continue
        need = entry.label[len(NEED) :]
        weight = 1.0 if entry.language == language or entry.language in SHARED_LANGUAGES else FOREIGN_WEIGHT
        if hit.fuzzy:
            weight *= FUZZY_WEIGHT
        for (word, _), pos in zip(entry.patterns, hit.positions, strict=True):
            w = weight * specificity.get(word, 1.0)
            if w > cover[need].get(pos, 0.0):
                cover[need][pos] = w
        if len(entry.patterns) > 1:
            bonus[need] = min(2 * MULTIWORD_BONUS, bonus[need] + MULTIWORD_BONUS * weight)
    return {need: sum(pos.values()) + bonus[need] for need, pos in cover.items()}


def decisive(lexical: Mapping[str, float]) -> bool:
    """Curated phrases alone settle the need: one need clearly ahead (the sentence model is then skipped)."""
    ordered = sorted(lexical.values(), reverse=True)
    return bool(ordered) and ordered[0] >= DECISIVE_SCORE and (len(ordered) == 1 or ordered[1] <= ordered[0] / 2)


def semantic_margins(similarities: Mapping[str, float]) -> dict[str, float]:
    """Per need: how far its similarity stands above the median need (0 when not above the noise)."""
    needs = {k[len(NEED) :]: v for k, v in similarities.items() if k.startswith(NEED)}
    if not needs:
        return {}
    ordered = sorted(needs.values())
    median = ordered[len(ordered) // 2]
    return {k: v - median for k, v in needs.items() if v - median > SEMANTIC_FLOOR}


def rank_needs(lexical: Mapping[str, float], margins: Mapping[str, float]) -> list[NeedScore]:
    """Fuse both signals into one ranked list, each need with the signals that chose it."""
    ranked: list[NeedScore] = []
    for need in set(lexical) | set(margins):
        lex = lexical.get(need, 0.0)
        sem = margins.get(need, 0.0)
        score = lex + SEMANTIC_WEIGHT * sem
        signals = []
        if lex:
            signals.append(f"phrases:{lex:.2f}")
        if sem:
            signals.append(f"meaning:+{sem:.3f}")
        ranked.append(NeedScore(need, round(score, 3), tuple(signals)))
    ranked.sort(key=lambda n: (-n.score, n.slug))  # a tie goes by name, not by hash order
    return ranked
