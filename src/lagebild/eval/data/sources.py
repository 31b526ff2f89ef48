"""The texts the labelled sets point into: one document text per (dataset, record).

A labelled set stores character offsets into the text :func:`doc_text` returns for its document id, never
the text itself when the source is not redistributable (FANG-COVID, 10kGNAD). Document ids:

* ``wn-<wikinews_id>`` — German Wikinews (CC BY 2.5), the ``originalText`` of a document of
  ``german_news_quotation_attribution_2024/{train,dev,test}.jsonl``, unchanged;
* ``fang-<id>`` — a FANG-COVID record (``fang_covid_sample.jsonl``): the body's lines with runs of white
  space collapsed to one space, empty lines dropped, paragraphs joined by a blank line, NFC (:func:`fang_body`);
* ``gnad-<row>`` — row ``row`` (0-based) of 10kGNAD ``test.csv``, the text column unchanged.

The readers are cached once per process; ``../shared/data`` is located beside the repository clone unless
``data`` is given.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import PipelineError
from ...model import normalise_text

REPO = Path(__file__).resolve().parents[4]
SHARED_DATA = REPO.parent / "shared" / "data"
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SourceDoc:
    doc: str  # wn-… | fang-… | gnad-…
    dataset: str  # wikinews | fang_covid | 10kgnad
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD when the source has a date
    outlet: str | None
    source_split: str | None = None  # the split the source data set itself assigns (Wikinews)
    redistributable: bool = False


def fang_body(article: str) -> str:
    """The document text of a FANG-COVID body: lines collapsed and stripped, empty ones dropped, blank-line
    joined, NFC-normalised as every article text (:func:`lagebild.model.normalise_text`)."""
    paras = (_WS.sub(" ", line).strip() for line in article.split("\n"))
    return normalise_text("\n\n".join(p for p in paras if p))


def reserved_fang_ids(data: Path | None = None) -> frozenset[str]:
    """FANG-COVID ids kept for independent evaluation: never labelled, trained on or shipped."""
    path = (data or SHARED_DATA) / "fang_covid_de_news" / "RESERVED_IDS.txt"
    return _reserved(str(path))


def read_reserved(path: Path) -> frozenset[str]:
    """The record ids a ``RESERVED_IDS.txt`` lists (one per line; ``#`` starts a comment line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


@lru_cache(maxsize=4)
def _reserved(path: str) -> frozenset[str]:
    p = Path(path)
    if not p.is_file():
        raise PipelineError(f"{p} not found: the reserved FANG-COVID ids are read from ../shared/data beside the clone")
    return read_reserved(p)


def _need(path: Path, what: str) -> Path:
    if not path.is_file():
        raise PipelineError(
            f"{path} not found: the {what} texts of the labelled sets are read from ../shared/data beside the "
            "repository clone; put the shared folder there (or pass data=…)"
        )
    return path


@lru_cache(maxsize=4)
def _wikinews(data: str) -> dict[str, SourceDoc]:
    base = Path(data) / "german_news_quotation_attribution_2024"
    out: dict[str, SourceDoc] = {}
    for split in ("train", "dev", "test"):
        with _need(base / f"{split}.jsonl", "Wikinews").open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                name = d["documentName"]
                title = re.sub(r"^\d+ - ", "", name)
                title = re.sub(r" \(\d{4}-\d\d-\d\d\)$", "", title)
                doc = f"wn-{d['wikinews_id']}"
                out[doc] = SourceDoc(doc, "wikinews", d["originalText"], title, d.get("date"), "de.wikinews.org",
                                     split, True)
    return out


@lru_cache(maxsize=4)
def _fang(data: str) -> dict[str, SourceDoc]:
    path = _need(Path(data) / "fang_covid_de_news" / "fang_covid_sample.jsonl", "FANG-COVID")
    reserved = _reserved(str(Path(data) / "fang_covid_de_news" / "RESERVED_IDS.txt"))
    out: dict[str, SourceDoc] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in reserved:
                continue
            doc = f"fang-{d['id']}"
            out[doc] = SourceDoc(doc, "fang_covid", fang_body(d["article"]), _WS.sub(" ", d["header"]).strip(),
                                 d["date_norm"], d["source"])
    return out


@lru_cache(maxsize=4)
def _gnad(data: str) -> dict[str, SourceDoc]:
    path = _need(Path(data) / "10kgnad" / "test.csv", "10kGNAD")
    out: dict[str, SourceDoc] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            doc = f"gnad-{i}"
            out[doc] = SourceDoc(doc, "10kgnad", row[1], None, None, "derstandard.at", row[0])
    return out


_READERS = {"wn": _wikinews, "fang": _fang, "gnad": _gnad}


def source_doc(doc: str, *, data: Path | None = None) -> SourceDoc:
    """The source document behind a labelled set's document id."""
    prefix = doc.split("-", 1)[0]
    reader = _READERS.get(prefix)
    if reader is None:
        raise PipelineError(f"unknown document id {doc!r}: ids start with wn-, fang- or gnad-")
    docs = reader(str(data or SHARED_DATA))
    if doc not in docs:
        hint = " (reserved FANG-COVID ids are never used)" if prefix == "fang" else ""
        raise PipelineError(f"document {doc!r} not found in ../shared/data{hint}")
    return docs[doc]


def all_docs(prefix: str, *, data: Path | None = None) -> dict[str, SourceDoc]:
    """Every document of one source (``wn`` | ``fang`` | ``gnad``); reserved FANG-COVID ids are left out."""
    return _READERS[prefix](str(data or SHARED_DATA))


def shared_available(data: Path | None = None) -> bool:
    return (data or SHARED_DATA).is_dir()
