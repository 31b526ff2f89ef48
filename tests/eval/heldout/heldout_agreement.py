"""Inter-annotator agreement on the event gold: second annotator against the first (the first is gold).

Run from the repository root::

    python tests/eval/heldout/heldout_agreement.py

Standard library only. The sample is drawn by `sample_indices` (seed 7, 40 of the 150 lines of
`tests/eval/events_gold_test.jsonl`, in file order).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = HERE.parent / "events_gold_test.jsonl"
SECOND = HERE / "events_second_annotator.jsonl"
SEED = 7
SAMPLE_SIZE = 40


def load_jsonl(path: Path) -> list[dict]:
    """Read a JSONL file into a list of records."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sample_indices(n_records: int, *, seed: int = SEED, size: int = SAMPLE_SIZE) -> list[int]:
    """Line numbers (0-based, sorted) of the agreement sample: `random.Random(seed).sample(range(n), size)`."""
    return sorted(random.Random(seed).sample(range(n_records), size))


def _root(code: str | None) -> str | None:
    return code[:3] if code else None


#: Name → function mapping an event to the item compared between annotators. `None` is a value of its own:
#: a missing source/target only matches a missing source/target.
VIEWS: dict[str, Callable[[dict], object]] = {
    "type": lambda e: e["type"],
    "triple (full codes)": lambda e: (e["source_code"], e["type"], e["target_code"]),
    "triple (country root)": lambda e: (_root(e["source_code"]), e["type"], _root(e["target_code"])),
    "source root + type": lambda e: (_root(e["source_code"]), e["type"]),
    "type + target root": lambda e: (e["type"], _root(e["target_code"])),
    "type + modality + negated": lambda e: (e["type"], e["modality"], e["negated"]),
}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the two totals (0.0 where undefined)."""
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def multiset_scores(
    pairs: Iterable[tuple[list[dict], list[dict]]], *, view: Callable[[dict], object]
) -> tuple[int, int, int]:
    """Per-sentence multiset matching summed over sentences: (true positives, predicted, gold)."""
    tp = n_pred = n_gold = 0
    for gold, pred in pairs:
        cg, cp = Counter(map(view, gold)), Counter(map(view, pred))
        tp += sum((cg & cp).values())
        n_pred += len(pred)
        n_gold += len(gold)
    return tp, n_pred, n_gold


def sentence_kappa(pairs: list[tuple[list[dict], list[dict]]]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa on the binary decision "sentence has an event"."""
    n = len(pairs)
    gold_yes = sum(bool(g) for g, _ in pairs) / n
    pred_yes = sum(bool(p) for _, p in pairs) / n
    observed = sum(bool(g) == bool(p) for g, p in pairs) / n
    expected = gold_yes * pred_yes + (1 - gold_yes) * (1 - pred_yes)
    return observed, (observed - expected) / (1 - expected) if expected < 1 else 1.0


def paired(first_path: Path = FIRST, second_path: Path = SECOND) -> list[tuple[list[dict], list[dict]]]:
    """(first annotator's events, second annotator's events) for every sentence of the second file."""
    first = {(r["doc"], r["sent_id"]): r["events"] for r in load_jsonl(first_path)}
    return [(first[(r["doc"], r["sent_id"])], r["events"]) for r in load_jsonl(second_path)]


def report(pairs: list[tuple[list[dict], list[dict]]]) -> dict[str, tuple[float, float, float]]:
    """P/R/F1 per comparison view (first annotator = gold)."""
    return {name: prf(*multiset_scores(pairs, view=view)) for name, view in VIEWS.items()}


def main() -> None:
    """Print the agreement figures."""
    pairs = paired()
    n_first = sum(len(g) for g, _ in pairs)
    n_second = sum(len(p) for _, p in pairs)
    print(f"{len(pairs)} sentences; events: first annotator {n_first}, second annotator {n_second}")
    for name, (p, r, f) in report(pairs).items():
        print(f"{name:28s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    observed, kappa = sentence_kappa(pairs)
    print(f"sentence has-event decision: observed agreement {observed:.3f}, Cohen's kappa {kappa:.3f}")


if __name__ == "__main__":
    main()
