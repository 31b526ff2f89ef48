"""NER: the shipped CRF model loads and tags, offsets are right, errors name the fix, eval gate."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from lagebild.actors.ner import NerStage, NerTagger, model_path
from lagebild.actors.ner_data import fold4, fold_tags, holdout_split, read_germeval, spans_from_tags
from lagebild.actors.ner_features import NerResources, sentence_features, shape
from lagebild.errors import ModelMissingError
from lagebild.eval.ner import evaluate, format_report, score_spans
from lagebild.model import Article, Sentence, Token

needs_model = pytest.mark.skipif(
    not model_path("de").is_file(), reason="no NER model: build it with `make train-ner`"
)


def _article(text: str) -> Article:
    """An article with one sentence per line and whitespace/punctuation tokens."""
    a = Article(text=text)
    for si, m in enumerate(re.finditer(r"[^\n]+", a.text)):
        a.sentences.append(Sentence(m.start(), m.end()))
        for t in re.finditer(r"\w+(?:[-.]\w+)*|[^\w\s]", m.group()):
            a.tokens.append(Token(m.start() + t.start(), m.start() + t.end(), sent=si))
    return a


# ------------------------------------------------------------------ data helpers
@pytest.mark.parametrize(
    ("tags", "classes", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], 12, [(0, 2, "PER"), (3, 4, "LOC")]),
        (["B-LOCderiv", "O", "B-ORGpart", "I-ORGpart"], 4, [(0, 1, "MISC"), (2, 4, "MISC")]),
        (["I-ORG", "I-ORG", "B-ORG"], 4, [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-OTH", "I-PER"], 12, [(0, 1, "OTH"), (1, 2, "PER")]),
        (["O", "O"], 4, []),
    ],
)
def test_spans_from_tags(tags, classes, expected):
    assert spans_from_tags(tags, classes=classes) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [("PER", "PER"), ("ORG", "ORG"), ("LOC", "LOC"), ("OTH", "MISC"), ("LOCderiv", "MISC"), ("PERpart", "MISC")],
)
def test_fold4(label, expected):
    assert fold4(label) == expected


def test_fold_tags_keeps_adjacent_spans_apart():
    assert fold_tags(["B-OTH", "B-LOCderiv", "I-LOCderiv"]) == ["B-MISC", "B-MISC", "I-MISC"]


def test_read_germeval_and_holdout(tmp_path: Path):
    p = tmp_path / "g.tsv"
    p.write_text(
        "#\thttp://x\t[2009]\n1\tAngela\tB-PER\tO\n2\tMerkel\tI-PER\tO\n3\tlacht\tO\tO\n\n"
        "#\thttp://y\t[2009]\n1\tin\tO\tO\n2\tBerlin\tB-LOC\tO\n",
        encoding="utf-8",
    )
    sents = read_germeval(p)
    assert [s.words for s in sents] == [["Angela", "Merkel", "lacht"], ["in", "Berlin"]]
    assert sents[1].source == "http://y"
    a, b = holdout_split(sents * 5, fraction=0.2, seed=1)
    assert (len(a), len(b)) == (8, 2)
    assert holdout_split(sents * 5, fraction=0.2, seed=1) == (a, b)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Merkel", "Xx"), ("EU-Staaten", "X-Xx"), ("2010", "d"), ("SPD", "X"), ("über", "x"), ("Łódź", "Xx"), ("3-7776", "d-d"), ("A.", "X.")],
)
def test_shape(word, expected):
    assert shape(word) == expected


# ------------------------------------------------------------------ scorer
@pytest.mark.parametrize(
    ("gold", "pred", "f1"),
    [
        ([[(0, 2, "PER")]], [[(0, 2, "PER")]], 1.0),
        ([[(0, 2, "PER")]], [[(0, 1, "PER")]], 0.0),  # strict: boundaries must match
        ([[(0, 2, "PER")]], [[(0, 2, "ORG")]], 0.0),
        ([[(0, 2, "PER"), (3, 4, "LOC")]], [[(0, 2, "PER")]], 0.6667),
        ([[]], [[]], 0.0),
    ],
)
def test_score_spans(gold, pred, f1):
    assert score_spans(gold, pred)["overall"]["f1"] == f1


# ------------------------------------------------------------------ the model
def test_missing_model_names_make_target(tmp_path: Path):
    tagger = NerTagger(path=tmp_path / "ner-xx.crfsuite")
    with pytest.raises(ModelMissingError, match="make train-ner"):
        tagger.tag_tokens(["Berlin"])


def test_stale_model_names_make_target(tmp_path: Path):
    model = tmp_path / "ner-xx.crfsuite"
    model.write_bytes(b"")
    model.with_suffix(".json").write_text('{"feature_version": "0"}', encoding="utf-8")
    with pytest.raises(ModelMissingError, match="make train-ner"):
        NerTagger(path=model).tag_tokens(["Berlin"])


def test_tagger_and_stage_pickle():
    tagger = pickle.loads(pickle.dumps(NerTagger()))
    assert tagger.path == model_path("de")
    stage = pickle.loads(pickle.dumps(NerStage()))
    assert (stage.name, stage.requires, stage.assigns) == ("ner", ("tokens",), ("ner",))


@needs_model
def test_features_cover_gazetteers_and_clusters():
    res = NerResources.load("de")
    feats = sentence_features(res, ["Er", "flog", "nach", "New", "York", "zur", "Deutschen", "Bank", "."])
    assert "gB=locations" in feats[3] and "gI=locations" in feats[4]
    assert "g=first_names" in sentence_features(res, ["Angela"])[0]
    assert any(f.startswith("c0=") for f in feats[1])


SENTENCES = [
    (
        "Angela Merkel traf in Paris Vertreter der Vereinten Nationen .",
        [("Angela Merkel", "PER"), ("Paris", "LOC"), ("Vereinten Nationen", "ORG")],
    ),
    ("Der russische Präsident Wladimir Putin sprach in Moskau .", [("Wladimir Putin", "PER"), ("Moskau", "LOC")]),
    ("Die SPD will mit der CDU über den Haushalt verhandeln .", [("SPD", "ORG"), ("CDU", "ORG")]),
    ("Siemens hat seinen Sitz in München .", [("Siemens", "ORG"), ("München", "LOC")]),
    ("Die Bundesregierung in Berlin lehnt den Vorschlag ab .", [("Berlin", "LOC")]),
    ("Er liest gern Bücher und trinkt Kaffee am Abend .", []),
]


@needs_model
@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_tag_tokens(sentence, expected):
    words = sentence.split()
    got = {(" ".join(words[s:e]), lab) for s, e, lab in NerTagger().tag_tokens(words)}
    for item in expected:
        assert item in got, f"{item} not in {got}"
    if not expected:
        assert got == set()


@needs_model
def test_tag_article_offsets_and_stage():
    text = "Angela Merkel reiste am Montag nach Paris.\nDort traf sie Emmanuel Macron."
    a = _article(text)
    NerStage()(a)
    found = {(a.span_text(e.start, e.end), e.label) for e in a.entities}
    assert {("Angela Merkel", "PER"), ("Paris", "LOC"), ("Emmanuel Macron", "PER")} <= found
    for e in a.entities:
        assert e.source == "ner"
        assert 0.0 < e.confidence <= 1.0
        assert a.text[e.start : e.end] == a.text[e.start : e.end].strip()


# ------------------------------------------------------------------ eval gate
#: floors on the first 500 sentences of GermEval 2014 test and on SmartData test (reporting only;
#: never tuned on). Measured values are in docs/ner.md; floors sit a little below them and only
#: rise on purpose.
FLOOR_GERMEVAL_500 = 0.575
FLOOR_PER_500 = 0.66


@needs_model
def test_eval_gate_germeval_test_slice(shared_dir: Path):
    result = evaluate("test", data_dir=shared_dir / "data" / "germeval2014_ner", limit=500)
    assert result["sentences"] == 500
    assert format_report(result).startswith("GermEval 2014 test")
    assert result["overall"]["f1"] >= FLOOR_GERMEVAL_500, format_report(result)
    assert result["per_class"]["PER"]["f1"] >= FLOOR_PER_500, format_report(result)


@needs_model
def test_training_is_deterministic(tmp_path: Path):
    from lagebild.actors.ner_data import TaggedSentence
    from lagebild.actors.ner_train import train_crf

    sents = [
        TaggedSentence("Angela Merkel besucht Paris .".split(), ["B-PER", "I-PER", "O", "B-LOC", "O"]),
        TaggedSentence("Die SPD tagt in Bonn .".split(), ["O", "B-ORG", "O", "O", "B-LOC", "O"]),
        TaggedSentence("Er isst deutsche Äpfel .".split(), ["O", "O", "B-LOCderiv", "O", "O"]),
    ] * 3
    res = NerResources.load("de")
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    train_crf(sents, a, res=res, c1=0.0, c2=0.01, max_iter=30)
    train_crf(sents, b, res=res, c1=0.0, c2=0.01, max_iter=30)
    assert a.read_bytes() == b.read_bytes()
    tagger = NerTagger(path=a, gazetteer_rules=False)
    assert tagger.tag_tokens("Angela Merkel besucht Paris .".split(), fine=True) == [(0, 2, "PER"), (3, 4, "LOC")]


# ------------------------------------------------------------------ document-level consistency
@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # a surname of a tagged full name is tagged where the model missed it
        ("Angela Merkel lacht . Merkel geht .", [(0, 13, "PER")], [("Merkel", 22, "PER")]),
        # a single-token name keeps its label
        ("Siemens wächst . Siemens spart .", [(0, 7, "ORG")], [("Siemens", 17, "ORG")]),
        # a form tagged with two labels is ambiguous: nothing is added
        ("Paris ruft . Paris Hilton lacht . Paris", [(0, 5, "LOC"), (12, 24, "PER")], []),
        # already covered tokens and lowercase words are not touched
        ("Angela Merkel und Merkel .", [(0, 13, "PER"), (18, 24, "PER")], []),
        ("Die EU und die eu .", [(4, 6, "ORG")], []),
    ],
)
def test_propagate_names(text, tagged, expected):
    from lagebild.actors.ner import propagate_names
    from lagebild.model import Entity

    a = _article(text)
    ents = [Entity(start=s, end=e, label=lab, source="ner", confidence=0.9) for s, e, lab in tagged]
    got = [(a.text[e.start : e.end], e.start, e.label) for e in propagate_names(a.text, a.tokens, ents)]
    assert got == expected


def test_consistency_can_be_switched_off():
    assert NerTagger(consistency=False).consistency is False
    assert "consistency=True" in repr(NerTagger())



@pytest.mark.parametrize(
    ("name", "expected"),
    [("Vereinte Nationen", "Vereinte_Nationen"), ("EU", "EU"), ("Afghanistan (Regierung)", None), ("von Bergen", None)],
)
def test_kb_gazetteer_entry(name, expected):
    from lagebild.actors.ner_train import _entry

    assert _entry(name) == expected


# ------------------------------------------------------------------ derivation rule (country adjectives, demonyms)
@pytest.mark.parametrize(
    ("form", "expected"),
    [("russische", True), ("usbekischen", True), ("Russen", True), ("Ukrainerin", True), ("Russland", False),
     ("Russische", False), ("Haus", False)],
)
def test_derivations_from_kb(form, expected):
    from lagebild.actors.ner import derivations

    assert (form in derivations("de")) is expected


def test_derivations_without_kb_is_empty():
    from lagebild.actors.ner import derivations

    assert derivations("xx") == frozenset()


@needs_model
@pytest.mark.parametrize(
    ("sentence", "index"),
    [("Die usbekischen und kirgisischen Behörden widersprachen .", 1),
     ("Die usbekischen und kirgisischen Behörden widersprachen .", 3),
     ("Viele Usbeken arbeiten im Ausland .", 1)],
)
def test_derivation_rule_tags_country_adjectives(sentence, index):
    words = sentence.split()
    fine = NerTagger().tag_tokens(words, fine=True)
    assert (index, index + 1, "LOCderiv") in fine or (index, index + 1, "MISC") in fine  # rule or model
    assert (index, index + 1, "MISC") in NerTagger().tag_tokens(words)
