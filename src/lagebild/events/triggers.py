"""Event triggers of one clause: verbs (separable particles joined), light-verb constructions, adjective
constructions ("sich bereit erklären") and event nouns."""

from __future__ import annotations

from dataclasses import dataclass

from .clauses import SentenceView
from .patterns import EventLexicon, Pattern

_SPEECH_ACTS = {"REQUEST", "REJECT", "ACCUSE", "THREATEN"}


@dataclass(slots=True)
class Trigger:
    """One event trigger: its token, pattern and kind (verb | construction | noun)."""

    index: int  # token index within the sentence
    pattern: Pattern
    kind: str  # verb | construction | noun
    noun: int | None = None


def _verb_lemma(view: SentenceView, i: int, clause: range) -> str:
    t = view.tokens[i]
    lemma = t.lemma or view.words[i].lower()
    if t.pos == "VVFIN":
        for j in clause:
            if j > i and view.tokens[j].pos == "PTKVZ":
                return view.words[j].lower() + lemma
    return lemma


def find_triggers(view: SentenceView, clause: range, lex: EventLexicon) -> list[Trigger]:
    """The triggers of the clause ``clause`` (token indices) in ``view``."""
    out: list[Trigger] = []
    used_nouns: set[int] = set()
    nouns = [j for j in clause if view.tokens[j].pos == "NN"]
    for i in clause:
        if not view.tokens[i].pos.startswith("VV"):
            continue
        lemma = _verb_lemma(view, i, clause)
        con = None
        for j in nouns:
            con = lex.construction(view.tokens[j].lemma or view.words[j], lemma)
            if con is not None:
                used_nouns.add(j)
                out.append(Trigger(i, con.pattern, "construction", j))
                break
        if con is None:
            adj = _adjective_construction(view, clause, lemma, lex)
            if adj is not None:
                out.append(Trigger(i, adj, "construction"))
                continue
        if con is None and lemma in lex.verbs:
            pat = lex.verbs[lemma]
            if pat.alt is not None and any(view.words[j] in pat.if_words for j in clause):
                pat = pat.alt
            out.append(Trigger(i, pat, "verb"))
    content = any(t.kind != "noun" and t.pattern.type in _SPEECH_ACTS for t in out)
    verb_types = {t.pattern.type for t in out if t.pattern.confidence > 0.5}
    for j in nouns:
        if j in used_nouns or content:  # "fordert den Abzug der Truppen": the demand, not a retreat
            continue
        hit = lex.noun(view.tokens[j].lemma or view.words[j])
        if hit is not None and hit[1].type in verb_types:
            continue  # "Zu einer Krisensitzung kommen … zusammen": one meeting, named twice
        if hit is not None:
            out.append(Trigger(j, hit[1], "noun"))
    return out


def _adjective_construction(view: SentenceView, clause: range, lemma: str, lex: EventLexicon) -> Pattern | None:
    """"sich bereit erklären" and the like (modality.yaml ``adjective_constructions``)."""
    for spec in lex.context.get("adjective_constructions", []):
        if lemma in spec.get("verbs", []) and any(view.words[j].lower() == spec["adjective"] for j in clause):
            return Pattern(type=str(spec["type"]), target=tuple(spec.get("target", ["obj", "zu"])))
    return None


