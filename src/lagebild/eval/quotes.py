"""Quotation evaluation on the German Wikinews quotation attribution data (2024).

``evaluate(split="dev")`` runs tokenisation, tagging and the quotes stage over ``originalText`` of each
document and scores against the gold annotations under two matchings:

* token overlap: a prediction and a gold quotation match when they share >= 50% of the gold word tokens
  and >= 50% of the predicted word tokens (one-to-one, best overlap first);
* exact span: the same spans after trimming whitespace, quote glyphs and final punctuation on both
  (gold direct quotations include their marks, predictions do not).

Precision counts predictions matched to any gold quotation; recall is per gold type. Speaker accuracy
is on matched Direct+Indirect gold quotations with a speaker: right when the predicted speaker mention
overlaps the gold speaker span, or the gold speaker's last word (or a word of 5+ letters) is in the
predicted speaker name or mention (the rule of the reference scorer).

    python -m lagebild.eval.quotes --split dev [--limit N] [--write PRED.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Article, Quote

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "german_news_quotation_attribution_2024"
TYPES = ("Direct", "Indirect", "Reported", "FreeIndirect", "IndirectFreeIndirect")
TARGET_TYPES = ("Direct", "Indirect")
_WORD = re.compile(r"\w+")
_TRIM = " \t\n„“”\"»«‚‘’‹›'.,;:!?–-"
_STOP = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "von", "und"}


def load_split(split: str, *, limit: int | None = None, data_dir: Path | None = None) -> list[dict[str, Any]]:
    """The gold documents of ``split`` (train | dev | test), first ``limit`` only when given."""
    folder = Path(data_dir) if data_dir else DATA
    path = folder / f"{split}.jsonl"
    if not path.is_file():
        raise PipelineError(
            f"{path} not found: the quotation data lives in ../shared/data/german_news_quotation_attribution_2024 "
            "beside the repository clone (split must be train, dev or test)"
        )
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line))
                if limit is not None and len(docs) >= limit:
                    break
    return docs


def base_stages() -> list:
    """Tokenise + tag stages (the fast tagger when its model is present, else HanTa)."""
    from ..errors import ModelMissingError
    from ..nlp import Tag, Tokenize

    tag = Tag()
    try:
        tag.tag_words([["Test"]])
    except ModelMissingError:
        tag = Tag(engine="hanta")
    return [Tokenize(), tag]


def pipeline_stages() -> list:
    """The default pipeline up to quotations (NER and actors resolve speakers), as users get it."""
    from ..run import build_stages

    return [st for st in build_stages() if st.name not in ("language", "events")]


def run_stages(articles: Iterable[Article], stages: list, *, timings: Counter | None = None) -> list[Article]:
    """``articles`` through ``stages``, timing the quotes stage apart from the rest ("base")."""
    out = []
    for a in articles:
        for st in stages:
            t0 = time.perf_counter()
            a = st(a)
            if timings is not None:
                timings["quotes" if st.name == "quotes" else "base"] += time.perf_counter() - t0
        out.append(a)
    return out


def analyse(docs: Iterable[dict[str, Any]], *, timings: Counter | None = None) -> list[Article]:
    """Articles for the gold documents, tokenised, tagged and with quotations (timed per stage)."""
    arts = []
    for d in docs:
        a = Article(text=d["originalText"], external_id=f"wn-{d['wikinews_id']}", title=d.get("documentName"))
        a.language = "de"
        if a.text != d["originalText"]:
            raise PipelineError(f"document {d['wikinews_id']}: text changed by normalisation; offsets would not agree")
        arts.append(a)
    return run_stages(arts, pipeline_stages(), timings=timings)


def _span(s: dict[str, Any] | None) -> list[tuple[int, int]]:
    return [(x["charBegin"], x["charEnd"]) for x in (s or {}).get("spans", [])]


def gold_quotes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Gold quotations of ``doc``: type, character spans, speaker spans and text."""
    out = []
    for an in doc["annotations"]:
        spans = _span(an.get("quote"))
        if not spans:
            continue
        out.append({"type": an["type"], "spans": spans, "speaker": _span(an.get("speaker")),
                    "speaker_text": (an.get("speaker") or {}).get("text", "")})
    return out


def _tokset(words: list[tuple[int, int]], spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(words) if any(a <= s and e <= b for a, b in spans))


def _trim(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    s, e = min(a for a, _ in spans), max(b for _, b in spans)
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def match(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one token-overlap matching (>= 50% of both sides), best overlap first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = len(g & p)
            if g and p and ov >= 0.5 * len(g) and ov >= 0.5 * len(p):
                cands.append((2 * ov / (len(g) + len(p)), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _norm(t: str) -> str:
    return t[:-1] if len(t) > 4 and t.endswith("s") else t


def speaker_right(text: str, gold: dict[str, Any], q: Quote) -> bool:
    """Whether the predicted speaker of ``q`` is the gold speaker (see module docstring)."""
    if q.speaker_start is not None and q.speaker_end is not None:
        if any(a < q.speaker_end and q.speaker_start < b for a, b in gold["speaker"]):
            return True
    cand = " ".join(x for x in (q.speaker or "", text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else "")
                    if 0 < len(_WORD.findall(x)) <= 8)
    ct = {_norm(t) for t in _WORD.findall(cand.lower())}
    gt = [_norm(t) for t in _WORD.findall(gold["speaker_text"].lower()) if t not in _STOP and len(t) >= 2]
    return bool(gt and ct) and (gt[-1] in ct or any(t in ct for t in gt if len(t) >= 5))


def score(docs: list[dict[str, Any]], articles: list[Article]) -> dict[str, Any]:
    """Counts and rates for predictions ``articles`` against gold ``docs`` (same order)."""
    c: Counter = Counter()
    errors: list[dict[str, Any]] = []
    scored: list[tuple[float, bool]] = []  # (confidence, matched) of every prediction
    for d, a in zip(docs, articles):
        text = d["originalText"]
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        gold = gold_quotes(d)
        preds = a.quotes
        rules = [q.rule or "?" for q in preds]
        gsets = [_tokset(words, g["spans"]) for g in gold]
        psets = [_tokset(words, [(q.start, q.end)]) for q in preds]
        for mode, pairs in (("overlap", match(gsets, psets)), ("exact", _exact_pairs(text, gold, preds))):
            mg = dict(pairs)
            mp = {p for _, p in pairs}
            for q_i, q in enumerate(preds):
                c[f"{mode}:pred:{q.kind}"] += 1
                c[f"{mode}:tp_pred:{q.kind}"] += q_i in mp
            for gi, g in enumerate(gold):
                c[f"{mode}:gold:{g['type']}"] += 1
                c[f"{mode}:tp_gold:{g['type']}"] += gi in mg
                if mode == "overlap" and gi in mg and g["type"] in TARGET_TYPES and g["speaker"]:
                    ok = speaker_right(text, g, preds[mg[gi]])
                    c[f"speaker:n:{g['type']}"] += 1
                    c[f"speaker:ok:{g['type']}"] += ok
                    if not ok:
                        errors.append({"doc": d["wikinews_id"], "kind": "wrong speaker", "gold": g["speaker_text"],
                                       "pred": preds[mg[gi]].speaker, "quote": text[g["spans"][0][0] : g["spans"][-1][1]][:120]})
                if mode == "overlap" and gi not in mg and g["type"] in TARGET_TYPES:
                    errors.append({"doc": d["wikinews_id"], "kind": "missed", "type": g["type"],
                                   "quote": text[g["spans"][0][0] : g["spans"][-1][1]][:160]})
            if mode == "overlap":
                for q_i, q in enumerate(preds):
                    c[f"rule:pred:{rules[q_i]}"] += 1
                    c[f"rule:tp:{rules[q_i]}"] += q_i in mp
                    scored.append((q.confidence, q_i in mp))
                    b = confidence_bin(q.confidence)
                    c[f"conf:pred:{b}"] += 1
                    c[f"conf:tp:{b}"] += q_i in mp
                    if q_i not in mp:
                        errors.append({"doc": d["wikinews_id"], "kind": "spurious", "pred_kind": q.kind,
                                       "quote": text[q.start : q.end][:160], "speaker": q.speaker,
                                       "rule": rules[q_i]})
    return {"counts": c, "errors": errors, "docs": len(docs), "auc": ranking_auc(scored)}


#: upper edges of the confidence bins of the reliability table
CONF_BINS = (0.7, 0.8, 0.85, 0.9, 0.95, 1.0)


def ranking_auc(scored: list[tuple[float, bool]]) -> float:
    """How well confidence ranks right above wrong predictions: the chance that a random matched
    prediction has a higher confidence than a random unmatched one (ties count half; 0.5 = no signal)."""
    right = sorted(c for c, ok in scored if ok)
    wrong = sorted(c for c, ok in scored if not ok)
    if not right or not wrong:
        return 0.0
    import bisect

    total = 0.0
    for c in right:
        lo, hi = bisect.bisect_left(wrong, c), bisect.bisect_right(wrong, c)
        total += lo + 0.5 * (hi - lo)
    return round(total / (len(right) * len(wrong)), 4)


def confidence_bin(conf: float) -> str:
    """The reliability bin of a confidence ("0.80-0.90")."""
    lo = 0.0
    for hi in CONF_BINS:
        if conf < hi or hi == CONF_BINS[-1]:
            return f"{lo:.2f}-{hi:.2f}"
        lo = hi
    return f"{lo:.2f}-1.00"


def _precision_rows(counts: Counter, kind: str, name: str) -> list[dict[str, Any]]:
    """Rows {name, pred, tp, p} from the ``{kind}:pred:X`` / ``{kind}:tp:X`` counters."""
    rows = []
    for key, n in counts.items():
        if key.startswith(f"{kind}:pred:"):
            x = key[len(kind) + 6:]
            tp = counts[f"{kind}:tp:{x}"]
            rows.append({name: x, "pred": n, "tp": tp, "p": round(tp / n, 4) if n else 0.0})
    return rows


def by_rule(counts: Counter) -> list[dict[str, Any]]:
    """Per-rule predictions, matched predictions (token overlap) and precision, most frequent first."""
    return sorted(_precision_rows(counts, "rule", "rule"), key=lambda x: (-x["pred"], x["rule"]))


def reliability(counts: Counter) -> list[dict[str, Any]]:
    """Precision of the predictions per confidence bin (does confidence rank right above wrong?)."""
    return sorted(_precision_rows(counts, "conf", "bin"), key=lambda x: x["bin"])


def write_rule_table(path: Path, rows: list[dict[str, Any]], split: str, docs: int) -> None:
    """The per-rule precision table the stage reads as calibrated confidence."""
    with path.open("w", encoding="utf-8") as f:
        f.write(f"# per-rule precision (token overlap) on the {split} split ({docs} documents); generated by\n"
                f"# python -m lagebild.eval.quotes --split {split} --by-rule --write-rules (do not edit by hand)\n")
        f.write("rule\tpredicted\tmatched\tprecision\n")
        for r in sorted(rows, key=lambda x: x["rule"]):
            f.write(f"{r['rule']}\t{r['pred']}\t{r['tp']}\t{r['p']:.3f}\n")


def _exact_pairs(text: str, gold: list[dict[str, Any]], preds: list[Quote]) -> list[tuple[int, int]]:
    index: dict[tuple[int, int], list[int]] = {}
    for pi, q in enumerate(preds):
        index.setdefault(_trim(text, [(q.start, q.end)]), []).append(pi)
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi in index.get(_trim(text, g["spans"]), []):
            if pi not in used:
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pred": n_p, "gold": n_g}


def summarise(counts: Counter) -> dict[str, Any]:
    """Precision/recall/F1 per type and matching, and speaker accuracy, from the raw counts."""
    out: dict[str, Any] = {}
    for mode in ("overlap", "exact"):
        m: dict[str, Any] = {}
        for kind, gtype in (("direct", "Direct"), ("indirect", "Indirect")):
            m[gtype] = _prf(counts[f"{mode}:tp_pred:{kind}"], counts[f"{mode}:pred:{kind}"],
                            counts[f"{mode}:tp_gold:{gtype}"], counts[f"{mode}:gold:{gtype}"])
        n_p = counts[f"{mode}:pred:direct"] + counts[f"{mode}:pred:indirect"]
        tp_p = counts[f"{mode}:tp_pred:direct"] + counts[f"{mode}:tp_pred:indirect"]
        m["Direct+Indirect"] = _prf(tp_p, n_p, sum(counts[f"{mode}:tp_gold:{t}"] for t in TARGET_TYPES),
                                    sum(counts[f"{mode}:gold:{t}"] for t in TARGET_TYPES))
        m["recall"] = {t: round(counts[f"{mode}:tp_gold:{t}"] / max(1, counts[f"{mode}:gold:{t}"]), 4) for t in TYPES}
        out[mode] = m
    n = sum(counts[f"speaker:n:{t}"] for t in TARGET_TYPES)
    ok = sum(counts[f"speaker:ok:{t}"] for t in TARGET_TYPES)
    out["speaker"] = {"accuracy": round(ok / n, 4) if n else 0.0, "n": n,
                      **{t: round(counts[f"speaker:ok:{t}"] / max(1, counts[f"speaker:n:{t}"]), 4) for t in TARGET_TYPES}}
    return out


def evaluate(split: str = "dev", *, limit: int | None = None, data_dir: Path | None = None,
             write: Path | None = None) -> dict[str, Any]:
    """Run and score the quotes stage on ``split``; returns figures, timings and an error list."""
    docs = load_split(split, limit=limit, data_dir=data_dir)
    timings: Counter = Counter()
    tagger = base_stages()[1].engine
    articles = analyse(docs, timings=timings)
    res = score(docs, articles)
    if write is not None:
        write_predictions(Path(write), articles)
    n = max(1, len(docs))
    return {"split": split, "docs": len(docs), "tagger": tagger, **summarise(res["counts"]), "errors": res["errors"],
            "by_rule": by_rule(res["counts"]), "reliability": reliability(res["counts"]), "confidence_auc": res["auc"],
            "ms_per_article": {"base": round(1000 * timings["base"] / n, 2), "quotes": round(1000 * timings["quotes"] / n, 2)}}


def write_predictions(path: Path, articles: Iterable[Article]) -> None:
    """JSONL records ``{"external_id", "text", "quotes"}`` for the reference scorer (score.py)."""
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            d = a.to_dict()
            f.write(json.dumps({"external_id": a.external_id, "text": a.text, "quotes": d["quotes"]}, ensure_ascii=False) + "\n")


def format_report(res: dict[str, Any]) -> str:
    """A plain-text table of ``evaluate``'s result."""
    lines = [f"quotes on {res['split']} ({res['docs']} documents, tagger {res.get('tagger', '?')})"]
    for mode in ("overlap", "exact"):
        lines.append(f"  {mode} matching:      P      R      F1   (pred / gold)")
        for t in ("Direct", "Indirect", "Direct+Indirect"):
            m = res[mode][t]
            lines.append(f"    {t:<16} {m['p']:.3f}  {m['r']:.3f}  {m['f1']:.3f}   ({m['pred']} / {m['gold']})")
        lines.append("    recall by type: " + ", ".join(f"{t} {r:.3f}" for t, r in res[mode]["recall"].items()))
    sp = res["speaker"]
    lines.append(f"  speaker correct on matched: {sp['accuracy']:.3f} (n={sp['n']}; Direct {sp['Direct']:.3f}, "
                 f"Indirect {sp['Indirect']:.3f})")
    ms = res["ms_per_article"]
    lines.append(f"  time: base NLP {ms['base']:.1f} ms/article, quotes {ms['quotes']:.1f} ms/article "
                 f"({100 * ms['quotes'] / max(ms['base'], 1e-9):.1f}% of base)")
    kinds = Counter(e["kind"] for e in res["errors"])
    lines.append("  errors: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    return "\n".join(lines)


def format_rules(res: dict[str, Any]) -> str:
    """Per-rule precision and the reliability of the confidence as plain text."""
    lines = ["  precision by rule (token overlap):   pred  matched  P"]
    for r in res["by_rule"]:
        lines.append(f"    {r['rule']:<36} {r['pred']:>5}  {r['tp']:>5}  {r['p']:.3f}")
    lines.append("  precision by confidence bin:         pred  matched  P")
    for r in res["reliability"]:
        lines.append(f"    {r['bin']:<36} {r['pred']:>5}  {r['tp']:>5}  {r['p']:.3f}")
    lines.append(f"  confidence ranks matched above unmatched (AUC): {res['confidence_auc']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m lagebild.eval.quotes --split dev``."""
    ap = argparse.ArgumentParser(prog="python -m lagebild.eval.quotes", description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--write", type=Path, default=None, help="also write predictions as JSONL for score.py")
    ap.add_argument("--errors", type=Path, default=None, help="write the error list as JSONL")
    ap.add_argument("--by-rule", action="store_true",
                    help="also print precision per extraction rule and per confidence bin")
    ap.add_argument("--write-rules", action="store_true",
                    help="write the per-rule table to lang/de/speech/rule_precision.tsv (use on train only)")
    args = ap.parse_args(argv)
    if args.write_rules and args.split != "train":
        ap.error("--write-rules calibrates confidence and must use --split train (dev and test stay held out)")
    res = evaluate(split=args.split, limit=args.limit, write=args.write)
    print(format_report(res))
    if args.by_rule or args.write_rules:
        print(format_rules(res))
    if args.write_rules:
        from ..quotes.lexicon import LANG_DIR, RULE_PRECISION

        path = LANG_DIR / "de" / "speech" / RULE_PRECISION
        write_rule_table(path, res["by_rule"], res["split"], res["docs"])
        print(f"  wrote {path}")
    if args.errors is not None:
        with args.errors.open("w", encoding="utf-8") as f:
            for e in res["errors"]:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
