"""Gold and unlabelled text sources for NER training, as 4-class IOB sentences (PER, ORG, LOC, MISC).

Every gold source is one :class:`GoldSource` in :data:`GOLD_SOURCES`: a loader ``shared_data → sentences``
and the set of classes it annotates (a source that never tags MISC leaves MISC to the teacher, see
``ner_train.complete_labels``). Adding a gold source is one line in that table, plus its name in
:data:`DEFAULT_SOURCES` to train on it.

- ``germeval_dev``: GermEval 2014 dev (outer spans; OTH, ``*deriv`` and ``*part`` → MISC).
- ``smartdata_train`` / ``smartdata_test``: DFKI SmartData v1 (CC BY 4.0). person → PER; organization,
  organization-company → ORG; location, location-city/-street/-stop/-route → LOC; the other types
  (dates, numbers, triggers, disaster-type, org-position) are no entities. A mention none of whose
  tokens is name-like (upper case or a digit, and not a common noun by the corpus statistics:
  "Gruppe", "Konzern") is dropped: GermEval, the target scheme, tags only names. Tokenised with the
  run-time tokenizer (SoMaJo), a token takes the label of the mention its first character is in.
- ``europeana``: Europeana Newspapers NER, German part (CC0, historical OCR; PER/ORG/LOC). The files
  carry no sentence breaks: a sentence ends after ``.``/``!``/``?`` before an upper-case token, or
  after 60 tokens.
- ``entities_train`` / ``entities_dev`` / ``entities_test``: this project's entity set (``data/entities``,
  German news sentences of Wikinews, FANG-COVID and 10kGNAD with GermEval 2014 outer spans; labels CC BY 4.0
  as the project's data, texts from their sources). PER/ORG/LOC stay, OTH and every ``deriv``/``part``
  mention → MISC (as GermEval's OTH/*deriv/*part). The record's sentence is tokenised with the run-time
  tokenizer; a mention covers every token it overlaps (a ``part`` span is the whole word anyway).
  ``entities_dev`` chooses between variants, ``entities_test`` is scored once, never trained or chosen on.

Unlabelled in-domain text for the silver corpus: FANG-COVID without the reserved ids
(:func:`fang_records`) and 10kGNAD test. Their text is never stored; only derived labels are.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..eval.data.sources import read_reserved
from .ner_data import TaggedSentence, fold_tags, load_split, tags_from_spans

LABELS4 = ("PER", "ORG", "LOC", "MISC")
_SMARTDATA_TYPES = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
    "location-route": "LOC",
}


@dataclass(frozen=True, slots=True)
class GoldSource:
    """A labelled training or test set: ``load(shared_data)`` gives 4-class IOB sentences."""

    name: str
    load: Callable[[Path], list[TaggedSentence]]
    #: classes the annotation covers; a token outside them is "O" only for these classes
    classes: frozenset[str] = frozenset(LABELS4)
    licence: str = ""
    #: the source whose teacher tags (completion labels) these sentences share, when not ``name``
    same_text_as: str | None = None


def _germeval(split: str) -> Callable[[Path], list[TaggedSentence]]:
    def load(shared: Path) -> list[TaggedSentence]:
        return [TaggedSentence(s.words, fold_tags(s.tags), s.source) for s in load_split(shared / "germeval2014_ner", split)]

    return load


def _read_concatenated_json(path: Path) -> Iterator[dict]:
    """SmartData's files: pretty-printed JSON objects one after another (not JSON lines)."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        obj, i = dec.raw_decode(text, i)
        yield obj


def tokenize_text(text: str) -> list[list[tuple[int, int]]]:
    """Sentences of ``text`` as lists of token character spans, by the run-time tokenizer."""
    from ..model import Article
    from ..nlp.tokenize import Tokenize

    art = _tokenizer()(Article(text=text, language="de"))
    sents: list[list[tuple[int, int]]] = [[] for _ in art.sentences]
    for t in art.tokens:
        sents[t.sent].append((t.start, t.end))
    return [s for s in sents if s]


@lru_cache(maxsize=1)
def _tokenizer():
    from ..nlp.tokenize import Tokenize

    return Tokenize()


@lru_cache(maxsize=1)
def _common_noun() -> Callable[[str], bool]:
    from .ner_features import NerResources

    try:
        res = NerResources.load("de")
    except Exception:  # noqa: BLE001 - no clusters yet: no common-noun filter
        return lambda w: False
    return res.common_noun


def _name_like(word: str) -> bool:
    return (word[:1].isupper() or word[:1].isdigit()) and not _common_noun()(word)


def _smartdata(split: str, keep: frozenset[str] = frozenset({"PER", "ORG", "LOC"})) -> Callable[[Path], list[TaggedSentence]]:
    def load(shared: Path) -> list[TaggedSentence]:
        path = shared / "smartdata_de" / f"{split}.json.gz"
        if not path.is_file():
            raise InputError(f"{path} not found: the SmartData corpus is read from ../shared/data/smartdata_de")
        out: list[TaggedSentence] = []
        for doc in _read_concatenated_json(path):
            text = doc["text"]["string"]
            ments = []
            for m in doc.get("conceptMentions", {}).get("array", []):
                lab = _SMARTDATA_TYPES.get(m.get("type", ""))
                if lab is not None and lab in keep:
                    ments.append((m["span"]["start"], m["span"]["end"], lab))
            for sent in tokenize_text(text):
                spans = []
                for s, e, lab in ments:
                    toks = [k for k, (a, _) in enumerate(sent) if s <= a < e]
                    if toks and toks == list(range(toks[0], toks[-1] + 1)) and any(
                        _name_like(text[sent[k][0] : sent[k][1]]) for k in toks
                    ):
                        spans.append((toks[0], toks[-1] + 1, lab))
                spans = _no_overlap(spans)
                words = [text[a:b] for a, b in sent]
                out.append(TaggedSentence(words, tags_from_spans(len(words), spans), f"smartdata:{doc.get('id', '')}"))
        return out

    return load


def _no_overlap(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first; a span overlapping a kept one is dropped (outer spans only)."""
    kept: list[tuple[int, int, str]] = []
    for s, e, lab in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(e <= a or b <= s for a, b, _ in kept):
            kept.append((s, e, lab))
    return sorted(kept)


def _europeana(shared: Path) -> list[TaggedSentence]:
    folder = shared / "europeana_ner_de"
    files = sorted(folder.glob("*.bio"))
    if not files:
        raise InputError(f"no *.bio files in {folder}: the Europeana NER corpus is read from ../shared/data/europeana_ner_de")
    out: list[TaggedSentence] = []
    for path in files:
        words: list[str] = []
        tags: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("# "):
                continue
            word, _, tag = line.rpartition(" ")
            if not word:
                continue
            tag = tag.strip()
            if tag.endswith("MISC") or tag not in {"O"} | {p + c for p in ("B-", "I-") for c in ("PER", "ORG", "LOC")}:
                tag = "O"
            if words and len(words) >= 60 or (words and words[-1] in ".!?" and word[:1].isupper() and len(words) > 3):
                out.append(TaggedSentence(words, _repair(tags), f"europeana:{path.stem}"))
                words, tags = [], []
            words.append(word)
            tags.append(tag)
        if words:
            out.append(TaggedSentence(words, _repair(tags), f"europeana:{path.stem}"))
    return out


def _repair(tags: list[str]) -> list[str]:
    """An ``I-`` that opens a sentence becomes ``B-`` (sentences were cut here)."""
    if tags and tags[0].startswith("I-"):
        tags = ["B-" + tags[0][2:], *tags[1:]]
    return tags


def entity_label(mention: dict) -> str:
    """The 4-class label of an entity-set mention: OTH, ``deriv`` and ``part`` → MISC."""
    if mention.get("deriv") or mention.get("part") or mention["label"] not in ("PER", "ORG", "LOC"):
        return "MISC"
    return mention["label"]


def _entities(split: str) -> Callable[[Path], list[TaggedSentence]]:
    def load(shared: Path) -> list[TaggedSentence]:
        from ..eval.data import load as load_set

        out: list[TaggedSentence] = []
        for rec in load_set("entities", split, shared=shared):
            text, base = rec["text"], rec["start"]
            toks = [t for sent in tokenize_text(text) for t in sent]
            spans = []
            for m in rec["entities"]:
                s, e = m["span"][0] - base, m["span"][1] - base
                cover = [k for k, (a, b) in enumerate(toks) if a < e and s < b]
                if cover:
                    spans.append((cover[0], cover[-1] + 1, entity_label(m)))
            words = [text[a:b] for a, b in toks]
            out.append(TaggedSentence(words, tags_from_spans(len(words), _no_overlap(spans)),
                                      f"entities:{rec['doc']}:{rec['sent']}"))
        return out

    return load


def labelled_refs(splits: tuple[str, ...] = ("dev", "test")) -> frozenset[tuple[str, str]]:
    """The unlabelled-corpus references (``("fang", id)``, ``("gnad", "gnad:<row>")``) of the documents in
    these splits of the labelled sets (``data/docs.jsonl``): the silver corpus leaves them out, so the
    entity set's dev and test figures stay clean."""
    from ..eval.data import docs_index

    out = set()
    for doc, row in docs_index().items():
        if row.get("split") not in splits:
            continue
        kind, _, rid = doc.partition("-")
        if kind == "fang":
            out.add(("fang", rid))
        elif kind == "gnad":
            out.add(("gnad", f"gnad:{rid}"))
    return frozenset(out)


#: every gold source the trainer and ``lagebild eval ner`` know (name → source)
GOLD_SOURCES: dict[str, GoldSource] = {
    s.name: s
    for s in (
        GoldSource("germeval_dev", _germeval("dev"), licence="GermEval 2014 (research use)"),
        GoldSource("germeval_test", _germeval("test"), licence="GermEval 2014 (research use); never trained on"),
        GoldSource("smartdata_train", _smartdata("train"), frozenset({"PER", "ORG", "LOC"}), "CC BY 4.0"),
        GoldSource("smartdata_test", _smartdata("test"), frozenset({"PER", "ORG", "LOC"}), "CC BY 4.0"),
        # SmartData's persons and locations only: its organisation spans follow other rules than
        # GermEval's (ablation in docs/ner.md), so ORG and MISC come from the teacher
        GoldSource("smartdata_train_perloc", _smartdata("train", frozenset({"PER", "LOC"})),
                   frozenset({"PER", "LOC"}), "CC BY 4.0", same_text_as="smartdata_train"),
        GoldSource("europeana", _europeana, frozenset({"PER", "ORG", "LOC"}), "CC0"),
        GoldSource("entities_train", _entities("train"), licence="lagebild entity set (data/entities; labels CC BY 4.0)"),
        GoldSource("entities_dev", _entities("dev"), licence="lagebild entity set; chooses between variants"),
        GoldSource("entities_test", _entities("test"), licence="lagebild entity set; scored once, never trained on"),
    )
}
#: the gold sources the shipped model is trained on (test splits never); SmartData and Europeana
#: lowered the GermEval dev hold-out; the entity set's train split raised it and the entity set's dev split
#: (ablation in docs/ner.md)
DEFAULT_SOURCES: tuple[str, ...] = ("germeval_dev", "entities_train")
#: sources that are never trained on
TEST_SOURCES = frozenset({"germeval_test", "smartdata_test", "entities_test"})


def load_source(name: str, shared: Path) -> list[TaggedSentence]:
    """The sentences of gold source ``name`` (see :data:`GOLD_SOURCES`)."""
    if name not in GOLD_SOURCES:
        raise InputError(f"unknown NER gold source {name!r}: use one of {sorted(GOLD_SOURCES)}")
    return GOLD_SOURCES[name].load(shared)


# --------------------------------------------------------------------------- unlabelled text
def reserved_ids(shared: Path) -> frozenset[str]:
    """FANG-COVID record ids kept for independent evaluation (never read for anything here)."""
    path = shared / "fang_covid_de_news" / "RESERVED_IDS.txt"
    return read_reserved(path) if path.is_file() else frozenset()


def fang_records(shared: Path) -> Iterator[dict]:
    """FANG-COVID records (``id``, ``date_norm``, ``header``, ``article`` …) without the reserved ids."""
    skip = reserved_ids(shared)
    path = shared / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec.get("id")) not in skip:
                yield rec


def gnad_texts(shared: Path) -> Iterator[tuple[str, str]]:
    """10kGNAD test articles as (``gnad:<row>``, text)."""
    import csv

    with (shared / "10kgnad" / "test.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
            if len(row) >= 2:
                yield f"gnad:{i}", row[1]
