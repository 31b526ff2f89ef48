"""Training the convolutional NER tagger (``ner_cnn``) in numpy: seeded Adam, deterministic.

Targets are tag distributions: one-hot for gold sentences, the teacher's soft labels for silver
sentences (``ner_silver.read_silver_soft``; hard tags when a label file has no soft column). The loss
is the cross-entropy to the target, weighted per sentence (gold 1, silver ``silver_weight``), with
dropout on the token vectors and the first hidden layer. Embedding rows exist only for buckets seen
in training (the rest stay zero) and are updated lazily (Adam on the rows of the batch).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .ner_cnn import CnnConfig, CnnModel, layout, sentence_buckets, windows
from .ner_features import NerResources
from .ner_silver import TAG_INDEX, TAGS


@dataclass(frozen=True, slots=True)
class FitOptions:
    """Optimisation settings (saved in the model's metadata)."""

    epochs: int = 8
    batch: int = 32
    lr: float = 2e-3
    l2: float = 1e-6
    dropout: float = 0.25
    #: each feature of a token is left out with this probability (the model cannot lean on one feature)
    feature_dropout: float = 0.0
    silver_weight: float = 0.5
    #: the last N epochs see the gold sentences only (fine-tuning after the silver)
    gold_epochs: int = 0
    seed: int = 13


@dataclass(slots=True)
class Example:
    """One training sentence: its words, a (words × 9) target distribution and a loss weight."""

    words: list[str]
    target: np.ndarray
    weight: float = 1.0
    gold: bool = True


def one_hot(tags: Sequence[str]) -> np.ndarray:
    """(len(tags) × 9) one-hot targets of IOB tags."""
    out = np.zeros((len(tags), len(TAGS)), dtype=np.float32)
    out[np.arange(len(tags)), [TAG_INDEX[t] for t in tags]] = 1.0
    return out


class _Adam:
    def __init__(self, params: dict[str, np.ndarray], lr: float) -> None:
        self.lr = lr
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], rows: np.ndarray | None) -> None:
        self.t += 1
        c1 = 1 - 0.9**self.t
        c2 = 1 - 0.999**self.t
        for k, g in grads.items():
            p, m, v = params[k], self.m[k], self.v[k]
            if k == "E":  # lazy: only the rows of this batch
                mr = m[rows] * 0.9 + 0.1 * g
                vr = v[rows] * 0.999 + 0.001 * g * g
                m[rows], v[rows] = mr, vr
                p[rows] -= self.lr * (mr / c1) / (np.sqrt(vr / c2) + 1e-8)
            else:
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p -= self.lr * (m / c1) / (np.sqrt(v / c2) + 1e-8)


def _unwindow(dw: np.ndarray, half: int, width: int) -> np.ndarray:
    """Gradient of :func:`ner_cnn.windows`: column block j of ``dw`` belongs to row t + j - half."""
    L = len(dw)
    out = np.zeros((L, width), dtype=np.float32)
    for j, off in enumerate(range(-half, half + 1)):
        blk = dw[:, j * width : (j + 1) * width]
        if off < 0:
            out[: L + off] += blk[-off:]
        elif off > 0:
            out[off:] += blk[: L - off]
        else:
            out += blk
    return out


def loss_and_grads(P: dict[str, np.ndarray], S, u: np.ndarray, rows: np.ndarray, q: np.ndarray, w: np.ndarray,
                   mask_x: np.ndarray, mask_h: np.ndarray, fixed: np.ndarray | None = None) -> tuple[float, dict[str, np.ndarray]]:
    """Weighted cross-entropy (per target weight) of one batch and its gradients.

    ``S`` (rows × len(u)) sums the embedding rows ``u`` into token vectors; ``fixed`` (rows × k) are
    fixed inputs appended to them (the word vectors); ``rows`` are the real tokens (the others are
    padding); ``mask_x``/``mask_h`` are the dropout masks (scaled)."""
    total = S.shape[0]
    h1 = P["b1"].shape[0]
    x = S @ P["E"][u]
    if fixed is not None:
        x = np.concatenate([x, fixed], axis=1)
    x = x * mask_x
    d = x.shape[1]
    X5 = windows(x, 2)
    a1 = X5 @ P["W1"] + P["b1"]
    real = np.zeros((total, 1), dtype=np.float32)
    real[rows] = 1.0
    gate1 = (a1 > 0) * real * mask_h
    hid1 = a1 * gate1
    H3 = windows(hid1, 1)[rows]
    a2 = H3 @ P["W2"] + P["b2"]
    hid2 = np.maximum(a2, 0.0)
    z = hid2 @ P["Wo"] + P["bo"]
    z -= z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    norm = max(float(w.sum()), 1e-6)
    loss = float(-(w[:, None] * q * logp).sum()) / norm
    dz = (np.exp(logp) * q.sum(axis=1, keepdims=True) - q) * (w[:, None] / norm)
    g = {"Wo": hid2.T @ dz, "bo": dz.sum(axis=0)}
    da2 = (dz @ P["Wo"].T) * (a2 > 0)
    g["W2"] = H3.T @ da2
    g["b2"] = da2.sum(axis=0)
    dH3 = np.zeros((total, 3 * h1), dtype=np.float32)
    dH3[rows] = da2 @ P["W2"].T
    da1 = _unwindow(dH3, 1, h1) * gate1
    g["W1"] = X5.T @ da1
    g["b1"] = da1.sum(axis=0)
    dx = _unwindow(da1 @ P["W1"].T, 2, d) * mask_x
    g["E"] = np.asarray(S.T @ dx[:, : P["E"].shape[1]], dtype=np.float32)
    return loss, g


def fit_cnn(
    examples: Sequence[Example],
    res: NerResources,
    *,
    config: CnnConfig = CnnConfig(),
    options: FitOptions = FitOptions(),
    vectors: tuple[dict[str, int], np.ndarray] | None = None,
    after_epoch: Callable[[int, CnnModel], None] | None = None,
    log=print,
) -> CnnModel:
    """Train the network on ``examples``; ``vectors`` (word → row, table) when ``config.vectors``;
    ``after_epoch(epoch, model)`` is called after every epoch (for selection on held-out data)."""
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(options.seed)
    bits = config.hash_bits
    t0 = time.perf_counter()
    feats = [sentence_buckets(res, ex.words, bits) for ex in examples]
    used = np.unique(np.fromiter((b for s in feats for t in s for b in t), dtype=np.int64))
    rowmap = np.full(1 << bits, -1, dtype=np.int64)
    rowmap[used] = np.arange(len(used))
    # per sentence: flat compact ids and the number of features of each token
    ids = [rowmap[np.fromiter((b for t in s for b in t), dtype=np.int64)] for s in feats]
    nfeat = [np.array([len(t) for t in s], dtype=np.int64) for s in feats]
    del feats
    vtable = None
    vrows: list[np.ndarray] = []
    if config.vectors:
        if vectors is None:
            raise ValueError("config.vectors needs the word vectors")
        from .ner_cnn import word_vector_row

        vtable = np.vstack([vectors[1][:, : config.vectors], np.zeros((1, config.vectors), np.float32)])
        vrows = [np.array([word_vector_row(vectors[0], w, i == 0) for i, w in enumerate(ex.words)], dtype=np.int64)
                 for ex in examples]
    log(f"  cnn: {len(examples)} sentences, {sum(len(e.words) for e in examples)} tokens, "
        f"{len(used)} feature buckets ({time.perf_counter() - t0:.0f} s)")
    d, h1, h2, k = config.dim, config.hidden1, config.hidden2, len(TAGS)
    width = d + config.vectors
    P = {
        "E": rng.normal(0, 0.1, (len(used), d)).astype(np.float32),
        "W1": rng.normal(0, np.sqrt(2 / (5 * width)), (5 * width, h1)).astype(np.float32),
        "b1": np.zeros(h1, np.float32),
        "W2": rng.normal(0, np.sqrt(2 / (3 * h1)), (3 * h1, h2)).astype(np.float32),
        "b2": np.zeros(h2, np.float32),
        "Wo": rng.normal(0, np.sqrt(1 / h2), (h2, k)).astype(np.float32),
        "bo": np.zeros(k, np.float32),
    }
    opt = _Adam(P, options.lr)
    keep = 1.0 - options.dropout
    model = None
    gold_idx = np.array([i for i, ex in enumerate(examples) if ex.gold], dtype=np.int64)
    for epoch in range(1, options.epochs + 1):
        if epoch > options.epochs - options.gold_epochs:
            order = gold_idx[rng.permutation(len(gold_idx))]
        else:
            order = rng.permutation(len(examples))
        total_loss = 0.0
        n_tok = 0
        for s in range(0, len(order), options.batch):
            idx = order[s : s + options.batch]
            lengths = [len(examples[i].words) for i in idx]
            rows, total = layout(lengths)
            counts = np.zeros(total, dtype=np.int64)
            counts[rows] = np.concatenate([nfeat[i] for i in idx])
            flat = np.concatenate([ids[i] for i in idx])
            u, inv = np.unique(flat, return_inverse=True)
            indptr = np.concatenate([[0], np.cumsum(counts)])
            data = np.ones(len(flat), np.float32)
            if options.feature_dropout:
                data *= (rng.random(len(flat)) >= options.feature_dropout) / (1.0 - options.feature_dropout)
            S = csr_matrix((data, inv, indptr), shape=(total, len(u)))
            mask_x = (rng.random((total, width)) < keep).astype(np.float32) / keep
            mask_h = (rng.random((total, h1)) < keep).astype(np.float32) / keep
            q = np.concatenate([examples[i].target for i in idx])
            w = np.concatenate([np.full(n, examples[i].weight, np.float32) for i, n in zip(idx, lengths, strict=True)])
            fixed = None
            if vtable is not None:
                fixed = np.zeros((total, config.vectors), dtype=np.float32)
                fixed[rows] = vtable[np.concatenate([vrows[i] for i in idx])]
            loss, g = loss_and_grads(P, S, u, rows, q, w, mask_x, mask_h, fixed)
            total_loss += loss * float(w.sum())
            n_tok += len(w)
            for name in ("W1", "W2", "Wo"):
                g[name] = g[name] + options.l2 * P[name]
            opt.step(P, g, u)
        model = CnnModel(config, rowmap, P["E"], {k: v for k, v in P.items() if k != "E"}, vectors)
        log(f"  cnn epoch {epoch}: loss {total_loss / max(n_tok, 1):.4f} ({time.perf_counter() - t0:.0f} s)")
        if after_epoch is not None:
            after_epoch(epoch, model)
    if model is None:
        raise ValueError("fit_cnn needs at least one epoch")
    return model


def gold_examples(sents: Sequence, *, weight: float = 1.0) -> list[Example]:
    """Examples of gold ``TaggedSentence``s (one-hot targets)."""
    return [Example(list(s.words), one_hot(s.tags), weight) for s in sents if s.words]


def silver_examples(pairs: Sequence, *, weight: float) -> list[Example]:
    """Examples of silver sentences ``(TaggedSentence, soft targets or None)``."""
    return [Example(list(s.words), soft if soft is not None else one_hot(s.tags), weight, gold=False)
            for s, soft in pairs if s.words]


def train_cnn(
    shared_data,
    *,
    model,
    lang: str = "de",
    sources: Sequence[str] = ("germeval_dev", "entities_train"),
    silver=None,
    silver_min_confidence: float = 0.0,
    name_lists: bool = True,
    holdout_only: bool = False,
    config: CnnConfig = CnnConfig(),
    options: FitOptions = FitOptions(),
    log=print,
) -> dict:
    """Train the network the way ``ner_train.train`` trains the CRF: on the gold ``sources`` (+ the
    silver label file ``silver``), scoring the GermEval dev hold-out and the selection sets after
    every epoch when ``holdout_only`` (the model then lacks the hold-out), else on everything.
    Writes ``model`` (``.npz``) and its ``.json``; returns the metadata."""
    from pathlib import Path

    from .ner import NerTagger
    from .ner_features import FEATURE_VERSION, SILVER_LISTS
    from .ner_silver import read_silver_soft
    from .ner_train import gold_training_set, selection_scores

    t0 = time.perf_counter()
    model = Path(model)
    lists_off = frozenset() if name_lists else SILVER_LISTS
    res = NerResources.load(lang, skip=lists_off)
    fit, held, counts = gold_training_set(Path(shared_data), sources, completion=None, seed=options.seed, log=log)
    examples = gold_examples(fit if holdout_only else fit + held)
    n_silver = 0
    if silver is not None:
        pairs = read_silver_soft(Path(silver), Path(shared_data), min_confidence=silver_min_confidence)
        examples += silver_examples(pairs, weight=options.silver_weight)
        n_silver = len(pairs)
    log(f"cnn: gold {counts} ({'without' if holdout_only else 'with'} the hold-out), silver {n_silver} sentences")
    meta = {"feature_version": FEATURE_VERSION, "lang": lang, "classes": ["PER", "ORG", "LOC", "MISC"],
            "training_data": {"gold": counts, "silver_sentences": n_silver,
                              "silver_labels": Path(silver).name if silver is not None else None},
            "holdout_only": holdout_only, "lists_off": sorted(lists_off),
            "fit": {k: getattr(options, k) for k in FitOptions.__dataclass_fields__},
            "silver_min_confidence": silver_min_confidence, "epochs": []}
    model.parent.mkdir(parents=True, exist_ok=True)

    def after_epoch(epoch: int, net: CnnModel) -> None:
        if not holdout_only:
            return
        net.save(model, meta=meta)
        sc = selection_scores(NerTagger(lang=lang, path=model, consistency=False), held, Path(shared_data))
        meta["epochs"].append({"epoch": epoch, **sc})
        log(f"    epoch {epoch}: " + "; ".join(f"{k} F1 {v['f1']:.4f}" for k, v in sc.items() if k != "select"))

    vectors = None
    if config.vectors:
        from .ner_clusters import read_vectors
        from .ner_train import vectors_path

        vectors = read_vectors(vectors_path(lang))
        meta["vectors_file"] = vectors_path(lang).name
        if model.parent != vectors_path(lang).parent:  # the model file names its vectors beside it
            import shutil

            shutil.copyfile(vectors_path(lang), model.with_name(vectors_path(lang).name))
    net = fit_cnn(examples, res, config=config, options=options, vectors=vectors, after_epoch=after_epoch, log=log)
    net.save(model, meta=meta)
    log(f"cnn model written to {model} ({model.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - t0:.0f} s)")
    return meta
