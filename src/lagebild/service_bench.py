"""Benchmark: the web app's read throughput and latency while a run writes to the same store.

``python -m lagebild.service_bench --db STORE --input FILE`` starts ``lagebild serve`` on the store,
sends read requests from ``--clients`` threads (keep-alive connections, a fixed mix of pages and API
lists) for ``--idle`` seconds, then starts ``lagebild analyze FILE --db STORE`` — which hands its input
to the server — and goes on reading until the run has finished. It reports requests/s, p50/p95/p99 and
errors for both phases (the idle phase is the baseline of the same run) and what the run stored.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: the read mix: the overview page and the API lists a user of the web app calls most
PATHS = ("/api/articles?limit=20", "/api/stories?limit=20", "/api/actors?limit=20", "/api/events?limit=20",
         "/api/quotes?limit=20", "/api/articles?limit=20&q=Regierung", "/", "/api/stats")


@dataclass
class Phase:
    name: str
    started: float = 0.0
    ended: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def row(self) -> dict[str, float]:
        lat = sorted(self.latencies)

        def q(p: float) -> float:
            return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

        secs = max(self.ended - self.started, 1e-9)
        return {"requests": len(lat), "errors": self.errors, "seconds": secs, "per_s": len(lat) / secs,
                "p50_ms": q(0.50), "p95_ms": q(0.95), "p99_ms": q(0.99), "max_ms": 1000 * lat[-1] if lat else float("nan")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)}


def _cli(*args: str, **kw: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "lagebild.cli", *args], env=_env(), **kw)  # type: ignore[call-overload]


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"lagebild serve exited with {server.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/stats")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("lagebild serve did not answer in time")


def _client(port: int, phases: list[Phase], current: list[int], stop: threading.Event, offset: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    while not stop.is_set():
        path = PATHS[i % len(PATHS)]
        i += 1
        phase = phases[current[0]]
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if ok:
            phase.latencies.append(time.perf_counter() - t0)
        else:
            phase.errors += 1
    conn.close()


def run(db: str, inputs: list[str], *, clients: int = 4, idle: float = 30.0, jobs: int = 1,
        after: float = 0.0) -> dict[str, object]:
    """Serve `db`, read from `clients` threads, analyse `inputs` meanwhile; return the figures."""
    port = _free_port()
    os.environ["LAGEBILD_JOBS"] = str(jobs)
    server = _cli("serve", "--db", db, "--port", str(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, server)
        phases = [Phase("idle"), Phase("while a run writes")]
        current = [0]
        stop = threading.Event()
        threads = [threading.Thread(target=_client, args=(port, phases, current, stop, k), daemon=True)
                   for k in range(clients)]
        phases[0].started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(idle)
        phases[0].ended = phases[1].started = time.perf_counter()
        current[0] = 1
        t0 = time.perf_counter()
        writer = _cli("analyze", *inputs, "--db", db, "--quiet", "--format", "none", stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE, text=True)
        _, err = writer.communicate()
        write_secs = time.perf_counter() - t0
        time.sleep(after)
        phases[1].ended = time.perf_counter()
        stop.set()
        for t in threads:
            t.join(timeout=60)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/api/stats")
        stats = json.loads(conn.getresponse().read())
        return {"phases": {p.name: p.row() for p in phases}, "writer_exit": writer.returncode,
                "writer_summary": (err or "").strip().splitlines()[-1:] or [""], "write_seconds": write_secs,
                "articles": stats.get("articles")}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="the store to serve (it is written to: use a copy)")
    ap.add_argument("--input", nargs="+", required=True, help="what the run analyses meanwhile")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--idle", type=float, default=30.0, help="seconds of reads before the run starts")
    ap.add_argument("--jobs", type=int, default=1, help="the server's worker processes for the stages")
    a = ap.parse_args(argv)
    res = run(a.db, a.input, clients=a.clients, idle=a.idle, jobs=a.jobs)
    print(f"| phase | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in res["phases"].items():  # type: ignore[union-attr]
        print(f"| {name} | {r['requests']} | {r['per_s']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['errors']} |")
    print(f"\nthe run: {res['writer_summary'][0]} — {res['write_seconds']:.0f} s (exit {res['writer_exit']}); "
          f"the store now holds {res['articles']} articles")


if __name__ == "__main__":
    main()
