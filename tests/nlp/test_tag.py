"""POS tags and lemmas (fast engine; HanTa engine on one sentence)."""

from __future__ import annotations

import pickle

import pytest

from lagebild.model import Article
from lagebild.nlp import Tag, Tokenize, default_stages
from lagebild.nlp.lemma import Lemmatizer
from lagebild.pipeline import Pipeline


@pytest.fixture(scope="module")
def tokenize() -> Tokenize:
    return Tokenize()


@pytest.fixture(scope="module")
def tag() -> Tag:
    return Tag()


def analyse(tokenize: Tokenize, tag: Tag, text: str) -> dict[str, tuple[str, str]]:
    art = tag(tokenize(Article(text=text, language="de")))
    return {art.token_text(t): (t.pos, t.lemma) for t in art.tokens}


# (sentence, {token: expected STTS tag}) — only unambiguous tokens are checked
POS_TABLE = [
    ("In Moskau hat der Kreml verhalten auf die Antworten reagiert.",
     {"In": "APPR", "Moskau": "NE", "hat": "VAFIN", "der": "ART", "auf": "APPR", "Antworten": "NN",
      "reagiert": "VVPP", ".": "$."}),
    ("«Es gibt keine positive Reaktion», sagte Lawrow.",
     {"«": "$(", "Es": "PPER", "gibt": "VVFIN", "positive": "ADJA", "Reaktion": "NN", "»": "$(", ",": "$,",
      "sagte": "VVFIN"}),
    ("„Wir sind bereit, uns die Sorgen anzuhören“, sagte Stoltenberg.",
     {"Wir": "PPER", "sind": "VAFIN", "bereit": "ADJD", "Sorgen": "NN", "anzuhören": "VVIZU"}),
    ("Russland werde den USA eine Anfrage schicken, kündigte Lawrow an.",
     {"Russland": "NE", "werde": "VAFIN", "schicken": "VVINF", "kündigte": "VVFIN", "an": "PTKVZ"}),
    ("Die Regierung will die Maßnahmen verlängern, weil die Zahlen steigen.",
     {"Regierung": "NN", "will": "VMFIN", "verlängern": "VVINF", "weil": "KOUS", "steigen": "VVFIN"}),
    ("Er hat nicht gesagt, dass er kommen könne.",
     {"Er": "PPER", "nicht": "PTKNEG", "gesagt": "VVPP", "dass": "KOUS", "könne": "VMFIN"}),
    ("Im Bundestag stimmten 400 Abgeordnete für das Gesetz.",
     {"Im": "APPRART", "Bundestag": "NN", "stimmten": "VVFIN", "400": "CARD", "für": "APPR", "Gesetz": "NN"}),
]


@pytest.mark.parametrize(("text", "expected"), POS_TABLE)
def test_pos(tokenize: Tokenize, tag: Tag, text: str, expected: dict[str, str]) -> None:
    got = analyse(tokenize, tag, text)
    assert {w: got[w][0] for w in expected} == expected


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("Die Nato und die USA hatten geantwortet.", "hatten", "haben"),
        ("Die Nato und die USA hatten geantwortet.", "geantwortet", "antworten"),
        ("Sie haben die Forderungen der Staaten gehört.", "Forderungen", "Forderung"),
        ("Sie haben die Forderungen der Staaten gehört.", "Staaten", "Staat"),
        ("Sie haben die Forderungen der Staaten gehört.", "gehört", "hören"),
        ("Er erkenne darin die Bereitschaft des Gesprächs.", "erkenne", "erkennen"),
        ("Er erkenne darin die Bereitschaft des Gesprächs.", "Gesprächs", "Gespräch"),
        ("Moskau hat massiv Truppen zusammengezogen.", "zusammengezogen", "zusammenziehen"),
        ("Er sei bereit.", "sei", "sein"),
        ("Die russischen Soldaten kamen.", "russischen", "russisch"),
        ("Die russischen Soldaten kamen.", "kamen", "kommen"),
        ("Sagte er das?", "Sagte", "sagen"),
    ],
)
def test_lemmas(tokenize: Tokenize, tag: Tag, text: str, word: str, lemma: str) -> None:
    assert analyse(tokenize, tag, text)[word][1] == lemma


@pytest.mark.parametrize(
    ("word", "pos", "lemma"),
    [("Lawrows", "NE", "Lawrows"), ("3,5", "CARD", "3,5"), (".", "$.", "."), ("Die", "ART", "der"),
     ("Im", "APPRART", "in"), ("zur", "APPRART", "zu"), ("Forderungen", "NN", "Forderung")],
)
def test_lemmatizer_rules(word: str, pos: str, lemma: str) -> None:
    assert Lemmatizer(language="de").lemma(word, pos) == lemma


def test_quote_glyphs_do_not_derail_the_next_tag(tokenize: Tokenize, tag: Tag) -> None:
    got = analyse(tokenize, tag, "«Natürlich braucht es Zeit», sagte er. „Wir haben Zeit“, sagte sie.")
    assert got["Natürlich"][0] == "ADV"
    assert got["Wir"][0] == "PPER"


def test_hanta_engine(tokenize: Tokenize) -> None:
    got = analyse(tokenize, Tag(engine="hanta"), "«Sie haben es gelesen», sagte Peskow.")
    assert got["haben"] == ("VAFIN", "haben")
    assert got["gelesen"] == ("VVPP", "lesen")
    assert got["«"][0] == "$("


def test_unknown_engine_is_explained() -> None:
    with pytest.raises(Exception, match="fast"):
        Tag(engine="spacy")


def test_default_stages_make_a_valid_pipeline() -> None:
    pipe = Pipeline(default_stages())
    art = pipe.process(Article(text="Der Kreml hat verhalten reagiert. Lawrow sagte, es gebe keine Reaktion."))
    assert art.language == "de"
    assert art.done == ["language", "tokenize", "tag"]
    assert len(art.sentences) == 2
    assert all(t.pos and t.lemma for t in art.tokens)
    clone = pickle.loads(pickle.dumps(pipe.stages))
    assert [type(s).__name__ for s in clone] == ["LanguageId", "Tokenize", "Tag"]


def test_other_languages_are_not_tokenised() -> None:
    pipe = Pipeline(default_stages())
    art = pipe.process(Article(text="Le Kremlin a réagi avec prudence aux réponses de l'OTAN et des États-Unis."))
    assert art.language == "fr"
    assert art.tokens == []


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("KOUS ART NN VVINF $.", "KOUS ART NN VVFIN $."),  # weil die Zahlen steigen .
        ("KOUS PPER VVINF VMINF $.", "KOUS PPER VVINF VMFIN $."),  # weil sie steigen wollen .
        ("KOUS PPER VVPP VAFIN $.", "KOUS PPER VVPP VAFIN $."),  # dass er gekommen ist .
        ("PPER VMFIN VVINF $.", "PPER VMFIN VVINF $."),  # main clause untouched
        ("KOUS PPER PTKZU VVINF $,", "KOUS PPER PTKZU VVINF $,"),  # zu-infinitive untouched
        ("NN $, PRELS VVINF $, VVFIN", "NN $, PRELS VVFIN $, VVFIN"),  # relative clause
        ("KOUS ART NN VVINF KON ART NN VVINF $.", "KOUS ART NN VVFIN KON ART NN VVINF $."),
    ],
)
def test_finite_clause_rule(tags: str, expected: str) -> None:
    from lagebild.nlp.clause import FiniteClauseRule

    assert " ".join(FiniteClauseRule(language="de").apply(tags.split())) == expected
