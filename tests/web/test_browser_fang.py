"""The reader's walk on a store of 400 FANG-COVID articles (analysed in the fixture; reserved records left
out): no internal id in the visible text, no horizontal scrolling at 1,280 and 390 px, no console error.

Run: pytest -m "slow and browser" tests/web/test_browser_fang.py (a few minutes: the 400 articles are analysed).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lagebild.config import Settings
from lagebild.eval.data.sources import reserved_fang_ids
from lagebild.store import Store

from .test_browser import _need_chromium, browser  # noqa: F401 - the browser fixture
from .walk import Served, Walker, internal_ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]
N = 400
FIRST_DAY = "2020-11-01"


@pytest.fixture(scope="module")
def fang_store(shared_dir: Path, tmp_path_factory):
    _need_chromium()
    from lagebild.run import analyze

    folder = shared_dir / "data" / "fang_covid_de_news"
    reserved = reserved_fang_ids(folder.parent)
    out = tmp_path_factory.mktemp("fang")
    picked = out / "fang400.jsonl"
    n = 0
    with (folder / "fang_covid_sample.jsonl").open(encoding="utf-8") as fh, picked.open("w", encoding="utf-8") as w:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] not in reserved and rec["date_norm"] >= FIRST_DAY and n < N:
                w.write(line)
                n += 1
    db = out / "fang400.duckdb"
    t0 = time.perf_counter()
    report = analyze([str(picked)], settings=Settings(db=str(db), jobs=2), store=True, load_known=False)
    print(f"\nanalysed {report.n_new} FANG-COVID articles in {time.perf_counter() - t0:.0f} s")
    with Store(db, read_only=True) as st:
        ids = internal_ids(st)
    with Served(str(db)) as srv:
        yield srv.base, ids


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_walk_on_400_fang_articles(fang_store, browser, width, height):  # noqa: F811
    base, ids = fang_store
    page = browser.new_page(viewport={"width": width, "height": height})
    visited = Walker(page, width, ids).walk(base)
    print(f"{width} px: {len(visited)} pages, {len(ids)} internal ids checked against their text")
    page.close()
