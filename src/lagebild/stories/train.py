"""Training the same-story pair model: ``lagebild train stories`` (``python -m lagebild.stories.train``).

1. **Pairs.** Each labelled week's stream (:mod:`.corpus`: the week and three days before it, reserved ids
   left out, the per-article stages run first) is represented as the clusterer represents it
   (:func:`.cluster.featurize`); every pair of two labelled articles at most ``window_days`` apart is a
   training row, labelled 1 when both carry the same story. A story of ``k`` articles gives ``k(k-1)/2``
   positive pairs, so one large story would dominate; each positive pair is weighted ``1 / (k - 1)`` (every
   article's positive pairs together weigh one, whatever the size of its story).
2. **Fit** on the train weeks (logistic regression, :mod:`.model`; IRLS, no randomness).
3. **Calibrate** on the dev weeks' pairs (Platt scaling).
4. **Threshold.** Cluster each dev week's stream with the model at a grid of calibrated thresholds and
   take the lowest threshold at which the dev weeks' pooled pairwise precision is ≥ ``target_precision``
   (0.85) — precision first; when no threshold reaches it, the one with the highest pooled precision.
5. Write the model file with its card figures (``meta``). The file is byte-reproducible: the same data
   and code give the same bytes.

``--cv`` instead reports leave-one-week-out cross-validation over the train weeks (how settings were
chosen; the dev and test weeks are not touched).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Article
from .cluster import featurize
from .corpus import FANG, gold_labels, week_stream
from .model import MODEL_FILE, PairModel, logloss
from .pairs import FEATURES, Rep, pair_features

VERSION = "1"
#: the model's input columns (base features of .pairs, derived ones)
COLUMNS: tuple[str, ...] = (
    "tfidf", "sqrt:tfidf", "lead", "title", "actors", "places", "events", "events_partial", "embedding",
    "gap", "same_day", "same_outlet", "daily_other_day", "daily_both", "live", "short", "tfidf*same_day",
)
L2 = 1.0
TARGET_PRECISION = 0.85
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 20))


@dataclass
class Week:
    """One labelled week: its stream (stages run) and gold labels by article id."""

    week: str
    split: str
    articles: list[Article]
    gold: dict[str, str]  # article id -> story
    reps: dict[str, Any] = field(default_factory=dict)  # representations kept between clusterings
    pairs: dict[tuple[int, bool], Any] = field(default_factory=dict)  # week_pairs results kept between fits


def load_weeks(splits: Sequence[str] = ("train", "dev"), *, data: str | Path = FANG, stages: bool = True) -> list[Week]:
    """The labelled weeks of `splits` as streams with gold labels."""
    from ..eval.data import story_weeks

    out = []
    for split in splits:
        for week, labels in sorted(gold_labels(story_weeks(split)).items()):
            arts = week_stream(week, data=data, stages=stages)
            gold = {a.id: labels[a.external_id] for a in arts if a.external_id in labels}
            out.append(Week(week, split, arts, gold))
    return out


def week_pairs(week: Week, *, window_days: int = 7, embeddings: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and sample weights of every pair of labelled articles of a week at most
    `window_days` apart (the later article first, as the clusterer scores it); kept on the week."""
    key = (window_days, embeddings)
    if key not in week.pairs:
        week.pairs[key] = _week_pairs(week, window_days=window_days, embeddings=embeddings)
    return week.pairs[key]


def _week_pairs(week: Week, *, window_days: int, embeddings: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    reps = featurize(week.articles, window_days=window_days, embeddings=embeddings)
    labelled: list[Rep] = [r for r in reps if r.id in week.gold]
    size = Counter(week.gold[r.id] for r in labelled)
    rows, ys, ws = [], [], []
    for i, a in enumerate(labelled):
        earlier = [b for b in labelled[:i] if not a.day or not b.day or a.day - b.day <= window_days]
        if not earlier:
            continue
        rows.append(pair_features(a, earlier))
        for b in earlier:
            same = week.gold[a.id] == week.gold[b.id]
            ys.append(1.0 if same else 0.0)
            ws.append(1.0 / (size[week.gold[a.id]] - 1) if same else 1.0)
    X = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))
    return X, np.asarray(ys), np.asarray(ws)


def fit(weeks: Sequence[Week], *, columns: Sequence[str] = COLUMNS, l2: float = L2, weighted: bool = True,
        embeddings: bool = True) -> PairModel:
    """A pair model fitted on the pairs of `weeks` (uncalibrated: calibration (1, 0))."""
    parts = [week_pairs(w, embeddings=embeddings) for w in weeks]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([p[2] for p in parts]) if weighted else None
    return PairModel.fit(X, y, tuple(columns), sample_weight=w, l2=l2, embedding=embeddings)


def cluster_week(week: Week, model: PairModel, threshold: float, **options: Any) -> dict[str, str]:
    """Cluster a week's stream (one `add` per day) and return {article id: story} of its labelled articles.
    The week keeps the articles' representations between calls (:class:`StoryClusterer` ``rep_cache``)."""
    from ..eval.stories import cluster_days

    cluster_days(week.articles, model=model, threshold=threshold, rep_cache=week.reps, **options)
    return {a.id: a.story for a in week.articles if a.id in week.gold and a.story}


def score_week(week: Week, pred: dict[str, str]) -> dict[str, Any]:
    from ..eval.stories import evaluate

    return evaluate(pred, week.gold)


def sweep(week: Week, model: PairModel, thresholds: Sequence[float] = THRESHOLDS, **options: Any) -> list[dict[str, Any]]:
    """Scores of a week clustered at each threshold."""
    out = []
    for t in thresholds:
        r = score_week(week, cluster_week(week, model, t, **options))
        out.append({"threshold": t, **_brief(r)})
    return out


def _brief(r: dict[str, Any]) -> dict[str, float]:
    return {"pair_p": r["pairwise"]["p"], "pair_r": r["pairwise"]["r"], "pair_f1": r["pairwise"]["f1"],
            "bcubed_f1": r["bcubed"]["f1"], "bcubed_gain": r["bcubed"]["f1"] - r["bcubed"]["baseline_f1"],
            **r["pairs"]}


def pooled_precision(sweeps: Sequence[Sequence[dict[str, Any]]], i: int) -> float:
    """Pairwise precision of row `i` over all weeks' pairs together (1 when no pair is predicted)."""
    tp = sum(s[i]["tp"] for s in sweeps)
    fp = sum(s[i]["fp"] for s in sweeps)
    return tp / (tp + fp) if tp + fp else 1.0


def choose_threshold(sweeps: Sequence[Sequence[dict[str, Any]]], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold at which the weeks' pooled pairwise precision reaches `target`; when none does,
    the one with the highest pooled precision (the lowest of equals)."""
    thresholds = [row["threshold"] for row in sweeps[0]]
    precision = [pooled_precision(sweeps, i) for i in range(len(thresholds))]
    for t, p in zip(thresholds, precision):
        if p >= target:
            return t
    return thresholds[int(np.argmax(precision))]


def cross_validate(weeks: Sequence[Week], *, thresholds: Sequence[float] = THRESHOLDS, **fit_options: Any) -> dict[str, Any]:
    """Leave-one-week-out over `weeks`: for each, fit on the others and sweep the held-out week's clustering
    (raw, uncalibrated probabilities)."""
    per_week = {}
    for held in weeks:
        model = fit([w for w in weeks if w is not held], **fit_options)
        per_week[held.week] = sweep(held, model, thresholds)
    pooled = []
    for i, t in enumerate(thresholds):
        rows = [per_week[w][i] for w in per_week]
        pooled.append({"threshold": t, **{k: float(np.mean([r[k] for r in rows])) for k in rows[0] if k != "threshold"}})
    return {"per_week": per_week, "mean": pooled}


def train(*, out: str | Path = MODEL_FILE, data: str | Path = FANG, columns: Sequence[str] = COLUMNS,
          l2: float = L2, embeddings: bool = True, target: float = TARGET_PRECISION) -> PairModel:
    """Fit on train, calibrate and choose the threshold on dev, write the model file (see the module doc)."""
    train_weeks = load_weeks(("train",), data=data)
    dev_weeks = load_weeks(("dev",), data=data)
    model = fit(train_weeks, columns=columns, l2=l2, embeddings=embeddings)
    dev = [week_pairs(w, embeddings=embeddings) for w in dev_weeks]
    Xd, yd = np.vstack([d[0] for d in dev]), np.concatenate([d[1] for d in dev])
    model.calibrate(Xd, yd)
    sweeps = [sweep(w, model, THRESHOLDS) for w in dev_weeks]
    model.threshold = choose_threshold(sweeps, target)
    at = THRESHOLDS.index(model.threshold)
    model.meta = {
        "version": VERSION,
        "trained_on": {w.week: len(w.gold) for w in train_weeks},
        "calibrated_on": {w.week: len(w.gold) for w in dev_weeks},
        "l2": l2,
        "pair_weighting": "positive pairs 1/(story size - 1)",
        "dev_pairs": int(len(yd)), "dev_positive_pairs": int(yd.sum()),
        "dev_logloss_calibrated": round(logloss(model.proba(Xd), yd), 5),
        "dev_at_threshold": {w.week: {k: round(v, 4) for k, v in s[at].items()} for w, s in zip(dev_weeks, sweeps)},
        "dev_pooled_precision": {f"{t:.2f}": round(pooled_precision(sweeps, i), 4) for i, t in enumerate(THRESHOLDS)},
        "target_precision": target,
        "data": "data/stories (FANG-COVID weeks, labels CC BY 4.0 project annotation); texts not shipped",
        "licence": "same as lagebild",
    }
    model.save(out)
    return model


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--data", default=str(FANG))
    ap.add_argument("--cv", action="store_true", help="leave-one-week-out cross-validation on the train weeks")
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args(argv)
    if args.cv:
        res = cross_validate(load_weeks(("train",), data=args.data), embeddings=not args.no_embeddings)
        print(json.dumps(res, indent=1))
        return 0
    model = train(out=args.out, data=args.data, embeddings=not args.no_embeddings)
    print(json.dumps({"out": args.out, "sha256": file_digest(args.out), "threshold": model.threshold,
                      "calibration": model.calibration, "meta": model.meta}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
