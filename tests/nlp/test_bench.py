"""The benchmark runs end to end on a few FANG-COVID articles (figures themselves are not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.bench import MARK_END, MARK_START, bench, format_table, read_articles, section, write_section
from lagebild.eval.data.sources import reserved_fang_ids


@pytest.mark.slow
def test_bench_small(shared_dir: Path, tmp_path: Path) -> None:
    path = shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    res = bench(path, limit=3, jobs=(1,), repeats=1)
    run = res["runs"][1]
    base, lb = run["baseline"], run["lagebild"]
    assert base["articles"] == lb["articles"] == 3
    assert lb["tokens"] > 100 and base["tokens"] > 100
    # same articles, comparable token counts (lagebild counts tokens of the body it analyses)
    assert 0.8 < lb["tokens"] / base["tokens"] < 1.2
    assert {"language", "tokenize", "tag", "quotes"} <= set(lb["stage_cpu_ms_per_article"])
    assert run["ratio"] > 0 and lb["cpu_ms_per_article"] > 0
    assert "stock SoMaJo alone" in format_table(res)
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Benchmarks\n\nintro\n\n{MARK_START}\nold\n{MARK_END}\n\nrest\n", encoding="utf-8")
    write_section(page, section(res, "lagebild bench --limit 3"))
    text = page.read_text(encoding="utf-8")
    assert "old" not in text and "intro" in text and "rest" in text and "lagebild bench --limit 3" in text


def test_reserved_ids_are_skipped(shared_dir: Path) -> None:
    path = shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    reserved = reserved_fang_ids(shared_dir / "data")
    assert not any(a.external_id in reserved for a in read_articles(path, limit=300))
