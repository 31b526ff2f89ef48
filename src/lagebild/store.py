"""The one store: a DuckDB file with a recorded schema version.

Articles are content-addressed: writing an article whose id is already stored changes nothing (the
same text from the same outlet gives the same id); a changed text is a new id, linked to its earlier
version through ``doc_key``. Each article and its annotation rows are written in one transaction, so
a crash or a bad record never loses what is already stored.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .errors import StoreError
from .model import Article, Rejection

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

# child tables written per article: (table, columns) — kept in one place for writes and deletes
ARTICLE_TABLES = ("sentences", "tokens", "entities", "quotes", "event_mentions", "terms")
WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)


def search_terms(text: str) -> list[str]:
    """The index terms of a query or title: lower-cased words of two or more characters."""
    return [w for w in (m.group(0).lower() for m in WORD.finditer(text or "")) if len(w) >= 2]


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def doc_key(a: Article) -> str:
    """What identifies 'the same document' across versions of its text."""
    if a.external_id:
        return f"{a.source or ''}|id:{a.external_id}"
    if a.url:
        return f"url:{a.url}"
    if a.path:
        return f"path:{a.path}#{a.record or 0}"
    return f"id:{a.id}"


def _published_date(a: Article) -> str | None:
    p = a.published
    if not p:
        return None
    if len(p) == 4:
        return f"{p}-01-01"
    if len(p) == 7:
        return f"{p}-01"
    return p[:10]


class Store:
    """A DuckDB-backed store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        self._lock = threading.RLock()  # guards the writing connection `con`
        self._local = threading.local()  # each reading thread's own cursor (see _reader)
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            if read_only and self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(
                    f"no store at {self.path}: run `lagebild analyze PATH --db {self.path}` first"
                )
            self.con = duckdb.connect(self.path, read_only=read_only and self.path != ":memory:")
        except duckdb.IOException as e:
            raise StoreError(
                f"cannot open the store {self.path}: {e}. Is another lagebild process writing to it? "
                "Stop it or pass another file with --db"
            ) from e
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
        """`df` visible to SQL as table `name` for the duration of the block."""
        with self._lock:
            self.con.register(name, df)
            try:
                yield
            finally:
                self.con.unregister(name)

    @contextmanager
    def _transaction(self, failure: str) -> Iterator[None]:
        """One transaction; on a database error it rolls back and raises StoreError('<failure>: …')."""
        with self._lock:
            self._x("BEGIN")
            try:
                yield
                self._x("COMMIT")
            except duckdb.Error as e:
                self._x("ROLLBACK")
                raise StoreError(f"{failure}: {e}") from e

    def _x(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Execute one statement and fetch its whole result, so no result stays open."""
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def _insert(self, table: str, df: pd.DataFrame) -> None:
        """Insert the rows of `df` into `table`, matching columns by name."""
        cols = ", ".join(df.columns)
        with self._frame("_ins", df):
            self._x(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ins")

    def close(self) -> None:
        with self._lock:
            for cur in self._cursors:
                cur.close()
            self._cursors.clear()
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
        """Store articles not yet stored (by id) with all their annotations. Returns how many were new."""
        new_ids = {a.id for a in articles} - self.known_ids(a.id for a in articles)
        todo = []
        seen: set[str] = set()
        for a in articles:
            if a.id in new_ids and a.id not in seen:
                seen.add(a.id)
                todo.append(a)
        if not todo:
            return 0
        frames = _frames(todo, run_id=run_id)
        with self._lock:
            with self._transaction(f"writing {len(todo)} articles to {self.path} failed"):
                for table, df in frames.items():
                    if not df.empty:
                        self._insert(table, df)
            self.upsert_rows("actors", self._actor_rows(todo))
        return len(todo)

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
        """Actor rows for the entities of newly written articles, merged with what is stored: name
        variants, mention and article counts, and what the actors stage said of each actor."""
        rows: dict[str, dict] = {}
        for a in articles:
            described = a.meta.get("actors") or {}
            seen: set[str] = set()
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
                row["mentions"] += 1
                if e.actor_id not in seen:
                    seen.add(e.actor_id)
                    row["articles"] += 1
        if rows:
            for k in self.records(f"SELECT id, variants, roles, mentions, articles FROM actors "
                                  f"WHERE id IN ({', '.join('?' for _ in rows)})", list(rows)):
                row = rows[k["id"]]
                row["variants"].update(json.loads(k["variants"] or "[]"))
                row["roles"] = json.loads(k["roles"] or "[]")
                row["mentions"] += k["mentions"] or 0
                row["articles"] += k["articles"] or 0
        return [{**r, "variants": sorted(r["variants"])} for r in rows.values()]

    def set_actor_roles(self, rows: Sequence[tuple[str, str]]) -> None:
        """Set the roles (JSON) of stored actors: [(actor_id, roles_json)]."""
        if not rows:
            return
        with self._frame("_roles", pd.DataFrame(list(rows), columns=["id", "roles"])):
            self._x("UPDATE actors SET roles = _roles.roles FROM _roles WHERE actors.id = _roles.id")

    def upsert_rows(self, table: str, rows: Sequence[dict[str, Any]], *, key: str = "id") -> None:
        """Insert or replace whole rows of a keyed table (stories, events, actors)."""
        if not rows:
            return
        df = pd.DataFrame([{k: (_json(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in rows])
        with self._transaction(f"writing {len(rows)} rows to {table} failed"), self._frame("_u", df):
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
        with self._lock:
            self._x("DELETE FROM story_state WHERE id = 1")
            self._x("INSERT INTO story_state VALUES (1, ?, ?)", [_json(state), _now()])

    def start_run(self, run_id: str, *, command: str, stages: dict[str, str], version: str) -> None:
        self._x(
            "INSERT INTO runs (id, started_at, command, lagebild_version, stages) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), command, version, _json(stages)],
        )

    def finish_run(
        self, run_id: str, *, n_read: int, n_new: int, rejections: Sequence[Rejection]
    ) -> None:
        counts: dict[str, int] = {}
        for r in rejections:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        self._x(
            "UPDATE runs SET finished_at = ?, n_read = ?, n_new = ?, n_rejected = ?, rejections = ? WHERE id = ?",
            [_now(), n_read, n_new, len(rejections), _json(counts), run_id],
        )
        if rejections:
            df = pd.DataFrame(
                [(run_id, r.path, r.record, r.reason, r.message) for r in rejections],
                columns=["run_id", "path", "record", "reason", "message"],
            )
            self._insert("rejections", df)

    # ------------------------------------------------------------------- reads
    # Reads run on a cursor per thread (a DuckDB cursor is a second connection to the same database), so
    # API requests read in parallel and never wait for each other or for a write on `con`; they see what
    # was committed when they started.
    def _reader(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._lock:
                cur = self.con.cursor()
                self._cursors.append(cur)
            self._local.cur = cur
        return cur

    @contextmanager
    def reader_frame(self, name: str, df: Any) -> Iterator[None]:
        """`df` (a DataFrame or an Arrow table) visible to this thread's reads as table `name` in the block."""
        cur = self._reader()
        cur.register(name, df)
        try:
            yield
        finally:
            cur.unregister(name)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self._reader().execute(sql, params or []).df()

    def records(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return plain JSON-ready dicts (dates as ISO strings, lists as lists)."""
        cur = self._reader().execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [{k: plain(v) for k, v in zip(names, row)} for row in cur.fetchall()]

    def arrow(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run a read query and return a pyarrow Table."""
        return self._reader().sql(sql, params=list(params) if params else None).to_arrow_table()

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Run a read query and return its rows as tuples."""
        return self._reader().execute(sql, params or []).fetchall()

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

    def load_articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Rebuild Article objects (with all annotations) from stored rows."""
        from .serialize import articles_from_store

        return articles_from_store(self, ids)


TABLES = (
    "articles", "sentences", "tokens", "entities", "quotes", "event_mentions", "events", "terms",
    "actors", "stories", "runs", "rejections", "schema_migrations", "story_state",
)


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
    now = _now()
    arts, sents, toks, ents, quotes, evs, terms = [], [], [], [], [], [], []
    for a in articles:
        words = {a.text[t.start:t.end].lower() for t in a.tokens} | {t.lemma.lower() for t in a.tokens if t.lemma}
        words.update(search_terms(a.title or ""))
        if not a.tokens:  # not analysed (other language): index the plain words
            words.update(search_terms(a.text))
        terms.extend((a.id, w) for w in sorted(words) if len(w) >= 2 and any(c.isalnum() for c in w))
        arts.append(
            {
                "id": a.id, "doc_key": doc_key(a), "external_id": a.external_id, "path": a.path,
                "record": a.record, "source": a.source, "url": a.url, "title": a.title,
                "teaser": a.teaser, "dateline": a.dateline, "published": a.published,
                "published_precision": a.published_precision,
                "published_date": _published_date(a), "authors": _json(a.authors),
                "tags": _json(a.tags), "related": _json([asdict(r) for r in a.related]),
                "language": a.language, "language_confidence": a.language_confidence,
                "text": a.text, "n_tokens": len(a.tokens), "story": a.story, "copy_of": a.copy_of,
                "meta": _json(a.meta), "stages": _json(a.done), "run_id": run_id, "stored_at": now,
            }
        )
        sents.extend((a.id, i, s.start, s.end) for i, s in enumerate(a.sentences))
        toks.extend((a.id, i, t.sent, t.start, t.end, t.pos, t.lemma) for i, t in enumerate(a.tokens))
        for i, e in enumerate(a.entities):
            ents.append(
                (a.id, i, e.start, e.end, a.text[e.start : e.end], e.label, e.actor_id, e.actor_code,
                 e.canonical, e.source, e.confidence, e.actor_type)
            )
        for i, q in enumerate(a.quotes):
            quotes.append(
                (a.id, i, q.start, q.end, q.kind, a.text[q.start : q.end], q.speaker,
                 q.speaker_actor_id, a.span_text(q.speaker_start, q.speaker_end) or None,
                 q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end, q.addressee,
                 q.confidence, q.rule)
            )
        for i, e in enumerate(a.events):
            evs.append(
                (a.id, i, None, e.type, e.mode, e.source, e.source_code, e.source_text, e.target,
                 e.target_code, e.target_text, e.date, e.date_granularity, e.date_text, e.location,
                 e.location_source, e.negated, e.modality, e.claimant, a.text[e.start : e.end],
                 e.start, e.end, e.sentence_start, e.sentence_end, e.confidence, _json(e.evidence), e.shown)
            )
    art_df = pd.DataFrame(arts)
    art_df["published_date"] = pd.to_datetime(art_df["published_date"], errors="coerce").dt.date
    return {
        "articles": art_df,
        "sentences": pd.DataFrame(sents, columns=["article_id", "idx", "start_char", "end_char"]),
        "terms": pd.DataFrame(terms, columns=["article_id", "term"]),
        "tokens": pd.DataFrame(
            toks, columns=["article_id", "idx", "sent", "start_char", "end_char", "pos", "lemma"]
        ),
        "entities": pd.DataFrame(
            ents,
            columns=["article_id", "idx", "start_char", "end_char", "text", "label", "actor_id",
                     "actor_code", "canonical", "source", "confidence", "actor_type"],
        ),
        "quotes": pd.DataFrame(
            quotes,
            columns=["article_id", "idx", "start_char", "end_char", "kind", "text", "speaker",
                     "speaker_actor_id", "speaker_text", "speaker_start", "speaker_end", "cue",
                     "cue_start", "cue_end", "addressee", "confidence", "rule"],
        ),
        "event_mentions": pd.DataFrame(
            evs,
            columns=["article_id", "idx", "event_id", "type", "mode", "source", "source_code",
                     "source_text", "target", "target_code", "target_text", "date",
                     "date_granularity", "date_text", "location", "location_source", "negated",
                     "modality", "claimant", "trigger", "start_char", "end_char",
                     "sentence_start", "sentence_end", "confidence", "evidence", "shown"],
        ),
    }
