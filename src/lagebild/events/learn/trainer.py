"""``lagebild train events``: train the event models on the training split, calibrate them and choose the
default threshold on the development sets, write the model files and the model card figures.

1. Trigger words: the lemma key of every gold trigger of ``train`` becomes a candidate word.
2. Instances: every trigger candidate of ``train`` (label: the type of the gold event whose trigger it
   overlaps, else NONE); for candidates of a gold event, the argument candidates (the right source and
   target: the candidates whose span overlaps the gold mention, else those whose actor matches the gold
   name or code; "none" when the gold slot is empty) and the gold modality.
3. Models: multinomial logistic regression for type and modality, conditional logit rankers for source and
   target (:mod:`.linear`), fixed seeds-free full-batch schedule: the same data give the same bytes.
4. Calibration: Platt scaling of the type probability against "the type is right" (a matched gold event
   of that type in the sentence) over the events coded on dev, legacy-dev and legacy-dev2; the default
   threshold is the lowest on a 0.05 grid at which the shown events of those sets, at that and every higher
   grid point, have a type precision of at least ``target_precision``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ...eval.events import MODALITIES, Tally, _actor_match, evaluate, gold_rows
from ..patterns import EventLexicon, load_lexicon
from .candidates import Cand, arg_candidates, token_key
from .coder import walk
from .data import GoldDoc, gold_documents
from .features import arg_features, modality_features, trigger_features
from .linear import Csr, Vocab, save_arrays, train_multinomial, train_ranker
from .model import CLIP, NONE, EventModel, model_paths, traits

VERSION = "1"
CALIBRATION_SPLITS = ("dev", "legacy-dev", "legacy-dev2")
FOLDS = 5
_SKIP_POS = ("$", "ART", "APPR", "APPO", "KON", "KOUS", "PPER", "PRF", "PDS", "PIS", "PRELS", "PTK", "CARD")


@dataclass
class Hyper:
    l2_type: float = 1.0
    l2_arg: float = 1.0
    l2_modality: float = 0.3
    epochs: int = 300
    lr: float = 0.05
    min_count: int = 1
    target_precision: float = 0.80
    #: a kept rule event keeps the rule coder's arguments (False: the rankers choose; on dev the rankers'
    #: triple F1 was higher, 0.266 against 0.219)
    rule_args: bool = False


@dataclass
class Instances:
    type_x: list[list[str]] = field(default_factory=list)
    type_y: list[str] = field(default_factory=list)
    arg_x: dict[str, list[list[str]]] = field(default_factory=lambda: {"source": [], "target": []})
    arg_group: dict[str, list[int]] = field(default_factory=lambda: {"source": [], "target": []})
    arg_gold: dict[str, list[float]] = field(default_factory=lambda: {"source": [], "target": []})
    mod_x: list[list[str]] = field(default_factory=list)
    mod_y: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def _gold_events(doc: GoldDoc) -> list[dict[str, Any]]:
    return [dict(g, raw=r) for rec in doc.sentences for g, r in zip(gold_rows(rec), rec.get("events", []))]


def trigger_lemmas(docs: list[GoldDoc], lex: EventLexicon) -> frozenset[str]:
    """The lemma keys of the gold triggers of ``docs`` (first token of each trigger span)."""
    keys: set[str] = set()
    for d in docs:
        gold = [g["trigger"] for g in _gold_events(d) if g["trigger"]]
        _, _, steps = walk(d.article, lex, frozenset())
        for step in steps:
            view = step.sent.view
            for i, t in enumerate(view.tokens):
                if t.pos.startswith(_SKIP_POS):
                    continue
                if any(s <= t.start < e for s, e in gold):
                    keys.add(token_key(view, i, view.clause_range(step.sent.clause_of(i))))
    return frozenset(keys)


def _arg_gold(args: list, slot: str, events: list[dict[str, Any]]) -> list[float]:
    pos = [0.0] * len(args)
    for g in events:
        span, code, name = g[f"{slot}_span"], g[f"{slot}_code"], g[f"{slot}_name"]
        if not (span or code or name):
            pos[0] = 1.0  # args[0] is "none"
            continue
        hit = [k for k, a in enumerate(args) if a.covers(span)] if span else []
        if not hit:
            hit = [k for k, a in enumerate(args) if a.actor is not None and _actor_match(
                a.actor.code, a.actor.canonical or a.actor.text, code, name, root=False)]
        for k in hit:
            pos[k] = 1.0
    return pos


def instances(docs: list[GoldDoc], lex: EventLexicon, lemmas: frozenset[str]) -> Instances:
    out = Instances()
    for d in docs:
        gold = [g for g in _gold_events(d) if g["trigger"]]
        covered: set[int] = set()
        rules, _, steps = walk(d.article, lex, lemmas)
        for step in steps:
            for cand in step.cands:
                mine = [k for k, g in enumerate(gold) if cand.covers(*g["trigger"])]
                mine = [k for k in mine if k not in covered] or mine
                out.type_x.append(trigger_features(cand, d.article, lex))
                if not mine:
                    out.type_y.append(NONE)
                    continue
                typ = gold[mine[0]]["type"]
                out.type_y.append(typ)
                same = [gold[k] for k in mine if gold[k]["type"] == typ]
                covered.update(mine)
                _arg_instances(out, cand, step.history, d, lex, typ, same, rules._prefix_code)
                out.mod_x.append(modality_features(cand, typ, lex))
                out.mod_y.append(same[0]["modality"])
        out.counts["gold_events"] += len(gold)
        out.counts["gold_covered"] += len(covered)
    out.counts["candidates"] = len(out.type_y)
    out.counts["positive"] = sum(y != NONE for y in out.type_y)
    return out


def _arg_instances(out: Instances, cand: Cand, history: list, d: GoldDoc, lex: EventLexicon, typ: str,
                   events: list[dict[str, Any]], prefix_code: Any) -> None:
    args = arg_candidates(cand, history, d.article, lex, prefix_code)
    for slot in ("source", "target"):
        pos = _arg_gold(args, slot, events)
        if not any(pos):
            out.counts[f"{slot}_unreachable"] += 1
            continue
        out.counts[f"{slot}_groups"] += 1
        g = len(set(out.arg_group[slot]))
        total = sum(pos)
        for a, p in zip(args, pos):
            out.arg_x[slot].append(arg_features(a, cand, typ, slot, lex))
            out.arg_group[slot].append(g)
            out.arg_gold[slot].append(p / total)


def fit(inst: Instances, lemmas: frozenset[str], hp: Hyper) -> EventModel:
    types = [NONE] + sorted({y for y in inst.type_y if y != NONE})
    tv = Vocab.fit(inst.type_x, min_count=hp.min_count)
    ty = np.array([types.index(y) for y in inst.type_y])
    tw, tb = train_multinomial(Csr([tv.ids(r) for r in inst.type_x], len(tv)), ty, len(types),
                               l2=hp.l2_type, epochs=hp.epochs, lr=hp.lr)
    rankers = {}
    for slot in ("source", "target"):
        v = Vocab.fit(inst.arg_x[slot], min_count=hp.min_count)
        w = train_ranker(Csr([v.ids(r) for r in inst.arg_x[slot]], len(v)), np.array(inst.arg_group[slot]),
                         np.array(inst.arg_gold[slot]), l2=hp.l2_arg, epochs=hp.epochs, lr=hp.lr)
        rankers[slot] = (v, w)
    mods = list(MODALITIES)
    mv = Vocab.fit(inst.mod_x, min_count=hp.min_count)
    my = np.array([mods.index(y) for y in inst.mod_y])
    mw, mb = train_multinomial(Csr([mv.ids(r) for r in inst.mod_x], len(mv)), my, len(mods),
                               l2=hp.l2_modality, epochs=hp.epochs, lr=hp.lr)
    return EventModel(types=types, modalities=mods, type_vocab=tv, type_w=tw, type_b=tb,
                      source_vocab=rankers["source"][0], source_w=rankers["source"][1],
                      target_vocab=rankers["target"][0], target_w=rankers["target"][1],
                      modality_vocab=mv, modality_w=mw, modality_b=mb, lemmas=lemmas)


# ------------------------------------------------------------------ calibration
@dataclass(frozen=True, slots=True)
class Scored:
    """One coded event of a development set, for calibration: raw type probability and whether it is right."""

    p: float
    right: bool
    actor: bool  # a source or a target
    traits: tuple[str, ...] = ()


def scored_events(model: EventModel, docs_by_split: dict[str, list[GoldDoc]]) -> list[Scored]:
    """Every event coded on the given gold documents, with the model's emission settings and no
    calibration: its raw type probability, whether its type is right, and its traits."""
    from ..stage import EventStage

    raw = replace(model, calibration={"logit": 1.0, "bias": 0.0}, threshold=0.0)
    stage = EventStage(model=raw)
    out = []
    for split, docs in docs_by_split.items():
        r = evaluate(split, stage=stage, docs=docs, keep=True)
        for row in r["sentences_scored"]:
            ok = Tally().add(row["pred"], row["gold"])
            for p, k in zip(row["pred"], ok):
                src = bool(p["source_code"] or p["source_name"])
                actor = src or bool(p["target_code"] or p["target_name"])
                tr = traits(p["type"], p["modality"], rule=bool(p["rule"]), source=src, noun=p["text"][:1].isupper())
                out.append(Scored(float(p["confidence"]), bool(k), actor, tuple(tr)))
    return out


def _conf(model: EventModel, s: Scored) -> float:
    return model.confidence(s.p, s.traits)


def platt(scores: list[Scored], *, ridge: float = 0.1, trait_ridge: float = 2.0) -> dict[str, float]:
    """Weights of sigmoid(logit · logit(p) + bias + Σ trait weights), fitted by damped Newton steps on
    Platt's smoothed targets; a ridge towards logit 1 and zero elsewhere (stronger on the traits) keeps it
    stable on few events."""
    names = ["logit", "bias"] + sorted({t for s in scores for t in s.traits})
    prior = np.array([1.0] + [0.0] * (len(names) - 1))
    if not scores:
        return {"logit": 1.0, "bias": 0.0}
    col = {n: k for k, n in enumerate(names)}
    q = np.clip(np.array([s.p for s in scores]), CLIP, 1 - CLIP)
    x = np.zeros((len(scores), len(names)))
    x[:, 0] = np.log(q / (1 - q))
    x[:, 1] = 1.0
    for r, s in enumerate(scores):
        for t in s.traits:
            x[r, col[t]] = 1.0
    y = np.array([1.0 if s.right else 0.0 for s in scores])
    n1, n0 = y.sum(), len(y) - y.sum()
    t = np.where(y > 0, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
    lam = np.array([ridge, ridge] + [trait_ridge] * (len(names) - 2))

    def loss(th: np.ndarray) -> float:
        z = x @ th
        return float((np.logaddexp(0, z) - t * z).sum() + 0.5 * (lam * (th - prior) ** 2).sum())

    theta = prior.copy()
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ theta)))
        g = x.T @ (p - t) + lam * (theta - prior)
        h = (x * (p * (1 - p))[:, None]).T @ x + np.diag(lam)
        step = np.linalg.solve(h, g)
        size, before = 1.0, loss(theta)
        while size > 1e-4 and loss(theta - size * step) > before:
            size /= 2
        theta = theta - size * step
        if np.abs(size * step).max() < 1e-9:
            break
    return {n: round(float(v), 6) for n, v in zip(names, theta)}


def choose_threshold(model: EventModel, scores: list[Scored], *, target: float, least: int = 20) -> tuple[float, list[dict]]:
    """The lowest threshold on a 0.05 grid at which the shown events (an actor, calibrated confidence at or
    above it) reach ``target`` type precision, among thresholds that still show ``least`` events."""
    table = []
    for k in range(2, 20):
        t = round(k * 0.05, 2)
        shown = [s.right for s in scores if s.actor and _conf(model, s) >= t]
        prec = sum(shown) / len(shown) if shown else 1.0
        table.append({"threshold": t, "shown": len(shown), "right": int(sum(shown)), "precision": round(prec, 3)})
    ok = [row for row in table if row["precision"] >= target and row["shown"] >= least]
    chosen = ok[0]["threshold"] if ok else table[-1]["threshold"]
    return chosen, table


def tune(model: EventModel, docs_by_split: dict[str, list[GoldDoc]], *, keeps: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1),
         emits: tuple[float, ...] = (0.3, 0.4, 0.5, 1.01)) -> list[dict[str, Any]]:
    """Choose ``keep`` and ``emit`` for the best sum of type F1 and triple F1 (root) over the pooled
    development sets; returns the grid."""
    from ..stage import EventStage

    grid = []
    for keep in keeps:
        for emit in emits:
            m = replace(model, keep=keep, emit=emit, threshold=0.0)
            tally = Counter()
            for split, docs in docs_by_split.items():
                r = evaluate(split, stage=EventStage(model=m), docs=docs)
                for key in ("type", "triple"):
                    tally[key] += r["all"][key]["tp"]
                tally["pred"] += r["all"]["type"]["pred"]
                tally["gold"] += r["all"]["type"]["gold"]
            f = {k: 2 * tally[k] / (tally["pred"] + tally["gold"]) for k in ("type", "triple")}
            grid.append({"keep": keep, "emit": emit, "type_f1": round(f["type"], 4), "triple_f1": round(f["triple"], 4)})
    best = max(grid, key=lambda g: (g["type_f1"] + g["triple_f1"], -g["keep"], g["emit"]))
    model.keep, model.emit = best["keep"], best["emit"]
    return grid


def out_of_fold(docs: list[GoldDoc], lex: EventLexicon, hp: Hyper, *, keep: float, emit: float) -> list[Scored]:
    """Events of each of ``FOLDS`` folds of the training documents coded by a model trained on the others."""
    out: list[Scored] = []
    for k in range(FOLDS):
        rest = [d for n, d in enumerate(docs) if n % FOLDS != k]
        held = [d for n, d in enumerate(docs) if n % FOLDS == k]
        lemmas = trigger_lemmas(rest, lex)
        m = fit(instances(rest, lex, lemmas), lemmas, hp)
        m.keep, m.emit, m.rule_args = keep, emit, hp.rule_args
        out.extend(scored_events(m, {"train": held}))
    return out


# ------------------------------------------------------------------ main
def train(*, out_dir: Path | None = None, hp: Hyper | None = None, language: str = "de",
          log: Any = print) -> dict[str, Any]:
    """Train, calibrate, choose the threshold, write ``models/events-<lang>.{npz,json}``; returns the card."""
    hp = hp or Hyper()
    lex = load_lexicon(language)
    train_docs = gold_documents("train")
    log(f"train: {len(train_docs)} documents, {sum(len(d.sentences) for d in train_docs)} sentences")
    lemmas = trigger_lemmas(train_docs, lex)
    inst = instances(train_docs, lex, lemmas)
    log(f"instances: {dict(inst.counts)}")
    model = fit(inst, lemmas, hp)
    model.rule_args = hp.rule_args
    cal_docs = {s: gold_documents(s) for s in CALIBRATION_SPLITS}
    grid = tune(model, cal_docs)
    log(f"keep {model.keep}, emit {model.emit}")
    oof = out_of_fold(train_docs, lex, hp, keep=model.keep, emit=model.emit)
    dev_scores = scored_events(model, {"dev": cal_docs["dev"]})
    model.calibration = platt(oof + dev_scores)
    log(f"calibration {model.calibration} over {len(oof)} out-of-fold "
        f"train events and {len(dev_scores)} dev events")
    model.threshold, table = choose_threshold(model, dev_scores, target=hp.target_precision)
    log(f"threshold {model.threshold}")
    from ..stage import EventStage

    stage = EventStage(model=model)
    figures = {}
    for split, docs in [("train", train_docs), *cal_docs.items()]:
        r = evaluate(split, stage=stage, docs=docs)
        figures[split] = {"type_f1": r["all"]["type"]["f1"], "triple_f1": r["all"]["triple"]["f1"],
                          "triple_full_f1": r["all"]["triple_full_code"]["f1"],
                          "shown_type_precision": r["shown"]["type"]["precision"],
                          "shown_type_recall": r["shown"]["type"]["recall"],
                          "modality_accuracy": r["modality_accuracy"], "ece": r["calibration"]["ece"]}
        log(f"{split}: {figures[split]}")
    model.meta = {
        "version": VERSION, "language": language,
        "training_data": "data/events/train.jsonl (whole articles; labelled under docs/event_guideline.md)",
        "calibration_data": f"out-of-fold events of train ({FOLDS} folds by document) and dev; threshold on dev; "
                            "keep/emit on dev, legacy-dev and legacy-dev2 pooled",
        "documents": {"train": len(train_docs), **{s: len(d) for s, d in cal_docs.items()}},
        "instances": dict(sorted(inst.counts.items())),
        "hyper": {k: getattr(hp, k) for k in hp.__dataclass_fields__},
        "threshold_table": table, "tuning_grid": grid, "figures": figures,
        "licence": "weights: GPL-3.0-or-later like lagebild; trained on labels made for lagebild over Wikinews "
                   "(CC BY 2.5), FANG-COVID and 10kGNAD texts (no text is stored in the model)",
    }
    npz, header = model_paths(language, models_dir=out_dir)
    npz.parent.mkdir(parents=True, exist_ok=True)
    save_arrays(npz, model.arrays())
    header.write_text(json.dumps(model.header(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"wrote {npz} ({npz.stat().st_size // 1024} KB) and {header} ({header.stat().st_size // 1024} KB)")
    from .model import load_model

    load_model.cache_clear()
    return model.meta
