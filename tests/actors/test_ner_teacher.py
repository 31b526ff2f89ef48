"""The NER training pieces around the teacher: partial labels, IOB Viterbi, label files, completion,
gold-source readers. Small synthetic data; the teacher model itself is never needed here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from lagebild.actors import ner_sources
from lagebild.actors.ner_data import TaggedSentence
from lagebild.actors.ner_silver import (
    TAGS,
    SilverRef,
    TokenHead,
    allowed_tags,
    read_completion,
    viterbi,
    with_context,
    write_completion,
    write_labels,
)
from lagebild.actors.ner_train import complete_labels


def test_allowed_tags_leave_unannotated_classes_open():
    a = allowed_tags(["B-PER", "O"], frozenset({"PER", "ORG", "LOC"}))
    assert [TAGS[i] for i in np.flatnonzero(a[0])] == ["B-PER"]
    assert [TAGS[i] for i in np.flatnonzero(a[1])] == ["O", "B-MISC", "I-MISC"]
    full = allowed_tags(["O"], frozenset({"PER", "ORG", "LOC", "MISC"}))
    assert full.sum() == 1


def test_viterbi_never_opens_with_inside_tag():
    lp = np.log(np.full((3, len(TAGS)), 1e-3))
    lp[0, TAGS.index("I-PER")] = 0.0  # the best single tag is invalid at the start
    lp[1, TAGS.index("I-ORG")] = 0.0
    lp[2, TAGS.index("O")] = 0.0
    path = [TAGS[i] for i in viterbi(lp)]
    assert not path[0].startswith("I-")
    assert all(not t.startswith("I-") or p[2:] == t[2:] for p, t in zip(path, path[1:]))


def test_head_learns_separable_tags_and_partial_labels():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 6)).astype(np.float32)
    tags = ["B-PER" if x[0] > 0.5 else "O" for x in X]
    allowed = allowed_tags(tags, frozenset({"PER", "ORG", "LOC"}))
    for hidden in (0, 8):
        head = TokenHead.fit(X, allowed, epochs=30, seed=1, hidden=hidden, lr=1e-2, batch=16)
        pred = head.logprobs(X).argmax(axis=1)
        acc = np.mean([(TAGS[p] == "B-PER") == (t == "B-PER") for p, t in zip(pred, tags)])
        assert acc > 0.9
    assert with_context(np.ones((3, 800), dtype=np.float32)).shape == (3, 800 + 2 * 384)


def test_head_is_seeded(tmp_path: Path):
    X = np.random.default_rng(0).normal(size=(100, 4)).astype(np.float32)
    allowed = allowed_tags(["O"] * 100, frozenset({"PER", "ORG", "LOC", "MISC"}))
    a = TokenHead.fit(X, allowed, epochs=2, seed=5)
    b = TokenHead.fit(X, allowed, epochs=2, seed=5)
    assert np.array_equal(a.W, b.W)
    a.save(tmp_path / "h.npz")
    assert np.array_equal(TokenHead.load(tmp_path / "h.npz").W, a.W)


def test_label_files_round_trip_without_text(tmp_path: Path):
    path = tmp_path / "c.tsv.gz"
    write_completion(path, {"smartdata_train": [["B-PER", "I-PER", "O"], ["B-MISC"]]}, note="test")
    assert read_completion(path) == {"smartdata_train": [["B-PER", "I-PER", "O"], ["B-MISC"]]}
    silver = tmp_path / "s.tsv.gz"
    write_labels(silver, [(SilverRef("fang", "12", 3, 2), ["B-LOC", "O"], 0.91)], note="test")
    line = gzip.open(silver, "rt", encoding="utf-8").read().splitlines()[1]
    assert line == "fang\t12\t3\t2\tL_\t0.910"  # references and tag codes only


def test_complete_labels_adds_only_missing_classes():
    gold = [TaggedSentence("Die deutsche Bahn in Berlin".split(), ["O", "O", "O", "O", "B-LOC"])]
    teacher = [["O", "B-MISC", "B-ORG", "O", "B-PER"]]
    out = complete_labels(gold, teacher, frozenset({"PER", "ORG", "LOC"}))
    assert out[0].tags == ["O", "B-MISC", "O", "O", "B-LOC"]


def test_smartdata_reader(tmp_path: Path, monkeypatch):
    doc = {"id": "d1", "text": {"string": "Die Bahn AG und der Konzern streiken in Köln."},
           "conceptMentions": {"array": [
               {"span": {"start": 4, "end": 11}, "type": "organization-company"},
               {"span": {"start": 20, "end": 27}, "type": "organization"},  # "Konzern": no name
               {"span": {"start": 40, "end": 44}, "type": "location-city"},
               {"span": {"start": 0, "end": 3}, "type": "date"}]}}
    folder = tmp_path / "smartdata_de"
    folder.mkdir()
    with gzip.open(folder / "train.json.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, indent=2) + "\n" + json.dumps(doc, indent=2))
    monkeypatch.setattr(ner_sources, "_common_noun", lambda: (lambda w: w == "Konzern"))
    sents = ner_sources.GOLD_SOURCES["smartdata_train"].load(tmp_path)
    assert len(sents) == 2
    assert list(zip(sents[0].words, sents[0].tags)) == [
        ("Die", "O"), ("Bahn", "B-ORG"), ("AG", "I-ORG"), ("und", "O"), ("der", "O"), ("Konzern", "O"),
        ("streiken", "O"), ("in", "O"), ("Köln", "B-LOC"), (".", "O")]


def test_europeana_reader_cuts_sentences(tmp_path: Path):
    folder = tmp_path / "europeana_ner_de"
    folder.mkdir()
    (folder / "enp_DE.x.bio").write_text(
        "# file: x\nKaiser B-PER\nWilhelm I-PER\nreiste O\n. O\nIn O\nWien B-LOC\nwar O\nes O\nkalt O\n. O\n"
        "Die O\nZeitung B-MISC\n", encoding="utf-8")
    sents = ner_sources.GOLD_SOURCES["europeana"].load(tmp_path)
    assert [s.words[0] for s in sents] == ["Kaiser", "In", "Die"]
    assert sents[1].tags == ["O", "B-LOC", "O", "O", "O", "O"]
    assert sents[2].tags == ["O", "O"]  # MISC is not annotated there


def test_test_splits_are_never_trained_on(tmp_path: Path):
    from lagebild.actors.ner_train import gold_training_set

    with pytest.raises(ValueError, match="never trained on"):
        gold_training_set(tmp_path, ["germeval_test"], completion=None, seed=1)


def test_reserved_ids_are_skipped(tmp_path: Path):
    folder = tmp_path / "fang_covid_de_news"
    folder.mkdir()
    (folder / "RESERVED_IDS.txt").write_text("# reserved\n7\n", encoding="utf-8")
    (folder / "fang_covid_sample.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "header": "h", "article": "a"}) for i in (6, 7, 8)) + "\n", encoding="utf-8")
    assert [r["id"] for r in ner_sources.fang_records(tmp_path)] == [6, 8]


@pytest.mark.parametrize(
    ("mention", "expected"),
    [({"label": "PER"}, "PER"), ({"label": "LOC", "deriv": True}, "MISC"), ({"label": "ORG", "part": True}, "MISC"),
     ({"label": "OTH"}, "MISC"), ({"label": "ORG", "deriv": False}, "ORG")],
)
def test_entity_set_labels_fold_like_germeval(mention, expected):
    assert ner_sources.entity_label(mention) == expected


def test_entity_set_reader_maps_char_spans_to_tokens(monkeypatch):
    text = "Die Nato-Truppen und Wladimir Putin sprachen über russische Pläne."
    rec = {"doc": "wn-1", "sent": 0, "start": 100, "end": 100 + len(text), "text": text, "entities": [
        {"span": [104, 108], "label": "ORG", "part": True},  # "Nato" inside "Nato-Truppen": the whole word
        {"span": [121, 135], "label": "PER"},
        {"span": [149, 158], "label": "LOC", "deriv": True}]}
    import lagebild.eval.data as data

    monkeypatch.setattr(data, "load", lambda name, split, shared=None: [dict(rec)])
    (sent,) = ner_sources.GOLD_SOURCES["entities_dev"].load(Path("."))
    assert [(w, t) for w, t in zip(sent.words, sent.tags, strict=True) if t != "O"] == [
        ("Nato-Truppen", "B-MISC"), ("Wladimir", "B-PER"), ("Putin", "I-PER"), ("russische", "B-MISC")]


def test_entity_set_dev_and_test_are_never_trained_on(tmp_path: Path):
    from lagebild.actors.ner_train import gold_training_set

    for name in ("entities_dev", "entities_test"):
        with pytest.raises(ValueError, match="never trained on"):
            gold_training_set(tmp_path, [name], completion=None, seed=1)


def test_soft_labels_are_a_seventh_column(tmp_path: Path):
    from lagebild.actors.ner_silver import read_silver_soft

    probs = np.zeros((3, len(TAGS)), dtype=np.float32)
    probs[0, [TAGS.index("B-LOC"), TAGS.index("B-ORG")]] = [0.6, 0.4]
    probs[1:, 0] = 1.0
    silver = tmp_path / "s.tsv.gz"
    write_labels(silver, [(SilverRef("fang", "12", 0, 3), ["B-LOC", "O", "O"], 0.6, probs)], note="test")
    line = gzip.open(silver, "rt", encoding="utf-8").read().splitlines()[1]
    assert line == "fang\t12\t0\t3\tL__\t0.600\t0:L60,O40"
    folder = tmp_path / "fang_covid_de_news"
    folder.mkdir()
    (folder / "fang_covid_sample.jsonl").write_text(json.dumps({"id": 12, "header": "", "article": "Moskau ruft."}) + "\n",
                                                   encoding="utf-8")
    (tmp_path / "10kgnad").mkdir()
    (tmp_path / "10kgnad" / "test.csv").write_text("", encoding="utf-8")
    ((sent, soft),) = read_silver_soft(silver, tmp_path)
    assert sent.words == ["Moskau", "ruft", "."]
    assert soft[0, TAGS.index("B-LOC")] == pytest.approx(0.6) and soft[1, 0] == 1.0
