"""Gazetteer matching of knowledge-base names over article tokens, and linking of NER entities.

:class:`Linker` finds names (multi-word, genitive -s), country adjectives and demonyms, capitals and
seats used as metonyms ("Moskau" acting → RUSGOV, "in Moskau" stays a place) and turns entity spans
from the NER model into actors: a knowledge-base actor, or a local actor whose id is content-addressed
from the normalised name ("per:antony-blinken"), so the same person gets the same id in every article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from ..model import Article
from .kb import KB, Actor, slug, split_name
from .translit import Transliterator

LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}
#: photo and picture credits: names inside are metadata, never actors
CREDIT = re.compile(r"\b(?:Fotos?|Bild|Bilder|Quelle|Grafik|Video)\s*:\s*[^\n()]*", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    """A span of the article that refers to an actor."""

    start: int
    end: int
    actor_id: str
    label: str  # PER | ORG | LOC | MISC
    kind: str  # name | adjective | demonym | metonym | role | pronoun | age | ner
    source: str = "kb"  # kb | ner | coref
    tok: int = -1  # index of the first token
    tok_end: int = -1  # index after the last token
    actor: Actor | None = None  # set when the actor is not in the knowledge base (local, synthesised)


_OPENERS = frozenset('„"«»‚(–-:')


def _opens_sentence(toks: list, words: list[str], i: int) -> bool:
    """Whether token ``i`` starts a sentence (a capitalised adjective there is not part of a name)."""
    return i == 0 or toks[i - 1].sent != toks[i].sent or words[i - 1] in _OPENERS


def credit_spans(article: Article) -> list[tuple[int, int]]:
    """Character spans of photo credits ("Foto: …"), where names are not actors."""
    return [(m.start(), m.end()) for m in CREDIT.finditer(article.text)]


class Linker:
    """Names → actors for one knowledge base. Holds only read-only indexes; safe to share."""

    def __init__(self, kb: KB, translit: Transliterator) -> None:
        self.kb = kb
        self.tr = translit
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.first: dict[str, int] = {}
        for name, ids in kb.names.items():
            key = split_name(name)
            if not key:
                continue
            self.index.setdefault(key, []).extend(i for i in ids if i not in self.index.get(key, []))
            self.first[key[0]] = max(self.first.get(key[0], 0), len(key))
        self.person_names = {n: ids for n, ids in kb.names.items() if any(kb.actors[i].type == "PER" for i in ids)}
        self._fuzzy_choices = list(self.person_names)

    # ------------------------------------------------------------------ names
    def match_names(self, article: Article, words: list[str]) -> list[Mention]:
        """Longest-match gazetteer pass over the tokens (names, adjectives, demonyms, metonyms)."""
        kb, toks, out = self.kb, article.tokens, []
        i, n = 0, len(toks)
        while i < n:
            w = words[i]
            if not w[:1].isalnum():
                i += 1
                continue
            # a lower-case adjective can open a listed name ("bayerische Staatsregierung")
            named = w[:1].isupper() or w[:1].isdigit() or w.lower() in kb.adjectives
            hit = self._longest(words, i) if named else None
            if hit is not None:
                length, ids = hit
                actor = self.choose(ids, article.published)
                out.append(Mention(toks[i].start, toks[i + length - 1].end, actor.id,
                                   LABELS.get(actor.type, "MISC"), "name", tok=i, tok_end=i + length))
                i += length
                continue
            low = w.lower()
            if low in kb.adjectives and (w[:1].islower() or _opens_sentence(toks, words, i)):
                code = kb.adjectives[low]
                out.append(Mention(toks[i].start, toks[i].end, f"gpe:{code.lower()}", "MISC", "adjective",
                                   tok=i, tok_end=i + 1))
            elif w in kb.demonyms:
                code = kb.demonyms[w]
                people = kb.sector_actor(code, kb.demonym_sector) if kb.demonym_sector else None
                out.append(Mention(toks[i].start, toks[i].end, people.id if people else f"gpe:{code.lower()}",
                                   "MISC", "demonym", tok=i, tok_end=i + 1, actor=people))
            i += 1
        return out

    def _longest(self, words: list[str], i: int) -> tuple[int, list[str]] | None:
        w = words[i]
        stem = w[:-1] if w.endswith("s") and len(w) > 3 else None
        maxlen = max(self.first.get(w, 0), self.first.get(stem, 0) if stem else 0)
        for length in range(min(maxlen, len(words) - i), 0, -1):
            key = tuple(words[i : i + length])
            ids = self.index.get(key)
            if ids is None and key[-1].endswith("s") and len(key[-1]) > 3:
                ids = self.index.get(key[:-1] + (key[-1][:-1],))  # genitive: Lawrows, Russlands
            if ids:
                return length, ids
        return None

    def choose(self, ids: list[str], date: str | None) -> Actor:
        """Pick one actor among those sharing a name: hand-checked first, then those active on date."""
        actors = [self.kb.actors[i] for i in ids]
        if len(actors) == 1:
            return actors[0]

        def rank(a: Actor) -> tuple[int, int, int]:
            return (a.born is not None, a.type != "PER", bool(date and a.code_at(date) != a.code))

        return max(actors, key=rank)

    # --------------------------------------------------------------- metonyms
    def metonyms(self, article: Article, words: list[str], mentions: list[Mention]) -> None:
        """Capitals and seats that act become governments; contextual ones (Brüssel) by article context."""
        counts = Counter(m.actor_id for m in mentions)
        kb = self.kb
        for m in mentions:
            if m.kind != "name":
                continue
            text = article.text[m.start : m.end]
            if text in kb.contextual:
                candidates, fallback = kb.contextual[text]
                best = max(candidates, key=lambda c: counts.get(c, 0))
                m.actor_id = best if counts.get(best, 0) else self._fallback(fallback)
                m.kind = "metonym"
                m.label = "LOC"
                continue
            code = kb.capitals.get(text)
            actor = kb.actors.get(m.actor_id)
            if code is None or actor is None or actor.type != "LOC":
                continue
            if self._acts(article, words, m):
                region = kb.regions.get(text) or kb.regions.get(text[:-1])
                if region and not self._foreign_in_sentence(article, mentions, m, code):
                    m.actor_id = kb.government(region).id  # "Berlin verschärft die Maskenpflicht": the Land
                else:
                    m.actor_id = kb.government(code).id
                m.kind = "metonym"

    def _foreign_in_sentence(self, article: Article, mentions: list[Mention], m: Mention, code: str) -> bool:
        """Whether another country, its government or capital is named in ``m``'s sentence ("Moskau warf
        Berlin vor …"): then a capital that is also a region (Berlin, Wien) stands for the national government."""
        toks = article.tokens
        sent = toks[m.tok].sent if 0 <= m.tok < len(toks) else -1
        for o in mentions:
            if o is m or not (0 <= o.tok < len(toks)) or toks[o.tok].sent != sent:
                continue
            other = self.kb.actors.get(o.actor_id)
            if other is None:
                continue
            place_code = self.kb.capitals.get(article.text[o.start : o.end])
            own = other.country or place_code or ""
            if (other.type == "GPE" or o.actor_id.startswith("gov:") or place_code) and own[:3] != code and len(own) == 3:
                return True
            if other.type == "ORG" and (other.code or "").startswith("IGO"):
                return True
        return False

    def _fallback(self, ref: str) -> str:
        prefix, code = ref.split(":")
        if prefix == "gov":
            return self.kb.government(code.upper()).id
        country = self.kb.country_actor(code.upper())
        return country.id if country else ref

    def _acts(self, article: Article, words: list[str], m: Mention) -> bool:
        """A capital acts unless a locative preposition precedes it or it is the dateline."""
        prev = words[m.tok - 1].lower() if m.tok > 0 else ""
        if prev in self.kb.locative:
            return False
        if prev in ("und", "oder", ",") and any(w in self.kb.locative for w in words[max(0, m.tok - 4) : m.tok]):
            return False  # "in Hessen und Nassau": coordinated with a place
        nxt = words[m.tok_end] if m.tok_end < len(words) else ""
        first_in_line = m.start == 0 or article.text[m.start - 1] == "\n"
        return not (first_in_line and nxt in {"-", "–", "(", "taz", "|", ":", "/"})

    # -------------------------------------------------------------------- NER
    def link_entity(self, text: str, label: str, date: str | None) -> Actor:
        """An actor for an NER entity: exact or genitive KB name, transliterated or fuzzy person name, else local."""
        for cand in (text, text[:-1] if text.endswith("s") else None):
            if cand and cand in self.kb.names:
                return self.choose(self.kb.names[cand], date)
        if label == "PER" and " " not in text and date:
            holder = self.unique_surname(text, date)
            if holder is not None:
                return holder
        if label == "PER" and " " in text:
            key = self.name_key(text)
            for v in self.tr.name_variants(text, country="RUS")[:3]:
                if v in self.person_names:
                    return self.choose(self.person_names[v], date)
            hit = process.extractOne(key, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=92)
            if hit is not None and hit[0].split()[-1][:1] == key.split()[-1][:1]:
                return self.choose(self.person_names[hit[0]], date)
        return self.local_actor(text, label)

    def unique_surname(self, text: str, date: str) -> Actor | None:
        """The one person of the knowledge base with surname ``text`` (or its genitive) who holds a dated
        role on ``date`` ("Kretschmer", "Kretschmers" → Michael Kretschmer); None when none or several."""
        for cand in (text, text[:-1] if text.endswith("s") else None):
            ids = self.kb.surnames.get(cand or "")
            if not ids:
                continue
            active = [self.kb.actors[i] for i in ids
                      if any((r.start or r.end) and r.active(date) for r in self.kb.actors[i].roles)]
            if len(active) == 1:
                return active[0]
        return None

    def name_key(self, name: str) -> str:
        """Normalised spelling of a person name: German given names and surname exceptions."""
        words = name.split()
        out = []
        for k, w in enumerate(words):
            if k < len(words) - 1:
                w = self.tr.given_names.get(w, w)
                for best, alts in self.tr.given_alternatives.items():
                    if w in alts:
                        w = best
            else:
                w = self.tr.surnames.get(w, w)
            out.append(w)
        return " ".join(out)

    def local_actor(self, text: str, label: str) -> Actor:
        """A content-addressed actor for a name the knowledge base does not know."""
        parts = text.split()
        if len(parts) > 1 and len(set(parts)) == 1:
            text = parts[0]  # "Bolsonaro Bolsonaro": a name repeated across a heading
        name = self.name_key(text) if label == "PER" else text
        prefix = {"PER": "per", "ORG": "org", "LOC": "loc"}.get(label, "misc")
        typ = label if label in ("PER", "ORG", "LOC") else "MISC"
        return Actor(f"{prefix}:{slug(name)}", name, None, None, None, typ, (text,) if text != name else (),
                     local=True)


def actor_record(actor: Actor, date: str | None) -> dict[str, Any]:
    """The JSON-friendly description of an actor kept in ``Article.meta['actors']``."""
    return {
        "canonical": actor.canonical,
        "code": actor.code_at(date),
        "country": actor.country,
        "sector": actor.sector,
        "type": actor.type,
        "local": actor.local,
    }
