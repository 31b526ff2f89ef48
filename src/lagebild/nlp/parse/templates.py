"""Feature templates of the parser and their hashing.

A template names attributes of the head side (``h.<row>``), of the dependent side (``d.<row>``) and at
most one pair attribute (``dd``: direction and distance; ``dir``; ``btw``: what lies between); rows are
listed in :mod:`.features`. Its value is a linear hash of those attribute ids with random odd
multipliers; a multiply-shift hash maps it to a weight row. Scoring is one gather and one sum per
template over all pairs (or tokens) of a call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .features import PAIR_KINDS, ROW, ROWS

#: multiply-shift hashing constant (odd, 64 bit)
MIX = np.uint64(0x9E3779B97F4A7C15)

#: first pass over every (head, dependent) pair
ARC_TEMPLATES: tuple[str, ...] = (
    "h.p d.p dd",
    "h.p d.p",
    "h.w h.p d.p",
    "h.p d.w d.p",
    "h.w d.w",
    "h.l d.l dir",
    "h.w d.p dd",
    "h.p d.w dd",
    "h.l d.p dd",
    "h.p d.l dd",
    "h.s3 d.p dir",
    "h.p d.s3 dir",
    "h.p d.p btw",
    "h.p h.p+1 d.p-1 d.p dir",
    "h.p-1 h.p d.p-1 d.p dir",
    "h.p h.p+1 d.p d.p+1 dir",
    "h.p-1 h.p d.p d.p+1 dir",
    "h.p d.p-1 d.p d.p+1 dd",
    "h.p-1 h.p h.p+1 d.p dd",
    "d.w dd",
    "d.p d.first dd",
    "h.p h.first dd",
    "h.w h.p d.w d.p",
    "h.cp d.cp btw",
)

#: second pass: rescoring the best first-pass heads of each token with the first tree's attributes
ARC2_TEMPLATES: tuple[str, ...] = (
    "h.p d.p dd",
    "h.p d.case dir",
    "h.l d.case",
    "h.l d.case d.l",
    "h.p d.det dir",
    "h.p d.p d.det dd",
    "h.aux d.p dir",
    "h.aux h.p d.det dir",
    "h.mark d.p dir",
    "h.p d.p d.mark",
    "h.p h.case d.p dir",
    "h.det d.p dir",
    "h.up h.p d.p dir",
    "h.p d.neg",
    "h.up h.l d.case",
    "h.p d.rel dir",
    "h.subj d.p dir",
    "h.rel d.rel",
    "h.p h.subj d.p d.rel",
    "h.p d.p d.rel dd",
)

LABEL_TEMPLATES: tuple[str, ...] = (
    "d.p",
    "d.w",
    "d.l",
    "h.p d.p",
    "h.p d.p dir",
    "h.p d.w dir",
    "h.l d.p dir",
    "h.l d.w",
    "h.p d.p dd",
    "d.p d.det dir",
    "d.p d.case",
    "h.p d.case",
    "h.p d.det dir",
    "h.aux d.p dir",
    "h.aux h.p d.det dir",
    "d.p-1 d.p d.p+1",
    "h.p d.p d.s3",
    "h.p d.p d.mark",
    "h.w h.p d.p",
    "h.p d.p d.first dir",
    "h.p d.p btw",
    "d.p d.neg h.p",
)

MORPH_TEMPLATES: tuple[str, ...] = (
    "d.w",
    "d.p",
    "d.l d.p",
    "d.s1 d.p",
    "d.s2 d.p",
    "d.s3 d.p",
    "d.s4 d.p",
    "d.p d.det",
    "d.det",
    "d.case",
    "d.p d.case",
    "d.p d.rel",
    "d.rel d.det",
    "d.w d.rel",
    "h.p d.p",
    "h.w d.p",
    "h.s3 d.p",
    "h.case d.p",
    "h.case d.w",
    "h.rel d.p",
    "h.rel d.w",
    "h.det d.s2 d.p",
    "d.w-1 d.p",
    "d.w+1 d.p",
    "d.p-1 d.p d.p+1",
    "d.subj d.p",
    "d.subj d.w",
    "d.s2 d.subj",
    "d.k1 d.p",
    "d.k1 d.subj",
    "d.k1 d.s1 d.w-1",
)


@dataclass(frozen=True, slots=True)
class Templates:
    """Compiled templates: attribute rows and random multipliers per side, the pair kind of each."""

    names: tuple[str, ...]
    head_rows: np.ndarray  # (T, K) row indices (0 = the zero row)
    dep_rows: np.ndarray
    head_mult: np.ndarray  # (T, K, 1) uint64
    dep_mult: np.ndarray
    pair_kind: np.ndarray  # (T,) index into PAIR_KINDS
    pair_mult: np.ndarray  # (T, 1) uint64
    salt: np.ndarray  # (T, 1) uint64

    def __len__(self) -> int:
        return len(self.names)


def compile_templates(names: Sequence[str], *, seed: int) -> Templates:
    """Parse template strings such as ``"h.p d.w dd"`` (head tag, dependent word, direction+distance)."""
    rng = np.random.default_rng(seed)
    heads: list[list[int]] = []
    deps: list[list[int]] = []
    kinds: list[int] = []
    for name in names:
        h: list[int] = []
        d: list[int] = []
        kind = 0
        for part in name.split():
            if part in PAIR_KINDS:
                kind = PAIR_KINDS.index(part)
                continue
            side, _, row = part.partition(".")
            if side not in ("h", "d") or row not in ROW:
                raise ValueError(f"bad template part {part!r} in {name!r}: use h.<row> / d.<row> with rows {ROWS}")
            (h if side == "h" else d).append(ROW[row])
        heads.append(h)
        deps.append(d)
        kinds.append(kind)
    k = max(1, *(len(x) for x in heads), *(len(x) for x in deps))
    t = len(names)

    def pad(rows: list[list[int]]) -> np.ndarray:
        out = np.zeros((t, k), dtype=np.int64)
        for i, r in enumerate(rows):
            out[i, : len(r)] = r
        return out

    def odd(*shape_: int) -> np.ndarray:
        return rng.integers(0, 2**63, size=shape_, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    return Templates(
        names=tuple(names), head_rows=pad(heads), dep_rows=pad(deps), head_mult=odd(t, k, 1),
        dep_mult=odd(t, k, 1), pair_kind=np.asarray(kinds, dtype=np.int64), pair_mult=odd(t, 1),
        salt=odd(t, 1),
    )


def side_codes(att: np.ndarray, rows: np.ndarray, mult: np.ndarray) -> np.ndarray:
    """``(T, slots)`` linear hash of the attribute rows of one side of every template."""
    return (att[rows] * mult).sum(axis=1, dtype=np.uint64)


def template_codes(tpl: Templates, att: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Head-side codes (salt included) and dependent-side codes of every template, per slot."""
    hc = side_codes(att, tpl.head_rows, tpl.head_mult)
    hc += tpl.salt
    return hc, side_codes(att, tpl.dep_rows, tpl.dep_mult)


def template_rows(tpl: Templates, t: int, codes: tuple[np.ndarray, np.ndarray], hidx: np.ndarray,
                  didx: np.ndarray, pairs: np.ndarray | None, bits: int) -> np.ndarray:
    """Weight rows of template ``t`` for the (head slot, dependent slot) pairs (int64 view).

    ``pairs`` is the ``(len(PAIR_KINDS), M)`` table of pair attributes, or ``None`` when no
    template uses one.
    """
    hc, dc = codes
    key = hc[t].take(hidx)
    key += dc[t].take(didx)
    kind = tpl.pair_kind[t]
    if kind and pairs is not None:
        key += pairs[kind] * tpl.pair_mult[t]
    key *= MIX
    key >>= np.uint64(64 - bits)
    return key.view(np.int64)


def bucket_index(tpl: Templates, att: np.ndarray, hidx: np.ndarray, didx: np.ndarray, pairs: np.ndarray | None,
                 bits: int, *, codes: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """``(T, M)`` weight rows of the M pairs for every template (the training view)."""
    codes = codes if codes is not None else template_codes(tpl, att)
    out = np.empty((len(tpl), len(hidx)), dtype=np.int64)
    for t in range(len(tpl)):
        out[t] = template_rows(tpl, t, codes, hidx, didx, pairs, bits)
    return out


def score_sum(w: np.ndarray, tpl: Templates, att: np.ndarray, hidx: np.ndarray, didx: np.ndarray,
              pairs: np.ndarray | None, bits: int, *, codes: tuple[np.ndarray, np.ndarray] | None = None
              ) -> np.ndarray:
    """Sum over templates of the weight rows of ``w`` for the pairs: ``(M,)`` or ``(M, classes)``."""
    codes = codes if codes is not None else template_codes(tpl, att)
    acc = None
    for t in range(len(tpl)):
        rows = w.take(template_rows(tpl, t, codes, hidx, didx, pairs, bits), axis=0)
        if acc is None:
            acc = rows
        else:
            acc += rows
    return acc
