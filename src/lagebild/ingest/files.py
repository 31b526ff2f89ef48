"""Inputs → files → format → reader. Everything that goes wrong becomes a Rejection; reading goes on."""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article, Rejection
from .common import decode, looks_binary, utf16_without_bom
from .html import read_html
from .lines import Lines, bom
from .records import ALIASES, FIELDS, read_csv, read_json, read_jsonl
from .text import read_text

EXT_FORMAT = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text", ".md": "text",
}
# document formats that need converting first: magic bytes → what to tell the user
CONVERT = {
    b"%PDF": "a PDF; convert it to text first (e.g. pdftotext FILE)",
    b"{\\rtf": "an RTF document; save it as plain text first",
    b"PK\x03\x04": "a ZIP container (e.g. .docx/.odt/.epub); unpack it or save the articles as text first",
}
TEXT_COLUMNS = frozenset(ALIASES["text"])
GZIP_MAGIC = b"\x1f\x8b"
HEAD = 65536
STREAMED = ("jsonl", "csv")  # record formats are read record by record, whatever the file size
STDIN = "-"


def detect_format(path: str, head: bytes) -> str:
    """'jsonl' | 'json' | 'csv' | 'html' | 'text' | 'binary' | 'unknown' from the file name and its first
    bytes. Known extensions decide; otherwise the content is sniffed (text → 'text')."""
    if head.startswith(tuple(CONVERT)):
        return "unknown"
    if looks_binary(head):
        return "binary"
    ext = Path(path).suffix.lower()
    if ext in EXT_FORMAT:
        return EXT_FORMAT[ext]
    sniff = decode(head[:4096])[0].lstrip("\ufeff \t\r\n")
    low = sniff.lower()
    if low.startswith(("<!doctype html", "<html")) or "<body" in low or "<article" in low:
        return "html"
    if sniff.startswith("["):
        return "json"
    if sniff.startswith("{"):
        first = sniff.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") else "json"
    if low.startswith("<?xml"):
        return "unknown"
    header = re.split(r"[,;\t|]", low.split("\n", 1)[0])
    if len(header) > 1 and any(h.strip(' "\'\r') in TEXT_COLUMNS for h in header):
        return "csv"  # a header row naming a text column: CSV without its extension (or on stdin)
    return "text"


def expand(paths: Sequence[str]) -> Iterator[str | Rejection]:
    """Files named by `paths`: files, folders (recursive, sorted, hidden entries skipped), globs, '-'."""
    for p in paths:
        if p == STDIN:
            yield STDIN
            continue
        is_glob = any(c in p for c in "*?[") and not os.path.exists(p)
        matches = sorted(glob.glob(p, recursive=True)) if is_glob else [p]
        if not matches:
            yield Rejection(p, "not-found", f"{p}: no file matches this pattern; check the pattern (quote it "
                            "so the shell does not expand it)")
            continue
        for m in matches:
            if os.path.isdir(m):
                found = []
                errors: list[OSError] = []
                for root, dirs, files in os.walk(m, onerror=errors.append):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    found.extend(os.path.join(root, f) for f in files if not f.startswith("."))
                for e in errors:
                    where = e.filename or m
                    yield Rejection(where, "unreadable", f"{where}: cannot read this folder ({e.strerror or e}); "
                                    "make it readable (chmod +rx) or leave it out")
                yield from sorted(found, key=lambda f: Path(f).parts)
            elif os.path.lexists(m):
                yield m
            else:
                yield Rejection(m, "not-found", f"{m}: no such file or folder; check the path")


def read_inputs(paths: Sequence[str], *, fields: Mapping[str, str] | None = None,
                max_bytes: int = 20_000_000,
                on_bytes: Callable[[int], None] | None = None) -> Iterator[Article | Rejection]:
    """Read every input; yield articles and rejections in input order.

    `fields` maps article fields (id, url, title, teaser, text, date, source, authors, tags, language)
    to record columns. Documents (text, HTML, JSON) larger than `max_bytes` are rejected unread;
    JSONL and CSV files are streamed and the limit applies to each record. `on_bytes(n)` hears of every
    n bytes read from the files (for progress)."""
    for key in fields or {}:
        if key not in FIELDS:
            raise InputError(f"--field {key}=…: unknown article field {key!r}; use one of {', '.join(FIELDS)}")
    for item in expand(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from read_path(item, fields=fields, max_bytes=max_bytes, on_bytes=on_bytes)


def input_size(paths: Sequence[str]) -> int | None:
    """Total bytes of the files `paths` name (None when one of them is stdin)."""
    total = 0
    for item in expand(paths):
        if item == STDIN:
            return None
        if isinstance(item, str):
            try:
                total += os.path.getsize(item)
            except OSError:
                pass
    return total


def read_path(path: str, *, fields: Mapping[str, str] | None = None, max_bytes: int = 20_000_000,
              on_bytes: Callable[[int], None] | None = None) -> Iterator[Article | Rejection]:
    """Read one file ('-' is standard input)."""
    name = "<stdin>" if path == STDIN else path
    try:
        fh: BinaryIO = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115
        if on_bytes is not None and path != STDIN:
            fh = _Counted(fh, on_bytes)
    except FileNotFoundError:
        yield Rejection(name, "not-found", f"{name}: no such file (a broken link?); check the path")
        return
    except PermissionError:
        yield Rejection(name, "unreadable", f"{name}: permission denied; make the file readable (chmod +r)")
        return
    except OSError as e:
        yield Rejection(name, "unreadable", f"{name}: cannot open ({e.strerror}); check the path")
        return
    try:
        yield from _read_open(fh, path, name, fields=fields, max_bytes=max_bytes)
    except EOFError:
        yield Rejection(name, "truncated", f"{name}: the compressed file is cut off (a broken download?); what "
                        "came before the cut was read, the rest is missing — fetch the file again")
    except (OSError, zlib.error) as e:
        why = getattr(e, "strerror", None) or str(e) or type(e).__name__
        yield Rejection(name, "unreadable", f"{name}: read error ({why}); check the file (a cut-off download "
                        "or a damaged .gz?)")
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _too_large(name: str, size: str, max_bytes: int) -> Rejection:
    return Rejection(name, "too-large", f"{name}: {size} is over the {max_bytes:,}-byte limit for one document; "
                     "split it, or raise the limit (max_bytes in the config file or LAGEBILD_MAX_BYTES)")


def _read_open(fh: BinaryIO, path: str, name: str, *, fields: Mapping[str, str] | None,
               max_bytes: int) -> Iterator[Article | Rejection]:
    try:
        st = os.fstat(fh.fileno())
        size = st.st_size if stat.S_ISREG(st.st_mode) and not isinstance(fh, gzip.GzipFile) else None
    except (OSError, io.UnsupportedOperation, AttributeError):
        size = None
    head = fh.read(HEAD)
    if not head:
        yield Rejection(name, "empty", f"{name}: the file is empty; nothing to read")
        return
    if head.startswith(GZIP_MAGIC):
        # compressed export: read the content, named without the .gz (a.jsonl.gz → jsonl)
        inner = gzip.GzipFile(fileobj=io.BufferedReader(_Prepend(head, fh)), mode="rb")
        inner_path = path[:-3] if path.endswith(".gz") else path
        yield from _read_open(inner, inner_path, name, fields=fields, max_bytes=max_bytes)  # type: ignore[arg-type]
        return
    fmt = detect_format(path, head)
    if fmt == "binary":
        yield Rejection(name, "binary", f"{name}: binary content, not text; give text, HTML, JSON(L) or CSV files")
        return
    if fmt == "unknown":
        what = next((v for k, v in CONVERT.items() if head.startswith(k)), "not a format lagebild reads; "
                    "give .txt, .html, .json, .jsonl or .csv (or name the format by the file extension)")
        yield Rejection(name, "unknown-format", f"{name}: {what}")
        return
    if fmt in STREAMED:
        marked = bom(head)
        encoding = marked[0] if marked else utf16_without_bom(head) or decode(head[: head.rfind(b"\n") + 1] or head)[1]
        raw = io.BufferedReader(_Prepend(head[marked[1]:] if marked else head, fh), buffer_size=1 << 16)
        lines = Lines(raw, "utf-8" if encoding == "utf-8-sig" else encoding)  # type: ignore[arg-type]
        if fmt == "jsonl":
            items = read_jsonl(lines, path=name, fields=fields, max_bytes=max_bytes)
        else:
            items = read_csv(lines, decode(head)[0].lstrip("\ufeff"), path=name, fields=fields, max_bytes=max_bytes)
        yield from _finish(items, name, encoding)
        return
    if size is not None and size > max_bytes:
        yield _too_large(name, f"{size:,} bytes", max_bytes)
        return
    data = head + fh.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
    if len(data) > max_bytes:
        yield _too_large(name, "the input", max_bytes)
        return
    text, encoding = decode(data)
    if fmt == "json":
        items = read_json(text, path=name, fields=fields)
    elif fmt == "html":
        items = iter([read_html(text, path=name)])
    else:
        items = iter([read_text(text, path=name)])
    yield from _finish(items, name, encoding)


def _finish(items: Iterator[Article | Rejection], name: str, encoding: str) -> Iterator[Article | Rejection]:
    for it in items:
        if isinstance(it, Article):
            if not it.text.strip():
                where = f"{name}:{it.record}" if it.record else name
                yield Rejection(name, "empty-text", f"{where}: no body text (blank, or only layout such as "
                                "captions and frames); check the file", it.record)
                continue
            if encoding not in ("utf-8", "utf-8-sig", "ascii"):
                it.meta["encoding"] = encoding
        yield it


class _Counted:
    """A binary file that reports how many bytes were read from it."""

    def __init__(self, fh: BinaryIO, on_bytes: Callable[[int], None]) -> None:
        self._fh, self._on_bytes = fh, on_bytes

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self._on_bytes(len(data))
        return data

    def fileno(self) -> int:
        return self._fh.fileno()

    def close(self) -> None:
        self._fh.close()


class _Prepend(io.RawIOBase):
    """A binary stream that yields `head` and then the rest of `fh`."""

    def __init__(self, head: bytes, fh: BinaryIO) -> None:
        self._head, self._fh = head, fh

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._fh.read(len(b))
        b[: len(data)] = data
        return len(data)
