"""Candidates for the learned coder: trigger tokens of a sentence and the actor mentions that may fill
the source and target of an event there.

Trigger candidates come from the pattern lexicon (verbs with their separable particle, light-verb
constructions, event nouns and their compounds, participles: :func:`lagebild.events.triggers.find_triggers`
with none of the rule coder's filters), from the trigger words of the training split (``lemmas``), and from
the rule coder's own events. Argument candidates are the actor mentions of the sentence (every role), the
subject mentions of the two sentences before, personal and possessive pronouns standing for the last
subject or (first person inside a quotation) the speaker, the speaker of the quotation the trigger stands
in, and the rule coder's choice where it is none of these; "none" is always a candidate too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ...model import Article, Event, Token
from ...nlp.lang import LANG_DIR
from ..clauses import Mention, SentenceView, groups
from ..coder import Actorish
from ..context import QuoteRegion
from ..patterns import EventLexicon, Pattern
from ..structure import FINITE, infinitive, vorfeld
from ..triggers import Trigger, _verb_lemma, find_triggers

SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})


@lru_cache(maxsize=4)
def cue_words(language: str = "de") -> dict[str, dict[str, frozenset[str]]]:
    """lang/<code>/events/learn.yaml: modality cue lists and pronouns."""
    import yaml

    data = yaml.safe_load((LANG_DIR / language / "events" / "learn.yaml").read_text(encoding="utf-8")) or {}
    return {key: {k: frozenset(str(w).lower() for w in v) for k, v in (data.get(key) or {}).items()}
            for key in ("modality_cues", "pronouns")}


@dataclass(slots=True)
class Sentence:
    """One sentence as the rule coder saw it, with what the learned coder reads off it once."""

    index: int
    view: SentenceView
    quotes: list[QuoteRegion]
    last_subject: Actorish | None
    start: int
    end: int
    n_clauses: int
    triggers: dict[int, list[Trigger]]  # clause → lexicon triggers (no filters)
    speech: dict[int, str]  # clause → type of a speech-act verb trigger in it (REQUEST, ACCUSE, …)
    vorfeld: dict[int, tuple[int | None, range]]
    rule_events: list[Event]
    rule_at: dict[int, list[Event]] = field(default_factory=dict)  # token index → rule events triggered there
    offset: int = 0  # index of the sentence's first token in Article.tokens (heads point there)
    all_tokens: list[Token] = field(default_factory=list)  # Article.tokens
    children: dict[int, list[int]] | None = None  # head → dependents (article indices), built when needed
    cache: dict[tuple[str, int], object] = field(default_factory=dict)  # per-clause facts, read once

    def clause_of(self, i: int) -> int:
        c = self.view.clause[i]
        if c >= 0:
            return c
        for j in range(i, -1, -1):  # a punctuation token: the clause before it
            if self.view.clause[j] >= 0:
                return self.view.clause[j]
        return 0


def build_sentence(si: int, view: SentenceView, quotes: list[QuoteRegion], last: Actorish | None,
                   rule_events: list[Event], lex: EventLexicon, *, offset: int = 0,
                   all_tokens: list[Token] | None = None) -> Sentence:
    n = max(view.clause) + 1 if view.clause else 0
    trig: dict[int, list[Trigger]] = {}
    speech: dict[int, str] = {}
    vf: dict[int, tuple[int | None, range]] = {}
    for c in range(n):
        r = view.clause_range(c)
        if c not in view.triggers:
            view.triggers[c] = find_triggers(view, r, lex) if len(r) else []
        trig[c] = view.triggers[c]
        for t in trig[c]:
            if t.kind != "noun" and t.pattern.type in SPEECH_ACTS:
                speech[c] = t.pattern.type
        vf[c] = vorfeld(view, r)
    s0 = view.tokens[0].start if view.tokens else 0
    s1 = view.tokens[-1].end if view.tokens else 0
    sent = Sentence(si, view, quotes, last, s0, s1, n, trig, speech, vf, rule_events, offset=offset,
                    all_tokens=all_tokens if all_tokens is not None else [])
    starts = {t.start: i for i, t in enumerate(view.tokens)}
    for e in rule_events:
        i = starts.get(e.start)
        if i is not None:
            sent.rule_at.setdefault(i, []).append(e)
    return sent


@dataclass(slots=True)
class Cand:
    """A trigger candidate: a token of the sentence and what the lexicon says of it."""

    sent: Sentence
    index: int
    key: str  # lemma key (verbs with their particle, nouns their listed ending)
    kind: str  # verb | construction | noun | participle | learned | rule
    pattern: Pattern | None
    noun: int | None = None  # the noun of a light-verb construction

    @property
    def clause(self) -> int:
        return self.sent.clause_of(self.index)

    def span(self) -> tuple[int, int]:
        t = self.sent.view.tokens[self.index]
        return t.start, t.end

    def covers(self, start: int, end: int) -> bool:
        """Whether a gold trigger span overlaps this candidate's token (or its construction noun)."""
        toks = self.sent.view.tokens
        idx = [self.index] + ([self.noun] if self.noun is not None else [])
        return any(toks[i].start < end and start < toks[i].end for i in idx)


def token_key(view: SentenceView, i: int, clause: range | None = None) -> str:
    """The lemma key of token ``i``: a full verb with its separable particle, else the lemma (lower case)."""
    t = view.tokens[i]
    if t.pos.startswith("VV") and clause is not None:
        return _verb_lemma(view, i, clause).lower()
    return (t.lemma or view.words[i]).lower()


def trigger_candidates(sent: Sentence, lex: EventLexicon, learned: frozenset[str]) -> list[Cand]:
    """Every trigger candidate of the sentence, one per token (a construction takes its noun's place):
    what the lexicon lists, whatever the rule coder's filters say (background phrases, the content of a
    speech act, a noun naming the verb's act again), the training split's trigger words, the rule events."""
    view = sent.view
    out: dict[int, Cand] = {}
    nouns_used: set[int] = set()
    for c in range(sent.n_clauses):
        for t in sent.triggers.get(c, []):
            if t.kind == "construction" and t.noun is not None:
                nouns_used.add(t.noun)
            if t.index not in out and t.kind != "noun":
                out[t.index] = Cand(sent, t.index, token_key(view, t.index, view.clause_range(c)), t.kind, t.pattern, t.noun)
    for i, tok in enumerate(view.tokens):
        if i in out or i in nouns_used or tok.pos.startswith("$"):
            continue
        c = sent.clause_of(i)
        key = token_key(view, i, view.clause_range(c))
        if tok.pos == "NN" and (hit := lex.noun(tok.lemma or view.words[i])) is not None:
            out[i] = Cand(sent, i, hit[0].lower(), "noun", hit[1])
        elif tok.pos.startswith("VV") and key in lex.verbs:
            out[i] = Cand(sent, i, key, "verb", lex.verbs[key])
        elif tok.pos == "ADJA" and (verb := lex.participle(tok.lemma or view.words[i])) is not None:
            out[i] = Cand(sent, i, verb, "participle", lex.verbs[verb])
        elif i in sent.rule_at and tok.pos == "VMFIN":  # a reported demand ("müsse … ändern, sagte X")
            out[i] = Cand(sent, i, key, "modal", None)
        elif key in learned:
            out[i] = Cand(sent, i, key, "learned", None)
        elif tok.pos == "NN" and (end := _learned_ending(key, learned)) is not None:
            out[i] = Cand(sent, i, end, "learned", None)  # "Untersuchungshaft" after "Haft"
        elif i in sent.rule_at:
            out[i] = Cand(sent, i, key, "rule", None)
    for i in nouns_used:
        out.pop(i, None)
    return [out[i] for i in sorted(out)]


def _learned_ending(key: str, learned: frozenset[str], *, shortest: int = 4) -> str | None:
    """The longest training trigger word that ends a compound noun (at least ``shortest`` letters and
    three letters of its own before it)."""
    for i in range(3, len(key) - shortest + 1):
        if key[i:] in learned:
            return key[i:]
    return None


# ---------------------------------------------------------------------- arguments
@dataclass(slots=True)
class Arg:
    """A candidate for the source or target of an event."""

    kind: str  # mention | prev | pronoun | speaker | rule | none
    actor: Actorish | None
    start: int | None = None
    end: int | None = None
    mention: Mention | None = None
    distance: int = 0  # sentences back
    group: list[Mention] = field(default_factory=list)  # coordinated mentions ("USA und Nato")

    def covers(self, span: list[int] | tuple[int, int] | None) -> bool:
        return bool(span and self.start is not None and self.end is not None
                    and self.start < span[1] and span[0] < self.end)


def mention_actor(m: Mention, article: Article) -> Actorish:
    e = m.entity
    return Actorish(e.actor_id or e.canonical, e.actor_code, article.span_text(e.start, e.end), e.canonical)


def arg_candidates(cand: Cand, history: list[Sentence], article: Article, lex: EventLexicon,
                   prefix_code: Callable[[str], str | None] | None = None) -> list[Arg]:
    """Source/target candidates for the event at ``cand`` (``history``: the sentences before, nearest last;
    ``prefix_code``: the code a compound's prefix gives, "EU-Gipfel" → IGOEUREEC)."""
    sent, view = cand.sent, cand.sent.view
    coord = lex.words("coordination")
    out: list[Arg] = [Arg("none", None)]
    # mentions of the sentence; coordinated bare mentions form a group
    grouped: dict[int, list[Mention]] = {}
    for c in range(sent.n_clauses):
        for role in {m.role for m in view.mentions if m.clause == c}:
            for g in groups(view, [m for m in view.mentions if m.clause == c and m.role == role], coord):
                for m in g:
                    grouped[id(m)] = g
    for m in view.mentions:
        kind = "self" if m.first <= cand.index <= m.last else "mention"  # "NATO-Angriffe": the name is in the trigger
        out.append(Arg(kind, mention_actor(m, article), m.start, m.end, m, 0, grouped.get(id(m), [m])))
    word = view.words[cand.index]
    head, dash, rest = word.partition("-")
    if dash and rest and prefix_code is not None and not any(a.kind == "self" for a in out):
        code = prefix_code(word)
        if code:  # "EU-Gipfel", "US-Luftangriff": the prefix names who acts
            tok = view.tokens[cand.index]
            out.append(Arg("prefix", Actorish(f"prefix:{code}", code, head, head), tok.start, tok.start + len(head)))
    # subjects of the sentences before
    for back, prev in enumerate(reversed(history[-2:]), start=1):
        for m in prev.view.mentions:
            if m.role == "bare" and m.head is None:
                out.append(Arg("prev", mention_actor(m, article), m.start, m.end, m, back, [m]))
    # pronouns: third person for the last subject, first person inside a quotation for its speaker
    prons = cue_words(article.language or "de")["pronouns"]
    quote = next((q for q in sent.quotes if q.start <= view.tokens[cand.index].start < q.end), None)
    for i, tok in enumerate(view.tokens):
        if tok.pos not in {"PPER", "PPOSAT", "PRF"} or i == cand.index:
            continue
        w = view.words[i].lower()
        if w in prons.get("third", ()) and sent.last_subject is not None and (sent.last_subject.id or sent.last_subject.code):
            out.append(Arg("pronoun", sent.last_subject, tok.start, tok.end))
        elif w in prons.get("first", ()) and quote is not None and (quote.speaker_id or quote.speaker_code):
            out.append(Arg("pronoun", Actorish(quote.speaker_id, quote.speaker_code, quote.speaker_text, quote.speaker),
                           tok.start, tok.end))
    if quote is not None and (quote.speaker_id or quote.speaker_code):
        spk = Actorish(quote.speaker_id, quote.speaker_code, quote.speaker_text, quote.speaker)
        if not any(a.actor is not None and a.actor.id == spk.id and a.kind in {"mention", "pronoun"} for a in out):
            out.append(Arg("speaker", spk))
    # the rule coder's choices that are none of the above
    for e in sent.rule_at.get(cand.index, []):
        for aid, code, text in ((e.source, e.source_code, e.source_text), (e.target, e.target_code, e.target_text)):
            if not (aid or code):
                continue
            if any(a.actor is not None and ((aid and a.actor.id == aid) or (not aid and a.actor.code == code))
                   for a in out):
                continue
            out.append(Arg("rule", Actorish(aid, code, text, text)))
    return out


def clause_facts(sent: Sentence, c: int) -> dict[str, object]:
    """What the clause of a trigger says around it: finite verb, Vorfeld, infinitive, the clause it depends on
    (read once per clause)."""
    got = sent.cache.get(("facts", c))
    if got is None:
        got = sent.cache[("facts", c)] = _clause_facts(sent, c)
    return got  # type: ignore[return-value]


def _clause_facts(sent: Sentence, c: int) -> dict[str, object]:
    view = sent.view
    r = view.clause_range(c)
    fin, vf = sent.vorfeld.get(c, (None, range(0)))
    inf = infinitive(view, r) if len(r) else False
    opener = view.words[r.start].lower() if len(r) else ""
    finite = [i for i in r if view.tokens[i].pos in FINITE]
    return {"range": r, "fin": fin, "vorfeld": vf, "infinitive": inf, "opener": opener, "finite": finite}
