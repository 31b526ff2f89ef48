"""Record exports: JSON Lines, JSON (one object, an array, or {"articles": [...]}) and CSV/TSV.

Columns are found by their usual names (``ALIASES``, case-insensitive, first non-empty match wins) or
by the explicit ``--field name=column`` mapping; for CSV files without a header row the mapping may
name columns by number (``--field text=2``, 1-based), and without a mapping the longest cell is the
text. The record's own id becomes ``Article.external_id``; other short scalar columns are kept in
``meta["fields"]`` (e.g. FANG-COVID's ``label`` and raw ``date``).

A field of the wrong type (text that is a number, an outlet that is an object, tags that are a number)
makes the record a ``bad-field`` rejection rather than an article with made-up text; JSON nested too
deeply to read is ``bad-json``. Lone surrogates (``"\\ud800"``) become U+FFFD and NUL characters are
dropped from every string taken from a record.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from html import unescape
from typing import Any, TextIO

from ..model import Article, Rejection
from .common import clean_paragraphs, clean_string, normalise_date, one_line, split_authors
from .lines import Lines, PIECE, csv_records

# article field → accepted column names, first match wins
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "doc_id", "article_id", "guid", "uuid"),
    "url": ("url", "link", "href", "source_url", "canonical_url"),
    "title": ("title", "header", "headline", "heading"),
    "teaser": ("teaser", "description", "lead", "summary", "abstract", "subtitle"),
    "text": ("text", "article", "body", "content", "maintext", "fulltext", "article_text"),
    "date": ("date_norm", "published", "date_publish", "date", "published_at", "pubdate", "datetime",
             "date_published", "time"),
    "source": ("source", "outlet", "site", "source_name", "sitename", "publisher", "domain", "source_domain"),
    "authors": ("authors", "author", "byline"),
    "tags": ("tags", "keywords", "categories", "topics"),
    "language": ("language", "lang"),
}
FIELDS = tuple(ALIASES)
META_MAX = 300  # longer unused columns are not copied into meta
MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|span|a|em|strong|b|i)\b[^>]*>", re.I)
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote)\s*>", re.I)
TAG = re.compile(r"<[^>]+>")


def _column(rec: Mapping[str, Any], name: str, fields: Mapping[str, str] | None) -> str | None:
    """The record key that holds field `name`, or None."""
    if fields and name in fields:
        return fields[name] if fields[name] in rec else None
    lower = {str(k).lower(): k for k in rec}
    for alias in ALIASES[name]:
        key = lower.get(alias)
        if key is not None and rec[key] not in (None, "", []):
            return key
    return None


#: fields that hold one string (a number is taken as its digits); the others: text, authors, tags, date
SCALAR_FIELDS = ("id", "url", "title", "teaser", "source", "language")
LIST_FIELDS = ("authors", "tags")


def _type_name(v: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", dict: "an object", list: "a list"}.get(
        type(v), type(v).__name__)


def _bad_type(name: str, v: Any) -> str | None:
    """Why the value `v` cannot be field `name`, or None when it can."""
    if v is None:
        return None
    if name == "text":
        if isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            return None
        if isinstance(v, list):
            return "a list holding something other than strings"
        return _type_name(v)
    if name in SCALAR_FIELDS:
        ok = isinstance(v, str) or (isinstance(v, (int, float)) and not isinstance(v, bool))
        return None if ok else _type_name(v)
    if name in LIST_FIELDS:
        if isinstance(v, str):
            return None
        if isinstance(v, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool)
                                       or (name == "authors" and isinstance(x, Mapping)) for x in v):
            return None
        return _type_name(v) if not isinstance(v, list) else "a list holding objects or lists"
    if name == "date":
        return _type_name(v) if isinstance(v, (dict, list, bool)) else None
    return None


def record_to_article(rec: Any, *, path: str, record: int, fields: Mapping[str, str] | None) -> Article | Rejection:
    """One exported record → Article, or a Rejection naming the record and what to do."""
    where = f"{path}:{record}"
    if not isinstance(rec, Mapping):
        return Rejection(path, "bad-record", f"{where}: expected an object with article fields, got "
                         f"{type(rec).__name__}; give one article object per line or array element", record)
    cols = {name: _column(rec, name, fields) for name in FIELDS}
    val = {name: clean_string(rec[c]) if c is not None else None for name, c in cols.items()}
    for name, v in val.items():
        bad = _bad_type(name, v)
        if bad:
            shown = one_line(json.dumps(v, ensure_ascii=False, default=str)[:60])
            return Rejection(path, "bad-field", f"{where}: field {cols[name]!r} ({name}) is {bad} ({shown}), not "
                             f"{'text' if name == 'text' else 'a string'}; fix the record or map another column "
                             f"with --field {name}=COLUMN", record)
    text = val["text"]
    if isinstance(text, list):
        text = "\n\n".join(x for x in text if x)
    if text is None or not str(text).strip():
        if fields and "text" in fields:
            hint = f"column {fields['text']!r} is missing or empty"
        elif cols["text"] is None and any(str(k).lower() in ALIASES["text"] for k in rec):
            found = next(k for k in rec if str(k).lower() in ALIASES["text"])
            hint = f"the text column {found!r} is empty"
        else:
            hint = f"no text column among: {', '.join(str(k) for k in list(rec)[:12])}"
        return Rejection(path, "no-text", f"{where}: no article text ({hint}); name the text column with "
                         "--field text=COLUMN", record)
    text = str(text)
    if MARKUP.search(text):
        text = html_to_text(text)
    published, precision = normalise_date(val["date"])
    tags = val["tags"]
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.replace(";", ",").split(",") if t.strip()]
    ext = val["id"]
    used = {c for c in cols.values() if c is not None}
    extra = {str(k): clean_string(v) for k, v in rec.items()
             if k not in used and isinstance(v, (str, int, float, bool)) and len(str(v)) <= META_MAX}
    art = Article(
        text=clean_paragraphs(text, lines_are_paragraphs="\n\n" not in text.replace("\r\n", "\n")),
        path=path, record=record, external_id=str(ext).strip() if ext not in (None, "") else None,
        url=one_line(val["url"]), title=one_line(val["title"]), teaser=one_line(val["teaser"]),
        source=one_line(val["source"]), published=published, published_precision=precision,
        authors=split_authors(val["authors"]), tags=[t for t in (one_line(x) for x in tags or []) if t],
        language=_language(val["language"]),
    )
    if val["date"] is not None and published is None:
        extra.setdefault("date", val["date"])  # keep what could not be read as a date
    if extra:
        art.meta["fields"] = extra
    return art


def html_to_text(text: str) -> str:
    """A record's text given as an HTML fragment ("<p>…</p>") → paragraphs separated by blank lines."""
    return unescape(TAG.sub("", BLOCK_END.sub("\n\n", text)))


def _language(value: object) -> str | None:
    """'de-DE' / 'DE' / 'de_AT' → 'de'."""
    code = one_line(value)
    return re.split(r"[-_]", code)[0].lower() if code else None


def loads(text: str) -> tuple[Any, str | None]:
    """(parsed JSON, None) or (None, why it is not readable JSON)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as e:
        return None, f"invalid JSON ({e.msg}: line {e.lineno}, column {e.colno})"
    except RecursionError:
        return None, "JSON nested too deeply to read (thousands of brackets)"


def read_jsonl(stream: Lines | TextIO, *, path: str, fields: Mapping[str, str] | None,
               max_bytes: int = 20_000_000) -> Iterator[Article | Rejection]:
    """One JSON object per line; a bad line is a Rejection and the next lines are still read."""
    n = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith("\n"):
            while (rest := stream.readline(PIECE)) and not rest.endswith("\n"):
                pass  # skip the rest of the oversized line without holding it
            yield Rejection(path, "too-large", f"{path}:{n}: record over {max_bytes:,} characters; raise the "
                            "limit (max_bytes in the config file or LAGEBILD_MAX_BYTES) or split it", n)
            continue
        if not line.strip():
            continue
        rec, err = loads(line)
        if err:
            yield Rejection(path, "bad-json", f"{path}:{n}: {err.replace(': line 1, column', ': column')}; fix or remove "
                            "this line (the other lines were read)", n)
            continue
        item = record_to_article(rec, path=path, record=n, fields=fields)
        if isinstance(item, Article) and getattr(stream, "last_fallback", False):
            item.meta["encoding"] = "cp1252"  # this line was not in the file's encoding
        yield item


def read_json(text: str, *, path: str, fields: Mapping[str, str] | None) -> Iterator[Article | Rejection]:
    """A JSON document: one article object, an array of them, or an object holding the array."""
    data, err = loads(text)
    if err:
        if text.lstrip().startswith("{") and "\n{" in text:  # JSON Lines under a .json name
            yield from read_jsonl(io.StringIO(text), path=path, fields=fields)
            return
        yield Rejection(path, "bad-json", f"{path}: {err}; fix the file or export it as JSON Lines (one article "
                        "per line)")
        return
    if isinstance(data, Mapping):
        for key in ("articles", "data", "items", "results", "documents", "records"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    items = data if isinstance(data, list) else [data]
    for n, rec in enumerate(items, 1):
        yield record_to_article(rec, path=path, record=n, fields=fields)


def _dialect(sample: str, path: str, *, truncated: bool) -> tuple[str, str]:
    """(delimiter, quote char) under which the sample's rows have the most consistent column count (at
    least 2), then the fewest quote chars left inside cells; csv.Sniffer guesses wrong on long article
    texts full of commas and quotation marks."""
    best: tuple[tuple[float, float, int, int], str, str] | None = None
    for qi, quote in enumerate(('"', "'")):
        for di, delim in enumerate((",", ";", "\t", "|")):
            try:
                rows = list(csv.reader(io.StringIO(sample), delimiter=delim, quotechar=quote))
            except csv.Error:
                continue
            if truncated and len(rows) > 1:
                rows = rows[:-1]  # the last row may be cut off
            counts = [len(r) for r in rows if r]
            if not counts:
                continue
            mode = max(set(counts), key=counts.count)
            if mode < 2:
                continue
            stray = sum(c.count(quote) for r in rows for c in r) / len(counts)
            score = (counts.count(mode) / len(counts), -stray, -qi, -di)
            if best is None or score > best[0]:
                best = (score, delim, quote)
    if best is None:
        return ("\t" if path.endswith(".tsv") else ","), '"'
    return best[1], best[2]


def read_csv(lines: Lines, sample: str, *, path: str, fields: Mapping[str, str] | None,
             max_bytes: int = 20_000_000) -> Iterator[Article | Rejection]:
    """CSV/TSV with a header row (dialect sniffed from `sample`, the file's first block), or without one (see
    the module docstring). Each record is parsed on its own: a malformed or oversized record is one
    rejection and the next ones are read."""
    csv.field_size_limit(max(max_bytes + 1, 1 << 17))
    delimiter, quote = _dialect(sample, path, truncated=len(sample) >= 65536)
    known = {a for names in ALIASES.values() for a in names}
    names: list[str] | None = None
    numbered: Mapping[str, str] | None = None
    n = 0
    for line_no, text, fallback in csv_records(lines, delimiter=delimiter, quote=quote, max_bytes=max_bytes):
        where = f"{path}:{line_no}"
        if text is None:
            n += names is not None or numbered is not None
            yield Rejection(path, "too-large", f"{where}: CSV record over {max_bytes:,} characters; raise the limit "
                            "(max_bytes in the config file or LAGEBILD_MAX_BYTES) or split it", n or None)
            continue
        try:
            row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote), None)
        except csv.Error as e:
            n += names is not None or numbered is not None
            yield Rejection(path, "bad-csv", f"{where}: {e}; fix the quoting of this record (the other records "
                            "were read)", n or None)
            continue
        if row is None:
            continue
        if names is None and numbered is None:  # the first record: a header row, or the first data row
            by_number = bool(fields) and all(v.isdigit() for v in fields.values())
            if by_number or not any(h.strip().lower() in known for h in row) and not fields:
                numbered = fields if by_number else {}
            else:
                names = [h.strip() for h in row]
                continue
        if not any(c.strip() for c in row):
            n += 1
            continue
        n += 1
        if names is not None:
            item = record_to_article(dict(zip(names, row)), path=path, record=n, fields=fields)
        else:
            rec = {str(i): c for i, c in enumerate(row, 1)}
            mapping = dict(numbered) if numbered else {
                "text": str(max(range(1, len(row) + 1), key=lambda i: len(row[i - 1])))}
            item = record_to_article(rec, path=path, record=n, fields=mapping)
        if isinstance(item, Article) and fallback:
            item.meta["encoding"] = "cp1252"
        yield item
