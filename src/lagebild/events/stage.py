"""The event stage: PLOVER events over the sentences and quotations of one article."""

from __future__ import annotations

from typing import ClassVar

from ..model import Article
from ..nlp.windows import windowed
from ..pipeline import Stage
from .coder import Coder
from .patterns import load_lexicon


class EventStage(Stage):
    """Codes PLOVER events (type, mode, source, target, date, place, modality) into ``article.events``.

    Without an ``entities`` layer the events keep source and target None (``lookup_actors=True`` fills a
    missing layer from the small lookup in :mod:`lagebild.events.gazetteer` instead).
    """

    name: ClassVar[str] = "events"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "tokens", "pos", "lemmas", "entities", "quotes")
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(self, *, language: str = "de", lookup_actors: bool = False) -> None:
        self.language = language
        self.lookup_actors = lookup_actors

    def __call__(self, article: Article) -> Article:
        if self.lookup_actors and not article.entities:
            from .gazetteer import tag_entities

            article.entities = tag_entities(article, language=self.language)
        # overlong sentences in windows: clause analysis is quadratic in a sentence's length (lagebild.nlp.windows)
        article.events = Coder(load_lexicon(self.language), language=self.language).code(windowed(article))
        return article
