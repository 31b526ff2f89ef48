"""Story evaluation: scorer tables (same rules as ../shared/tools/score.py), purity, pooling, and the gate
on the labelled dev weeks (data/stories)."""

from __future__ import annotations

import pytest

from lagebild.eval.stories import evaluate, format_report, format_weeks, pooled, purity

GOLD4 = {"a": "x", "b": "x", "c": "y", "d": "z"}


@pytest.mark.parametrize(("pred", "bcubed", "pairwise"), [
    (dict(GOLD4), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    ({}, (1.0, 0.75, 6 / 7), (0.0, 0.0, 0.0)),  # all singletons
    ({"a": "1", "b": "1", "c": "1", "d": "1"}, (0.375, 1.0, 6 / 11), (1 / 6, 1.0, 2 / 7)),
    ({"a": "1", "b": "2", "c": "1", "d": "3"}, (0.75, 0.75, 0.75), (0.0, 0.0, 0.0)),
])
def test_evaluate(pred: dict, bcubed: tuple, pairwise: tuple) -> None:
    r = evaluate(pred, GOLD4)
    assert (r["bcubed"]["p"], r["bcubed"]["r"], r["bcubed"]["f1"]) == pytest.approx(bcubed)
    assert (r["pairwise"]["p"], r["pairwise"]["r"], r["pairwise"]["f1"]) == pytest.approx(pairwise)
    assert r["bcubed"]["baseline_f1"] == pytest.approx(6 / 7)
    assert r["pairwise"]["baseline_f1"] == 0.0
    assert "all-singletons F1" in format_report(r)


def test_purity_of_the_largest_stories() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    r = purity(pred, gold, top=2)
    assert r["sizes"] == [3, 1] and r["majority"] == [2, 1] and r["purity"] == pytest.approx(3 / 4)
    assert purity({}, gold)["purity"] == 1.0


def test_pooled_keeps_weeks_apart() -> None:
    # the same ids and labels in two weeks must not pair across weeks
    week = ({"a": "1", "b": "1"}, {"a": "x", "b": "x", "c": "y"})
    r = pooled([week, week])
    assert r["pairs"] == {"tp": 2, "fp": 0, "fn": 0} and r["n_articles"] == 6
    assert r["pairwise"]["f1"] == 1.0
    single = evaluate(week[0], week[1])
    assert r["bcubed"]["f1"] == pytest.approx(single["bcubed"]["f1"])
    assert "== pooled dev" in format_weeks({"weeks": {}, "pooled": {"dev": r}})


def test_format_report_takes_a_semeval_result_alone() -> None:
    """`lagebild eval stories --semeval` prints run_semeval()'s result on its own."""
    sem = {"n_pairs": 4, "n_same": 1, "accuracy": 0.75, "majority_baseline": 0.75, "p": 0.5, "r": 1.0, "files": []}
    assert format_report(sem) == ("SemEval de-de pairs: accuracy 0.750 over 4 pairs "
                                  "(majority baseline 0.750; same-story P 0.500 R 1.000)")


@pytest.mark.parametrize(("scores", "same", "expected"), [
    ([0.1, 0.2, 0.8, 0.9], [False, False, True, True], 1.0),
    ([0.9, 0.8, 0.2, 0.1], [False, False, True, True], 0.0),
    ([0.5, 0.5, 0.5, 0.5], [False, True, False, True], 0.5),
    ([0.1, 0.7, 0.3, 0.9], [False, False, True, True], 0.75),
])
def test_auc(scores: list, same: list, expected: float) -> None:
    from lagebild.eval.stories import auc

    assert auc(scores, same) == pytest.approx(expected)


#: pinned floors per dev week (stages run first, as in `analyze`), a little below the figures in
#: docs/stories.md; raise only on purpose
FLOORS: dict[str, dict[str, float]] = {
    "2020-08-23": {"pairwise_p": 0.85, "pairwise_f1": 0.40, "bcubed_gain": 0.020},  # measured 0.895, 0.425, +0.027
    "2021-01-17": {"pairwise_p": 0.55, "pairwise_f1": 0.22, "bcubed_gain": 0.005},  # measured 0.600, 0.245, +0.010
    "pooled": {"pairwise_p": 0.75, "pairwise_f1": 0.33, "bcubed_gain": 0.015},  # measured 0.793, 0.357, +0.018
}


@pytest.mark.slow
def test_dev_weeks_gate(shared_dir) -> None:  # noqa: ANN001 - fixture
    from lagebild.eval.stories import run_weeks

    result = run_weeks(("dev",), data=shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl")
    report = format_weeks(result)
    for key, floor in FLOORS.items():
        r = result["pooled"]["dev"] if key == "pooled" else result["weeks"][key]
        assert r["pairwise"]["p"] >= floor["pairwise_p"], report
        assert r["pairwise"]["f1"] >= floor["pairwise_f1"], report
        assert r["bcubed"]["f1"] - r["bcubed"]["baseline_f1"] >= floor["bcubed_gain"], report
