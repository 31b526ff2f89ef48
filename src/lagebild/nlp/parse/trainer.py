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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .conllu import UdSentence
from .data import Tagged
from .decode import NEG, decode_trees, segment_argmax
from .features import set_syntax_rows
from .model import ARC_TEMPLATES, LABEL_TEMPLATES, MORPH_FEATURES, MORPH_TEMPLATES, Config, ParserModel


@dataclass(slots=True)
class TrainOptions:
    seed: int = 20261201
    arc_epochs: int = 12
    label_epochs: int = 10
    morph_epochs: int = 10
    batch_sentences: int = 8
    tree_decoding: bool = False  # train on decoded trees (structured) instead of best heads
    margin: float = 0.0  # loss-augmented training: wrong heads get this much extra score
    arc_templates: tuple[str, ...] = ARC_TEMPLATES
    label_templates: tuple[str, ...] = LABEL_TEMPLATES
    morph_templates: tuple[str, ...] = MORPH_TEMPLATES
    arc_bits: int = 20
    label_bits: int = 18
    morph_bits: int = 18


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
                    label_bits=opt.label_bits, morph_bits=opt.morph_bits, seed=opt.seed,
                    arc_templates=list(opt.arc_templates), label_templates=list(opt.label_templates),
                    morph_templates=list(opt.morph_templates))
    model = ParserModel(config)
    b = model.batch(words, tags, lemmas)
    gold_heads = np.concatenate([np.where(np.asarray(s.heads) < 0, 0, np.asarray(s.heads) + 1)
                                 for s in sents]).astype(np.int64)
    gold_head_slot = b.sent_start[b.slot_sent[b.token_slot]] + gold_heads
    t0 = time.perf_counter()
    model.w_arc = _train_arcs(model, b, gold_heads, opt, rng)
    say(f"heads: {time.perf_counter() - t0:.1f}s")
    gold_rels = [r for s in sents for r in s.rels]
    set_syntax_rows(b, gold_head_slot, None)
    t0 = time.perf_counter()
    model.w_label = _train_labels(model, b, gold_head_slot, gold_rels, opt, rng)
    say(f"relations: {time.perf_counter() - t0:.1f}s")
    set_syntax_rows(b, gold_head_slot, gold_rels)
    t0 = time.perf_counter()
    model.w_morph = _train_morph(model, b, gold_head_slot, [f for s in sents for f in s.feats], opt, rng)
    say(f"morphology: {time.perf_counter() - t0:.1f}s")
    return model


def _sentence_batches(lengths: np.ndarray, size: int) -> list[tuple[int, int]]:
    """``(first sentence, end sentence)`` of each mini-batch."""
    n = len(lengths)
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def _train_arcs(model: ParserModel, b, gold_heads: np.ndarray, opt: TrainOptions,
                rng: np.random.Generator) -> np.ndarray:
    hidx, didx, seg_start, seg_len = model.arc_candidates(b)
    idx = model.arc_index(b, hidx, didx, model.arc_codes(b)).astype(np.int32)
    self_pair = hidx == didx
    gold_pair = seg_start + gold_heads
    tok_start = np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64)
    batches = _sentence_batches(b.lengths, opt.batch_sentences)
    avg = _Averaged(model.w_arc.shape)
    for epoch in range(opt.arc_epochs):
        wrong_total = 0
        for k in rng.permutation(len(batches)):
            s0, s1 = batches[k]
            t0, t1 = tok_start[s0], tok_start[s1]
            p0 = seg_start[t0]
            p1 = seg_start[t1] if t1 < len(seg_start) else len(hidx)
            block = idx[:, p0:p1]
            scores = avg.w[block].sum(axis=0)
            scores[self_pair[p0:p1]] = NEG
            starts = seg_start[t0:t1] - p0
            gold = gold_pair[t0:t1] - p0
            if opt.margin:
                scores += np.float32(opt.margin)
                scores[gold] -= np.float32(opt.margin)
            if opt.tree_decoding:
                pred = starts + decode_trees(scores, b.lengths[s0:s1])
            else:
                pred = starts + segment_argmax(scores, starts, seg_len[t0:t1])
            wrong = np.flatnonzero(pred != gold)
            if len(wrong):
                wrong_total += len(wrong)
                avg.update(block[:, gold[wrong]].ravel(), 1.0)
                avg.update(block[:, pred[wrong]].ravel(), -1.0)
            avg.step += 1
        _ = epoch, wrong_total
    return avg.averaged()


def _train_labels(model: ParserModel, b, heads: np.ndarray, rels: list[str], opt: TrainOptions,
                  rng: np.random.Generator) -> np.ndarray:
    labels = model.config.labels
    lix = {r: i for i, r in enumerate(labels)}
    gold = np.asarray([lix[r] for r in rels], dtype=np.int64)
    idx = model.label_index(b, heads).astype(np.int32)
    tok_start = np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64)
    batches = _sentence_batches(b.lengths, opt.batch_sentences)
    avg = _Averaged(model.w_label.shape)
    t = idx.shape[0]
    for _epoch in range(opt.label_epochs):
        for k in rng.permutation(len(batches)):
            s0, s1 = batches[k]
            a, e = tok_start[s0], tok_start[s1]
            block = idx[:, a:e]
            pred = avg.w[block].sum(axis=0).argmax(axis=1)
            g = gold[a:e]
            wrong = np.flatnonzero(pred != g)
            if len(wrong):
                rows = block[:, wrong].ravel()
                avg.update((rows, np.tile(g[wrong], t)), 1.0)
                avg.update((rows, np.tile(pred[wrong], t)), -1.0)
            avg.step += 1
    return avg.averaged()


def _train_morph(model: ParserModel, b, heads: np.ndarray, feats: list[dict[str, str]], opt: TrainOptions,
                 rng: np.random.Generator) -> np.ndarray:
    blocks = model.blocks
    gold = np.zeros((len(feats), len(blocks)), dtype=np.int64)
    for j, (name, a, _e) in enumerate(blocks):
        vix = {v: i for i, v in enumerate(model.config.morph_values[name])}
        gold[:, j] = [a + vix.get(f.get(name, ""), 0) for f in feats]
    idx = model.morph_index(b, heads).astype(np.int32)
    tok_start = np.concatenate([[0], np.cumsum(b.lengths)]).astype(np.int64)
    batches = _sentence_batches(b.lengths, opt.batch_sentences)
    avg = _Averaged(model.w_morph.shape)
    t = idx.shape[0]
    for _epoch in range(opt.morph_epochs):
        for k in rng.permutation(len(batches)):
            s0, s1 = batches[k]
            lo, hi = tok_start[s0], tok_start[s1]
            block = idx[:, lo:hi]
            sc = avg.w[block].sum(axis=0)
            for j, (_name, a, e) in enumerate(blocks):
                pred = a + sc[:, a:e].argmax(axis=1)
                g = gold[lo:hi, j]
                wrong = np.flatnonzero(pred != g)
                if len(wrong):
                    rows = block[:, wrong].ravel()
                    avg.update((rows, np.tile(g[wrong], t)), 1.0)
                    avg.update((rows, np.tile(pred[wrong], t)), -1.0)
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
