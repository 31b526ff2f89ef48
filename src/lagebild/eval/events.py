"""Event evaluation on the labelled sets: whole articles through the default pipeline, scored per gold
sentence.

Each document of a split of ``data/events/`` (train, dev, test: whole articles; legacy-dev, legacy-dev2,
legacy-test: the earlier gold of the first four sentences) is read as
``Article(text=source_doc(doc).text, title, published)``, run through every default stage (the stages
before ``events`` are cached, :mod:`lagebild.events.learn.data`) and then the event stage; every predicted
event is assigned to the gold sentence that holds its trigger. Predictions in sentences without a gold
record (the rest of a legacy document) are not scored.

Scores (micro over sentences):

* **type**: per sentence, predicted and gold types as multisets; a true positive is a type present in both
  (counted up to the smaller count). DEMAND in gold counts as REQUEST. Per-type P/R/F1 beside it.
* **triple**: (source, type, target) aligned one-to-one per sentence. Two actors match when both are absent,
  when their codes agree, or when their canonical names agree (case-folded). Codes are compared at the
  ``root`` (the country, or the organisation: "RUS" = "RUSGOV", "IGOWSTNAT" ≠ "IGOEUREEC") and in ``full``.
  ``type_source`` scores (type, source) only.
* **matched events**: pairs of one predicted and one gold event of the same type in a sentence, those whose
  triggers overlap first; on them the accuracy of ``modality`` (asserted, future, intended, hypothetical,
  demanded, suspected) and of ``negated``.
* **shown**: the same type and triple figures over the events the picture shows (``shown``: calibrated
  confidence at or above the default threshold and an identified actor) — the precision-first view.
* **calibration**: each predicted event is correct when it is in a matched pair; expected calibration error
  over ten equal-width confidence bins and the reliability table.
* **speed**: CPU milliseconds per article of the event stage alone (median and mean; ``process_time``).

    lagebild eval events --split dev [--errors 20 --kind type|triple|modality] [--json]
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import PipelineError
from ..model import Article, Event

SPLITS = ("train", "dev", "test", "legacy-dev", "legacy-dev2", "legacy-test")
#: splits whose errors are never printed (scored once, at the end of a round)
HELD_OUT = frozenset({"test", "legacy-test"})
_TYPE_ALIASES = {"DEMAND": "REQUEST"}
#: the six modality values (docs/event_guideline.md section 5) and the older names that map onto them
MODALITIES = ("asserted", "future", "intended", "hypothetical", "demanded", "suspected")
_MODALITY = {"intent": "intended", "conditional": "hypothetical", "question": "hypothetical"}
#: one country under two codes: the CAMEO/Phoenix dictionaries' code → the ISO-3 code the gold uses
_COUNTRY_SYNONYMS = {"TMP": "TLS"}


def modality_value(m: str | None) -> str:
    """One of :data:`MODALITIES` for a coder's or a gold record's modality."""
    m = _MODALITY.get(m or "asserted", m or "asserted")
    return m if m in MODALITIES else "asserted"


def code_root(code: str) -> str:
    """The part of an actor code that names who it is: the country ("RUS" of "RUSGOV"), or for
    international and non-governmental bodies the organisation ("IGOWSTNAT", "IGOEUREEC" → "IGOEUR")."""
    if code[:3] in {"IGO", "NGO", "IMG", "MNC"}:
        return code[:6]
    return _COUNTRY_SYNONYMS.get(code[:3], code[:3])


def _norm(s: str | None) -> str | None:
    return " ".join(s.casefold().split()) if s else None


def _name_match(p: str, g: str) -> bool:
    """Canonical names agree when, case-folded, the words of one are all among the other's ("Polizei" /
    "Polizei München"); single words also by a shared stem of five or more letters ("Demonstrant" /
    "Demonstranten")."""
    pw, gw = set(_norm(p).split()), set(_norm(g).split())  # type: ignore[union-attr]
    if pw <= gw or gw <= pw:
        return True
    return len(pw) == len(gw) == 1 and len(os.path.commonprefix([next(iter(pw)), next(iter(gw))])) >= 5


def _full(code: str) -> str:
    return _COUNTRY_SYNONYMS.get(code[:3], code[:3]) + code[3:]


def _actor_match(p_code: str | None, p_name: str | None, g_code: str | None, g_name: str | None, *, root: bool) -> bool:
    if not (p_code or p_name) and not (g_code or g_name):
        return True
    if p_code and g_code:
        if (code_root(p_code) == code_root(g_code)) if root else (_full(p_code) == _full(g_code)):
            return True
    return bool(p_name and g_name and _name_match(p_name, g_name))


# ------------------------------------------------------------------ rows
def gold_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold events of one sentence record in the scorer's shape."""
    out = []
    for g in rec.get("events", []):
        src, tgt = g.get("source") or {}, g.get("target") or {}
        out.append({
            "type": _TYPE_ALIASES.get(g["type"], g["type"]), "trigger": tuple(g["trigger"]) if g.get("trigger") else None,
            "source_code": src.get("code"), "source_name": src.get("name"), "source_span": src.get("span"),
            "target_code": tgt.get("code"), "target_name": tgt.get("name"), "target_span": tgt.get("span"),
            "negated": bool(g.get("negated")), "modality": modality_value(g.get("modality")),
        })
    return out


def pred_rows(a: Article, events: Sequence[Event]) -> list[dict[str, Any]]:
    """Predicted events in the scorer's shape (names: the canonical name of the linked entity)."""
    canon = {e.actor_id: e.canonical for e in a.entities if e.actor_id}
    return [
        {"type": e.type, "trigger": (e.start, e.end), "source_code": e.source_code,
         "source_name": canon.get(e.source or "", None) or e.source_text,
         "target_code": e.target_code, "target_name": canon.get(e.target or "", None) or e.target_text,
         "negated": e.negated, "modality": modality_value(e.modality), "confidence": e.confidence,
         "shown": e.shown, "rule": bool(e.evidence.get("rule")), "text": a.span_text(e.start, e.end)}
        for e in events
    ]


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def align(pred: list[dict[str, Any]], gold: list[dict[str, Any]], match: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) that ``match``; pairs whose triggers overlap first."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for need_overlap in (True, False):
        for i, p in enumerate(pred):
            if i in used_p:
                continue
            for j, g in enumerate(gold):
                if j in used_g or (need_overlap and not _overlap(p["trigger"], g["trigger"])):
                    continue
                if match(p, g):
                    used_p.add(i)
                    used_g.add(j)
                    pairs.append((i, j))
                    break
    return pairs


def same_type(p: dict, g: dict) -> bool:
    return bool(p["type"] == g["type"])


def same_triple(p: dict, g: dict, *, root: bool = True) -> bool:
    return p["type"] == g["type"] and _actor_match(
        p["source_code"], p["source_name"], g["source_code"], g["source_name"], root=root
    ) and _actor_match(p["target_code"], p["target_name"], g["target_code"], g["target_name"], root=root)


def same_source(p: dict, g: dict) -> bool:
    return p["type"] == g["type"] and _actor_match(p["source_code"], p["source_name"], g["source_code"],
                                                   g["source_name"], root=True)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": n_pred, "gold": n_gold}


# ------------------------------------------------------------------ scoring
class Tally:
    """Counts over scored sentences (type, triples, matched events, calibration, per-type)."""

    def __init__(self) -> None:
        self.c: Counter[str] = Counter()
        self.per_type: dict[str, Counter[str]] = {}
        self.conf: list[tuple[float, bool]] = []  # (confidence, correct) per predicted event
        self.modality_confusion: Counter[tuple[str, str]] = Counter()  # (gold, predicted)

    def add(self, pred: list[dict[str, Any]], gold: list[dict[str, Any]], *, prefix: str = "") -> list[int]:
        """Score one sentence; returns, per predicted event, 1 when it is in a matched pair."""
        c = self.c
        c[prefix + "pred"] += len(pred)
        c[prefix + "gold"] += len(gold)
        pairs = align(pred, gold, same_type)
        c[prefix + "type_tp"] += len(pairs)
        c[prefix + "triple_root"] += len(align(pred, gold, same_triple))
        c[prefix + "triple_full"] += len(align(pred, gold, lambda p, g: same_triple(p, g, root=False)))
        c[prefix + "type_source"] += len(align(pred, gold, same_source))
        ok = [0] * len(pred)
        for i, _ in pairs:
            ok[i] = 1
        if prefix:
            return ok
        pc, gc = Counter(p["type"] for p in pred), Counter(g["type"] for g in gold)
        for t in set(pc) | set(gc):
            k = self.per_type.setdefault(t, Counter())
            k["tp"] += min(pc[t], gc[t])
            k["pred"] += pc[t]
            k["gold"] += gc[t]
        for i, j in pairs:
            c["matched"] += 1
            c["negation_ok"] += pred[i]["negated"] == gold[j]["negated"]
            c["modality_ok"] += pred[i]["modality"] == gold[j]["modality"]
            self.modality_confusion[(gold[j]["modality"], pred[i]["modality"])] += 1
            if gold[j]["modality"] in {"suspected", "demanded", "intended", "future", "hypothetical"}:
                c["nonasserted_matched"] += 1
                c["nonasserted_as_asserted"] += pred[i]["modality"] == "asserted"
                if pred[i]["shown"]:
                    c["shown_nonasserted_as_asserted"] += pred[i]["modality"] == "asserted"
        for p, k in zip(pred, ok):
            self.conf.append((float(p["confidence"]), bool(k)))
        return ok

    def report(self) -> dict[str, Any]:
        c = self.c
        out: dict[str, Any] = {}
        for prefix, name in (("", "all"), ("shown_", "shown")):
            n_pred, n_gold = c[prefix + "pred"], c[prefix + "gold"]
            out[name] = {
                "type": _prf(c[prefix + "type_tp"], n_pred, n_gold),
                "type_source": _prf(c[prefix + "type_source"], n_pred, n_gold),
                "triple": _prf(c[prefix + "triple_root"], n_pred, n_gold),
                "triple_full_code": _prf(c[prefix + "triple_full"], n_pred, n_gold),
            }
        m = c["matched"]
        out["per_type"] = {t: _prf(k["tp"], k["pred"], k["gold"]) for t, k in sorted(self.per_type.items())}
        out["matched"] = m
        out["negation_accuracy"] = round(c["negation_ok"] / m, 3) if m else None
        out["modality_accuracy"] = round(c["modality_ok"] / m, 3) if m else None
        out["modality_confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(self.modality_confusion.items())}
        out["nonasserted_matched"] = c["nonasserted_matched"]
        out["nonasserted_as_asserted"] = c["nonasserted_as_asserted"]
        out["shown_nonasserted_as_asserted"] = c["shown_nonasserted_as_asserted"]
        out["calibration"] = reliability(self.conf)
        return out


def reliability(conf: list[tuple[float, bool]], *, bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and the reliability table (equal-width bins of confidence)."""
    rows = []
    ece = 0.0
    n = len(conf)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, k) for p, k in conf if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        mean_p = sum(p for p, _ in inside) / len(inside)
        acc = sum(k for _, k in inside) / len(inside)
        ece += len(inside) / n * abs(mean_p - acc)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside), "confidence": round(mean_p, 3), "accuracy": round(acc, 3)})
    return {"ece": round(ece, 3) if n else None, "events": n, "table": rows}


# ------------------------------------------------------------------ running
def _event_stage(stage: Any | None) -> Any:
    if stage is not None:
        return stage
    from ..events import EventStage

    return EventStage()


def evaluate(split: str = "dev", *, stage: Any | None = None, limit: int | None = None,
             docs: list[Any] | None = None, keep: bool = False) -> dict[str, Any]:
    """Score the event stage on ``split``; returns the figures :func:`format_report` prints.

    ``stage``: the event stage to score (default: the shipped one); ``docs``: prepared gold documents
    (:func:`lagebild.events.learn.data.gold_documents`) to reuse; ``keep``: also return per-sentence rows
    (``sentences``: text, predicted and gold events) for error reading."""
    if split not in SPLITS:
        raise PipelineError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    from ..events.learn.data import gold_documents

    stage = _event_stage(stage)
    if docs is None:
        docs = gold_documents(split, limit=limit)
    tally = Tally()
    if docs:  # lexicons, lookups and models load once per process: not part of the per-article time
        from ..events.gazetteer import load_gazetteer

        load_gazetteer("de")
        stage(_copy_for_events(docs[0].article))
    ms: list[float] = []
    rows: list[dict[str, Any]] = []
    n_sent = 0
    for gd in docs:
        a = _copy_for_events(gd.article)
        t0 = time.process_time()
        a = stage(a)
        ms.append((time.process_time() - t0) * 1000)
        for rec in gd.sentences:
            n_sent += 1
            s, e = rec["start"], rec["end"]
            evs = [ev for ev in a.events if s <= ev.start < e]
            pred, gold = pred_rows(a, evs), gold_rows(rec)
            tally.add(pred, gold)
            tally.add([p for p in pred if p["shown"]], gold, prefix="shown_")
            if keep:
                rows.append({"doc": gd.doc, "sent": rec.get("sent"), "text": a.text[s:e], "pred": pred, "gold": gold})
    r = {"split": split, "documents": len(docs), "sentences": n_sent, **tally.report(),
         "ms_per_article": {"median": round(statistics.median(ms), 2) if ms else None,
                            "mean": round(sum(ms) / len(ms), 2) if ms else None}}
    threshold = getattr(stage, "threshold", None)
    r["threshold"] = threshold
    if keep:
        r["sentences_scored"] = rows
    return r


def _copy_for_events(a: Article) -> Article:
    """A shallow copy whose ``events`` list the stage may replace (the prepared article stays as cached)."""
    from dataclasses import replace

    return replace(a, events=[], done=list(a.done))


# ------------------------------------------------------------------ report
def format_report(r: dict[str, Any]) -> str:
    """The figures of :func:`evaluate` as a short text table."""
    ms = r["ms_per_article"]
    lines = [f"events on {r['split']} ({r['documents']} documents, {r['sentences']} gold sentences; "
             f"event stage {ms['median']} ms/article median, {ms['mean']} mean)"]
    for view in ("all", "shown"):
        head = "all events" if view == "all" else f"shown events (confidence >= {r.get('threshold')} and an actor)"
        lines.append(f"  {head}:")
        for key in ("type", "type_source", "triple", "triple_full_code"):
            m = r[view][key]
            lines.append(f"    {key:17} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                         f"(tp {m['tp']}, pred {m['pred']}, gold {m['gold']})")
    lines.append(f"  on {r['matched']} matched events: modality {r['modality_accuracy']}, negation {r['negation_accuracy']}; "
                 f"non-asserted gold read as asserted {r['nonasserted_as_asserted']}/{r['nonasserted_matched']} "
                 f"(shown: {r['shown_nonasserted_as_asserted']})")
    cal = r["calibration"]
    lines.append(f"  calibration: ECE {cal['ece']} over {cal['events']} events")
    for row in cal["table"]:
        lines.append(f"    {row['bin']}  n {row['n']:4}  confidence {row['confidence']:.3f}  accuracy {row['accuracy']:.3f}")
    lines.append("  per type:")
    for t, m in r["per_type"].items():
        lines.append(f"    {t:10} P {m['precision']:.2f} R {m['recall']:.2f} F1 {m['f1']:.2f} "
                     f"(tp {m['tp']}, pred {m['pred']}, gold {m['gold']})")
    return "\n".join(lines)


def format_errors(r: dict[str, Any], *, n: int = 20, kind: str = "type") -> str:
    """The first ``n`` wrongly coded sentences: ``type`` (types differ), ``triple`` (types right, an actor
    wrong) or ``modality`` (a matched event with the wrong modality). Never for held-out splits."""
    if r["split"] in HELD_OUT:
        raise PipelineError(f"{r['split']} is held out: its errors are not read (use dev, legacy-dev or legacy-dev2)")
    out = []
    for row in r.get("sentences_scored", []):
        pred, gold = row["pred"], row["gold"]
        if kind == "type":
            bad = Counter(p["type"] for p in pred) != Counter(g["type"] for g in gold)
        elif kind == "triple":
            bad = Counter(p["type"] for p in pred) == Counter(g["type"] for g in gold) and len(
                align(pred, gold, same_triple)) < len(gold)
        else:
            bad = any(pred[i]["modality"] != gold[j]["modality"] for i, j in align(pred, gold, same_type))
        if not bad:
            continue
        fmt = lambda e: (e["type"], e["source_code"] or e["source_name"], e["target_code"] or e["target_name"],  # noqa: E731
                         e["modality"] + ("/neg" if e["negated"] else ""))
        out.append(f"[{row['doc']}:{row['sent']}] {row['text']}\n   pred: "
                   + "; ".join(f"{fmt(p)} '{p['text']}' {p['confidence']:.2f}{'' if p['shown'] else ' (hidden)'}" for p in pred)
                   + "\n   gold: " + "; ".join(str(fmt(g)) for g in gold))
        if len(out) >= n:
            break
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m lagebild.eval.events --split dev``."""
    import argparse

    ap = argparse.ArgumentParser(description="Score the PLOVER event coder on the labelled event sets.")
    ap.add_argument("--split", choices=list(SPLITS), default="dev")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrongly coded sentences (not on test)")
    ap.add_argument("--kind", choices=["type", "triple", "modality"], default="type")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    r = evaluate(args.split, keep=bool(args.errors))
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if k != "sentences_scored"}, ensure_ascii=False, indent=1))
    else:
        print(format_report(r))
    if args.errors:
        print(format_errors(r, n=args.errors, kind=args.kind))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["HELD_OUT", "MODALITIES", "SPLITS", "Tally", "align", "code_root", "evaluate", "format_errors",
           "format_report", "gold_rows", "modality_value", "pred_rows", "reliability"]
