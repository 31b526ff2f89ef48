"""Sentence structure for event coding, from STTS tags alone: clauses, actor mentions and their roles.

No parser is available offline, so arguments come from shallow cues that hold well in German news:
a clause ends at a comma, colon, semicolon or quotation glyph; an actor preceded (across its article and
adjectives) by a preposition stands in that prepositional phrase; an actor right after a noun, with a
genitive article or an -s ending, is a genitive attribute of that noun; every other actor is a bare noun
phrase (subject or object). Coordinated actors ("die USA und die Nato", "weder die Nato noch die USA")
form one group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, Entity, Token

_CLAUSE_BREAK = {"$,", "$.", "$("}
_NP_INNER = {"ART", "ADJA", "ADJD", "PPOSAT", "PIAT", "PDAT", "CARD", "NN", "NE", "TRUNC", "PIDAT"}
_GEN_ARTICLES = {"des", "der", "eines", "einer"}
_COORD = {"und", "sowie", "oder"}


@dataclass(slots=True)
class Mention:
    """An actor mention inside one sentence."""

    start: int
    end: int
    first: int  # index of the first token (into the sentence's token list)
    last: int
    clause: int
    role: str  # bare | gen | adj | <preposition, lower case>
    entity: Entity
    head: int | None = None  # for gen/adj: index of the noun it belongs to


@dataclass(slots=True)
class SentenceView:
    """The tokens of one sentence with clause ids and actor mentions."""

    tokens: list[Token]
    words: list[str]
    clause: list[int]
    mentions: list[Mention] = field(default_factory=list)

    def clause_range(self, c: int) -> range:
        idx = [i for i, k in enumerate(self.clause) if k == c]
        return range(idx[0], idx[-1] + 1) if idx else range(0)


def is_actor(e: Entity) -> bool:
    """Entities that can be an event's source or target."""
    if e.actor_code or e.actor_id:
        return not (e.actor_id or "").startswith("loc:")
    return e.label in {"PER", "ORG"} and bool(e.canonical)


def build_view(article: Article, tokens: list[Token]) -> SentenceView:
    """Clause ids and actor mentions (with roles) for the tokens of one sentence."""
    words = [article.text[t.start : t.end] for t in tokens]
    clause: list[int] = []
    c = 0
    for t in tokens:
        if t.pos in _CLAUSE_BREAK:
            clause.append(-1)
            c += 1
        else:
            clause.append(c)
    view = SentenceView(tokens=tokens, words=words, clause=clause)
    if not tokens:
        return view
    s0, s1 = tokens[0].start, tokens[-1].end
    for e in article.entities:
        if e.start < s0 or e.end > s1 or not is_actor(e):
            continue
        idx = [i for i, t in enumerate(tokens) if t.start < e.end and t.end > e.start]
        if not idx:
            continue
        first, last = idx[0], idx[-1]
        role, head = _role(tokens, words, first, last)
        view.mentions.append(Mention(e.start, e.end, first, last, clause[first], role, e, head))
    view.mentions.sort(key=lambda m: m.start)
    # coordinated mentions share a role: "von Nato und USA"
    for prev, m in zip(view.mentions, view.mentions[1:]):
        between = [words[i].lower() for i in range(prev.last + 1, m.first) if tokens[i].pos != "ART"]
        if m.role == "bare" and prev.role != "bare" and prev.head is None and between and set(between) <= _COORD:
            m.role = prev.role
    return view


def _pp_before(tokens: list[Token], words: list[str], first: int) -> str | None:
    """The preposition heading the noun phrase that starts at or before ``first``, if any."""
    j = first - 1
    while j >= 0 and tokens[j].pos in _NP_INNER:
        j -= 1
    if j >= 0 and tokens[j].pos in {"APPR", "APPRART", "APPO"}:
        return tokens[j].lemma.lower() or words[j].lower()
    return None


def _role(tokens: list[Token], words: list[str], first: int, last: int) -> tuple[str, int | None]:
    """The mention's role; modifiers of a head noun ("russische Forderungen", "Russlands Außenminister")
    take the role of the head's phrase and keep the head's index."""
    pos = tokens[first].pos
    head = None
    if pos == "ADJA" or (words[first][:1].islower() and pos.startswith("ADJ")):
        j = last + 1
        while j < len(tokens) and tokens[j].pos in {"ADJA", "ADJD", "CARD"}:
            j += 1
        if j < len(tokens) and tokens[j].pos in {"NN", "NE"}:
            head = j
    # prenominal genitive: "Russlands Außenminister"
    elif words[last].endswith("s") and last + 1 < len(tokens) and tokens[last + 1].pos == "NN":
        if first == 0 or tokens[first - 1].pos not in {"ART"}:
            head = last + 1
    if head is not None:
        return _pp_before(tokens, words, first) or "bare", head
    # postnominal genitive: "Forderungen Moskaus", "die Aufnahme der Ukraine"
    j = first - 1
    art = None
    if j >= 0 and tokens[j].pos == "ART":
        art = words[j].lower()
        j -= 1
    while j >= 0 and tokens[j].pos == "ADJA":
        j -= 1
    if j >= 0 and tokens[j].pos == "NN" and (art in _GEN_ARTICLES or words[last].endswith("s")):
        return "gen", j
    # walk left across the noun phrase (apposition "Nato-Generalsekretär Jens Stoltenberg") to a preposition
    return _pp_before(tokens, words, first) or "bare", None


def groups(view: SentenceView, mentions: list[Mention], coordination: frozenset[str]) -> list[list[Mention]]:
    """Coordinated bare mentions grouped: [[USA, Nato], [Russland]]."""
    out: list[list[Mention]] = []
    for m in mentions:
        if out:
            prev = out[-1][-1]
            between = range(prev.last + 1, m.first)
            if prev.clause == m.clause and all(
                view.words[i].lower() in coordination or view.tokens[i].pos in {"ART", "ADJA", "$,"}
                for i in between
            ) and any(view.words[i].lower() in coordination or view.tokens[i].pos == "$," for i in between):
                out[-1].append(m)
                continue
        out.append([m])
    return out
