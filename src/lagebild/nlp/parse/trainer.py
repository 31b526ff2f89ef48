"""Training the parser: three averaged perceptrons, mini-batched and vectorised in numpy.

* heads: for every token, the best-scoring head among all tokens of its sentence and ROOT; a wrong
  choice moves weight from the chosen pair's features to the gold pair's ("head selection");
* relations: multiclass over the gold arcs, with tree attributes read off the gold tree;
* morphology: one multiclass block per feature over every token, with gold tree and relations.

Seeded and deterministic (fixed shuffles, no threads, ordered ``np.add.at``), so the same data and
seed give the same weights byte for byte.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..lang import load
from .conllu import UdSentence
from .data import Tagged
from .decode import NEG, decode_trees, padded
from .features import pair_table, set_syntax_rows
from .model import MORPH_FEATURES, Candidates, Config, ParserModel
from .templates import ARC2_TEMPLATES, ARC_TEMPLATES, LABEL_TEMPLATES, MORPH_TEMPLATES, bucket_index


@dataclass(slots=True)
class TrainOptions:
    seed: int = 20261201
    arc_epochs: int = 12
    label_epochs: int = 10
    morph_epochs: int = 10
    batch_sentences: int = 8
    tree_decoding: bool = False  # train on decoded trees (structured) instead of best heads
    arc2_epochs: int = 10
    jackknife: int = 4  # folds for the first-pass scores the second pass trains on
    topk: int = 4
    stack_labels: bool = True
    arc2_bits: int = 18
    margin: float = 0.0  # loss-augmented training: wrong heads get this much extra score
    arc_templates: tuple[str, ...] = ARC_TEMPLATES
    arc2_templates: tuple[str, ...] = ARC2_TEMPLATES
    label_templates: tuple[str, ...] = LABEL_TEMPLATES
    morph_templates: tuple[str, ...] = MORPH_TEMPLATES
    arc_bits: int = 20
    label_bits: int = 16
    morph_bits: int = 17


class _Averaged:
    """Weights plus the running sum for averaging (``w - acc / step``)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.w = np.zeros(shape, dtype=np.float32)
        self.acc = np.zeros(shape, dtype=np.float64)
        self.step = 1

    def update(self, index: tuple[np.ndarray, ...] | np.ndarray, value: float) -> None:
        np.add.at(self.w, index, np.float32(value))
        np.add.at(self.acc, index, value * self.step)

    def averaged(self) -> np.ndarray:
        return (self.w - self.acc / self.step).astype(np.float32)


def label_set(sentences: Sequence[UdSentence]) -> list[str]:
    return sorted({r for s in sentences for r in s.rels})


def morph_values(sentences: Sequence[UdSentence]) -> dict[str, list[str]]:
    vals: dict[str, set[str]] = {f: set() for f in MORPH_FEATURES}
    for s in sentences:
        for feats in s.feats:
            for f in MORPH_FEATURES:
                if f in feats:
                    vals[f].add(feats[f])
    return {f: ["", *sorted(v)] for f, v in vals.items() if v}


def morph_tags(sentences: Sequence[UdSentence], tags: Sequence[Sequence[str]], *, share: float = 0.05) -> list[str]:
    """Tags (as tagged) of which at least ``share`` of the tokens carry a predicted feature."""
    has: Counter = Counter()
    seen: Counter = Counter()
    for s, ts in zip(sentences, tags):
        for f, t in zip(s.feats, ts):
            seen[t] += 1
            has[t] += any(k in f for k in MORPH_FEATURES)
    return sorted(t for t in seen if has[t] >= share * seen[t])


def _order(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.permutation(n)


def train(sentences: Sequence[UdSentence], tagged: Tagged, *, options: TrainOptions | None = None,
          log: Callable[[str], None] | None = None) -> ParserModel:
    """A model trained on ``sentences`` read with the tags and lemmas of ``tagged``."""
    opt = options or TrainOptions()
    say = log or (lambda _m: None)
    rng = np.random.default_rng(opt.seed)
    perm = _order(len(sentences), rng)
    sents = [sentences[i] for i in perm]
    words = [tagged.words[i] for i in perm]
    tags = [tagged.tags[i] for i in perm]
    lemmas = [tagged.lemmas[i] for i in perm]
    config = Config(labels=label_set(sents), morph_values=morph_values(sents), arc_bits=opt.arc_bits,
                    morph_tags=morph_tags(sents, tags),
                    label_bits=opt.label_bits, morph_bits=opt.morph_bits, seed=opt.seed, topk=opt.topk,
                    stack_labels=opt.stack_labels,
                    arc2_bits=opt.arc2_bits, arc2_templates=list(opt.arc2_templates),
                    arc_templates=list(opt.arc_templates), label_templates=list(opt.label_templates),
                    morph_templates=list(opt.morph_templates),
                    non_heads=sorted(load("de", "parse").get("non_heads", [])))
    model = ParserModel(config)
    b = model.batch(words, tags, lemmas)
    gold_heads = np.concatenate([np.where(np.asarray(s.heads) < 0, 0, np.asarray(s.heads) + 1)
                                 for s in sents]).astype(np.int64)
    gold_head_slot = b.sent_start[b.slot_sent[b.token_slot]] + gold_heads
    t0 = time.perf_counter()
    pairs = _Pairs.build(model, b, gold_heads, opt.batch_sentences)
    model.w_arc = _train_arcs(model, pairs, opt, rng, range(len(pairs.batches)))
    say(f"heads: {time.perf_counter() - t0:.1f}s")
    gold_rels = [r for s in sents for r in s.rels]
    set_syntax_rows(b, gold_head_slot, None)
    t0 = time.perf_counter()
    model.w_label = _train_labels(model, b, gold_head_slot, gold_rels, opt, rng)
    say(f"relations: {time.perf_counter() - t0:.1f}s")
    if model.config.topk:
        t0 = time.perf_counter()
        model.w_arc2 = _train_second_pass(model, b, pairs, opt, rng)
        say(f"heads, second pass: {time.perf_counter() - t0:.1f}s")
    set_syntax_rows(b, gold_head_slot, gold_rels)
    t0 = time.perf_counter()
    flat_tags = [t for ts in tags for t in ts]
    model.w_morph = _train_morph(model, b, gold_head_slot, [f for s in sents for f in s.feats],
                                 model.morph_tokens(flat_tags), opt, rng)
    say(f"morphology: {time.perf_counter() - t0:.1f}s")
    return model


def _sentence_batches(lengths: np.ndarray, size: int) -> list[tuple[int, int]]:
    """``(first sentence, end sentence)`` of each mini-batch."""
    n = len(lengths)
    return [(i, min(i + size, n)) for i in range(0, n, size)]


@dataclass(slots=True)
class _Pairs:
    """First-pass candidate pairs of the training batch with their weight rows, and where each
    token's gold head sits among them."""

    c: Candidates
    idx: np.ndarray  # (T, pairs) int32
    gold_col: np.ndarray  # local gold head of each token
    gold_pair: np.ndarray  # pair index of each token's gold head, -1 when it is no candidate
    tok_start: np.ndarray  # first token of each sentence (and the total at the end)
    batches: list[tuple[int, int]]
    lengths: np.ndarray

    @classmethod
    def build(cls, model: ParserModel, b, gold_col: np.ndarray, batch_sentences: int) -> _Pairs:
        c = model.arc_candidates(b)
        idx = model.arc_index(b, c, model.arc_codes(b)).astype(np.int32)
        where = np.full(c.shape, -1, dtype=np.int64)
        where[c.rows, c.cols] = np.arange(len(c.rows))
        gold_pair = where[np.arange(len(gold_col)), gold_col]
        return cls(c=c, idx=idx, gold_col=gold_col, gold_pair=gold_pair,
                   tok_start=np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64),
                   batches=_sentence_batches(b.lengths, batch_sentences), lengths=b.lengths)

    def span(self, k: int) -> tuple[int, int, int, int]:
        """Tokens ``t0:t1`` and pairs ``p0:p1`` of mini-batch ``k``."""
        s0, s1 = self.batches[k]
        t0, t1 = int(self.tok_start[s0]), int(self.tok_start[s1])
        starts = self.c.seg_start
        p0 = int(starts[t0])
        p1 = int(starts[t1]) if t1 < len(starts) else len(self.c.hidx)
        return t0, t1, p0, p1

    def scores(self, w: np.ndarray, k: int) -> np.ndarray:
        """First-pass scores of mini-batch ``k``'s pairs under weights ``w``."""
        _t0, _t1, p0, p1 = self.span(k)
        out = w.take(self.idx[:, p0:p1], axis=0).sum(axis=0)
        out[self.c.hidx[p0:p1] == self.c.didx[p0:p1]] = NEG
        return out

    def matrix(self, values: np.ndarray, k: int) -> np.ndarray:
        """Mini-batch ``k``'s pair ``values`` as a score matrix (rows: its tokens)."""
        t0, t1, p0, p1 = self.span(k)
        return padded(values, self.c.rows[p0:p1] - t0, self.c.cols[p0:p1], (t1 - t0, self.c.shape[1]))


def _perceptron_step(avg: _Averaged, idx: np.ndarray, gold: np.ndarray, pred: np.ndarray) -> None:
    """Move weight from the predicted pairs' rows to the gold pairs' rows (columns of ``idx``)."""
    wrong = (pred != gold) & (gold >= 0)
    if wrong.any():
        avg.update(idx[:, gold[wrong]].ravel(), 1.0)
        avg.update(idx[:, pred[wrong]].ravel(), -1.0)


def _train_arcs(model: ParserModel, pairs: _Pairs, opt: TrainOptions, rng: np.random.Generator,
                use: Sequence[int]) -> np.ndarray:
    """First-pass head weights trained on the mini-batches ``use``."""
    avg = _Averaged(model.w_arc.shape)
    use = np.asarray(list(use), dtype=np.int64)
    for _epoch in range(opt.arc_epochs):
        for k in use[rng.permutation(len(use))].tolist():
            t0, t1, p0, p1 = pairs.span(k)
            mat = pairs.matrix(pairs.scores(avg.w, k), k)
            rows = np.arange(t1 - t0)
            gold_col = pairs.gold_col[t0:t1]
            if opt.margin:
                mat += np.float32(opt.margin)
                mat[rows, gold_col] -= np.float32(opt.margin)
            s0, s1 = pairs.batches[k]
            pred_col = decode_trees(mat, pairs.lengths[s0:s1]) if opt.tree_decoding else mat.argmax(axis=1)
            where = np.full(mat.shape, -1, dtype=np.int64)
            where[pairs.c.rows[p0:p1] - t0, pairs.c.cols[p0:p1]] = np.arange(p0, p1)
            _perceptron_step(avg, pairs.idx, pairs.gold_pair[t0:t1], where[rows, pred_col])
            avg.step += 1
    return avg.averaged()


def _train_second_pass(model: ParserModel, b, pairs: _Pairs, opt: TrainOptions,
                       rng: np.random.Generator) -> np.ndarray:
    """Second-pass weights, trained on first-pass scores and trees that are realistic: each fold of
    mini-batches is scored by first-pass weights trained on the other folds (jackknifing)."""
    n_b = len(pairs.batches)
    folds = opt.jackknife
    scores = np.empty(len(pairs.c.hidx), dtype=np.float32)
    for j in range(folds):
        w = _train_arcs(model, pairs, opt, rng, [k for k in range(n_b) if k % folds != j])
        for k in range(j, n_b, folds):
            _t0, _t1, p0, p1 = pairs.span(k)
            scores[p0:p1] = pairs.scores(w, k)
    mat = padded(scores, pairs.c.rows, pairs.c.cols, pairs.c.shape)
    local = decode_trees(mat.copy(), b.lengths)
    rows, cols, hidx, didx = model.second_candidates(b, mat, local)
    idx2 = bucket_index(model.arc2_tpl, b.att, hidx, didx, pair_table(b, hidx, didx),
                        model.config.arc2_bits).astype(np.int32)
    base = mat[rows, cols]
    where = np.full(mat.shape, -1, dtype=np.int64)
    where[rows, cols] = np.arange(len(rows))
    gold = where[np.arange(len(pairs.gold_col)), pairs.gold_col]
    avg = _Averaged(model.w_arc2.shape)
    for _epoch in range(opt.arc2_epochs):
        for k in rng.permutation(n_b).tolist():
            t0, t1, _p0, _p1 = pairs.span(k)
            c0, c1 = np.searchsorted(rows, [t0, t1])
            total = base[c0:c1] + avg.w.take(idx2[:, c0:c1], axis=0).sum(axis=0)
            sub = padded(total, rows[c0:c1] - t0, cols[c0:c1], (t1 - t0, mat.shape[1]))
            pred = where[np.arange(t0, t1), sub.argmax(axis=1)]
            _perceptron_step(avg, idx2, gold[t0:t1], pred)
            avg.step += 1
    return avg.averaged()


def _multiclass_step(avg: _Averaged, block: np.ndarray, gold: np.ndarray, pred: np.ndarray) -> None:
    """Perceptron update of a multiclass scorer: for every token whose predicted class is wrong,
    its feature rows (``block[:, token]``) gain on the gold class and lose on the predicted one."""
    wrong = np.flatnonzero(pred != gold)
    if len(wrong):
        rows = block[:, wrong].ravel()
        t = block.shape[0]
        avg.update((rows, np.tile(gold[wrong], t)), 1.0)
        avg.update((rows, np.tile(pred[wrong], t)), -1.0)


def _train_labels(model: ParserModel, b, heads: np.ndarray, rels: list[str], opt: TrainOptions,
                  rng: np.random.Generator) -> np.ndarray:
    """Relation weights, trained on the gold arcs."""
    lix = {r: i for i, r in enumerate(model.config.labels)}
    gold = np.asarray([lix[r] for r in rels], dtype=np.int64)[:, None]
    idx = model.label_index(b, heads).astype(np.int32)
    tok_start = np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64)
    return _train_blocks(model.w_label.shape, idx, gold, [(0, len(lix))], tok_start, b.lengths, opt.label_epochs,
                         opt, rng)


def _train_morph(model: ParserModel, b, heads: np.ndarray, feats: list[dict[str, str]], which: np.ndarray,
                 opt: TrainOptions, rng: np.random.Generator) -> np.ndarray:
    """Morphology weights, trained on the tokens ``which`` (those whose tag may carry features)."""
    blocks = model.blocks
    gold = np.zeros((len(which), len(blocks)), dtype=np.int64)
    for j, (name, a, _e) in enumerate(blocks):
        vix = {v: i for i, v in enumerate(model.config.morph_values[name])}
        gold[:, j] = [a + vix.get(feats[k].get(name, ""), 0) for k in which.tolist()]
    idx = model.morph_index(b, heads, which).astype(np.int32)
    tok_start = np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64)
    bounds = np.searchsorted(which, tok_start)  # rows of `which` per sentence
    return _train_blocks(model.w_morph.shape, idx, gold, [(a, e) for _n, a, e in blocks], bounds, b.lengths,
                         opt.morph_epochs, opt, rng)


def _train_blocks(shape: tuple[int, ...], idx: np.ndarray, gold: np.ndarray, blocks: list[tuple[int, int]],
                  bounds: np.ndarray, lengths: np.ndarray, epochs: int, opt: TrainOptions,
                  rng: np.random.Generator) -> np.ndarray:
    """Averaged multiclass perceptron with one class block per column of ``gold`` (columns
    ``a:e`` of the weights). ``idx`` holds the feature rows of each instance; ``bounds[s]`` is the
    first instance of sentence ``s``."""
    batches = _sentence_batches(lengths, opt.batch_sentences)
    avg = _Averaged(shape)
    for _epoch in range(epochs):
        for k in rng.permutation(len(batches)):
            s0, s1 = batches[k]
            lo, hi = bounds[s0], bounds[s1]
            if hi > lo:
                block = idx[:, lo:hi]
                sc = avg.w.take(block, axis=0).sum(axis=0)
                for j, (a, e) in enumerate(blocks):
                    _multiclass_step(avg, block, gold[lo:hi, j], a + sc[:, a:e].argmax(axis=1))
            avg.step += 1
    return avg.averaged()


def train_parser(*, data_dir: Path | None = None, out: Path | None = None, options: TrainOptions | None = None,
                 log: Callable[[str], None] | None = None, evaluate_test: bool = True) -> dict[str, Any]:
    """Train on the ``train`` split (GSD dev + PUD) with lagebild's own tags, write the model file and
    its metadata; with ``evaluate_test`` the held-out GSD test figures go into the metadata.

    Returns the metadata (also written to ``<out>.json``).
    """
    from . import modelfile
    from .data import load_split, predicted_tags
    from .stage import default_model_path

    opt = options or TrainOptions()
    say = log or (lambda _m: None)
    out = Path(out) if out else default_model_path("de")
    t0 = time.perf_counter()
    sentences = load_split("train", data_dir=data_dir)
    tagged = predicted_tags(sentences)
    say(f"train: {len(sentences)} sentences, {sum(len(s) for s in sentences)} tokens tagged in "
        f"{time.perf_counter() - t0:.1f}s")
    t1 = time.perf_counter()
    model = train(sentences, tagged, options=opt, log=say)
    train_seconds = round(time.perf_counter() - t1, 1)
    meta: dict[str, Any] = {
        "data": {"train": ["UD German GSD dev", "UD German PUD"], "held_out": "UD German GSD test",
                 "sentences": len(sentences), "tokens": sum(len(s) for s in sentences),
                 "input_tags": "lagebild fast STTS tagger + lemmas (pos-de.npz)"},
        "licence": "CC BY-SA 4.0 (derived from UD German GSD, CC BY-SA 4.0, and UD German PUD, CC BY-SA 3.0)",
        "options": {k: getattr(opt, k) for k in opt.__slots__ if not k.endswith("templates")},
        "train_seconds": train_seconds,
        "command": "lagebild train parser",
    }
    modelfile.save(model, out, meta=meta)
    meta["model_bytes"] = out.stat().st_size
    say(f"model -> {out} ({meta['model_bytes'] / 1e6:.2f} MB), trained in {train_seconds}s")
    if evaluate_test:
        from .eval import evaluate

        res = evaluate(data_dir=data_dir, model_path=out)
        meta["test"] = summary(res)
    modelfile.save(model, out, meta=meta)
    return meta


def summary(res: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of an evaluation (what the model card and metadata quote)."""
    out: dict[str, Any] = {}
    for view, v in res["views"].items():
        out[view] = {k: v[k] for k in ("tokens", "uas", "las", "uas_no_punct", "las_no_punct", "morph_all_features")}
        out[view]["morph_accuracy"] = v["morph_accuracy"]
        out[view]["mood_sub"] = v["morph_values"].get("Mood=Sub")
    return out
