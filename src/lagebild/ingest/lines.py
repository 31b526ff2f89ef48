"""Line-wise reading of record files (JSON Lines, CSV) with bounded memory and per-line decoding.

- A byte-order mark decides the encoding (UTF-8, UTF-16, UTF-32); otherwise the file's first block
  suggests one (UTF-8, or a one-byte code page), and each line is decoded on its own: a line that is not
  valid in that encoding is read as cp1252 (the usual Western superset of latin-1), so one stray line of
  an older export does not turn the rest of the file into replacement characters.
- :func:`csv_records` cuts a CSV stream into records — quoted fields may span lines — without the csv
  module, so that a record over the size limit is skipped (never held whole in memory) and a malformed
  record costs only itself; each record is then parsed on its own.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
FALLBACK = "cp1252"
PIECE = 1 << 20  # bytes read at a time while skipping an oversized line


def bom(head: bytes) -> tuple[str, int] | None:
    """(encoding, length of the mark) when `head` opens with a byte-order mark."""
    for mark, enc in BOMS:
        if head.startswith(mark):
            return enc, len(mark)
    return None


def wide(encoding: str) -> bool:
    """UTF-16/32: newlines are not single bytes, so the file is decoded as a whole stream."""
    return encoding.startswith(("utf-16", "utf-32"))


class Lines:
    """Decoded lines of a binary stream (see the module docstring). ``readline(limit)`` returns at most
    about `limit` characters of a line (the rest of it comes with the next call), '' at the end."""

    def __init__(self, fh: BinaryIO, encoding: str) -> None:
        self.encoding = encoding
        self.line_no = 0
        self.fallback_lines = 0  # lines read as cp1252 although the file is `encoding`
        self.last_fallback = False
        self._wide = wide(encoding)
        self._fh = fh
        self._text = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="") if self._wide else None
        self._partial = False  # the previous readline stopped inside a line

    def readline(self, limit: int = -1) -> str:
        if self._text is not None:
            line = self._text.readline(limit)
        else:
            raw = self._fh.readline(limit) if limit > 0 else self._fh.readline()
            line = self._decode(raw)
        if line and not self._partial:
            self.line_no += 1
        self._partial = bool(line) and not line.endswith("\n")
        return line.replace("\x00", "")

    def _decode(self, raw: bytes) -> str:
        try:
            self.last_fallback = False
            return raw.decode(self.encoding)
        except UnicodeDecodeError:
            if self.encoding == FALLBACK:
                return raw.decode(FALLBACK, errors="replace")
            self.fallback_lines += 1
            self.last_fallback = True
            return raw.decode(FALLBACK, errors="replace")

    def skip_line(self) -> None:
        """Read on to the end of the current line without keeping it."""
        while self._partial:
            self.readline(PIECE)

    def __iter__(self) -> Iterator[str]:
        while line := self.readline():
            yield line


def _in_quotes(line: str, in_q: bool, delim: str, quote: str) -> bool:
    """Whether a CSV record is still inside a quoted field after `line` (the csv module's reading: a quote
    opens a quoted field only at a field's start; a doubled quote inside one is a quote character)."""
    if not in_q and quote not in line:
        return False
    i, n = 0, len(line)
    at_start = not in_q
    while i < n:
        if in_q:
            j = line.find(quote, i)
            if j < 0:
                return True
            if j + 1 < n and line[j + 1] == quote:
                i = j + 2
                continue
            in_q, at_start, i = False, False, j + 1
        elif at_start and line[i] == quote:
            in_q, i = True, i + 1
        else:
            j = line.find(delim, i)
            if j < 0:
                return False
            i, at_start = j + 1, True
    return in_q


def csv_records(lines: Lines, *, delimiter: str, quote: str, max_bytes: int) -> Iterator[tuple[int, str | None, bool]]:
    """(first line number, record text or None when the record is over `max_bytes` characters, whether a line
    of it was read in the fallback encoding) for each record of a CSV stream."""
    buf: list[str] = []
    size = 0
    start = 0
    in_q = False
    over = fallback = False
    while True:
        line = lines.readline(max_bytes + 1)
        if not line:
            break
        if not buf and not over:
            start = lines.line_no
        fallback = fallback or lines.last_fallback
        size += len(line)
        if size > max_bytes:
            over, buf = True, []
        else:
            buf.append(line)
        in_q = _in_quotes(line, in_q, delimiter, quote)
        if not in_q and line.endswith("\n"):
            yield start, None if over else "".join(buf), fallback
            buf, size, over, fallback = [], 0, False, False
    if buf or over:
        yield start, None if over else "".join(buf), fallback
