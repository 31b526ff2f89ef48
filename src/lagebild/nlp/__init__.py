"""Base NLP for German: language id, sentences and tokens with offsets, POS tags and lemmas."""

from __future__ import annotations

from ..pipeline import Stage
from .langid import LanguageId
from .morph import is_konjunktiv1
from .tag import Tag
from .tokenize import Tokenize

__all__ = ["LanguageId", "Tag", "Tokenize", "default_stages", "is_konjunktiv1"]


def default_stages() -> list[Stage]:
    """The base stages in order: language id, tokenisation, tagging."""
    return [LanguageId(), Tokenize(), Tag()]
