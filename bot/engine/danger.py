"""Danger in any wording: a small softmax head on the sentence model's vector, per kind of emergency."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.engine.semantic import MODEL_DIR

Matrix = npt.NDArray[np.float32]
BUNDLED_HEAD = MODEL_DIR / "danger.npz"
KINDS = ("none", "suicide", "violence", "child_danger", "medical")  # class 0 is "no danger"


class Alarm(StrEnum):
    """How sure the danger model is: no sign, a possible emergency, or an emergency."""

    NONE = "none"
    ALERT = "alert"  # answer as usual, but lead with the right number and offer a person
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class DangerScore:
    """The probability that a message reports danger now, the likeliest kind and the alarm level."""

    probability: float
    kind: str
    alarm: Alarm


@dataclass(frozen=True)
class DangerHead:
    """Weights of a multinomial logistic regression on centred sentence vectors, with two thresholds."""

    weights: Matrix  # (classes, dim)
    bias: Matrix  # (classes,)
    centre: Matrix  # (dim,)
    emergency_at: float
    alert_at: float
    digest: str  # of the texts and labels it was trained on

    def probabilities(self, vectors: Matrix) -> Matrix:
        """Class probabilities, one row per vector."""
        logits = (np.atleast_2d(vectors) - self.centre) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        out: Matrix = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def assess(self, vector: Matrix) -> DangerScore:
        """Score one message vector."""
        p = self.probabilities(vector)[0]
        danger = float(1.0 - p[0])
        kind = KINDS[1 + int(np.argmax(p[1:]))]
        if danger >= self.emergency_at:
            return DangerScore(danger, kind, Alarm.EMERGENCY)
        return DangerScore(danger, kind, Alarm.ALERT if danger >= self.alert_at else Alarm.NONE)

    def save(self, path: Path) -> None:
        """Write the head as a small .npz (float16 weights)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            centre=self.centre.astype(np.float16),
            thresholds=np.array([self.emergency_at, self.alert_at], dtype=np.float32),
            digest=np.array(self.digest),
        )

    @classmethod
    def load(cls, path: Path = BUNDLED_HEAD) -> DangerHead | None:
        """The head stored at path, or None when there is none."""
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as d:
            return cls(
                d["weights"].astype(np.float32),
                d["bias"].astype(np.float32),
                d["centre"].astype(np.float32),
                float(d["thresholds"][0]),
                float(d["thresholds"][1]),
                str(d["digest"]),
            )


def fit(
    vectors: Matrix, labels: npt.NDArray[np.int64], sample_weight: Matrix, *, l2: float = 1e-3, steps: int = 400
) -> tuple[Matrix, Matrix, Matrix]:
    """Train weights, bias and centre by full-batch Adam on the weighted cross-entropy (deterministic)."""
    centre = vectors.mean(axis=0)
    x = (vectors - centre) * 10.0  # centred e5 vectors are small; scaling speeds convergence
    dim = x.shape[1]
    classes = len(KINDS)
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
