"""The ``Parse`` stage: heads, dependency relations and morphological features for every token."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from ...model import Article
from ...pipeline import Stage
from . import modelfile
from .model import ParserModel

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def default_model_path(language: str) -> Path:
    """Where the shipped parser for ``language`` lives (``models/parser-<language>.npz``)."""
    return MODELS_DIR / f"parser-{language}.npz"


@lru_cache(maxsize=4)
def load_parser(path: Path) -> ParserModel:
    """The parser model at ``path``, loaded once per process."""
    return modelfile.load(path)


class Parse(Stage):
    """Dependency tree and UD morphology (UD German conventions, see docs/parser.md).

    Sets ``Token.head`` (index into ``Article.tokens``, -1 on the root of each sentence),
    ``Token.rel`` (UD relation, ``root`` on the root) and ``Token.feats`` (UD ``FEATS`` string). Reads
    the STTS tags and lemmas of the ``Tag`` stage. The model loads lazily, once per process.
    """

    name: ClassVar[str] = "parse"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("tokens", "pos", "lemmas")
    assigns: ClassVar[tuple[str, ...]] = ("heads", "relations", "morph")

    def __init__(self, *, model_path: Path | None = None, language: str = "de") -> None:
        self.language = language
        self.model_path = Path(model_path) if model_path else default_model_path(language)

    @property
    def model(self) -> ParserModel:
        return load_parser(self.model_path)

    def __call__(self, article: Article) -> Article:
        tokens = article.tokens
        if not tokens:
            return article
        text = article.text
        members: list[list[int]] = [[] for _ in article.sentences]
        for i, t in enumerate(tokens):
            members[t.sent].append(i)
        members = [m for m in members if m]
        words = [[text[tokens[i].start : tokens[i].end] for i in m] for m in members]
        tags = [[tokens[i].pos for i in m] for m in members]
        lemmas = [[tokens[i].lemma for i in m] for m in members]
        parsed = self.model.parse(words, tags, lemmas)
        for m, heads, rels, feats in zip(members, parsed.heads, parsed.rels, parsed.feats):
            for i, h, r, f in zip(m, heads, rels, feats):
                t = tokens[i]
                t.head = m[h] if h >= 0 else -1
                t.rel = r
                t.feats = f
        return article
