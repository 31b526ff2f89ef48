"""Word clusters for NER features, computed from unlabelled news text (training time only).

Distributional clusters: every frequent word form gets a vector of its neighbours (positive PMI of
the words at positions -2, -1, +1, +2 among the most frequent context words), reduced by truncated
SVD and grouped by seeded k-means at several granularities. The result is a word → cluster-id map
(plus a capitalisation class per word); no text is stored. Deterministic for a fixed seed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"\w+(?:[-'.&]\w+)*|[^\w\s]")
_SENT_END = frozenset(".!?:")
#: determiners: common nouns follow them far more often than names do
DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines "
    "dieser diese diesen diesem dieses jeder jede jeden jedem jedes sein seine seinen seinem seiner ihr "
    "ihre ihren ihrem ihrer unser unsere unseren unserem unserer im am vom zum zur beim ins".split()
)


def tokenize_plain(text: str) -> list[str]:
    """A fast regex tokenizer close enough to the runtime tokenizer for corpus statistics."""
    return _TOKEN.findall(text)


def corpus_texts(shared_data: Path) -> Iterator[str]:
    """Unlabelled German news text from ../shared/data: FANG-COVID (without its reserved ids) and 10kGNAD (test split).

    GermEval *test* text is never read here: it is for reporting only.
    """
    from .ner_sources import fang_records

    for rec in fang_records(shared_data):  # the reserved ids are never read
        yield f"{rec.get('header') or ''}\n{rec.get('article') or ''}"
    gnad = shared_data / "10kgnad" / "test.csv"
    with gnad.open(encoding="utf-8") as fh:
        for line in fh:
            _, _, text = line.partition(";")
            yield text.strip().strip("'")


def _kmeans(x: np.ndarray, k: int, *, seed: int, iters: int = 25) -> np.ndarray:
    """Spherical k-means on rows of ``x`` (unit length); returns the cluster of every row."""
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        sims = x @ cent.T
        assign = sims.argmax(axis=1)
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[~empty] /= norms[~empty]
        # an empty cluster takes the row worst served by its centroid
        if empty.any():
            worst = np.argsort(sims[np.arange(len(x)), assign])[: int(empty.sum())]
            sums[empty] = x[worst]
        cent = sums
    return assign


def build_clusters(
    sentences: Iterable[Sequence[str]],
    *,
    sizes: Sequence[int] = (64, 256, 1024),
    min_count: int = 4,
    max_words: int = 80_000,
    n_context: int = 2_000,
    dims: int = 100,
    seed: int = 13,
    vectors_out: dict | None = None,
) -> dict[str, tuple[list[int], str]]:
    """Cluster the frequent word forms of ``sentences``; returns word → (cluster ids, cap class).

    ``vectors_out`` (a dict) receives ``words`` and ``vectors``: the unit-length SVD word vectors the
    clusters are made of (columns by falling singular value), for the network tagger's input.

    The class of a word is two letters: ``U`` when its lowercase form is (almost) always capitalised
    inside a sentence, ``L`` when it is mostly written in lowercase, ``M`` otherwise; then how often
    its capitalised form follows a determiner (``0`` <5 %, ``1`` <20 %, ``2`` <50 %, ``3`` more, ``n``
    too rare): common nouns take determiners, names mostly do not.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    sents = [list(s) for s in sentences]
    freq = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common(max_words) if c >= min_count]
    widx = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_context])}
    nctx = len(ctx)
    rows: list[int] = []
    cols: list[int] = []
    cap = Counter()
    low = Counter()
    det = Counter()
    for s in sents:
        ids = [widx.get(w, -1) for w in s]
        cids = [ctx.get(w, -1) for w in s]
        n = len(s)
        for i, wi in enumerate(ids):
            w = s[i]
            if i > 0 and s[i - 1] not in _SENT_END and w[:1].isalpha():
                if w[0].isupper():
                    cap[w.lower()] += 1
                    if s[i - 1].lower() in DETERMINERS:
                        det[w.lower()] += 1
                else:
                    low[w.lower()] += 1
            if wi < 0:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                j = i + off
                if 0 <= j < n and cids[j] >= 0:
                    rows.append(wi)
                    cols.append(slot * nctx + cids[j])
    data = np.ones(len(rows), dtype=np.float64)
    m = coo_matrix((data, (np.array(rows), np.array(cols))), shape=(len(vocab), 4 * nctx)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context distribution smoothing
    col_sum = col_sum / col_sum.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape).tocsr()
    rng = np.random.default_rng(seed)
    v0 = rng.standard_normal(min(ppmi.shape))
    u, sv, _ = svds(ppmi, k=dims, v0=v0, random_state=seed)
    emb = u * np.sqrt(sv)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    # fix the sign of each SVD component so the embedding (hence clusters) is reproducible
    emb *= np.sign(emb.sum(axis=0, keepdims=True) + 1e-12)
    if vectors_out is not None:
        vectors_out["words"] = vocab
        vectors_out["vectors"] = emb[:, np.argsort(-sv)].astype(np.float32)  # strongest component first
    assigns = [_kmeans(emb, k, seed=seed + k) for k in sizes]
    out: dict[str, tuple[list[int], str]] = {}
    for i, w in enumerate(vocab):
        lw = w.lower()
        c, lo = cap[lw], low[lw]
        cls = "M"
        if c + lo >= 3:
            if c >= 0.98 * (c + lo):
                cls = "U"
            elif lo >= 0.7 * (c + lo):
                cls = "L"
        d = "n"
        if c >= 3:
            r = det[lw] / c
            d = "0" if r < 0.05 else "1" if r < 0.2 else "2" if r < 0.5 else "3"
        out[w] = ([int(a[i]) for a in assigns], cls + d)
    return out


def write_clusters(path: Path, clusters: dict[str, tuple[list[int], str]]) -> None:
    """Write the map as TSV: ``word<TAB>capclass<TAB>id1<TAB>id2…`` sorted by word."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for w in sorted(clusters):
            ids, cls = clusters[w]
            fh.write("\t".join([w, cls, *map(str, ids)]) + "\n")


def write_vectors(path: Path, words: Sequence[str], vectors: np.ndarray, *, dims: int, max_words: int) -> None:
    """Write the first ``max_words`` word vectors (``dims`` strongest components) as int8 with one scale
    per word: ``words`` (newline-joined), ``q`` (int8), ``scale`` (float16)."""
    v = vectors[:max_words, :dims]
    scale = np.maximum(np.abs(v).max(axis=1), 1e-8) / 127.0
    q = np.round(v / scale[:, None]).astype(np.int8)
    with path.open("wb") as fh:
        np.savez_compressed(fh, words=np.array("\n".join(words[:max_words])), q=q, scale=scale.astype(np.float16))


def read_vectors(path: Path) -> tuple[dict[str, int], np.ndarray]:
    """(word → row, float32 vectors) of a file written by :func:`write_vectors`."""
    z = np.load(path)
    words = str(z["words"]).split("\n")
    vecs = z["q"].astype(np.float32) * z["scale"].astype(np.float32)[:, None]
    return {w: i for i, w in enumerate(words)}, vecs
