"""Build analysed articles for event tests.

Hand-written sentences go through the real tokeniser and tagger and the event package's own actor lookup
(deterministic: the tables test the coder, not the actor linker). The seeds go through the real actor and
quote stages when they are importable (``real_stages``).
"""

from __future__ import annotations

from functools import lru_cache

from lagebild.events import EventStage
from lagebild.model import Article, Sentence
from lagebild.pipeline import Stage


@lru_cache(maxsize=1)
def base_stages() -> tuple[Stage, ...]:
    """Tokenisation and tagging (HanTa: no trained model file needed)."""
    from lagebild.nlp import Tag, Tokenize

    return (Tokenize(), Tag(engine="hanta"))


@lru_cache(maxsize=1)
def real_stages() -> tuple[Stage, ...]:
    """Base stages plus the actor and quote stages where they exist."""
    stages: list[Stage] = list(base_stages())
    try:
        from lagebild.actors import ActorStage  # type: ignore[attr-defined]

        stages.append(ActorStage())
    except ImportError:
        return tuple(stages)
    try:
        from lagebild.quotes import QuoteStage  # type: ignore[attr-defined]

        stages.append(QuoteStage())
    except ImportError:
        pass
    return tuple(stages)


def analyse(text: str, *, published: str | None = "2022-01-27", precision: str | None = "day",
            dateline: str | None = None, source: str | None = "test", coder: str = "rules") -> Article:
    """``text`` through tokenisation, tagging, the actor lookup and event coding (the rule coder unless
    ``coder="learned"``: the tables of these tests pin what the rules do; the learned coder builds on them)."""
    a = Article(text=text, published=published, published_precision=precision, dateline=dateline,  # type: ignore[arg-type]
                source=source, language="de")
    for st in base_stages():
        a = st(a)
    if not a.sentences:
        a.sentences = [Sentence(0, len(a.text))]
    return EventStage(lookup_actors=True, coder=coder)(a)


def triples(a: Article) -> set[tuple[str, str | None, str | None]]:
    """(type, source code, target code) of every event, negated ones marked with a leading '!'."""
    return {(("!" if e.negated else "") + e.type, e.source_code, e.target_code) for e in a.events}
