"""Hard-wrapped zeit.de texts in FANG-COVID: their lines arrive as paragraphs, so a paragraph break falls
inside most sentences. Measured on two months of zeit.de articles (reserved records left out) that break
a line before a lower-case word at least once: sentences the splitter makes, and how many of them start in
lower case (a split inside a sentence), without and with the repair (:func:`rejoin_wrapped`).

The rules were written on 2020-04 and their remaining errors inspected on 2020-11; 2021-01 was not looked
at before this measurement. Run: pytest -m slow -s tests/ingest/test_hardwrap_fang.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.ingest import common
from lagebild.eval.data.sources import reserved_fang_ids
from lagebild.ingest.records import record_to_article
from lagebild.nlp import Tokenize

MONTHS = ("2020-11", "2021-01")


def _wrapped_zeit(shared_dir: Path, month: str) -> list[dict]:
    folder = shared_dir / "data" / "fang_covid_de_news"
    reserved = reserved_fang_ids(folder.parent)
    out = []
    with (folder / "fang_covid_sample.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in reserved or rec["source"] != "zeit.de" or not rec["date_norm"].startswith(month):
                continue
            lines = [ln.strip() for ln in rec["article"].split("\n") if ln.strip()]
            if any(b[:1].islower() and not a.endswith(common.SENTENCE_DONE) for a, b in zip(lines, lines[1:])):
                out.append(rec)
    return out


def _splits(recs: list[dict], tok: Tokenize) -> tuple[int, int, int]:
    paragraphs = sentences = lower = 0
    for i, rec in enumerate(recs):
        a = tok(record_to_article(rec, path="fang", record=i, fields=None))
        texts = [a.text[s.start:s.end] for s in a.sentences]
        paragraphs += a.text.count("\n\n") + 1
        sentences += len(texts)
        lower += sum(1 for t in texts if t[:1].islower())
    return paragraphs, sentences, lower


@pytest.mark.slow
@pytest.mark.parametrize("month", MONTHS)
def test_hard_wraps_repaired(shared_dir: Path, month: str, monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _wrapped_zeit(shared_dir, month)
    tok = Tokenize()
    after = _splits(recs, tok)
    monkeypatch.setattr(common, "rejoin_wrapped", lambda lines: list(lines))
    before = _splits(recs, tok)
    print(f"\n{month}: {len(recs)} hard-wrapped zeit.de articles; paragraphs {before[0]} → {after[0]}, "
          f"sentences {before[1]} → {after[1]}, starting in lower case {before[2]} → {after[2]}")
    assert len(recs) >= 30
    # floors: raise them on purpose only
    assert after[2] <= 0.005 * after[1]
    assert after[1] < 0.75 * before[1]
