"""Within-article coreference: role descriptions, age descriptions and personal pronouns.

Kept simple and precise: a description or pronoun resolves only to a person named earlier in the
same article (or, for a role with a country, to the hand-checked holder of that office on the
article's date); otherwise it stays unresolved. Appositions ("Kremlsprecher Dmitri Peskow",
"der 71-jährige Lawrow") tie a role or an age to a name for later descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article
from .kb import KB, Actor, RoleNoun
from .linking import Mention

_ENDINGS = ("innen", "in", "es", "en", "n", "s", "e")
_PLURAL_VERBS = frozenset("sind haben werden wollen können müssen hatten waren wurden sollen dürfen".split())
_AGE_ADJ = re.compile(r"^(\d{1,3})-jährige[nmrs]?$")


@dataclass(slots=True)
class Context:
    """What coreference knows about the persons of one article."""

    titles: dict[str, set[str]] = field(default_factory=dict)  # person id → role nouns seen in apposition
    ages: dict[str, int] = field(default_factory=dict)  # person id → age stated in the article
    bodies: dict[str, str] = field(default_factory=dict)  # role noun → actor id ("Außenministerium")
    embedded: set[int] = field(default_factory=set)  # tokens of names inside relative clauses
    persons: list[Mention] = field(default_factory=list)  # every person name of the article, in text order
    appositions: dict[str, set[str]] = field(default_factory=dict)  # person id → titles anywhere in the article
    cataphoric: set[int] = field(default_factory=set)  # first tokens of descriptions resolved to a later name


def role_noun(kb: KB, word: str) -> tuple[RoleNoun, str | None] | None:
    """The role noun of a token and a prefix naming an actor ("US-Außenminister" → Außenminister, "US")."""
    prefix = None
    if "-" in word and word not in kb.roles:
        head, rest = word.split("-", 1)
        if rest[:1].isupper():
            prefix, word = head, rest
    if word in kb.roles:
        return kb.roles[word], prefix
    for e in _ENDINGS:
        if word.endswith(e) and word[: -len(e)] in kb.roles:
            return kb.roles[word[: -len(e)]], prefix
    return None


def _title_matches(noun: str, title: str | None) -> bool:
    if not title:
        return False
    t = title.lower().removesuffix("in")
    n = noun.lower()
    return t == n or t.endswith(n) or (n == "minister" and "minister" in t)


class Resolver:
    """Coreference over one article's tokens and name mentions; build one per KB."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.office: dict[tuple[str, str], list[Actor]] = {}  # (title, country) → hand-checked holders
        for a in kb.actors.values():
            if a.type == "PER" and a.born is not None:
                for r in a.roles:
                    if r.title:
                        where = r.code if r.code.startswith("IGO") else r.code[:3]
                        title = r.title.lower().removesuffix("in")
                        for t in {title, title.rsplit("-", 1)[-1]}:
                            self.office.setdefault((t, where), []).append(a)

    def holder(self, noun: str, country: str | None, date: str | None) -> Actor | None:
        """The hand-checked person holding office ``noun`` of ``country`` on ``date``."""
        if country is None or date is None:
            return None
        for a in self.office.get((noun.lower(), country), []):
            if any(_title_matches(noun, r.title) and r.active(date) for r in a.roles):
                return a
        return None

    def resolve(self, article: Article, words: list[str], names: list[Mention]) -> list[Mention]:
        """Coreference mentions (source "coref") for roles, ages and pronouns in ``article``."""
        kb, toks, date = self.kb, article.tokens, article.published
        by_start = {m.tok: m for m in names}
        by_end = {m.tok_end: m for m in names}
        ctx = Context()
        people: list[Mention] = []  # person mentions in text order, grows as we resolve
        out: list[Mention] = []
        name_at = {m.tok: m for m in names if m.label == "PER"}
        ctx.persons = sorted(name_at.values(), key=lambda m: m.tok)
        for m in ctx.persons:  # "Bundeskanzlerin Angela Merkel" later in the text, for cataphora
            rn = role_noun(kb, words[m.tok - 1]) if m.tok > 0 and words[m.tok - 1][:1].isupper() else None
            if rn is not None and rn[0].kind == "person":
                ctx.appositions.setdefault(m.actor_id, set()).add(rn[0].office.lower())
        for i, w in enumerate(words):
            if i in name_at:
                m = name_at[i]
                if _in_relative_clause(words, i) or (i > 0 and words[i - 1] in kb.oblique):
                    ctx.embedded.add(i)  # not a subject: a weak antecedent for "er"/"sie"
                people.append(m)
                adj = _AGE_ADJ.match(words[i - 1]) if i > 0 else None
                if adj:
                    ctx.ages[m.actor_id] = int(adj.group(1))
                continue
            mention = None
            rn = role_noun(kb, w) if w[:1].isupper() else None
            if rn is not None:
                mention = self._role(article, words, i, rn, by_start, by_end, ctx, people, date)
            elif kb.age_pattern is not None and kb.age_pattern.match(w) and i > 0 and words[i - 1] in kb.articles:
                mention = self._age(toks, words, i, ctx, people, date)
            elif w in kb.pronouns and (w.islower() or _sentence_initial(toks, i)):
                mention = self._pronoun(toks, words, i, kb.pronouns[w], people, ctx)
            if mention is not None:
                mention.tok, mention.tok_end = mention.tok if mention.tok >= 0 else i, i + 1
                out.append(mention)
                if mention.label == "PER" and mention.tok not in ctx.cataphoric:
                    j = mention.tok
                    if mention.kind == "role" and (_in_relative_clause(words, j) or (j > 0 and words[j - 1] in kb.oblique)):
                        ctx.embedded.update((j, i + 1))  # the role and a name in apposition after it
                    people.append(mention)
        return out

    # ----------------------------------------------------------------- roles
    def _role(self, article: Article, words: list[str], i: int, rn: tuple[RoleNoun, str | None],
              by_start: dict[int, Mention], by_end: dict[int, Mention], ctx: Context,
              people: list[Mention], date: str | None) -> Mention | None:
        noun, prefix = rn
        toks = article.tokens
        start_tok, country, org = i, noun.country, None
        if prefix is not None:
            ids = self.kb.names.get(prefix, [])
            if ids:
                a = self.kb.actors[ids[0]]
                country, org = (a.country, None) if a.type == "GPE" else (a.country, a)
        before = by_end.get(i)
        if before is not None and before.label in ("LOC", "MISC") and (
            before.actor_id.startswith("gpe:") or before.kind == "demonym"
        ):
            country, start_tok = before.actor_id.split(":", 1)[1].upper(), before.tok
            if start_tok > 0 and words[start_tok - 1] in self.kb.articles and before.kind == "adjective":
                start_tok -= 1
        after = by_start.get(i + 1)
        if after is not None and after.actor_id.startswith("gpe:") and words[i + 1].endswith("s"):
            country = after.actor_id[4:].upper()  # der Außenminister Russlands
        determiner = start_tok > 0 and words[start_tok - 1] in self.kb.articles
        if determiner and start_tok == i:
            start_tok -= 1
        span = (toks[start_tok].start, toks[i].end)
        # apposition: a person name right after the role
        if after is not None and after.label == "PER":
            ctx.titles.setdefault(after.actor_id, set()).add(noun.office.lower())
            return Mention(*span, after.actor_id, "PER", "role", "coref", tok=start_tok)
        near = words[max(0, start_tok - 2) : i]
        if any(w in self.kb.indefinite for w in near):
            return None  # "einem CSU-Kanzler": not a particular person
        if noun.kind == "person" and (
            any(w in self.kb.former for w in near)
            or (i + 1 < len(words) and words[i + 1][:1].isupper() and role_noun(self.kb, words[i + 1]) is None)
        ):
            return None  # "der ehemalige US-Präsident", or a name the knowledge base does not know follows
        if noun.kind != "person":
            if org is not None:  # "die SPD-Führung", "Nato-Truppen" → the organisation itself
                return Mention(*span, org.id, "ORG", "role", "coref", tok=start_tok)
            if country is None and determiner and noun.noun in ctx.bodies:
                return Mention(*span, ctx.bodies[noun.noun], "ORG", "role", "coref", tok=start_tok)
            if country and noun.sector:
                actor = self.kb.sector_actor(country, noun.sector)
                if noun.kind == "body":
                    ctx.bodies[noun.noun] = actor.id
                return Mention(*span, actor.id, "ORG", "role", "coref", tok=start_tok, actor=actor)
            return None
        if not determiner and country is None and prefix is None:
            return None  # a bare role noun ("Minister für …") is too vague
        j = i - 1  # the article of the phrase, over adjectives: "die russischen Präsidenten"
        while j > i - 4 and j > 0 and words[j][:1].islower() and words[j] not in self.kb.articles:
            j -= 1
        plural = j >= 0 and words[j] in self.kb.plural_articles and not words[i].endswith("in")
        if plural and words[i] == noun.noun:
            return None  # "die Minister" (a masculine noun with "die"): several persons, no one antecedent
        for p in reversed(people):
            actor = self.kb.actors.get(p.actor_id)
            titles = ctx.titles.get(p.actor_id, set())
            kb_title = actor.title_at(date) if actor else None
            if noun.office.lower() in titles or _title_matches(noun.office, kb_title):
                if country is None or actor is None or actor.country == country or (org and actor.code_at(date) == org.code):
                    return Mention(*span, p.actor_id, "PER", "role", "coref", tok=start_tok)
        later = None if plural else self._cataphor(noun, country, org, i, ctx, date, toks)  # not "die Präsidenten"
        if later is not None:  # not an antecedent for pronouns: the name has not been read yet
            ctx.cataphoric.add(start_tok)
            return Mention(*span, later, "PER", "role", "coref", tok=start_tok)
        office_country = org.code if org is not None else country
        holder = self.holder(noun.office, office_country, date)
        if holder is not None:
            return Mention(*span, holder.id, "PER", "role", "coref", tok=start_tok)
        if org is not None:  # an office of an organisation nobody known holds: the organisation
            return Mention(*span, org.id, "ORG", "role", "coref", tok=start_tok)
        if country and noun.sector:  # "der Kremlsprecher" before 2012: the Russian government
            actor = self.kb.sector_actor(country, noun.sector)
            return Mention(*span, actor.id, "ORG", "role", "coref", tok=start_tok, actor=actor)
        return None

    def _cataphor(self, noun: RoleNoun, country: str | None, org: Actor | None, i: int, ctx: Context,
                  date: str | None, toks: list) -> str | None:
        """The one person named later in the article with this role ("Die Bundeskanzlerin …. Angela Merkel").

        The person must be in the knowledge base with a code, and carry the title in an apposition somewhere
        in the article or as the knowledge base's title on the article date; a title the knowledge base
        dates must be held on that date. Two or more such persons: unresolved. Names in the description's own
        sentence do not count: there they are usually the other party ("Der Präsident begrüßte Präsident
        Macron").
        """
        office = noun.office.lower()
        found: set[str] = set()
        for p in ctx.persons:
            if p.tok <= i or p.actor_id in found or toks[p.tok].sent == toks[i].sent:
                continue
            actor = self.kb.actors.get(p.actor_id)
            if actor is None or not actor.code_at(date):
                continue  # a name the knowledge base lacks would lose the description's code
            dated = [r for r in actor.roles if _title_matches(noun.office, r.title)]
            if dated and date and not any(r.active(date) for r in dated):
                continue  # the knowledge base says the person did not hold the office then
            if office in ctx.appositions.get(p.actor_id, set()) or _title_matches(noun.office, actor.title_at(date)):
                if country is None or actor.country == country or (
                    org is not None and actor.code_at(date) == org.code
                ):
                    found.add(p.actor_id)
        return found.pop() if len(found) == 1 else None

    # ------------------------------------------------------------------ ages
    def _age(self, toks: list, words: list[str], i: int, ctx: Context, people: list[Mention],
             date: str | None) -> Mention | None:
        """"der 71-Jährige" → the person whose stated age or birth year gives 71 on the article date."""
        m = self.kb.age_pattern.match(words[i]) if self.kb.age_pattern else None
        if m is None:
            return None
        age = int(m.group(1))
        year = int(date[:4]) if date and date[:4].isdigit() else None
        seen: set[str] = set()
        for p in reversed(people):
            if p.actor_id in seen:
                continue
            seen.add(p.actor_id)
            actor = self.kb.actors.get(p.actor_id)
            stated = ctx.ages.get(p.actor_id)
            born = actor.born if actor else None
            if stated == age or (stated is None and born and year and year - born in (age, age + 1)):
                return Mention(toks[i - 1].start, toks[i].end, p.actor_id, "PER", "age", "coref", tok=i - 1)
        return None

    def _pronoun(self, toks: list, words: list[str], i: int, gender: str, people: list[Mention],
                 ctx: Context) -> Mention | None:
        """er/sie → the most recent compatible person of the last two sentences (main clauses first)."""
        if not people:
            return None
        last = people[-1]
        if last.tok in ctx.embedded:  # "…, die Putin vertritt. …, sagte er." → the main-clause person
            main = [p for p in people if p.tok not in ctx.embedded]
            if not main or toks[i].sent - toks[main[-1].tok].sent > 2:
                return None
            last = main[-1]
        sent = toks[i].sent
        if sent - toks[last.tok].sent > 2:
            return None
        actor = self.kb.actors.get(last.actor_id)
        g = actor.gender if actor else None
        if gender == "f":
            nxt = words[i + 1] if i + 1 < len(words) else ""
            prv = words[i - 1] if i > 0 else ""
            if g != "f" or nxt in _PLURAL_VERBS or prv in _PLURAL_VERBS or sent - toks[last.tok].sent > 1:
                return None
        elif g == "f":
            return None
        return Mention(toks[i].start, toks[i].end, last.actor_id, "PER", "pronoun", "coref", tok=i)


_RELATIVE = frozenset("der die das den dem dessen deren denen welcher welche welches".split())


def _in_relative_clause(words: list[str], i: int) -> bool:
    """Whether the name at token ``i`` opens a relative clause: ", die Putin vertritt"."""
    return i >= 2 and words[i - 1] in _RELATIVE and words[i - 2] == ","


def _sentence_initial(toks: list, i: int) -> bool:
    return i == 0 or toks[i - 1].sent != toks[i].sent or toks[i - 1].start == toks[i].start
