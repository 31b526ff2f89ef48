"""Exports in the formats analysts use: CSV, JSONL, Parquet; PLOVER JSONL and GDELT-like TSV for events;
the actor network as GraphML or a CSV edge list (like Discourse Network Analyzer's).

Every export takes the lists' filters (:class:`lagebild.queries.Filters`): the same rows the CLI lists
and the API returns, every one of them, with names beside ids. Quotations and events below the
confidence floor are left out unless ``min_confidence`` says otherwise; the network takes
:class:`lagebild.queries.network.NetworkOptions` (relations, minimum weight, top N, actor kinds).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import LagebildError
from .queries import Filters, select_all
from .queries.lists import Query, article_filters, resolve_actor, run_query
from .queries.network import NetworkOptions, actor_network

if TYPE_CHECKING:
    from .store import Store


class ExportError(LagebildError):
    """An export that cannot be written as asked (unknown kind or format)."""


TABLE_FORMATS = ("csv", "jsonl", "parquet")
EXPORTS: dict[str, tuple[str, ...]] = {
    "articles": TABLE_FORMATS, "quotes": TABLE_FORMATS, "events": (*TABLE_FORMATS, "plover", "gdelt"),
    "entities": TABLE_FORMATS, "stories": TABLE_FORMATS, "actors": TABLE_FORMATS, "network": ("graphml", "csv"),
}
MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet",
         "graphml": "application/graphml+xml", "plover": "application/x-ndjson",
         "gdelt": "text/tab-separated-values"}

#: the columns of each table export, in order (names beside ids)
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "external_id", "source", "url", "title", "published", "published_precision", "language",
                 "authors", "tags", "story", "copy_of", "path", "text"),
    "quotes": ("article_id", "source", "published", "title", "story", "kind", "speaker_name", "speaker",
               "speaker_actor_id", "speaker_text", "cue", "addressee", "text", "start", "end", "confidence", "rule"),
    "events": ("id", "story", "date", "date_granularity", "type", "mode", "source_name", "source_code", "source",
               "target_name", "target_code", "target", "negated", "modality", "location", "num_articles",
               "num_sources", "confidence", "mentions"),
    "stories": ("id", "title", "summary", "first_date", "last_date", "n_articles", "n_sources", "outlets",
                "key_actors", "copy_groups", "article_ids"),
    "actors": ("id", "canonical", "code", "kind", "label", "country", "mentions", "articles", "variants", "roles"),
    "entities": ("article_id", "idx", "start_char", "end_char", "text", "label", "actor_id", "name", "actor_code",
                 "source", "confidence"),
}
_SELECT = {
    "articles": "a.id, a.external_id, a.source, a.url, a.title, a.published, a.published_precision, a.language, "
                "a.authors, a.tags, a.story, a.copy_of, a.path, a.text",
    "quotes": "*",
    "events": "*",
    "stories": "*",
    "actors": "t.id, t.canonical, t.code, t.kind, t.type AS label, t.country, t.mentions, t.articles, t.variants, t.roles",
}
_SORT = {"articles": "date", "quotes": "date", "events": "date", "stories": "first", "actors": "-mentions"}


def rows_for(st: Store, what: str, f: Filters, counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every row of table export `what` under filters `f`, as plain dicts with the export's columns;
    `counts` (when given) receives how many rows fell below the confidence floor (``hidden``)."""
    if what == "entities":
        q = Query("(SELECT e.*, coalesce(t.canonical, e.canonical) AS name, a.published_date, a.source AS outlet, "
                  "a.story FROM entities e JOIN articles a ON a.id = e.article_id "
                  "LEFT JOIN actors t ON t.id = e.actor_id) e")
        article_filters(q, f, "e", outlet_column="outlet")
        if f.actor:
            q.add_in("e.actor_id {in}", resolve_actor(st, f.actor))
        listed = run_query(st, "entities", q, select="*", order="e.article_id, e.idx")
    else:
        options = {"mentions": True} if what == "events" else {}
        listed = select_all(st, what, f, select=_SELECT[what], sort=_SORT[what], **options)
    if counts is not None:
        counts["hidden"] = listed.hidden
    rows = listed.rows
    cols = COLUMNS[what]
    return [{c: r.get(c) for c in cols} for r in rows]


def export(st: Store, what: str, fmt: str, path: Path, *, filters: Filters | None = None,
           network: NetworkOptions | None = None, counts: dict[str, int] | None = None) -> int:
    """Write `what` in `fmt` to `path`; returns the number of rows (or edges) written. `counts` (when given)
    receives ``hidden``: the rows left out below the confidence floor."""
    f = filters or Filters()
    if what not in EXPORTS:
        raise ExportError(f"no export {what!r}; exports are {', '.join(EXPORTS)}")
    if fmt not in EXPORTS[what]:
        raise ExportError(f"{what} exports as {', '.join(EXPORTS[what])}, not {fmt!r}")
    if what == "network":
        return export_network(st, fmt, path, network or NetworkOptions(filters=f))
    rows = rows_for(st, what, f, counts)
    if fmt in ("plover", "gdelt"):
        from .events.export import to_gdelt_tsv, to_plover_jsonl

        with open(path, "w", encoding="utf-8", newline="") as fh:
            (to_plover_jsonl if fmt == "plover" else to_gdelt_tsv)(rows, fh)
        return len(rows)
    df = pd.DataFrame(rows, columns=list(COLUMNS[what]))
    for c in df.columns:  # JSON columns as JSON text in CSV and Parquet, as values in JSONL
        if df[c].map(lambda v: isinstance(v, (list, dict))).any() and fmt != "jsonl":
            df[c] = df[c].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    write_frame(df, fmt, path)
    return len(df)


def export_bytes(st: Store, what: str, fmt: str, *, filters: Filters | None = None,
                 network: NetworkOptions | None = None, counts: dict[str, int] | None = None) -> bytes:
    """The export as bytes (for the API's downloads)."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"export.{fmt}"
        export(st, what, fmt, path, filters=filters, network=network, counts=counts)
        return path.read_bytes()


def write_frame(df: pd.DataFrame, fmt: str, path: Path | str) -> None:
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False, date_format="iso")
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        raise ExportError(f"unknown table format {fmt!r}; use csv, jsonl or parquet")


def export_network(st: Store, fmt: str, path: Path, options: NetworkOptions) -> int:
    """The actor network as GraphML (nodes with label, code, kind, articles; edges with weight and one
    weight per relation) or as a CSV edge list with names."""
    net = actor_network(st, options)
    edges = sorted(net.edges.items(), key=lambda kv: (-kv[1]["weight"], kv[0]))
    rels = options.relations
    if fmt == "graphml":
        import networkx as nx

        g = nx.Graph(relations=",".join(rels), min_weight=options.min_weight, top=options.top,
                     kinds=",".join(options.kinds),
                     filters=json.dumps(options.filters.as_params(), ensure_ascii=False))
        linked = {n for pair, _ in edges for n in pair}
        for n, attrs in net.nodes.items():
            if n in linked:
                g.add_node(n, **attrs)
        for (a, b), w in edges:
            g.add_edge(a, b, weight=w["weight"], **{r: w[r] for r in rels})
        nx.write_graphml(g, path)
    else:
        pd.DataFrame(
            [{"source": a, "target": b, "source_name": net.nodes[a]["label"], "target_name": net.nodes[b]["label"],
              "source_kind": net.nodes[a]["kind"], "target_kind": net.nodes[b]["kind"], "weight": w["weight"],
              **{r: w[r] for r in rels}} for (a, b), w in edges],
            columns=["source", "target", "source_name", "target_name", "source_kind", "target_kind", "weight", *rels],
        ).to_csv(path, index=False)
    return len(edges)
