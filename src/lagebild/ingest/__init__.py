"""Readers: files, folders, globs and stdin → :class:`~lagebild.model.Article` or
:class:`~lagebild.model.Rejection` records.

The format is chosen from the extension and, when that says nothing, from the content: plain text
(agency and boxed layouts), HTML, JSON Lines, JSON and CSV. Every input that cannot become an article
is a Rejection with a named reason (binary, empty, empty-text, bad-json, bad-csv, bad-record, no-text,
too-large, unknown-format, not-found, unreadable) and a one-line message that says what to do;
reading goes on with the rest.
"""

from __future__ import annotations

from .files import detect_format, read_inputs, read_path
from .records import FIELDS

__all__ = ["FIELDS", "detect_format", "read_inputs", "read_path"]
