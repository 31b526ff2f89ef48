"""The persons and organisations of one article, for speaker resolution.

:class:`Discourse` reads every name of an article — the entities of the NER and actors stages, else the
tagger's name runs — and groups them into :class:`Referent` records: "Sergej Lawrow", "Lawrow" and "Lawrows"
are one person; "Reporter ohne Grenzen (ROG)" and "ROG" one organisation. Each referent keeps its surface
forms (its fullest name is the longest, as the article writes it, titles dropped), what the article
describes it with ("Kremlsprecher Dmitri Peskow", "der Konzern AstraZeneca", "Wolfgang Katzian, Chef des
ÖGB"), its age ("der 71-jährige Lawrow", "Lawrow (71)"), gender (honorific, knowledge base, a gendered
description, first name) and where it is mentioned, and whether as a clause subject. Descriptions that
speak without a name ("ein Sprecher der Polizei") become referents of their own when resolved.

Words come from ``lang/<code>/speech/speakers.yaml``; the knowledge base adds genders, birth years and the
office held on the article's date (:func:`lagebild.actors.kb.role_on`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .view import View

_AGE_WORD = re.compile(r"^(\d{1,3})-[Jj]ährige[nmrs]?$")
_ABBREV = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜa-z0-9&\-]*[A-ZÄÖÜ0-9]$")
_KIND_OF_LABEL = {"PER": "person", "ORG": "org", "LOC": "place", "MISC": "other"}
#: actor types of the actors stage (``Entity.actor_type``) -> referent kind
_KIND_OF_TYPE = {"person": "person", "organisation": "org", "state": "org", "substate": "org", "armed": "org",
                 "place": "place", "other": "other"}
_KIND_OF_KB = {"PER": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
_ARTICLES = frozenset("der die das des dem den ein eine einer eines einem einen".split())


@dataclass(slots=True, eq=False)
class Referent:
    """One person, organisation or group of an article (see the module docstring)."""

    kind: str  # person | org | place | group | other | unknown
    forms: list[tuple[int, str]] = field(default_factory=list)  # (first token, surface form in the nominative)
    tokens: list[int] = field(default_factory=list)  # first token of every mention, text order
    subjects: set[int] = field(default_factory=set)  # mentions that are clause subjects
    descriptors: set[str] = field(default_factory=set)  # lower-case description nouns ("außenminister")
    gender: str | None = None  # m | f
    plural: bool = False
    age: int | None = None
    actor_id: str | None = None
    surname: str | None = None
    given: set[str] = field(default_factory=set)  # lower-case first names seen with the surname
    aliases: set[str] = field(default_factory=set)  # lower-case forms and abbreviations
    description: bool = False  # named by a description only ("ein Sprecher der Polizei")
    nominal: set[int] = field(default_factory=set)  # first tokens of forms in a nominative position

    @property
    def name(self) -> str:
        """The fullest name: the form with most words (then characters), the first such in the text."""
        written = {f for _, f in self.forms}
        # a genitive form ("Saddam Husseins") loses against the same name without the "-s"
        forms = [f for f in self.forms if not (f[1].endswith("s") and f[1][:-1] in written)] or self.forms
        best = max(forms, key=lambda f: (len(f[1].split()), f[0] in self.nominal, len(f[1]), -f[0]))
        return best[1]

    def mention(self, tok: int, *, subject: bool = False) -> None:
        if tok not in self.tokens:
            self.tokens.append(tok)
            self.tokens.sort()
        if subject:
            self.subjects.add(tok)

    def last_before(self, tok: int) -> int | None:
        """The last mention before token ``tok``."""
        before = [t for t in self.tokens if t < tok]
        return before[-1] if before else None


def _lower_fold(w: str) -> str:
    return w.lower().rstrip("'’")


class Discourse:
    """The referents of one article (build once per article; the resolver adds descriptions)."""

    def __init__(self, v: View) -> None:
        self.v = v
        self.lex = v.lex
        self.date = v.a.published
        self.refs: list[Referent] = []
        self.by_token: dict[int, Referent] = {}
        self.spans: dict[int, tuple[int, int]] = {}  # first token -> name span
        self._kb = _knowledge_base(v.lex.language)
        self._titles = self.lex.speaker_words("name_titles")
        self._particles = self.lex.speaker_words("name_particles")
        self._abstract = self.lex.speaker_words("abstract_nouns")
        self._capitals = {_lower_fold(w) for w in v.capital_words}
        spans = self._name_spans()
        # full names first, so that a surname before its full name ("Lawrow: …", then "Sergej Lawrow") joins it
        for i, j, kind, actor_id in sorted(spans, key=lambda s: (s[1] - s[0] == 1, s[0])):
            self._add_name(i, j, kind, actor_id)
        for r in self.refs:
            r.tokens.sort()
        self._abbreviations()
        self._describe()

    # ------------------------------------------------------------------ names
    def _name_spans(self) -> list[tuple[int, int, str, str | None]]:
        """``(i, j, kind, actor id)`` of every name: clean entity spans, then name runs they do not cover."""
        v = self.v
        out: list[tuple[int, int, str, str | None]] = []
        taken: set[int] = set()
        for e in sorted(v.a.entities, key=lambda e: (e.start, -e.end)):
            if e.source == "coref" or e.label not in _KIND_OF_LABEL:
                continue
            i = v.token_at(e.start)
            if i is None or v.toks[i].start >= e.end:
                continue
            j = i
            while j < len(v.toks) and v.toks[j].start < e.end:
                j += 1
            cleaned = self._clean(i, j, e.label)
            if cleaned is None or any(k in taken for k in range(cleaned[0], cleaned[1])):
                continue
            span = cleaned[:2]
            kind = _KIND_OF_TYPE.get(getattr(e, "actor_type", None) or "", _KIND_OF_LABEL[e.label])
            actor = e.actor_id
            if cleaned[2] and kind != "person":
                kind, actor = "person", None
            if all(v.pos(k) in ("ADJA", "ADJD") or v.words[k][:1].islower() for k in range(*span)):
                continue  # "saudischen", "US-amerikanischer": an adjective, not a name
            i, j, kind, actor = self._inner_person(*span, kind, actor)
            if kind == "person" and i == span[0] and j - i <= 2 and i > 0 and i - 1 not in taken \
                    and v.words[i - 1][:1].isupper() and v.toks[i - 1].sent == v.toks[i].sent \
                    and v.lower[i - 1] not in self._titles and not self.is_role_word(v.words[i - 1]) \
                    and (v.pos(i - 1) == "NE" and not self._is_place(i - 1, i)
                         or is_given_name(self.lex.language, v.words[i - 1])):
                i -= 1  # "Thorben Albrecht", "Barack Obama" when NER found the surname only
            elif kind in ("place", "org") and i > 0 and i - 1 not in taken and v.pos(i - 1) == "NN" and \
                    self._org_noun(v.lower[i - 1]) and v.toks[i - 1].sent == v.toks[i].sent and (
                        kind == "place" or self._is_place(i, j) or (actor or "").startswith(("gpe:", "gov:", "loc:"))):
                # "Staatsanwaltschaft Nürnberg-Fürth", "Stadt Kassel", "Bundespolizeidirektion Wien"
                i, kind, actor = i - 1, "org", None
            if kind == "org":
                # "die Süddeutsche Zeitung", "Vattenfall Europe" when NER found "Zeitung", "Europe"
                while i > 0 and i - 1 not in taken and v.toks[i - 1].sent == v.toks[i].sent and v.words[i - 1][:1].isupper() \
                        and (v.pos(i - 1) == "ADJA" or v.pos(i - 1) == "NE" and not self._is_place(i - 1, i)) \
                        and j - i < 6:
                    i -= 1
            out.append((i, j, kind, actor))
            taken.update(range(i, j))
        for i, j in self._quoted_names():
            if not any(k in taken for k in range(i, j)):
                out.append((i, j, "org", None))
                taken.update(range(i, j))
        for i, j in v.names:
            cleaned = self._clean(i, j, None)
            if cleaned is not None and not any(k in taken for k in range(cleaned[0], cleaned[1])):
                span = cleaned[:2]
                kind = "person" if cleaned[2] else self._kind_of(*span)
                out.append(self._inner_person(*span, kind, None))
                taken.update(range(*span))
        return self._join_particles(sorted(out))

    def _quoted_names(self) -> list[tuple[int, int]]:
        """Names in quotation marks after an organisation or medium noun: "die Organisation „Reporter ohne
        Grenzen“", "die Wochenzeitschrift „Jungle World“"."""
        v = self.v
        media = self.lex.words("medium_nouns")
        out = []
        for q in range(1, len(v.toks) - 2):
            if v.words[q] not in ("„", "»", "«", '"', "‚") or v.pos(q - 1) != "NN":
                continue
            low = v.lower[q - 1]
            if not (self._org_noun(low) or any(low.endswith(m) for m in media)):
                continue
            e = q + 1
            while e < len(v.toks) and e < q + 8 and v.pos(e) != "$(" and v.toks[e].sent == v.toks[q].sent:
                e += 1
            if e < len(v.toks) and v.pos(e) == "$(" and e > q + 1 and v.words[q + 1][:1].isalnum():
                out.append((q + 1, e))
        return out

    def _inner_person(self, i: int, j: int, kind: str, actor: str | None) -> tuple[int, int, str, str | None]:
        """A person name at the end of a longer name span ("Massachusetts Mitt Romney"): the person; a
        known first name alone before a capitalised word the tagger missed: both ("Theo Zwanziger")."""
        v = self.v
        if j - i == 1 and kind in ("person", "unknown") and j < len(v.toks) and _first_name_gender(
                self.lex.language, v.words[i]) and v.words[j][:1].isupper() and v.pos(j) in ("ADJA", "ADJD", "NN", "NE") \
                and v.toks[j].sent == v.toks[i].sent and not self.is_role_word(v.words[j]) and v.lower[j] not in self._abstract:
            return i, j + 1, "person", actor
        if j - i < 3 or kind == "person":
            return i, j, kind, actor
        for k in range(i + 1, j - 1):
            if _first_name_gender(self.lex.language, v.words[k]) or self._is_place(i, k) or (
                    self._kb is not None and any(a.type == "PER" for a in self._kb.lookup(v.span_text(k, j)))):
                return k, j, "person", None  # "Massachusetts Mitt Romney", "San Francisco Dianne Feinstein"
        return i, j, kind, actor

    def _join_particles(self, spans: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str, str | None]]:
        """Names split at a lower-case particle are one person: "Karl-Theodor zu Guttenberg", "Ursula von der
        Leyen" (the second part is often read as a place)."""
        v = self.v
        out: list[tuple[int, int, str, str | None]] = []
        for span in spans:
            if out:
                i, j, kind, actor = out[-1]
                gap = range(j, span[0])
                if not gap and kind in ("person", "unknown") and span[2] in ("person", "unknown") \
                        and v.toks[span[0]].sent == v.toks[i].sent and span[1] - i <= 4:
                    out[-1] = (i, span[1], "person", actor if kind == "person" else span[3])
                    continue  # "Hirsi" + "Ali": one name NER cut in two
                if (0 < len(gap) <= 2 and j - i == 1 and all(v.lower[k] in self._particles and v.words[k][:1].islower() for k in gap)
                        and v.lower[j] not in ("und", "für", "gegen", "in", "im", "aus", "auf", "an", "am", "über")
                        and kind in ("person", "unknown") and span[2] in ("person", "unknown", "place")
                        and v.toks[span[0]].sent == v.toks[i].sent and span[1] - span[0] == 1):
                    out[-1] = (i, span[1], "person", actor if kind == "person" else None)
                    continue
            out.append(span)
        return out

    def _clean(self, i: int, j: int, label: str | None) -> tuple[int, int, bool] | None:
        """A name span without leading descriptions, titles and glyphs, and whether a person description
        stood before it (then it names a person, whatever NER said: "der Oberstaatsanwältin Antje
        Gabriels-Gorsolke" tagged as a place); None when it is no name (a lower-case content word inside:
        "Badawi mitgegründetes Internetforum")."""
        v = self.v
        honor = self.lex.speaker_words("honorifics")
        person = False
        start = -1
        while start != i:
            start = i
            while i < j and (v.pos(i) in ("$(", "APPR", "APPRART", "$,") or v.lower[i] in _ARTICLES
                             or v.lower[i] in self._titles or v.lower[i] in honor):
                i += 1
            # "Ifo-Präsident Clemens Fuest", "BKA-Präsident Ziercke": the description is no part of the name
            while j - i > 1 and self.is_role_word(v.words[i]) and any(
                    v.words[k][:1].isupper() and not self.is_role_word(v.words[k]) for k in range(i + 1, j)):
                i += 1
                person = True
            if label in ("PER", None):
                # "Bloggers Raif Badawi", "Milliardär Sir Richard Branson": a common noun before the name
                # (not a first name the tagger took for a noun: "Renate Künast")
                while j - i > 1 and v.pos(i) == "NN" and not v.is_name(i) and any(
                        v.pos(k) in ("NE", "FM") for k in range(i + 1, j)) \
                        and not is_given_name(self.lex.language, v.words[i]):
                    i += 1
        while j > i and (v.pos(j - 1) in ("$(", "$,", "$.") and v.words[j - 1] != "."
                         or v.lower[j - 1] in self._particles):
            j -= 1
        if label in ("PER", None):
            if j - i > 1 and v.pos(j - 1) == "NN" and v.pos(j - 2) == "NE" and v.lower[j - 2].endswith("s") \
                    and self.is_role_word(v.words[j - 1]):
                return None  # "Badawis Ehefrau": a description with a Saxon genitive
        elif label == "ORG" and j - i > 1 and v.pos(i) == "NN" and self._org_noun(v.lower[i]) and all(
                v.pos(k) in ("NE", "FM") or v.lower[k] in self._particles for k in range(i + 1, j)) and not self._is_place(i + 1, j):
            i += 1  # "das Hilfswerk Oxfam", "die Menschenrechtsorganisation amnesty international"
        if label in ("PER", None) or person:
            # "Jane Greaves von der University of Oxford": a first and last name end the person's name;
            # "Dmitri Peskow der Agentur Interfax": a particle before a common noun opens an attribute
            cut = next((k for k in range(i + 1, j) if v.lower[k] in self._particles and v.words[k][:1].islower() and (
                (v.lower[k] in ("von", "vom", "aus") and k >= i + 2 and all(v.words[x][:1].isupper() for x in range(i, k)))
                or (k + 1 < j and v.pos(k + 1) not in ("NE", "FM") and v.lower[k + 1] not in self._particles))), None)
            if cut is not None:
                j = cut
        if i >= j or (j - i == 1 and self.is_role_word(v.words[i])):
            return None  # "Kremlsprecher", "FPÖ-Chef", "Ifo-Präsident": a description
        for k in range(i, j):
            w = v.words[k]
            if w[:1].islower() and v.lower[k] not in self._particles and not (k > i and v.words[k - 1].endswith("-")):
                if v.pos(k) not in ("NE", "FM") and "-" not in w and not any(c.isdigit() for c in w):
                    return None
        if all(v.lower[k] in self._abstract for k in range(i, j) if v.words[k][:1].isupper()):
            return None
        return i, j, person

    def is_role_word(self, word: str) -> bool:
        """A role or person noun ("Außenminister", "SPD-Fraktionsvorsitzende", "EU-Beamter"): a description."""
        return _is_role_word(self.lex.language, word)

    def _org_noun(self, low: str) -> bool:
        return ends_with_any(low, self.lex.speaker_words("organisation_nouns"))

    def _is_place(self, i: int, j: int) -> bool:
        if self._kb is None:
            return False
        return any(a.type in ("GPE", "LOC") for a in self._kb.lookup(self.v.span_text(i, j)))

    def _kind_of(self, i: int, j: int) -> str:
        """The kind of a name without an entity: the knowledge base's type, a known first name, else unknown."""
        v = self.v
        if self._kb is not None:
            for a in self._kb.lookup(v.span_text(i, j)):
                return _KIND_OF_KB.get(a.type, "other")
        if j - i > 1 and _first_name_gender(self.lex.language, v.words[i]) is not None:
            return "person"
        return "unknown"

    def form(self, i: int, j: int) -> str:
        """The nominative surface form of the name tokens ``i:j``: a genitive "-s" in a genitive position
        dropped when the article or the knowledge base also writes the name without it ("Merkels Rede" ->
        Merkel), adjectives of an organisation name in the strong nominative ("des Weißen Hauses" -> Weißes
        Haus, "der Süddeutschen Zeitung" -> Süddeutsche Zeitung)."""
        v = self.v
        words = [v.words[k] for k in range(i, j)]
        last = words[-1]
        nxt = v.pos(j) if j < len(v.toks) else ""
        genitive = (nxt in ("NN", "ADJA") or "Case=Gen" in v.toks[j - 1].feats
                    or (i > 0 and v.lower[i - 1] in ("des", "eines")))
        if last.endswith(("'", "’")):
            words[-1] = last[:-1]
        elif genitive and len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
            stem = last[:-1]
            if _lower_fold(stem) in self._capitals or (self._kb is not None and (stem in self._kb.surnames or stem in self._kb.names)):
                words[-1] = stem
            elif v.pos(j - 1) == "NN" and (v.toks[j - 1].lemma or "") in (stem, last[:-2]):
                words[-1] = v.toks[j - 1].lemma
            elif v.pos(j - 1) == "NN" and "Number=Plur" not in v.toks[j - 1].feats:
                words[-1] = genitive_stem(last)  # "des Bundesarbeitsministeriums", "des Verlages"
        if v.pos(j - 1) == "NN":  # "des Weißen Hauses": the head noun's lemma, its adjectives strong
            lemma = v.toks[j - 1].lemma or ""
            if lemma[:1].isupper() and words[-1].startswith(lemma) and words[-1][len(lemma):] in ("s", "es"):
                plural = "Number=Plur" in v.toks[j - 1].feats
                if not plural:
                    words[-1] = lemma
            gender = "p" if "Number=Plur" in v.toks[j - 1].feats else {
                "Fem": "f", "Masc": "m", "Neut": "n"}.get(_feature(v, j - 1, "Gender") or "")
            end = {"f": "e", "m": "er", "n": "es", "p": "e"}.get(gender)
            for n, k in enumerate(range(i, j - 1)):
                w = v.words[k]
                if end and v.pos(k) == "ADJA" and w[:1].isupper() and not w.endswith("er" if gender != "m" else "xx") \
                        and w.endswith(("e", "en", "em", "er", "es")):
                    base = w[:-1] if w.endswith("e") else w[:-2]
                    words[n] = base + end
        text = v.span_text(i, j)
        if words == v.words[i:j]:
            return " ".join(text.split())
        if words[:-1] == v.words[i : j - 1]:
            return " ".join(text[: len(text) - len(v.words[j - 1])].split() + [words[-1]]) if j - i > 1 else words[-1]
        return " ".join(words)

    def nominative(self, i: int) -> bool:
        """Whether the name at token ``i`` stands in a nominative position (not after a preposition or
        an oblique article)."""
        v = self.v
        if i == 0 or v.toks[i - 1].sent != v.toks[i].sent:
            return True
        prev = v.lower[i - 1]
        if v.pos(i - 1) in ("APPR", "APPRART") or prev in ("des", "dem", "den", "eines", "einem", "einen"):
            return False
        return not ("Case=Gen" in v.toks[i].feats or "Case=Dat" in v.toks[i].feats)

    def _add_name(self, i: int, j: int, kind: str, actor_id: str | None) -> None:
        v = self.v
        form = self.form(i, j)
        words = form.split()
        key = _lower_fold(words[-1])
        if key.endswith("s") and len(key) > 4 and not any(r.surname == key for r in self.refs) and any(
                r.surname == key[:-1] for r in self.refs):
            key = key[:-1]  # "Saddam Husseins" after "Saddam Hussein": a genitive the form kept
            form = form[:-1]
            words = form.split()
        given = {_lower_fold(w) for w in words[:-1] if _lower_fold(w) not in self._particles}
        ref = None
        if actor_id is not None and not actor_id.startswith(("loc:", "misc:")) and (
                any(v.pos(k) in ("NE", "FM") for k in range(i, j)) or kind == "person"):
            # one actor under two names ("WHO", "Weltgesundheitsorganisation"); not a common noun the actors
            # stage read as its institution ("Sicherheitsrat" -> Vereinte Nationen)
            ref = next((r for r in self.refs if r.actor_id == actor_id), None)
        if ref is None and kind in ("person", "unknown"):
            same = [r for r in self.refs if r.kind == "person" and r.surname == key]
            if given:
                same = [r for r in same if not r.given or r.given & given or any(
                    g[:1] == h[:1] and (g.endswith(".") or h.endswith(".")) for g in given for h in r.given)]
            if same:
                before = [r for r in same if any(t < i for t in r.tokens)]
                ref = max(before, key=lambda r: max(t for t in r.tokens if t < i)) if before else same[0]
            elif len(words) == 1:  # "Pérez" for "Adolfo Pérez Esquivel": a part of one full name
                inner = [r for r in self.refs if r.kind == "person" and any(
                    key in [_lower_fold(w) for w in f.split()[1:-1]] for _, f in r.forms)]
                ref = inner[0] if len(inner) == 1 else None
        if ref is None and kind != "person":
            low = form.lower()
            ref = next((r for r in self.refs if low in r.aliases and r.kind != "person"), None)
        if ref is None:
            if kind == "unknown" and len(words) == 1 and words[0][:1].isupper() and v.pos(i) == "NE":
                kind = "person" if any(r.surname == key for r in self.refs if r.kind == "person") else "unknown"
            ref = Referent(kind=kind, actor_id=actor_id)
            self.refs.append(ref)
        if ref.kind == "unknown" and kind != "unknown":
            ref.kind = kind
        if ref.actor_id is None:
            ref.actor_id = actor_id
        if ref.kind in ("person", "unknown") and (len(words) > 1 or ref.surname is None):
            ref.surname = ref.surname or key
            ref.given |= given
        ref.forms.append((i, form))
        if self.nominative(i):
            ref.nominal.add(i)
        ref.aliases.add(form.lower())
        ref.mention(i, subject=self._is_subject(i, j))
        for k in range(i, j):
            self.by_token[k] = ref
        self.spans[i] = (i, j)
        # "Reporter ohne Grenzen (ROG)": the abbreviation names the same organisation
        if j + 2 < len(v.toks) and v.words[j] == "(" and v.words[j + 2] == ")" and _ABBREV.match(v.words[j + 1]):
            ref.aliases.add(v.lower[j + 1])

    def _is_subject(self, i: int, j: int) -> bool:
        v = self.v
        head = next((k for k in range(i, j) if not (i <= v.toks[k].head < j)), i)
        return v.toks[head].rel in ("nsubj", "nsubj:pass")

    # ---------------------------------------------------------- abbreviations
    def _abbreviations(self) -> None:
        """An abbreviation is the organisation it abbreviates: given in parentheses or after "kurz" ("Reporter
        ohne Grenzen (ROG)", "„Fédération Internationale de Football Association“, kurz FIFA"), or spelling
        the initials of a longer name of the article ("American Library Association" -> ALA)."""
        v = self.v
        for i, (_, j) in sorted(self.spans.items()):
            ref = self.by_token[i]
            k = j
            while k < len(v.toks) and v.pos(k) == "$(" and v.words[k] not in ("(", ")"):
                k += 1  # a closing quotation mark
            if k + 2 < len(v.toks) and v.words[k] == "(" and v.words[k + 2] == ")" and _ABBREV.match(v.words[k + 1]):
                ref.aliases.add(v.lower[k + 1])
            elif k + 2 < len(v.toks) and v.words[k] == "," and v.lower[k + 1] == "kurz":
                n = k + 2
                while n < len(v.toks) and v.pos(n) == "$(":
                    n += 1
                if n < len(v.toks) and _ABBREV.match(v.words[n]):
                    ref.aliases.add(v.lower[n])
        for short in [r for r in self.refs if len(r.forms) and all(_ABBREV.match(f) for _, f in r.forms)]:
            key = short.forms[0][1].lower()
            full = [r for r in self.refs if r is not short and r.kind != "person" and (
                key in r.aliases or any(key in _initials(f) for _, f in r.forms if " " in f or "-" in f))]
            if len(full) == 1:
                self._merge(full[0], short)

    def _merge(self, into: Referent, other: Referent) -> None:
        """Fold referent ``other`` into ``into`` (one actor under two names)."""
        into.forms += other.forms
        into.nominal |= other.nominal
        into.aliases |= other.aliases
        into.descriptors |= other.descriptors
        into.subjects |= other.subjects
        for t in other.tokens:
            into.mention(t)
        into.actor_id = into.actor_id or other.actor_id
        for k, r in list(self.by_token.items()):
            if r is other:
                self.by_token[k] = into
        self.refs.remove(other)

    # ------------------------------------------------------------ descriptions
    def _describe(self) -> None:
        """Descriptions, ages and genders from the words around each name and from the knowledge base."""
        v = self.v
        honor = self.lex.speakers.get("honorifics") or {}
        for i, (_, j) in sorted(self.spans.items()):
            ref = self.by_token[i]
            k = i - 1
            while k >= 0 and v.pos(k) == "$(" and v.words[k] not in ("(", ")"):
                k -= 1  # die Organisation „Reporter ohne Grenzen“
            while k >= 0 and (v.lower[k] in self._titles and v.words[k][:1].isupper()):
                k -= 1
            if k >= 0 and v.toks[k].sent == v.toks[i].sent:
                word = v.words[k]
                age = _AGE_WORD.match(word)
                if age:
                    ref.age = int(age.group(1))
                    self._gender_from_article(ref, k)
                elif v.lower[k] in honor:
                    ref.gender = ref.gender or str(honor[v.lower[k]])
                elif (v.pos(k) == "NN" or self.is_role_word(word)) and word[:1].isupper() and k not in self.by_token \
                        and self._descriptive(k):
                    self._add_descriptor(ref, k)
                    if k > 0:
                        age = _AGE_WORD.match(v.words[k - 1])
                        if age:
                            ref.age = int(age.group(1))
            # "Lawrow (71)", "Wolfgang Katzian, Chef des ÖGB,"
            if j + 2 < len(v.toks) and v.words[j] == "(" and v.words[j + 2] == ")" and v.words[j + 1].isdigit():
                ref.age = int(v.words[j + 1])
            elif j + 1 < len(v.toks) and v.words[j] == "," and v.toks[j + 1].sent == v.toks[i].sent:
                n = j + 1
                while n < len(v.toks) and n < j + 5 and v.pos(n) in ("ART", "ADJA", "PPOSAT", "ADV"):
                    n += 1
                if n < len(v.toks) and v.pos(n) == "NN" and self._descriptive(n) and (
                        v.lex.role_of(v.words[n]) or v.toks[n].rel == "appos"
                        or v.lower[n] in self.lex.speaker_words("organisation_nouns")):
                    self._add_descriptor(ref, n)
        for ref in self.refs:
            self._from_kb(ref)
            if ref.kind == "person" and ref.gender is None:
                ref.gender = next((g for _, f in ref.forms if len(f.split()) > 1
                                   for g in [_first_name_gender(self.lex.language, f.split()[0])] if g), None)
            if ref.kind == "org" and ref.gender is None:
                ref.gender = self._noun_gender(ref)

    def _descriptive(self, k: int) -> bool:
        low = self.v.lower[k]
        return low not in self._abstract and low not in self.lex.words("temporal_nouns")

    def _add_descriptor(self, ref: Referent, k: int) -> None:
        v = self.v
        ref.descriptors.add(v.lower[k])
        if ref.kind == "unknown":
            orgs = self.lex.speaker_words("organisation_nouns")
            ref.kind = "org" if any(v.lower[k].endswith(o) for o in orgs) else "person"
        if ref.kind == "person" and ref.gender is None:
            g = gender_of_noun(self.v, k)
            if g is not None:
                ref.gender = g

    def _gender_from_article(self, ref: Referent, k: int) -> None:
        """"die 43-jährige X" / "der 71-jährige X": the article before the age gives the gender."""
        v = self.v
        if ref.gender is None and k > 0 and v.toks[k - 1].sent == v.toks[k].sent:
            art = v.lower[k - 1]
            if art == "der" and v.words[k].endswith("e"):
                ref.gender = "m"
            elif art == "die" and v.words[k].endswith("e"):
                ref.gender = "f"

    def _noun_gender(self, ref: Referent) -> str | None:
        """An organisation's grammatical gender: the parse's gender of its last common noun."""
        v = self.v
        for i, _ in ref.forms:
            j = self.spans.get(i, (i, i + 1))[1]
            for k in range(j - 1, i - 1, -1):
                if v.pos(k) == "NN":
                    g = _feature(v, k, "Gender")
                    return {"Fem": "f", "Masc": "m", "Neut": "n"}.get(g or "")
        return None

    def _from_kb(self, ref: Referent) -> None:
        if self._kb is None:
            return
        if ref.actor_id is None and ref.kind == "person" and len(ref.name.split()) > 1:
            from ..actors.kb import lookup_on

            # a person NER did not link ("Kremlsprecher Dmitri Peskow der Agentur …" read as one organisation)
            found = [a for a, _ in lookup_on(self._kb, ref.name, self.date) if a.type == "PER"]
            ref.actor_id = found[0].id if found else None
        if ref.actor_id is None:
            return
        actor = self._kb.actors.get(ref.actor_id)
        if actor is None:
            return
        if ref.kind == "unknown":
            ref.kind = _KIND_OF_KB.get(actor.type, ref.kind)
        if actor.type == "PER":
            ref.gender = ref.gender or actor.gender
            year = int(self.date[:4]) if self.date and self.date[:4].isdigit() else None
            if ref.age is None and actor.born and year:
                ref.age = year - actor.born  # or one less: compared with a one-year tolerance
            from ..actors.kb import role_on

            role = role_on(actor, self.date)
            title = (role.title if role else None) or actor.title_at(self.date)
            if title:
                ref.descriptors.add(title.lower())

    # ----------------------------------------------------------------- queries
    def referent_in(self, i: int, j: int) -> Referent | None:
        """The referent of a name inside tokens ``i:j`` (the first such token)."""
        return next((self.by_token[k] for k in range(i, j) if k in self.by_token), None)

    def add_description(self, i: int, j: int, name: str, *, kind: str, gender: str | None,
                        plural: bool, head: str | None) -> Referent:
        """A referent for a description that speaks without a name ("ein Sprecher der Polizei")."""
        ref = Referent(kind=kind, gender=gender, plural=plural, description=True)
        ref.forms.append((i, name))
        ref.aliases.add(name.lower())
        if head:
            ref.descriptors.add(head.lower())
        ref.mention(i, subject=self._is_subject(i, j))
        self.refs.append(ref)
        return ref


def _initials(name: str) -> set[str]:
    """Lower-case initials of a name, with and without its lower-case words ("Reporter ohne Grenzen" ->
    {rog, rg}; "Konrad-Adenauer-Stiftung" -> {kas})."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalnum()]
    every = "".join(w[0] for w in words).lower()
    upper = "".join(w[0] for w in words if w[0].isupper()).lower()
    return {every, upper}


def genitive_stem(word: str) -> str:
    """A masculine or neuter noun without its genitive ending ("Ministeriums" -> Ministerium, "Verlages" ->
    Verlag, "Hauses" -> Haus)."""
    if word.endswith("es") and len(word) > 5 and word[-3] not in "aeiouäöü" and not word.endswith(("ses", "nes", "les")):
        return word[:-2]
    if word.endswith("ses") and len(word) > 6 and word[-4] in "aeiouäöü" and word[-5] not in "aeiouäöü":
        return word[:-2]  # "Hauses" -> Haus
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=65536)
def _is_role_word(language: str, word: str) -> bool:
    from .lexicon import load_lexicon

    lex = load_lexicon(language)
    low = word.lower()
    tail = low.rsplit("-", 1)[-1]
    persons = lex.speaker_words("person_nouns")
    forms = {tail} | {tail[: -len(e)] for e in ("en", "n", "s", "es") if tail.endswith(e) and len(tail) - len(e) >= 4}
    return bool(lex.role_of(low) or any(lex.role_of(f) or f in persons or ends_with_any(f, persons, 6) for f in forms))


def ends_with_any(word: str, suffixes: frozenset[str], shortest: int = 1) -> bool:
    """Whether ``word`` ends with one of ``suffixes`` of at least ``shortest`` letters (a set lookup per
    ending of the word, not a scan of the list)."""
    return any(word[k:] in suffixes for k in range(0, len(word) - shortest + 1))


def gender_of_noun(v: View, k: int) -> str | None:
    """The gender a person noun gives its bearer: a feminine "-in"/"-innen" form or a female noun
    ("Ehefrau"), a masculine role noun, else the parse's gender."""
    low = v.lower[k]
    tail = low.rsplit("-", 1)[-1]
    if tail in v.lex.speaker_words("female_nouns"):
        return "f"
    if low not in v.lex.speaker_words("not_feminine") and low.endswith("in") and len(low) > 5 and not low.endswith("ein"):
        return "f"
    if v.lex.role_of(low) or tail in v.lex.speaker_words("person_nouns"):
        return "m"
    g = _feature(v, k, "Gender")
    return {"Fem": "f", "Masc": "m"}.get(g or "")


def _feature(v: View, k: int, name: str) -> str | None:
    for kv in v.toks[k].feats.split("|"):
        if kv.startswith(name + "="):
            return kv.split("=", 1)[1]
    return None


@lru_cache(maxsize=4)
def _knowledge_base(language: str) -> Any:
    """The actor knowledge base (genders, birth years, offices), or None when it cannot be loaded."""
    try:
        from ..actors.kb import load_kb

        return load_kb(language)
    except (ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=4)
def _names_of(language: str) -> tuple[dict[str, str], frozenset[str]]:
    """From the knowledge base's persons, in one pass: first name -> gender (names whose persons all have
    one gender) and every first name."""
    kb = _knowledge_base(language)
    if kb is None:
        return {}, frozenset()
    genders: dict[str, set[str]] = {}
    given: set[str] = set()
    for a in kb.actors.values():
        if a.type != "PER":
            continue
        for name in (a.canonical, *a.variants):
            first, _, rest = name.partition(" ")
            if rest and first[:1].isupper() and not first.endswith(".") and len(first) > 2:
                given.add(first)
                if a.gender in ("m", "f"):
                    genders.setdefault(first, set()).add(a.gender)
    return {n: next(iter(g)) for n, g in genders.items() if len(g) == 1}, frozenset(given)


def _first_name_gender(language: str, word: str) -> str | None:
    return _names_of(language)[0].get(word)


def is_given_name(language: str, word: str) -> bool:
    """Whether ``word`` is a first name of a person the knowledge base knows ("Renate", "Mitt")."""
    return word in _names_of(language)[1]
