"""The POS model's gathered feature ids equal the per-token construction they replace."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.nlp.features import BOS, EOS
from lagebild.nlp.perceptron import PosModel
from lagebild.nlp.tag import default_model_path, load_model

SENTENCES = [
    ["Der", "Kreml", "hat", "verhalten", "reagiert", "."],
    ["«", "Sie", "haben", "gestern", "die", "Erklärungen", "gehört", "»", ",", "sagte", "Peskow", "."],
    ["Ja"],
    [],
    ["Es", "kostet", "3,5", "Mio.", "Euro", ",", "sagte", "der", "US-Außenminister", "am", "3.", "Okt.", "2022", "."],
    ["Unbekanntwortxyz", "qqq", "Der", "Der", "der"],
]


def reference_ids(model: PosModel, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The per-token loop of the earlier implementation."""
    flat: list[int] = []
    starts: list[int] = []
    pos: list[int] = []
    bos, eos = model._word(BOS), model._word(EOS)
    last_id = model.index.get("last")
    for sent in sentences:
        n = len(sent)
        entries = [bos, bos, *(model._word(w) for w in sent), eos, eos]
        for i in range(n):
            starts.append(len(flat))
            flat.extend(entries[i + 2][0])
            flat.extend(entries[i][1])
            flat.extend(entries[i + 1][2])
            flat.extend(entries[i + 3][3])
            flat.extend(entries[i + 4][4])
            if i == 0:
                flat.extend(entries[2][5])
            if i == n - 1 and last_id is not None:
                flat.append(last_id)
            pos.append((i == 0) + 2 * (i == n - 1))
    return np.asarray(flat, dtype=np.int32), np.asarray(starts, dtype=np.int64), np.asarray(pos)


@pytest.fixture(scope="module")
def model() -> PosModel:
    path = default_model_path("de")
    if not path.is_file():
        pytest.skip("no shipped POS model")
    return load_model(path)


def test_static_ids_equal_reference(model: PosModel) -> None:
    for _ in range(2):  # cold, then from the word table
        got = model.static_ids(SENTENCES)
        want = reference_ids(model, SENTENCES)
        for g, w in zip(got, want):
            assert g.tolist() == w.tolist()


def test_word_table_survives_clearing(model: PosModel) -> None:
    model._words.clear()
    got = model.static_ids(SENTENCES[:2])
    assert got[0].tolist() == reference_ids(model, SENTENCES[:2])[0].tolist()
    assert model.tag(["Der", "Kreml", "hat", "reagiert", "."])[0] == "ART"
