"""Exports in the formats analysts use: CSV, JSONL, Parquet; PLOVER JSONL and GDELT-like TSV for
events; the actor network as GraphML or a CSV edge list (like Discourse Network Analyzer's)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import LagebildError

if TYPE_CHECKING:
    from .store import Store

TABLE_QUERIES = {
    "articles": "SELECT id, external_id, source, url, title, published, published_precision, language, "
    "authors, tags, story, copy_of, path, text FROM articles ORDER BY published_date NULLS LAST, id",
    "quotes": "SELECT q.article_id, a.source, a.published, q.kind, q.speaker, q.speaker_actor_id, "
    "q.speaker_text, q.cue, q.addressee, q.text, q.start_char, q.end_char, q.confidence "
    "FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.published_date NULLS LAST, q.article_id, q.idx",
    "events": "SELECT * FROM events ORDER BY date NULLS LAST, id",
    "entities": "SELECT * FROM entities ORDER BY article_id, idx",
    "stories": "SELECT * FROM stories ORDER BY first_date NULLS LAST, id",
}


def export(st: Store, what: str, fmt: str, path: Path) -> int:
    """Write `what` in `fmt` to `path`; returns the number of rows (or edges) written."""
    if what == "network":
        return export_network(st, fmt, path)
    if what == "events" and fmt in ("plover", "gdelt"):
        from .events.export import to_gdelt_tsv, to_plover_jsonl

        rows = st.records(TABLE_QUERIES["events"])
        for r in rows:
            if isinstance(r.get("mentions"), str):
                r["mentions"] = json.loads(r["mentions"])
        with open(path, "w", encoding="utf-8", newline="") as fh:
            (to_plover_jsonl if fmt == "plover" else to_gdelt_tsv)(rows, fh)
        return len(rows)
    if fmt not in ("csv", "jsonl", "parquet"):
        raise LagebildError(f"{what} exports as csv, jsonl or parquet (plover/gdelt are for events, graphml for network)")
    df = st.query(TABLE_QUERIES[what])
    write_frame(df, fmt, path)
    return len(df)


MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet",
         "graphml": "application/graphml+xml", "plover": "application/x-ndjson",
         "gdelt": "text/tab-separated-values"}


def export_bytes(st: Store, what: str, fmt: str) -> tuple[bytes, str]:
    """The export as bytes with its media type (for the API's downloads)."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"export.{fmt}"
        try:
            export(st, what, fmt, path)
        except LagebildError as e:
            raise ValueError(str(e)) from e
        return path.read_bytes(), MEDIA[fmt]


def write_frame(df: pd.DataFrame, fmt: str, path: Path | str) -> None:
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False, date_format="iso")
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        raise LagebildError(f"unknown table format {fmt!r}; use csv, jsonl or parquet")


def actor_network(st: Store) -> tuple[dict[str, dict], Counter, Counter]:
    """Nodes {actor_id: attrs}, and edge weights from shared events and from shared stories."""
    nodes: dict[str, dict] = {}
    for r in st.query(
        "SELECT actor_id, any_value(canonical) AS canonical, any_value(actor_code) AS code, "
        "any_value(label) AS label, count(*) AS mentions FROM entities WHERE actor_id IS NOT NULL GROUP BY 1"
    ).itertuples():
        nodes[r.actor_id] = {"label": r.canonical or r.actor_id, "code": r.code or "", "type": r.label or "",
                             "mentions": int(r.mentions)}
    ev: Counter = Counter()
    for r in st.query(
        "SELECT source, target, count(*) AS n FROM event_mentions WHERE source IS NOT NULL AND target IS NOT NULL "
        "AND source <> target GROUP BY 1, 2"
    ).itertuples():
        ev[tuple(sorted((r.source, r.target)))] += int(r.n)
    st_w: Counter = Counter()
    for r in st.query(
        "WITH x AS (SELECT DISTINCT a.story, e.actor_id FROM entities e JOIN articles a ON a.id = e.article_id "
        "WHERE a.story IS NOT NULL AND e.actor_id IS NOT NULL) "
        "SELECT x1.actor_id AS s, x2.actor_id AS t, count(*) AS n FROM x x1 JOIN x x2 "
        "ON x1.story = x2.story AND x1.actor_id < x2.actor_id GROUP BY 1, 2"
    ).itertuples():
        st_w[(r.s, r.t)] += int(r.n)
    for a, b in list(ev) + list(st_w):
        for n in (a, b):
            nodes.setdefault(n, {"label": n, "code": "", "type": "", "mentions": 0})
    return nodes, ev, st_w


def export_network(st: Store, fmt: str, path: Path) -> int:
    nodes, ev, stw = actor_network(st)
    edges = sorted(set(ev) | set(stw))
    if fmt == "graphml":
        import networkx as nx

        g = nx.Graph()
        for n, attrs in nodes.items():
            g.add_node(n, **attrs)
        for a, b in edges:
            g.add_edge(a, b, weight=ev[(a, b)] + stw[(a, b)], events=ev[(a, b)], stories=stw[(a, b)])
        nx.write_graphml(g, path)
    elif fmt == "csv":
        pd.DataFrame(
            [
                {"source": a, "target": b, "source_label": nodes[a]["label"], "target_label": nodes[b]["label"],
                 "weight": ev[(a, b)] + stw[(a, b)], "events": ev[(a, b)], "stories": stw[(a, b)]}
                for a, b in edges
            ],
            columns=["source", "target", "source_label", "target_label", "weight", "events", "stories"],
        ).to_csv(path, index=False)
    else:
        raise LagebildError("the actor network exports as graphml or csv (an edge list)")
    return len(edges)
