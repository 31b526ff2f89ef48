"""GermEval 2014 NER data: reading the TSV, folding the 12 classes to 4, IOB tags to spans.

GermEval tags are IOB over PER, ORG, LOC, OTH, each also as ``*deriv`` and ``*part``. The 4-class
view used by lagebild maps OTH and every ``*deriv``/``*part`` class to MISC. Only the outer (first)
tag column is read: lagebild reports outer spans.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: the GermEval file name of each split
SPLIT_FILES: dict[str, str] = {"dev": "NER-de-dev.tsv", "test": "NER-de-test.tsv"}

Span = tuple[int, int, str]


@dataclass(slots=True)
class TaggedSentence:
    """One sentence: its tokens, outer IOB tags (12-class) and the source URL of the ``#`` line."""

    words: list[str]
    tags: list[str]
    source: str = ""


def fold4(label: str) -> str:
    """Map a 12-class GermEval label (``PER``, ``LOCderiv``, ``OTH`` …) to PER, ORG, LOC or MISC."""
    if label in ("PER", "ORG", "LOC"):
        return label
    return "MISC"


def read_germeval(path: Path) -> list[TaggedSentence]:
    """Read a GermEval 2014 TSV file (``#`` comment line, then ``index<TAB>token<TAB>outer<TAB>inner``)."""
    if not path.is_file():
        raise InputError(
            f"{path} not found: GermEval 2014 NER is read from ../shared/data/germeval2014_ner "
            "(place the 'shared' folder beside the repository clone)"
        )
    out: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []
    source = ""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if line.startswith("#\t"):
                parts = line.split("\t")
                source = parts[1] if len(parts) > 1 else ""
                continue
            if not line.strip():
                if words:
                    out.append(TaggedSentence(words, tags, source))
                words, tags = [], []
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise InputError(f"{path}:{lineno}: expected 4 tab-separated columns, got {len(cols)}")
            words.append(cols[1])
            tags.append(cols[2])
    if words:
        out.append(TaggedSentence(words, tags, source))
    return out


def load_split(data_dir: Path, split: str) -> list[TaggedSentence]:
    """Load split ``dev`` or ``test`` from the GermEval folder ``data_dir``."""
    if split not in SPLIT_FILES:
        raise InputError(f"unknown GermEval split {split!r}: use one of {sorted(SPLIT_FILES)}")
    return read_germeval(data_dir / SPLIT_FILES[split])


def spans_from_tags(tags: Sequence[str], *, classes: int = 12) -> list[Span]:
    """IOB tags → ``(start, end, label)`` token spans (end exclusive); an orphan ``I-`` opens a span."""
    spans: list[Span] = []
    start = -1
    label = ""
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start >= 0:
                spans.append((start, i, label))
                start = -1
                label = ""
            if tag != "O":
                start, label = i, tag[2:]
    if classes == 4:
        return [(s, e, fold4(lab)) for s, e, lab in spans]
    return spans


def tags_from_spans(n: int, spans: Sequence[Span]) -> list[str]:
    """Token spans → IOB tags of length ``n``."""
    tags = ["O"] * n
    for s, e, lab in spans:
        tags[s] = "B-" + lab
        for i in range(s + 1, e):
            tags[i] = "I-" + lab
    return tags


def fold_tags(tags: Sequence[str]) -> list[str]:
    """12-class IOB tags → 4-class IOB tags (adjacent spans that fold to one class stay separate)."""
    return tags_from_spans(len(tags), spans_from_tags(tags, classes=4))


def holdout_split(
    sents: Sequence[TaggedSentence], *, fraction: float = 0.2, seed: int = 13
) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """A seeded random split of ``sents`` into (train, held-out); the same seed gives the same split."""
    idx = list(range(len(sents)))
    random.Random(seed).shuffle(idx)
    k = int(round(len(idx) * fraction))
    held = set(idx[:k])
    train = [s for i, s in enumerate(sents) if i not in held]
    dev = [s for i, s in enumerate(sents) if i in held]
    return train, dev


def iter_words(sents: Sequence[TaggedSentence]) -> Iterator[str]:
    """Every token of ``sents`` in order."""
    for s in sents:
        yield from s.words
