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
    kind: str  # verb | construction | noun | participle
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
            if con is not None and con.pattern.with_types and not _beside(view, nouns, con.pattern.with_types, lex):
                con = None
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
            if pat.needs and not any(view.words[j].lower() in pat.needs for j in clause):
                continue
            if pat.alt is not None and any(view.words[j] in pat.if_words for j in clause):
                pat = pat.alt
            out.append(Trigger(i, pat, "verb"))
    for i in clause:  # "ein festgenommener US-Student", "ein verwüstetes Gebetshaus": the act done to the noun
        if view.tokens[i].pos != "ADJA":
            continue
        verb = lex.participle(view.tokens[i].lemma or view.words[i])
        if verb is not None and _definite(view, i, lex):
            continue  # "des 2006 entmachteten Ministerpräsidenten": a known, earlier act, not the news
        pat = lex.verbs[verb] if verb is not None else None
        if pat is not None and pat.confidence >= 0.9 and not pat.needs and pat.type in lex.context.get("participle_types", ()):
            out.append(Trigger(i, pat, "participle"))
    content = any(t.kind not in {"noun", "participle"} and t.pattern.type in _SPEECH_ACTS for t in out)
    verb_types = {t.pattern.type for t in out if t.pattern.confidence > 0.5}
    background = lex.words("background_prepositions")
    before = lex.words("background_if_verb")
    has_verb = any(t.kind != "noun" for t in out)
    by_type = {str(k): frozenset(str(w).lower() for w in v)
               for k, v in (lex.context.get("background_for_types") or {}).items()}
    for j in nouns:
        prep = _governing_preposition(view, j)
        if prep in background or (prep in before and has_verb):
            continue  # "seit Beginn der Proteste", "Nach den Protesten wurde … aufgehoben": the setting, not the news
        if j in used_nouns or content:  # "fordert den Abzug der Truppen": the demand, not a retreat
            continue
        hit = lex.noun(view.tokens[j].lemma or view.words[j])
        if hit is not None and hit[1].type in verb_types:
            continue  # "Zu einer Krisensitzung kommen … zusammen": one meeting, named twice
        if hit is not None and prep in by_type.get(hit[1].type, ()) and _known(view, j, lex):
            continue  # "Bei den Tarifverhandlungen …": the known occasion of something else ("bei einem Treffen" stays)
        if hit is not None:
            out.append(Trigger(j, hit[1], "noun"))
    return out


def _beside(view: SentenceView, nouns: list[int], types: frozenset[str], lex: EventLexicon) -> bool:
    """Whether an event noun of one of ``types`` stands among ``nouns``."""
    for j in nouns:
        hit = lex.noun(view.tokens[j].lemma or view.words[j])
        if hit is not None and hit[1].type in types:
            return True
    return False


def _known(view: SentenceView, j: int, lex: EventLexicon) -> bool:
    """Whether the noun at ``j`` is definite: a definite article or a contracted preposition ("beim")
    before it, across adjectives."""
    k = j - 1
    while k >= 0 and view.tokens[k].pos in {"ADJA", "ADJD", "ADV", "CARD"}:
        k -= 1
    if k < 0:
        return False
    if view.tokens[k].pos == "APPRART":
        return True
    return view.tokens[k].pos == "ART" and view.words[k].lower() in lex.words("definite_articles")


def _governing_preposition(view: SentenceView, j: int) -> str | None:
    """The preposition whose phrase holds the noun at ``j`` ("seit Beginn der Proteste" → seit), across
    articles, adjectives and a genitive head noun."""
    k = j - 1
    while k >= 0 and view.tokens[k].pos in {"ART", "ADJA", "ADJD", "ADV", "CARD", "PPOSAT"}:
        k -= 1
    if k >= 1 and view.tokens[k].pos == "NN" and view.tokens[k - 1].pos in {"APPR", "APPRART"}:
        k -= 1  # "seit Beginn der Proteste"
    if k >= 0 and view.tokens[k].pos in {"APPR", "APPRART"}:
        return view.words[k].lower()
    return None


def _definite(view: SentenceView, i: int, lex: EventLexicon) -> bool:
    """Whether the noun phrase of the attributive participle at ``i`` opens with a definite article
    (prepositional phrases inside it skipped: "des durch einen Putsch entmachteten")."""
    definite = lex.words("definite_articles")
    j = i - 1
    while j >= 0 and i - j <= 12:
        pos = view.tokens[j].pos
        if pos == "ART":
            if j > 0 and view.tokens[j - 1].pos in {"APPR", "APPRART"} and any(
                view.tokens[k].pos in {"NN", "NE"} for k in range(j + 1, i)
            ):
                j -= 1  # the article of a phrase inside: "des durch einen Putsch entmachteten"
                continue
            return view.words[j].lower() in definite
        if pos not in {"ADJA", "ADJD", "ADV", "CARD", "NN", "NE", "APPR", "APPRART", "KON", "KOKOM", "PIAT", "PIDAT", "$("}:
            return False
        j -= 1
    return False


def _adjective_construction(view: SentenceView, clause: range, lemma: str, lex: EventLexicon) -> Pattern | None:
    """"sich bereit erklären" and the like (modality.yaml ``adjective_constructions``)."""
    for spec in lex.context.get("adjective_constructions", []):
        if lemma in spec.get("verbs", []) and any(view.words[j].lower() == spec["adjective"] for j in clause):
            return Pattern(type=str(spec["type"]), target=tuple(spec.get("target", ["obj", "zu"])))
    return None


