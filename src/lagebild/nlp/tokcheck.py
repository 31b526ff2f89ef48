"""Agreement of the fast tokenizer with stock SoMaJo: tokens and sentence boundaries.

    python -m lagebild.nlp.tokcheck [PATH] [--limit 1000] [--show 20]

Both engines of the ``Tokenize`` stage run over the same articles (FANG-COVID by default, reserved
ids skipped). A token agrees when both engines give it the same character span; a sentence boundary
agrees when both put a sentence start at the same character. Agreement is the share of SoMaJo's
tokens (boundaries) that the fast engine also gives, and the share of the fast engine's that SoMaJo
also gives; the report also gives the CPU time of each engine and the share of segments the fast
engine hands to SoMaJo whole.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Article
from .tokenize import Tokenize, segments


def _spans(art: Article) -> tuple[set[tuple[int, int]], set[int]]:
    return {(t.start, t.end) for t in art.tokens}, {s.start for s in art.sentences}


def compare(articles: Iterable[Article], *, show: int = 0) -> dict[str, Any]:
    """Token and sentence-boundary agreement of ``Tokenize(engine="fast")`` with ``engine="somajo"``."""
    fast, stock = Tokenize(engine="fast"), Tokenize(engine="somajo")
    n = tok_ref = tok_fast = tok_both = b_ref = b_fast = b_both = 0
    cpu = {"fast": 0.0, "somajo": 0.0}
    diffs: list[str] = []
    segs = whole = 0
    for art in articles:
        art.language = art.language or "de"
        a = Article(text=art.text, language="de")
        b = Article(text=art.text, language="de")
        t0 = time.process_time()
        stock(a)
        t1 = time.process_time()
        fast(b)
        cpu["somajo"] += t1 - t0
        cpu["fast"] += time.process_time() - t1
        words = fast._word_splitter("de")
        for s, e in segments(art.text):
            if e > s:
                segs += 1
                whole += words.crosses(art.text[s:e])
        ta, sa = _spans(a)
        tb, sb = _spans(b)
        n += 1
        tok_ref += len(ta)
        tok_fast += len(tb)
        tok_both += len(ta & tb)
        b_ref += len(sa)
        b_fast += len(sb)
        b_both += len(sa & sb)
        if len(diffs) < show and (ta != tb or sa != sb):
            for s, e in sorted(ta ^ tb)[:6]:
                side = "somajo" if (s, e) in ta else "fast"
                diffs.append(f"{art.external_id} token {side}: {art.text[max(0, s - 25):s]!r} [{art.text[s:e]!r}] "
                             f"{art.text[e:e + 25]!r}")
            for p in sorted(sa ^ sb)[:4]:
                side = "somajo" if p in sa else "fast"
                diffs.append(f"{art.external_id} sentence start {side}: {art.text[max(0, p - 40):p]!r} | "
                             f"{art.text[p:p + 30]!r}")
    return {
        "articles": n,
        "tokens_somajo": tok_ref,
        "tokens_fast": tok_fast,
        "token_recall": round(tok_both / max(tok_ref, 1), 5),
        "token_precision": round(tok_both / max(tok_fast, 1), 5),
        "boundaries_somajo": b_ref,
        "boundaries_fast": b_fast,
        "boundary_recall": round(b_both / max(b_ref, 1), 5),
        "boundary_precision": round(b_both / max(b_fast, 1), 5),
        "segments": segs,
        "segments_to_somajo": whole,
        "cpu_ms_per_article": {k: round(1000 * v / max(n, 1), 2) for k, v in cpu.items()},
        "diffs": diffs,
    }


def main(argv: list[str] | None = None) -> int:
    from ..bench import DEFAULT_INPUT, read_articles

    ap = argparse.ArgumentParser(prog="python -m lagebild.nlp.tokcheck", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--show", type=int, default=20, help="print up to this many differing spans")
    args = ap.parse_args(argv)
    res = compare(read_articles(args.path, limit=args.limit), show=args.show)
    for line in res.pop("diffs"):
        print(line)
    for k, v in res.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
