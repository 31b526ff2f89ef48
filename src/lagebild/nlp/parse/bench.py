"""Speed of the parser on news articles, beside the fast POS tagger measured in the same run.

    python -m lagebild.nlp.parse.bench [PATH] [--limit 200] [--repeats 5] [--write docs/bench_parser.md]
    lagebild bench --parser [--limit 200]

PATH defaults to the FANG-COVID stream in ../shared/data (records listed in its RESERVED_IDS.txt are
skipped). The articles are tokenised and tagged once, outside the clock; then each repeat times the
``Parse`` stage (heads, relations, morphology) and the ``Tag`` stage over the same articles in one
process, one after the other. Figures are medians over the repeats: tokens per CPU second of this
process (= per core: the parser runs on one thread) and per wall-clock second. The ratio to the
tagger, measured in the same run, is the figure that stays comparable on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ...model import Article

DEFAULT_INPUT = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"


def reserved_ids(path: Path) -> set[str]:
    """Record ids kept for independent checks (``RESERVED_IDS.txt`` beside the input), never used here."""
    from ...eval.data.sources import read_reserved

    listing = path.parent / "RESERVED_IDS.txt"
    return set(read_reserved(listing)) if listing.is_file() else set()


def prepare(path: Path, *, limit: int) -> list[Article]:
    """The first ``limit`` usable articles of ``path``, tokenised and tagged."""
    from ...bench import read_articles
    from .. import Tag, Tokenize

    skip = reserved_ids(path)
    tok, tag = Tokenize(), Tag()
    out: list[Article] = []
    for a in read_articles(path):
        if a.external_id in skip:
            continue
        out.append(tag(tok(a)))
        if len(out) >= limit:
            break
    return out


def _timed(stage: Any, articles: list[Article]) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    for a in articles:
        stage(a)
    return time.perf_counter() - w0, time.process_time() - c0


def bench_parser(path: Path | str | None = None, *, limit: int = 200, repeats: int = 5) -> dict[str, Any]:
    """Parse and tag the same articles ``repeats`` times; medians of tokens/s (CPU and wall)."""
    from .. import Tag
    from .stage import Parse

    path = Path(path) if path is not None else DEFAULT_INPUT
    if not path.exists():
        raise FileNotFoundError(f"{path} not found; pass a news export (JSONL/CSV/text) or put 'shared' beside the repository")
    articles = prepare(path, limit=limit)
    n_tokens = sum(len(a.tokens) for a in articles)
    n_sents = sum(len(a.sentences) for a in articles)
    parse, tag = Parse(), Tag()
    t0 = time.perf_counter()
    parse(articles[0])  # the model loads outside the clock
    load_seconds = time.perf_counter() - t0
    tag(articles[0])
    runs: dict[str, list[tuple[float, float]]] = {"parse": [], "tag": []}
    for _ in range(repeats):
        runs["parse"].append(_timed(parse, articles))
        runs["tag"].append(_timed(tag, articles))
    out: dict[str, Any] = {"input": str(path), "articles": len(articles), "tokens": n_tokens, "sentences": n_sents,
                           "repeats": repeats, "model_load_seconds": round(load_seconds, 2)}
    for name, times in runs.items():
        out[name] = {
            "cpu_tokens_per_s": round(n_tokens / statistics.median(c for _, c in times)),
            "wall_tokens_per_s": round(n_tokens / statistics.median(w for w, _ in times)),
            "cpu_tokens_per_s_all": [round(n_tokens / c) for _, c in times],
        }
    out["ratio_cpu"] = round(out["parse"]["cpu_tokens_per_s"] / out["tag"]["cpu_tokens_per_s"], 3)
    out["ratio_wall"] = round(out["parse"]["wall_tokens_per_s"] / out["tag"]["wall_tokens_per_s"], 3)
    return out


def format_table(res: dict[str, Any]) -> str:
    rows = [
        f"{res['articles']} articles, {res['sentences']} sentences, {res['tokens']} tokens "
        f"({res['tokens'] / max(res['sentences'], 1):.1f} per sentence); medians of {res['repeats']} runs, one process.",
        "",
        "| stage | tokens/s per core (CPU time) | tokens/s (wall clock) |",
        "|---|---:|---:|",
        f"| Parse (heads, relations, morphology) | {res['parse']['cpu_tokens_per_s']:,} | "
        f"{res['parse']['wall_tokens_per_s']:,} |",
        f"| Tag (fast STTS tagger + lemmas), baseline | {res['tag']['cpu_tokens_per_s']:,} | "
        f"{res['tag']['wall_tokens_per_s']:,} |",
        "",
        f"Parse / Tag: **{res['ratio_cpu']}** (CPU time), {res['ratio_wall']} (wall clock). "
        f"Parser CPU tokens/s per run: {', '.join(f'{x:,}' for x in res['parse']['cpu_tokens_per_s_all'])}. "
        f"Model load: {res['model_load_seconds']} s.",
    ]
    return "\n".join(rows)


def page(res: dict[str, Any], table: str, cmd: str) -> str:
    """The Markdown page ``--write`` writes."""
    from ...bench import _loadavg

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        "# Benchmark: dependency parser\n\n"
        f"Command: `{cmd.strip()}` ({when}). Input: `{Path(res['input']).name}` (reserved records skipped).\n"
        f"Load average when written: {_loadavg()}.\n\n{table}\n\n"
        "The machine is shared: wall-clock figures move with its load; CPU time counts only this\n"
        "process, and the ratio to the tagger measured in the same run is what to compare across runs.\n"
    )


def main(argv: list[str] | None = None) -> int:
    from ...bench import run_cli

    ap = argparse.ArgumentParser(prog="python -m lagebild.nlp.parse.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=200, help="articles (default 200)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--write", type=Path, default=None, help="write the figures and the command to this .md file")
    return run_cli(argv, ap, lambda a: bench_parser(a.path, limit=a.limit, repeats=a.repeats), format_table, page)


if __name__ == "__main__":
    sys.exit(main())
