"""Quotation candidates before speaker resolution."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Candidate:
    """A found quotation: character span, kind, the speaker mention as a token range and the cue."""

    start: int
    end: int
    kind: str  # direct | indirect
    sent: int
    mention: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None  # character span of the cue
    addressee: str | None = None
    confidence: float = 0.5
    anaphoric: bool = False  # the source is the last speaker ("demnach", continuation)
    framed: bool = True  # False: no frame in the sentence, speaker from context
    rule: str = ""  # the extraction path that produced it ("direct/frame-after", "indirect/laut", …)
