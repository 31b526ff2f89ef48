"""The benchmark runs end to end on a few FANG-COVID articles (figures themselves are not asserted)."""

from __future__ import annotations

from pathlib import Path

from lagebild.bench import bench_nlp, format_table


def test_bench_nlp_small(shared_dir: Path) -> None:
    path = shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    res = bench_nlp(path, limit=4, jobs=1)
    assert res["reading"]["articles"] == res["baseline"]["articles"] == res["nlp"]["articles"] == 4
    assert res["nlp"]["tokens"] > 100 and res["baseline"]["tokens"] > 100
    # same articles, comparable token counts (lagebild counts tokens of the body it analyses)
    assert 0.8 < res["nlp"]["tokens"] / res["baseline"]["tokens"] < 1.2
    assert set(res["nlp"]["stage_cpu_seconds"]) == {"language", "tokenize", "tag"}
    assert res["ratio"] > 0
    assert "lagebild: reading + base NLP" in format_table(res)
