"""Benchmarks of the run itself (docs/benchmarks.md, "Streaming runs"):

- ``python -m lagebild.run_bench transfer --limit 40``: what the parent pays per article — unpickling the
  analysed article (the object graph against :func:`lagebild.serialize.pack`) and writing it
  (:meth:`Store.commit_chunk`) — on FANG-COVID articles analysed in this process, beside the stage time;
- ``python -m lagebild.run_bench memory FILE --db STORE``: runs ``lagebild analyze FILE`` and samples the
  resident memory of the parent and of each worker every few seconds, with the articles done, as a TSV
  and a summary (is memory flat over the chunks?);
- ``python -m lagebild.run_bench texts --sizes 40000,160000``: seconds per stage on texts that used to
  make stages run for minutes ("Er sagte, dass …" repeated, alternating quotation marks, concatenated
  FANG-COVID articles), without budgets, to see how the cost grows with the length;
- ``python -m lagebild.run_bench replicate N OUT``: the non-reserved FANG-COVID stream N times, each copy
  shifted by 420 days with its own ids and titles (the 100,000-article input).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .eval.data.sources import reserved_fang_ids

FANG = Path(__file__).resolve().parents[3] / "shared" / "data" / "fang_covid_de_news"
SHIFT_DAYS = 420  # the stream spans 2020-02-01 … 2021-03-27


def fang_records(limit: int | None = None) -> list[dict]:
    """FANG-COVID records in stream order without the reserved ids."""
    reserved = reserved_fang_ids(FANG.parent)
    out = []
    with (FANG / "fang_covid_sample.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] not in reserved:
                out.append(rec)
                if limit and len(out) >= limit:
                    break
    return out


def replicate(n: int, out: str) -> int:
    recs = fang_records()
    with open(out, "w", encoding="utf-8") as f:
        for k in range(n):
            for r in recs:
                r2 = dict(r)
                if k:
                    day = datetime.date.fromisoformat(r["date_norm"]) + datetime.timedelta(days=SHIFT_DAYS * k)
                    r2.update(date_norm=day.isoformat(), id=f"{r['id']}-r{k}", header=f"{r['header'].strip()} ({k})")
                    r2.pop("date", None)
                f.write(json.dumps(r2, ensure_ascii=False) + "\n")
    return n * len(recs)


def transfer(limit: int) -> str:
    from .config import Settings
    from .ingest.records import record_to_article
    from .run import build_pipeline
    from .serialize import pack, unpack
    from .store import ChunkWrite, Store

    arts = [record_to_article(r, path="fang", record=i, fields=None) for i, r in enumerate(fang_records(limit + 1), 1)]
    pipe = build_pipeline(Settings())
    pipe.process(arts[0])  # loads the models
    t0 = time.process_time()
    done = [pipe.process(a) for a in arts[1:]]
    stages = (time.process_time() - t0) / len(done)
    rows = []
    for name, dump, load in (("pickle the Article objects", lambda x: pickle.dumps(x, 5), pickle.loads),
                             ("pack (plain tuples, tokens column-wise)", lambda x: pickle.dumps([pack(a) for a in x], 5),
                              lambda b: [unpack(p) for p in pickle.loads(b)])):
        t0 = time.process_time()
        blob = dump(done)
        t1 = time.process_time()
        load(blob)
        t2 = time.process_time()
        rows.append(f"| {name} | {len(blob) / len(done) / 1024:.0f} KiB | {(t1 - t0) / len(done) * 1000:.1f} | "
                    f"{(t2 - t1) / len(done) * 1000:.1f} |")
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "t.duckdb") as st:
            t0 = time.process_time()
            st.commit_chunk(ChunkWrite(run_id="bench", articles=done))
            write = (time.process_time() - t0) / len(done)
    return "\n".join([
        f"{len(done)} FANG-COVID articles; the stages took {stages * 1000:.0f} CPU-ms per article in this process.",
        "", "| worker → parent | size per article | worker ms/article (dump) | parent ms/article (load) |",
        "|---|---:|---:|---:|", *rows, "",
        f"Writing them in one chunk (`Store.commit_chunk`): {write * 1000:.1f} CPU-ms per article."])


PATHOLOGICAL = {
    "dass": lambda n, real: ("Er sagte, dass " * (n // 15 + 1))[:n],
    "quotes": lambda n, real: ('„Ja“ »nein« "doch" “wie” ' * (n // 24 + 1))[:n],
    "news": lambda n, real: real[:n],
}


def texts(sizes: list[int], kinds: list[str]) -> str:
    from .model import Article
    from .run import build_stages

    real = "\n\n".join(r["article"].strip() for r in fang_records(400))
    stages = build_stages()
    warm = Article(text="Berlin - Die Regierung sagte, dass sie handeln werde. „Wir sind bereit“, sagte Scholz.")
    for st in stages:
        warm = st(warm)
    lines = ["| text | characters | " + " | ".join(st.name for st in stages) + " |",
             "|---|---:|" + "---:|" * len(stages)]
    for kind in kinds:
        for n in sizes:
            a = Article(text=PATHOLOGICAL[kind](n, real), title="T")
            row = []
            for st in stages:
                t0 = time.process_time()
                if st.applies(a):
                    a = st(a)
                row.append(f"{time.process_time() - t0:.2f}")
            lines.append(f"| {kind} | {n:,} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def _rss(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            out += [int(x) for x in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
    except OSError:
        pass
    return out + [g for c in out for g in _children(c)]


def memory(inputs: list[str], db: str, *, every: float, jobs: int, out: str, extra: list[str]) -> str:
    env = {**os.environ, "LAGEBILD_PROGRESS_SECONDS": "0",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "lagebild.cli", "analyze", *inputs, "--db", db, "--jobs", str(jobs),
                             "--format", "none", *extra], env=env, stderr=subprocess.PIPE, text=True)
    done = [0]

    def follow() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            m = re.match(r"progress: ([\d,]+) articles", line)
            if m:
                done[0] = int(m.group(1).replace(",", ""))
            elif not line.startswith("progress"):
                sys.stderr.write(line)

    import threading

    threading.Thread(target=follow, daemon=True).start()
    t0 = time.time()
    samples = []
    with open(out, "w", encoding="utf-8") as f:
        f.write("seconds\tarticles\tparent_mb\tmax_worker_mb\n")
        while proc.poll() is None:
            parent = _rss(proc.pid)
            workers = [x for x in (_rss(c) for c in _children(proc.pid)) if x]
            if parent:
                samples.append((time.time() - t0, done[0], parent, max(workers, default=0.0)))
                f.write("%.0f\t%d\t%.0f\t%.0f\n" % samples[-1])
                f.flush()
            time.sleep(every)
    if not samples:
        return "no samples"
    peak_p = max(s[2] for s in samples)
    peak_w = max(s[3] for s in samples)
    quarters = [samples[int(k * (len(samples) - 1) / 4)] for k in range(5)]
    lines = [f"exit {proc.returncode}; {samples[-1][1]} articles in {samples[-1][0]:.0f} s; "
             f"peak parent RSS {peak_p:.0f} MB, peak worker RSS {peak_w:.0f} MB", "",
             "| seconds | articles done | parent MB | largest worker MB |", "|---:|---:|---:|---:|"]
    lines += [f"| {s[0]:.0f} | {s[1]} | {s[2]:.0f} | {s[3]:.0f} |" for s in quarters]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("transfer")
    t.add_argument("--limit", type=int, default=40)
    m = sub.add_parser("memory")
    m.add_argument("inputs", nargs="+")
    m.add_argument("--db", required=True)
    m.add_argument("--jobs", type=int, default=2)
    m.add_argument("--every", type=float, default=10.0)
    m.add_argument("--out", default="rss.tsv")
    m.add_argument("--chunk-size", default=None)
    x = sub.add_parser("texts")
    x.add_argument("--sizes", default="40000,160000")
    x.add_argument("--kinds", default="dass,quotes,news")
    r = sub.add_parser("replicate")
    r.add_argument("copies", type=int)
    r.add_argument("out")
    a = ap.parse_args(argv)
    if a.cmd == "transfer":
        print(transfer(a.limit))
    elif a.cmd == "texts":
        print(texts([int(v) for v in a.sizes.split(",")], a.kinds.split(",")))
    elif a.cmd == "memory":
        print(memory(a.inputs, a.db, every=a.every, jobs=a.jobs, out=a.out,
                     extra=["--chunk-size", a.chunk_size] if a.chunk_size else []))
    else:
        print(f"wrote {replicate(a.copies, a.out)} records to {a.out}")


if __name__ == "__main__":
    main()
