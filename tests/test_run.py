"""End to end: read → stages → stories → store, through the CLI and the Python API."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

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


# ------------------------------------------------------------------ crash safety
def consistency_problems(db: str) -> list[str]:
    """What a consistent store never has: articles without their story row, event mentions without their
    merged event, story members or event mentions that point at no article."""
    with Store(db, read_only=True) as st:
        q = lambda sql: int(st.query(sql).iloc[0, 0])  # noqa: E731
        checks = {
            "articles without a story row": "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story "
                                            "WHERE s.id IS NULL",
            "event mentions without an event": "SELECT count(*) FROM event_mentions m LEFT JOIN events e "
                                               "ON e.id = m.event_id WHERE e.id IS NULL",
            "child rows without an article": "SELECT (SELECT count(*) FROM tokens WHERE article_id NOT IN "
                                             "(SELECT id FROM articles)) + (SELECT count(*) FROM event_mentions "
                                             "WHERE article_id NOT IN (SELECT id FROM articles))",
            "story members not stored": "SELECT count(*) FROM (SELECT unnest(CAST(article_ids AS VARCHAR[])) AS i "
                                        "FROM stories) WHERE i NOT IN (SELECT id FROM articles)",
            "no story state": "SELECT count(*) = 0 FROM story_state",
        }
        return [name for name, sql in checks.items() if q(sql)]


def _cli(*args: str, env: dict | None = None):
    import os
    import subprocess
    import sys

    full = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"),
                                                          os.environ.get("PYTHONPATH", "")]),
            "LAGEBILD_PROGRESS_SECONDS": "0", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "lagebild.cli", *args], env=full, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def kill_after_chunks(args: list[str], n: int, *, delay: float) -> int:
    """Run the CLI, kill -9 it `delay` seconds after its n-th committed chunk; return the articles it said
    were done before the kill (0 when it finished first)."""
    import re
    import signal
    import time

    proc = _cli(*args)
    done = seen = 0
    for line in proc.stderr:
        m = re.match(r"progress: (\d+) articles", line)
        if m:
            seen += 1
            done = int(m.group(1))
            if seen == n:
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait()
    return done if proc.returncode == -signal.SIGKILL else 0


def _reference(stream_file: Path, db: Path):
    from lagebild.config import Settings
    from lagebild.run import analyze

    return analyze([str(stream_file)], settings=Settings(db=str(db), jobs=1, chunk_size=2))


def _kill_and_resume(stream_file: Path, tmp_path: Path, kills: list[tuple[int, float]]) -> None:
    from .store_content import assert_same_content

    ref = tmp_path / "ref.duckdb"
    _reference(stream_file, ref)
    db = tmp_path / "killed.duckdb"
    args = ["analyze", str(stream_file), "--db", str(db), "--chunk-size", "2", "--jobs", "1", "--format", "none"]
    for n, delay in kills:
        before = 0
        if db.exists():
            with Store(db, read_only=True) as st:
                before = st.count("articles")
        said = kill_after_chunks(args, n, delay=delay)
        assert said, "the run finished before the kill; kill earlier"
        assert consistency_problems(str(db)) == []
        with Store(db, read_only=True) as st:
            stored = st.count("articles")
        assert stored >= before + said - 2 * 2  # at most the chunk in flight is lost (2 articles per chunk)
    proc = _cli(*args)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert consistency_problems(str(db)) == []
    assert_same_content(ref, db)


@pytest.mark.slow
def test_kill_9_loses_at_most_the_chunk_in_flight_and_a_rerun_finishes_the_rest(tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stream_records(2)), encoding="utf-8")
    _kill_and_resume(small, tmp_path, [(2, 0.05)])


@pytest.mark.slow
def test_kill_9_at_three_random_moments(stream_file, tmp_path):
    import random

    rng = random.Random(15)
    _kill_and_resume(stream_file, tmp_path, [(rng.randint(1, 2), rng.uniform(0, 0.8)) for _ in range(3)])


def test_a_crash_inside_a_chunk_write_leaves_the_chunks_before_and_a_rerun_finishes(stream_file, tmp_path,
                                                                                     monkeypatch):
    """The same guarantee in-process (the kill -9 tests above are slow): a failure in the middle of the third
    chunk's transaction rolls that chunk back whole."""
    from lagebild.config import Settings
    from lagebild.errors import StoreError
    from lagebild.run import analyze

    from .store_content import assert_same_content

    ref = tmp_path / "ref.duckdb"
    _reference(stream_file, ref)
    settings = Settings(db=str(tmp_path / "crash.duckdb"), jobs=1, chunk_size=2)
    real = Store.save_story_state
    calls = []

    def crash_on_third(self, state):
        calls.append(1)
        real(self, state)  # the state is written, then the transaction fails
        if len(calls) == 3:
            raise StoreError("simulated crash")

    monkeypatch.setattr(Store, "save_story_state", crash_on_third)
    with pytest.raises(StoreError, match="simulated"):
        analyze([str(stream_file)], settings=settings)
    monkeypatch.setattr(Store, "save_story_state", real)
    assert consistency_problems(settings.db) == []
    with Store(settings.db, read_only=True) as st:
        assert st.count("articles") == 4  # two whole chunks; the third left nothing behind
        assert st.rows("SELECT n_read, n_new, n_chunks FROM runs") == [(4, 4, 2)]  # the run's row says so
    r = analyze([str(stream_file)], settings=settings)
    assert r.n_known == 4 and r.n_new == 12
    assert_same_content(ref, settings.db)


def test_articles_an_interrupted_older_version_left_without_stories_are_repaired(stream_file, tmp_path):
    """An older version wrote articles, then (separately) story state, stories and events; a kill in between
    left articles without stories and events. A run repairs them, whatever input it is given."""
    import shutil

    from .store_content import assert_same_content

    ref = tmp_path / "ref.duckdb"
    _reference(stream_file, ref)
    for lost_state in (True, False):
        db = tmp_path / f"old-{lost_state}.duckdb"
        shutil.copy(ref, db)
        with Store(db) as st:
            st.query("DELETE FROM stories")
            st.query("DELETE FROM events")
            st.query("UPDATE event_mentions SET event_id = NULL")
            if lost_state:
                st.query("DELETE FROM story_state")
        assert consistency_problems(str(db))
        r = CliRunner().invoke(cli, ["analyze", str(stream_file), "--db", str(db), "--format", "none", "--jobs", "1"])
        assert r.exit_code == 0 and "0 new, 16 already stored" in r.stderr and "16 repaired" in r.stderr, r.stderr
        assert consistency_problems(str(db)) == []
        assert_same_content(ref, db)


# ------------------------------------------------------------------ no input stops a run
def malformed_files(folder: Path, n: int, seed: int = 15) -> Counter:
    """`n` malformed files of many kinds in `folder`; returns the rejection reasons they must give."""
    import gzip
    import random

    rng = random.Random(seed)
    good = json.dumps({"text": GERMAN, "title": "x"})
    kinds = [
        ("bin", lambda: bytes(rng.randrange(256) for _ in range(600)) + b"\x00" * 50, "binary"),
        ("txt", lambda: b"", "empty"),
        ("txt", lambda: b" \n\t\n" * rng.randint(1, 9), "empty-text"),
        ("pdf", lambda: b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(200)), "unknown-format"),
        ("json", lambda: good[: rng.randint(5, len(good) - 2)].encode(), "bad-json"),
        ("json", lambda: b"[" * rng.randint(20_000, 60_000), "bad-json"),
        ("jsonl", lambda: json.dumps({"text": GERMAN, "tags": rng.randint(0, 9)}).encode() + b"\n", "bad-field"),
        ("jsonl", lambda: json.dumps({"text": rng.random()}).encode() + b"\n", "bad-field"),
        ("jsonl", lambda: json.dumps({"text": GERMAN, "source": {"a": 1}}).encode("utf-16"), "bad-field"),
        ("jsonl", lambda: json.dumps({"text": "", "title": "leer"}).encode() + b"\n", "no-text"),
        ("jsonl", lambda: str(rng.randint(0, 99)).encode() + b"\n", "bad-record"),
        ("json", lambda: json.dumps(["nur ein string"]).encode(), "bad-record"),
        ("gz", lambda: gzip.compress(GERMAN.encode() * 300)[:rng.randint(20, 200)], "truncated"),
        ("csv", lambda: b'text,title\n"' + b"x" * 300_000 + b'",A\n', "too-large"),
        ("csv", lambda: b"title,text\nT,\n", "no-text"),
        ("xml", lambda: b'<?xml version="1.0"?><a>b</a>', "unknown-format"),
        ("html", lambda: b"<html><body><script>var a = 1;</script></body></html>", "no-text"),
    ]
    expected: Counter = Counter()
    for i in range(n):
        ext, make, reason = kinds[i % len(kinds)]
        name = f"m{i:05d}.{ext}" if ext != "gz" else f"m{i:05d}.txt.gz"
        (folder / name).write_bytes(make())
        expected[reason] += 1
    return expected


def run_with_malformed(tmp_path: Path, n_bad: int, n_good: int) -> None:
    from lagebild.config import Settings
    from lagebild.run import analyze

    folder = tmp_path / "in"
    folder.mkdir()
    expected = malformed_files(folder, n_bad)
    recs = stream_records(7)[:n_good]
    for i, r in enumerate(recs):
        (folder / f"g{i:03d}.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    settings = Settings(db=str(tmp_path / "m.duckdb"), jobs=1, chunk_size=8, max_bytes=200_000)
    report = analyze([str(folder)], settings=settings)
    assert Counter(r.reason for r in report.rejections) == expected
    assert all(r.path in r.message and "\n" not in r.message for r in report.rejections)
    assert report.n_new == len(recs) and not report.partial
    with Store(settings.db, read_only=True) as st:
        assert st.count("articles") == len(recs) and consistency_problems(settings.db) == []
        assert st.count("rejections") == n_bad


def test_malformed_files_are_named_rejections_and_every_good_article_is_stored(tmp_path):
    run_with_malformed(tmp_path, 170, 6)


@pytest.mark.slow
def test_2000_malformed_files_among_good_ones(tmp_path):
    run_with_malformed(tmp_path, 2000, 28)


def test_an_article_over_a_stage_budget_is_stored_partly_and_counted(tmp_path):
    from lagebild.config import Settings
    from lagebild.run import analyze

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Er sagte, dass " * 400 + "es regnet.", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "b.duckdb"), jobs=1, stage_max_chars=5000)
    report = analyze([str(tmp_path / "in")], settings=settings)
    assert report.n_new == 2 and [r.reason for r in report.partial] == ["budget-tokenize"]
    assert "1 stored partly analysed: budget-tokenize 1" in report.summary_line()
    with Store(settings.db, read_only=True) as st:
        rows = st.query("SELECT path, reason FROM rejections").to_dict("records")
        stages = st.query("SELECT stages FROM articles WHERE path LIKE '%b.txt'")["stages"].iloc[0]
    assert rows == [{"path": str(tmp_path / "in" / "b.txt"), "reason": "budget-tokenize"}]
    assert json.loads(stages) == ["language"] and consistency_problems(settings.db) == []


# ------------------------------------------------------------------ shape
def _imports(module: str) -> set[str]:
    """The lagebild modules `module` imports anywhere in its file (also inside functions)."""
    import ast

    src = Path(__file__).parents[1] / "src" / Path(*module.split("."))
    path = src / "__init__.py" if src.is_dir() else src.with_suffix(".py")
    package = module if src.is_dir() else module.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            out.add(target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("lagebild.") or m == "lagebild"}


def test_the_run_path_imports_one_way():
    """reader → chunks → executor (local or Ray) → cross-article step → store writer; nothing imports back."""
    layers = [  # each module may import only modules of earlier layers (and model, config, errors, …)
        ["lagebild.serialize", "lagebild.pipeline", "lagebild.ingest"],
        ["lagebild.store", "lagebild.chunks", "lagebild.executor"],
        ["lagebild.ray_exec", "lagebild.cross", "lagebild.progress"],
        ["lagebild.run"],
    ]
    rank = {m: i for i, layer in enumerate(layers) for m in layer}
    for module, i in rank.items():
        for target in _imports(module):
            if target in rank:
                assert rank[target] < i or target == module, f"{module} imports {target}"


def test_duplicates_are_counted_with_and_without_a_store(tmp_path):
    from lagebild.config import Settings
    from lagebild.run import analyze

    p = tmp_path / "a.jsonl"
    rec = json.dumps({"text": GERMAN, "title": "Hilfen"})
    other = json.dumps({"text": GERMAN + " Nachtrag.", "title": "Hilfen"})
    p.write_text("\n".join([rec, other, rec, other, rec]) + "\n", encoding="utf-8")
    for store in (False, True):
        r = analyze([str(p)], settings=Settings(db=str(tmp_path / "d.duckdb"), jobs=1, chunk_size=1), store=store)
        assert (r.n_read, r.n_new, r.n_duplicates) == (5, 2, 3) and "3 duplicates" in r.summary_line()


class _CrashStage:
    """A stage whose process dies on one article (as if killed for memory)."""

    name, version, requires, assigns, languages = "crash", "0", (), ("checked",), None

    def applies(self, article):
        return True

    def __call__(self, article):
        import os

        if "ABSTURZ" in article.text:
            os._exit(3)
        article.meta["checked"] = True
        return article


def crash_stages():
    return [_CrashStage()]


def test_a_worker_that_dies_costs_only_its_article(tmp_path, monkeypatch):
    import lagebild.executor as ex
    from lagebild.config import Settings
    from lagebild.run import analyze

    monkeypatch.setattr(ex, "STAGE_FACTORIES", (("tests.test_run", "crash_stages"),))
    monkeypatch.setattr(ex, "WARM_UP", "Warm.")
    p = tmp_path / "a.jsonl"
    p.write_text("".join(json.dumps({"text": f"Meldung {i}. " + ("ABSTURZ" if i == 4 else "Ruhig.")}) + "\n"
                         for i in range(9)), encoding="utf-8")
    report = analyze([str(p)], settings=Settings(jobs=2, batch_size=3), store=False)
    assert report.n_new == 9 and [r.reason for r in report.partial] == ["error-worker"]
    assert sum(bool(a.meta.get("checked")) for a in report.articles) == 8


def test_a_rerun_over_stored_input_streams_too(stream_file, tmp_path):
    """Chunks without new articles come back in their turn (not all at the end), printed as stored."""
    from lagebild.config import Settings
    from lagebild.run import analyze

    settings = Settings(db=str(tmp_path / "r.duckdb"), jobs=1, chunk_size=2)
    analyze([str(stream_file)], settings=settings, on_articles=lambda arts: None)
    batches: list[int] = []
    r = analyze([str(stream_file)], settings=settings, on_articles=lambda arts: batches.append(len(arts)))
    assert r.n_known == 16 and r.n_new == 0 and batches == [2] * 8


def test_workers_are_replaced_after_their_batches(tmp_path, monkeypatch):
    import lagebild.executor as ex
    from lagebild.config import Settings
    from lagebild.run import analyze

    monkeypatch.setattr(ex, "STAGE_FACTORIES", (("tests.test_run", "pid_stages"),))
    p = tmp_path / "a.jsonl"
    p.write_text("".join(json.dumps({"text": f"Meldung {i}."}) + "\n" for i in range(12)), encoding="utf-8")
    report = analyze([str(p)], settings=Settings(jobs=2, batch_size=1, worker_batches=2), store=False)
    pids = [a.meta["pid"] for a in report.articles]
    assert len(pids) == 12 and len(set(pids)) >= 6  # each worker took at most 2 batches


class _PidStage(_CrashStage):
    name = "pid"

    def __call__(self, article):
        import os

        article.meta["pid"] = os.getpid()
        return article


def pid_stages():
    return [_PidStage()]


_POOL_THEN_WAIT = """
import time
import lagebild.executor as ex
from lagebild.config import Settings
from lagebild.model import Article
from lagebild.serialize import unpack
ex.STAGE_FACTORIES, ex.WARM_UP = (("tests.test_run", "pid_stages"),), "Warm."
pool = ex.PoolExecutor(Settings(), 1)
((packed, _),) = list(pool.map([[Article(text="Meldung.")]]))
print(unpack(packed[0]).meta["pid"], flush=True)
time.sleep(300)
"""


def test_the_workers_of_a_killed_run_end_too():
    """kill -9 of a run leaves no worker behind (they come from the fork server, which outlives the run)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from lagebild.owner import alive as _alive

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    proc = subprocess.Popen([sys.executable, "-c", _POOL_THEN_WAIT], cwd=root, env=env, stdout=subprocess.PIPE,
                            text=True)
    worker = int(proc.stdout.readline())
    assert worker != proc.pid and _alive(worker)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker)


def broken_stages():
    """Stages the run process can list but a worker cannot load (as a model read on first use)."""
    import multiprocessing

    if multiprocessing.parent_process() is not None:  # a worker process
        raise ValueError("model file nowhere")
    return pid_stages()


def test_stages_that_cannot_be_built_end_the_run_with_their_message(tmp_path, monkeypatch):
    """Not a worker that died: no article is blamed, the pool is not started again and again."""
    import lagebild.executor as ex
    from lagebild.config import Settings
    from lagebild.errors import PipelineError
    from lagebild.run import analyze

    monkeypatch.setattr(ex, "STAGE_FACTORIES", (("tests.test_run", "broken_stages"),))
    p = tmp_path / "a.jsonl"
    p.write_text("".join(json.dumps({"text": f"Meldung {i}."}) + "\n" for i in range(6)), encoding="utf-8")
    with pytest.raises(PipelineError, match="could not build the stages: ValueError: model file nowhere"):
        analyze([str(p)], settings=Settings(db=str(tmp_path / "b.duckdb"), jobs=2, batch_size=2))
    with Store(tmp_path / "b.duckdb", read_only=True) as st:
        assert st.count("articles") == 0
