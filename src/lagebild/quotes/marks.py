"""Quoted spans in running text: every German quote style („…“ »…« «…» "…" ‚…‘), with
multi-paragraph quotes (a new paragraph reopening the quote) and nested inner quotes skipped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Marked:
    """A quoted span: ``start``/``end`` include the marks; ``inner_start``/``inner_end`` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def find_marked(text: str, pairs: dict[str, list[str]]) -> list[Marked]:
    """All outermost quoted spans of ``text`` for the opening -> closing glyph ``pairs``."""
    out: list[Marked] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        closers = pairs.get(c)
        if not closers or (c == '"' and i > 0 and text[i - 1].isalnum()):
            i += 1
            continue
        j = _closing(text, i + 1, c, closers)
        if j is None:
            i += 1
            continue
        inner_s, inner_e = i + 1, j
        while inner_s < inner_e and text[inner_s].isspace():
            inner_s += 1
        while inner_e > inner_s and text[inner_e - 1].isspace():
            inner_e -= 1
        if inner_e > inner_s:
            out.append(Marked(i, j + 1, inner_s, inner_e))
        i = j + 1
    return out


def _closing(text: str, k: int, opener: str, closers: list[str]) -> int | None:
    """Index of the glyph that closes a quote opened before ``k``; a paragraph break ends the search
    unless the next paragraph reopens with the same glyph."""
    n = len(text)
    depth = 0
    while k < n:
        c = text[k]
        if c == "\n":
            m = k
            while m < n and text[m].isspace():
                m += 1
            if m < n and text[m] == opener:
                k = m + 1
                continue
            return None
        if c in closers and depth == 0:
            return k
        if c == opener and opener not in closers:
            depth += 1
        elif c in closers and depth > 0:
            depth -= 1
        k += 1
    return None
