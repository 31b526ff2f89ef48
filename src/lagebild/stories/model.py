"""The same-story pair model: logistic regression over :data:`.pairs.FEATURES`, calibrated, in numpy.

A model file (JSON, ``src/lagebild/models/stories-de.json``) holds the input columns (base features and
derived ones: ``sqrt:tfidf``, ``tfidf*same_day``), their standardisation, the weights, the Platt
calibration fitted on the development weeks, the join threshold chosen there, and the model card's
figures. Training: :mod:`.train` (``lagebild train stories``). Fitting is Newton–Raphson (IRLS) with an L2
penalty: deterministic, no random state, the same bytes on every run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelMissingError, PipelineError
from .pairs import FEATURES

MODEL_DIR = Path(__file__).resolve().parents[1] / "models"
MODEL_FILE = MODEL_DIR / "stories-de.json"
FORMAT = 1


def columns(X: np.ndarray, names: tuple[str, ...] | list[str]) -> np.ndarray:
    """The model's input columns from base feature rows `X` (columns :data:`FEATURES`): a base name, a
    ``sqrt:`` of one, or a product ``a*b`` of two."""
    idx = {n: i for i, n in enumerate(FEATURES)}
    out = np.empty((X.shape[0], len(names)), dtype=np.float64)
    for j, name in enumerate(names):
        try:
            if name.startswith("sqrt:"):
                out[:, j] = np.sqrt(np.maximum(X[:, idx[name[5:]]], 0.0))
            elif "*" in name:
                a, b = name.split("*", 1)
                out[:, j] = X[:, idx[a]] * X[:, idx[b]]
            else:
                out[:, j] = X[:, idx[name]]
        except KeyError as e:
            raise PipelineError(f"story model column {name!r} names an unknown feature {e}; known: "
                                f"{', '.join(FEATURES)} (retrain with `lagebild train stories`)") from e
    return out


def fit_logistic(Z: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, *, l2: float = 1.0,
                 iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weighted L2-penalised logistic regression by IRLS on standardised columns `Z`; (weights, bias).
    The bias is not penalised. Deterministic."""
    n, k = Z.shape
    w = np.ones(n) if w is None else np.asarray(w, dtype=np.float64)
    A = np.hstack([Z, np.ones((n, 1))])
    beta = np.zeros(k + 1)
    pen = np.full(k + 1, l2)
    pen[-1] = 0.0
    for _ in range(iterations):
        z = A @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        g = A.T @ (w * (p - y)) + pen * beta
        H = (A * (w * p * (1 - p))[:, None]).T @ A + np.diag(pen) + 1e-9 * np.eye(k + 1)
        step = np.linalg.solve(H, g)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return beta[:-1], float(beta[-1])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class PairModel:
    """Logistic regression over derived columns with Platt calibration; see the module docstring."""

    columns: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    calibration: tuple[float, float] = (1.0, 0.0)  # p = sigmoid(a · logit + b)
    threshold: float = 0.5  # calibrated probability a join needs
    embedding: bool = True  # whether the features include the sentence embedding
    aggregate: str = "max"  # a story's probability from its members' (lagebild.stories.cluster)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, cols: tuple[str, ...], *, sample_weight: np.ndarray | None = None,
            l2: float = 1.0, embedding: bool = True) -> PairModel:
        """Fit on base feature rows `X` (columns :data:`FEATURES`) and labels `y` (1 same story)."""
        C = columns(X, cols)
        mean = C.mean(axis=0)
        scale = C.std(axis=0)
        scale[scale < 1e-9] = 1.0
        weights, bias = fit_logistic((C - mean) / scale, y.astype(np.float64), sample_weight, l2=l2)
        return cls(tuple(cols), mean, scale, weights, bias, embedding=embedding)

    def uses(self, feature: str) -> bool:
        """Whether a column of the model reads base feature `feature`."""
        return any(feature in c.removeprefix("sqrt:").split("*") for c in self.columns)

    def logit(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated log-odds of base feature rows."""
        return ((columns(X, self.columns) - self.mean) / self.scale) @ self.weights + self.bias

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated same-story probabilities of base feature rows."""
        a, b = self.calibration
        return sigmoid(a * self.logit(X) + b)

    def contributions(self, x: np.ndarray) -> list[tuple[str, float]]:
        """Each column's share of one row's log-odds (weight × standardised value), largest first: why a
        pair scored as it did."""
        z = (columns(x[None, :], self.columns)[0] - self.mean) / self.scale * self.weights
        return sorted(((c, round(float(v), 3)) for c, v in zip(self.columns, z)), key=lambda cv: (-cv[1], cv[0]))

    def calibrate(self, X: np.ndarray, y: np.ndarray) -> None:
        """Fit the Platt scaling on held-out rows (the development weeks)."""
        z = self.logit(X)[:, None]
        (a,), b = fit_logistic(z, y.astype(np.float64), l2=1e-6)
        self.calibration = (round(float(a), 6), round(float(b), 6))

    # ------------------------------------------------------------ file
    def to_json(self) -> dict[str, Any]:
        r = lambda v: [round(float(x), 8) for x in v]  # noqa: E731 - fixed rounding: byte-reproducible files
        return {"format": FORMAT, "columns": list(self.columns), "mean": r(self.mean), "scale": r(self.scale),
                "weights": r(self.weights), "bias": round(self.bias, 8), "calibration": list(self.calibration),
                "threshold": self.threshold, "embedding": self.embedding, "aggregate": self.aggregate,
                "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PairModel:
        if d.get("format") != FORMAT:
            raise PipelineError(f"story model format {d.get('format')!r} is not {FORMAT}: retrain it with "
                                "`lagebild train stories`")
        return cls(tuple(d["columns"]), np.asarray(d["mean"]), np.asarray(d["scale"]), np.asarray(d["weights"]),
                   float(d["bias"]), tuple(d["calibration"]), float(d["threshold"]), bool(d["embedding"]),
                   str(d.get("aggregate", "max")), dict(d.get("meta") or {}))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "untrained"))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> PairModel:
    """The shipped same-story model (loaded once per process), or the one at `path`."""
    p = Path(path) if path else MODEL_FILE
    if not p.is_file():
        raise ModelMissingError(f"story model {p} not found: train it with `lagebild train stories` "
                                "(needs ../shared/data and data/stories)")
    return PairModel.from_json(json.loads(p.read_text(encoding="utf-8")))


def logloss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


__all__ = ["MODEL_FILE", "PairModel", "columns", "fit_logistic", "load_model", "logloss"]
