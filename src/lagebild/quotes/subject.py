"""Speaker subjects beyond the cue-local rules of :mod:`np`: the verb-second prefield of the governing
main clause ("Der BBC-Korrespondent in Mexiko-Stadt, Will Grant, berichtete, dass …"), the governing
verb of a zu-infinitive ("beeilten sich, … zu erklären"), relative clauses ("…, der … betonte"),
subordinate clauses ("…, weil er sagte"), and coordinated verb phrases sharing one subject
("X bedankte sich … und sagte: …"). Spans are token ranges ``(i, j)``, ``j`` exclusive."""

from __future__ import annotations

from . import np as _np
from .view import FINITE, View

_PREFIELD_MAX = 25
_NOT_IN_PREFIELD = frozenset({"KOUS", "KOUI", "PRELS", "PWS", "PWAV", "VVFIN", "VAFIN", "VMFIN", "$."})
_NOMINATIVE_POS = frozenset({"NE", "NN", "ADJA", "PDS", "PIAT", "PIDAT", "CARD", "PPOSAT", "FM", "XY", "TRUNC"})


def subject_of(v: View, cue: int) -> tuple[int, int] | None:
    """The subject mention of the verb of saying at token ``cue``: the cue-local rules first, then the
    clause-structure fallbacks of this module."""
    found = _np.subject_of(v, cue)
    if found is None:
        return fallback_subject(v, cue)
    anchor = v.finite_anchor(cue)
    if v.lower[anchor] in v.lex.words("passive_auxiliary") and v.pos(cue) == "VVPP":
        # a passive frame: its agent speaks, not its grammatical subject
        agent = passive_agent(v, anchor, cue, v.sent_range(v.toks[cue].sent))
        if agent is not None:
            return agent
    if v.lower[found[1] - 1] in v.lex.words("temporal_nouns"):
        return fallback_subject(v, cue)  # "Erst vergangene Woche kündigte der Konzern an"
    anchor = v.finite_anchor(cue)
    if found[1] <= anchor and v.lower[found[0]] in v.lex.words("oblique_articles"):
        # "Den Unmut der CDU brachte die Sprecherin X zum Ausdruck": an accusative/dative prefield is
        # the object; the subject follows the verb
        after = _np.np_after(v, anchor + 1, limit=v.sent_range(v.toks[cue].sent)[-1] + 1)
        return after or found
    if found[0] > anchor and v.lower[found[0]] in v.lex.words("object_capable_articles"):
        # "X, Michael Knipper, kritisierte die Entscheidung der BaFin scharf": a named prefield is the
        # subject, the "die/das/den" phrase after the verb its object
        fb = fallback_subject(v, cue)
        if fb is not None and fb[1] <= anchor and _np._named(v, fb):
            return fb
    return found


def _pronoun(v: View, k: int) -> bool:
    return v.pos(k) in ("PPER", "PDS") and v.lower[k] in v.lex.frames.get("pronouns", {})


def _governing_finite(v: View, cue: int, sent: list[int]) -> int | None:
    """The finite verb that governs ``cue``: itself, its auxiliary, or for an infinitive in a comma
    clause ("…, gegenüber Journalisten zu erklären") the last finite verb before it."""
    anchor = v.finite_anchor(cue)
    if v.pos(anchor) in FINITE or v.pos(anchor) not in ("VVINF", "VVIZU", "VVPP"):
        return anchor
    for j in reversed([k for k in sent if k < cue]):
        if v.in_quote[j] or v.lower[j] in (":", ";"):
            return None
        if v.pos(j) in FINITE:
            return j
    return None


def fallback_subject(v: View, cue: int) -> tuple[int, int] | None:
    """Subject of the clause that governs ``cue`` by clause structure (None for impersonal and
    passive frames, which have no speaking subject)."""
    if v.lower[cue] in v.lex.words("impersonal_verbs"):
        return None
    sent = v.sent_range(v.toks[cue].sent)
    if not sent:
        return None
    anchor = _governing_finite(v, cue, sent)
    if anchor is None:
        return None
    if v.lower[anchor] in v.lex.words("passive_auxiliary") and v.pos(cue) == "VVPP":
        return passive_agent(v, anchor, cue, sent)
    return _clause_subject(v, anchor, sent, depth=0)


def _clause_subject(v: View, anchor: int, sent: list[int], *, depth: int) -> tuple[int, int] | None:
    limit = sent[-1] + 1
    cs = _np.clause_start(v, anchor, sent)
    k = cs
    if k < anchor and v.pos(k) in ("APPR", "APPRART"):
        k += 1
    if k < anchor and v.pos(k) == "PRELS":
        # relative clause: its own pronoun subject ("bei dem sie gesagt hatte") or the relative pronoun
        for r in range(k + 1, anchor):
            if _pronoun(v, r) and v.pos(r) == "PPER":
                return (r, r + 1)
        return (k, k + 1) if k == cs and v.lower[k] in ("der", "die", "welcher", "welche") else None
    if cs < anchor and v.lower[cs] in v.lex.words("subject_subordinators") and v.pos(cs) == "KOUS":
        return _np.np_after(v, cs + 1, limit=anchor)
    if (depth == 0 and anchor - 1 >= sent[0] and v.lower[anchor - 1] in v.lex.words("vp_conjunctions")
            and not _subject_follows(v, anchor, limit)):
        prev = next((j for j in reversed([x for x in sent if x < anchor - 1])
                     if v.pos(j) in FINITE and not v.in_quote[j]), None)
        if prev is not None:
            return _clause_subject(v, prev, sent, depth=1)
        return None
    s0 = _np.clause_start(v, anchor, sent, commas=False)
    found = _prefield(v, s0, anchor)
    if found is None and (_adverbial(v, s0, anchor) or (anchor > s0 and v.lower[anchor - 1] == ",")):
        # "Am Donnerstag sagte X", "Als ein Fluggast zu Hilfe eilte, biss der Randalierer …": after the verb
        found = _np.np_after(v, anchor + 1, limit=limit)
    return found


def _subject_follows(v: View, anchor: int, limit: int) -> bool:
    nxt = anchor + 1
    while nxt < limit and v.pos(nxt) in ("PRF", "ADV"):
        nxt += 1
    return nxt < limit and (_pronoun(v, nxt) or v.is_name(nxt))


def _adverbial(v: View, s0: int, anchor: int) -> bool:
    """The prefield is an adverbial ("Am Donnerstag", "Dazu", "Später"): the subject follows the verb."""
    return s0 < anchor and v.pos(s0) in ("APPR", "APPRART", "ADV", "PROAV", "ADJD", "PAV")


def _prefield(v: View, s0: int, anchor: int) -> tuple[int, int] | None:
    """The whole verb-second prefield ``s0 .. anchor`` when it is one nominative noun phrase (with
    appositions, genitives and prepositional attributes)."""
    e = anchor
    while e > s0 and v.lower[e - 1] in (",", "–", "-"):
        e -= 1
    k = s0
    while k < e and (v.pos(k) == "KON" or v.lower[k] in v.lex.words("focus_particles")):
        k += 1  # "Auch die Sprecherin X, Y, äußerte sich …"
    if k >= e or e - k > _PREFIELD_MAX:
        return None
    if any(v.in_quote[r] or v.pos(r) in _NOT_IN_PREFIELD for r in range(k, e)):
        return None
    first = v.lower[k]
    if e - k == 1 and _pronoun(v, k):
        return (k, e)
    if v.pos(k) == "ART" and first not in v.lex.words("nominative_openers"):
        return None
    if v.pos(k) == "PIS" and first in v.lex.words("nominative_pronouns") and k + 1 < e:
        return (k, e)  # "Einer der 13 beteiligten Feuerwehrmänner sagte:"
    if v.pos(k) not in _NOMINATIVE_POS | {"ART"} and not v.is_name(k):
        return None
    if v.pos(k) in ("PIAT", "PIDAT", "PPOSAT", "PDAT") and first not in v.lex.words("nominative_openers"):
        return None
    if not any(v.is_head(r) for r in range(k, e)):
        return None
    return (k, e)


def passive_agent(v: View, anchor: int, cue: int, sent: list[int]) -> tuple[int, int] | None:
    """The agent of a passive frame ("wird vom Deutschen Wetterdienst als „…“ eingestuft"): the noun
    phrase after "von"/"vom"/"seitens" inside the clause, else None (no speaking subject)."""
    cs = _np.clause_start(v, anchor, sent)
    preps = v.lex.words("passive_agent_prepositions")
    for k in reversed(sent):  # the phrase nearest the participle ("die Gefahr von X vom Y … eingestuft")
        if k < cs or k >= cue or v.in_quote[k] or v.lower[k] not in preps:
            continue
        m = _np.np_after(v, k + 1, limit=cue, allow_pronoun=False, skip_dative=False)
        if m is not None and m[0] == k + 1 and _np._has_head(v, m[0], m[1]):
            return m
    return None


_PARSE_NOMINAL = frozenset({"NN", "NE", "FM", "PPER", "PIS", "PDS", "ADJA", "CARD", "XY"})


def parse_subject(v: View, cue: int) -> tuple[int, int] | None:
    """The subject the dependency parse gives the verb of saying at token ``cue`` (its clause's ``nsubj``,
    shared over coordination and control), as a noun-phrase token range: for frames the rules above
    find no subject for ("WachSein hingegen glaubt: …", "Viele werfen ihm vor, … zu haben"). None for an
    unparsed article, a passive clause, an expletive "es" or a subject inside a quotation."""
    t = v.toks[cue]
    if not t.rel or not t.pos.startswith("V"):
        return None
    syn = v.syntax
    if syn.is_passive(cue):
        return None
    h = syn.subject(cue)
    if h is None or v.toks[h].sent != t.sent or v.in_quote[h] or v.pos(h) not in _PARSE_NOMINAL:
        return None
    if v.lower[h] in ("es", "man", "das", "dies", "was", "wer") or v.toks[h].rel == "csubj":
        return None
    sub = [k for k in syn.subtree(h) if not v.in_quote[k] or k == h]
    i = h
    while i - 1 in sub and v.pos(i - 1) not in ("$,", "$.", "KON") and h - i < 8:
        i -= 1
    j = h + 1
    while j in sub and v.pos(j) not in ("$,", "$.", "PRELS", "KON", "$(") and j - h < 8:
        j += 1
    while i < h and v.pos(i) in ("APPR", "APPRART", "ADV", "KON", "$("):
        i += 1
    return (i, j)

