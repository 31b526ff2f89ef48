"""The ``Tag`` stage: STTS part-of-speech tags and lemmas for every token."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from ..errors import PipelineError
from ..model import Article
from ..pipeline import Stage
from .clause import FiniteClauseRule
from .hanta import HantaEngine
from .lang import plain_quotes, quote_glyphs
from .lemma import Lemmatizer
from .perceptron import PosModel

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
ENGINES = ("fast", "hanta")


@lru_cache(maxsize=4)
def load_model(path: Path) -> PosModel:
    """The POS model at ``path``, loaded once per process."""
    return PosModel.load(path)


def default_model_path(language: str) -> Path:
    """Where the shipped fast tagger for ``language`` lives (``models/pos-<language>.npz``)."""
    return MODELS_DIR / f"pos-{language}.npz"


class Tag(Stage):
    """POS tags (STTS) and lemmas.

    ``engine="fast"`` (default): the two-pass perceptron trained on HanTa silver tags
    (``scripts/train_pos.py``) plus simplemma lemmas; ``engine="hanta"``: HanTa's tags and lemmas
    (more accurate on rare words, about 5x slower overall). With ``clause_rule`` (default) the last
    infinitive of a verb-final subordinate clause without a finite verb becomes finite (HanTa tags
    ``weil die Zahlen steigen`` as VVINF).
    """

    name: ClassVar[str] = "tag"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("tokens",)
    assigns: ClassVar[tuple[str, ...]] = ("pos", "lemmas")

    def __init__(
        self, *, engine: str = "fast", model_path: Path | None = None, language: str = "de", clause_rule: bool = True
    ) -> None:
        if engine not in ENGINES:
            raise PipelineError(f"unknown tagger engine {engine!r}; use one of {ENGINES}")
        self.engine = engine
        self.language = language
        self.model_path = Path(model_path) if model_path else default_model_path(language)
        self._hanta: HantaEngine | None = None
        self._lemmatizer: Lemmatizer | None = None
        self._quotes = quote_glyphs(language)
        self._clause = FiniteClauseRule(language=language) if clause_rule else None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_hanta"] = None
        state["_lemmatizer"] = None
        return state

    def tag_words(self, sentences: list[list[str]]) -> list[list[tuple[str, str]]]:
        """``(tag, lemma)`` for each word of each sentence."""
        clause = self._clause
        if self.engine == "hanta":
            if self._hanta is None:
                self._hanta = HantaEngine(language=self.language)
            out = [self._hanta.tag(words) for words in sentences]
            if clause is None:
                return out
            return [list(zip(clause.apply([t for t, _ in s]), [lem for _, lem in s])) for s in out]
        model = load_model(self.model_path)
        if self._lemmatizer is None:
            self._lemmatizer = Lemmatizer(language=self.language)
        q = self._quotes
        tags = model.tag_sentences([plain_quotes(words, q) for words in sentences])
        if clause is not None:
            tags = [clause.apply(ts) for ts in tags]
        lem = self._lemmatizer.lemma
        return [[(t, lem(w, t)) for w, t in zip(words, ts)] for words, ts in zip(sentences, tags)]

    def __call__(self, article: Article) -> Article:
        text = article.text
        sentences: list[list[str]] = [[] for _ in article.sentences]
        for t in article.tokens:
            sentences[t.sent].append(text[t.start : t.end])
        tagged = self.tag_words(sentences)
        pos = [0] * len(sentences)
        for t in article.tokens:
            t.pos, t.lemma = tagged[t.sent][pos[t.sent]]
            pos[t.sent] += 1
        return article
