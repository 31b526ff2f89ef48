"""Parse features for the learned coder: the trigger's relation and voice, and the dependency path from the
trigger to an argument mention. Empty until the tokens carry a parse (``Token.rel``)."""

from __future__ import annotations

from ..clauses import SentenceView


def parsed(view: SentenceView) -> bool:
    return any(getattr(t, "rel", "") for t in view.tokens)


def parse_features(view: SentenceView, i: int, *, prefix: str) -> list[str]:
    if not parsed(view):
        return []
    return []


def path_features(view: SentenceView, i: int, j: int, *, prefix: str) -> list[str]:
    if not parsed(view):
        return []
    return []
