"""Event patterns as data: verbs, nouns, light-verb constructions and context words per language.

Everything language-specific is read from ``lang/<code>/events/*.yaml``; see the comments there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from ..errors import PipelineError
from ..nlp.lang import LANG_DIR
from .clauses import AgentIndex

#: the PLOVER event types this coder emits
PLOVER_TYPES = frozenset(
    "ACCUSE AGREE AID ASSAULT COERCE CONCEDE CONSULT COOPERATE MOBILIZE PROTEST REJECT REQUEST RETREAT "
    "SANCTION SUPPORT THREATEN".split()
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One coding rule: the event type it gives and where its target stands."""

    type: str
    target: tuple[str, ...] = ()
    mode: str | None = None
    confidence: float = 1.0
    negated_type: str | None = None
    modality: str | None = None
    compound: bool = False
    sourceless: bool = False
    reflexive: bool = False  # a weak cue that also stands without a target when "sich" is in the clause
    #: words in the clause that switch to another reading ("verurteilen … zu drei Jahren Haft" → SANCTION)
    if_words: frozenset[str] = frozenset()
    alt: Pattern | None = None
    #: words one of which must stand in the clause for the verb to code ("bestehen auf" → REQUEST)
    needs: frozenset[str] = frozenset()
    #: event types one of which an event noun of the clause must have ("ums Leben kommen" only beside
    #: "Kämpfe", "Anschlag", "Unruhen": deaths in accidents are no event)
    with_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Construction:
    noun: str
    verbs: frozenset[str]
    pattern: Pattern


@dataclass(frozen=True, slots=True)
class EventLexicon:
    verbs: dict[str, Pattern]
    nouns: dict[str, Pattern]
    constructions: tuple[Construction, ...]
    context: dict[str, Any]
    not_events: frozenset[str] = frozenset()
    not_event_endings: tuple[str, ...] = ()
    #: lookups built once per lexicon (agents, compound endings, constructions by verb, word lists)
    agent_index: AgentIndex = field(default_factory=lambda: AgentIndex({}))
    _compounds: dict[str, tuple[int, str, Pattern]] = field(default_factory=dict)
    _by_verb: dict[str, tuple[Construction, ...]] = field(default_factory=dict)
    _words: dict[str, frozenset[str]] = field(default_factory=dict)
    _memo: dict[tuple[str, str], object] = field(default_factory=dict)  # noun and participle lookups by word

    def __post_init__(self) -> None:
        for n, (key, pat) in enumerate(self.nouns.items()):
            if pat.compound:
                self._compounds.setdefault(key.lower(), (n, key, pat))
        by_verb: dict[str, list[Construction]] = {}
        for c in self.constructions:
            for v in c.verbs:
                by_verb.setdefault(v, []).append(c)
        self._by_verb.update({v: tuple(cs) for v, cs in by_verb.items()})

    def noun(self, lemma: str) -> tuple[str, Pattern] | None:
        """The noun pattern for ``lemma``: exact, or a compound whose last part is a listed noun (the first
        listed one in file order when several are)."""
        key = ("noun", lemma)
        if key not in self._memo:
            self._memo[key] = self._noun(lemma)
        return self._memo[key]  # type: ignore[return-value]

    def _noun(self, lemma: str) -> tuple[str, Pattern] | None:
        if lemma in self.nouns:
            return lemma, self.nouns[lemma]
        if lemma in self.not_events:
            return None
        low = lemma.lower()
        if low.endswith(self.not_event_endings):
            return None  # "Jahrespressekonferenz", "Beim Eintreffen der Polizei": a listed noun's ending, no event
        best = None
        for i in range(3, len(low)):
            hit = self._compounds.get(low[i:])
            if hit is not None and len(low) > len(hit[1]) + 2 and (best is None or hit[0] < best[0]):
                best = hit
        return (best[1], best[2]) if best is not None else None

    def participle(self, word: str) -> str | None:
        """The event verb a participle used as an adjective comes from ("festgenommen" → festnehmen,
        "verwüstet" → verwüsten): regular -t participles by rule, strong ones by ``strong_participles``
        (modality.yaml), with or without "ge" after a separable prefix."""
        key = ("participle", word)
        if key not in self._memo:
            self._memo[key] = self._participle(word)
        return self._memo[key]  # type: ignore[return-value]

    def _participle(self, word: str) -> str | None:
        low = word.lower()
        strong = self.context.get("strong_participles", {}) or {}
        prefixes = [""] + [p for p in self.context.get("participle_prefixes", []) or [] if low.startswith(p)]
        for pre in prefixes:
            rest = low[len(pre):]
            for core in ([rest[2:]] if rest.startswith("ge") else []) + [rest]:
                cands = [str(strong[core])] if core in strong else []
                if core.endswith("t"):
                    cands += [core[:-1] + "en", core[:-2] + "en", core[:-1] + "n"]
                for c in cands:
                    if pre + c in self.verbs:
                        return pre + c
        return None

    def construction(self, noun_lemma: str, verb_lemma: str) -> Construction | None:
        """The light-verb construction of this noun and verb, if any (noun compounds count)."""
        cons = self._by_verb.get(verb_lemma)
        if not cons or noun_lemma in self.not_events:
            return None
        low = noun_lemma.lower()
        for c in cons:
            if low == c.noun.lower() or low.endswith(c.noun.lower()):
                return c
        return None

    def words(self, key: str) -> frozenset[str]:
        """A word list from modality.yaml (lower case)."""
        got = self._words.get(key)
        if got is None:
            got = self._words[key] = frozenset(str(w).lower() for w in self.context.get(key, []))
        return got


def _pattern(d: dict[str, Any], where: str, *, sourceless: bool = False) -> Pattern:
    typ = str(d.get("type", ""))
    if typ not in PLOVER_TYPES:
        raise PipelineError(f"{where}: unknown PLOVER type {typ!r}; use one of {sorted(PLOVER_TYPES)}")
    neg = d.get("negated_type")
    if neg is not None and neg not in PLOVER_TYPES:
        raise PipelineError(f"{where}: unknown negated_type {neg!r}; use one of {sorted(PLOVER_TYPES)}")
    return Pattern(
        type=typ,
        target=tuple(str(t) for t in d.get("target", []) or []),
        mode=d.get("mode"),
        confidence=float(d.get("confidence", 1.0)),
        negated_type=neg,
        modality=d.get("modality"),
        compound=bool(d.get("compound", False)),
        sourceless=bool(d.get("sourceless", sourceless)),
        reflexive=bool(d.get("reflexive", False)),
        if_words=frozenset(d["if_words"]["words"]) if d.get("if_words") else frozenset(),
        alt=_pattern({"target": d.get("target", []), **{k: v for k, v in d["if_words"].items() if k != "words"}}, where)
        if d.get("if_words") else None,
        needs=frozenset(str(w).lower() for w in d.get("needs", []) or []),
        with_types=frozenset(str(w) for w in d.get("with_types", []) or []),
    )


def _yaml(language: str, name: str) -> dict[str, Any]:
    path = LANG_DIR / language / "events" / f"{name}.yaml"
    if not path.is_file():
        raise PipelineError(f"no event patterns {path}: create it (see lang/de/events/{name}.yaml)")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise PipelineError(f"{path} must hold a YAML mapping; fix the file")
    return data


@lru_cache(maxsize=4)
def load_lexicon(language: str = "de") -> EventLexicon:
    """All event patterns for ``language`` (cached per process)."""
    verbs = {k: _pattern(v, f"verbs.yaml:{k}") for k, v in _yaml(language, "verbs").get("verbs", {}).items()}
    noun_data = _yaml(language, "nouns")
    default = bool(noun_data.get("default_sourceless", False))
    nouns = {k: _pattern(v, f"nouns.yaml:{k}", sourceless=default) for k, v in noun_data.get("nouns", {}).items()}
    cons = tuple(
        Construction(noun=c["noun"], verbs=frozenset(c["verbs"]), pattern=_pattern(c, f"light_verbs.yaml:{c['noun']}"))
        for c in _yaml(language, "light_verbs").get("constructions", [])
    )
    context = dict(_yaml(language, "modality"))
    context["agents"] = _yaml(language, "agents").get("agents", {})
    return EventLexicon(verbs=verbs, nouns=nouns, constructions=cons, context=context,
                        agent_index=AgentIndex(context["agents"]),
                        not_events=frozenset(noun_data.get("not_events", [])),
                        not_event_endings=tuple(str(w).lower() for w in noun_data.get("not_event_endings", [])))
