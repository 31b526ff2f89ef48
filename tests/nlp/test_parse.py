"""The Parse stage with the shipped model: contract, trees, hand-checked analyses, morphology."""

from __future__ import annotations

import pickle

import pytest

from lagebild.model import Article
from lagebild.nlp import default_stages
from lagebild.nlp.parse import Parse
from lagebild.nlp.syntax import Syntax, konjunktiv
from lagebild.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline([*default_stages(), Parse()])


def analyse(pipe: Pipeline, text: str) -> Article:
    return pipe.process(Article(text=text, language="de"))


def arcs(art: Article) -> dict[str, tuple[str, str]]:
    """word → (head word or ROOT, relation); words are unique in the test sentences."""
    out = {}
    for t in art.tokens:
        head = art.token_text(art.tokens[t.head]) if t.head >= 0 else "ROOT"
        out[art.token_text(t)] = (head, t.rel)
    return out


# (sentence, {dependent: (head, relation)}) — UD German conventions: the content verb heads the
# clause, auxiliaries and the copula hang below it, prepositions below their noun
ARC_TABLE = [
    ("Die Regierung hat den Vorschlag abgelehnt.",
     {"Regierung": ("abgelehnt", "nsubj"), "hat": ("abgelehnt", "aux"), "Vorschlag": ("abgelehnt", "obj"),
      "den": ("Vorschlag", "det"), "abgelehnt": ("ROOT", "root"), ".": ("abgelehnt", "punct")}),
    ("Der Minister sagte, die Lage sei ernst.",
     {"Minister": ("sagte", "nsubj"), "sagte": ("ROOT", "root"), "ernst": ("sagte", "ccomp"),
      "sei": ("ernst", "cop"), "Lage": ("ernst", "nsubj")}),
    ("Die Truppen wurden an die Grenze verlegt.",
     {"Truppen": ("verlegt", "nsubj:pass"), "wurden": ("verlegt", "aux:pass"), "Grenze": ("verlegt", "obl"),
      "an": ("Grenze", "case"), "verlegt": ("ROOT", "root")}),
    ("Peskow sagte, Russland werde nicht angreifen.",
     {"Peskow": ("sagte", "nsubj"), "angreifen": ("sagte", "ccomp"), "Russland": ("angreifen", "nsubj"),
      "werde": ("angreifen", "aux"), "nicht": ("angreifen", "advmod")}),
    ("Im Januar trafen sich die Außenminister.",
     {"Im": ("Januar", "case"), "Januar": ("trafen", "obl"), "Außenminister": ("trafen", "nsubj"),
      "trafen": ("ROOT", "root")}),
    ("Die USA wiesen die Forderungen zurück.",
     {"USA": ("wiesen", "nsubj"), "Forderungen": ("wiesen", "obj"), "zurück": ("wiesen", "compound:prt")}),
    ("Die USA wiesen die Forderungen Russlands zurück.", {"Russlands": ("Forderungen", "nmod")}),
    pytest.param("Der Präsident Frankreichs kritisierte die Politik.", {"Frankreichs": ("Präsident", "nmod")},
                 marks=pytest.mark.xfail(strict=True, reason="known error: a genitive name after its noun "
                                         "is sometimes read as an apposition (docs/parser.md)")),
]


@pytest.mark.parametrize(("text", "expected"), ARC_TABLE)
def test_arcs(pipe: Pipeline, text: str, expected: dict[str, tuple[str, str]]) -> None:
    got = arcs(analyse(pipe, text))
    assert {w: got[w] for w in expected} == expected


@pytest.mark.parametrize(
    ("text", "word", "features"),
    [
        ("Der Minister sagte, die Lage sei ernst.", "sei", {"Mood": "Sub", "Tense": "Pres", "Person": "3"}),
        ("Der Minister sagte, die Lage sei ernst.", "sagte", {"Mood": "Ind", "Tense": "Past", "VerbForm": "Fin"}),
        ("Peskow sagte, Russland werde nicht angreifen.", "werde", {"Mood": "Sub"}),
        ("Die Regierung hat den Vorschlag abgelehnt.", "Vorschlag", {"Case": "Acc", "Number": "Sing"}),
        ("Die Regierung hat den Vorschlag abgelehnt.", "abgelehnt", {"VerbForm": "Part"}),
        ("Wenn er Zeit hätte, käme er.", "hätte", {"Mood": "Sub", "Tense": "Past"}),
    ],
)
def test_morphology(pipe: Pipeline, text: str, word: str, features: dict[str, str]) -> None:
    art = analyse(pipe, text)
    tok = next(t for t in art.tokens if art.token_text(t) == word)
    got = dict(kv.split("=") for kv in tok.feats.split("|") if kv)
    assert {k: got.get(k) for k in features} == features


def test_konjunktiv_helpers_on_a_parse(pipe: Pipeline) -> None:
    art = analyse(pipe, "Peskow sagte, Russland werde nicht angreifen.")
    syn = Syntax(art)
    verb = next(i for i, t in enumerate(art.tokens) if art.token_text(t) == "angreifen")
    werde = next(t for t in art.tokens if art.token_text(t) == "werde")
    assert konjunktiv(werde) == "I" and syn.konjunktiv(verb) == "I"
    assert art.token_text(art.tokens[syn.subject(verb)]) == "Russland"


def test_stage_contract_and_trees(pipe: Pipeline) -> None:
    stage = Parse()
    assert stage.requires == ("tokens", "pos", "lemmas")
    assert set(stage.assigns) == {"heads", "relations", "morph"}
    text = ("Die Nato bot Gespräche an. Russland lehnte ab, hieß es am Abend in Moskau.\n\n"
            "Überschrift ohne Verb\n\nDer Kreml, der die Vorwürfe zurückwies, sprach von einer Provokation.")
    art = analyse(pipe, text)
    assert art.done[-1] == "parse"
    for s in range(len(art.sentences)):
        members = [i for i, t in enumerate(art.tokens) if t.sent == s]
        roots = [i for i in members if art.tokens[i].head == -1]
        assert len(roots) == 1 and art.tokens[roots[0]].rel == "root"
        for i in members:
            t = art.tokens[i]
            assert t.rel
            if t.head >= 0:
                assert art.tokens[t.head].sent == s and t.head != i and t.rel != "root"
            seen, k = set(), i
            while k != -1:  # every token reaches the root: no cycles
                assert k not in seen
                seen.add(k)
                k = art.tokens[k].head
    row = art.to_dict(tokens=True)["tokens"][0]
    assert len(row) == 7 and row[4:6] == [art.tokens[0].head, art.tokens[0].rel]


def test_stage_skips_empty_articles_and_pickles() -> None:
    stage = Parse()
    art = Article(text="", language="de")
    assert stage(art).tokens == []
    again = pickle.loads(pickle.dumps(stage))
    assert again.model_path == stage.model_path


def test_model_pickles_for_worker_processes(pipe: Pipeline) -> None:
    model = Parse().model
    clone = pickle.loads(pickle.dumps(model))
    words = [["Die", "Nato", "bot", "Gespräche", "an", "."]]
    tags = [["ART", "NE", "VVFIN", "NN", "PTKVZ", "$."]]
    lemmas = [["die", "Nato", "bieten", "Gespräch", "an", "."]]
    assert clone.parse(words, tags, lemmas) == model.parse(words, tags, lemmas)


def test_default_run_pipeline_parses_after_tagging() -> None:
    from lagebild.run import build_stages

    names = [st.name for st in build_stages()]
    assert names.index("parse") == names.index("tag") + 1
    Pipeline(build_stages())  # the order check passes
