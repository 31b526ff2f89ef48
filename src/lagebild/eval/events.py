"""Event evaluation on the hand-annotated gold sentences (``tests/eval/events_gold_{dev,dev2,test}.jsonl``).

Each gold record is one sentence of a German Wikinews document (format: ``docs/event_guideline.md``). The
sentences of a document are joined in order into one article (so pronouns and context work), run through
tokenisation, tagging, actors and the event stage; every predicted event is assigned to the gold sentence
that holds its trigger.

Scores (micro over sentences):

* **type**: per sentence, predicted and gold event types as multisets; a true positive is a type present
  in both (counted up to the smaller count). DEMAND in gold counts as REQUEST (this coder's decision).
* **triple**: (source, type, target) aligned one-to-one per sentence. Two actors match when both are
  absent, when their codes agree, or when their canonical names agree (case-folded). Codes are compared
  two ways: ``root`` (first three letters: the country or organisation, "RUS" = "RUSGOV") and ``full``
  (the whole code). The headline triple figure is root matching, as the guideline recommends; full is
  reported beside it.
* **type_source**: (type, source) only, root matching: how much of the triple loss is the target.
* on matched triples: accuracy of negation and modality (intent → future, conditional/question →
  hypothetical as in the guideline), and of date_text.

  A country under two codes (East Timor: "TMP" in the PETRARCH dictionaries, "TLS" in the gold) is one.

    python -m lagebild.eval.events --split test [--actors stage|lookup] [--write PRED.jsonl]
    python -m lagebild.eval.events --split dev --errors 40 --kind triple   # right types, wrong actors
    python -m lagebild.eval.events --lexicon-diff OLD_EVENTS_DIR [--sample 1400]  # new patterns on unlabelled news
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Article, Event

GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "eval"
_TYPE_ALIASES = {"DEMAND": "REQUEST"}
_MODALITY = {"intent": "future", "conditional": "hypothetical", "question": "hypothetical"}


SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
SPLITS = ("dev", "dev2", "test")


def load_gold(split: str, *, gold_dir: Path | None = None, shared_data: Path | None = None) -> list[dict[str, Any]]:
    """Gold sentence records of ``split`` (dev | dev2 | test). Records whose text is not stored (10kGNAD,
    FANG-COVID: ``text_ref``) get ``text``/``context`` from ``../shared/data``."""
    if split not in SPLITS:
        raise PipelineError(f"unknown split {split!r}: use dev, dev2 or test")
    path = (gold_dir or GOLD_DIR) / f"events_gold_{split}.jsonl"
    if not path.is_file():
        raise PipelineError(f"{path} not found: the event gold set lives in tests/eval/ (see docs/event_guideline.md)")
    with path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if any(r.get("text") is None and r.get("text_ref") for r in records):
        _resolve_text_refs(records, shared_data or SHARED_DATA)
    return records


def _resolve_text_refs(records: list[dict[str, Any]], data: Path) -> None:
    """Fill ``text`` and ``context`` of records that only point into ``../shared/data``."""
    import csv

    cache: dict[tuple[str, str], dict[str, str]] = {}

    def article(ref: dict[str, Any]) -> str:
        key = (ref["dataset"], ref["file"])
        if key not in cache:
            path = data / ref["dataset"] / ref["file"]
            if not path.is_file():
                raise PipelineError(f"{path} not found: the {ref['dataset']} texts of this gold set are read from "
                                    "../shared/data beside the repository clone (see tests/eval/README.md)")
            with path.open(encoding="utf-8", newline="") as f:
                if ref["dataset"] == "10kgnad":
                    cache[key] = {str(i): row[1] for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'"))}
                else:
                    cache[key] = {str(d["id"]): d["article"] for d in map(json.loads, f) if d.get("id") is not None}
        doc_key = str(ref["row"] if "row" in ref else ref["id"])
        return cache[key][doc_key]

    for r in records:
        ref = r.get("text_ref")
        if r.get("text") is not None or not ref:
            continue
        text = article(ref)
        r["text"] = text[ref["char_begin"]:ref["char_end"]]
        if "context_char_begin" in ref:
            r["context"] = text[ref["context_char_begin"]:ref["context_char_end"]]


def _stages(actors: str) -> tuple[list[Any], bool]:
    """Base stages plus the actor and quote stages (``actors="stage"``) or neither (``"lookup"``: the
    event package's actor lookup and quotation glyphs)."""
    from ..nlp import Tag, Tokenize

    stages: list[Any] = [Tokenize(), Tag(engine="hanta")]
    if actors == "stage":
        try:
            from ..actors import ActorStage  # type: ignore[attr-defined]
        except ImportError:
            return stages, True
        stages.append(ActorStage())
        try:
            from ..quotes import QuoteStage  # type: ignore[attr-defined]
        except ImportError:
            return stages, False
        stages.append(QuoteStage())
        return stages, False
    return stages, True


def build_articles(records: list[dict[str, Any]]) -> list[tuple[Article, list[tuple[int, int, dict[str, Any]]]]]:
    """One article per document; with the character span of each gold sentence in it."""
    docs: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        docs.setdefault(str(r["doc"]), []).append(r)
    out = []
    for doc, recs in docs.items():
        recs.sort(key=lambda r: int(r.get("sent_id", 0)))
        text, spans = "", []
        for r in recs:
            if text:
                text += " "
            start = len(text)
            text += r["text"]
            spans.append((start, len(text), r))
        pub = recs[0].get("published")
        a = Article(text=text, external_id=doc, title=recs[0].get("title"), published=pub, language="de",
                    published_precision="day" if pub and len(pub) >= 10 else None)
        out.append((a, spans))
    return out


def _norm(s: str | None) -> str | None:
    return " ".join(s.casefold().split()) if s else None


#: one country under two codes: the CAMEO/Phoenix dictionaries' code → the ISO-3 code the gold uses
#: (East Timor is "TMP" in Phoenix.International.actors.txt and "TLS" in the PLOVER gold records)
_COUNTRY_SYNONYMS = {"TMP": "TLS"}


def code_root(code: str) -> str:
    """The part of an actor code that names who it is: the country ("RUS" of "RUSGOV"), or for
    international and non-governmental bodies the organisation ("IGOWSTNAT", "IGOEUREEC" → "IGOEUR")."""
    if code[:3] in {"IGO", "NGO", "IMG", "MNC"}:
        return code[:6]
    return _COUNTRY_SYNONYMS.get(code[:3], code[:3])


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


def _pred_rows(a: Article, events: list[Event]) -> list[dict[str, Any]]:
    canon = {e.actor_id: e.canonical for e in a.entities if e.actor_id}
    return [
        {"type": e.type, "source_code": e.source_code, "source_name": canon.get(e.source or "", None) or e.source_text,
         "target_code": e.target_code, "target_name": canon.get(e.target or "", None) or e.target_text,
         "negated": e.negated, "modality": _MODALITY.get(e.modality, e.modality), "date_text": e.date_text,
         "trigger": a.span_text(e.start, e.end), "confidence": e.confidence}
        for e in events
    ]


def _align(pred: list[dict[str, Any]], gold: list[dict[str, Any]], match: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used and match(p, g):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": n_pred, "gold": n_gold}


def evaluate(split: str = "dev", *, actors: str = "stage", gold_dir: Path | None = None,
             min_confidence: float = 0.0, write: Path | None = None) -> dict[str, Any]:
    """Score the event coder on ``split``; returns the figures ``format_report`` prints."""
    from ..events import EventStage

    records = load_gold(split, gold_dir=gold_dir)
    stages, lookup = _stages(actors)
    coder = EventStage(lookup_actors=lookup)
    t0 = time.perf_counter()
    type_tp = n_pred = n_gold = 0
    trip = {"root": 0, "full": 0}
    src_tp = 0
    neg_ok = mod_ok = date_ok = matched = 0
    per_type: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    triple_errors: list[dict[str, Any]] = []
    out_rows = []
    for a, spans in build_articles(records):
        for st in stages:
            a = st(a)
        a = coder(a)
        for s, e, rec in spans:
            evs = [ev for ev in a.events if s <= ev.start < e and ev.confidence >= min_confidence]
            pred = _pred_rows(a, evs)
            gold = [dict(g, type=_TYPE_ALIASES.get(g["type"], g["type"])) for g in rec.get("events", [])]
            n_pred += len(pred)
            n_gold += len(gold)
            pc, gc = Counter(p["type"] for p in pred), Counter(g["type"] for g in gold)
            for t in set(pc) | set(gc):
                c = per_type.setdefault(t, Counter())
                c["tp"] += min(pc[t], gc[t])
                c["pred"] += pc[t]
                c["gold"] += gc[t]
                type_tp += min(pc[t], gc[t])
            src_tp += len(_align(pred, gold, lambda p, g: p["type"] == g["type"] and _actor_match(
                p["source_code"], p["source_name"], g.get("source_code"), g.get("source_name"), root=True)))
            for mode in ("root", "full"):
                def match(p: dict, g: dict, root: bool = mode == "root") -> bool:
                    return p["type"] == g["type"] and _actor_match(
                        p["source_code"], p["source_name"], g.get("source_code"), g.get("source_name"), root=root
                    ) and _actor_match(p["target_code"], p["target_name"], g.get("target_code"), g.get("target_name"), root=root)

                pairs = _align(pred, gold, match)
                trip[mode] += len(pairs)
                if mode == "root" and pc == gc and len(pairs) < len(gold):
                    triple_errors.append(_error_row(rec, pred, gold))
                if mode == "root":
                    for i, j in pairs:
                        matched += 1
                        neg_ok += pred[i]["negated"] == bool(gold[j].get("negated"))
                        mod_ok += pred[i]["modality"] == (gold[j].get("modality") or "asserted")
                        date_ok += _norm(pred[i]["date_text"]) == _norm(gold[j].get("date_text"))
            if pc != gc:
                errors.append(_error_row(rec, pred, gold))
            out_rows.append({"doc": rec["doc"], "sent_id": rec.get("sent_id"), "events": pred})
    if write is not None:
        with Path(write).open("w", encoding="utf-8") as f:
            for row in out_rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "split": split,
        "actors": "lookup" if lookup else "stage",
        "sentences": len(records),
        "type": _prf(type_tp, n_pred, n_gold),
        "triple": _prf(trip["root"], n_pred, n_gold),
        "triple_full_code": _prf(trip["full"], n_pred, n_gold),
        "type_source": _prf(src_tp, n_pred, n_gold),
        "per_type": {t: _prf(c["tp"], c["pred"], c["gold"]) for t, c in sorted(per_type.items())},
        "matched": matched,
        "negation_accuracy": round(neg_ok / matched, 3) if matched else None,
        "modality_accuracy": round(mod_ok / matched, 3) if matched else None,
        "date_text_accuracy": round(date_ok / matched, 3) if matched else None,
        "seconds": round(time.perf_counter() - t0, 1),
        "errors": errors,
        "triple_errors": triple_errors,
    }


def _error_row(rec: dict[str, Any], pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    return {"doc": rec["doc"], "sent_id": rec.get("sent_id"), "text": rec["text"],
            "pred": [(p["type"], p["source_code"] or p["source_name"], p["target_code"] or p["target_name"],
                      p["trigger"]) for p in pred],
            "gold": [(g["type"], g.get("source_code") or g.get("source_name"),
                      g.get("target_code") or g.get("target_name"), g.get("trigger")) for g in gold]}


def format_report(r: dict[str, Any], *, errors: int = 0, kind: str = "type") -> str:
    """The figures of :func:`evaluate` as a short text table and the first ``errors`` wrong sentences:
    ``kind="type"`` sentences whose types differ, ``"triple"`` sentences with the right types but a wrong
    source or target."""
    lines = [f"events on {r['split']} ({r['sentences']} sentences, actors from {r['actors']}, {r['seconds']} s)"]
    for key in ("type", "type_source", "triple", "triple_full_code"):
        m = r[key]
        lines.append(f"  {key:17} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                     f"(tp {m['tp']}, pred {m['pred']}, gold {m['gold']})")
    lines.append(f"  on {r['matched']} matched triples: negation {r['negation_accuracy']}, "
                 f"modality {r['modality_accuracy']}, date_text {r['date_text_accuracy']}")
    lines.append("  per type:")
    for t, m in r["per_type"].items():
        lines.append(f"    {t:10} P {m['precision']:.2f} R {m['recall']:.2f} F1 {m['f1']:.2f} "
                     f"(pred {m['pred']}, gold {m['gold']})")
    for e in r["errors" if kind == "type" else "triple_errors"][:errors]:
        lines.append(f"  - {e['doc']}/{e['sent_id']}: {e['text'][:140]}")
        lines.append(f"      pred {e['pred']}")
        lines.append(f"      gold {e['gold']}")
    return "\n".join(lines)


def lexicon_diff(old_events_dir: Path, *, sample: int = 1400, seed: int = 7,
                 shared_data: Path | None = None) -> list[dict[str, Any]]:
    """Events that only one of two lexicons codes, over unlabelled news (for reading the precision of new
    patterns): ``old_events_dir`` holds the previous ``lang/de/events/*.yaml``. Articles: the
    International/Inland/Panorama/Wirtschaft rows of 10kGNAD ``test.csv`` and the FANG-COVID sample,
    shuffled with ``seed``, documents of the dev2 gold left out, first ``sample`` taken, at most 4,000
    characters each; actors from the event package's lookup. Each row: ``change`` (new/gone), ``doc``,
    ``type``, ``trigger``, ``sentence``."""
    import csv
    import random
    import shutil
    import tempfile

    from ..events import patterns
    from ..events.coder import Coder
    from ..events.gazetteer import tag_entities
    from ..nlp import Tag, Tokenize

    data = shared_data or Path(os.environ.get("LAGEBILD_SHARED_DATA", SHARED_DATA))
    old_events_dir = Path(old_events_dir)
    if not (old_events_dir / "verbs.yaml").is_file():
        raise PipelineError(f"{old_events_dir}/verbs.yaml not found: give a folder with the previous lang/de/events/*.yaml "
                            "(e.g. git show HEAD:src/lagebild/lang/de/events/verbs.yaml > OLD/verbs.yaml, likewise the others)")
    used: set[tuple[str, str]] = set()
    with (GOLD_DIR / "events_gold_dev2.jsonl").open(encoding="utf-8") as f:
        for line in f:
            ref = json.loads(line).get("text_ref")
            if ref:
                used.add((ref["dataset"], str(ref.get("row", ref.get("id")))))
    gnad, fang = data / "10kgnad" / "test.csv", data / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    for path in (gnad, fang):
        if not path.is_file():
            raise PipelineError(f"{path} not found: the unlabelled texts are read from ../shared/data beside the repository")
    arts: list[tuple[str, str, str | None]] = []
    csv.field_size_limit(10**9)
    with gnad.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if row and row[0] in {"International", "Inland", "Panorama", "Wirtschaft"} and ("10kgnad", str(i)) not in used:
                arts.append((f"gnad-{i}", row[1], None))
    with fang.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            d = json.loads(line)
            if ("fang_covid_de_news", str(d.get("id"))) not in used:
                arts.append((f"fang-{i}", (d.get("header") or "").strip() + ". " + (d.get("article") or "").strip(),
                             d.get("date_norm")))
    random.Random(seed).shuffle(arts)
    new = patterns.load_lexicon("de")
    lang_dir = patterns.LANG_DIR
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lang"
        shutil.copytree(lang_dir, root)
        for y in old_events_dir.glob("*.yaml"):
            shutil.copy(y, root / "de" / "events" / y.name)
        patterns.LANG_DIR = root
        patterns.load_lexicon.cache_clear()
        try:
            old = patterns.load_lexicon("de")
        finally:
            patterns.LANG_DIR = lang_dir
            patterns.load_lexicon.cache_clear()
    tok, tag = Tokenize(), Tag(engine="hanta")
    out: list[dict[str, Any]] = []
    for doc, text, day in arts[:sample]:
        a = Article(text=text[:4000], external_id=doc, language="de", published=day or "2016-01-01",
                    published_precision="day")
        a = tag(tok(a))
        a.entities = tag_entities(a, language="de")
        a.quotes = []
        counts = []
        for lex in (old, new):
            c: Counter = Counter((e.type, a.text[e.start:e.end], a.text[e.sentence_start:e.sentence_end])
                                 for e in Coder(lex, language="de").code(a))
            counts.append(c)
        for change, c in (("new", counts[1] - counts[0]), ("gone", counts[0] - counts[1])):
            for (typ, trig, sent), n in c.items():
                out.extend({"change": change, "doc": doc, "type": typ, "trigger": trig, "sentence": sent} for _ in range(n))
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m lagebild.eval.events --split test``."""
    ap = argparse.ArgumentParser(description="Score the PLOVER event coder on the hand-annotated gold set.")
    ap.add_argument("--split", choices=list(SPLITS), default="dev", help="gold part to score")
    ap.add_argument("--actors", choices=["stage", "lookup"], default="stage",
                    help="actors from the actor stage (default) or from the event package's lookup")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrongly coded sentences")
    ap.add_argument("--kind", choices=["type", "triple"], default="type",
                    help="which errors --errors prints: wrong types, or right types with wrong actors")
    ap.add_argument("--write", type=Path, default=None, help="write the predictions as JSON Lines here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--lexicon-diff", type=Path, default=None, metavar="OLD_EVENTS_DIR",
                    help="instead of scoring: list as JSON Lines the events of unlabelled 10kGNAD/FANG-COVID articles "
                         "that only the current or only this previous lang/de/events folder codes")
    ap.add_argument("--sample", type=int, default=1400, help="articles for --lexicon-diff")
    args = ap.parse_args(argv)
    if args.lexicon_diff is not None:
        for row in lexicon_diff(args.lexicon_diff, sample=args.sample):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    r = evaluate(args.split, actors=args.actors, write=args.write)
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if k not in {"errors", "triple_errors"}}, ensure_ascii=False, indent=1))
    else:
        print(format_report(r, errors=args.errors, kind=args.kind))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
