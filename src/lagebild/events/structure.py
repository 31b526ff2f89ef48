"""Clause structure for arguments without a parser: the finite verb and Vorfeld of a main clause, the
Vorfeld standing before relative clauses and appositions, zu-infinitives, noun-phrase spans."""

from __future__ import annotations

from .clauses import _DATELINE_DASHES, Mention, SentenceView

FINITE = {"VVFIN", "VAFIN", "VMFIN"}
SUBORD = {"KOUS", "PRELS", "PWAV", "PRELAT", "KOUI"}


def infinitive(view: SentenceView, r: range) -> bool:
    """A zu-infinitive clause: its subject is the one of the clause before."""
    return any(view.tokens[i].pos in {"VVIZU", "PTKZU"} for i in r) and not any(
        view.tokens[i].pos in FINITE for i in r
    )


def np_span(view: SentenceView, m: Mention) -> tuple[int, int]:
    """Character span of the noun phrase around a mention: its article, adjectives and the nouns
    before it ("der SPD-Fraktionschef Peter Struck")."""
    j = m.first
    while j > 0 and view.tokens[j - 1].pos in {"ART", "ADJA", "NN", "NE", "PPOSAT", "CARD"} and view.clause[j - 1] == m.clause:
        j -= 1
    return view.tokens[j].start, view.tokens[m.last].end


def outer_vorfeld(view: SentenceView, c: int) -> list[int]:
    """The clauses before clause ``c`` that form its Vorfeld: verbless segments (the subject and its
    appositions), skipping the subordinate and relative clauses between them; empty when a finite main
    clause comes first."""
    out: list[int] = []
    for k in range(c - 1, -1, -1):
        rk = view.clause_range(k)
        if not rk:
            continue
        if view.tokens[rk.start].pos in SUBORD or (
            len(rk) > 1 and view.tokens[rk.start].pos in {"APPR", "APPRART"} and view.tokens[rk.start + 1].pos in SUBORD
        ):
            if out:
                break
            continue
        if any(view.tokens[i].pos.startswith("V") for i in rk):
            break
        out.append(k)
    return out


def vorfeld(view: SentenceView, r: range) -> tuple[int | None, range]:
    """Index of the finite verb of a main clause and the tokens before it."""
    if not r or view.tokens[r.start].pos in SUBORD:
        return None, range(0)
    finite = [i for i in r if view.tokens[i].pos in FINITE]
    if not finite:
        return None, range(0)
    fin = finite[0]
    # two finite verbs without a conjunction between them: the first is a participle the tagger took for
    # a verb ("Der als Roma-König bekannte Kiril Raschkow soll …")
    if len(finite) > 1 and fin > r.start and not any(view.tokens[j].pos == "KON" for j in range(fin + 1, finite[1])):
        if view.tokens[fin + 1].pos in {"NE", "NN", "ADJA"}:
            fin = finite[1]
    start = r.start
    # a dateline ("Diyarbakir – Bei Einsätzen …", "Colombo/Genf – …") is no part of the Vorfeld
    for j in range(r.start, min(fin, r.start + 5)):
        if view.words[j] in _DATELINE_DASHES:
            if all(view.tokens[k].pos in {"NE", "$(", "XY"} or view.words[k] == "/" for k in range(r.start, j)):
                start = j + 1
            break
    return fin, range(start, fin)


