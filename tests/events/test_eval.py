"""The event evaluation: matching rules, the scorer on hand-built rows, and the gates on the development
sets with pinned floors.

Floors are raised only on purpose, after an improvement measured on dev; the test splits (test,
legacy-test) are reported in docs/events.md and never used for tuning. The gates run the whole default
pipeline over whole articles (slow: ``pytest -m slow tests/events/test_eval.py``).
"""

from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.eval.events import (
    HELD_OUT,
    SPLITS,
    Tally,
    _actor_match,
    code_root,
    evaluate,
    format_errors,
    format_report,
    modality_value,
    reliability,
)

#: pinned floors of the shipped learned coder (docs/events.md, "Evaluation"); `shown_precision` is the type
#: precision of the events the picture shows (default threshold and an actor)
FLOORS = {
    # dev triple 0.244 -> 0.227 when the NER model was retrained with the entity set (argument spans changed);
    # retraining the coder on the new entities gave dev 0.238 but legacy-dev2 0.465, so the coder was kept
    "dev": {"type": 0.54, "triple": 0.22, "shown_precision": 0.80, "modality": 0.90},
    "legacy-dev": {"type": 0.68, "triple": 0.28, "shown_precision": 0.85, "modality": 0.90},
    "legacy-dev2": {"type": 0.77, "triple": 0.48, "shown_precision": 0.90, "modality": 0.88},
}


@pytest.mark.parametrize(
    ("pred", "gold", "root", "expected"),
    [
        (("RUS", "Russland"), ("RUSGOV", "Russland"), True, True),
        (("RUS", None), ("RUSGOV", None), False, False),
        (("IGOWSTNAT", None), ("IGOEUREEC", None), True, False),  # two organisations, not one "IGO"
        (("IGOEUREEC", None), ("IGOEUREEC", "EU"), False, True),
        (("COP", "Polizei"), ("DEUCOP", "Polizei München"), True, True),  # by name
        (("CVL", "Demonstrant"), ("DEUOPP", "Demonstranten"), True, True),  # shared stem
        ((None, None), (None, None), True, True),
        ((None, None), ("USAGOV", "USA"), True, False),
        (("TMPGOV", None), ("TLSGOV", None), False, True),  # East Timor: Phoenix TMP = ISO TLS
        (("TMPGOV", None), ("TLSMIL", None), False, False),
    ],
)
def test_actor_match(pred: tuple, gold: tuple, root: bool, expected: bool) -> None:
    assert _actor_match(pred[0], pred[1], gold[0], gold[1], root=root) is expected


@pytest.mark.parametrize(("code", "root"), [("RUSGOV", "RUS"), ("IGOWSTNAT", "IGOWST"), ("COP", "COP"), ("TMPGOV", "TLS")])
def test_code_root(code: str, root: str) -> None:
    assert code_root(code) == root


@pytest.mark.parametrize(("given", "value"), [("intent", "intended"), ("conditional", "hypothetical"),
                                              ("question", "hypothetical"), (None, "asserted"), ("suspected", "suspected")])
def test_modality_values(given: str | None, value: str) -> None:
    assert modality_value(given) == value


def _row(typ: str, trig: tuple[int, int], src: str | None, tgt: str | None, *, modality: str = "asserted",
         conf: float = 0.9, shown: bool = True) -> dict:
    return {"type": typ, "trigger": trig, "source_code": src, "source_name": None, "target_code": tgt,
            "target_name": None, "negated": False, "modality": modality, "confidence": conf, "shown": shown,
            "rule": False, "text": "x"}


def test_tally_scores_types_triples_modality_and_shown() -> None:
    t = Tally()
    gold = [_row("REQUEST", (0, 5), "RUSGOV", "IGOWSTNAT"), _row("ASSAULT", (20, 28), "RUS", "UKR", modality="suspected")]
    pred = [_row("REQUEST", (0, 5), "RUS", "IGOWSTNAT"),  # root match
            _row("ASSAULT", (20, 28), "RUS", None, conf=0.4, shown=False),  # right type, wrong target
            _row("COERCE", (30, 35), None, None, conf=0.2, shown=False)]  # wrong
    ok = t.add(pred, gold)
    t.add([p for p in pred if p["shown"]], gold, prefix="shown_")
    r = t.report()
    assert ok == [1, 1, 0]
    assert (r["all"]["type"]["tp"], r["all"]["type"]["pred"], r["all"]["type"]["gold"]) == (2, 3, 2)
    assert r["all"]["triple"]["tp"] == 1 and r["all"]["triple_full_code"]["tp"] == 0
    assert r["shown"]["type"]["precision"] == 1.0 and r["shown"]["type"]["recall"] == 0.5
    assert r["matched"] == 2 and r["modality_accuracy"] == 0.5 and r["nonasserted_as_asserted"] == 1
    assert r["shown_nonasserted_as_asserted"] == 0  # the suspected attack read as fact is not shown


def test_reliability_table() -> None:
    r = reliability([(0.95, True), (0.92, True), (0.15, False), (0.12, True)])
    assert r["events"] == 4 and [row["n"] for row in r["table"]] == [2, 2]
    assert r["ece"] == pytest.approx((2 * abs(0.135 - 0.5) + 2 * abs(0.935 - 1.0)) / 4, abs=1e-3)


def test_unknown_split_names_the_fix() -> None:
    with pytest.raises(PipelineError, match="use one of"):
        evaluate("dev3")


def test_held_out_errors_are_not_printed() -> None:
    assert set(HELD_OUT) <= set(SPLITS)
    with pytest.raises(PipelineError, match="held out"):
        format_errors({"split": "test", "sentences_scored": []})


@pytest.mark.slow
@pytest.mark.parametrize("split", sorted(FLOORS))
def test_gate(split: str, shared_dir) -> None:  # noqa: ANN001 - pytest fixture
    r = evaluate(split, keep=True)
    report = format_report(r) + "\n" + format_errors(r, n=5)
    floors = FLOORS[split]
    assert r["all"]["type"]["f1"] >= floors["type"], report
    assert r["all"]["triple"]["f1"] >= floors["triple"], report
    assert r["shown"]["type"]["precision"] >= floors["shown_precision"], report
    assert (r["modality_accuracy"] or 0) >= floors["modality"], report
