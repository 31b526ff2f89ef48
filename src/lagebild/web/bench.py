"""API latency benchmark: p50/p95 of the list endpoints on a store, against a trivial route in the same run.

usage: python -m lagebild.web.bench --db fang.duckdb [--requests 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from ..config import Settings
from ..store import Store

ENDPOINTS = [
    "/api/articles", "/api/articles?outlet=zeit.de", "/api/articles?from=2020-11-01&to=2020-11-30",
    "/api/articles?q=Impfstoff", "/api/stories", "/api/actors", "/api/quotes", "/api/quotes?q=Merkel",
    "/api/events", "/api/events?type=REQUEST",
]


def run(db: str, *, requests: int = 200) -> list[dict]:
    from fastapi.testclient import TestClient

    from .app import create_app

    st = Store(db, read_only=True)
    app = create_app(Settings(db=db), st)

    @app.get("/bench-baseline")
    def baseline() -> dict:
        return {"ok": True}

    rows = []
    with TestClient(app) as c:
        for path in ["/bench-baseline", *ENDPOINTS]:
            c.get(path)  # warm
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = c.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:200]}")
            times.sort()
            rows.append({"path": path, "p50_ms": statistics.median(times),
                         "p95_ms": times[int(0.95 * len(times)) - 1], "n": len(times)})
    st.close()
    base = rows[0]["p50_ms"]
    for r in rows:
        r["x_baseline"] = r["p50_ms"] / base if base else float("nan")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    with Store(args.db, read_only=True) as st:
        print(f"store {args.db}: {st.count('articles')} articles, {st.count('quotes')} quotes, "
              f"{st.count('events')} events, {st.count('entities')} entity mentions")
    print(f"{'endpoint':<48} {'p50 ms':>8} {'p95 ms':>8} {'×base':>7}")
    for r in run(args.db, requests=args.requests):
        print(f"{r['path']:<48} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['x_baseline']:>7.1f}")


if __name__ == "__main__":
    main()
