"""Modality cues of an event from its clause and what governs it (docs/event_guideline.md section 5).

An act is ``suspected`` when it is reported with "soll … haben", "mutmaßlich", or is the content of an
accusation or suspicion ("warf ihm vor, … zu haben", "Verdacht auf Vergewaltigung"); ``demanded`` when it
is the content of a demand ("fordert, dass die Nato verzichtet", "Forderung nach einem Abzug");
``hypothetical`` in Konjunktiv II, after "falls"/"wenn", or when called possible ("möglichen Invasion");
``intended`` when wanted, planned or prepared ("will", "plant", "bereit, … zu"); ``future`` when announced
("wird", "kündigte an"). :func:`cues` gives every cue found (features of the modality model);
:func:`rule_modality` the one farthest from fact, the rule the learned modality falls back on.
The words are data: ``lang/<code>/events/learn.yaml`` (``governors``, ``content_openers``, ``content_prepositions``).
"""

from __future__ import annotations

from functools import lru_cache

from ...nlp.lang import LANG_DIR
from .candidates import Cand, Sentence, clause_facts, token_key

#: farther from fact first (the guideline: when two apply, take the one farther from fact)
ORDER = ("suspected", "demanded", "hypothetical", "intended", "future")
_KONJ2 = frozenset({"würde", "würden", "würdest", "wäre", "wären", "könnte", "könnten", "müsste", "müssten",
                    "dürfte", "dürften", "hätte", "hätten"})
_SUSPECT_WORDS = frozenset({"mutmaßlich", "mutmaßliche", "mutmaßlichen", "mutmaßlicher", "mutmaßliches", "angeblich",
                            "angebliche", "angeblichen", "angeblicher", "vermutlich", "offenbar", "wohl"})
_CONDITIONAL = frozenset({"falls", "wenn", "sofern", "ob"})


@lru_cache(maxsize=4)
def _lists(language: str) -> dict[str, object]:
    import yaml

    data = yaml.safe_load((LANG_DIR / language / "events" / "learn.yaml").read_text(encoding="utf-8")) or {}
    gov = {cls: {k: frozenset(str(w).lower() for w in v) for k, v in (spec or {}).items()}
           for cls, spec in (data.get("governors") or {}).items()}
    return {"governors": gov, "openers": frozenset(str(w).lower() for w in data.get("content_openers", [])),
            "preps": frozenset(str(w).lower() for w in data.get("content_prepositions", []))}


def _class_of(lemma: str, kind: str, language: str) -> str | None:
    gov: dict[str, dict[str, frozenset[str]]] = _lists(language)["governors"]  # type: ignore[assignment]
    for cls in ORDER:
        words = gov.get(cls, {}).get(kind, frozenset())
        if lemma in words or (kind == "nouns" and any(lemma.endswith(w) for w in words if len(w) > 4)):
            return cls
    return None


def _own_clause(sent: Sentence, r: range, i: int) -> list[str]:
    view = sent.view
    out = []
    words = [view.words[k].lower() for k in r]
    tags = [view.tokens[k].pos for k in r]
    lemmas = [(view.tokens[k].lemma or "").lower() for k in r]
    perfect = any(t == "VAINF" and lem in {"haben", "sein"} for t, lem in zip(tags, lemmas)) and "VVPP" in tags
    for w, t, lem in zip(words, tags, lemmas):
        if t == "VMFIN" and lem == "sollen":
            out.append("suspected:soll-perfect" if perfect else "future:soll")
        elif t == "VMFIN" and lem in {"wollen", "möchten", "mögen"} and w not in _KONJ2:
            out.append("intended:will")
        elif w in _KONJ2:
            out.append(f"hypothetical:konj2-{w}")
        elif t == "VAFIN" and lem == "werden" and any(x in {"VVINF", "VAINF"} for x in tags) and "VVPP" not in tags:
            out.append("future:werden")
        elif w in _SUSPECT_WORDS and t in {"ADJD", "ADV"}:  # "soll mutmaßlich …", not "mutmaßliche Rebellen getötet"
            out.append("suspected:word")
    if r and words and words[0] in _CONDITIONAL:
        out.append(f"hypothetical:{words[0]}")
    return out


def _noun_governor(sent: Sentence, i: int, language: str, *, depth: int = 2) -> list[str]:
    """An event noun that is the content of the noun before it ("Forderung nach einem Abzug", "Vorwurf der
    Vergewaltigung") or called possible or alleged by its adjective ("möglichen Invasion"), across one more
    noun ("dem möglichen Beginn einer Invasion")."""
    view = sent.view
    preps: frozenset[str] = _lists(language)["preps"]  # type: ignore[assignment]
    out = []
    k = i - 1
    while k >= 0 and view.tokens[k].pos in {"ADJA", "ADJD", "CARD", "ART", "PPOSAT", "PIAT"}:
        if view.tokens[k].pos == "ADJA":
            w = view.words[k].lower()
            cls = _class_of((view.tokens[k].lemma or w).lower(), "adjectives", language) or _class_of(w, "adjectives", language)
            if w in _SUSPECT_WORDS:
                cls = "suspected"
            if cls:
                out.append(f"{cls}:adjective")
        genitive = view.tokens[k].pos == "ART" and view.words[k].lower() in {"des", "der", "eines", "einer"}
        k -= 1
        if genitive:
            break
    if k >= 0 and (view.tokens[k].pos in {"APPR", "APPRART"} and view.words[k].lower() in preps):
        k -= 1
        while k >= 0 and view.tokens[k].pos in {"ADJA", "ART", "CARD"}:
            k -= 1
    if k >= 0 and view.tokens[k].pos == "NN":
        cls = _class_of((view.tokens[k].lemma or view.words[k]).lower(), "nouns", language)
        if cls:
            out.append(f"{cls}:noun-of")
        elif depth > 1:
            out += [x.replace(":", ":via-", 1) for x in _noun_governor(sent, k, language, depth=depth - 1)]
    return out


def _clause_verbs(sent: Sentence, r: range, i: int, language: str) -> list[str]:
    """An event noun as the object of its clause's verb: "wegen Völkermordes angeklagt" (suspected), "fordert
    den Rücktritt" (demanded), "will ein Abkommen" (intended), "kündigte einen Staatsbesuch an" (future)."""
    view = sent.view
    out = []
    for j in r:
        t = view.tokens[j]
        if j == i or not t.pos.startswith(("VV", "VM")):
            continue
        cls = _class_of(token_key(view, j, r), "verbs", language) or _class_of((t.lemma or "").lower(), "verbs", language)
        if cls:
            out.append(f"{cls}:clause-verb")
    return out


def _governing_clauses(sent: Sentence, c: int, language: str) -> list[str]:
    """Cues of the clauses a dependent clause hangs on (zu-infinitive, dass/ob-clause), nearest first."""
    view = sent.view
    openers: frozenset[str] = _lists(language)["openers"]  # type: ignore[assignment]
    out: list[str] = []
    k = c
    while k > 0:
        facts = clause_facts(sent, k)
        dependent = facts["infinitive"] or facts["opener"] in openers
        if not dependent:
            break
        k -= 1
        r = view.clause_range(k)
        for j in r:
            t = view.tokens[j]
            if t.pos.startswith(("VV", "VM")):
                cls = _class_of(token_key(view, j, r), "verbs", language) or _class_of((t.lemma or "").lower(), "verbs", language)
            elif t.pos == "NN":
                cls = _class_of((t.lemma or view.words[j]).lower(), "nouns", language)
            elif t.pos in {"ADJD", "ADJA"}:
                cls = _class_of(view.words[j].lower(), "adjectives", language)
            else:
                cls = None
            if cls:
                out.append(f"{cls}:governor")
        if out:
            break
    return out


def cues(cand: Cand, language: str = "de") -> list[str]:
    """Every modality cue of the event at ``cand`` as ``class:how``."""
    sent, view, i = cand.sent, cand.sent.view, cand.index
    c = cand.clause
    r = view.clause_range(c)
    out = _governing_clauses(sent, c, language)
    if view.tokens[i].pos.startswith("N"):
        out += _noun_governor(sent, i, language)
        out += _clause_verbs(sent, r, i, language)
        if sent.all_tokens and sent.all_tokens[sent.offset + i].rel in {"obj", "nsubj:pass", "obl:arg"}:
            # the noun is what the clause's verb does ("werde eine Protestnote schicken"): the verb's mood is its own
            out += [x.replace(":", ":object-", 1) for x in _own_clause(sent, r, i)]
    else:
        out += _own_clause(sent, r, i)
    if view.words and view.words[-1] == "?":
        out.append("hypothetical:question")
    return out


def rule_modality(found: list[str]) -> str:
    """The cue farthest from fact, else asserted."""
    classes = {f.split(":", 1)[0] for f in found}
    return next((cls for cls in ORDER if cls in classes), "asserted")
