"""Eval gate: quotation quality on a fixed slice of the dev split must not drop below pinned floors.

Floors sit a little below the measured figures (docs/quotes.md); raise them only on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.eval.quotes import evaluate

SLICE = 50  # the first 50 dev documents (about 15 s)
# measured on this slice (fast tagger): Direct F1 0.937, Indirect F1 0.789, Direct+Indirect F1 0.838 / P 0.864,
# exact Direct+Indirect F1 0.803, speaker 0.908; floors leave room for the other tagger engine (HanTa)
FLOORS = {
    ("overlap", "Direct", "f1"): 0.90,
    ("overlap", "Indirect", "f1"): 0.76,
    ("overlap", "Direct+Indirect", "f1"): 0.81,
    ("overlap", "Direct+Indirect", "p"): 0.84,
    ("exact", "Direct+Indirect", "f1"): 0.77,
}
SPEAKER_FLOOR = 0.87


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict:
    data = shared_dir / "data" / "german_news_quotation_attribution_2024"
    return evaluate("dev", limit=SLICE, data_dir=data)


@pytest.mark.parametrize(("key", "floor"), list(FLOORS.items()), ids=["-".join(k) for k in FLOORS])
def test_quote_quality_floor(result: dict, key: tuple[str, str, str], floor: float) -> None:
    mode, kind, metric = key
    assert result[mode][kind][metric] >= floor, f"{mode} {kind} {metric} fell below {floor}: {result[mode][kind]}"


def test_speaker_floor(result: dict) -> None:
    assert result["speaker"]["accuracy"] >= SPEAKER_FLOOR, result["speaker"]
