"""Build analysed articles for event tests: the real tokeniser and tagger, actors from the actor stage
when it is importable, else from the event package's small lookup."""

from __future__ import annotations

from functools import lru_cache

from lagebild.events import EventStage
from lagebild.model import Article, Sentence
from lagebild.pipeline import Stage


@lru_cache(maxsize=1)
def base_stages() -> tuple[Stage, ...]:
    from lagebild.nlp import Tag, Tokenize

    stages: list[Stage] = [Tokenize(), Tag(engine="hanta")]
    try:
        from lagebild.actors import ActorStage  # type: ignore[attr-defined]
    except ImportError:
        return tuple(stages)
    return (*stages, ActorStage())


def analyse(text: str, *, published: str | None = "2022-01-27", precision: str | None = "day",
            dateline: str | None = None, source: str | None = "test") -> Article:
    """``text`` through tokenisation, tagging, actors (or the lookup) and event coding."""
    a = Article(text=text, published=published, published_precision=precision, dateline=dateline,  # type: ignore[arg-type]
                source=source, language="de")
    for st in base_stages():
        a = st(a)
    if not a.sentences:
        a.sentences = [Sentence(0, len(a.text))]
    return EventStage(lookup_actors=True)(a)


def triples(a: Article) -> set[tuple[str, str | None, str | None]]:
    """(type, source code, target code) of every event, negated ones marked with a leading '!'."""
    return {(("!" if e.negated else "") + e.type, e.source_code, e.target_code) for e in a.events}
