"""Sentence structure for event coding, from STTS tags alone: clauses, actor mentions and their roles.

No parser is available offline, so arguments come from shallow cues that hold well in German news:
a clause ends at a comma, colon, semicolon or quotation glyph; an actor preceded (across its article and
adjectives) by a preposition stands in that prepositional phrase; an actor right after a noun, with a
genitive article or an -s ending, is a genitive attribute of that noun; every other actor is a bare noun
phrase (subject or object). Coordinated actors ("die USA und die Nato", "weder die Nato noch die USA")
form one group.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import ACTOR_TYPES, Article, Entity, Token

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
    #: clause id → token range, and clause id → the triggers found in it (filled on first use)
    ranges: dict[int, range] = field(default_factory=dict)
    triggers: dict[int, list] = field(default_factory=dict)

    def clause_range(self, c: int) -> range:
        got = self.ranges.get(c)
        if got is None:
            idx = [i for i, k in enumerate(self.clause) if k == c]
            got = self.ranges[c] = range(idx[0], idx[-1] + 1) if idx else range(0)
        return got


def is_actor(e: Entity) -> bool:
    """Entities that can be an event's source or target: with an actor type (the actor stage's
    ``Entity.actor_type``, where it sets one) only persons, organisations, states, substates and armed groups."""
    if e.actor_type is not None and e.actor_type not in ACTOR_TYPES:
        return False
    if e.actor_code or e.actor_id:
        return not (e.actor_id or "").startswith("loc:")
    return e.label in {"PER", "ORG"} and bool(e.canonical)


_DATELINE_DASHES = {"–", "—", "-"}


def build_view(
    article: Article, tokens: list[Token], *, agents: AgentIndex | dict[str, str] | None = None, country: str | None = None,
    partitives: frozenset[str] = frozenset(), hearsay: frozenset[str] = frozenset(),
    quantity_words: frozenset[str] = frozenset(),
) -> SentenceView:
    """Clause ids and actor mentions (with roles) for the tokens of one sentence.

    ``agents`` (noun lemma → sector code) adds generic agents ("die Polizei") where no entity covers them;
    they take the country of a modifier ("die russische Armee") or else ``country`` (the article's).
    ``partitives`` (lower-case nouns: "gruppe", "hunderte") make "eine Gruppe von US-Marines" a bare mention;
    ``hearsay`` (postpositions: "zufolge") mark an actor as the one who reports, not the one who acts;
    ``quantity_words`` before a number are no preposition ("über 20 Menschen" is a bare noun phrase).
    """
    words = [article.text[t.start : t.end] for t in tokens]
    soft = _soft_breaks(tokens)
    clause: list[int] = []
    c = 0
    for i, t in enumerate(tokens):
        if t.pos in _CLAUSE_BREAK:
            clause.append(-1)
            c += i not in soft
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
    # nested or repeated spans: keep the outermost; adjacent mentions of one actor become one
    view.mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in view.mentions:
        if kept and m.start < kept[-1].end:
            continue
        if kept and m.entity.actor_id and m.entity.actor_id == kept[-1].entity.actor_id and m.first <= kept[-1].last + 1:
            kept[-1].end, kept[-1].last = m.end, m.last
            continue
        kept.append(m)
    view.mentions = kept
    if agents:
        _add_agents(view, agents if isinstance(agents, AgentIndex) else AgentIndex(agents), country)
    if article.entities:  # only beside an actor layer: without one, arguments stay empty
        _add_names(view)
    view.mentions.sort(key=lambda m: m.start)
    # a modifier whose head noun is followed by a named actor is the same actor: "Russlands Außenminister
    # Sergei Lawrow" (keep the name, which is the more specific one)
    drop = set()
    for m, n in zip(view.mentions, view.mentions[1:]):
        if m.head is not None and n.first in {m.head, m.head + 1} and m.clause == n.clause:
            drop.add(id(m))
            if n.role == "bare" and m.role != "bare":
                n.role = m.role
    view.mentions = [m for m in view.mentions if id(m) not in drop]
    # a role noun right before a name is the name's title: "Der Kongressabgeordnete John Murtha" is one actor
    drop = set()
    for m, n in zip(view.mentions, view.mentions[1:]):
        if (m.entity.actor_id or "").startswith("agent:") and n.first == m.last + 1 and m.clause == n.clause \
                and tokens[n.first].pos == "NE" and not (n.entity.actor_id or "").startswith("agent:") \
                and n.role in {m.role, "bare"} and n.head is None:
            drop.add(id(m))
            n.first, n.start, n.role, n.head = m.first, m.start, m.role, m.head
            if not n.entity.actor_code and m.entity.actor_code and m.entity.confidence > 0.5:
                n.entity = replace(n.entity, actor_code=m.entity.actor_code)  # a name without code: its title's
    view.mentions = [m for m in view.mentions if id(m) not in drop]
    # a dateline ("Diyarbakir – Bei Einsätzen …") names a place, not an actor
    view.mentions = [m for m in view.mentions
                     if not (m.last + 1 < len(tokens) and words[m.last + 1] in _DATELINE_DASHES and m.first <= 4
                             and all(tokens[k].pos in {"NE", "$(", "XY"} or words[k] == "/" for k in range(m.first)))]
    # a bracketed actor right after another one is its apposition ("Angela Merkel (CDU)"), no argument
    ends = {m.last for m in view.mentions}
    for m in view.mentions:
        if m.first >= 2 and words[m.first - 1] == "(" and m.first - 2 in ends:
            m.role = "appos"
    for m in view.mentions:
        if m.role in quantity_words and m.head is None:
            j = m.first - 1
            while j >= 0 and tokens[j].pos in {"CARD", "ADV", "ADJA"} and words[j].lower() not in quantity_words:
                j -= 1
            if j >= 0 and words[j].lower() == m.role and j + 1 < len(tokens) and tokens[j + 1].pos in {"CARD", "ADV"}:
                m.role = _pp_before(tokens, words, j) or "bare"  # "über 20 Menschen": more than twenty
    for m in view.mentions:
        if m.role == "bare" and m.last + 1 < len(tokens) and words[m.last + 1].lower() in hearsay:
            m.role = words[m.last + 1].lower()  # "Afghanischen Behörden zufolge": the reporter
        elif m.role == "von" and m.head is None:
            j = m.first - 1
            while j >= 0 and tokens[j].pos in {"ART", "ADJA", "CARD"}:
                j -= 1
            if j >= 1 and words[j].lower() == "von" and words[j - 1].lower() in partitives and tokens[j - 1].pos == "NN":
                k = j - 1  # "eine Gruppe von US-Marines": the group acts; its phrase's own role counts
                m.role = _pp_before(tokens, words, k) or "bare"
    # coordinated mentions share a role: "von Nato und USA"
    for prev, m in zip(view.mentions, view.mentions[1:]):
        between = [words[i].lower() for i in range(prev.last + 1, m.first) if tokens[i].pos != "ART"]
        if m.role == "bare" and prev.role != "bare" and prev.head is None and between and set(between) <= _COORD:
            m.role = prev.role
    return view


def _soft_breaks(tokens: list[Token], *, longest: int = 12) -> set[int]:
    """Quotation glyphs and brackets around a short verbless span (a title "„Le Canard enchaîné“", an
    abbreviation "(AU)") do not end the clause."""
    glyphs = [i for i, t in enumerate(tokens) if t.pos == "$("]
    soft: set[int] = set()
    for i, j in zip(glyphs, glyphs[1:]):
        inner = tokens[i + 1 : j]
        if inner and j - i <= longest and not any(t.pos in _CLAUSE_BREAK or t.pos.startswith("V") for t in inner):
            soft.update((i, j))
    return soft


def _pp_before(tokens: list[Token], words: list[str], first: int) -> str | None:
    """The preposition heading the noun phrase that starts at or before ``first``, if any."""
    cross_nouns = tokens[first].pos == "NE"  # apposition: "Nato-Generalsekretär Jens Stoltenberg"
    j = first - 1
    while j >= 0 and tokens[j].pos in _NP_INNER and (cross_nouns or tokens[j].pos not in {"NN", "NE"}):
        if tokens[j].pos in {"NN", "NE"} and tokens[j + 1].pos == "ADJA":
            return None  # an extended attribute: "Die von Islamisten geführte Rebellengruppe ADF"
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
    j = _genitive_head(tokens, words, first, last)
    if j is not None:
        return "gen", j
    # walk left across the noun phrase (apposition "Nato-Generalsekretär Jens Stoltenberg") to a preposition
    return _pp_before(tokens, words, first) or "bare", None


def _genitive_head(tokens: list[Token], words: list[str], first: int, last: int) -> int | None:
    """The noun a postnominal genitive starting at ``first`` belongs to: "Forderungen Moskaus", "die
    Aufnahme der Ukraine"."""
    j = first - 1
    art = None
    while j >= 0 and tokens[j].pos == "ADJA":  # "der europäischen Verteidigungsminister"
        j -= 1
    if j >= 0 and tokens[j].pos == "ART":
        art = words[j].lower()
        j -= 1
    while j >= 0 and tokens[j].pos == "ADJA":
        j -= 1
    if j >= 0 and tokens[j].pos == "NN" and (art in _GEN_ARTICLES or words[last].endswith("s")):
        return j
    return None


def groups(view: SentenceView, mentions: list[Mention], coordination: frozenset[str]) -> list[list[Mention]]:
    """Coordinated bare mentions grouped: [[USA, Nato], [Russland]]."""
    out: list[list[Mention]] = []
    for m in mentions:
        if out:
            prev = out[-1][-1]
            between = range(prev.last + 1, m.first)
            if prev.clause == m.clause and all(
                view.words[i].lower() in coordination or view.tokens[i].pos in {"ART", "ADJA", "$,"}
                or (prev.head is not None and view.tokens[i].pos in {"NN", "NE"})  # "Israels Premier X und …"
                for i in between
            ) and any(view.words[i].lower() in coordination or view.tokens[i].pos == "$," for i in between):
                out[-1].append(m)
                continue
        out.append([m])
    return out


def split_agent(value: str) -> tuple[str, tuple[str, ...]]:
    """An agents.yaml value: the sector, then the countries the noun belongs to on its own, if any
    ("GOV DEU AUT": a "Bundeskanzlerin" is German or Austrian, whatever country the article is about)."""
    sector, *homes = str(value).split()
    return sector, tuple(homes)


class AgentIndex:
    """agents.yaml as a lookup: exact lemma or form, else the first listed noun (in file order) that ends a
    compound ("Sicherheitspolizei") or a nominalised adjective ("19-Jähriger", "Angehörigen"). Built once
    per lexicon; a lookup tries the suffixes of the word instead of scanning every listed noun."""

    __slots__ = ("exact", "_order")

    def __init__(self, agents: dict[str, str]) -> None:
        self.exact = {str(k): str(v) for k, v in agents.items()}
        self._order: dict[str, tuple[int, str, str]] = {}  # lower-case key → (file position, key, sector)
        for n, (k, v) in enumerate(self.exact.items()):
            self._order.setdefault(k.lower(), (n, k, v))

    def __bool__(self) -> bool:
        return bool(self.exact)

    def sector(self, lemma: str, word: str) -> str | None:
        """The agents.yaml value for a noun (lemma and surface form), or None."""
        if lemma in self.exact or word in self.exact:
            return self.exact.get(lemma) or self.exact.get(word)
        for form in (lemma, word):
            low = form.lower()
            best: tuple[int, str, str] | None = None
            n = len(low)
            for i in range(1, n):
                hit = self._order.get(low[i:])  # "sicherheitspolizei" → "polizei": a compound
                if hit is not None and n > len(hit[1]) + 2 and (best is None or hit[0] < best[0]):
                    best = hit
            if low[-1:] in {"r", "n", "s"}:
                stem = low[:-1]
                for i in range(0, len(stem)):
                    hit = self._order.get(stem[i:])  # "angehörigen" → "angehörige": a nominalised adjective
                    if hit is not None and (i == 0 or n > len(hit[1]) + 3) and (best is None or hit[0] < best[0]):
                        best = hit
            if best is not None:
                return best[2]
        return None


def _agent_sector(agents: AgentIndex | dict[str, str], lemma: str, word: str) -> str | None:
    index = agents if isinstance(agents, AgentIndex) else AgentIndex(agents)
    return index.sector(lemma, word)


def _add_agents(view: SentenceView, agents: AgentIndex, country: str | None) -> None:
    covered = {i for m in view.mentions for i in range(m.first, m.last + 1)}
    # right to left: a genitive agent is known before the noun it modifies ("die Verteidigungsminister der
    # Mitgliedsstaaten der Europäischen Union" → IGOEUREEC through "Mitgliedsstaaten")
    for i in range(len(view.tokens) - 1, -1, -1):
        t = view.tokens[i]
        if i in covered or not (t.pos == "NN" or _nominalised(view, i)):
            continue
        value = _agent_sector(agents, t.lemma, view.words[i])
        if value is None:
            continue
        sector, homes = split_agent(value)
        if homes:  # "Die Bundeskanzlerin" in an article about China is still German (or Austrian)
            country_here = country if country in homes else homes[0]
        else:
            country_here = country
        code, canonical = (country_here or "") + sector, t.lemma or view.words[i]
        guessed = not homes and bool(country)  # the article's country, not the noun's own
        mod = next((m for m in view.mentions if m.head == i and m.entity.actor_code), None)
        if mod is not None:  # "die russische Armee" → RUSMIL; "die Außenminister der EU" → IGOEUREEC
            mcode = mod.entity.actor_code or ""
            code = mcode if mcode[:3] in {"IGO", "NGO"} else mcode[:3] + sector
            guessed = False
            view.mentions.remove(mod)
        e = Entity(start=t.start, end=t.end, label="ORG", actor_id=f"agent:{code}:{canonical}", actor_code=code,
                   canonical=canonical, source="rule", confidence=0.5 if guessed else 0.6)
        tokens, words = view.tokens, view.words
        role, head = _role(tokens, words, i, i)
        first = mod.first if mod is not None and mod.first < i else i
        if mod is not None and mod.first < i:
            head = _genitive_head(tokens, words, first, i)
            # "eines Treffens der europäischen Verteidigungsminister": the adjective's noun is a genitive
            role = "gen" if head is not None else (_pp_before(tokens, words, first) or "bare")
        view.mentions.append(Mention(t.start if first == i else tokens[first].start, t.end, first, i,
                                     view.clause[i], role, e, head if role in {"gen"} else None))


def _nominalised(view: SentenceView, i: int) -> bool:
    """A capitalised adjective with no noun after it is a noun the tagger missed ("einen 19-Jährigen fest")."""
    t = view.tokens[i]
    nxt = view.tokens[i + 1].pos if i + 1 < len(view.tokens) else "$."
    first_letter = next((ch for ch in view.words[i] if ch.isalpha()), "")
    return t.pos == "ADJA" and first_letter.isupper() and i > 0 and nxt not in {"NN", "NE", "ADJA", "TRUNC"}


def _add_names(view: SentenceView) -> None:
    """Proper-name runs (NE) no entity covers become actors known by name only ("Chávez", "Suu Kyi")."""
    covered = {i for m in view.mentions for i in range(m.first, m.last + 1)}
    i = 0
    toks = view.tokens
    while i < len(toks):
        if toks[i].pos != "NE" or i in covered:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and toks[j + 1].pos == "NE" and j + 1 not in covered:
            j += 1
        name = " ".join(view.words[i : j + 1])
        e = Entity(start=toks[i].start, end=toks[j].end, label="PER", actor_id=f"name:{name}", actor_code=None,
                   canonical=name, source="rule", confidence=0.4)
        role, head = _role(toks, view.words, i, j)
        view.mentions.append(Mention(e.start, e.end, i, j, view.clause[i], role, e, head))
        i = j + 1
