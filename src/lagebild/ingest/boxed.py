"""Boxed text exports (second seed): every line framed as ``| content | |``.

Inside the frame: ``# host -- Title`` (the outlet's host gives ``source``), teaser lines starting with
``> ``, a caption block ("Bild: …"), the body whose first line opens with a dateline ("Moskau taz | "),
a date line ("27 Jan 2022"), then ``## SECTION`` blocks (links, authors, tags, related articles; the
names are in the layout vocabulary) that become metadata, never body text.

The body is hard-wrapped without blank lines. A line is the end of a paragraph when the next line's
first word would have fitted on it (the writer broke the line on purpose). Link
marks ``[1][seit Wochen einforderte]`` become their words; ``meta["links"]`` keeps each one's span in
``text``, its number and its url from the LINKS section.
"""

from __future__ import annotations

import re

from ..model import Article, Related
from .common import join_lines, normalise_date, one_line
from .layout import load_layout
from .plain import is_heading

FRAME = re.compile(r"^\|\s?(.*?)(?:\s\|\s\||\s?\|)?\s*$")
SECTION = re.compile(r"^##\s+(.+?)\s*$")
DATE_LINE = re.compile(r"^\d{1,2}\.?\s+[^\W\d_]{3,9}\.?\s+\d{4}$")
LINK_MARK = re.compile(r"\[(\d+)\](?:\[([^\]]+)\])?")
LINK_ITEM = re.compile(r"^\[(\d+)\]\s*(\S+)")
RELATED_TITLE = re.compile(r"^[^:]{2,90}:\s+\S")
WRAP_SLACK = 3  # wrappers do not always fill lines to the last column (seed: 2 columns short)
HEADING_SLACK = 6
SENT_END = (".", "!", "?", "…", "“", '"', "»", "«", ":")


def is_boxed(text: str) -> bool:
    """At least 80 % of the non-empty lines (and at least 3) are framed by '|'."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 3:
        return False
    return sum(1 for ln in lines if ln.startswith("|") and ln.endswith("|")) >= 0.8 * len(lines)


def unbox(text: str) -> list[str]:
    """The lines inside the frame, without the left border and the right border column."""
    out = []
    for ln in text.splitlines():
        s = ln.strip()
        if s.startswith("|") and not s.strip("| "):
            out.append("")  # an empty framed line
            continue
        m = FRAME.match(s) if s.startswith("|") else None
        out.append((m.group(1) if m else s).strip())
    return out


def _paragraphs(lines: list[str], widths: list[int]) -> list[str]:
    """Split hard-wrapped lines into paragraphs; `widths` are the lines' lengths as wrapped (before a
    dateline was cut off). The wrap width is the longest line with a space in it. A line ends a
    paragraph when the next line's first word would have fitted on it with room to spare (the writer
    broke the line on purpose: paragraph end, sub-heading, list item): ``WRAP_SLACK`` columns after a
    sentence end, ``HEADING_SLACK`` after anything else. Measured on held-out news text wrapped at 75
    columns: see tests/ingest/test_rewrap_eval.py."""
    width = max((w for ln, w in zip(lines, widths) if " " in ln), default=0)
    paras: list[list[str]] = [[]]
    for i, ln in enumerate(lines):
        if not ln:
            if paras[-1]:
                paras.append([])
            continue
        paras[-1].append(ln)
        first_word = lines[i + 1].split(" ", 1)[0] if i + 1 < len(lines) else ""
        slack = WRAP_SLACK if ln.endswith(SENT_END) else HEADING_SLACK
        if first_word and widths[i] + 1 + len(first_word) <= width - slack:
            paras.append([])
    return [join_lines(p) for p in paras if p]


def _slug(s: str) -> str:
    s = s.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _related(lines: list[str]) -> list[Related]:
    """'Topic: Headline' line, then teaser lines up to the next such line after a sentence end."""
    out: list[Related] = []
    title: str | None = None
    teaser: list[str] = []
    for ln in lines:
        if title is None or (teaser and teaser[-1].endswith(SENT_END) and RELATED_TITLE.match(ln)):
            if title is not None:
                out.append(Related(title=title, teaser=join_lines(teaser) or None))
            title, teaser = ln, []
        else:
            teaser.append(ln)
    if title is not None:
        out.append(Related(title=title, teaser=join_lines(teaser) or None))
    return out


def _match_urls(related: list[Related], urls: list[str]) -> None:
    """Give a related article the url whose first path segment is the slug of its topic (the part
    before ':'), when exactly one url and one article share that slug."""
    by_slug: dict[str, list[str]] = {}
    for u in urls:
        seg = re.sub(r"^[a-z]+://[^/]+", "", u).strip("/").split("/", 1)[0]
        by_slug.setdefault(_slug(seg), []).append(u)
    topics = [_slug(r.title.split(":", 1)[0]) if ":" in r.title else "" for r in related]
    for r, t in zip(related, topics):
        if t and len(by_slug.get(t, ())) == 1 and topics.count(t) == 1:
            r.url = by_slug[t][0]


def read_boxed(text: str, *, path: str) -> Article:
    """Read one boxed text export."""
    layout = load_layout()
    lines = unbox(text)
    title = source = host = dateline = published = precision = None
    teaser: list[str] = []
    sections: dict[str, list[str]] = {}
    body: list[str] = []
    widths: list[int] = []  # body lines' lengths as wrapped
    current: str | None = None
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        i += 1
        sm = SECTION.match(ln)
        if sm:
            current = sm.group(1).upper()
            sections.setdefault(current, [])
            continue
        if current:
            if ln:
                sections[current].append(ln)
            continue
        if not body:
            if not ln:
                continue
            if ln.startswith("# ") and title is None:
                head = ln[2:].strip()
                if " -- " in head:
                    host, head = (x.strip() for x in head.split(" -- ", 1))
                    source = host.split(".")[0] or None
                title = one_line(head)
                continue
            if ln.startswith(">"):
                teaser.append(ln.lstrip(">").strip())
                continue
            if ln.startswith(layout.caption_starts):
                # the caption runs up to the dateline when one follows within a few lines
                for j in range(i, min(i + 4, n)):
                    if _dateline(lines[j], source):
                        i = j
                        break
                continue
            dm = _dateline(ln, source)
            if dm:
                dateline = dm.group("place").strip()
                ln = ln[dm.end():]
        if published is None and DATE_LINE.match(ln) and _ends_body(lines, i):
            published, precision = normalise_date(ln)
            if published:
                continue
        body.append(ln)
        widths.append(len(lines[i - 1]))
    base = f"https://{host}" if host and "." in host else ""
    links: dict[str, str] = {}
    for name, content in sections.items():
        for ln in content if layout.sections.get(name) == "links" else ():
            lm = LINK_ITEM.match(ln)
            if lm:
                links[lm.group(1)] = base + lm.group(2) if lm.group(2).startswith("/") else lm.group(2)
    text_out, marks = _unmark("\n\n".join(_paragraphs(body, widths)), links)
    meta_fields: dict[str, list[str]] = {"authors": [], "tags": [], "related": []}
    extra: dict[str, list[str]] = {}
    for name, content in sections.items():
        kind = layout.sections.get(name)
        if kind in meta_fields:
            meta_fields[kind].extend(content)
        elif kind != "links":
            extra[name] = content
    related = _related(meta_fields["related"])
    _match_urls(related, list(links.values()))
    for mk in marks:
        if mk["url"] and not any(r.url == mk["url"] for r in related):
            related.append(Related(title=mk["anchor"], url=mk["url"]))
    for url in links.values():
        if not any(r.url == url for r in related):
            related.append(Related(title="", url=url))
    art = Article(text=text_out, path=path, title=title, source=source, teaser=join_lines(teaser) or None,
                  dateline=dateline, published=published, published_precision=precision,
                  authors=_dedup(meta_fields["authors"]), tags=_dedup(meta_fields["tags"]), related=related)
    headings = _headings(text_out)
    if headings:
        art.meta["headings"] = headings
    if marks:
        art.meta["links"] = marks
    if extra:
        art.meta["sections"] = extra
    if host:
        art.meta["host"] = host
    return art


def _headings(text: str) -> list[list[int]]:
    """Spans of sub-heading paragraphs (short, no final punctuation, between two paragraphs)."""
    out, pos = [], 0
    paras = text.split("\n\n")
    for i, p in enumerate(paras):
        if 0 < i < len(paras) - 1 and is_heading(p):
            out.append([pos, pos + len(p)])
        pos += len(p) + 2
    return out


def _ends_body(lines: list[str], i: int) -> bool:
    """Is the line before index `i` the last body line (a section heading or the end follows)?"""
    nxt = next((ln for ln in lines[i:] if ln), None)
    return nxt is None or bool(SECTION.match(nxt))


def _dateline(line: str, source: str | None) -> re.Match[str] | None:
    """'Moskau taz | …' → place 'Moskau' (the outlet word is the source, or any short lower-case word)."""
    outlet = rf"(?:{re.escape(source)}|[a-z]{{2,12}})" if source else r"[a-z]{2,12}"
    return re.match(rf"^(?P<place>[A-ZÄÖÜ][\wÄÖÜäöüß./ -]{{1,40}}?)\s+{outlet}\s*\|\s*", line)


def _unmark(text: str, links: dict[str, str]) -> tuple[str, list[dict]]:
    """Replace link marks by their words (footnote marks without words are dropped); return the text
    and the spans of the linked words in it."""
    out: list[str] = []
    marks: list[dict] = []
    pos = length = 0
    for m in LINK_MARK.finditer(text):
        chunk = text[pos:m.start()]
        anchor = re.sub(r"\s+", " ", m.group(2)) if m.group(2) is not None else ""
        if not anchor and chunk.endswith(" "):
            chunk = chunk[:-1]  # "Wort [2] weiter" → "Wort weiter"
        out.append(chunk)
        length += len(chunk)
        if anchor:
            marks.append({"n": int(m.group(1)), "anchor": anchor, "start": length,
                          "end": length + len(anchor), "url": links.get(m.group(1))})
            out.append(anchor)
            length += len(anchor)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), marks


def _dedup(items: list[str]) -> list[str]:
    out: list[str] = []
    for it in items:
        v = one_line(it)
        if v and v not in out:
            out.append(v)
    return out
