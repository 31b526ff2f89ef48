"""The FANG-COVID stream (../shared/data) reads as it is: every record, no crash, real field names."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from lagebild.ingest import read_inputs
from lagebild.model import Article, Rejection


def test_all_fang_covid_records_read(shared_dir: Path) -> None:
    path = shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    t0 = time.perf_counter()
    arts: list[Article] = []
    rejections: Counter[str] = Counter()
    for item in read_inputs([str(path)]):
        if isinstance(item, Rejection):
            rejections[item.reason] += 1
        else:
            arts.append(item)
    seconds = time.perf_counter() - t0
    print(f"FANG-COVID: {len(arts)} articles in {seconds:.1f} s = {len(arts) / seconds:.0f} articles/s")
    assert not rejections
    assert len(arts) == 7000
    assert [a.record for a in arts[:3]] == [1, 2, 3]
    assert all(a.external_id and a.published and a.published_precision == "day" for a in arts)
    assert all(a.title and a.source and a.url and a.text for a in arts)
    assert all(a.meta["fields"]["label"] in ("real", "fake") for a in arts)
    assert all(a.language is None for a in arts)
    assert len({a.source for a in arts}) == 13
    assert not any(ln != ln.strip() for a in arts[:500] for ln in a.text.split("\n"))
    assert sum("\n\n" in a.text for a in arts) > 6000  # paragraphs kept
    assert arts[0].published <= arts[-1].published  # the stream is sorted by date
