"""NER evaluation on GermEval 2014: strict outer-span match, precision/recall/F1 per class.

``evaluate(split="test", classes=4)`` tags every sentence of the split with the shipped model and
scores the 4-class view (PER, ORG, LOC, MISC; OTH/*deriv/*part → MISC) or the official 12 classes.
The GermEval **test** split is for reporting only; model selection uses a held-out part of dev
(``scripts/train_ner.py``). Run: ``python -m lagebild.eval.ner --split test``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..actors.ner_data import TaggedSentence, load_split, spans_from_tags

Span = tuple[int, int, str]

#: ../shared/data/germeval2014_ner beside the repository clone
DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "germeval2014_ner"


def score_spans(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> dict:
    """Strict span scores: a prediction counts only with the exact start, end and label."""
    tp: Counter = Counter()
    n_gold: Counter = Counter()
    n_pred: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        for _, _, lab in gs:
            n_gold[lab] += 1
        for _, _, lab in ps:
            n_pred[lab] += 1
        for _, _, lab in gs & ps:
            tp[lab] += 1

    def prf(t: int, ng: int, np_: int) -> dict:
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": ng, "pred": np_, "tp": t}

    labels = sorted(set(n_gold) | set(n_pred))
    return {
        "overall": prf(sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())),
        "per_class": {lab: prf(tp[lab], n_gold[lab], n_pred[lab]) for lab in labels},
    }


def confusions(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], *, top: int = 10) -> list:
    """The most frequent error kinds: label confusions on the same span, boundary errors, misses."""
    c: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        gmap = {(s, e): lab for s, e, lab in g}
        pmap = {(s, e): lab for s, e, lab in p}
        for span, lab in gmap.items():
            if span in pmap:
                if pmap[span] != lab:
                    c[f"{lab} tagged as {pmap[span]}"] += 1
            elif any(s < span[1] and span[0] < e for s, e in pmap):
                c[f"{lab} with wrong boundaries"] += 1
            else:
                c[f"{lab} missed"] += 1
        for span, lab in pmap.items():
            if span not in gmap and not any(s < span[1] and span[0] < e for s, e in gmap):
                c[f"spurious {lab}"] += 1
    return c.most_common(top)


def evaluate_sentences(sents: Sequence[TaggedSentence], *, classes: int = 4, tagger=None) -> dict:
    """Tag ``sents`` and score them (``classes`` 4 or 12); adds speed and the top confusions."""
    from ..actors.ner import NerTagger

    if classes not in (4, 12):
        raise ValueError(f"classes must be 4 or 12, not {classes!r}")
    tagger = tagger if tagger is not None else NerTagger()
    gold = [spans_from_tags(s.tags, classes=classes) for s in sents]
    t0 = time.perf_counter()
    pred = [tagger.tag_tokens(s.words, fine=classes == 12) for s in sents]
    secs = time.perf_counter() - t0
    n_tok = sum(len(s.words) for s in sents)
    out = score_spans(gold, pred)
    out.update(
        classes=classes,
        sentences=len(sents),
        tokens=n_tok,
        seconds=round(secs, 3),
        tokens_per_second=round(n_tok / secs) if secs else None,
        confusions=confusions(gold, pred),
    )
    return out


def evaluate(split: str = "test", *, classes: int = 4, data_dir: Path | None = None, limit: int | None = None) -> dict:
    """Score the shipped model on a GermEval 2014 split (strict outer spans); ``limit`` keeps the first N."""
    sents = load_split(data_dir or DEFAULT_DATA, split)
    if limit is not None:
        sents = sents[:limit]
    out = evaluate_sentences(sents, classes=classes)
    out["split"] = split
    return out


def speed(articles: Sequence, *, tagger=None) -> dict:
    """Tagging throughput of ``NerStage`` on tokenised articles (model load excluded)."""
    from ..actors.ner import NerStage, NerTagger

    stage = NerStage(tagger=tagger if tagger is not None else NerTagger())
    if articles:
        stage.tagger.tag_tokens(["Berlin"])  # load the model before timing
    t0 = time.perf_counter()
    for a in articles:
        stage(a)
    secs = time.perf_counter() - t0
    n_tok = sum(len(a.tokens) for a in articles)
    return {
        "articles": len(articles),
        "tokens": n_tok,
        "seconds": round(secs, 3),
        "tokens_per_second": round(n_tok / secs) if secs else None,
        "articles_per_second": round(len(articles) / secs, 1) if secs else None,
    }


def news_articles(n: int, *, shared_data: Path | None = None) -> list:
    """The first ``n`` FANG-COVID articles, tokenised with the project tokenizer (for ``speed``)."""
    from ..actors.ner_clusters import corpus_texts
    from ..model import Article
    from ..nlp.tokenize import Tokenize

    tok = Tokenize()
    out = []
    for text in corpus_texts(shared_data or DEFAULT_DATA.parent):
        a = Article(text=text.strip(), language="de")
        out.append(tok(a))
        if len(out) >= n:
            break
    return out


def format_report(result: dict) -> str:
    """A plain-text table of one ``evaluate`` result."""
    lines = [
        f"GermEval 2014 {result.get('split', '?')} · {result['classes']} classes · strict outer spans · "
        f"{result['sentences']} sentences, {result['tokens']} tokens",
        f"{'class':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}",
    ]
    rows = list(result["per_class"].items()) + [("overall", result["overall"])]
    for lab, m in rows:
        lines.append(
            f"{lab:<10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['gold']:>7}{m['pred']:>7}"
        )
    if result.get("tokens_per_second"):
        lines.append(f"speed: {result['tokens_per_second']} tokens/s (tagging incl. features)")
    if result.get("confusions"):
        lines.append("top errors: " + "; ".join(f"{k} ({v})" for k, v in result["confusions"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m lagebild.eval.ner --split test [--classes 4|12|both]``."""
    ap = argparse.ArgumentParser(prog="python -m lagebild.eval.ner", description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test"], default="test")
    ap.add_argument("--classes", choices=["4", "12", "both"], default="both")
    ap.add_argument("--data", type=Path, default=None, help="GermEval folder (default ../shared/data/germeval2014_ner)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    ap.add_argument("--speed", type=int, default=0, metavar="N", help="also time tagging N news articles")
    args = ap.parse_args(argv)
    if args.speed:
        arts = news_articles(args.speed, shared_data=args.data.parent if args.data else None)
        r = speed(arts)
        print(
            f"speed: {r['articles']} articles, {r['tokens']} tokens in {r['seconds']} s → "
            f"{r['tokens_per_second']} tokens/s, {r['articles_per_second']} articles/s (1 process)"
        )
    for k in (4, 12) if args.classes == "both" else (int(args.classes),):
        print(format_report(evaluate(args.split, classes=k, data_dir=args.data, limit=args.limit)))
        print()


if __name__ == "__main__":
    main()
