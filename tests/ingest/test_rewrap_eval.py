"""Held-out check of the boxed reader's re-wrapping and paragraph detection.

Real news text (FANG-COVID, every 7th record from the 6th: records the reader was not tuned on; the
tuning used the records at offset 3) is wrapped greedily at 75 columns into the boxed layout, read
back, and compared with the original: words re-joined (hyphenation) and paragraph breaks (precision,
recall). FANG's paragraphs are noisy (scraped sub-headings, list items, cut sentences), which caps the
recall any reader can reach: a paragraph whose last line is full leaves no trace in wrapped text.

Run: .venv/bin/pytest -m slow tests/ingest/test_rewrap_eval.py -s
"""

from __future__ import annotations

import difflib
import json
import textwrap
import unicodedata
from pathlib import Path

import pytest

from lagebild.ingest.common import clean_paragraphs
from lagebild.ingest.text import read_text

N = 500


def _breaks(text: str) -> set[int]:
    """Paragraph ends as word offsets."""
    out, n = set(), 0
    for p in text.split("\n\n")[:-1]:
        n += len(p.split())
        out.add(n)
    return out


@pytest.mark.slow
def test_rewrap_held_out(shared_dir: Path) -> None:
    texts = []
    with (shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 7 == 5:
                raw = json.loads(line)["article"]
                texts.append(unicodedata.normalize("NFC", clean_paragraphs(raw, lines_are_paragraphs=True)))
            if len(texts) == N:
                break
    tp = fp = fn = word_errors = words = 0
    for text in texts:
        lines = ["# beispiel.de -- Titel"]
        for para in text.split("\n\n"):
            lines += textwrap.wrap(para, width=75, break_long_words=False, break_on_hyphens=True)
        got = read_text("\n".join(f"| {ln} | |" for ln in lines) + "\n", path="x.txt").text
        gb, tb = _breaks(got), _breaks(text)
        tp, fp, fn = tp + len(gb & tb), fp + len(gb - tb), fn + len(tb - gb)
        tw, gw = text.split(), got.split()
        words += len(tw)
        if tw != gw:
            ops = difflib.SequenceMatcher(a=tw, b=gw, autojunk=False).get_opcodes()
            word_errors += sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in ops if op != "equal")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\n{len(texts)} held-out articles, {words} words: word errors {word_errors} "
          f"({word_errors / words:.4%}); paragraph breaks P={precision:.3f} R={recall:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn})")
    # floors: raise them on purpose only
    assert word_errors / words < 0.0005
    assert precision >= 0.97
    assert recall >= 0.65
