"""Story clustering evaluation on the labelled FANG-COVID weeks (``data/stories``): every week on its own
and pooled, BCubed and pairwise P/R/F1 beside the all-singletons baseline, and the purity of the ten
largest predicted stories; pairwise accuracy on SemEval-2022 Task 8 German pairs.

Each week is clustered as a stream (:mod:`lagebild.stories.corpus`: the week and three days before it,
reserved ids left out, the per-article stages run first, one ``add`` call per day) and scored on its
labelled articles. The scoring rules are those of ``../shared/tools/score.py stories`` (articles missing
from the prediction count as singletons); ``--predictions DIR`` writes per week the predictions and the
gold file that script reads, for the cross-check.

    python -m lagebild.eval.stories                     # train and dev weeks (train weeks are in-sample)
    python -m lagebild.eval.stories --split dev         # dev weeks only
    python -m lagebild.eval.stories --split test        # the test weeks: once, at the end
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from ..stories import StoryClusterer
from ..stories.corpus import FANG, SHARED

SEMEVAL = SHARED / "data" / "semeval2022_task8_sample"
#: SemEval "Overall" (1 = very similar … 4 = very dissimilar) at or below this: same story
SEMEVAL_SAME = 1.5
#: purity is reported over this many largest predicted stories
TOP_STORIES = 10


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


def pair_counts(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) same-story pairs among the gold ids."""
    ids = list(gold)
    plab = {i: pred.get(i, f"__single_{i}") for i in ids}
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        g, p = gold[a] == gold[b], plab[a] == plab[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, _f1(p, r)


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over same-story article pairs among the gold ids."""
    return _prf(*pair_counts(pred, gold))


def purity(pred: Mapping[str, str], gold: Mapping[str, str], *, top: int = TOP_STORIES) -> dict[str, Any]:
    """Purity of the `top` largest predicted stories (by labelled members, ties by id): the share of their
    members that carry their story's most frequent gold label; with the sizes."""
    members: dict[str, list[str]] = {}
    for i in gold:
        if i in pred:
            members.setdefault(pred[i], []).append(i)
    largest = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    sizes = [len(m) for _, m in largest]
    right = [Counter(gold[i] for i in m).most_common(1)[0][1] for _, m in largest]
    return {"purity": sum(right) / sum(sizes) if sizes else 1.0, "sizes": sizes, "majority": right}


def evaluate(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    """BCubed and pairwise P/R/F1 of `pred` against `gold` ({article id: story label}), each beside
    the all-singletons baseline; purity of the largest predicted stories."""
    out: dict[str, Any] = {"n_articles": len(gold), "n_gold_stories": len(set(gold.values())),
                           "n_pred_stories": len({pred.get(i, f"__single_{i}") for i in gold})}
    for name, fn in (("bcubed", bcubed), ("pairwise", pairwise)):
        p, r, f = fn(pred, gold)
        out[name] = {"p": p, "r": r, "f1": f, "baseline_f1": fn({}, gold)[2]}
    out["pairs"] = dict(zip(("tp", "fp", "fn"), pair_counts(pred, gold)))
    out["purity"] = purity(pred, gold)
    return out


def pooled(results: Sequence[tuple[Mapping[str, str], Mapping[str, str]]]) -> dict[str, Any]:
    """Scores over several weeks together: each week's ids and labels kept apart (a story never spans
    two weeks), pairs counted within weeks, BCubed averaged over all articles, purity over the largest
    predicted stories of all weeks."""
    pred: dict[str, str] = {}
    gold: dict[str, str] = {}
    tp = fp = fn = 0
    for k, (p, g) in enumerate(results):
        pred.update({f"{k}:{i}": f"{k}:{s}" for i, s in p.items() if i in g})
        gold.update({f"{k}:{i}": f"{k}:{s}" for i, s in g.items()})
        t = pair_counts(p, g)
        tp, fp, fn = tp + t[0], fp + t[1], fn + t[2]
    out: dict[str, Any] = {"n_articles": len(gold), "n_gold_stories": len(set(gold.values())),
                           "n_pred_stories": len({pred.get(i, f"__single_{i}") for i in gold})}
    p, r, f = bcubed(pred, gold)
    out["bcubed"] = {"p": p, "r": r, "f1": f, "baseline_f1": bcubed({}, gold)[2]}
    p, r, f = _prf(tp, fp, fn)
    out["pairwise"] = {"p": p, "r": r, "f1": f, "baseline_f1": 0.0}
    out["pairs"] = {"tp": tp, "fp": fp, "fn": fn}
    out["purity"] = purity(pred, gold)
    return out


def format_report(result: Mapping[str, Any]) -> str:
    """The evaluation as a few aligned lines (score.py's layout, then purity); a :func:`run_semeval`
    result alone gives its one line."""
    if "n_articles" not in result and "n_pairs" in result:
        return _semeval_line(result)
    lines = [f"{result['n_articles']} articles, {result['n_gold_stories']} gold stories, "
             f"{result['n_pred_stories']} predicted"]
    for name, label in (("bcubed", "BCubed"), ("pairwise", "pairwise")):
        m = result[name]
        lines.append(f"{label:<9} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}   "
                     f"(all-singletons F1 {m['baseline_f1']:.3f})")
    if "purity" in result:
        pu = result["purity"]
        gain = result["bcubed"]["f1"] - result["bcubed"]["baseline_f1"]
        lines.append(f"BCubed gain over all-singletons {gain:+.3f}; purity of the {len(pu['sizes'])} largest "
                     f"stories {pu['purity']:.3f} (sizes {pu['sizes']})")
    if "semeval" in result:
        lines.append(_semeval_line(result["semeval"]))
    return "\n".join(lines)


def _semeval_line(s: Mapping[str, Any]) -> str:
    return (f"SemEval de-de pairs: accuracy {s['accuracy']:.3f} over {s['n_pairs']} pairs "
            f"(majority baseline {s['majority_baseline']:.3f}; same-story P {s['p']:.3f} R {s['r']:.3f})")


def cluster_days(articles: Sequence[Article], **options: Any) -> StoryClusterer:
    """Cluster articles day by day (one `add` call per publication day), as a stream would arrive; the
    articles' earlier assignments are cleared first."""
    by_day: dict[str, list[Article]] = {}
    for a in articles:
        a.story = a.copy_of = None
        by_day.setdefault(a.published or "", []).append(a)
    clusterer = StoryClusterer(**options)
    for day in sorted(by_day):
        clusterer.add(by_day[day])
    return clusterer


def run_weeks(splits: Sequence[str] = ("train", "dev"), *, data: str | Path = FANG, stages: bool = True,
              predictions: str | Path | None = None, **options: Any) -> dict[str, Any]:
    """Cluster and score every labelled week of `splits`; pooled figures per split. `options` go to
    :class:`StoryClusterer`; `predictions` (a folder) receives ``pred-<week>.jsonl`` and
    ``gold-<week>.jsonl`` for ``score.py stories``."""
    from ..stories.train import load_weeks

    weeks = load_weeks(splits, data=data, stages=stages)
    out: dict[str, Any] = {"weeks": {}, "pooled": {}}
    by_split: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {}
    for w in weeks:
        cluster_days(w.articles, **options)
        pred = {a.id: a.story for a in w.articles if a.story}
        out["weeks"][w.week] = {"split": w.split, "stream_articles": len(w.articles), **evaluate(pred, w.gold)}
        by_split.setdefault(w.split, []).append((pred, w.gold))
        if predictions:
            _write_predictions(Path(predictions), w.week, w.articles, w.gold)
    for split, rows in by_split.items():
        out["pooled"][split] = pooled(rows)
    return out


def _write_predictions(folder: Path, week: str, articles: Sequence[Article], gold: Mapping[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"pred-{week}.jsonl").open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"external_id": a.external_id, "id": a.id, "story": a.story,
                                "copy_of": a.copy_of}) + "\n")
    ext = {a.id: a.external_id for a in articles}
    with (folder / f"gold-{week}.jsonl").open("w", encoding="utf-8") as f:
        for i, s in gold.items():
            f.write(json.dumps({"id": ext[i], "story": s}) + "\n")


def format_weeks(result: Mapping[str, Any]) -> str:
    """Every week's report, then the pooled figures per split."""
    parts = []
    for week, r in result["weeks"].items():
        parts.append(f"== {week} ({r['split']}, stream {r['stream_articles']} articles)\n{format_report(r)}")
    for split, r in result["pooled"].items():
        parts.append(f"== pooled {split}\n{format_report(r)}")
    return "\n".join(parts)


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
    """Pairwise accuracy on German–German pairs: each pair is clustered on its own (same day, raw text); the
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


def option(text: str, flag: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with a JSON value; errors say the expected form."""
    name, sep, raw = text.partition("=")
    try:
        if not sep or not name:
            raise ValueError("no NAME=")
        return name, json.loads(raw)
    except ValueError as e:
        raise InputError(f"{flag} {text!r} is not NAME=VALUE with a JSON value ({e}); "
                         f"write e.g. {flag} threshold=0.5") from e


def main(argv: list[str] | None = None) -> int:
    """Command line: score the labelled weeks (and the SemEval pairs with --semeval)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="append", choices=("train", "dev", "test"), default=None,
                    help="weeks to score (repeatable; default train and dev — test only once, at the end)")
    ap.add_argument("--data", default=str(FANG), help="FANG-COVID JSONL (default ../shared/...)")
    ap.add_argument("--predictions", default=None, metavar="DIR", help="write predictions and gold per week for score.py")
    ap.add_argument("--raw", action="store_true", help="cluster raw text (no per-article stages first)")
    ap.add_argument("--semeval", action="store_true", help="also report SemEval-2022 Task 8 de-de pairs")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                    help="StoryClusterer option, e.g. --option threshold=0.5")
    args = ap.parse_args(argv)
    options = dict(option(o, "--option") for o in args.option)
    result = run_weeks(tuple(args.split or ("train", "dev")), data=args.data, stages=not args.raw,
                       predictions=args.predictions, **options)
    print(format_weeks(result))
    if args.semeval:
        print(format_report(run_semeval(**options)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
