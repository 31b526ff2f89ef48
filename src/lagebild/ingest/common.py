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
    :func:`join_lines` — unless `lines_are_paragraphs`, for exports that put one paragraph per line. A
    paragraph break inside a sentence (a hard wrap that became a paragraph break, as in FANG-COVID's zeit.de
    texts) is joined again (:func:`rejoin_wrapped`)."""
    text = _WS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", ""))
    paras = []
    for block in re.split(r"\n *\n", text):
        lines = [ln for ln in (x.strip() for x in block.split("\n")) if ln]
        if lines_are_paragraphs:
            paras.extend(lines)
        elif lines:
            paras.append(_join(lines))
    return "\n\n".join(p for p in rejoin_wrapped(paras) if p)


#: a line ends its sentence (or is a heading) when it ends in one of these
SENTENCE_DONE = tuple('.!?…:;"“”»«)]\'’')
#: lines of prose hard-wrapped at a fixed width are at least this long (shorter ones may be headings)
WRAP_MIN = 40
QUOTES = tuple('"„“”»«‚‘\'')
#: endings of inflected German adjectives ("strengen", "damalige"): such a word ends no sentence or heading
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def continues(line: str, nxt: str, *, wrapped: bool, in_wrap: bool = False) -> bool:
    """Whether the paragraph break between `line` and `nxt` falls inside a sentence.

    Always when `nxt` starts in lower case and `line` does not end a sentence (a closing quotation mark or a
    colon does not), or `line` ends in a comma or a word that leaves a sentence open (layout
    ``open_words``: articles, conjunctions, prepositions that are never a particle). In `wrapped` text
    (:func:`is_wrapped`) also when `line` ends in one of the layout's ``wrap_words`` (particles, auxiliaries,
    pronouns) or `nxt` starts with a dash or a parenthesis; when `line` ends in a dash, a number or an inflected lower-case
    adjective before the capitalised noun ("die strengen" / "Beschränkungen"); when both sides are capitals
    ("ZEIT" / "ONLINE:"); or when `line` is a wrapped line of prose before anything but a quotation mark: at
    least ``WRAP_MIN`` characters, itself the continuation of a wrap (`in_wrap`) or holding a sentence mark.
    A short capitalised line without punctuation before a capitalised one is a heading; a web address on
    either side is a list of links, not a sentence."""
    if not line or not nxt or _URL.match(nxt):
        return False
    if nxt[0].islower():
        return not line.endswith((".", "!", "?", "…"))
    if line.endswith(SENTENCE_DONE) or _URL.search(line):
        return False
    word = line.rsplit(" ", 1)[-1].lstrip("".join(QUOTES) + "(")
    layout = load_layout()
    if line.endswith(",") or (word.lower() in layout.open_words and not line.isupper()):
        return True
    if not wrapped:
        return False
    if word.lower() in layout.wrap_words and not line.isupper():
        return True
    if nxt[:2] in ("– ", "- ") or nxt[0] == "(" or line.endswith((" –", " -")):
        return True
    if re.fullmatch(r"\d+(?:[.,]\d+)*", word):  # "rund 1000" / "Gegner der Corona-Maßnahmen"
        return True
    if word.isupper() and line.replace(" ", "").isalpha() and nxt.split(" ", 1)[0].rstrip(":").isupper():
        return True
    if word.isalpha() and word[:1].islower() and word.endswith(ADJECTIVE_ENDINGS) and len(word) > 3:
        return True
    return len(line) >= WRAP_MIN and nxt[0] not in QUOTES and (in_wrap or bool(re.search(r"[.!?:;,] ", line)))


_URL = re.compile(r"(?:https?://|www\.)\S+$|^(?:https?://|www\.)")

#: a text whose lines break inside sentences this often (share of its line breaks) is hard-wrapped
WRAPPED_SHARE = 0.1


def is_wrapped(lines: list[str]) -> bool:
    """Whether lines that arrived as paragraphs are a hard-wrapped text: at least two and at least
    ``WRAPPED_SHARE`` of the breaks fall before a lower-case word after a line without final punctuation."""
    inside = sum(1 for a, b in zip(lines, lines[1:])
                 if b[:1].islower() and not a.endswith(SENTENCE_DONE) and not _URL.match(b))
    return inside >= 2 and inside >= WRAPPED_SHARE * (len(lines) - 1)


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Paragraphs from lines that each arrived as a paragraph: a break inside a sentence (:func:`continues`)
    joins the lines with a space (or without one after a word hyphen, as :func:`join_lines` does)."""
    wrapped = is_wrapped(lines)
    out: list[list[str]] = []
    in_wrap = False
    for ln in lines:
        if out and continues(out[-1][-1], ln, wrapped=wrapped, in_wrap=in_wrap):
            out[-1].append(ln)
            in_wrap = True
        else:
            out.append([ln])
            in_wrap = False
    return [_join(group) for group in out]


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
