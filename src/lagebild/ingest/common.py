"""Shared helpers for the readers: decoding, binary sniffing, date and whitespace normalisation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from ..model import Precision
from .layout import load_layout
from .lines import bom

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*$")
_D_MON_Y = re.compile(r"^\s*(\d{1,2})\.?\s+([A-Za-zÄÖÜäöü]{3,9})\.?\s+(\d{4})\s*$")
_MON_D_Y = re.compile(r"^\s*([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\s*$")
_MON_Y = re.compile(r"^\s*([A-Za-zÄÖÜäöü]{3,9})\.?\s+(\d{4})\s*$")


def normalise_date(value: object) -> tuple[str | None, Precision | None]:
    """'2022-01-27T10:00+01:00' → ('2022-01-27', 'day'); '2022-01' → ('2022-01', 'month');
    '27 Jan 2022' / '27. Januar 2022' / '27.01.2022' → day; 'Januar 2022' → month; '2022' → year.
    Month names come from the layout vocabulary. Unparseable → (None, None)."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    s = str(value).strip()
    if not s:
        return None, None
    m = _ISO.match(s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if d:
            return _valid(int(y), int(mo), int(d))
        if mo:
            return (f"{y}-{int(mo):02d}", "month") if 1 <= int(mo) <= 12 else (None, None)
        return y, "year"
    m = _DMY.match(s)
    if m:
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    months = load_layout().months
    m = _D_MON_Y.match(s)
    if m and m.group(2).lower() in months:
        return _valid(int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))
    m = _MON_D_Y.match(s)
    if m and m.group(1).lower() in months:
        return _valid(int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
    m = _MON_Y.match(s)
    if m and m.group(1).lower() in months:
        return f"{m.group(2)}-{months[m.group(1).lower()]:02d}", "month"
    return None, None


def _valid(y: int, m: int, d: int) -> tuple[str | None, Precision | None]:
    try:
        return date(y, m, d).isoformat(), "day"
    except ValueError:
        return None, None


#: lone surrogates (JSON "\ud800" escapes) cannot be written as UTF-8; NUL is no text character
_UNWRITABLE = re.compile("[\ud800-\udfff]|\x00")


def clean_string(v: Any) -> Any:
    """A string with lone surrogates as U+FFFD and NUL characters dropped (lists and objects item by item;
    other values as they are)."""
    if isinstance(v, str):
        return _UNWRITABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", v) if _UNWRITABLE.search(v) else v
    if isinstance(v, list):
        return [clean_string(x) for x in v]
    if isinstance(v, dict):
        return {k: clean_string(x) for k, x in v.items()}
    return v


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the first block looks like UTF-16 text without a byte-order mark (every
    other byte NUL, on the same side)."""
    block = head[:8192]
    if len(block) < 16:
        return None
    even, odd = block[0::2].count(0), block[1::2].count(0)
    half = len(block) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """Many NUL bytes or control characters in the first block → not text. (A stray NUL in a text export is
    dropped on reading; UTF-16 text, with or without a byte-order mark, is text.)"""
    if not head:
        return False
    block = head[:8192]
    if block.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(block):
        return False
    nul = block.count(0)
    if nul > 0.01 * len(block) + 2:
        return True
    ctrl = sum(1 for b in block if b < 9 or 13 < b < 32) - nul
    return ctrl > 0.05 * len(block)


def _letters(text: str) -> int:
    """Non-ASCII letters: a right one-byte decoding has more of them than a wrong one."""
    return sum(1 for ch in text if ord(ch) > 127 and ch.isalpha())


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: a byte-order mark decides, then UTF-16 by its look, then UTF-8, else the encoding
    charset-normalizer detects. Returns (text without NUL characters, encoding).

    Between one-byte code pages that fit equally well, cp1252 (the usual Western superset of latin-1)
    wins, so German text is not labelled cp1250 only because its umlauts exist there too."""
    text, enc = _decode(data)
    return text.replace("\x00", ""), enc


def _decode(data: bytes) -> tuple[str, str]:
    marked = bom(data)
    if marked:
        enc, n = marked
        return data[n:].decode(enc, errors="replace"), "utf-8-sig" if enc == "utf-8" else enc
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    enc = best.encoding if best is not None and best.encoding else "cp1252"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text, enc = data.decode("cp1252", errors="replace"), "cp1252"
    if enc != "cp1252" and not enc.startswith("utf"):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return text, enc
        if _letters(western) >= _letters(text):
            return western, "cp1252"
    return text, enc


# runs of blanks (not a lone space, which is left alone: most of the text)
_WS = re.compile(r"[ \t\u00a0\u2009\u202f]{2,}|[\t\u00a0\u2009\u202f]")


def join_lines(lines: list[str]) -> str:
    """Re-wrap hard line breaks inside one paragraph: words join with a space; a line that ends in '-'
    right after a non-space ("Nato-" / "Generalsekretär", "CO₂-" / "Ausstoß") joins without one,
    keeping the hyphen, unless the next line opens with a continuation word from the layout
    vocabulary ("Reise-" / "oder Handelsbeschränkungen")."""
    return _join(_WS.sub(" ", ln).strip() for ln in lines)


def _join(lines: Iterable[str]) -> str:
    cont = load_layout().hyphen_continuations
    parts: list[str] = []
    prev = ""
    for ln in lines:
        if not ln:
            continue
        if parts:
            glued = len(prev) > 1 and prev[-1] == "-" and not prev[-2].isspace() and ln[0].isalnum() \
                and ln.split(" ", 1)[0] not in cont
            if not glued:
                parts.append(" ")
        parts.append(ln)
        prev = ln
    return "".join(parts)


def clean_paragraphs(text: str, *, lines_are_paragraphs: bool = False) -> str:
    """Normalise whitespace into paragraphs separated by exactly one blank line (two newlines).

    Blank lines separate paragraphs. Inside a paragraph, hard line breaks are re-wrapped with
    :func:`join_lines` — unless `lines_are_paragraphs`, for exports that put one paragraph per line."""
    text = _WS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", ""))
    paras = []
    for block in re.split(r"\n *\n", text):
        lines = [ln for ln in (x.strip() for x in block.split("\n")) if ln]
        if lines_are_paragraphs:
            paras.extend(lines)
        elif lines:
            paras.append(_join(lines))
    return "\n\n".join(p for p in paras if p)


def one_line(text: object) -> str | None:
    """A metadata value as one trimmed line, or None when it is empty."""
    if text is None:
        return None
    s = _WS.sub(" ", str(text).replace("\r", " ").replace("\n", " ")).strip()
    return s or None


def split_authors(value: object) -> list[str]:
    """'A, B' / 'A und B' / ['A', 'B'] / 'Von A' → ['A', 'B'] (deduplicated, in order)."""
    if value is None:
        return []
    layout = load_layout()
    if isinstance(value, (list, tuple)):
        items = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value]
    else:
        items = layout.author_split.split(" " + str(value) + " ")
    out: list[str] = []
    for it in items:
        name = one_line(it)
        if name:
            name = layout.byline_prefix.sub("", name).strip()
            if name and name not in out:
                out.append(name)
    return out
