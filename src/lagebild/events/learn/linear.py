"""Linear models over sparse binary features, in numpy: a multinomial logistic regression (one label of
several per instance) and a conditional logit ranker (one candidate of a group), trained full-batch with a
fixed Adam schedule (deterministic: the same data give the same bytes), scored with index sums at run time.

Features are strings; a :class:`Vocab` maps those seen at least ``min_count`` times in training to columns.
Model files are written by :func:`save_arrays`, an ``.npz`` with fixed zip timestamps so that a retrain on
the same data is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np


class Vocab:
    """Feature string → column, frozen after :meth:`fit`."""

    __slots__ = ("index",)

    def __init__(self, names: Sequence[str] = ()) -> None:
        self.index = {n: i for i, n in enumerate(names)}

    @classmethod
    def fit(cls, rows: Iterable[Sequence[str]], *, min_count: int = 1) -> Vocab:
        counts: Counter[str] = Counter()
        for r in rows:
            counts.update(set(r))
        return cls(sorted(f for f, c in counts.items() if c >= min_count))

    def __len__(self) -> int:
        return len(self.index)

    def ids(self, feats: Iterable[str]) -> np.ndarray:
        get = self.index.get
        return np.array(list({i for i in map(get, feats) if i is not None}), dtype=np.int64)

    @property
    def names(self) -> list[str]:
        return sorted(self.index, key=self.index.__getitem__)


class Csr:
    """Rows of feature ids (binary values) as index arrays: ``indices`` and ``rows`` (row of each entry)."""

    def __init__(self, rows: Sequence[np.ndarray], n_cols: int) -> None:
        self.n_rows = len(rows)
        self.n_cols = n_cols
        lens = np.array([len(r) for r in rows], dtype=np.int64)
        self.indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        self.rows = np.repeat(np.arange(len(rows)), lens) if rows else np.zeros(0, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lens)[:-1]]) if rows else np.zeros(0, dtype=np.int64)
        self.nonempty = lens > 0

    def dot(self, w: np.ndarray) -> np.ndarray:
        """X @ w for w of shape (n_cols, k): the sums of each row's weight rows (``reduceat``)."""
        out = np.zeros((self.n_rows, w.shape[1]))
        if len(self.indices):
            out[self.nonempty] = np.add.reduceat(w[self.indices], self.starts[self.nonempty], axis=0)
        return out

    def tdot(self, g: np.ndarray) -> np.ndarray:
        """X.T @ g for g of shape (n_rows, k) (one ``bincount`` per column)."""
        gr = g[self.rows]
        return np.stack([np.bincount(self.indices, weights=gr[:, j], minlength=self.n_cols) for j in range(g.shape[1])],
                        axis=1) if g.shape[1] else np.zeros((self.n_cols, 0))


def _adam(grad_fn, shapes: list[tuple[int, ...]], *, epochs: int, lr: float) -> list[np.ndarray]:
    params = [np.zeros(s) for s in shapes]
    m = [np.zeros(s) for s in shapes]
    v = [np.zeros(s) for s in shapes]
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        step = lr * (0.1 + 0.9 * (1 - t / epochs))  # linear decay to a tenth
        grads = grad_fn(params)
        for p, g, mm, vv in zip(params, grads, m, v):
            mm *= b1
            mm += (1 - b1) * g
            vv *= b2
            vv += (1 - b2) * g * g
            p -= step * (mm / (1 - b1**t)) / (np.sqrt(vv / (1 - b2**t)) + eps)
    return params


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train_multinomial(x: Csr, y: np.ndarray, n_labels: int, *, l2: float | np.ndarray = 1.0, epochs: int = 300,
                      lr: float = 0.05, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights (n_cols, n_labels) and bias (n_labels) of an L2-regularised multinomial logistic regression
    (``l2`` is the penalty on the summed loss, as in ``C = 1/l2``; an array gives one penalty per column)."""
    l2 = np.asarray(l2, dtype=float)
    if l2.ndim:
        l2 = l2[:, None]
    onehot = np.zeros((x.n_rows, n_labels))
    onehot[np.arange(x.n_rows), y] = 1.0
    sw = (weights if weights is not None else np.ones(x.n_rows))[:, None]

    def grad(params: list[np.ndarray]) -> list[np.ndarray]:
        w, b = params
        p = _softmax(x.dot(w) + b)
        g = (p - onehot) * sw
        return [x.tdot(g) + l2 * w, g.sum(axis=0)]

    w, b = _adam(grad, [(x.n_cols, n_labels), (n_labels,)], epochs=epochs, lr=lr)
    return w, b


def train_ranker(x: Csr, groups: np.ndarray, gold: np.ndarray, *, l2: float | np.ndarray = 1.0, epochs: int = 300,
                 lr: float = 0.05) -> np.ndarray:
    """Weights (n_cols,) of a conditional logit: candidates (rows of ``x``) belong to ``groups`` (sorted group
    ids, 0..G-1); ``gold`` gives each candidate's share of the right answer (summing to one per group)."""
    l2 = np.asarray(l2, dtype=float)
    n_groups = int(groups.max()) + 1 if len(groups) else 0

    def grad(params: list[np.ndarray]) -> list[np.ndarray]:
        (w,) = params
        s = x.dot(w[:, None])[:, 0]
        mx = np.full(n_groups, -np.inf)
        np.maximum.at(mx, groups, s)
        e = np.exp(s - mx[groups])
        z = np.zeros(n_groups)
        np.add.at(z, groups, e)
        p = e / z[groups]
        g = p - gold
        return [x.tdot(g[:, None])[:, 0] + l2 * w]

    (w,) = _adam(grad, [(x.n_cols,)], epochs=epochs, lr=lr)
    return w


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An ``.npz`` (readable by ``numpy.load``) with fixed zip timestamps, so equal arrays give equal bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}
