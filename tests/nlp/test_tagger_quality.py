"""Eval gate: the fast tagger agrees with HanTa on held-out articles (slow; floors only raised on purpose)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from lagebild.model import Article
from lagebild.nlp import Tag, Tokenize
from lagebild.nlp.tag import default_model_path

REPO = Path(__file__).resolve().parents[2]
FLOOR = {"test_fang": 0.95, "test_gnad": 0.95}


def _train_pos():
    spec = importlib.util.spec_from_file_location("train_pos", REPO / "scripts" / "train_pos.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
@pytest.mark.parametrize("split", sorted(FLOOR))
def test_agreement_with_hanta_on_held_out(shared_dir: Path, split: str) -> None:
    meta = json.loads(default_model_path("de").with_suffix(".json").read_text(encoding="utf-8"))
    tp = _train_pos()
    items = [t for s, t in tp.sample_texts(seed=meta["seed"], **meta["sizes"]) if s == split][:25]
    tok, fast, hanta = Tokenize(), Tag(), Tag(engine="hanta")
    hit = tot = 0
    for text in items:
        a = fast(tok(Article(text=text, language="de")))
        gold = hanta(tok(Article(text=text, language="de")))
        for x, y in zip(a.tokens, gold.tokens):
            tot += 1
            hit += x.pos == y.pos
    assert tot > 5000
    assert hit / tot >= FLOOR[split], f"{split}: agreement {hit / tot:.4f} below floor {FLOOR[split]}"
