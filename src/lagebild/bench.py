"""CPU per article of the whole per-article pipeline, next to stock SoMaJo alone on the same articles.

    python -m lagebild.bench [PATH] [--limit 1000] [--jobs 1,2] [--repeats 3] [--write docs/benchmarks.md]

PATH defaults to the FANG-COVID stream in ../shared/data (ids reserved for independent evaluation are
skipped). For each number of processes in ``--jobs`` and each repeat, two runs go over the same
articles, one after the other: the baseline (reading + stock SoMaJo tokenisation and sentence
splitting, ``SoMaJo("de_CMC")`` on the article's lines) and lagebild (reading + every per-article
stage of the default pipeline: language, tokens, tags, NER, actors, quotes, events, with articles
sent back to the parent as a run does). Each run's CPU time is that of all its processes (parent
and workers, start-up and model loading included); each stage's is measured inside the workers.
Figures are medians over the repeats; the ratio lagebild / baseline CPU stays meaningful on a busy
machine where absolute figures do not. Story clustering, event merging and the store are
cross-article steps outside this benchmark (``python -m lagebild.stories.bench``).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .model import Article

DEFAULT_INPUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
BATCH = 16

_STATE: dict[str, Any] = {}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_articles(path: Path, *, limit: int | None = None) -> Iterator[Article]:
    """Articles of ``path`` via lagebild's readers (rejections are skipped), at most ``limit``.

    Reading the FANG-COVID sample, the ids reserved for independent evaluation are skipped.
    """
    from .ingest import read_inputs

    reserved: frozenset[str] = frozenset()
    if Path(path).name == DEFAULT_INPUT.name:
        from .eval.data.sources import reserved_fang_ids

        reserved = reserved_fang_ids(Path(path).resolve().parents[1])
    items = (a for a in read_inputs([str(path)]) if isinstance(a, Article) and a.external_id not in reserved)
    return itertools.islice(items, limit) if limit is not None else items


# ------------------------------------------------------------------- workers
def _init_pipeline() -> None:
    from .run import build_stages

    _STATE["stages"] = build_stages()


def _run_pipeline(batch: list[Article]) -> tuple[list[Article], int, dict[str, float], float]:
    """Every stage over the batch; CPU seconds per stage (this process)."""
    stages = _STATE["stages"]
    cpu: Counter = Counter()
    clock = time.process_time
    for a in batch:
        for st in stages:
            if not st.applies(a):
                continue
            t0 = clock()
            a = st(a)
            cpu[st.name] += clock() - t0
            a.done.append(st.name)
    return batch, sum(len(a.tokens) for a in batch), dict(cpu), _rss_mb()


def _init_baseline() -> None:
    from somajo import SoMaJo

    _STATE["somajo"] = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)


def _run_baseline(batch: list[Article]) -> tuple[int, int, dict[str, float], float]:
    tok = _STATE["somajo"]
    n = 0
    t0 = time.process_time()
    for a in batch:
        paragraphs = [p for p in a.text.split("\n") if p.strip()]
        for sent in tok.tokenize_text(paragraphs):
            n += len(sent)
    return len(batch), n, {"somajo": time.process_time() - t0}, _rss_mb()


def _batches(articles: Iterator[Article]) -> Iterator[list[Article]]:
    while batch := list(itertools.islice(articles, BATCH)):
        yield batch


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(kind: str, articles: list[Article], *, jobs: int) -> dict[str, Any]:
    """One run of ``kind`` ("baseline" or "lagebild") over ``articles`` with ``jobs`` processes.

    With one process the work runs in a fresh child process, so that start-up, imports and model
    loading count for both kinds alike and nothing stays loaded from an earlier run.
    """
    init, work = (_init_pipeline, _run_pipeline) if kind == "lagebild" else (_init_baseline, _run_baseline)
    c0, t0 = _cpu_seconds(), time.perf_counter()
    n_articles = n_tokens = 0
    stage_cpu: Counter = Counter()
    peak = 0.0
    ctx = get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=init) as pool:
        for out, toks, cpu, rss in pool.imap(work, _batches(iter(articles))):
            n_articles += out if isinstance(out, int) else len(out)
            n_tokens += toks
            stage_cpu.update(cpu)
            peak = max(peak, rss)
        pool.close()
        pool.join()
    secs = time.perf_counter() - t0
    cpu_total = _cpu_seconds() - c0
    n = max(n_articles, 1)
    return {
        "seconds": round(secs, 2),
        "articles": n_articles,
        "tokens": n_tokens,
        "articles_per_s": round(n_articles / secs, 2),
        "cpu_ms_per_article": round(1000 * cpu_total / n, 1),
        "stage_cpu_ms_per_article": {k: round(1000 * v / n, 2) for k, v in stage_cpu.items()},
        "peak_rss_mb_worker": round(peak, 1),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over repeats of every figure (per stage too)."""
    out: dict[str, Any] = {"repeats": len(runs)}
    for key in ("seconds", "articles", "tokens", "articles_per_s", "cpu_ms_per_article", "peak_rss_mb_worker"):
        out[key] = statistics.median(r[key] for r in runs)
    stages = list(runs[0]["stage_cpu_ms_per_article"])
    out["stage_cpu_ms_per_article"] = {
        k: round(statistics.median(r["stage_cpu_ms_per_article"].get(k, 0.0) for r in runs), 2) for k in stages}
    return out


def bench(path: Path | str | None = None, *, limit: int | None = 1000, jobs: tuple[int, ...] = (1, 2),
          repeats: int = 3) -> dict[str, Any]:
    """Baseline and lagebild runs on the same articles for each process count; medians over ``repeats``.

    Returns per process count the median figures of both kinds and ``ratio`` (lagebild CPU per article
    ÷ baseline CPU per article, median of the per-repeat ratios).
    """
    path = Path(path) if path is not None else DEFAULT_INPUT
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found; pass a path to a news export (JSONL/CSV/text) or put the 'shared' folder "
            "beside the repository"
        )
    t0 = time.perf_counter()
    articles = list(read_articles(path, limit=limit))
    reading = time.perf_counter() - t0
    res: dict[str, Any] = {
        "input": str(path), "limit": limit, "articles": len(articles), "cpus": _cpus(),
        "python": platform.python_version(), "load_before": _loadavg(), "reading_seconds": round(reading, 2),
        "runs": {},
    }
    for j in jobs:
        base_runs, lb_runs, ratios = [], [], []
        for _ in range(repeats):
            b = measure("baseline", articles, jobs=j)
            m = measure("lagebild", articles, jobs=j)
            print(f"{j} proc.: SoMaJo {b['cpu_ms_per_article']} CPU-ms/article, lagebild {m['cpu_ms_per_article']} "
                  f"({m['cpu_ms_per_article'] / max(b['cpu_ms_per_article'], 1e-9):.2f}x); stages "
                  f"{m['stage_cpu_ms_per_article']}", file=sys.stderr, flush=True)
            base_runs.append(b)
            lb_runs.append(m)
            ratios.append(m["cpu_ms_per_article"] / max(b["cpu_ms_per_article"], 1e-9))
        res["runs"][j] = {"baseline": _median_run(base_runs), "lagebild": _median_run(lb_runs),
                          "ratio": round(statistics.median(ratios), 2),
                          "ratios": [round(r, 2) for r in ratios]}
    res["load_after"] = _loadavg()
    return res


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_cli(argv: list[str] | None, ap: argparse.ArgumentParser, measure: Any, table: Any, page: Any) -> int:
    """The command-line flow every benchmark shares: parse ``argv``, ``measure(args)``, print
    ``table(result)``, and with ``--write`` write ``page(result, table, command)`` to that file."""
    args = ap.parse_args(argv)
    try:
        res = measure(args)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    text = table(res)
    print(text)
    if args.write:
        cmd = f"{ap.prog} " + " ".join(argv if argv is not None else sys.argv[1:])
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(page(res, text, cmd), encoding="utf-8")
    return 0


def _loadavg() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def format_table(res: dict[str, Any]) -> str:
    """Markdown tables: the two kinds per process count, then CPU per stage."""
    rows = [
        "| processes | run | CPU ms/article | articles/s (wall) | tokens | peak RSS per worker (MB) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for j, r in res["runs"].items():
        for key, label in (("baseline", "stock SoMaJo alone"), ("lagebild", "lagebild, all per-article stages")):
            m = r[key]
            rows.append(f"| {j} | {label} | {m['cpu_ms_per_article']} | {m['articles_per_s']} | {m['tokens']} | "
                        f"{m['peak_rss_mb_worker']} |")
        rows.append(f"| {j} | **ratio lagebild / SoMaJo (CPU)** | **{r['ratio']}** | | | |")
    stages: list[str] = []
    for r in res["runs"].values():
        stages += [k for k in r["lagebild"]["stage_cpu_ms_per_article"] if k not in stages]
    head = " | ".join(f"{j} proc." for j in res["runs"])
    rows += ["", f"| stage (CPU ms/article, inside the workers) | {head} |",
             "|---|" + "---:|" * len(res["runs"])]
    for k in stages:
        vals = " | ".join(str(r["lagebild"]["stage_cpu_ms_per_article"].get(k, "–")) for r in res["runs"].values())
        rows.append(f"| {k} | {vals} |")
    total = " | ".join(str(round(sum(r["lagebild"]["stage_cpu_ms_per_article"].values()), 1))
                       for r in res["runs"].values())
    rows.append(f"| all stages | {total} |")
    rest = " | ".join(str(round(r["lagebild"]["cpu_ms_per_article"]
                                - sum(r["lagebild"]["stage_cpu_ms_per_article"].values()), 1))
                      for r in res["runs"].values())
    rows.append(f"| outside the stages: start-up, model loading, pickling, parent | {rest} |")
    return "\n".join(rows)


#: the part of docs/benchmarks.md that ``--write`` replaces
MARK_START = "<!-- lagebild bench: start -->"
MARK_END = "<!-- lagebild bench: end -->"


def section(res: dict[str, Any], cmd: str) -> str:
    """The generated section of docs/benchmarks.md."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    reps = next(iter(res["runs"].values()))["baseline"]["repeats"] if res["runs"] else 0
    ratios = "; ".join(f"{j} proc.: {', '.join(map(str, r['ratios']))}" for j, r in res["runs"].items())
    return (
        f"{MARK_START}\n"
        f"`{cmd.strip()}` ({when}, {res['cpus']} CPUs, Python {res['python']}, {res['articles']} articles, "
        f"medians of {reps} repeat(s); load average {res['load_before']} before, {res['load_after']} after):\n\n"
        f"{format_table(res)}\n\n"
        f"Ratio per repeat: {ratios}. CPU per run counts every process of the run (start-up and model "
        "loading included), so both kinds pay their start-up once per process.\n"
        f"{MARK_END}"
    )


def merged_page(page: Path, text: str) -> str:
    """The text of ``page`` with its generated section replaced by ``text`` (or appended)."""
    old = page.read_text(encoding="utf-8") if page.is_file() else "# Benchmarks\n"
    if MARK_START in old and MARK_END in old:
        head, rest = old.split(MARK_START, 1)
        return head + text + rest.split(MARK_END, 1)[1]
    return old.rstrip("\n") + "\n\n" + text + "\n"


def write_section(page: Path, text: str) -> None:
    """Replace the generated section of ``page`` (or append it)."""
    page.write_text(merged_page(page, text), encoding="utf-8")


def _jobs(text: str) -> tuple[int, ...]:
    try:
        jobs = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        jobs = ()
    if not jobs or min(jobs) < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes process counts like 1,2 (got {text!r})")
    return jobs


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the tables, optionally write them into a Markdown page."""
    ap = argparse.ArgumentParser(prog="lagebild bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=1000, help="articles to use (default: 1000)")
    ap.add_argument("--jobs", type=_jobs, default=(1, 2), help="process counts, comma-separated (default: 1,2)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each kind per process count (default: 3)")
    ap.add_argument("--write", type=Path, default=None, help="write the figures into this .md page "
                    f"(between {MARK_START} and {MARK_END})")

    def measure(args: argparse.Namespace) -> dict[str, Any]:
        res = bench(args.path, limit=args.limit, jobs=args.jobs, repeats=args.repeats)
        res["page"] = args.write
        return res

    return run_cli(argv, ap, measure, format_table, lambda res, _text, cmd: merged_page(res["page"], section(res, cmd)))


if __name__ == "__main__":
    sys.exit(main())
