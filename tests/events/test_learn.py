"""The learned coder: linear models, model files, calibration, threshold, modality cues and the fields every
event carries."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pytest

from lagebild.events.learn.linear import Csr, Vocab, load_arrays, save_arrays, train_multinomial, train_ranker
from lagebild.events.learn.model import load_model, model_paths, read_model
from lagebild.events.learn.trainer import Scored, choose_threshold, platt

from .helpers import analyse

ROWS = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"], ["a"], ["b"]]
LABELS = [0, 0, 1, 1, 0, 1]


def _fit() -> tuple[Vocab, np.ndarray, np.ndarray]:
    v = Vocab.fit(ROWS)
    w, b = train_multinomial(Csr([v.ids(r) for r in ROWS], len(v)), np.array(LABELS), 2, l2=0.1, epochs=200)
    return v, w, b


def test_multinomial_learns_and_is_deterministic(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    v, w, b = _fit()
    pred = [int((w[v.ids(r)].sum(axis=0) + b).argmax()) for r in ROWS]
    assert pred == LABELS
    digests = []
    for k in range(2):
        v2, w2, b2 = _fit()
        path = tmp_path / f"m{k}.npz"
        save_arrays(path, {"w": w2, "b": b2})
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]  # same data, same bytes
    assert np.array_equal(load_arrays(tmp_path / "m0.npz")["w"], w)


def test_vocab_min_count_and_unknown_features() -> None:
    v = Vocab.fit([["a", "b"], ["a"]], min_count=2)
    assert v.names == ["a"] and list(v.ids(["a", "zzz", "b"])) == [0]


def test_ranker_prefers_the_gold_candidate() -> None:
    rows = [["none"], ["bare", "before"], ["gen"], ["none"], ["bare", "before"], ["gen", "before"]]
    v = Vocab.fit(rows)
    groups = np.array([0, 0, 0, 1, 1, 1])
    gold = np.array([0, 1, 0, 0, 1, 0], dtype=float)
    w = train_ranker(Csr([v.ids(r) for r in rows], len(v)), groups, gold, l2=0.1, epochs=200)
    scores = [w[v.ids(r)].sum() for r in rows]
    assert scores[1] > max(scores[0], scores[2]) and scores[4] > max(scores[3], scores[5])


def test_platt_is_monotone_and_threshold_is_the_lowest_that_holds() -> None:
    scores = [Scored(p, right, True, ("source",)) for p, right in
              [(0.9, True), (0.85, True), (0.8, True), (0.7, True), (0.6, False), (0.5, True), (0.4, False),
               (0.3, False), (0.2, False), (0.1, False)]]
    w = platt(scores)
    assert w["logit"] > 0  # higher classifier probability, higher confidence
    model = replace(load_model("de") or pytest.skip("no shipped event model"), calibration=w)
    t, table = choose_threshold(model, scores, target=0.8, least=3)
    row = next(r for r in table if r["threshold"] == t)
    assert row["precision"] >= 0.8 and row["shown"] >= 3
    assert all(r["precision"] < 0.8 or r["shown"] < 3 for r in table if r["threshold"] < t)
    assert platt([]) == {"logit": 1.0, "bias": 0.0}


def test_shipped_model_reads_back() -> None:
    m = load_model("de")
    if m is None:
        pytest.skip("no shipped event model")
    npz, header = model_paths("de")
    again = read_model(npz, header)
    assert again.types == m.types and again.types[0] == "NONE" and 0 < again.threshold < 1
    assert set(again.modalities) == {"asserted", "future", "intended", "hypothetical", "demanded", "suspected"}
    assert npz.stat().st_size + header.stat().st_size < 3_000_000  # small


CUES = [
    ("Rebellen sollen in Mali Soldaten getötet haben.", "getötet", "suspected"),
    ("Polen wirft Russland vor, die Ukraine angegriffen zu haben.", "angegriffen", "suspected"),
    ("Der Politiker steht unter Verdacht der Bestechung.", "Bestechung", "suspected"),
    ("Russland fordert, dass die Nato auf eine Osterweiterung verzichtet.", "verzichtet", "demanded"),
    ("Die Opposition verlangt die Freilassung der Gefangenen.", "Freilassung", "demanded"),
    ("Die EU will Sanktionen gegen Belarus verhängen.", "verhängen", "intended"),
    ("Litauen wird Sanktionen gegen Belarus verhängen.", "verhängen", "future"),
    ("Deutschland würde Litauen helfen.", "helfen", "hypothetical"),
    ("Sie fürchten den möglichen Beginn einer Invasion.", "Invasion", "suspected"),  # feared (guideline 5)
    ("Offen bleibt der mögliche Beginn einer Invasion.", "Invasion", "hypothetical"),
    ("Rumänien kritisiert Moldau.", "kritisiert", "asserted"),
]


@pytest.mark.parametrize(("text", "word", "expected"), CUES)
def test_modality_cues(text: str, word: str, expected: str) -> None:
    from lagebild.events.learn.candidates import Cand, token_key
    from lagebild.events.learn.coder import walk
    from lagebild.events.learn.modality import cues, rule_modality
    from lagebild.events.patterns import load_lexicon

    a = analyse(text)
    _, _, steps = walk(a, load_lexicon("de"), frozenset())
    for step in steps:
        view = step.sent.view
        for i, w in enumerate(view.words):
            if w == word:
                cand = Cand(step.sent, i, token_key(view, i, view.clause_range(step.sent.clause_of(i))), "verb", None)
                found = cues(cand)
                assert rule_modality(found) == expected, found
                return
    pytest.fail(f"{word!r} not in {text!r}")


def test_learned_modality_of_an_alleged_act() -> None:
    if load_model("de") is None:
        pytest.skip("no shipped event model")
    a = analyse("Die Ermittler werfen dem Mann vor, zwei Frauen getötet zu haben.", coder="learned")
    assert {(e.type, e.modality) for e in a.events} >= {("ACCUSE", "asserted"), ("ASSAULT", "suspected")}


def test_learned_events_carry_confidence_evidence_and_shown() -> None:
    m = load_model("de")
    if m is None:
        pytest.skip("no shipped event model")
    a = analyse("Die Polizei nahm am Samstag zwei Demonstranten in Minsk fest. Die EU kritisierte Belarus scharf.",
                coder="learned")
    assert a.events
    for e in a.events:
        assert 0.0 <= e.confidence <= 1.0
        assert e.evidence["trigger"] == [e.start, e.end]
        actor = bool(e.source or e.source_code or e.target or e.target_code)
        assert e.shown == (e.confidence >= m.threshold and actor)
