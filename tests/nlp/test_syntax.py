"""Syntax accessors over hand-built parses (no model involved: the trees are written here)."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Sentence, Token
from lagebild.nlp.syntax import Syntax, clause_subject, feature, feats, konjunktiv


def build(rows: list[tuple[str, str, int, str, str]]) -> Article:
    """One-sentence article from ``(word, STTS, head (1-based, 0 = root), relation, feats)`` rows."""
    text = ""
    tokens = []
    for word, pos, head, rel, fts in rows:
        if text and word not in ".,":
            text += " "
        start = len(text)
        text += word
        tokens.append(Token(start, len(text), pos=pos, lemma=word.lower(), head=head - 1, rel=rel, feats=fts))
    art = Article(text=text, language="de")
    art.sentences = [Sentence(0, len(text))]
    art.tokens = tokens
    return art


FIN_SUB_PRES = "Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"

# Der Minister sagte, Russland habe die Truppen abgezogen und werde verhandeln.
REPORTED = build([
    ("Der", "ART", 2, "det", "Case=Nom"),
    ("Minister", "NN", 3, "nsubj", "Case=Nom|Number=Sing"),
    ("sagte", "VVFIN", 0, "root", "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"),
    (",", "$,", 9, "punct", ""),
    ("Russland", "NE", 9, "nsubj", "Case=Nom"),
    ("habe", "VAFIN", 9, "aux", FIN_SUB_PRES),
    ("die", "ART", 8, "det", "Case=Acc"),
    ("Truppen", "NN", 9, "obj", "Case=Acc|Number=Plur"),
    ("abgezogen", "VVPP", 3, "ccomp", "VerbForm=Part"),
    ("und", "KON", 12, "cc", ""),
    ("werde", "VAFIN", 12, "aux", FIN_SUB_PRES),
    ("verhandeln", "VVINF", 9, "conj", "VerbForm=Inf"),
    (".", "$.", 3, "punct", ""),
])

# Die Soldaten wurden von der Armee an die Grenze verlegt, hätte man gedacht.
PASSIVE = build([
    ("Die", "ART", 2, "det", ""),
    ("Soldaten", "NN", 10, "nsubj:pass", "Case=Nom|Number=Plur"),
    ("wurden", "VAFIN", 10, "aux:pass", "Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin"),
    ("von", "APPR", 6, "case", ""),
    ("der", "ART", 6, "det", ""),
    ("Armee", "NN", 10, "obl:agent", "Case=Dat"),
    ("an", "APPR", 9, "case", ""),
    ("die", "ART", 9, "det", ""),
    ("Grenze", "NN", 10, "obl", "Case=Acc"),
    ("verlegt", "VVPP", 0, "root", "VerbForm=Part"),
    (",", "$,", 14, "punct", ""),
    ("hätte", "VAFIN", 14, "aux", "Mood=Sub|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"),
    ("man", "PIS", 14, "nsubj", "Case=Nom"),
    ("gedacht", "VVPP", 10, "parataxis", "VerbForm=Part"),
    (".", "$.", 10, "punct", ""),
])


def idx(art: Article, word: str) -> int:
    return next(i for i, t in enumerate(art.tokens) if art.token_text(t) == word)


def test_children_and_heads() -> None:
    syn = Syntax(REPORTED)
    sagte = idx(REPORTED, "sagte")
    assert [REPORTED.token_text(REPORTED.tokens[k]) for k in syn.children(sagte)] == ["Minister", "abgezogen", "."]
    assert syn.children(sagte, {"nsubj"}) == [idx(REPORTED, "Minister")]
    assert syn.head(sagte) is None and syn.head(idx(REPORTED, "Minister")) == sagte
    assert syn.ancestors(idx(REPORTED, "die")) == [idx(REPORTED, "Truppen"), idx(REPORTED, "abgezogen"), sagte]
    assert syn.parsed


@pytest.mark.parametrize(
    ("word", "subject"),
    [
        ("sagte", "Minister"),
        ("habe", "Russland"),  # an auxiliary speaks for its content verb
        ("abgezogen", "Russland"),
        ("verhandeln", "Russland"),  # coordinated verb without its own subject shares the first one's
        ("Truppen", None),  # a noun heads no clause of its own
    ],
)
def test_subject(word: str, subject: str | None) -> None:
    syn = Syntax(REPORTED)
    got = syn.subject(idx(REPORTED, word))
    assert (REPORTED.token_text(REPORTED.tokens[got]) if got is not None else None) == subject
    assert clause_subject(REPORTED, idx(REPORTED, word)) == got


def test_objects_predicate_and_verb_group() -> None:
    syn = Syntax(REPORTED)
    habe = idx(REPORTED, "habe")
    assert syn.predicate(habe) == idx(REPORTED, "abgezogen")
    assert syn.objects(habe) == [idx(REPORTED, "Truppen")]
    assert syn.verb_group(habe) == [habe, idx(REPORTED, "abgezogen")]
    assert syn.finite_verb(idx(REPORTED, "abgezogen")) == habe


@pytest.mark.parametrize(
    ("art", "word", "expected"),
    [
        (REPORTED, "sagte", None),
        (REPORTED, "abgezogen", "I"),  # read off its finite auxiliary "habe"
        (REPORTED, "verhandeln", "I"),
        (PASSIVE, "gedacht", "II"),
        (PASSIVE, "verlegt", None),
    ],
)
def test_clause_konjunktiv(art: Article, word: str, expected: str | None) -> None:
    assert Syntax(art).konjunktiv(idx(art, word)) == expected


def test_token_konjunktiv_and_feats() -> None:
    habe = REPORTED.tokens[idx(REPORTED, "habe")]
    assert konjunktiv(habe) == "I"
    assert konjunktiv(PASSIVE.tokens[idx(PASSIVE, "hätte")]) == "II"
    assert konjunktiv(REPORTED.tokens[idx(REPORTED, "sagte")]) is None
    assert feature(habe, "Person") == "3" and feature(habe, "Case") is None
    assert feats(Token(0, 1)) == {}


def test_subject_hung_on_an_auxiliary_is_found() -> None:
    # Sie haben gestern abgelehnt — the subject attached to the auxiliary (a parse error seen in news)
    art = build([
        ("Sie", "PPER", 2, "nsubj", "Case=Nom"),
        ("haben", "VAFIN", 4, "aux", "Mood=Ind|VerbForm=Fin"),
        ("gestern", "ADV", 4, "advmod", ""),
        ("abgelehnt", "VVPP", 0, "root", "VerbForm=Part"),
    ])
    syn = Syntax(art)
    assert syn.subject(3) == 0 and syn.subject(1) == 0
    assert syn.group_children(3, {"advmod"}) == [2]


def test_passive() -> None:
    syn = Syntax(PASSIVE)
    assert syn.is_passive(idx(PASSIVE, "verlegt"))
    assert syn.is_passive(idx(PASSIVE, "wurden"))
    assert not syn.is_passive(idx(PASSIVE, "gedacht"))
    assert not Syntax(REPORTED).is_passive(idx(REPORTED, "abgezogen"))


def test_paths() -> None:
    syn = Syntax(REPORTED)
    a, b = idx(REPORTED, "Russland"), idx(REPORTED, "Truppen")
    assert syn.path(a, b) == [a, idx(REPORTED, "abgezogen"), b]
    assert syn.path_relations(a, b) == ["nsubj↑", "obj↓"]
    assert syn.path_relations(idx(REPORTED, "Minister"), b) == ["nsubj↑", "ccomp↓", "obj↓"]
    assert syn.path(a, a) == [a]


def test_paths_across_sentences_are_none() -> None:
    art = build([("Ja", "PTKANT", 0, "root", ""), ("nein", "PTKANT", 0, "root", "")])
    assert Syntax(art).path(0, 1) is None


def test_subtree_span_and_span_head() -> None:
    syn = Syntax(PASSIVE)
    grenze = idx(PASSIVE, "Grenze")
    assert PASSIVE.span_text(*syn.span(grenze)) == "an die Grenze"
    assert syn.span_head(*syn.span(grenze)) == grenze
    assert syn.span_head(0, 0) is None


def test_unparsed_article() -> None:
    art = Article(text="Hallo Welt", language="de")
    art.tokens = [Token(0, 5), Token(6, 10)]
    syn = Syntax(art)
    assert not syn.parsed
    assert syn.subject(0) is None and syn.children(0) == [] and syn.konjunktiv(0) is None
