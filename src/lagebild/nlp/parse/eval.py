"""Scoring a parser on UD trees: UAS, LAS, per-relation P/R/F1, per-feature morphology accuracy.

Scored on surface tokens (a merged ``im`` is one token carrying the ``case`` relation, as in
:mod:`.conllu`), punctuation included, as the CoNLL 2018 scorer counts words.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .conllu import UdSentence, parse_feats
from .model import MORPH_FEATURES, Parsed

#: relations shown in the per-relation table (the frequent ones in GSD test)
TABLE_MIN_GOLD = 50


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold": n_gold, "pred": n_pred}


def konjunktiv_class(feats: dict[str, str]) -> str | None:
    """``"I"`` (``Mood=Sub|Tense=Pres``), ``"II"`` (``Mood=Sub|Tense=Past``) or ``None``."""
    if feats.get("Mood") != "Sub":
        return None
    return "II" if feats.get("Tense") == "Past" else "I"


def konjunktiv_scores(gold: Sequence[UdSentence], pred: Sequence[Sequence[str | None]]) -> dict[str, Any]:
    """P/R/F1 of Konjunktiv I and II; ``pred`` holds ``"I"``/``"II"``/``None`` per token."""
    tp: Counter = Counter()
    n_gold: Counter = Counter()
    n_pred: Counter = Counter()
    for s, p in zip(gold, pred, strict=True):
        for f, q in zip(s.feats, p):
            g = konjunktiv_class(f)
            n_gold[g] += 1
            n_pred[q] += 1
            tp[g] += g == q
    return {k: _prf(tp[k], n_gold[k], n_pred[k]) for k in ("I", "II")}


def score(gold: Sequence[UdSentence], pred: Parsed) -> dict[str, Any]:
    """UAS/LAS (all tokens and without punctuation), relation P/R/F1 (label + head right) and
    morphology per feature (accuracy over all tokens; P/R/F1 of each value), Konjunktiv I/II."""
    n = uas = las = 0
    n_np = uas_np = las_np = 0
    rel_tp: Counter = Counter()
    rel_gold: Counter = Counter()
    rel_pred: Counter = Counter()
    feat_hit: Counter = Counter()
    val_tp: Counter = Counter()
    val_gold: Counter = Counter()
    val_pred: Counter = Counter()
    exact = 0
    for s, heads, rels, feats in zip(gold, pred.heads, pred.rels, pred.feats, strict=True):
        for i in range(len(s)):
            n += 1
            h_ok = heads[i] == s.heads[i]
            l_ok = h_ok and rels[i] == s.rels[i]
            uas += h_ok
            las += l_ok
            if s.upos[i] != "PUNCT":
                n_np += 1
                uas_np += h_ok
                las_np += l_ok
            rel_gold[s.rels[i]] += 1
            rel_pred[rels[i]] += 1
            rel_tp[s.rels[i]] += l_ok
            g = s.feats[i]
            p = parse_feats(feats[i])
            all_ok = True
            for f in MORPH_FEATURES:
                gv, pv = g.get(f, ""), p.get(f, "")
                feat_hit[f] += gv == pv
                all_ok &= gv == pv
                if gv:
                    val_gold[f, gv] += 1
                if pv:
                    val_pred[f, pv] += 1
                if gv and gv == pv:
                    val_tp[f, gv] += 1
            exact += all_ok
    relations = {r: _prf(rel_tp[r], rel_gold[r], rel_pred[r]) for r in sorted(rel_gold, key=lambda x: -rel_gold[x])}
    values = {f"{f}={v}": _prf(val_tp[f, v], val_gold[f, v], val_pred[f, v])
              for f, v in sorted(set(val_gold) | set(val_pred))}
    return {
        "tokens": n,
        "uas": round(uas / max(n, 1), 4),
        "las": round(las / max(n, 1), 4),
        "uas_no_punct": round(uas_np / max(n_np, 1), 4),
        "las_no_punct": round(las_np / max(n_np, 1), 4),
        "relations": relations,
        "morph_accuracy": {f: round(feat_hit[f] / max(n, 1), 4) for f in MORPH_FEATURES},
        "morph_all_features": round(exact / max(n, 1), 4),
        "morph_values": values,
        "konjunktiv": konjunktiv_scores(gold, [[konjunktiv_class(parse_feats(f)) for f in fs] for fs in pred.feats]),
    }


def format_report(res: dict[str, Any]) -> str:
    """Plain-text report of :func:`evaluate`'s result."""
    lines = [f"UD German GSD test (held out), {res['views']['predicted']['tokens']} tokens "
             f"(surface tokens, punctuation included)", ""]
    lines.append(f"{'input tags':<28}{'UAS':>8}{'LAS':>8}{'UAS-p':>8}{'LAS-p':>8}")
    for key, label in (("predicted", "predicted (lagebild tagger)"), ("gold", "gold STTS (GSD)")):
        v = res["views"].get(key)
        if v:
            lines.append(f"{label:<28}{v['uas']:>8.4f}{v['las']:>8.4f}{v['uas_no_punct']:>8.4f}{v['las_no_punct']:>8.4f}")
    lines.append("(-p: without punctuation)")
    v = res["views"]["predicted"]
    lines += ["", "relations (predicted tags; head and label right), gold count ≥ "
              f"{TABLE_MIN_GOLD}:", f"{'relation':<14}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for r, m in v["relations"].items():
        if m["gold"] >= TABLE_MIN_GOLD:
            lines.append(f"{r:<14}{m['gold']:>6}{m['pred']:>6}{m['p']:>8.3f}{m['r']:>8.3f}{m['f1']:>8.3f}")
    lines += ["", "morphology (predicted tags), accuracy over all tokens (feature absent counts as a value):"]
    lines.append("  " + ", ".join(f"{f} {a:.4f}" for f, a in v["morph_accuracy"].items()))
    lines.append(f"  all {len(MORPH_FEATURES)} features right: {v['morph_all_features']:.4f}")
    for key in ("Mood=Sub", "Mood=Ind", "VerbForm=Fin", "Case=Nom", "Case=Acc", "Case=Dat", "Case=Gen"):
        m = v["morph_values"].get(key)
        if m:
            lines.append(f"  {key:<13} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}  (gold {m['gold']})")
    k = v["konjunktiv"]
    lines.append(f"  Konjunktiv I  P {k['I']['p']:.3f}  R {k['I']['r']:.3f}  F1 {k['I']['f1']:.3f}  (gold {k['I']['gold']}); "
                 f"Konjunktiv II P {k['II']['p']:.3f}  R {k['II']['r']:.3f}  F1 {k['II']['f1']:.3f}  (gold {k['II']['gold']})")
    rule = res.get("konjunktiv_rule")
    if rule:
        lines.append(f"  Konjunktiv I by the word-form rule (nlp.morph.is_konjunktiv1, same tags): P {rule['p']:.3f}  "
                     f"R {rule['r']:.3f}  F1 {rule['f1']:.3f}")
    sp = res.get("speed")
    if sp:
        lines += ["", f"speed (one process, one run, this machine): parse + morphology {sp['cpu_tokens_per_s']:,} "
                  f"tokens per CPU second, {sp['tokens_per_s']:,} per wall-clock second, on {sp['tokens']} tokens; "
                  "the benchmark on news articles is `lagebild bench --parser`"]
    return "\n".join(lines)


def evaluate(*, data_dir: Path | None = None, model_path: Path | None = None, gold: bool = True,
             limit: int | None = None) -> dict[str, Any]:
    """Parse GSD test (held out) with predicted tags and, with ``gold``, with GSD's STTS tags; score both.

    ``speed`` in the result is parse + morphology tokens/s on GSD test in this process, one run (the
    model loaded before the clock starts); the benchmark on news articles is :mod:`.bench`.
    """
    from .data import gold_tags, load_split, predicted_tags
    from .stage import default_model_path, load_parser

    model = load_parser(Path(model_path) if model_path else default_model_path("de"))
    sentences = load_split("test", data_dir=data_dir)[:limit]
    views: dict[str, Any] = {}
    speed: dict[str, Any] = {}
    predicted = predicted_tags(sentences)
    for name, tagged in (("predicted", predicted), *((("gold", gold_tags(sentences)),) if gold else ())):
        t0, c0 = time.perf_counter(), time.process_time()
        parsed = model.parse(tagged.words, tagged.tags, tagged.lemmas)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        views[name] = score(sentences, parsed)
        if name == "predicted":
            n = sum(len(s) for s in sentences)
            speed = {"tokens": n, "seconds": round(secs, 3), "tokens_per_s": round(n / secs),
                     "cpu_tokens_per_s": round(n / max(cpu, 1e-9))}
    return {"split": "GSD test", "sentences": len(sentences), "views": views, "speed": speed,
            "konjunktiv_rule": konjunktiv_rule_baseline(sentences, predicted)}


def konjunktiv_rule_baseline(sentences: Sequence[UdSentence], tagged: Any) -> dict[str, Any]:
    """Konjunktiv I of the word-form rule (:func:`lagebild.nlp.morph.is_konjunktiv1`) on the same tags."""
    from ..morph import is_konjunktiv1

    pred = [["I" if is_konjunktiv1(w, t, lem) else None for w, t, lem in zip(ws, ts, ls)]
            for ws, ts, ls in zip(tagged.words, tagged.tags, tagged.lemmas)]
    return konjunktiv_scores(sentences, pred)["I"]
