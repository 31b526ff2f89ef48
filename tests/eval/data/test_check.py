"""The labelled-set checker: it passes on data/ and catches broken records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.eval.data import check
from lagebild.eval.data.check import Checker, events_agreement, stories_agreement


def test_data_dir_is_clean(shared_dir: Path) -> None:
    ch = Checker(shared=shared_dir / "data")
    lines = check.summarise(ch)
    assert ch.problems == []
    summary = [line.split(":")[0] for line in lines if line.startswith("data-check")]
    assert summary == [f"data-check {s}" for s in ("events", "entities", "stories", "speakers")]


def _write(tmp: Path, name: str, split: str, rows: list[dict]) -> None:
    (tmp / name).mkdir(parents=True, exist_ok=True)
    (tmp / name / f"{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_bad_records_are_reported(tmp_path: Path, shared_dir: Path) -> None:
    doc = "wn-11059"
    (tmp_path / "docs.jsonl").write_text(json.dumps({"doc": doc, "dataset": "wikinews", "split": "dev", "sets": ["events"]}) + "\n")
    good_sha = check.sha("Gestern gab es erneut einen Zwischenfall mit einem Flugzeug mit 318 Passagieren an Bord.")
    ev = {"type": "FLY", "modality": "asserted", "negated": False, "trigger": [0, 7], "source": None, "target": None,
          "claimant": None, "date_text": None}
    _write(tmp_path, "events", "train", [{"doc": doc, "sent": 0, "start": 0, "end": 88, "sha": good_sha, "events": [ev]},
                                         {"doc": "fang-70", "sent": 0, "start": 0, "end": 5, "sha": "x", "events": []}])
    check.docs_index.cache_clear()
    try:
        ch = Checker(data_dir=tmp_path, shared=shared_dir / "data")
        check.summarise(ch)
    finally:
        check.docs_index.cache_clear()
    text = "\n".join(ch.problems)
    assert "'FLY' is not a PLOVER type" in text
    assert "in split train here but dev" in text
    assert "fang-70 is a reserved FANG-COVID id" in text


@pytest.mark.parametrize(
    ("a", "b", "kappa"),
    [(["x", "x", "y", "z"], ["x", "x", "y", "z"], 1.0), (["x", "x", "y", "y"], ["p", "q", "r", "s"], 0.0)],
)
def test_story_kappa(a: list[str], b: list[str], kappa: float) -> None:
    first = [{"week": "w", "doc": f"d{i}", "story": s} for i, s in enumerate(a)]
    second = [{"week": "w", "doc": f"d{i}", "story": s} for i, s in enumerate(b)]
    assert stories_agreement(first, second)["kappa"] == pytest.approx(kappa)


def test_event_agreement_counts_types_and_triples() -> None:
    ev = lambda t, s, g: {"type": t, "source": {"code": s, "name": s}, "target": {"code": g, "name": g} if g else None,  # noqa: E731
                          "trigger": [0, 3], "modality": "asserted", "negated": False}
    first = [{"doc": "d", "sent": 0, "events": [ev("REQUEST", "RUSGOV", "IGOWSTNAT"), ev("REJECT", "USAGOV", None)]}]
    second = [{"doc": "d", "sent": 0, "events": [ev("REQUEST", "RUSMIL", "IGOWSTNAT")]}]
    r = events_agreement(first, second)
    assert r["type_f1"] == pytest.approx(2 / 3)
    assert r["triple_f1"] == pytest.approx(2 / 3)  # country root RUS matches
