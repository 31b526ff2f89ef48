"""Train the German NER model: ``make train-ner`` (or ``python scripts/train_ner.py``).

Reads GermEval 2014 dev, unlabelled news text and the PETRARCH-2 actor dictionary from
../shared/data; writes src/lagebild/models/ner-de.crfsuite (+ .json metadata), and, when missing or
asked for, ner-de.clusters.tsv (--rebuild-clusters) and lang/de/ner/person_{first,last}.txt
(--rebuild-gazetteers). Seeded and deterministic. GermEval test is never read here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _grid(text: str) -> list[tuple[float, float]]:
    pairs = []
    for part in text.split(";"):
        c1, _, c2 = part.partition(",")
        pairs.append((float(c1), float(c2)))
    return pairs


def main() -> int:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
    from lagebild.actors.ner import model_path
    from lagebild.actors.ner_train import DEFAULT_GRID, train

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data", help="../shared/data")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the packaged model path)")
    ap.add_argument(
        "--grid",
        type=_grid,
        default=list(DEFAULT_GRID),
        help="c1,c2 pairs separated by ';' for model selection on the dev hold-out, e.g. '0.1,0.05;0.2,0.05'",
    )
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--rebuild-clusters", action="store_true", help="recompute the word-cluster map")
    ap.add_argument(
        "--rebuild-gazetteers", action="store_true", help="regenerate person_first/person_last.txt from PETRARCH-2"
    )
    ap.add_argument(
        "--kb-gazetteers",
        action="store_true",
        help="write lang/<lang>/ner/kb_*.txt from the actor knowledge base first (features; no gain measured)",
    )
    ap.add_argument(
        "--silver", type=int, default=0, help="add N silver sentences (knowledge base over news text; default 0)"
    )
    args = ap.parse_args()
    if not (args.shared / "germeval2014_ner").is_dir():
        print(
            f"error: {args.shared}/germeval2014_ner not found; place the 'shared' folder beside the "
            "repository clone or pass --shared PATH",
            file=sys.stderr,
        )
        return 2
    train(
        args.shared,
        model=args.out or model_path(args.lang),
        lang=args.lang,
        grid=args.grid,
        max_iter=args.max_iter,
        seed=args.seed,
        rebuild_clusters=args.rebuild_clusters,
        rebuild_gazetteers=args.rebuild_gazetteers,
        kb_gazetteers=args.kb_gazetteers,
        silver=args.silver,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
