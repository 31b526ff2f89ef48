from __future__ import annotations

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article, Entity, Event, Quote, Related, Sentence, Token
from lagebild.store import MIGRATIONS, Store


def _article(text: str = "Lawrow sagte: «Wir sind bereit.» Ja.", **kw) -> Article:
    a = Article(text=text, source="taz", title="T", published="2022-01-27", published_precision="day",
                authors=["Inna Hartwich"], tags=["Nato"], related=[Related("R", "/x")], **kw)
    a.sentences = [Sentence(0, 32), Sentence(33, 36)]
    a.tokens = [Token(0, 6, "NE", "Lawrow", 0), Token(7, 12, "VVFIN", "sagen", 0)]
    a.entities = [Entity(0, 6, "PER", "per:lawrow", "RUSGOV", "Sergej Lawrow", "kb")]
    a.quotes = [Quote(start=15, end=31, kind="direct", speaker="Sergej Lawrow", speaker_start=0, speaker_end=6, cue="sagte",
                      rule="direct/frame-before")]
    a.events = [Event(type="CONSULT", start=7, end=12, sentence_start=0, sentence_end=32, source="RUS", date="2022-01-27")]
    return a


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as st:
        yield st


def test_migrations_recorded(store):
    assert store.schema_version() == MIGRATIONS[-1][0]
    rows = store.query("SELECT version, description FROM schema_migrations").to_dict("records")
    assert rows[0]["version"] == 1 and rows[0]["description"]
    assert store.migrate() == MIGRATIONS[-1][0]  # idempotent


def test_store_of_an_older_schema_is_migrated_and_keeps_its_rows(tmp_path, monkeypatch):
    import lagebild.store as store_mod

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(store_mod, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 3])
    with store_mod.Store(path) as st:  # a store written before quotations had a rule
        assert st.schema_version() == 3
        st.query("INSERT INTO quotes (article_id, idx, start_char, end_char, kind, cue) "
                 "VALUES ('a-old', 0, 15, 31, 'direct', 'sagte')")
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    with Store(path) as st:
        assert st.schema_version() == MIGRATIONS[-1][0]
        assert st.query("SELECT cue, rule FROM quotes").to_dict("records") == [{"cue": "sagte", "rule": None}]
        new = _article()
        st.write_articles([new], run_id="r1")
        assert st.load_articles([new.id])[0].quotes[0].rule == "direct/frame-before"


def test_round_trip_keeps_every_annotation(store):
    a = _article()
    assert store.write_articles([a]) == 1
    b = store.load_articles([a.id])[0]
    assert b.to_dict(tokens=True) == a.to_dict(tokens=True)


def test_same_article_twice_stored_once_and_changed_text_is_new_version(store):
    a = _article(url="https://x/1")
    assert store.write_articles([a, a]) == 1
    assert store.write_articles([_article(url="https://x/1")]) == 0
    changed = _article(text="Lawrow sagte: «Wir sind nicht bereit.» Ja.", url="https://x/1")
    assert store.write_articles([changed]) == 1
    df = store.query("SELECT id, doc_key FROM articles ORDER BY id")
    assert len(df) == 2 and df["doc_key"].nunique() == 1
    assert store.count("quotes") == 2 and store.count("tokens") == 4


def test_failed_write_keeps_what_was_stored(store, monkeypatch):
    store.write_articles([_article()])
    bad = _article(text="Anderer Text, lang genug.")
    import lagebild.store as mod

    real = mod._frames

    def broken(arts, run_id):
        frames = real(arts, run_id=run_id)
        frames["sentences"]["start_char"] = "not a number"
        return frames

    monkeypatch.setattr(mod, "_frames", broken)
    with pytest.raises(StoreError, match="failed"):
        store.write_articles([bad])
    assert store.count("articles") == 1 and store.count("quotes") == 1


def test_runs_rejections_and_stats(store):
    from lagebild.model import Rejection

    store.start_run("r1", command="analyze", stages={"x": "1"}, version="0")
    store.write_articles([_article()], run_id="r1")
    store.finish_run("r1", n_read=2, n_new=1, rejections=[Rejection("bad.bin", "binary", "binary file")])
    s = store.stats()
    assert s["articles"] == 1 and s["rejections"] == 1 and s["runs"] == 1
    assert store.query("SELECT rejections FROM runs").iloc[0, 0] == '{"binary": 1}'


def test_upsert_and_story_state(store):
    store.upsert_rows("stories", [{"id": "s1", "title": "A", "outlets": ["taz"], "n_articles": 1, "n_sources": 1}])
    store.upsert_rows("stories", [{"id": "s1", "title": "B", "outlets": ["taz", "dpa"], "n_articles": 2, "n_sources": 2}])
    df = store.table("stories")
    assert len(df) == 1 and df.iloc[0]["title"] == "B"
    assert store.load_story_state() is None
    store.save_story_state({"k": [1, 2]})
    store.save_story_state({"k": [3]})
    assert store.load_story_state() == {"k": [3]}


def test_unknown_table_and_missing_store_say_what_to_do(store, tmp_path):
    with pytest.raises(StoreError, match="the tables are"):
        store.table("nope")
    with pytest.raises(StoreError, match="lagebild analyze"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_concurrent_readonly_store_opens(tmp_path):
    path = tmp_path / "shared.duckdb"
    with Store(path) as st:
        st.write_articles([_article()])
    with Store(path, read_only=True) as a, Store(path, read_only=True) as b:
        assert a.count("articles") == b.count("articles") == 1


def test_plain_values_keep_lists_of_one():
    import numpy as np

    from lagebild.store import plain

    assert plain(np.array(["ZEIT ONLINE"], dtype=object)) == ["ZEIT ONLINE"]
    assert plain(np.int64(3)) == 3 and plain(float("nan")) is None and plain(np.float64(0.5)) == 0.5
