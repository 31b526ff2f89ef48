"""The one store: a DuckDB file with a recorded schema version.

Articles are content-addressed: writing an article whose id is already stored changes nothing (the
same text from the same outlet gives the same id); a changed text is a new id, linked to its earlier
version through ``doc_key``.

A run writes in chunks (:meth:`Store.commit_chunk`): each chunk's articles with all their rows, the
actors they mention, the stories and merged events they touched, the story clusterer's state, the
chunk's rejections and the run's counters go in one transaction. A crash or kill loses at most the
chunk in flight and never leaves an article without its story and events. Articles an older version
left without them are found by :meth:`Store.incomplete_ids` and repaired by the next run.

One process writes (DuckDB's rule). Inside that process, reads from other threads (the web app's
request threads while an ingest thread writes) use a connection of their own per thread, so they see
the last committed chunk and never wait for a write to finish.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .errors import StoreError
from .model import Article, Rejection
from .serialize import (
    ARTICLE_TABLES, LAYERS, article_rows, articles_from_rows, doc_key, search_terms, to_json,
)

__all__ = ["ARTICLE_TABLES", "DEFAULT_DB", "ChunkWrite", "MIGRATIONS", "Store", "TABLES", "doc_key", "plain",
           "search_terms"]

DEFAULT_DB = "lagebild.duckdb"

# Each migration is (version, description, statements). Append only; never edit a released one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "articles, annotations, actors, stories, events, runs",
        [
            """CREATE TABLE runs (
                id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
                command VARCHAR, lagebild_version VARCHAR, stages JSON,
                n_read INTEGER, n_new INTEGER, n_rejected INTEGER, rejections JSON)""",
            """CREATE TABLE rejections (
                run_id VARCHAR, path VARCHAR, record INTEGER, reason VARCHAR, message VARCHAR)""",
            """CREATE TABLE articles (
                id VARCHAR PRIMARY KEY, doc_key VARCHAR, external_id VARCHAR, path VARCHAR,
                record INTEGER, source VARCHAR, url VARCHAR, title VARCHAR, teaser VARCHAR,
                dateline VARCHAR, published VARCHAR, published_precision VARCHAR,
                published_date DATE, authors JSON, tags JSON, related JSON, language VARCHAR,
                language_confidence DOUBLE, text VARCHAR, n_tokens INTEGER, story VARCHAR,
                copy_of VARCHAR, meta JSON, stages JSON, run_id VARCHAR, stored_at TIMESTAMP)""",
            """CREATE TABLE sentences (
                article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER)""",
            """CREATE TABLE tokens (
                article_id VARCHAR, idx INTEGER, sent INTEGER, start_char INTEGER,
                end_char INTEGER, pos VARCHAR, lemma VARCHAR)""",
            """CREATE TABLE entities (
                article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER,
                text VARCHAR, label VARCHAR, actor_id VARCHAR, actor_code VARCHAR,
                canonical VARCHAR, source VARCHAR, confidence DOUBLE)""",
            """CREATE TABLE quotes (
                article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER,
                kind VARCHAR, text VARCHAR, speaker VARCHAR, speaker_actor_id VARCHAR,
                speaker_text VARCHAR, speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR,
                cue_start INTEGER, cue_end INTEGER, addressee VARCHAR, confidence DOUBLE)""",
            """CREATE TABLE event_mentions (
                article_id VARCHAR, idx INTEGER, event_id VARCHAR, type VARCHAR, mode VARCHAR,
                source VARCHAR, source_code VARCHAR, source_text VARCHAR, target VARCHAR,
                target_code VARCHAR, target_text VARCHAR, date VARCHAR, date_granularity VARCHAR,
                date_text VARCHAR, location VARCHAR, location_source VARCHAR, negated BOOLEAN,
                modality VARCHAR, claimant VARCHAR, trigger VARCHAR, start_char INTEGER,
                end_char INTEGER, sentence_start INTEGER, sentence_end INTEGER,
                confidence DOUBLE)""",
            """CREATE TABLE events (
                id VARCHAR PRIMARY KEY, story VARCHAR, type VARCHAR, mode VARCHAR,
                source VARCHAR, source_code VARCHAR, target VARCHAR, target_code VARCHAR,
                date VARCHAR, date_granularity VARCHAR, location VARCHAR, negated BOOLEAN,
                modality VARCHAR, num_articles INTEGER, num_sources INTEGER, mentions JSON)""",
            """CREATE TABLE actors (
                id VARCHAR PRIMARY KEY, canonical VARCHAR, code VARCHAR, type VARCHAR,
                country VARCHAR, sector VARCHAR, variants JSON, roles JSON)""",
            """CREATE TABLE stories (
                id VARCHAR PRIMARY KEY, title VARCHAR, summary VARCHAR, first_date VARCHAR,
                last_date VARCHAR, n_articles INTEGER, n_sources INTEGER, outlets JSON,
                key_actors JSON, copy_groups JSON, article_ids JSON, updated_at TIMESTAMP)""",
            """CREATE TABLE story_state (id INTEGER PRIMARY KEY, state JSON, updated_at TIMESTAMP)""",
        ],
    ),
]

MIGRATIONS.append(
    (
        2,
        "word index for search; mention counts on actors",
        [
            "CREATE TABLE terms (article_id VARCHAR, term VARCHAR)",
            lambda st: st._backfill_terms(),
            "ALTER TABLE actors ADD COLUMN mentions INTEGER DEFAULT 0",
            "ALTER TABLE actors ADD COLUMN articles INTEGER DEFAULT 0",
            "UPDATE actors SET mentions = c.m, articles = c.n FROM (SELECT actor_id, count(*) AS m, "
            "count(DISTINCT article_id) AS n FROM entities GROUP BY 1) c WHERE actors.id = c.actor_id",
        ],
    )
)

MIGRATIONS.append((3, "index on search terms", ["CREATE INDEX terms_term ON terms (term)"]))

MIGRATIONS.append((4, "the extraction rule of each quotation", ["ALTER TABLE quotes ADD COLUMN rule VARCHAR"]))

MIGRATIONS.append((5, "run progress: counters written with every chunk", [
    "ALTER TABLE runs ADD COLUMN n_known INTEGER",
    "ALTER TABLE runs ADD COLUMN n_duplicates INTEGER",
    "ALTER TABLE runs ADD COLUMN n_chunks INTEGER",
    "ALTER TABLE runs ADD COLUMN n_partial INTEGER",
]))

# events (15-19): what each event mention was read from, and what the picture shows. Rows stored before
# keep NULL in `shown` (their confidence was not calibrated): read as not shown; analyse again to fill it.
MIGRATIONS.append((15, "event mentions: evidence (trigger, source and target spans)",
                   ["ALTER TABLE event_mentions ADD COLUMN evidence JSON"]))
MIGRATIONS.append((16, "event mentions: shown (calibrated confidence at the default threshold and an actor)",
                   ["ALTER TABLE event_mentions ADD COLUMN shown BOOLEAN"]))
MIGRATIONS.append((17, "merged events: confidence (the highest of their mentions)",
                   ["ALTER TABLE events ADD COLUMN confidence DOUBLE"]))
MIGRATIONS.append((18, "merged events: shown (any mention shown)", ["ALTER TABLE events ADD COLUMN shown BOOLEAN"]))
MIGRATIONS.append((19, "event modality values of the guideline: intent -> intended; conditional, question -> hypothetical", [
    f"UPDATE {t} SET modality = CASE modality WHEN 'intent' THEN 'intended' ELSE 'hypothetical' END "
    "WHERE modality IN ('intent', 'conditional', 'question')" for t in ("event_mentions", "events")
]))

# entity actor types (person, organisation, state, substate, armed | place, other): numbered apart
# from other branches' migrations so merges do not collide
MIGRATIONS.append((30, "the actor type of each entity", ["ALTER TABLE entities ADD COLUMN actor_type VARCHAR"]))


_json = to_json

#: (table, column) pairs a run's per-chunk counters go to
RUN_COUNTERS = ("n_read", "n_new", "n_rejected", "n_known", "n_duplicates", "n_chunks", "n_partial")


@dataclass
class ChunkWrite:
    """Everything one chunk of a run writes, in one transaction (see :meth:`Store.commit_chunk`)."""

    run_id: str
    articles: Sequence[Article] = ()  # analysed articles, new to the store (or replacing `replace`)
    replace: Sequence[str] = ()  # stored article ids whose rows these articles replace (repair)
    stories: Sequence[dict[str, Any]] = ()  # story records created or changed by the chunk
    events: Sequence[dict[str, Any]] = ()  # all merged events of the stories in `event_stories`
    event_stories: Sequence[str] = ()  # stories whose merged events are replaced by `events`
    story_state: dict[str, Any] | None = None  # the clusterer's window after the chunk
    actor_roles: Sequence[tuple[str, str]] = ()  # (actor_id, roles JSON) from the knowledge base
    rejections: Sequence[Rejection] = ()
    #: the run's counters (RUN_COUNTERS) before this chunk is written; its `n_new` is raised by the
    #: articles the chunk writes, in the same transaction
    counters: dict[str, Any] = field(default_factory=dict)


class Store:
    """A DuckDB-backed store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False,
                 memory_limit: str | None = None) -> None:
        """`memory_limit` caps DuckDB's buffer memory in this process (e.g. "1GB"; default: DuckDB's,
        80% of the machine's memory), so a long run's process does not grow with the store."""
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()  # the writing connection
        self._depth = 0  # open transaction levels on the writing connection
        self._writer_thread: int | None = None
        self._local = threading.local()
        self._readers: list[duckdb.DuckDBPyConnection] = []
        self._readers_lock = threading.Lock()
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            if read_only and self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(
                    f"no store at {self.path}: run `lagebild analyze PATH --db {self.path}` first"
                )
            config = {"memory_limit": memory_limit} if memory_limit else {}
            self.con = duckdb.connect(self.path, read_only=read_only and self.path != ":memory:", config=config)
        except duckdb.IOException as e:
            from .owner import owner

            served = owner(self.path)
            if served:
                raise StoreError(
                    f"the store {self.path} is owned by `lagebild serve` (pid {served['pid']}): read it through the "
                    f"web app and API at {served.get('url') or 'the server'}; `lagebild analyze` and `watch` hand "
                    "their input to it; other commands need the server stopped") from e
            raise StoreError(
                f"cannot open the store {self.path}: {e}. Another process is writing to it: wait for it to "
                "finish, or pass another file with --db") from e
        self.con.execute("SET enable_progress_bar = false")
        if not read_only:
            self.migrate()

    # ------------------------------------------------------------------ schema
    def migrate(self) -> int:
        self._x(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        done = {r[0] for r in self._x("SELECT version FROM schema_migrations")}
        for version, desc, stmts in MIGRATIONS:
            if version in done:
                continue
            with self._transaction(f"migration {version} failed on {self.path}"):
                for s in stmts:
                    if callable(s):
                        s(self)
                    else:
                        self._x(s)
                self._x("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, desc, _now()])
        return self.schema_version()

    def schema_version(self) -> int:
        rows = self._x("SELECT max(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    @contextmanager
    def _frame(self, name: str, df: pd.DataFrame) -> Iterator[None]:
        """`df` visible to SQL on the writing connection as table `name` for the duration of the block."""
        with self._lock:
            self.con.register(name, df)
            try:
                yield
            finally:
                self.con.unregister(name)

    @contextmanager
    def _transaction(self, failure: str) -> Iterator[None]:
        """One transaction on the writing connection (nested blocks join the outer one); on any error it
        rolls back, and a database error is raised as StoreError('<failure>: …')."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._x("BEGIN")
            self._depth, self._writer_thread = 1, threading.get_ident()
            try:
                yield
                self._x("COMMIT")
            except duckdb.Error as e:
                self._x("ROLLBACK")
                raise StoreError(f"{failure}: {e}") from e
            except BaseException:
                self._x("ROLLBACK")
                raise
            finally:
                self._depth, self._writer_thread = 0, None

    def _x(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Execute one statement on the writing connection and fetch its whole result."""
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def _insert(self, table: str, df: pd.DataFrame) -> None:
        """Insert the rows of `df` into `table`, matching columns by name."""
        cols = ", ".join(df.columns)
        with self._frame("_ins", df):
            self._x(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ins")

    def _reader(self) -> duckdb.DuckDBPyConnection:
        """The calling thread's own read connection (committed data only)."""
        cur = getattr(self._local, "con", None)
        if cur is None:
            cur = self.con.cursor()
            cur.execute("SET enable_progress_bar = false")
            self._local.con = cur
            with self._readers_lock:
                self._readers.append(cur)
        return cur

    def close(self) -> None:
        with self._readers_lock:
            for cur in self._readers:
                cur.close()
            self._readers.clear()
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writes
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        with self._frame("_ids", pd.DataFrame({"id": ids})):
            rows = self._x("SELECT a.id FROM articles a JOIN _ids USING (id)")
        return {r[0] for r in rows}

    def write_articles(self, articles: Sequence[Article], *, run_id: str | None = None) -> int:
        """Store articles not yet stored (by id) with all their annotations and the actors they mention, in
        one transaction. Returns how many were new. (A run writes through :meth:`commit_chunk`.)"""
        with self._transaction(f"writing {len(articles)} articles to {self.path} failed"):
            return self._write_articles(articles, run_id=run_id)

    def _write_articles(self, articles: Sequence[Article], *, run_id: str | None,
                        replace: Sequence[str] = ()) -> int:
        if replace:
            self._delete_articles(replace)
        known = self.known_ids(a.id for a in articles)
        todo: list[Article] = []
        seen: set[str] = set()
        for a in articles:
            if a.id not in known and a.id not in seen:
                seen.add(a.id)
                todo.append(a)
        if not todo:
            return 0
        for table, df in _frames(todo, run_id=run_id).items():
            if not df.empty:
                self._insert(table, df)
        self._upsert("actors", self._actor_rows(todo))
        return len(todo)

    def _delete_articles(self, ids: Sequence[str]) -> None:
        with self._frame("_del", pd.DataFrame({"id": list(ids)})):
            for table in ARTICLE_TABLES:
                self._x(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _del)")
            self._x("DELETE FROM articles WHERE id IN (SELECT id FROM _del)")

    def commit_chunk(self, chunk: ChunkWrite) -> int:
        """Write one chunk of a run in one transaction; returns how many articles were written."""
        with self._transaction(f"writing a chunk of {len(chunk.articles)} articles to {self.path} failed"):
            n = self._write_articles(chunk.articles, run_id=chunk.run_id, replace=chunk.replace)
            self.set_actor_roles(chunk.actor_roles)
            if chunk.stories:
                now = _now()
                self._upsert("stories", [{**{c: s.get(c, d) for c, d in STORY_COLUMNS.items()}, "updated_at": now}
                                         for s in chunk.stories])
            if chunk.event_stories:
                with self._frame("_st", pd.DataFrame({"story": list(chunk.event_stories)})):
                    self._x("DELETE FROM events WHERE story IN (SELECT story FROM _st)")
            if chunk.events:
                self._upsert("events", [{c: e.get(c) for c in EVENT_COLUMNS} for e in chunk.events])
                self.set_event_ids({(m["article_id"], m["idx"]): e["id"] for e in chunk.events
                                    for m in e.get("mentions", []) if "idx" in m})
            if chunk.story_state is not None:
                self.save_story_state(chunk.story_state)
            self._add_rejections(chunk.run_id, chunk.rejections)
            counters = dict(chunk.counters)
            if "n_new" in counters:
                counters["n_new"] += n
            self._set_counters(chunk.run_id, counters)
        return n

    def incomplete_ids(self) -> list[str]:
        """Stored articles without their story or merged events (left so by an interrupted run of a
        version that wrote articles and stories in separate transactions), oldest first."""
        rows = self._x(
            "SELECT a.id FROM articles a LEFT JOIN stories s ON s.id = a.story "
            "WHERE s.id IS NULL OR a.id IN (SELECT article_id FROM event_mentions WHERE event_id IS NULL) "
            "ORDER BY a.published_date NULLS LAST, a.id"
        )
        return [r[0] for r in rows]

    def _backfill_terms(self, batch: int = 200) -> None:
        """Index the words of articles stored before the word index existed (in batches, bounded memory)."""
        ids = [r[0] for r in self._x("SELECT id FROM articles ORDER BY id")]
        for k in range(0, len(ids), batch):
            chunk = ids[k : k + batch]
            marks = ", ".join("?" for _ in chunk)
            texts = dict(self._x(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk))
            words: dict[str, set[str]] = {i: set() for i in chunk}
            for aid, start, end, lemma in self._x(
                    f"SELECT article_id, start_char, end_char, lemma FROM tokens WHERE article_id IN ({marks})", chunk):
                words[aid].add(texts[aid][start:end].lower())
                if lemma:
                    words[aid].add(lemma.lower())
            rows = [(aid, w) for aid in chunk for w in sorted(words[aid] or search_terms(texts[aid]))
                    if len(w) >= 2 and any(c.isalnum() for c in w)]
            if rows:
                self._insert("terms", pd.DataFrame(rows, columns=["article_id", "term"]))

    def _actor_rows(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        """Actor rows for the entities of newly written articles, merged with what is stored: what the actors
        stage said of an actor when it was first stored stays (the code is filled in when it was missing),
        name variants are joined, and mention and article counts are counted over the stored entities (so
        writing the same articles again, as a repair does, counts them once)."""
        rows: dict[str, dict] = {}
        for a in articles:
            described = a.meta.get("actors") or {}
            for e in a.entities:
                if not e.actor_id:
                    continue
                rec = described.get(e.actor_id, {})
                row = rows.setdefault(e.actor_id, {
                    "id": e.actor_id, "canonical": rec.get("canonical") or e.canonical, "code": rec.get("code"),
                    "type": rec.get("type") or e.label, "country": rec.get("country"), "sector": rec.get("sector"),
                    "variants": set(), "roles": [], "mentions": 0, "articles": 0,
                })
                row["code"] = row["code"] or e.actor_code
                row["variants"].add(a.text[e.start:e.end])
        if not rows:
            return []
        marks = ", ".join("?" for _ in rows)
        for aid, canonical, code, typ, country, sector, variants, roles in self._x(
                f"SELECT id, canonical, code, type, country, sector, variants, roles FROM actors WHERE id IN ({marks})",
                list(rows)):
            row = rows[aid]  # what the first article that mentioned the actor said stays
            row.update(canonical=canonical, type=typ, country=country, sector=sector, code=code or row["code"])
            row["variants"].update(json.loads(variants or "[]"))
            row["roles"] = json.loads(roles or "[]")
        for aid, m, n in self._x(f"SELECT actor_id, count(*), count(DISTINCT article_id) FROM entities "
                                 f"WHERE actor_id IN ({marks}) GROUP BY 1", list(rows)):
            rows[aid]["mentions"], rows[aid]["articles"] = int(m), int(n)
        return [{**r, "variants": sorted(r["variants"])} for r in rows.values()]

    def set_actor_roles(self, rows: Sequence[tuple[str, str]]) -> None:
        """Set the roles (JSON) of stored actors: [(actor_id, roles_json)]."""
        if not rows:
            return
        with self._frame("_roles", pd.DataFrame(list(rows), columns=["id", "roles"])):
            self._x("UPDATE actors SET roles = _roles.roles FROM _roles WHERE actors.id = _roles.id")

    def upsert_rows(self, table: str, rows: Sequence[dict[str, Any]], *, key: str = "id") -> None:
        """Insert or replace whole rows of a keyed table (stories, events, actors)."""
        if rows:
            with self._transaction(f"writing {len(rows)} rows to {table} failed"):
                self._upsert(table, rows, key=key)

    def _upsert(self, table: str, rows: Sequence[dict[str, Any]], *, key: str = "id") -> None:
        if not rows:
            return
        df = pd.DataFrame([{k: (_json(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in rows])
        with self._frame("_u", df):
            self._x(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM _u)")
            self._insert(table, df)

    def set_event_ids(self, mapping: dict[tuple[str, int], str]) -> None:
        """Link event mentions (article_id, idx) to their merged event id."""
        if not mapping:
            return
        df = pd.DataFrame([(a, i, e) for (a, i), e in mapping.items()], columns=["article_id", "idx", "event_id"])
        with self._frame("_m", df):
            self._x(
                "UPDATE event_mentions SET event_id = _m.event_id FROM _m "
                "WHERE event_mentions.article_id = _m.article_id AND event_mentions.idx = _m.idx"
            )

    def load_story_state(self) -> dict | None:
        rows = self._x("SELECT state FROM story_state WHERE id = 1")
        return json.loads(rows[0][0]) if rows else None

    def save_story_state(self, state: dict) -> None:
        with self._transaction("saving the story state failed"):
            self._x("DELETE FROM story_state WHERE id = 1")
            self._x("INSERT INTO story_state VALUES (1, ?, ?)", [_json(state), _now()])

    def start_run(self, run_id: str, *, command: str, stages: dict[str, str], version: str) -> None:
        self._x(
            "INSERT INTO runs (id, started_at, command, lagebild_version, stages) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), command, version, _json(stages)],
        )

    def finish_run(self, run_id: str, *, n_read: int, n_new: int, rejections: Sequence[Rejection],
                   counters: dict[str, Any] | None = None, store_rejections: bool = True) -> None:
        """Mark a run finished with its final counts. `store_rejections=False` when the chunks already
        wrote them (:meth:`commit_chunk`)."""
        with self._transaction(f"finishing run {run_id} failed"):
            if store_rejections:
                self._add_rejections(run_id, rejections)
            self._set_counters(run_id, {**(counters or {}), "n_read": n_read, "n_new": n_new,
                                        "n_rejected": len(rejections), "rejections": _reason_counts(rejections)})
            self._x("UPDATE runs SET finished_at = ? WHERE id = ?", [_now(), run_id])

    def _set_counters(self, run_id: str, counters: dict[str, Any]) -> None:
        sets = {k: v for k, v in counters.items() if k in RUN_COUNTERS or k == "rejections"}
        if not sets:
            return
        if "rejections" in sets:
            sets["rejections"] = _json(sets["rejections"])
        self._x(f"UPDATE runs SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), run_id])

    def _add_rejections(self, run_id: str, rejections: Sequence[Rejection]) -> None:
        """Record rejections; one already recorded (same path, record, reason) by an earlier run is not
        recorded again, so a re-run over the same input leaves the table as it was."""
        if not rejections:
            return
        df = pd.DataFrame([(run_id, r.path, r.record, r.reason, r.message) for r in rejections],
                          columns=["run_id", "path", "record", "reason", "message"])
        df = df.drop_duplicates(subset=["path", "record", "reason"])
        with self._frame("_rej", df):
            self._x("INSERT INTO rejections SELECT r.run_id, r.path, r.record, r.reason, r.message FROM _rej r "
                    "WHERE NOT EXISTS (SELECT 1 FROM rejections x WHERE x.path = r.path AND "
                    "x.record IS NOT DISTINCT FROM r.record AND x.reason = r.reason)")

    # ------------------------------------------------------------------- reads
    @contextmanager
    def _read_con(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection a read uses: the writing one (under its lock) inside this thread's own open
        transaction, so the writer reads what it has written; else the thread's read connection, which
        sees what was committed and never waits for a write."""
        if self._depth and self._writer_thread == threading.get_ident():
            with self._lock:
                yield self.con
        else:
            yield self._reader()

    @contextmanager
    def reader_frame(self, name: str, df: Any) -> Iterator[None]:
        """`df` (a DataFrame or an Arrow table) visible to this thread's reads as table `name` in the block."""
        with self._read_con() as cur:
            cur.register(name, df)
            try:
                yield
            finally:
                cur.unregister(name)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        with self._read_con() as con:
            return con.execute(sql, params or []).df()

    def records(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return plain JSON-ready dicts (dates as ISO strings, lists as lists)."""
        with self._read_con() as con:
            cur = con.execute(sql, params or [])
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return [{k: plain(v) for k, v in zip(names, row)} for row in rows]

    def arrow(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run a read query and return a pyarrow Table."""
        with self._read_con() as con:
            return con.sql(sql, params=list(params) if params else None).to_arrow_table()

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Run a read query and return its rows as tuples."""
        with self._read_con() as con:
            return con.execute(sql, params or []).fetchall()

    def columns(self, table: str) -> frozenset[str]:
        """The column names of a table (empty when the table does not exist)."""
        return frozenset(r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]))

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise StoreError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
        return self.query(f"SELECT * FROM {name}")

    def count(self, table: str) -> int:
        return int(self.rows(f"SELECT count(*) FROM {table}")[0][0])

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {t: self.count(t) for t in TABLES if t not in ("story_state",)}
        out["schema_version"] = int(self.rows("SELECT max(version) FROM schema_migrations")[0][0] or 0)
        out["languages"] = dict(
            self.rows(
                "SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
            )
        )
        out["outlets"] = dict(
            self.rows(
                "SELECT coalesce(source, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 20"
            )
        )
        return out

    def load_articles(self, ids: Sequence[str] | None = None, *, layers: Sequence[str] = LAYERS) -> list[Article]:
        """Rebuild Article objects (with the annotation `layers`, all by default) from stored rows."""
        return articles_from_rows(lambda sql, params: self.query(sql, params), ids, layers=layers)


TABLES = (
    "articles", "sentences", "tokens", "entities", "quotes", "event_mentions", "events", "terms",
    "actors", "stories", "runs", "rejections", "schema_migrations", "story_state",
)
#: the stored columns of a story record (the clusterer's records carry more: their days, why articles joined)
STORY_COLUMNS: dict[str, Any] = {
    "id": None, "title": None, "summary": None, "first_date": None, "last_date": None, "n_articles": None,
    "n_sources": None, "outlets": [], "key_actors": [], "copy_groups": [], "article_ids": [],
}
EVENT_COLUMNS = (
    "id", "story", "type", "mode", "source", "source_code", "target", "target_code", "date",
    "date_granularity", "location", "negated", "modality", "num_articles", "num_sources", "mentions",
    "confidence", "shown",
)


def _reason_counts(rejections: Sequence[Rejection]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rejections:
        counts[r.reason] = counts.get(r.reason, 0) + 1
    return counts


def plain(v: Any) -> Any:
    """A pandas/numpy value as a plain Python value: NaN/NaT → None, numpy scalars → int/float."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, (str, list, dict, bool, int, float)):
        return v
    if isinstance(v, np.ndarray):  # DuckDB lists arrive as arrays; a one-element array is still a list
        return [plain(x) for x in v.tolist()]
    if hasattr(v, "item"):
        try:
            return v.item()
        except (ValueError, AttributeError):
            pass
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _frames(articles: Sequence[Article], *, run_id: str | None) -> dict[str, pd.DataFrame]:
    return article_rows(articles, run_id=run_id, now=_now())
