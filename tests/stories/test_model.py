"""The same-story pair model: derived columns, a deterministic fit, calibration, explanations, the file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lagebild.errors import ModelMissingError, PipelineError
from lagebild.stories.model import MODEL_FILE, PairModel, columns, fit_logistic, load_model
from lagebild.stories.pairs import FEATURES


def synthetic(n: int = 400, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Rows where same-story pairs have a high TF-IDF cosine and a small day gap."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.2).astype(float)
    X = np.zeros((n, len(FEATURES)))
    X[:, FEATURES.index("tfidf")] = np.where(y == 1, 0.3, 0.02) + rng.random(n) * 0.2
    X[:, FEATURES.index("gap")] = np.where(y == 1, 0, 3) + rng.integers(0, 3, n)
    return X, y


def test_columns_derive_sqrt_and_products() -> None:
    X = np.zeros((2, len(FEATURES)))
    X[:, FEATURES.index("tfidf")] = [0.25, 0.04]
    X[:, FEATURES.index("same_day")] = [1, 0]
    C = columns(X, ("tfidf", "sqrt:tfidf", "tfidf*same_day"))
    assert C.tolist() == [[0.25, 0.5, 0.25], [0.04, 0.2, 0.0]]
    with pytest.raises(PipelineError, match="unknown feature"):
        columns(X, ("nonsense",))


def test_fit_is_deterministic_and_separates() -> None:
    X, y = synthetic()
    a = PairModel.fit(X, y, ("tfidf", "gap"))
    b = PairModel.fit(X, y, ("tfidf", "gap"))
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    w = dict(zip(a.columns, a.weights))
    assert w["tfidf"] > 0 > w["gap"]
    p = a.proba(X)
    assert p[y == 1].mean() > 0.8 > 0.2 > p[y == 0].mean()


def test_logistic_matches_known_solution() -> None:
    # one standardised column, symmetric data: the bias is 0 and the weight positive
    Z = np.array([[-1.0], [-1.0], [1.0], [1.0]])
    y = np.array([0.0, 1.0, 1.0, 1.0])
    w, b = fit_logistic(np.vstack([Z, -Z]), np.concatenate([y, 1 - y]), l2=0.0)
    assert b == pytest.approx(0.0, abs=1e-9) and w[0] == pytest.approx(np.log(3), rel=1e-6)


def test_calibration_and_contributions() -> None:
    X, y = synthetic()
    m = PairModel.fit(X, y, ("tfidf", "gap"))
    m.calibrate(X, y)
    assert m.calibration[0] > 0
    top = m.contributions(X[int(np.argmax(y))])
    assert [n for n, _ in top] == sorted([n for n, _ in top], key=lambda n: -dict(top)[n])
    assert m.uses("tfidf") and not m.uses("embedding")


def test_file_round_trip(tmp_path: Path) -> None:
    X, y = synthetic()
    m = PairModel.fit(X, y, ("tfidf", "sqrt:tfidf", "gap"))
    m.threshold, m.meta = 0.6, {"version": "t"}
    m.save(tmp_path / "m.json")
    again = load_model(str(tmp_path / "m.json"))
    assert np.allclose(again.proba(X), m.proba(X), atol=1e-6)
    assert again.threshold == 0.6 and again.version == "t"
    (tmp_path / "m.json").write_text(json.dumps({**m.to_json(), "format": 99}))
    load_model.cache_clear()
    with pytest.raises(PipelineError, match="retrain"):
        load_model(str(tmp_path / "m.json"))
    with pytest.raises(ModelMissingError, match="lagebild train stories"):
        load_model(str(tmp_path / "missing.json"))


def test_shipped_model_is_small_and_complete() -> None:
    assert MODEL_FILE.stat().st_size < 20_000
    m = load_model()
    assert set(m.columns) and 0 < m.threshold < 1 and m.meta.get("trained_on")
    assert m.meta["target_precision"] == 0.85
