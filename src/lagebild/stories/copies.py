"""Near-duplicate (agency copy) detection: MinHash signatures over word 5-shingles.

An edited copy of one text (changed lead, cut ending, other headline) shares most of its shingles
with the original; a different article on the same topic shares almost none (retold text has
Jaccard ≈ 0). Signatures are MinHash (the datasketch scheme, vectorised in numpy
with CRC-32 word hashes, a polynomial shingle hash and a multiply-shift
hash family). The test uses *containment* — the share of the shorter text's shingles found in the
other — estimated from the MinHash Jaccard estimate and both shingle counts, so a copy whose ending
was cut still counts. Signatures of the articles inside the time window are compared all at once
(a numpy matrix; the window is small), which gives the exact MinHash estimate without LSH banding
and stays deterministic.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .features import WORD

NUM_PERM = 64
SHINGLE = 5  # words per shingle
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
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier combining the word hashes of a shingle


def shingle_hashes(text: str, *, k: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the lower-cased word k-shingles of `text` (sorted).

    Each word is hashed with CRC-32 once; a shingle's hash is a polynomial over its k word hashes
    (mod 2^64), computed for all shingles at once. Texts shorter than k words give one shingle."""
    words = WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    wh = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    n = max(len(words) - k + 1, 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(k, len(words))):
            h = h * _MIX + wh[j : j + n]
        h ^= h >> np.uint64(29)
    return np.unique(h)


def signature(text: str) -> tuple[np.ndarray, int]:
    """MinHash signature (uint32[NUM_PERM]) of the body's word 5-shingles and the shingle count.

    Shingle hashes are permuted with a fixed multiply-shift family, so signatures are the same in
    every process and on every machine (numpy, vectorised; no per-shingle Python)."""
    h = shingle_hashes(text)
    if not len(h):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0
    with np.errstate(over="ignore"):
        perm = (h[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return perm.min(axis=0).astype(np.uint32), len(h)


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
