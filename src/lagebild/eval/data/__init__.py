"""The labelled sets under ``data/`` and their loaders (used by every trainer and scorer).

Four sets, one JSONL file per split (``data/<set>/<split>.jsonl``), formats in docs/data.md:

* ``events``   — one record per sentence of whole articles: PLOVER events with trigger, source and target
  spans, canonical actor names and codes, negation, modality, claimant and date;
* ``entities`` — one record per sentence: GermEval-style name spans with actor flag and actor type;
* ``speakers`` — one record per quotation: span, kind, cue, canonical speaker, speaker mention and the
  mention that resolves it;
* ``stories``  — one record per article of a labelled week: its story label.

Offsets point into :func:`sources.source_doc` ``(doc).text``; records of non-redistributable sources hold no
text, only a ``sha`` of the covered text, so the loaders fill ``text`` from ``../shared/data``.
``second.jsonl`` files hold the second annotator's labels of a sample (agreement only).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import PipelineError
from .sources import REPO, SHARED_DATA, SourceDoc, source_doc

DATA_DIR = REPO / "data"
SETS: dict[str, str] = {"events": "sentences", "entities": "sentences", "stories": "pairs", "speakers": "quotations"}
SPLITS = ("train", "dev", "test")


def set_dir(name: str, *, data_dir: Path | None = None) -> Path:
    if name not in SETS:
        raise PipelineError(f"unknown labelled set {name!r}: use one of {', '.join(SETS)}")
    return (data_dir or DATA_DIR) / name


def split_names(name: str, *, data_dir: Path | None = None) -> list[str]:
    """The splits a set has on disk (train, dev, test, legacy-…), without ``second``."""
    d = set_dir(name, data_dir=data_dir)
    return sorted(p.stem for p in d.glob("*.jsonl") if p.stem != "second")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise PipelineError(f"{path} not found: the labelled sets live in data/ (docs/data.md)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(name: str, split: str, *, data_dir: Path | None = None, shared: Path | None = None,
         with_text: bool = True) -> list[dict[str, Any]]:
    """Records of one split (``train``/``dev``/``test``/``legacy-…``/``second``) of a set.

    With ``with_text`` sentence records get ``text`` (the sentence) and speaker records ``text`` (the
    quotation) from the source document; a text reference that does not match its ``sha`` raises.
    """
    rows = read_jsonl(set_dir(name, data_dir=data_dir) / f"{split}.jsonl")
    if with_text and name != "stories":
        for r in rows:
            s, e = (r["start"], r["end"]) if "start" in r else r["quote"]
            text = document(r["doc"], shared=shared).text[s:e]
            r["text"] = text
    return rows


def document(doc: str, *, shared: Path | None = None) -> SourceDoc:
    return source_doc(doc, data=shared)


def by_document(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group sentence records by document, in sentence order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r["doc"]].append(r)
    for recs in out.values():
        recs.sort(key=lambda r: r.get("sent", r.get("start", 0)))
    return dict(out)


def story_weeks(split: str, *, data_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """``{week: {doc: story}}`` of a split of the story set."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in load("stories", split, data_dir=data_dir, with_text=False):
        out[r["week"]][r["doc"]] = r["story"]
    return dict(out)


@lru_cache(maxsize=1)
def docs_index(data_dir: str | None = None) -> dict[str, dict[str, Any]]:
    """``data/docs.jsonl``: every chosen document with its dataset, split and sets."""
    path = Path(data_dir or DATA_DIR) / "docs.jsonl"
    return {r["doc"]: r for r in read_jsonl(path)}


def iter_sets() -> Iterator[tuple[str, str]]:
    for name in SETS:
        for split in split_names(name):
            yield name, split


__all__ = ["DATA_DIR", "SETS", "SPLITS", "SHARED_DATA", "by_document", "docs_index", "document", "load",
           "read_jsonl", "set_dir", "split_names", "story_weeks"]
