"""End to end: read → stages → stories → store, through the CLI and the Python API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.store import Store

GERMAN = ("Berlin - Die Bundesregierung hat am Dienstag neue Hilfen beschlossen. "
          "„Wir handeln schnell“, sagte Regierungssprecher Steffen Hebestreit. "
          "Die Opposition kritisierte, das Paket komme zu spät.\n")
ENGLISH = ("The government approved a new aid package on Tuesday. "
           "\"We are acting fast,\" a spokesman said. The opposition said it came too late.\n")


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "de.txt").write_text(GERMAN, encoding="utf-8")
    (d / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "blob.bin").write_bytes(bytes(range(256)) * 50)
    (d / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "title": "Hilfen", "text": GERMAN, "source": "dpa", "date": "2022-01-25"}) + "\n"
        + '{"id": "r2", "text": "abgeschnitten\n', encoding="utf-8")
    return d


def test_analyze_stores_reports_rejections_and_is_idempotent(inputs, tmp_path):
    db = str(tmp_path / "t.duckdb")
    r = CliRunner().invoke(cli, ["analyze", str(inputs), "--db", db, "--format", "jsonl", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    recs = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert len(recs) == 3
    summary = r.stderr.strip().splitlines()[-1]
    assert summary.startswith("3 read, 3 rejected") and "binary 1" in summary and "empty 1" in summary
    assert "bad-json 1" in summary and "feed.jsonl:2" in r.stderr
    by_lang = {x["language"]: x for x in recs}
    assert set(by_lang) == {"de", "en"}
    de = [x for x in recs if x["language"] == "de"]
    assert all(x["sentences"] and x["story"] for x in de)
    assert by_lang["en"]["sentences"] == [] and by_lang["en"]["quotes"] == []  # stored, flagged, not analysed
    assert any(q["speaker"] and "Hebestreit" in q["speaker"] for x in de for q in x["quotes"])
    with Store(db, read_only=True) as st:
        n_art, n_tok = st.count("articles"), st.count("tokens")
        runs = st.query("SELECT n_read, n_new, n_rejected FROM runs").to_dict("records")
    assert n_art == 3 and n_tok > 20 and runs[0]["n_new"] == 3 and runs[0]["n_rejected"] == 3
    # second run: nothing new, nothing lost, same ids
    r2 = CliRunner().invoke(cli, ["analyze", str(inputs), "--db", db, "--format", "jsonl", "--jobs", "1"])
    assert r2.exit_code == 0 and "0 new, 3 already stored" in r2.stderr
    recs2 = [json.loads(x) for x in r2.stdout.splitlines() if x.startswith("{")]
    assert sorted(x["id"] for x in recs2) == sorted(x["id"] for x in recs)
    assert sorted(json.dumps(x, sort_keys=True) for x in recs2) == sorted(json.dumps(x, sort_keys=True) for x in recs)
    with Store(db, read_only=True) as st:
        assert st.count("articles") == n_art and st.count("tokens") == n_tok


def test_strict_exit_status(inputs, tmp_path):
    r = CliRunner().invoke(cli, ["analyze", str(inputs / "empty.txt"), str(inputs / "de.txt"), "--no-store",
                                 "--strict", "--format", "none", "--jobs", "1"])
    assert r.exit_code == 2 and "1 read, 1 rejected: empty 1" in r.stderr


def test_python_api_and_tables(inputs, tmp_path):
    import lagebild

    arts = lagebild.analyze(str(inputs / "de.txt"))
    assert arts[0].language == "de" and arts[0].tokens and arts[0].tokens[0].pos
    db = str(tmp_path / "p.duckdb")
    lagebild.analyze([str(inputs / "de.txt")], db=db, store=True)
    with lagebild.open_store(db, read_only=True) as st:
        assert len(st.table("articles")) == 1 and not st.table("sentences").empty


def test_parallel_equals_serial(inputs, tmp_path):
    import lagebild

    one = lagebild.analyze(str(inputs), jobs=1)
    two = lagebild.analyze(str(inputs), jobs=2)
    assert [a.to_dict(tokens=True) for a in one] == [a.to_dict(tokens=True) for a in two]


def test_seeds_one_story_and_month_dated_events_refined(seeds_dir, tmp_path):
    """Both seed articles form one story, and the month-dated agency text's events take their day from it."""
    import lagebild

    arts = lagebild.analyze(sorted(str(p) for p in seeds_dir.glob("*.txt")))
    assert len(arts) == 2 and arts[0].story and arts[0].story == arts[1].story
    month = next(a for a in arts if a.published_precision == "month")
    undated = [e for e in month.events if not e.date_text]  # these took the article's date
    assert undated and all((e.date, e.date_granularity) == ("2022-01-27", "day") for e in undated)


# ------------------------------------------------------------------ chunked, streaming runs
def stream_records(n_stories: int = 4) -> list[dict]:
    """A small date-ordered stream from the bundled demo corpus: each article, an agency copy of it from
    another outlet the same day, a rewrite the next day, and a month-dated copy (stories of several
    articles, copy groups, month dates refined from the story)."""
    from datetime import date, timedelta

    from lagebild.demo import demo_corpus

    base = [json.loads(x) for x in demo_corpus().read_text(encoding="utf-8").splitlines()[:n_stories]]
    recs = []
    for r in base:
        day = date.fromisoformat(r["date"])
        paras = [p for p in r["text"].split("\n") if p.strip()]
        recs.append(r)
        recs.append({**r, "id": r["id"] + "-b", "source": "agentur-b", "text": "\n".join(paras[:-1] or paras)})
        recs.append({**r, "id": r["id"] + "-c", "source": "zeitung-c", "title": "Nachgefragt: " + r["title"],
                     "date": (day + timedelta(days=1)).isoformat(), "text": "\n".join(paras[1:] + paras[:1])})
        recs.append({**r, "id": r["id"] + "-m", "source": "monatsblatt", "date": r["date"][:7],
                     "text": "\n".join(paras[:2])})
    recs.sort(key=lambda x: (x["date"] if len(x["date"]) == 10 else x["date"] + "-31"))
    return recs


@pytest.fixture
def stream_file(tmp_path):
    p = tmp_path / "stream.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stream_records()), encoding="utf-8")
    return p


def test_chunked_run_stores_what_a_single_chunk_run_stores(stream_file, tmp_path):
    from lagebild.config import Settings
    from lagebild.run import analyze

    from .store_content import assert_same_content, store_content

    one = Settings(db=str(tmp_path / "one.duckdb"), jobs=1, chunk_size=1000)
    many = one.with_(db=str(tmp_path / "many.duckdb"), chunk_size=2)
    r1 = analyze([str(stream_file)], settings=one)
    r2 = analyze([str(stream_file)], settings=many)
    assert r1.n_chunks == 1 and r2.n_chunks >= 6 and r1.n_new == r2.n_new == 16
    assert [a.id for a in r1.articles] == [a.id for a in r2.articles]
    content = store_content(one.db)
    assert len(content["stories"]) < 16 and content["events"]  # stories of several articles, merged events
    with Store(one.db, read_only=True) as st:
        assert st.query("SELECT count(*) AS n FROM articles WHERE copy_of IS NOT NULL")["n"].iloc[0] > 0
    assert_same_content(one.db, many.db)
