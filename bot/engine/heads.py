"""Small softmax heads on the sentence model's vector: danger per kind of emergency, and "wants a person"."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.engine.semantic import MODEL_DIR

Matrix = npt.NDArray[np.float32]
DANGER_HEAD = MODEL_DIR / "danger.npz"
KINDS = ("none", "suicide", "violence", "child_danger", "medical")  # class 0 is always "nothing to do"
PERSON_HEAD = MODEL_DIR / "person.npz"
PERSON_CLASSES = ("none", "person")  # a list of places will not do: a person should act or listen


class Level(StrEnum):
    """How sure the head is: no sign, a possible emergency (lead with the number anyway), or sure."""

    NONE = "none"
    POSSIBLE = "possible"
    SURE = "sure"


@dataclass(frozen=True)
class Reading:
    """The probability of any class but "none", the likeliest such class, and the level."""

    probability: float
    label: str
    level: Level
    backs_rules: bool = False  # high enough to make an act of harm with a person at risk an emergency


@dataclass(frozen=True)
class Head:
    """A multinomial logistic regression on centred sentence vectors, with three thresholds."""

    classes: tuple[str, ...]
    weights: Matrix  # (classes, dim)
    bias: Matrix  # (classes,)
    centre: Matrix  # (dim,)
    sure_at: float
    possible_at: float
    backed_at: float  # with an act of harm and a person named (no "now"), this probability is an emergency
    digest: str  # of the texts and labels it was trained on
    model: str  # the sentence model whose vectors it reads

    def probabilities(self, vectors: Matrix) -> Matrix:
        """Class probabilities, one row per vector."""
        logits = (np.atleast_2d(vectors) - self.centre) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        out: Matrix = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def assess(self, vector: Matrix) -> Reading:
        """Read one message vector."""
        p = self.probabilities(vector)[0]
        probability = float(1.0 - p[0])
        label = self.classes[1 + int(np.argmax(p[1:]))]
        backs = probability >= self.backed_at
        if probability >= self.sure_at:
            return Reading(probability, label, Level.SURE, backs)
        return Reading(probability, label, Level.POSSIBLE if probability >= self.possible_at else Level.NONE, backs)

    def save(self, path: Path) -> None:
        """Write the head as a small .npz (float16 weights)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            centre=self.centre.astype(np.float16),
            thresholds=np.array([self.sure_at, self.possible_at, self.backed_at], dtype=np.float32),
            digest=np.array(self.digest),
            model=np.array(self.model),
        )

    @classmethod
    def load(cls, path: Path, model: str) -> Head | None:
        """The head stored at path for this sentence model, or None when there is none."""
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as d:
            if str(d["model"]) != model:
                return None
            return cls(
                tuple(str(c) for c in d["classes"]),
                d["weights"].astype(np.float32),
                d["bias"].astype(np.float32),
                d["centre"].astype(np.float32),
                float(d["thresholds"][0]),
                float(d["thresholds"][1]),
                float(d["thresholds"][2]),
                str(d["digest"]),
                model,
            )


def fit(
    vectors: Matrix,
    labels: npt.NDArray[np.int64],
    sample_weight: Matrix,
    classes: int,
    *,
    l2: float = 1e-3,
    steps: int = 400,
) -> tuple[Matrix, Matrix, Matrix]:
    """Train weights, bias and centre by full-batch Adam on the weighted cross-entropy (deterministic)."""
    centre = vectors.mean(axis=0)
    x = (vectors - centre) * 10.0  # centred e5 vectors are small; scaling speeds convergence
    dim = x.shape[1]
    onehot = np.eye(classes, dtype=np.float32)[labels]
    w = np.zeros((classes, dim), dtype=np.float32)
    b = np.zeros(classes, dtype=np.float32)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    sw = (sample_weight / sample_weight.sum()).astype(np.float32)[:, None]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        logits = x @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot) * sw
        g_w = grad.T @ x + l2 * w
        g_b = grad.sum(axis=0)
        for g, m, v, param in ((g_w, m_w, v_w, w), (g_b, m_b, v_b, b)):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            param -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return (w * 10.0).astype(np.float32), b.astype(np.float32), centre.astype(np.float32)
