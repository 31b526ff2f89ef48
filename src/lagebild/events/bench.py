"""Speed of the event stage alone, one process: CPU milliseconds per article (``time.process_time``, so that
other processes on a shared machine do not count) over whole labelled articles
(train and dev of ``data/events``; the stages before ``events`` run once and are not timed).

Three coders in the same run: the rule coder with the agent lookup of before (every listed agent noun
scanned for every noun: the baseline), the rule coder with the indexed lookup, and the shipped learned coder
(which runs the rule coder and then its models). Median of ``repeats`` passes; per pass the median and mean
over articles.

    lagebild bench --events [--limit 120] [--repeats 3] [--write docs/bench_events.md]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from .clauses import AgentIndex


def _scan(self: AgentIndex, lemma: str, word: str) -> str | None:
    """The lookup before the index: every listed noun tried against the word's ends."""
    agents = self.exact
    if lemma in agents or word in agents:
        return agents.get(lemma) or agents.get(word)
    for form in (lemma, word):
        low = form.lower()
        for key, sector in agents.items():
            k = key.lower()
            if (len(low) > len(k) + 2 and low.endswith(k)) or (
                low[:-1].endswith(k) and low[-1:] in {"r", "n", "s"} and (low[:-1] == k or len(low) > len(k) + 3)
            ):
                return sector
    return None


@contextmanager
def _linear_agents() -> Iterator[None]:
    indexed = AgentIndex.sector
    AgentIndex.sector = _scan  # type: ignore[method-assign]
    try:
        yield
    finally:
        AgentIndex.sector = indexed  # type: ignore[method-assign]


def _time(stage: Callable[[Any], Any], articles: list[Any]) -> list[float]:
    from .gazetteer import load_gazetteer

    load_gazetteer("de")  # lexicons, lookups and models load once per process, outside the timing
    stage(replace(articles[0], events=[]))
    ms = []
    for a in articles:
        copy = replace(a, events=[])
        t0 = time.process_time()
        stage(copy)
        ms.append((time.process_time() - t0) * 1000)
    return ms


def run(*, limit: int = 120, repeats: int = 3) -> dict[str, Any]:
    from .learn.data import gold_documents
    from .stage import EventStage

    docs = (gold_documents("train") + gold_documents("dev"))[:limit]
    articles = [d.article for d in docs]
    rows: dict[str, dict[str, float]] = {}
    coders: list[tuple[str, Callable[[], Any], bool]] = [
        ("rules, agent lookup by scan (before)", lambda: EventStage(coder="rules"), True),
        ("rules, indexed agent lookup", lambda: EventStage(coder="rules"), False),
        ("learned (rules + models)", lambda: EventStage(), False),
    ]
    for name, make, linear in coders:
        medians, means = [], []
        for _ in range(repeats):
            stage = make()
            if linear:
                with _linear_agents():
                    ms = _time(stage, articles)
            else:
                ms = _time(stage, articles)
            medians.append(statistics.median(ms))
            means.append(sum(ms) / len(ms))
        rows[name] = {"median_ms": round(statistics.median(medians), 2), "mean_ms": round(statistics.median(means), 2)}
    base = rows[coders[0][0]]["median_ms"]
    for r in rows.values():
        r["ratio_to_before"] = round(r["median_ms"] / base, 3) if base else 0.0
    chars = sum(len(a.text) for a in articles) // max(len(articles), 1)
    return {"articles": len(articles), "chars_per_article": chars, "repeats": repeats, "coders": rows}


def format_report(r: dict[str, Any]) -> str:
    lines = [f"event stage, one process, {r['articles']} labelled articles (train, dev; {r['chars_per_article']} "
             f"characters each on average), median of {r['repeats']} passes",
             "", "| coder | ms/article (median) | ms/article (mean) | median vs before |", "|---|---|---|---|"]
    for name, row in r["coders"].items():
        lines.append(f"| {name} | {row['median_ms']} | {row['mean_ms']} | {row['ratio_to_before']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Milliseconds per article of the event stage (rules before/after, learned).")
    ap.add_argument("--limit", type=int, default=120, help="labelled articles (train first, then dev)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--write", type=Path, default=None, help="also write the table to this Markdown file")
    args = ap.parse_args(argv)
    text = format_report(run(limit=args.limit, repeats=args.repeats))
    print(text)
    if args.write is not None:
        args.write.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
