"""Readable text renderings for the CLI (tables, one article, listings)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .model import Article

if TYPE_CHECKING:
    from .store import Store


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


def show_article(a: Article) -> str:
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
            out.append(textwrap.fill(f"  {q.kind:<8} {who}: {a.text[q.start:q.end]}", width=100,
                                     subsequent_indent="           "))
    if a.events:
        out.append("\nevents:")
        for e in a.events:
            neg = " (negated)" if e.negated else ""
            out.append(
                f"  {e.type:<10} {e.source_code or e.source or '?'} → {e.target_code or e.target or '-'}"
                f"  {e.date or '-'}  {e.modality}{neg}  «{a.text[e.start:e.end]}»"
            )
    return "\n".join(out)


def quote_lines(st: Store, *, speaker: str | None, limit: int) -> str:
    sql = (
        "SELECT q.speaker, q.speaker_text, q.kind, q.text, a.source, a.published, a.id "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
    )
    params: list = []
    if speaker:
        sql += "WHERE lower(coalesce(q.speaker, q.speaker_text, '')) LIKE ? "
        params.append(f"%{speaker.lower()}%")
    sql += "ORDER BY a.published_date NULLS LAST, a.id, q.idx LIMIT ?"
    params.append(limit)
    rows = st.records(sql, params)
    if not rows:
        return "no quotations stored" + (f" for speaker {speaker!r}" if speaker else "")
    lines = []
    for r in rows:
        who = r["speaker"] or r["speaker_text"] or "?"
        lines.append(f"{r['published'] or '-':<10} {_cut(r['source'], 12):<12} {_cut(who, 24):<24} {r['kind']:<8} {_cut(r['text'], 90)}")
    return "\n".join(lines)


def actor_lines(st: Store, *, limit: int) -> str:
    rows = st.records(
        "SELECT coalesce(actor_id, canonical, text) AS actor, any_value(canonical) AS canonical, "
        "any_value(actor_code) AS code, any_value(label) AS label, count(*) AS mentions, "
        "count(DISTINCT article_id) AS articles, list(DISTINCT text) AS variants "
        "FROM entities WHERE actor_id IS NOT NULL GROUP BY 1 ORDER BY mentions DESC LIMIT ?",
        [limit],
    )
    if not rows:
        return "no actors stored"
    lines = [f"{'mentions':>8} {'arts':>5} {'code':<10} {'label':<5} canonical  [variants]"]
    for r in rows:
        variants = sorted(set(r["variants"] or []))[:8]
        lines.append(f"{r['mentions']:>8} {r['articles']:>5} {r['code'] or '-':<10} {r['label'] or '-':<5} "
                     f"{r['canonical'] or r['actor']}  {variants}")
    return "\n".join(lines)


def story_lines(st: Store, *, limit: int) -> str:
    rows = st.records(
        "SELECT id, title, first_date, last_date, n_articles, n_sources, outlets FROM stories "
        "ORDER BY n_articles DESC, last_date DESC, id LIMIT ?",
        [limit],
    )
    if not rows:
        return "no stories stored"
    lines = [f"{'id':<17} {'arts':>4} {'srcs':>4} {'first':<10} {'last':<10} title  [outlets]"]
    for r in rows:
        outlets = json.loads(r["outlets"]) if isinstance(r["outlets"], str) else (r["outlets"] or [])
        lines.append(
            f"{r['id']:<17} {r['n_articles'] or 0:>4} {r['n_sources'] or 0:>4} {r['first_date'] or '-':<10} "
            f"{r['last_date'] or '-':<10} {_cut(r['title'], 60)}  {outlets[:5]}"
        )
    return "\n".join(lines)


def event_lines(st: Store, *, etype: str | None, limit: int) -> str:
    sql = "SELECT type, mode, source, source_code, target, target_code, date, negated, modality, num_articles, num_sources FROM events "
    params: list = []
    if etype:
        sql += "WHERE upper(type) = ? "
        params.append(etype.upper())
    sql += "ORDER BY date NULLS LAST, num_sources DESC LIMIT ?"
    params.append(limit)
    rows = st.records(sql, params)
    if not rows:
        return "no events stored"
    lines = [f"{'date':<13} {'type':<10} {'source':<26} {'target':<26} arts srcs modality"]
    for r in rows:
        src = f"{r['source_code'] or '-'} {r['source'] or ''}".strip()
        tgt = f"{r['target_code'] or '-'} {r['target'] or ''}".strip()
        mod = (r["modality"] or "") + (" negated" if r["negated"] else "")
        lines.append(f"{r['date'] or '-':<13} {r['type']:<10} {_cut(src, 26):<26} {_cut(tgt, 26):<26} "
                     f"{r['num_articles'] or 0:>4} {r['num_sources'] or 0:>4} {mod}")
    return "\n".join(lines)
