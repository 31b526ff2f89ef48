"""What a store holds, compared across runs: every table's rows, without the columns that only say which
run wrote a row and when (run ids, timestamps) and without the runs table itself."""

from __future__ import annotations

from pathlib import Path

from lagebild.store import TABLES, Store

#: per table, columns that differ between two runs that store the same content
RUN_COLUMNS = {"articles": {"run_id", "stored_at"}, "stories": {"updated_at"}, "story_state": {"updated_at"},
               "rejections": {"run_id"}, "schema_migrations": {"applied_at"}}


def store_content(path: str | Path) -> dict[str, list[tuple]]:
    out = {}
    with Store(path, read_only=True) as st:
        for table in TABLES:
            if table == "runs":
                continue
            df = st.table(table)
            df = df[[c for c in df.columns if c not in RUN_COLUMNS.get(table, set())]]
            out[table] = sorted(tuple(str(v) for v in row) for row in df.itertuples(index=False))
    return out


def assert_same_content(a: str | Path, b: str | Path) -> None:
    ca, cb = store_content(a), store_content(b)
    for table in ca:
        assert ca[table] == cb[table], f"table {table} differs: {len(ca[table])} vs {len(cb[table])} rows"
