"""Story clustering evaluation: BCubed and pairwise P/R/F1 against a gold clustering, beside the
all-singletons baseline, on a FANG-COVID week; pairwise accuracy on SemEval-2022 Task 8 German pairs.

The scoring rules are those of ``../shared/tools/score.py stories`` (articles missing from the
prediction count as singletons), so the figures can be cross-checked with it.

    python -m lagebild.eval.stories tests/eval/stories_gold_2020-10-25_week.jsonl [--half first|second]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from ..stories import StoryClusterer

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
FANG = SHARED / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
SEMEVAL = SHARED / "data" / "semeval2022_task8_sample"
#: SemEval "Overall" (1 = very similar … 4 = very dissimilar) at or below this: same story
SEMEVAL_SAME = 1.5


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 over the gold ids (ids missing from `pred` are singletons)."""
    ids = list(gold)
    if not ids:
        return 0.0, 0.0, 0.0
    plab = {i: pred.get(i, f"__single_{i}") for i in ids}
    gs: dict[str, set[str]] = {}
    ps: dict[str, set[str]] = {}
    for i in ids:
        gs.setdefault(gold[i], set()).add(i)
        ps.setdefault(plab[i], set()).add(i)
    p = sum(len(gs[gold[i]] & ps[plab[i]]) / len(ps[plab[i]]) for i in ids) / len(ids)
    r = sum(len(gs[gold[i]] & ps[plab[i]]) / len(gs[gold[i]]) for i in ids) / len(ids)
    return p, r, _f1(p, r)


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over same-story article pairs among the gold ids."""
    ids = list(gold)
    plab = {i: pred.get(i, f"__single_{i}") for i in ids}
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        g, p = gold[a] == gold[b], plab[a] == plab[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, _f1(p, r)


def evaluate(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    """BCubed and pairwise P/R/F1 of `pred` against `gold` ({article id: story label}), each beside
    the all-singletons baseline."""
    out: dict[str, Any] = {"n_articles": len(gold), "n_gold_stories": len(set(gold.values())),
                           "n_pred_stories": len({pred.get(i, f"__single_{i}") for i in gold})}
    for name, fn in (("bcubed", bcubed), ("pairwise", pairwise)):
        p, r, f = fn(pred, gold)
        out[name] = {"p": p, "r": r, "f1": f, "baseline_f1": fn({}, gold)[2]}
    return out


def format_report(result: Mapping[str, Any]) -> str:
    """The evaluation as a few aligned lines (score.py's layout); a :func:`run_semeval` result alone gives
    its one line."""
    if "n_articles" not in result and "n_pairs" in result:
        return _semeval_line(result)
    lines = [f"{result['n_articles']} articles, {result['n_gold_stories']} gold stories, "
             f"{result['n_pred_stories']} predicted"]
    for name, label in (("bcubed", "BCubed"), ("pairwise", "pairwise")):
        m = result[name]
        lines.append(f"{label:<9} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}   "
                     f"(all-singletons F1 {m['baseline_f1']:.3f})")
    if "semeval" in result:
        lines.append(_semeval_line(result["semeval"]))
    return "\n".join(lines)


def _semeval_line(s: Mapping[str, Any]) -> str:
    return (f"SemEval de-de pairs: accuracy {s['accuracy']:.3f} over {s['n_pairs']} pairs "
            f"(majority baseline {s['majority_baseline']:.3f}; same-story P {s['p']:.3f} R {s['r']:.3f})")


def read_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Gold JSONL ({"id", "story", …} per line) → {id: record}; errors name the file and line."""
    gold: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                gold[str(rec["id"])] = rec
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise InputError(f"{path}:{n}: not a gold record ({e}); each line must be "
                                 '{"id": …, "story": …}') from e
    return gold


def fang_articles(data: str | Path, first: str, last: str) -> list[Article]:
    """FANG-COVID records with ``date_norm`` in [first, last] as Articles (the project's record reader)."""
    from ..ingest.records import record_to_article

    path = Path(data)
    if not path.is_file():
        raise InputError(f"{path} not found: put the FANG-COVID sample at ../shared/data/fang_covid_de_news "
                         "or pass data=PATH")
    out: list[Article] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            head = line[:400]
            i = head.find('"date_norm": "')
            d = head[i + 14 : i + 24] if i >= 0 else None
            if d is not None and not first <= d <= last:
                continue
            a = record_to_article(json.loads(line), path=str(path), record=n, fields=None)
            if isinstance(a, Article) and first <= (a.published or "") <= last:
                out.append(a)
    return out


def cluster_stream(articles: Iterable[Article], **options: Any) -> StoryClusterer:
    """Cluster articles day by day (one `add` call per publication day), as a stream would arrive."""
    by_day: dict[str, list[Article]] = {}
    for a in articles:
        by_day.setdefault(a.published or "", []).append(a)
    clusterer = StoryClusterer(**options)
    for day in sorted(by_day):
        clusterer.add(by_day[day])
    return clusterer


def _stream_dates(gold_recs: Mapping[str, Mapping[str, Any]], gold_path: str | Path,
                  context_days: int) -> tuple[str, str]:
    """First and last date of the stream around a gold week (±`context_days`)."""
    days = sorted({str(r["date"]) for r in gold_recs.values() if r.get("date")})
    if len(days) == 0 or any(not r.get("date") for r in gold_recs.values()):
        raise InputError(f"{gold_path}: every gold record needs its \"date\" (YYYY-MM-DD, the record's "
                         "date_norm) so the stream around it can be read; add it")
    d0, d1 = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return (d0 - timedelta(days=context_days)).isoformat(), (d1 + timedelta(days=context_days)).isoformat()


def stream_articles(gold_path: str | Path, *, data: str | Path = FANG, context_days: int = 3,
                    stages: bool = False) -> list[Article]:
    """The FANG-COVID stream around a gold week (±`context_days`), after the default per-article stages
    when `stages` is set (as ``analyze`` runs them)."""
    first, last = _stream_dates(read_gold(gold_path), gold_path, context_days)
    articles = fang_articles(data, first, last)
    return _with_stages(articles) if stages else articles


def _with_stages(articles: list[Article]) -> list[Article]:
    """The articles after the default per-article pipeline, as ``analyze`` runs it."""
    from ..run import build_pipeline

    pipeline = build_pipeline()
    return [pipeline.process(a) for a in articles]


def sweep(gold_path: str | Path, name: str, values: list[Any], *, data: str | Path = FANG, stages: bool = False,
          **options: Any) -> list[dict[str, Any]]:
    """Score the gold week once per value of option `name` (other `options` fixed) on one stream: how
    fragile the figure is around a setting."""
    articles = stream_articles(gold_path, data=data, stages=stages)
    out = []
    for v in values:
        r = run(gold_path, data=data, articles=articles, stages=stages, **{**options, name: v})
        out.append({"value": v, "pairwise_f1": r["pairwise"]["f1"],
                    "bcubed_gain": r["bcubed"]["f1"] - r["bcubed"]["baseline_f1"]})
    return out


def run(gold_path: str | Path, *, data: str | Path = FANG, context_days: int = 3, half: str | None = None,
        predictions: str | Path | None = None, stages: bool = False, articles: list[Article] | None = None,
        **options: Any) -> dict[str, Any]:
    """Cluster the gold week's articles with ±`context_days` of the stream around it and score them.

    `half` ("first" / "second") scores only the gold articles of the first or second half of the
    gold dates (tuning vs reporting); `predictions` writes {"external_id", "id", "story", "copy_of"}
    JSONL for ``score.py stories``; `stages` runs the default per-article pipeline (tokens, POS, lemmas,
    entities, …) first, as ``analyze`` does, instead of clustering raw text. `options` go to
    :class:`StoryClusterer`. `articles` (from :func:`stream_articles`) skips reading and the stages, so
    that several settings can be scored on one stream."""
    gold_recs = read_gold(gold_path)
    if articles is None:
        articles = stream_articles(gold_path, data=data, context_days=context_days, stages=stages)
    for a in articles:  # a fresh clustering every call
        a.story = a.copy_of = None
    days = sorted({str(r["date"]) for r in gold_recs.values() if r.get("date")})
    first, last = _stream_dates(gold_recs, gold_path, context_days)
    clusterer = cluster_stream(articles, **options)
    pred = {a.external_id: a.story for a in articles if a.external_id and a.story}
    missing = [i for i in gold_recs if i not in pred]
    if half is not None:
        if half not in ("first", "second"):
            raise InputError(f"half must be 'first' or 'second' (got {half!r})")
        first_days = set(days[: (len(days) + 1) // 2])
        gold_recs = {i: r for i, r in gold_recs.items() if (str(r["date"]) in first_days) == (half == "first")}
    gold = {i: str(r["story"]) for i, r in gold_recs.items()}
    result = evaluate(pred, gold)
    result.update({"gold": str(gold_path), "half": half, "stream_articles": len(articles),
                   "stream_dates": [first, last], "missing_from_data": len(missing),
                   "options": clusterer.options(), "stages": stages})
    if predictions:
        with open(predictions, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps({"external_id": a.external_id, "id": a.id, "story": a.story,
                                    "copy_of": a.copy_of}) + "\n")
    return result


def auc(scores: Any, same: Any) -> float:
    """Probability that a same-story pair scores above a different-story pair (ties count half)."""
    import numpy as np

    s, y = np.asarray(scores, dtype=float), np.asarray(same, dtype=bool)
    if y.all() or not y.any():
        return float("nan")
    order = np.argsort(s, kind="stable")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    for v in np.unique(s):  # average ranks of ties
        idx = s == v
        ranks[idx] = ranks[idx].mean()
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _nearest_date(expr: str, ref: date, precision: str) -> tuple[str, str] | None:
    """A date expression resolved (events stage's resolver) to the reading nearest the reference, day or
    month granularity: "am 2. November" in an article of 28 Oct 2020 is 2020-11-02 (the past reading
    alone gives 2019-11-02), "am Mittwoch" in an article of Friday the Wednesday before."""
    from ..events.dates import resolve

    best: tuple[int, str, str] | None = None
    for tense in ("past", "future"):
        r = resolve(expr, ref, ref_precision=precision, tense=tense)
        if r is None:
            continue
        value, gran = r
        try:
            if gran in ("day", "part-of-day"):
                dist, value, gran = abs((date.fromisoformat(value[:10]) - ref).days), value[:10], "day"
            elif gran == "month":
                dist = 30 * abs(int(value[:4]) * 12 + int(value[5:7]) - ref.year * 12 - ref.month)
            else:
                continue
        except ValueError:
            continue
        if best is None or dist < best[0]:
            best = (dist, value, gran)
    return (best[1], best[2]) if best else None


def date_terms(article: Article, *, max_chars: int = 3000) -> dict[str, int]:
    """``D:<date>`` terms for the days and months an article speaks of (headline, teaser, body up to
    `max_chars`), resolved against its publication day: "Bund und Länder hatten am Mittwoch beschlossen"
    in an article of Friday 30 Oct 2020 → ``D:2020-10-28``. The article's own day and month are left out.
    An event-anchoring feature measured with ``--separation``; the clusterer does not use it
    (docs/stories.md)."""
    from collections import Counter

    from ..events.dates import find_date_expressions, parse_reference

    ref = parse_reference(article.published)
    out: Counter[str] = Counter()
    if ref is None or ref[1] != "day":
        return dict(out)
    own = (ref[0].isoformat(), ref[0].isoformat()[:7])
    for text in (article.title or "", article.teaser or "", article.text[:max_chars]):
        for _s, _e, expr in find_date_expressions(text):
            r = _nearest_date(expr, ref[0], ref[1])
            if r is not None and r[0] not in own:
                out["D:" + r[0]] += 1
    return dict(out)


def event_terms(article: Article) -> dict[str, int]:
    """``V:<PLOVER type>|<source>|<date>`` signatures of the events stage's dated, not negated events:
    the same act by the same actor on the same day (empty unless the events stage ran). Measured with
    ``--separation --stages``; the clusterer does not use them (docs/stories.md)."""
    from collections import Counter

    return dict(Counter(f"V:{e.type}|{e.source or e.source_code or ''}|{e.date}"
                        for e in article.events if e.date and not e.negated))


def separation(gold_path: str | Path, *, data: str | Path = FANG, stages: bool = False,
               embeddings: bool = True) -> dict[str, dict[str, float]]:
    """How well each similarity separates same-story from other pairs of the gold articles: AUC and
    medians for the clusterer's TF-IDF cosine (idf over the gold articles), headline+lead embeddings,
    resolved-date terms (``D:``, :func:`date_terms`) alone and added to the TF-IDF vector, and — with
    `stages` (the default per-article pipeline first) — event signatures (``V:``, :func:`event_terms`)."""
    import math
    from collections import Counter

    import numpy as np

    from ..stories.features import cosine, term_counts, weigh

    gold_recs = read_gold(gold_path)
    days = sorted(str(r["date"]) for r in gold_recs.values())
    arts = [a for a in fang_articles(data, days[0], days[-1]) if a.external_id in gold_recs]
    if stages:
        arts = _with_stages(arts)
    labels = [str(gold_recs[a.external_id]["story"]) for a in arts]
    n = len(arts)
    iu = np.triu_indices(n, 1)
    same = np.array([labels[i] == labels[j] for i, j in zip(*iu)])

    def cosines(counts: list[Counter[str]]) -> Any:
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        vecs = [weigh(c, {t: math.log((n + 1) / (df[t] + 1)) + 1 for t in c}, 1.0) for c in counts]
        return np.array([cosine(vecs[i], vecs[j]) for i, j in zip(*iu)])

    counts = [term_counts(a) for a in arts]
    tfidf = cosines(counts)
    rows: dict[str, Any] = {"tfidf": tfidf}
    if embeddings:
        from ..stories.embed import embedding

        emb = np.stack([embedding(a) for a in arts])
        embc = (emb @ emb.T)[iu]
        rows["embedding"] = embc
        rows["0.3 embedding + 0.7 tfidf"] = 0.3 * embc + 0.7 * tfidf
    extra = [("D: dates", [Counter(date_terms(a)) for a in arts])]
    if stages:
        extra.append(("V: events", [Counter(event_terms(a)) for a in arts]))
    for name, terms in extra:
        rows[f"{name} alone"] = cosines(terms)
        rows[f"tfidf + {name}"] = cosines([c + t for c, t in zip(counts, terms)])
    out = {}
    for name, sc in rows.items():
        out[name] = {"auc": auc(sc, same), "same_median": float(np.median(sc[same])),
                     "other_median": float(np.median(sc[~same])), "other_p99": float(np.percentile(sc[~same], 99))}
        if name.endswith(" alone"):  # how often a pair shares any such term at all
            out[name]["same_shared"] = float((sc[same] > 0).mean())
            out[name]["other_shared"] = float((sc[~same] > 0).mean())
    return out


def semeval_pairs(data: str | Path = SEMEVAL, *, files: tuple[str, ...] = ("training_set.csv", "testing_set.csv"),
                  langs: tuple[str, str] = ("de", "de")) -> list[dict[str, Any]]:
    """The SemEval-2022 Task 8 sample pairs of one language pair, deduplicated by pair_id (first wins)."""
    seen: dict[str, dict[str, Any]] = {}
    for name in files:
        path = Path(data) / name
        if not path.is_file():
            raise InputError(f"{path} not found: put the SemEval sample at ../shared/data/"
                             "semeval2022_task8_sample or pass data=PATH")
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if (row["lang1"], row["lang2"]) == langs and row["pair_id"] not in seen:
                    seen[row["pair_id"]] = {"pair_id": row["pair_id"], "file": name, "text1": row["text1"],
                                            "text2": row["text2"], "overall": float(row["Overall"])}
    return list(seen.values())


def run_semeval(*, data: str | Path = SEMEVAL, files: tuple[str, ...] = ("training_set.csv", "testing_set.csv"),
                **options: Any) -> dict[str, Any]:
    """Pairwise accuracy on German–German pairs: each pair is clustered on its own (same day); the
    pair is predicted same-story when both texts land in one story; gold: Overall ≤ 1.5."""
    pairs = semeval_pairs(data, files=files)
    tp = fp = fn = tn = 0
    for pr in pairs:
        a = Article(text=pr["text1"], source="a", published="2020-01-01")
        b = Article(text=pr["text2"], source="b", published="2020-01-01")
        StoryClusterer(**options).add([a, b])
        same, gold_same = a.story == b.story, pr["overall"] <= SEMEVAL_SAME
        tp += same and gold_same
        fp += same and not gold_same
        fn += gold_same and not same
        tn += not same and not gold_same
    n = len(pairs)
    return {"n_pairs": n, "n_same": tp + fn, "accuracy": (tp + tn) / n if n else 0.0,
            "majority_baseline": max(tp + fn, fp + tn) / n if n else 0.0,
            "p": tp / (tp + fp) if tp + fp else 0.0, "r": tp / (tp + fn) if tp + fn else 0.0,
            "files": list(files)}


def _option(text: str, flag: str, *, many: bool = False) -> tuple[str, Any]:
    """``NAME=VALUE`` (or ``NAME=V1,V2,…`` with `many`) with JSON values; errors say the expected form."""
    name, sep, raw = text.partition("=")
    try:
        if not sep or not name:
            raise ValueError("no NAME=")
        return name, [json.loads(v) for v in raw.split(",")] if many else json.loads(raw)
    except ValueError as e:
        form = "NAME=V1,V2,..." if many else "NAME=VALUE"
        raise InputError(f"{flag} {text!r} is not {form} with JSON values ({e}); "
                         f"write e.g. {flag} threshold={'0.08,0.1' if many else '0.1'}") from e


def main(argv: list[str] | None = None) -> int:
    """Command line: score a gold week (and the SemEval pairs with --semeval)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", help="gold JSONL ({id, story, date} per line)")
    ap.add_argument("--data", default=str(FANG), help="FANG-COVID JSONL (default ../shared/...)")
    ap.add_argument("--half", choices=("first", "second"), default=None)
    ap.add_argument("--predictions", default=None, help="write predictions JSONL for score.py")
    ap.add_argument("--semeval", action="store_true", help="also report SemEval-2022 Task 8 de-de pairs")
    ap.add_argument("--separation", action="store_true",
                    help="print how well TF-IDF and embedding cosines separate the gold pairs (AUC) and exit")
    ap.add_argument("--sweep", default=None, metavar="NAME=V1,V2,...",
                    help="score once per value of one option on the same stream, e.g. threshold=0.08,0.1,0.12")
    ap.add_argument("--stages", action="store_true",
                    help="run the default per-article stages (tagger, NER, actors, …) before clustering")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                    help="StoryClusterer option, e.g. --option threshold=0.3")
    args = ap.parse_args(argv)
    options = dict(_option(o, "--option") for o in args.option)
    if args.separation:
        for name, m in separation(args.gold, data=args.data, stages=args.stages).items():
            shared = (f"  pairs sharing one: same {m['same_shared']:.3f} other {m['other_shared']:.3f}"
                      if "same_shared" in m else "")
            print(f"{name:<26} AUC {m['auc']:.3f}  same median {m['same_median']:.2f}  "
                  f"other median {m['other_median']:.2f}  other p99 {m['other_p99']:.2f}{shared}")
        return 0
    if args.sweep:
        name, values = _option(args.sweep, "--sweep", many=True)
        for row in sweep(args.gold, name, values, data=args.data, stages=args.stages, **options):
            print(f"{name}={row['value']}: pairwise F1 {row['pairwise_f1']:.3f}  BCubed gain {row['bcubed_gain']:+.3f}")
        return 0
    result = run(args.gold, data=args.data, half=args.half, predictions=args.predictions, stages=args.stages,
                 **options)
    if args.semeval:
        result["semeval"] = run_semeval(**options)
    print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
