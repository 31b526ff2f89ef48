"""Story evaluation: scorer tables (same rules as ../shared/tools/score.py) and the gold-week gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.eval.stories import evaluate, format_report, run

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "eval" / "stories_gold_2020-10-25_week.jsonl"
GOLD_AUG = REPO / "tests" / "eval" / "stories_gold_2020-08-23_week.jsonl"

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


#: pinned floors per dev week, a little below the measured figures (docs/stories.md); raise only on purpose
FLOORS = {
    GOLD: {"pairwise_f1": 0.53, "bcubed_gain": 0.055},  # measured 0.569 / +0.066
    GOLD_AUG: {"pairwise_f1": 0.55, "bcubed_gain": 0.01},  # measured 0.591 / +0.017
}


@pytest.mark.parametrize("gold", [GOLD, GOLD_AUG], ids=["2020-10-25", "2020-08-23"])
def test_gold_week_gate(gold: Path, shared_dir: Path, tmp_path: Path) -> None:
    if not gold.is_file():
        pytest.skip(f"{gold} missing")
    result = run(gold, data=shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl",
                 predictions=tmp_path / "pred.jsonl")
    assert result["missing_from_data"] == 0
    assert result["pairwise"]["f1"] >= FLOORS[gold]["pairwise_f1"], format_report(result)
    gain = result["bcubed"]["f1"] - result["bcubed"]["baseline_f1"]
    assert gain >= FLOORS[gold]["bcubed_gain"], format_report(result)
    assert (tmp_path / "pred.jsonl").stat().st_size > 0


@pytest.mark.parametrize(("scores", "same", "expected"), [
    ([0.1, 0.2, 0.8, 0.9], [False, False, True, True], 1.0),
    ([0.9, 0.8, 0.2, 0.1], [False, False, True, True], 0.0),
    ([0.5, 0.5, 0.5, 0.5], [False, True, False, True], 0.5),
    ([0.1, 0.7, 0.3, 0.9], [False, False, True, True], 0.75),
])
def test_auc(scores: list, same: list, expected: float) -> None:
    from lagebild.eval.stories import auc

    assert auc(scores, same) == pytest.approx(expected)


#: with the default per-article stages run first (as in `analyze`), a little below docs/stories.md
STAGES_FLOORS = {
    GOLD: {"pairwise_f1": 0.55, "bcubed_gain": 0.06},  # measured 0.585 / +0.071 (raw text 0.569 / +0.066)
    GOLD_AUG: {"pairwise_f1": 0.55, "bcubed_gain": 0.01},  # measured 0.591 / +0.017 (raw text the same)
}


@pytest.mark.slow
@pytest.mark.parametrize("gold", [GOLD, GOLD_AUG], ids=["2020-10-25", "2020-08-23"])
def test_gold_week_gate_with_stages(gold: Path, shared_dir: Path) -> None:
    if not gold.is_file():
        pytest.skip(f"{gold} missing")
    result = run(gold, data=shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl", stages=True)
    assert result["pairwise"]["f1"] >= STAGES_FLOORS[gold]["pairwise_f1"], format_report(result)
    gain = result["bcubed"]["f1"] - result["bcubed"]["baseline_f1"]
    assert gain >= STAGES_FLOORS[gold]["bcubed_gain"], format_report(result)


def test_format_report_takes_a_semeval_result_alone() -> None:
    """`lagebild eval stories --semeval` prints run_semeval()'s result on its own."""
    sem = {"n_pairs": 4, "n_same": 1, "accuracy": 0.75, "majority_baseline": 0.75, "p": 0.5, "r": 1.0, "files": []}
    assert format_report(sem) == ("SemEval de-de pairs: accuracy 0.750 over 4 pairs "
                                  "(majority baseline 0.750; same-story P 0.500 R 1.000)")
    week = {"n_articles": 3, "n_gold_stories": 2, "n_pred_stories": 2, "semeval": sem,
            **{k: {"p": 1.0, "r": 0.5, "f1": 0.667, "baseline_f1": 0.5} for k in ("bcubed", "pairwise")}}
    lines = format_report(week).splitlines()
    assert lines[0] == "3 articles, 2 gold stories, 2 predicted" and lines[-1].startswith("SemEval de-de pairs")
