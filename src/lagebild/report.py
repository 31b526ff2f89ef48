"""Readable text renderings for the CLI (tables, one article, listings)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from .model import Article



def _cut(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def article_table(articles: Sequence[Article]) -> str:
    rows = [f"{'id':<16} {'published':<10} {'source':<14} {'sent':>4} {'ent':>4} {'quo':>4} {'evt':>4}  title"]
    for a in articles:
        rows.append(
            f"{a.id:<16} {a.published or '-':<10} {_cut(a.source, 14):<14} {len(a.sentences):>4} "
            f"{len(a.entities):>4} {len(a.quotes):>4} {len(a.events):>4}  {_cut(a.title, 60)}"
        )
    return "\n".join(rows)


def show_article(a: Article, *, names: dict[str, str] | None = None) -> str:
    """One article with its annotations; `names` ({actor id: name}) names the events' actors."""
    names = names or {}
    out = [
        f"{a.title or '(no title)'}",
        f"id {a.id}   source {a.source or '-'}   published {a.published or '-'} ({a.published_precision or '-'})",
        f"url {a.url or '-'}   path {a.path or '-'}   language {a.language or '-'}   story {a.story or '-'}",
    ]
    if a.authors:
        out.append("authors: " + ", ".join(a.authors))
    if a.tags:
        out.append("tags: " + ", ".join(a.tags))
    if a.dateline:
        out.append(f"dateline: {a.dateline}")
    if a.teaser:
        out.append("teaser: " + a.teaser)
    out.append("")
    for i, s in enumerate(a.sentences):
        out.append(textwrap.fill(f"[{i}] {a.text[s.start:s.end]}", width=100, subsequent_indent="     "))
    if a.entities:
        out.append("\nentities:")
        for e in a.entities:
            out.append(f"  {a.text[e.start:e.end]!r:<32} {e.label:<5} {e.actor_code or '-':<10} {e.canonical or ''}")
    if a.quotes:
        out.append("\nquotations:")
        for q in a.quotes:
            who = q.speaker or a.span_text(q.speaker_start, q.speaker_end) or "?"
            out.append(textwrap.fill(f"  {q.kind:<8} {who} ({q.confidence:.2f}): {a.text[q.start:q.end]}", width=100,
                                     subsequent_indent="           "))
    if a.events:
        out.append("\nevents:")
        for e in a.events:
            neg = " (negated)" if e.negated else ""
            src = names.get(e.source or "") or e.source_code or "?"
            tgt = names.get(e.target or "") or e.target_code or "-"
            out.append(
                f"  {e.type:<10} {src} → {tgt}  {e.date or '-'}  {e.modality}{neg}  conf {e.confidence:.2f}"
                f"  «{a.text[e.start:e.end]}»"
            )
    return "\n".join(out)


def _line(cells: Sequence[tuple[object, int, str]]) -> str:
    """One table line: (value, width, align '<' or '>'); the last cell is not padded."""
    out = []
    for k, (v, w, al) in enumerate(cells):
        text = _cut(str(v if v not in (None, "") else "-"), w) if w else str(v if v not in (None, "") else "-")
        out.append(text if k == len(cells) - 1 else f"{text:{al}{w}}")
    return " ".join(out)


def _conf(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


#: per list: header cells and the cells of one row, names beside ids
TABLES: dict[str, tuple[list[tuple[str, int, str]], Any]] = {
    "articles": ([("published", 10, "<"), ("outlet", 16, "<"), ("quo", 4, ">"), ("evt", 4, ">"), ("id", 16, "<"),
                  ("title", 0, "<")],
                 lambda r: [r["published"], r["source"], r["n_quotes"], r["n_events"], r["id"], r["title"]]),
    "stories": ([("id", 17, "<"), ("arts", 4, ">"), ("srcs", 4, ">"), ("first", 10, "<"), ("last", 10, "<"),
                 ("title [outlets]", 0, "<")],
                lambda r: [r["id"], r["n_articles"] or 0, r["n_sources"] or 0, r["first_date"], r["last_date"],
                           f"{_cut(r['title'], 60)}  {(r['outlets'] or [])[:5]}"]),
    "actors": ([("mentions", 8, ">"), ("arts", 5, ">"), ("kind", 12, "<"), ("code", 10, "<"), ("name", 30, "<"),
                ("id [variants]", 0, "<")],
               lambda r: [r["mentions"], r["articles"], r["kind"], r["code"], r["canonical"],
                          f"{r['id']}  {(r['variants'] or [])[:6]}"]),
    "quotes": ([("published", 10, "<"), ("outlet", 14, "<"), ("speaker", 26, "<"), ("kind", 8, "<"), ("conf", 4, ">"),
                ("quotation", 0, "<")],
               lambda r: [r["published"], r["source"], r["speaker_name"], r["kind"], _conf(r["confidence"]),
                          _cut(r["text"], 90)]),
    "events": ([("date", 13, "<"), ("type", 10, "<"), ("source", 28, "<"), ("target", 28, "<"), ("srcs", 4, ">"),
                ("conf", 4, ">"), ("modality", 0, "<")],
               lambda r: [r["date"], r["type"], r["source_name"], r["target_name"], r["num_sources"] or 0,
                          _conf(r["confidence"]),
                          (r["modality"] or "") + (" negated" if r["negated"] else "")]),
}


def listing_table(kind: str, rows: Sequence[dict], *, total: int, hidden: int = 0, offset: int = 0) -> str:
    """A list (lagebild.queries.listing) as a text table with a line saying how many rows there are."""
    head, cells = TABLES[kind]
    lines = [_line([(h, w, al) for h, w, al in head])]
    for r in rows:
        lines.append(_line([(v, w, al) for v, (_, w, al) in zip(cells(r), head)]))
    shown = f"{offset + 1}–{offset + len(rows)} of {total}" if rows else f"none of {total}"
    note = f"{kind}: {shown}"
    if hidden:
        note += f"; {hidden} more below the confidence floor (--min-confidence 0 shows them)"
    return "\n".join(lines + [note])
