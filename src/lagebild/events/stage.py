"""The event stage: PLOVER events over the sentences and quotations of one article."""

from __future__ import annotations

from typing import ClassVar

from ..model import Article, Event
from ..nlp.windows import windowed
from ..pipeline import Stage
from .coder import Coder
from .patterns import load_lexicon

#: the rule coder's older modality names → the six values of the guideline (section 5)
_MODALITY = {"intent": "intended", "conditional": "hypothetical", "question": "hypothetical"}


class EventStage(Stage):
    """Codes PLOVER events (type, mode, source, target, date, place, modality, confidence, evidence, shown)
    into ``article.events``.

    With the trained model (``models/events-<lang>.npz``, ``lagebild train events``) the learned coder
    decides (:mod:`lagebild.events.learn`); ``coder="rules"`` or a missing model file gives the rule coder
    alone (uncalibrated confidence; ``shown`` when an actor is identified). Without an ``entities`` layer
    the events keep source and target None (``lookup_actors=True`` fills a missing layer from the small
    lookup in :mod:`lagebild.events.gazetteer` instead).
    """

    name: ClassVar[str] = "events"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "tokens", "pos", "lemmas", "entities", "quotes")
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(self, *, language: str = "de", lookup_actors: bool = False, coder: str = "learned",
                 model: object | None = None) -> None:
        self.language = language
        self.lookup_actors = lookup_actors
        self.coder = coder
        self._model = model

    @property
    def model(self):  # noqa: ANN201 - EventModel | None, imported lazily
        if self._model is None and self.coder == "learned":
            from .learn.model import load_model

            self._model = load_model(self.language)
        return self._model

    @property
    def threshold(self) -> float | None:
        m = self.model
        return m.threshold if m is not None else None  # type: ignore[attr-defined]

    def __call__(self, article: Article) -> Article:
        if self.lookup_actors and not article.entities:
            from .gazetteer import tag_entities

            article.entities = tag_entities(article, language=self.language)
        lex = load_lexicon(self.language)
        # overlong sentences in windows: clause analysis is quadratic in a sentence's length (lagebild.nlp.windows)
        view = windowed(article)
        model = self.model if self.coder == "learned" else None
        if model is not None:
            from .learn.coder import LearnedCoder

            article.events = LearnedCoder(model, lex, language=self.language).code(view)  # type: ignore[arg-type]
        else:
            article.events = [_rule_event(e) for e in Coder(lex, language=self.language).code(view)]
        return article

    def __getstate__(self) -> dict[str, object]:
        return {"language": self.language, "lookup_actors": self.lookup_actors, "coder": self.coder, "_model": None}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)


def _rule_event(e: Event) -> Event:
    e.modality = _MODALITY.get(e.modality, e.modality)
    e.evidence = {"trigger": [e.start, e.end], "source": None, "target": None}
    e.shown = bool(e.source or e.source_code or e.target or e.target_code)
    return e
