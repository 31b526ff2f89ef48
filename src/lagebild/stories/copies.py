"""Near-duplicate (agency copy) detection: MinHash signatures over word 5-shingles.

An edited copy of one text (changed lead, cut ending, other headline) shares most of its shingles
with the original; a different article on the same topic shares almost none (retold text has
Jaccard ≈ 0). Signatures are MinHash (the datasketch scheme, vectorised in numpy
with a CRC-32 + multiply-shift hash family). The test uses *containment* — the share of the shorter text's shingles found in the
other — estimated from the MinHash Jaccard estimate and both shingle counts, so a copy whose ending
was cut still counts. Signatures of the articles inside the time window are compared all at once
(a numpy matrix; the window is small), which gives the exact MinHash estimate without LSH banding
and stays deterministic.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .features import shingles

NUM_PERM = 64
SEED = 1
#: estimated Jaccard below this is never a copy (cheap first cut)
MIN_JACCARD = 0.15
#: share of the shorter text's shingles found in the other text
MIN_CONTAINMENT = 0.6
#: texts with fewer shingles are too short to call copies (captions, teasers)
MIN_SHINGLES = 15


_RNG = np.random.default_rng(SEED)
#: multiply-shift hash family (odd 64-bit multipliers): h_i(x) = (a_i * x + b_i) mod 2^64 >> 32
_A = _RNG.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _RNG.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)


def signature(text: str) -> tuple[np.ndarray, int]:
    """MinHash signature (uint32[NUM_PERM]) of the body's word 5-shingles and the shingle count.

    Shingles are hashed with CRC-32 and permuted with a fixed multiply-shift family, so signatures
    are the same in every process and on every machine (numpy, vectorised; no per-shingle Python)."""
    sh = set(shingles(text))
    if not sh:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0
    h = np.fromiter((zlib.crc32(x) for x in sh), dtype=np.uint64, count=len(sh))
    with np.errstate(over="ignore"):
        perm = (h[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return perm.min(axis=0).astype(np.uint32), len(sh)


def containment(jaccard: float, n_a: int, n_b: int) -> float:
    """|A∩B| / min(|A|, |B|) from a Jaccard estimate and the two set sizes."""
    if jaccard <= 0 or min(n_a, n_b) == 0:
        return 0.0
    inter = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return min(1.0, inter / min(n_a, n_b))


@dataclass
class CopyMatch:
    id: str  # the window article matched
    jaccard: float
    containment: float


class CopyIndex:
    """Signatures of the window's articles; finds the best earlier copy match of a new article."""

    def __init__(self, *, min_jaccard: float = MIN_JACCARD, min_containment: float = MIN_CONTAINMENT,
                 min_shingles: int = MIN_SHINGLES) -> None:
        self.min_jaccard = min_jaccard
        self.min_containment = min_containment
        self.min_shingles = min_shingles
        self.ids: list[str] = []
        self.sizes: list[int] = []
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, sig: np.ndarray, n_shingles: int) -> None:
        """Put one article's signature into the window (articles too short for copies are skipped)."""
        if n_shingles < self.min_shingles:
            return
        self.ids.append(article_id)
        self.sizes.append(n_shingles)
        self._rows.append(sig)
        self._matrix = None

    def remove(self, article_ids: set[str]) -> None:
        """Drop the signatures of articles that left the window."""
        if not article_ids:
            return
        keep = [i for i, a in enumerate(self.ids) if a not in article_ids]
        self.ids = [self.ids[i] for i in keep]
        self.sizes = [self.sizes[i] for i in keep]
        self._rows = [self._rows[i] for i in keep]
        self._matrix = None

    def best(self, sig: np.ndarray, n_shingles: int) -> CopyMatch | None:
        """The window article this text is most likely an edited copy of, or None."""
        if n_shingles < self.min_shingles or not self.ids:
            return None
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
        jac = (self._matrix == sig).mean(axis=1)
        best: CopyMatch | None = None
        for i in np.flatnonzero(jac >= self.min_jaccard):
            j = float(jac[i])
            c = containment(j, n_shingles, self.sizes[i])
            if c < self.min_containment:
                continue
            cand = CopyMatch(self.ids[i], j, c)
            if best is None or (cand.jaccard, cand.id) > (best.jaccard, best.id):
                best = cand
        return best
