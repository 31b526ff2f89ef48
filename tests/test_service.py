"""Serving while ingesting: the serving process owns the store; analyze hands its input over; reads go on."""

from __future__ import annotations

import threading
import time

import pytest

from lagebild.config import Settings
from lagebild.store import Store

from .test_run import GERMAN, stream_file  # noqa: F401 - fixture


@pytest.fixture
def served(tmp_path):
    """A store with an ingest service running over it in this process (stages in this process too)."""
    from lagebild.executor import InlineExecutor
    from lagebild.service import IngestService

    settings = Settings(db=str(tmp_path / "served.duckdb"), jobs=1, chunk_size=2)
    store = Store(settings.db)
    service = IngestService(settings, store, poll=0.1, executor=InlineExecutor(settings)).start()
    yield settings, store, service
    service.stop()
    store.close()


def test_analyze_hands_its_input_to_the_owner_and_reads_go_on_meanwhile(served, stream_file):  # noqa: F811
    from lagebild.service import hand_over, owner

    settings, store, service = served
    assert owner(settings.db)["pid"] > 0
    reads: list[tuple[float, int]] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                n = store.count("articles")
                time.sleep(0.002)
                store.records("SELECT id, story FROM articles ORDER BY id LIMIT 5")
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)
                return
            reads.append((time.perf_counter() - t0, n))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    statuses: list[dict] = []
    report = hand_over(settings, [str(stream_file)], on_status=statuses.append, poll=0.05)
    stop.set()
    for t in threads:
        t.join()
    assert report is not None and report.result["n_new"] == 16 and "stored by the server" in report.summary_line()
    assert not errors and len({n for _, n in reads}) > 2  # the readers saw the chunks arrive one by one
    assert store.count("articles") == 16 and store.count("stories") > 0
    assert statuses and statuses[-1]["new"] <= 16


def test_files_dropped_into_the_spool_are_analysed(served, tmp_path):
    settings, store, service = served
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "a.txt").rename(service.spool.incoming / "a.txt")
    deadline = time.time() + 60
    while store.count("articles") < 1 and time.time() < deadline:
        time.sleep(0.1)
    assert store.count("articles") == 1 and list(service.spool.done.glob("*-a.txt"))


def test_the_api_stores_through_the_owner(served):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    settings, store, service = served
    app = create_app(settings.with_(api_token="t"), store)
    app.state.ingest = service
    with TestClient(app) as client:
        r = client.post("/api/articles", json={"text": GERMAN, "title": "Hilfen"}, headers={"Authorization": "Bearer t"})
        assert r.status_code == 200 and r.json()["stored"] == 1
        assert client.get("/api/articles").json()["count"] == 1


def test_without_a_live_owner_analyze_writes_itself(tmp_path):
    from lagebild.service import hand_over, spool_dir

    settings = Settings(db=str(tmp_path / "x.duckdb"))
    assert hand_over(settings, ["a.txt"]) is None
    spool_dir(settings.db).mkdir()
    (spool_dir(settings.db) / "owner.json").write_text('{"pid": 999999999}')  # a server that died
    assert hand_over(settings, ["a.txt"]) is None


@pytest.mark.slow
def test_serve_and_analyze_at_once_as_processes(stream_file, tmp_path):  # noqa: F811
    """`lagebild serve` and `lagebild analyze` on the same store at the same time, with HTTP reads throughout."""
    from lagebild.service_bench import run

    db = tmp_path / "both.duckdb"
    Store(db).close()
    res = run(str(db), [str(stream_file)], clients=2, idle=3, jobs=1)
    idle, busy = res["phases"]["idle"], res["phases"]["while a run writes"]
    assert res["writer_exit"] == 0 and "stored by the server" in res["writer_summary"][0]
    assert res["articles"] == 16
    assert idle["errors"] == busy["errors"] == 0 and busy["requests"] > 10


def test_a_command_that_cannot_open_a_served_store_is_told_where_to_read_it(served):
    import os
    import subprocess
    import sys

    from lagebild.owner import write_json

    settings, store, service = served
    write_json(service.spool.root / "owner.json", {"pid": os.getpid(), "url": "http://127.0.0.1:8000/"})
    code = (f"from lagebild.store import Store\ntry:\n    Store({settings.db!r}, read_only=True)\n"
            "except Exception as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": "src"}).stdout
    assert "owned by `lagebild serve`" in out and "http://127.0.0.1:8000/" in out
