"""Run base NLP and the quotes stage on a text (the real stages; HanTa when the fast tagger model is absent)."""

from __future__ import annotations

from functools import lru_cache

from lagebild.eval.quotes import base_stages
from lagebild.model import Article
from lagebild.quotes import QuoteStage


@lru_cache(maxsize=1)
def _stages() -> tuple:
    return (*base_stages(), QuoteStage())


def analyse(text: str) -> Article:
    """``text`` as a German article with sentences, tokens, tags and quotations."""
    a = Article(text=text)
    a.language = "de"
    for st in _stages():
        a = st(a)
    return a


def quotes_of(text: str) -> list[tuple[str, str, str | None]]:
    """``(kind, quoted text, speaker)`` for every quotation found in ``text``."""
    a = analyse(text)
    return [(q.kind, a.span_text(q.start, q.end), q.speaker) for q in a.quotes]
