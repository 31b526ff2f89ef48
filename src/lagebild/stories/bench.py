"""Story clustering benchmark on the FANG-COVID stream: ``python -m lagebild.stories.bench``.

Clusters the whole stream (7,000 articles, from raw text: no other stage runs, own regex words and
simplemma lemmas) day by day, then the same stream replicated `replicate` times, each copy shifted
in time behind the previous one (fresh ids; the per-text embedding cache is emptied for each replica, so
every replica pays for its embeddings), in the same process. Reports wall and CPU seconds (CPU of all
threads: the embedding threads included), the
time ratio (replicated / single; linear would be `replicate`), peak RSS and the size of the saved
state at the end (bounded by the window, not the stream).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Iterator
from copy import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..model import Article
from .cluster import StoryClusterer
from .corpus import FANG, fang_articles
from .embed import _encode



def load_stream(data: str | Path = FANG) -> list[Article]:
    """All FANG-COVID records as Articles (the project's record reader), in file (date) order, reserved
    ids left out."""
    return fang_articles(data, "0000", "9999")


def _days(articles: list[Article]) -> dict[str, list[Article]]:
    by: dict[str, list[Article]] = {}
    for a in articles:
        by.setdefault(a.published or "", []).append(a)
    return dict(sorted(by.items()))


def _shifted(articles: list[Article], k: int, shift: int) -> Iterator[tuple[str, list[Article]]]:
    """Replica `k`: each day's articles with dates moved by k*shift days and ids made unique."""
    for day, arts in _days(articles).items():
        new_day = (date.fromisoformat(day) + timedelta(days=k * shift)).isoformat() if day else day
        out = []
        for a in arts:
            b = copy(a)
            b.id, b.published, b.story, b.copy_of = f"{a.id}-r{k}", new_day, None, None
            out.append(b)
        yield new_day, out


def _run(articles: list[Article], replicate: int, *, progress: bool = False, **options: Any) -> dict[str, Any]:
    dated = sorted(a.published for a in articles if a.published)
    shift = (date.fromisoformat(dated[-1]) - date.fromisoformat(dated[0])).days + 30
    clusterer = StoryClusterer(**options)
    t0, c0 = time.perf_counter(), time.process_time()
    n = stories = 0
    for k in range(replicate):
        _encode.cache_clear()  # every replica pays for its embeddings, as new text would
        for _, batch in _shifted(articles, k, shift):
            stories += len(clusterer.add(batch))
            n += len(batch)
        if progress:  # cumulative figures after each replica, on stderr: a long run shows its scaling early
            print(json.dumps({"replicas": k + 1, "articles": n, "wall_s": round(time.perf_counter() - t0, 1),
                              "cpu_s": round(time.process_time() - c0, 1)}), file=sys.stderr, flush=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    state = json.dumps(clusterer.state())
    return {"articles": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "articles_per_s": round(n / wall, 1), "state_bytes": len(state),
            "window_articles": len(clusterer.state()["window"]), "active_stories": len(clusterer.state()["stories"])}


def bench(replicate: int = 10, *, data: str | Path = FANG, limit: int | None = None, progress: bool = False,
          **options: Any) -> dict[str, Any]:
    """Time one pass over the stream and `replicate` time-shifted passes; see the module docstring."""
    articles = load_stream(data)
    if limit:
        articles = articles[:limit]
    _run(articles[:50], 1, **options)  # warm caches (lemma dictionary load) outside the timings
    single = _run(articles, 1, **options)
    rss_single = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    multi = _run(articles, replicate, progress=progress, **options)
    rss_multi = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"replicate": replicate, "single": single, "replicated": multi,
            "time_ratio": round(multi["wall_s"] / single["wall_s"], 2),
            "cpu_ratio": round(multi["cpu_s"] / single["cpu_s"], 2),
            "peak_rss_mb_after_single": round(rss_single, 1), "peak_rss_mb_after_replicated": round(rss_multi, 1),
            "input": "raw text (no other stages; regex words + simplemma lemmas)"}


def main(argv: list[str] | None = None) -> int:
    """Command line entry: print the benchmark as JSON."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicate", type=int, default=10)
    ap.add_argument("--data", default=str(FANG))
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles (quick runs)")
    ap.add_argument("--progress", action="store_true", help="print cumulative times after each replica (stderr)")
    args = ap.parse_args(argv)
    print(json.dumps(bench(args.replicate, data=args.data, limit=args.limit, progress=args.progress), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
