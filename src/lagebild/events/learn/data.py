"""Gold documents for training and scoring the event coder: whole articles run through the stages before
the event stage, cached on disk, with the gold sentence records beside them.

A document is read as :func:`lagebild.eval.data.sources.source_doc` gives it (text, title, published,
outlet) and goes through every default stage before ``events`` (language, tokens, tags, parse where it
exists, names, actors, quotations). That is the slow part of training and scoring, so the prepared
articles are pickled under ``.cache/events/`` keyed by the document text and a hash of the code and data
of those stages: editing them invalidates the cache, editing the event coder does not.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...model import Article
from ...pipeline import Stage

PACKAGE = Path(__file__).resolve().parents[2]  # src/lagebild
CACHE_DIR = PACKAGE.parents[1] / ".cache" / "events"
#: what the stages before ``events`` are made of (their code, language data and models)
_UPSTREAM = ("nlp", "actors", "quotes", "lang", "models", "model.py", "pipeline.py", "run.py")


@dataclass(slots=True)
class GoldDoc:
    """One annotated document: the prepared article and its gold sentence records in order."""

    doc: str
    article: Article
    sentences: list[dict[str, Any]]


def upstream_stages() -> list[Stage]:
    """The default pipeline up to (not including) the event stage."""
    from ...run import build_stages

    out = []
    for st in build_stages():
        if st.name == "events":
            continue
        path = getattr(st, "model_path", None)
        if path is not None and not Path(path).is_file():
            continue  # a stage whose model is not trained here yet (the parser before its model lands)
        out.append(st)
    return out


@lru_cache(maxsize=1)
def upstream_key() -> str:
    """A hash of the code and data the stages before ``events`` are built from (event patterns excluded)."""
    h = hashlib.sha256()
    for name in _UPSTREAM:
        root = PACKAGE / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            rel = p.relative_to(PACKAGE).as_posix()
            if "__pycache__" in rel or rel.startswith("lang/de/events/") or rel.startswith("models/events-"):
                continue
            h.update(rel.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def source_article(doc: str) -> Article:
    """The article of a labelled document, as the default pipeline would read it."""
    from ...eval.data.sources import source_doc

    sd = source_doc(doc)
    precision = "day" if sd.published and len(sd.published) >= 10 else None
    return Article(text=sd.text, external_id=doc, title=sd.title, published=sd.published,
                   published_precision=precision, source=sd.outlet)  # type: ignore[arg-type]


class Preparer:
    """Runs (or reads from the cache) the stages before ``events`` for labelled documents."""

    def __init__(self, *, cache_dir: Path | None = CACHE_DIR) -> None:
        self.cache_dir = cache_dir
        self._stages: list[Stage] | None = None

    def _path(self, doc: str, text: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha1(f"{upstream_key()}\x1f{doc}\x1f{text}".encode()).hexdigest()[:20]
        return self.cache_dir / f"{doc}.{key}.pkl"

    def __call__(self, doc: str) -> Article:
        a = source_article(doc)
        path = self._path(doc, a.text)
        if path is not None and path.is_file():
            with path.open("rb") as f:
                return pickle.load(f)
        if self._stages is None:
            self._stages = upstream_stages()
        for st in self._stages:
            if st.applies(a):
                a = st(a)
                a.done.append(st.name)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(a, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        return a


def gold_documents(split: str, *, preparer: Preparer | None = None, limit: int | None = None) -> list[GoldDoc]:
    """The documents of one split of the event set (train, dev, test, legacy-dev, legacy-dev2, legacy-test),
    prepared, in the order of ``data/events/<split>.jsonl``."""
    from ...eval.data import by_document, load

    prep = preparer or Preparer()
    docs = by_document(load("events", split))
    out = []
    for doc, recs in list(docs.items())[:limit]:
        out.append(GoldDoc(doc, prep(doc), recs))
    return out
