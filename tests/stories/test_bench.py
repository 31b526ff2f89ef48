"""Benchmark smoke run (slow: reads the whole FANG-COVID sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.stories.bench import bench


@pytest.mark.slow
def test_bench_small(shared_dir: Path) -> None:
    r = bench(2, data=shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl", limit=200)
    assert r["single"]["articles"] == 200 and r["replicated"]["articles"] == 400
    # the window, not the stream, sets the state size
    assert r["replicated"]["state_bytes"] == r["single"]["state_bytes"]
    assert r["time_ratio"] > 0
