"""The convolutional NER tagger: layout, windows, Viterbi, gradients, save/load, training on a toy set."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from lagebild.actors.ner_cnn import PAD, CnnConfig, CnnModel, bucket, layout, viterbi_batch, windows
from lagebild.actors.ner_cnn_train import Example, FitOptions, fit_cnn, loss_and_grads, one_hot
from lagebild.actors.ner_features import NerResources
from lagebild.actors.ner_silver import TAGS, decode_soft, encode_soft, viterbi


def test_layout_leaves_zero_rows_between_sentences():
    rows, total = layout([2, 3])
    assert rows.tolist() == [PAD, PAD + 1, 2 * PAD + 2, 2 * PAD + 3, 2 * PAD + 4]
    assert total == 3 * PAD + 5


def test_windows_shift_and_zero_fill():
    x = np.arange(1, 5, dtype=np.float32)[:, None]  # rows 1, 2, 3, 4
    w = windows(x, 1)
    assert w.tolist() == [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0]]


def test_bucket_is_stable():
    assert bucket("w=merkel", 18) == bucket("w=merkel", 18) < 2**18
    assert bucket("w=merkel", 18) != bucket("w=merkels", 18)


def test_batch_viterbi_equals_single_and_respects_iob():
    rng = np.random.default_rng(3)
    lengths = [5, 2, 7]
    lp = np.log(rng.dirichlet(np.ones(len(TAGS)), size=(3, 7))).astype(np.float32)
    paths = viterbi_batch(lp, lengths)
    for s, n in enumerate(lengths):
        assert paths[s].tolist() == viterbi(lp[s, :n])
        tags = [TAGS[i] for i in paths[s]]
        assert not tags[0].startswith("I-")
        for a, b in zip(tags, tags[1:], strict=False):
            assert not b.startswith("I-") or a[2:] == b[2:]


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    d, h1, h2, nu = 3, 4, 3, 5
    P = {"E": rng.normal(size=(nu, d)), "W1": rng.normal(size=(5 * d, h1)), "b1": rng.normal(size=h1) * 0.1,
         "W2": rng.normal(size=(3 * h1, h2)), "b2": rng.normal(size=h2) * 0.1, "Wo": rng.normal(size=(h2, 9)),
         "bo": rng.normal(size=9) * 0.1}
    rows, total = layout([3, 2])
    counts = np.zeros(total, dtype=np.int64)
    counts[rows] = 2
    flat = rng.integers(0, nu, size=int(counts.sum()))
    u, inv = np.unique(flat, return_inverse=True)
    S = csr_matrix((np.ones(len(flat)), inv, np.concatenate([[0], np.cumsum(counts)])), shape=(total, len(u)))
    q = rng.dirichlet(np.ones(9), size=5)
    w = rng.random(5)
    mx = (rng.random((total, d)) < 0.8) / 0.8
    mh = (rng.random((total, h1)) < 0.8) / 0.8
    _, g = loss_and_grads(P, S, u, rows, q, w, mx, mh)
    eps = 1e-6
    for name in ("E", "W1", "W2", "Wo", "b1"):
        ix = (int(u[0]), 1) if name == "E" else tuple(0 for _ in P[name].shape)
        old = P[name][ix]
        P[name][ix] = old + eps
        up, _ = loss_and_grads(P, S, u, rows, q, w, mx, mh)
        P[name][ix] = old - eps
        down, _ = loss_and_grads(P, S, u, rows, q, w, mx, mh)
        P[name][ix] = old
        analytic = g["E"][0, 1] if name == "E" else g[name][ix]
        assert (up - down) / (2 * eps) == pytest.approx(analytic, rel=1e-4, abs=1e-7), name


def test_soft_labels_round_trip():
    probs = np.zeros((3, 9), dtype=np.float32)
    probs[0, 0] = 1.0
    probs[1, [1, 5]] = [0.7, 0.3]
    probs[2, 2] = 0.99
    probs[2, 0] = 0.01
    col = encode_soft(probs)
    assert col == "1:P70,L30"
    back = decode_soft(col, ["O", "B-PER", "I-PER"])
    assert back[1].tolist() == pytest.approx(probs[1].tolist())
    assert back[2].argmax() == 2 and back[2].max() == 1.0
    assert decode_soft("-", ["O"]).tolist() == [[1.0] + [0.0] * 8]


def _toy_resources() -> NerResources:
    res = NerResources("de")
    res.words = {"Berlin": ("locations",), "Merkel": ("person_last",)}
    return res


def test_fit_learns_a_toy_set_and_round_trips(tmp_path):
    sents = [
        (["Merkel", "war", "in", "Berlin", "."], ["B-PER", "O", "O", "B-LOC", "O"]),
        (["In", "Berlin", "sprach", "Merkel", "."], ["O", "B-LOC", "O", "B-PER", "O"]),
        (["Angela", "Merkel", "reiste", "."], ["B-PER", "I-PER", "O", "O"]),
    ]
    examples = [Example(w, one_hot(t)) for w, t in sents] * 8
    res = _toy_resources()
    cfg = CnnConfig(hash_bits=12, dim=8, hidden1=16, hidden2=8)
    model = fit_cnn(examples, res, config=cfg, options=FitOptions(epochs=15, dropout=0.0, lr=1e-2), log=lambda *a: None)
    spans = model.spans(res, [["Merkel", "war", "in", "Berlin", "."], []])
    assert [(s, e, lab) for s, e, lab, _ in spans[0]] == [(0, 1, "PER"), (3, 4, "LOC")]
    assert spans[1] == []
    path = tmp_path / "m.npz"
    model.save(path, meta={"feature_version": "x"})
    again = CnnModel.load(path)
    a = model.probabilities(res, [sents[0][0]])[0]
    b = again.probabilities(res, [sents[0][0]])[0]
    assert np.abs(a - b).max() < 0.05  # int8 embeddings, float16 weights
    twice = fit_cnn(examples, res, config=cfg, options=FitOptions(epochs=15, dropout=0.0, lr=1e-2), log=lambda *a: None)
    assert np.array_equal(twice.W1, model.W1)  # seeded: the same weights
