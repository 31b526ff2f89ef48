"""Reading the precision of new event patterns on unlabelled news: the events that only the current or
only a previous ``lang/de/events`` folder codes.

    python -m lagebild.events.lexicon_diff OLD_EVENTS_DIR [--sample 1400] > diff.jsonl
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Article

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def lexicon_diff(old_events_dir: Path, *, sample: int = 1400, seed: int = 7,
                 shared_data: Path | None = None) -> list[dict[str, Any]]:
    """Events that only one of two lexicons codes, over unlabelled news (for reading the precision of new
    patterns): ``old_events_dir`` holds the previous ``lang/de/events/*.yaml``. Articles: the
    International/Inland/Panorama/Wirtschaft rows of 10kGNAD ``test.csv`` and the FANG-COVID sample,
    shuffled with ``seed``, labelled documents and reserved FANG-COVID ids left out, first ``sample`` taken, at most 4,000
    characters each; actors from the event package's lookup. Each row: ``change`` (new/gone), ``doc``,
    ``type``, ``trigger``, ``sentence``."""
    import csv
    import random
    import shutil
    import tempfile

    from ..events import patterns
    from ..events.coder import Coder
    from ..events.gazetteer import tag_entities
    from ..nlp import Tag, Tokenize

    data = shared_data or Path(os.environ.get("LAGEBILD_SHARED_DATA", SHARED_DATA))
    old_events_dir = Path(old_events_dir)
    if not (old_events_dir / "verbs.yaml").is_file():
        raise PipelineError(f"{old_events_dir}/verbs.yaml not found: give a folder with the previous lang/de/events/*.yaml "
                            "(e.g. git show HEAD:src/lagebild/lang/de/events/verbs.yaml > OLD/verbs.yaml, likewise the others)")
    from ..eval.data import docs_index
    from ..eval.data.sources import reserved_fang_ids

    labelled = set(docs_index())  # every labelled document ("gnad-<row>", "fang-<id>") stays out
    reserved = reserved_fang_ids(data)  # and the FANG-COVID ids kept for independent evaluation
    gnad, fang = data / "10kgnad" / "test.csv", data / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    for path in (gnad, fang):
        if not path.is_file():
            raise PipelineError(f"{path} not found: the unlabelled texts are read from ../shared/data beside the repository")
    arts: list[tuple[str, str, str | None]] = []
    csv.field_size_limit(10**9)
    with gnad.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if row and row[0] in {"International", "Inland", "Panorama", "Wirtschaft"} and f"gnad-{i}" not in labelled:
                arts.append((f"gnad-{i}", row[1], None))
    with fang.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            d = json.loads(line)
            if f"fang-{d.get('id')}" not in labelled and str(d.get("id")) not in reserved:
                arts.append((f"fang-{i}", (d.get("header") or "").strip() + ". " + (d.get("article") or "").strip(),
                             d.get("date_norm")))
    random.Random(seed).shuffle(arts)
    new = patterns.load_lexicon("de")
    lang_dir = patterns.LANG_DIR
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lang"
        shutil.copytree(lang_dir, root)
        for y in old_events_dir.glob("*.yaml"):
            shutil.copy(y, root / "de" / "events" / y.name)
        patterns.LANG_DIR = root
        patterns.load_lexicon.cache_clear()
        try:
            old = patterns.load_lexicon("de")
        finally:
            patterns.LANG_DIR = lang_dir
            patterns.load_lexicon.cache_clear()
    tok, tag = Tokenize(), Tag(engine="hanta")
    out: list[dict[str, Any]] = []
    for doc, text, day in arts[:sample]:
        a = Article(text=text[:4000], external_id=doc, language="de", published=day or "2016-01-01",
                    published_precision="day")
        a = tag(tok(a))
        a.entities = tag_entities(a, language="de")
        a.quotes = []
        counts = []
        for lex in (old, new):
            c: Counter = Counter((e.type, a.text[e.start:e.end], a.text[e.sentence_start:e.sentence_end])
                                 for e in Coder(lex, language="de").code(a))
            counts.append(c)
        for change, c in (("new", counts[1] - counts[0]), ("gone", counts[0] - counts[1])):
            for (typ, trig, sent), n in c.items():
                out.extend({"change": change, "doc": doc, "type": typ, "trigger": trig, "sentence": sent} for _ in range(n))
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="List as JSON Lines the events of unlabelled 10kGNAD/FANG-COVID "
                                 "articles that only the current or only a previous lang/de/events folder codes.")
    ap.add_argument("old_events_dir", type=Path, help="folder with the previous lang/de/events/*.yaml")
    ap.add_argument("--sample", type=int, default=1400, help="articles to code")
    args = ap.parse_args(argv)
    for row in lexicon_diff(args.old_events_dir, sample=args.sample):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
