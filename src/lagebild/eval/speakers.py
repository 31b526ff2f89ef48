"""Speaker evaluation on the project's speaker set (``data/speakers/{train,dev,test}.jsonl``).

Every document of a split is read from ``../shared/data`` (:func:`lagebild.eval.data.document`), run through
the default pipeline up to quotations (tokenise, tag, parse, NER, actors, quotes) and its predicted
quotations are matched to the gold quotations by word-token overlap (>= 50 % of the gold words and >= 50 %
of the predicted ones, one-to-one, best overlap first: :func:`lagebild.eval.quotes.match`). Gold records
with the same span (one statement, several speakers) form one gold quotation that accepts any of their
speakers.

Speaker names are compared after :func:`speaker_key`: case-folded, white space collapsed, quotation
glyphs and final punctuation trimmed, a leading article dropped ("Die EU" = "EU"):

* **strict**: the two keys are equal — the canonical name is right ("Sergej Lawrow" for "Sergej Lawrow");
* **lenient**: strict, or the last words agree and the words of one name are a subset of the other's
  (a surname for the fullest name, "Lawrow" ~ "Sergej Lawrow"; "Polizei" ~ "Salzburger Polizei"),
  comparing words of five or more letters without inflection endings
  ("Österreichischen Hagelversicherung" ~ "Österreichische Hagelversicherung").

Reported: quotation precision/recall on this set, speaker accuracy (strict and lenient) on matched
quotations — overall, by the kind of the gold speaker mention (name, surname or partial name, pronoun,
description, none) and by speaker type — and end to end (right speakers over all gold quotations).

    python -m lagebild.eval.speakers --split dev [--errors ERR.jsonl]
    lagebild eval speakers --split dev
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Article, Quote
from .quotes import _WORD, _tokset, match, pipeline_stages, run_stages

_GLYPHS = " \t\n„“”\"»«‚‘’‹›'.,;:!?"
_ARTICLES = frozenset("der die das des dem den ein eine einer eines einem einen".split())
_PRONOUNS = frozenset("er sie es ihr ihm ihn ihre ihrer ihren seine seiner seinen sein dieser diese der die "
                      "welche welcher wir man".split())
_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")


def speaker_key(name: str | None) -> str:
    """The comparison form of a speaker name: case-folded, spaces collapsed, glyphs trimmed, no leading article."""
    words = " ".join((name or "").split()).strip(_GLYPHS).casefold().split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(w.strip(_GLYPHS) for w in words)


def _stem(w: str) -> str:
    if len(w) >= 5:
        for e in _ENDINGS:
            if w.endswith(e):
                return w[: -len(e)]
    return w


def speaker_match(gold: str, pred: str | None) -> tuple[bool, bool]:
    """``(strict, lenient)`` agreement of a predicted speaker name with the gold canonical name."""
    g, p = speaker_key(gold), speaker_key(pred)
    if not p:
        return False, False
    if g == p:
        return True, True
    gw = [_stem(w) for w in _WORD.findall(g)]
    pw = [_stem(w) for w in _WORD.findall(p)]
    if not gw or not pw or gw[-1] != pw[-1]:
        return False, False
    gs, ps = set(gw) - _ARTICLES, set(pw) - _ARTICLES
    return False, gs <= ps or ps <= gs


def mention_kind(text: str, row: dict[str, Any]) -> str:
    """How the gold names the speaker in the quotation's sentence: none, pronoun, name (the fullest),
    partial (a surname or partial name), description (a role, age or other noun phrase)."""
    m = row.get("speaker_mention")
    if not m:
        return "none"
    words = text[m[0] : m[1]].split()
    if len(words) == 1 and words[0].casefold() in _PRONOUNS:
        return "pronoun"
    if row.get("resolves") is None:
        return "name"
    canon = speaker_key(row["speaker"]).split()
    mention = speaker_key(text[m[0] : m[1]]).split()
    if mention and canon and (mention[-1].removesuffix("s") == canon[-1] or mention[-1] == canon[-1]):
        return "partial"
    return "description"


def gold_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold quotations of one document: records with the same span merged (their speakers all accepted)."""
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rows:
        key = (r["quote"][0], r["quote"][1])
        g = groups.setdefault(key, {"span": key, "rows": []})
        g["rows"].append(r)
    return sorted(groups.values(), key=lambda g: g["span"])


def load_docs(split: str, *, limit: int | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """``[(doc, gold rows)]`` of a split of the speaker set in document order (first ``limit`` documents)."""
    from .data import by_document, load

    if split not in ("train", "dev", "test"):
        raise PipelineError(f"unknown split {split!r}: use train, dev or test")
    grouped = by_document(load("speakers", split, with_text=False))
    docs = sorted(grouped.items())
    return docs[:limit] if limit is not None else docs


def articles_for(docs: list[tuple[str, list[dict[str, Any]]]]) -> list[Article]:
    """One article per document: the source text, title and date the offsets of the set point into."""
    from .data import document

    out = []
    for doc, _ in docs:
        src = document(doc)
        a = Article(text=src.text, external_id=doc, title=src.title, published=src.published, source=src.outlet,
                    language="de", published_precision="day" if src.published and len(src.published) >= 10 else None)
        if a.text != src.text:
            raise PipelineError(f"document {doc}: text changed by normalisation; the set's offsets would not agree")
        out.append(a)
    return out


def score(docs: list[tuple[str, list[dict[str, Any]]]], articles: list[Article]) -> dict[str, Any]:
    """Counts and an error list for predictions ``articles`` against the gold ``docs`` (same order)."""
    c: Counter = Counter()
    errors: list[dict[str, Any]] = []
    for (doc, rows), a in zip(docs, articles):
        text = a.text
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        gold = gold_groups(rows)
        preds = a.quotes
        pairs = match([_tokset(words, [g["span"]]) for g in gold], [_tokset(words, [(q.start, q.end)]) for q in preds])
        matched = dict(pairs)
        c["gold"] += len(gold)
        c["pred"] += len(preds)
        c["matched"] += len(pairs)
        for gi, g in enumerate(gold):
            first = g["rows"][0]
            kind, stype = mention_kind(text, first), first["speaker_type"]
            q: Quote | None = preds[matched[gi]] if gi in matched else None
            strict = lenient = False
            if q is not None:
                for r in g["rows"]:
                    s, le = speaker_match(r["speaker"], q.speaker)
                    strict, lenient = strict or s, lenient or le
                for key in ("all", f"mention:{kind}", f"type:{stype}", f"kind:{first['kind']}",
                            f"rule:{(q.rule or '?').split('+')[0]}"):
                    c[f"n:{key}"] += 1
                    c[f"strict:{key}"] += strict
                    c[f"lenient:{key}"] += lenient
            if q is None or not strict:
                m = first.get("speaker_mention")
                errors.append({"doc": doc, "kind": "missed quotation" if q is None else "wrong speaker",
                               "gold": [r["speaker"] for r in g["rows"]], "mention": text[m[0] : m[1]] if m else None,
                               "mention_kind": kind, "pred": None if q is None else q.speaker,
                               "pred_mention": None if q is None or q.speaker_start is None
                               else text[q.speaker_start : q.speaker_end],
                               "rule": None if q is None else q.rule, "lenient": lenient,
                               "quote": text[g["span"][0] : g["span"][1]][:140]})
    return {"counts": c, "errors": errors}


def oracle(docs: list[tuple[str, list[dict[str, Any]]]], articles: list[Article]) -> dict[str, Any]:
    """Speaker resolution alone: every gold quotation's gold speaker mention resolved by the quotes stage's
    resolver in text order (no mention: the last resolved speaker), scored strict and lenient by the kind
    of mention. Separates resolution errors from extraction errors (a wrong or missing mention)."""
    from ..quotes.lexicon import load_lexicon
    from ..quotes.resolve import Resolver
    from ..quotes.view import View

    c: Counter = Counter()
    errors: list[dict[str, Any]] = []
    for (doc, rows), a in zip(docs, articles):
        v = View(a, load_lexicon("de"))
        res = Resolver(v)
        for g in gold_groups(rows):
            first = g["rows"][0]
            m = first.get("speaker_mention")
            at = v.token_at(g["span"][0]) or 0
            if m:
                i, j = v.token_at(m[0]), v.token_at(m[1] - 1)
                found = res.resolve((i, j + 1), at=at) if i is not None and j is not None else None
            else:
                found = res.last
            if found is not None:
                res.last = found
            strict = lenient = False
            for r in g["rows"]:
                s, le = speaker_match(r["speaker"], found.name if found else None)
                strict, lenient = strict or s, lenient or le
            kind = mention_kind(a.text, first)
            for key in ("all", f"mention:{kind}"):
                c[f"n:{key}"] += 1
                c[f"strict:{key}"] += strict
                c[f"lenient:{key}"] += lenient
            if not strict:
                errors.append({"doc": doc, "gold": [r["speaker"] for r in g["rows"]], "mention_kind": kind,
                               "mention": a.text[m[0] : m[1]] if m else None, "pred": found.name if found else None,
                               "lenient": lenient})
    rate = lambda k: round(c[f"strict:{k}"] / c[f"n:{k}"], 4) if c[f"n:{k}"] else 0.0  # noqa: E731
    lrate = lambda k: round(c[f"lenient:{k}"] / c[f"n:{k}"], 4) if c[f"n:{k}"] else 0.0  # noqa: E731
    kinds = sorted({k.split(":", 2)[2] for k in c if k.startswith("n:mention:")})
    return {"n": c["n:all"], "strict": rate("all"), "lenient": lrate("all"),
            "by_mention": {k: {"n": c[f"n:mention:{k}"], "strict": rate(f"mention:{k}"),
                               "lenient": lrate(f"mention:{k}")} for k in kinds}, "errors": errors}


def summarise(c: Counter) -> dict[str, Any]:
    """Rates from :func:`score`'s counts."""
    def rate(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    p, r = rate(c["matched"], c["pred"]), rate(c["matched"], c["gold"])
    breakdown: dict[str, dict[str, Any]] = defaultdict(dict)
    for key, n in c.items():
        if key.startswith("n:") and key != "n:all":
            group, _, value = key[2:].partition(":")
            breakdown[group][value] = {"n": n, "strict": rate(c[f"strict:{key[2:]}"], n),
                                       "lenient": rate(c[f"lenient:{key[2:]}"], n)}
    return {
        "quotes": {"p": p, "r": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                   "pred": c["pred"], "gold": c["gold"], "matched": c["matched"]},
        "speaker": {"n": c["n:all"], "strict": rate(c["strict:all"], c["n:all"]),
                    "lenient": rate(c["lenient:all"], c["n:all"]),
                    "end_to_end_strict": rate(c["strict:all"], c["gold"]),
                    "end_to_end_lenient": rate(c["lenient:all"], c["gold"])},
        "breakdown": {k: dict(sorted(v.items(), key=lambda kv: -kv[1]["n"])) for k, v in sorted(breakdown.items())},
    }


def evaluate(split: str = "dev", *, limit: int | None = None, with_oracle: bool = False) -> dict[str, Any]:
    """Run the pipeline on ``split`` of the speaker set and score its quotations' speakers (with
    ``with_oracle`` also the resolver alone on the gold mentions: :func:`oracle`)."""
    docs = load_docs(split, limit=limit)
    timings: Counter = Counter()
    articles = run_stages(articles_for(docs), pipeline_stages(), timings=timings)
    res = score(docs, articles)
    n = max(1, len(docs))
    extra = {"oracle": oracle(docs, articles)} if with_oracle else {}
    return {"split": split, "docs": len(docs), **summarise(res["counts"]), "errors": res["errors"], **extra,
            "ms_per_article": {"base": round(1000 * timings["base"] / n, 2),
                               "quotes": round(1000 * timings["quotes"] / n, 2)}}


def format_report(res: dict[str, Any]) -> str:
    """Plain-text figures of :func:`evaluate`."""
    q, sp = res["quotes"], res["speaker"]
    lines = [f"speakers on {res['split']} ({res['docs']} documents, {q['gold']} gold quotations)",
             f"  quotations (overlap): P {q['p']:.3f}  R {q['r']:.3f}  F1 {q['f1']:.3f}  "
             f"({q['matched']} matched / {q['pred']} pred / {q['gold']} gold)",
             f"  speaker on matched:   strict {sp['strict']:.3f}  lenient {sp['lenient']:.3f}  (n={sp['n']})",
             f"  speaker end to end:   strict {sp['end_to_end_strict']:.3f}  lenient {sp['end_to_end_lenient']:.3f}"
             "  (right speakers / all gold quotations)"]
    for group, rows in res["breakdown"].items():
        if group == "rule":
            continue
        lines.append(f"  by {group}: " + ", ".join(f"{k} {v['strict']:.3f}/{v['lenient']:.3f} (n={v['n']})"
                                                   for k, v in rows.items()))
    if "oracle" in res:
        o = res["oracle"]
        lines.append(f"  resolution alone (gold mentions): strict {o['strict']:.3f}  lenient {o['lenient']:.3f}  "
                     f"(n={o['n']}); " + ", ".join(f"{k} {v['strict']:.3f}/{v['lenient']:.3f} (n={v['n']})"
                                                   for k, v in o["by_mention"].items()))
    ms = res["ms_per_article"]
    lines.append(f"  time: base NLP {ms['base']:.1f} ms/article, quotes {ms['quotes']:.1f} ms/article")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m lagebild.eval.speakers --split dev``."""
    ap = argparse.ArgumentParser(prog="python -m lagebild.eval.speakers", description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--errors", type=Path, default=None,
                    help="write the wrong speakers and missed quotations as JSONL (train and dev only)")
    ap.add_argument("--by-rule", action="store_true", help="also print speaker accuracy per extraction rule")
    ap.add_argument("--oracle", action="store_true",
                    help="also score the resolver alone on the gold speaker mentions (resolution without extraction)")
    args = ap.parse_args(argv)
    if args.errors is not None and args.split == "test":
        ap.error("--errors is for train and dev: test errors are not read")
    t0 = time.perf_counter()
    res = evaluate(args.split, limit=args.limit, with_oracle=args.oracle)
    print(format_report(res))
    if args.by_rule:
        for k, v in res["breakdown"].get("rule", {}).items():
            print(f"    {k:<36} {v['n']:>5}  {v['strict']:.3f}  {v['lenient']:.3f}")
    print(f"  ({time.perf_counter() - t0:.0f} s)")
    if args.errors is not None:
        with args.errors.open("w", encoding="utf-8") as f:
            for e in res["errors"]:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
            for e in res.get("oracle", {}).get("errors", []):
                f.write(json.dumps({"kind": "oracle", **e}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
