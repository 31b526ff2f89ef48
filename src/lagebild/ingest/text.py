"""Plain-text files: the boxed export layout or the plain/agency layout, chosen from the content."""

from __future__ import annotations

from ..model import Article, normalise_text
from .boxed import is_boxed, read_boxed
from .plain import read_plain


def read_text(text: str, *, path: str) -> Article:
    """Read one plain-text article, recognising the known layouts.

    The text is NFC-normalised first so that the spans readers record in ``meta`` stay valid after
    :class:`Article` normalises its text."""
    text = normalise_text(text)
    if is_boxed(text):
        return read_boxed(text, path=path)
    return read_plain(text, path=path)
