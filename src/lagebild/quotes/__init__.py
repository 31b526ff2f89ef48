"""Who said what: direct and indirect quotations with speaker attribution."""

from __future__ import annotations

from .lexicon import Lexicon, load_lexicon
from .stage import QuoteStage, extract_quotes

__all__ = ["Lexicon", "QuoteStage", "extract_quotes", "load_lexicon"]
