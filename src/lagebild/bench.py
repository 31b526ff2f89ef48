"""Throughput benchmark of reading + base NLP, next to a SoMaJo-only baseline run in the same process.

    python -m lagebild.bench [PATH] [--limit N] [--jobs 2] [--write docs/bench_nlp.md]

PATH defaults to the FANG-COVID stream in ../shared/data. Three rows are measured on the same
articles: reading alone (one process), the baseline (reading + stock SoMaJo tokenisation in `jobs`
processes) and lagebild (reading + language id + tokenisation with offsets + POS + lemmas in `jobs`
processes, articles sent back to the parent as the real run does). The ratio lagebild/baseline stays
meaningful on a busy machine where absolute figures do not.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from .model import Article

DEFAULT_INPUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
BATCH = 16

_STATE: dict[str, Any] = {}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_articles(path: Path, *, limit: int | None = None) -> Iterator[Article]:
    """Articles of ``path`` via lagebild's readers (rejections are skipped), at most ``limit``."""
    from .ingest import read_inputs

    items = (a for a in read_inputs([str(path)]) if isinstance(a, Article))
    return itertools.islice(items, limit) if limit is not None else items


# ------------------------------------------------------------------- workers
def _init_nlp() -> None:
    from .nlp import default_stages
    from .pipeline import Pipeline

    _STATE["pipe"] = Pipeline(default_stages())


def _run_nlp(batch: list[Article]) -> tuple[list[Article], int, dict[str, float], float]:
    pipe = _STATE["pipe"]
    pipe.timings.clear()
    out = [pipe.process(a) for a in batch]
    return out, sum(len(a.tokens) for a in out), dict(pipe.timings), _rss_mb()


def _init_baseline() -> None:
    from somajo import SoMaJo

    _STATE["somajo"] = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)


def _run_baseline(batch: list[Article]) -> tuple[int, int, dict[str, float], float]:
    tok = _STATE["somajo"]
    n = 0
    for a in batch:
        paragraphs = [p for p in a.text.split("\n") if p.strip()]
        for sent in tok.tokenize_text(paragraphs):
            n += len(sent)
    return len(batch), n, {}, _rss_mb()


def _batches(articles: Iterator[Article]) -> Iterator[list[Article]]:
    while batch := list(itertools.islice(articles, BATCH)):
        yield batch


def _measure(kind: str, path: Path, *, limit: int | None, jobs: int) -> dict[str, Any]:
    init, work = (_init_nlp, _run_nlp) if kind == "nlp" else (_init_baseline, _run_baseline)
    t0 = time.perf_counter()
    n_articles = n_tokens = 0
    stage_seconds: Counter = Counter()
    peak = 0.0
    batches = _batches(read_articles(path, limit=limit))
    if jobs <= 1:
        init()
        results: Iterator[Any] = map(work, batches)
        pool = None
    else:
        pool = Pool(jobs, initializer=init)
        results = pool.imap(work, batches)
    try:
        for out, toks, timings, rss in results:
            n_articles += out if isinstance(out, int) else len(out)
            n_tokens += toks
            stage_seconds.update(timings)
            peak = max(peak, rss)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    secs = time.perf_counter() - t0
    return {
        "seconds": round(secs, 2),
        "articles": n_articles,
        "tokens": n_tokens,
        "articles_per_s": round(n_articles / secs, 1),
        "tokens_per_s": round(n_tokens / secs),
        "peak_rss_mb_worker": round(peak, 1),
        "stage_cpu_seconds": {k: round(v, 2) for k, v in stage_seconds.items()},
    }


def _measure_reading(path: Path, *, limit: int | None) -> dict[str, Any]:
    t0 = time.perf_counter()
    n = chars = 0
    for a in read_articles(path, limit=limit):
        n += 1
        chars += len(a.text)
    secs = time.perf_counter() - t0
    return {"seconds": round(secs, 2), "articles": n, "chars": chars, "articles_per_s": round(n / secs, 1)}


def bench_nlp(path: Path | str | None = None, *, limit: int | None = None, jobs: int = 2) -> dict[str, Any]:
    """Measure reading, the SoMaJo baseline and reading + base NLP on ``path`` (JSONL or any readable input).

    Returns figures per row plus ``ratio`` (lagebild articles/s ÷ baseline articles/s).
    """
    path = Path(path) if path is not None else DEFAULT_INPUT
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found; pass a path to a news export (JSONL/CSV/text) or put the 'shared' folder "
            "beside the repository"
        )
    reading = _measure_reading(path, limit=limit)
    baseline = _measure("baseline", path, limit=limit, jobs=jobs)
    nlp = _measure("nlp", path, limit=limit, jobs=jobs)
    taggers = tagger_speed(path, limit=min(limit or TAGGER_SAMPLE, TAGGER_SAMPLE))
    return {
        "input": str(path),
        "limit": limit,
        "jobs": jobs,
        "cpus": _cpus(),
        "python": platform.python_version(),
        "reading": reading,
        "baseline": baseline,
        "nlp": nlp,
        "ratio": round(nlp["articles_per_s"] / max(baseline["articles_per_s"], 1e-9), 2),
        "taggers": taggers,
        "parent_peak_rss_mb": round(_rss_mb(), 1),
    }


TAGGER_SAMPLE = 40


def tagger_speed(path: Path, *, limit: int) -> dict[str, float]:
    """Tokens/s of the Tag stage alone (one process, warm), fast engine vs HanTa, on the same articles."""
    from .nlp import Tag, Tokenize

    tok = Tokenize()
    arts = [tok(a) for a in read_articles(path, limit=limit)]
    n = sum(len(a.tokens) for a in arts)
    out: dict[str, float] = {"articles": len(arts), "tokens": n}
    for engine in ("fast", "hanta"):
        stage = Tag(engine=engine)
        stage(arts[0])  # load the model outside the clock
        t0 = time.perf_counter()
        for a in arts:
            stage(a)
        out[f"{engine}_tokens_per_s"] = round(n / (time.perf_counter() - t0))
    return out


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def format_table(res: dict[str, Any]) -> str:
    """A Markdown table of the figures."""
    rows = [
        "| run | articles | tokens | seconds | articles/s | tokens/s | peak RSS per worker (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    r = res["reading"]
    rows.append(f"| reading only (1 process) | {r['articles']} | – | {r['seconds']} | {r['articles_per_s']} | – | – |")
    for key, label in (("baseline", "baseline: reading + SoMaJo"), ("nlp", "lagebild: reading + base NLP")):
        m = res[key]
        rows.append(
            f"| {label} ({res['jobs']} proc.) | {m['articles']} | {m['tokens']} | {m['seconds']} | "
            f"{m['articles_per_s']} | {m['tokens_per_s']} | {m['peak_rss_mb_worker']} |"
        )
    stages = ", ".join(f"{k} {v}s" for k, v in res["nlp"]["stage_cpu_seconds"].items())
    tg = res.get("taggers")
    if tg:
        rows.append(f"| Tag stage alone, fast engine (1 proc., {tg['articles']} articles) | {tg['articles']} | "
                    f"{tg['tokens']} | – | – | {tg['fast_tokens_per_s']} | – |")
        rows.append(f"| Tag stage alone, HanTa engine (1 proc., same articles) | {tg['articles']} | "
                    f"{tg['tokens']} | – | – | {tg['hanta_tokens_per_s']} | – |")
    rows.append("")
    rows.append(f"ratio lagebild / baseline (articles/s): **{res['ratio']}**; stage CPU time summed over "
                f"workers: {stages}; parent peak RSS {res['parent_peak_rss_mb']} MB.")
    return "\n".join(rows)


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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the table, optionally write it into a Markdown page."""
    ap = argparse.ArgumentParser(prog="python -m lagebild.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None, help="articles to use (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write", type=Path, default=None, help="write the figures and command to this .md file")
    return run_cli(argv, ap, lambda a: bench_nlp(a.path, limit=a.limit, jobs=a.jobs), format_table, _page)


def _page(res: dict[str, Any], table: str, cmd: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        "# Benchmark: reading + base NLP\n\n"
        f"Command: `{cmd.strip()}` ({when}, {res['cpus']} CPUs, Python {res['python']}).\n"
        f"Input: `{Path(res['input']).name}`, {res['nlp']['articles']} articles.\n\n"
        f"{table}\n\n"
        "Absolute figures depend on what else runs on the machine (it is shared); the ratio to the\n"
        "baseline, measured in the same run on the same articles, is the figure to compare across runs.\n"
        f"Load average when the page was written: {_loadavg()}.\n\n"
        f"{tagger_section()}"
    )


def _loadavg() -> str:
    import os

    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def tagger_section() -> str:
    """Agreement of the shipped fast tagger with HanTa on held-out text (from models/pos-de.json)."""
    import json

    from .nlp.tag import default_model_path

    meta_path = default_model_path("de").with_suffix(".json")
    if not meta_path.is_file():
        return "(no trained POS model found: run scripts/train_pos.py)\n"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    m = meta.get("metrics", {})
    lines = [
        "## Fast POS tagger vs HanTa (held-out articles, never trained on)\n",
        f"Trained with `{meta.get('command', '')}` on {m.get('train_tokens')} silver tokens "
        f"({meta.get('silver')}).\n",
        "| held-out set | tokens | POS agreement | lemma agreement (all / verbs / nouns) |",
        "|---|---:|---:|---:|",
    ]
    for key, label in (("test_fang", "FANG-COVID"), ("test_gnad", "10kGNAD")):
        t = m.get(key)
        if t:
            lines.append(f"| {label} | {t['tokens']} | {t['agreement']:.2%} | {t.get('lemma_all', 0):.2%} / "
                         f"{t.get('lemma_verb', 0):.2%} / {t.get('lemma_noun', 0):.2%} |")
    lines.append("")
    for key, label in (("test_fang", "FANG-COVID"), ("test_gnad", "10kGNAD")):
        t = m.get(key)
        if t:
            per = ", ".join(f"{k} {v:.1%}" for k, v in t["per_tag_recall"].items())
            lines.append(f"Recall of HanTa's tag per tag, {label}: {per}.\n")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
