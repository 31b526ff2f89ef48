"""The parser's data: which UD German files train it, which one is held out, and how they are tagged.

Training uses GSD dev and PUD; **GSD test is held out** for the figures and never trained or tuned on.
Inputs are tagged the way the pipeline tags them at run time (lagebild's fast STTS tagger and lemmas,
which never saw these treebanks), so the parser learns to work with predicted tags. The "gold tags"
view keeps GSD's own STTS tags (PUD has no STTS tags) with lagebild's lemmas on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .conllu import UdSentence, read_conllu

#: ../shared/data/ud_german beside the repository clone
DEFAULT_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "ud_german"

SPLITS: dict[str, tuple[str, ...]] = {
    "train": ("de_gsd-ud-dev.conllu", "de_pud-ud-test.conllu"),
    "test": ("de_gsd-ud-test.conllu",),
}


@dataclass(slots=True)
class Tagged:
    """Sentences with the tags and lemmas a parser reads."""

    words: list[list[str]]
    tags: list[list[str]]
    lemmas: list[list[str]]


def load_split(split: str, *, data_dir: Path | None = None) -> list[UdSentence]:
    """The sentences of ``split`` (``train`` or ``test``), in file order."""
    if split not in SPLITS:
        raise InputError(f"unknown UD split {split!r}; use one of {sorted(SPLITS)}")
    folder = Path(data_dir) if data_dir else DEFAULT_DATA
    if not folder.is_dir():
        raise InputError(f"{folder} not found: put the 'shared' folder beside the repository or pass data_dir")
    out: list[UdSentence] = []
    for name in SPLITS[split]:
        out.extend(read_conllu(folder / name))
    return out


def predicted_tags(sentences: list[UdSentence], *, engine: str = "fast") -> Tagged:
    """Tags and lemmas from lagebild's own tagger (what the pipeline gives the parser)."""
    from ..tag import Tag

    words = [list(s.words) for s in sentences]
    tagged = Tag(engine=engine).tag_words(words)
    return Tagged(words, [[t for t, _ in s] for s in tagged], [[lem for _, lem in s] for s in tagged])


def gold_tags(sentences: list[UdSentence]) -> Tagged:
    """The treebank's STTS tags (GSD only) with lagebild's lemmas on them."""
    from ..lemma import Lemmatizer

    if any(s.treebank != "gsd" for s in sentences):
        raise InputError("gold STTS tags exist for GSD only; PUD's tags are not STTS")
    lem = Lemmatizer(language="de")
    words = [list(s.words) for s in sentences]
    tags = [list(s.xpos) for s in sentences]
    return Tagged(words, tags, [lem.lemmas(w, t) for w, t in zip(words, tags)])
