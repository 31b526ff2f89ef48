"""Web benchmarks on a store: list endpoints (in-process), actor pages and many concurrent readers (over HTTP
against `lagebild serve`), each against a trivial route measured in the same run.

usage: python -m lagebild.web.bench --db fang.duckdb [--requests 100] [--readers 50] [--per-reader 8]
                                    [--against ../main/src] [--skip-lists]

``--against SRC`` runs the server parts a second time with the code under SRC (another checkout's ``src``),
in the same run, for a before/after comparison; its actor pages are timed on two actors only and its
concurrent run leaves actor pages out when they take longer than ``--slow-page`` seconds.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from ..config import Settings
from ..store import Store

ENDPOINTS = [
    "/api/articles", "/api/articles?outlet=zeit.de", "/api/articles?from=2020-11-01&to=2020-11-30",
    "/api/articles?q=Impfstoff", "/api/stories", "/api/actors", "/api/quotes", "/api/quotes?q=Merkel",
    "/api/events", "/api/events?type=REQUEST", "/api/events?actor=gpe:deu&from=2020-11",
]
BASELINE = "/static/favicon.svg"


def _pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, max(0, int(round(q * len(s))) - 1))]


def run(db: str, *, requests: int = 200) -> list[dict]:
    """p50/p95 of the list endpoints with the in-process client, against a trivial route in the same app."""
    from fastapi.testclient import TestClient

    from .app import create_app

    st = Store(db, read_only=True)
    app = create_app(Settings(db=db), st)
    rows = []
    with TestClient(app) as c:
        for path in [BASELINE, *ENDPOINTS]:
            c.get(path)  # warm
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = c.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:200]}")
            rows.append({"path": path, "p50_ms": statistics.median(times), "p95_ms": _pct(times, 0.95), "n": len(times)})
    st.close()
    base = rows[0]["p50_ms"]
    for r in rows:
        r["x_baseline"] = r["p50_ms"] / base if base else float("nan")
    return rows


# ------------------------------------------------------------------ server
class Server:
    """`lagebild serve` in a subprocess, with the code under `src` (None: this checkout)."""

    def __init__(self, db: str, src: str | None) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = dict(os.environ)
        if src:
            env["PYTHONPATH"] = str(Path(src).resolve())
        self.proc = subprocess.Popen([sys.executable, "-m", "lagebild.cli", "serve", "--db", db, "--port",
                                      str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        import httpx

        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(self.base + BASELINE, timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start within 180 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _get(client, url: str) -> float:
    t0 = time.perf_counter()
    r = client.get(url)
    dt = time.perf_counter() - t0
    if r.status_code >= 400:
        raise RuntimeError(f"{url}: HTTP {r.status_code}")
    return dt * 1000


def pick(db: str) -> dict[str, list[str]]:
    """The pages the benchmark reads: the most mentioned actors and some mid-sized ones, the largest
    stories, and list and search routes."""
    with Store(db, read_only=True) as st:
        top = [r[0] for r in st.rows("SELECT id FROM actors ORDER BY mentions DESC, id LIMIT 20")]
        mid = [r[0] for r in st.rows("SELECT id FROM actors WHERE mentions BETWEEN 20 AND 200 ORDER BY hash(id) LIMIT 20")]
        stories = [r[0] for r in st.rows("SELECT id FROM stories ORDER BY n_articles DESC, id LIMIT 10")]
    return {"actors": [f"/actors/{quote(a, safe=':')}" for a in top + mid],
            "other": ["/", *(f"/stories/{s}" for s in stories), "/search?q=Impfstoff", "/api/events?type=ACCUSE",
                      "/api/quotes?q=Merkel", "/api/articles?outlet=zeit.de", "/api/stories"]}


def actor_pages(base: str, urls: list[str], *, timeout: float) -> dict:
    import httpx

    with httpx.Client(base_url=base, timeout=timeout) as c:
        _get(c, urls[0])  # warm
        times = [_get(c, u) for u in urls]
        base_times = [_get(c, BASELINE) for _ in range(20)]
    return {"n": len(times), "p50": statistics.median(times), "p95": _pct(times, 0.95), "max": max(times),
            "baseline_p50": statistics.median(base_times)}


def concurrent(base: str, urls: list[str], *, readers: int, per_reader: int, timeout: float) -> dict:
    """`readers` threads, each reading `per_reader` pages of `urls` (round robin from its own start)."""
    import httpx

    results: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(readers)

    def reader(k: int) -> None:
        with httpx.Client(base_url=base, timeout=timeout) as c:
            start.wait()
            for i in range(per_reader):
                url = urls[(k + i * 7) % len(urls)]
                try:
                    dt = _get(c, url)
                except (httpx.HTTPError, RuntimeError) as e:
                    with lock:
                        errors.append(f"{url}: {type(e).__name__}: {e}")
                    continue
                with lock:
                    results.append((url, dt))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    times = [dt for _, dt in results]
    actor = [dt for u, dt in results if u.startswith("/actors/")]
    other = [dt for u, dt in results if not u.startswith("/actors/")]
    out = {"requests": len(results), "errors": len(errors), "wall_s": wall, "p50": statistics.median(times),
           "p95": _pct(times, 0.95), "error_kinds": sorted({e.split(": ", 1)[-1][:80] for e in errors})[:3]}
    if actor:
        out.update(actor_p95=_pct(actor, 0.95), other_p95=_pct(other, 0.95) if other else float("nan"))
    return out


def server_part(db: str, src: str | None, *, readers: int, per_reader: int, compare: bool, slow_page: float) -> dict:
    pages = pick(db)
    with Server(db, src) as srv:
        base_conc = concurrent(srv.base, [BASELINE], readers=readers, per_reader=per_reader, timeout=600)
        if compare:
            ap = actor_pages(srv.base, pages["actors"][:2], timeout=600)
            mix = pages["other"] + (pages["actors"][:10] if ap["p95"] < slow_page * 1000 else [])
        else:
            ap = actor_pages(srv.base, pages["actors"], timeout=600)
            mix = pages["other"] + pages["actors"][:10]
        conc = concurrent(srv.base, mix, readers=readers, per_reader=per_reader, timeout=600)
        conc_no_actors = concurrent(srv.base, pages["other"], readers=readers, per_reader=per_reader, timeout=600)
    return {"actor_pages": ap, "baseline": base_conc, "mixed": conc, "no_actor_pages": conc_no_actors,
            "mix_has_actor_pages": any(u.startswith("/actors/") for u in mix)}


def _print_server(label: str, r: dict, readers: int) -> None:
    ap, b = r["actor_pages"], r["baseline"]
    print(f"\n== {label}")
    print(f"actor pages, one reader: {ap['n']} pages, p50 {ap['p50']:.0f} ms, p95 {ap['p95']:.0f} ms, "
          f"max {ap['max']:.0f} ms (baseline route p50 {ap['baseline_p50']:.1f} ms)")
    print(f"{readers} concurrent readers:")
    print(f"  {'mix':<34} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'wall s':>7}")
    for name, c in (("baseline route", b), ("pages incl. actor pages" if r["mix_has_actor_pages"] else
                                               "pages (actor pages left out)", r["mixed"]),
                    ("pages without actor pages", r["no_actor_pages"])):
        extra = f"  (actor pages p95 {c['actor_p95']:.0f} ms)" if "actor_p95" in c else ""
        err = f"  {c['errors']} errors: {c['error_kinds']}" if c["errors"] else ""
        print(f"  {name:<34} {c['requests']:>8} {c['p50']:>8.0f} {c['p95']:>8.0f} {c['wall_s']:>7.1f}{extra}{err}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--requests", type=int, default=100, help="requests per list endpoint (in-process)")
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--per-reader", type=int, default=8)
    ap.add_argument("--against", default=None, help="another checkout's src folder to compare with")
    ap.add_argument("--slow-page", type=float, default=5.0, help="seconds: slower actor pages leave the mix (--against)")
    ap.add_argument("--skip-lists", action="store_true")
    args = ap.parse_args(argv)
    with Store(args.db, read_only=True) as st:
        print(f"store {args.db}: {st.count('articles')} articles, {st.count('quotes')} quotes, "
              f"{st.count('events')} events, {st.count('entities')} entity mentions; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.skip_lists:
        print(f"{'endpoint':<48} {'p50 ms':>8} {'p95 ms':>8} {'×base':>7}")
        for r in run(args.db, requests=args.requests):
            print(f"{r['path']:<48} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['x_baseline']:>7.1f}")
    here = server_part(args.db, None, readers=args.readers, per_reader=args.per_reader, compare=False,
                       slow_page=args.slow_page)
    _print_server("this checkout", here, args.readers)
    if args.against:
        other = server_part(args.db, args.against, readers=args.readers, per_reader=args.per_reader, compare=True,
                            slow_page=args.slow_page)
        _print_server(f"code under {args.against}", other, args.readers)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
