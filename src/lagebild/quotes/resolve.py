"""Speaker resolution: a speaker mention (name, pronoun, description, source phrase) to the actor it refers
to and that actor's fullest name in the article.

* A **name** ("Lawrow", "Kremlsprecher Dmitri Peskow", "das Hilfswerk Oxfam") gives its referent's fullest
  name (:mod:`referents`: "Sergej Lawrow"); a description before or around the name is dropped, a genitive
  or prepositional attribute ("der Sprecher der Bundesregierung") and a Saxon genitive ("Demjanjuks Sohn")
  are not the speaker. A place after an organisation noun is part of the name ("Staatsanwaltschaft Oslo").
* A **pronoun** ("er", "sie", "dieser", a possessive in "nach ihren Angaben") refers to the best candidate of
  the last few sentences that agrees in gender and number, preferring the last speaker, clause subjects and
  recent mentions.
* A **definite description** ("der Minister", "die Organisation", "der 71-Jährige", "des Generalanwalts")
  refers to the last referent the article describes with that noun (apposition, an organisation's own name,
  the office the knowledge base records for the article's date) or of that age; else, for a person noun,
  the last speaker when it agrees; else it keeps its own words in the nominative and becomes a referent.
  An indefinite one ("ein Sprecher des Ministeriums") is a new speaker named by its words.
* A **source phrase** names its bearer ("nach Angaben der Polizei" -> Polizei, "laut Behördenangaben" ->
  Behörden, "USGS-Angaben" -> the organisation abbreviated USGS); an abstract noun or document without a
  bearer ("Den Angaben zufolge", "laut dem Bericht") is never the speaker: its issuer is the last speaker
  of the last few sentences.

The actor of the speaker (``Speaker.actor_id``) is its referent's entity actor, else what the actors stage
reads in the mention (``lagebild.actors.resolve_mention``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from . import forms
from .referents import Discourse, Referent, ends_with_any, gender_of_noun
from .view import View

_AGE = re.compile(r"(\d{1,3})-[Jj]ährige")
_PLURAL_VERB_END = ("en", "ten", "ern", "eln")
_BEARER_OPENERS = frozenset({"des", "der", "eines", "einer", "von", "vom", "aus"})


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: its name in the article, its actor id (when linked) and its referent."""

    name: str
    actor_id: str | None = None
    ref: Referent | None = None


def _norm(w: str) -> str:
    return w[:-1] if len(w) > 4 and w.endswith("s") else w


def role_stem(word: str, not_feminine: frozenset[str]) -> str:
    """A description noun without feminine and case endings ("Ministerinnen" -> minister)."""
    w = word.lower()
    if w not in not_feminine:
        for suf in ("innen", "in"):
            if w.endswith(suf) and len(w) - len(suf) >= 4 and not w.endswith("ein"):
                return w[: -len(suf)]
    for suf in ("es", "en", "s", "n"):
        if w.endswith(suf) and len(w) - len(suf) >= 5:
            return w[: -len(suf)]
    return w


class Resolver:
    """Resolves speaker mentions of one article, remembering the last speaker."""

    def __init__(self, v: View) -> None:
        self.v = v
        self.d = Discourse(v)
        self.last: Speaker | None = None
        self.linked = bool(v.a.meta.get("actor_mentions"))  # the actors stage ran on this article
        self._actor_resolve = _actors_resolver() if self.linked else None
        sp = v.lex.speakers
        self.window = int(sp.get("antecedent_window", 3))
        self._pron = {str(k).lower(): str(g) for k, g in (sp.get("pronoun_gender") or {}).items()}
        self._poss = {str(k).lower(): str(g) for k, g in (sp.get("possessive_gender") or {}).items()}
        self._not_fem = v.lex.speaker_words("not_feminine")
        self._orgs = v.lex.speaker_words("organisation_nouns")
        self._groups = v.lex.speaker_words("group_nouns")
        self._abstract = v.lex.speaker_words("abstract_nouns")
        self._person_adj = v.lex.speaker_words("person_adjective_nouns")
        self._documents: list[tuple[int, str, Referent]] = []  # (token, document noun, issuer)
        self._prime()
        self._issuers()

    def _document_key(self, low: str) -> str | None:
        """The document noun a word is or ends with ("Verfassungsschutzberichts" -> bericht), or None."""
        return document_key(self.v.lex.language, low)

    def _issuers(self) -> None:
        """Who issued each document the article names: its genitive or "von" bearer ("ein Bericht der
        Menschenrechtsorganisation amnesty international"), a name in the compound ("KAS-Studie"), or the
        subject of the clause that has it as object ("Van der Bellen hat einen Entwurf vorgelegt"); a later
        "laut dem Bericht" is that issuer's."""
        v = self.v
        for k, t in enumerate(v.toks):
            if t.pos != "NN" or v.in_quote[k]:
                continue
            key = self._document_key(v.lower[k])
            if key is None:
                continue
            ref = None
            if k + 2 < len(v.toks) and v.lower[k + 1] in _BEARER_OPENERS:
                start = k + 2 if v.lower[k + 1] in ("von", "vom", "aus") else k + 1
                from .np import _extend

                end = _extend(v, start, v.sent_range(t.sent)[-1] + 1)
                span = self._main_span(start, end) if end > start else None
                ref = self.d.referent_in(*span) if span is not None else None
            if ref is None and "-" in v.words[k]:
                ref = self._by_alias(v.words[k].split("-", 1)[0], k)
            if ref is None and t.rel in ("obj", "obl") and 0 <= t.head < len(v.toks):
                from .subject import parse_subject

                subj = parse_subject(v, t.head)
                span = self._main_span(*subj) if subj is not None else None
                ref = self.d.referent_in(*span) if span is not None else None
            if ref is not None:
                self._documents.append((k, key, ref))

    def _document(self, low: str, at: int) -> Referent | None:
        key = self._document_key(low)
        found = [r for k, d, r in self._documents if d == key and k < at] if key else []
        return found[-1] if found else None

    def _prime(self) -> None:
        """Definite descriptions that are clause subjects ("Der Jurist stellte klar", "Der Bundeskanzler nahm
        Stellung") join the referent they describe, so that a later "er" finds it; one that fits no earlier
        referent becomes a referent of its own."""
        v = self.v
        definite = ("der", "die", "das", "dieser", "diese", "dieses")
        for k, t in enumerate(v.toks):
            if t.rel != "nsubj" or v.pos(k) != "NN" or v.in_quote[k] or k in self.d.by_token or k + 1 in self.d.spans:
                continue
            i = k
            while i > 0 and v.pos(i - 1) in ("ART", "PDAT", "ADJA", "PPOSAT", "CARD", "ADV") and v.toks[i - 1].sent == t.sent:
                i -= 1
            if i == k or v.lower[i] not in definite or self._is_abstract(v.lower[k]):
                continue
            low = v.lower[k]
            kind = self._kind_of_noun(low, k)
            if kind == "person" and not (self.d.is_role_word(v.words[k]) or low in self._person_adj):
                continue
            gender = gender_of_noun(v, k) if kind == "person" else None
            plural = "Number=Plur" in t.feats
            ref = self._described(low, kind=kind, gender=gender, plural=plural, at=i) or (
                self._office_holder(i, k + 1) if kind == "person" and self.d.is_role_word(v.words[k]) else None)
            if ref is None and kind == "person" and not plural:
                found = self._antecedent(i, gender=gender or "x", kinds=("person",))
                ref = found.ref if found is not None else None
            if ref is not None:
                ref.mention(i, subject=True)
            elif kind == "person" and not plural:
                from .np import _extend

                self._new_description(i, max(k + 1, _extend(v, i, v.sent_range(t.sent)[-1] + 1)), k, kind=kind)

    # ------------------------------------------------------------------ entry
    def resolve(self, mention: tuple[int, int] | None, *, at: int) -> Speaker | None:
        """The speaker of the token range ``mention`` (token ``at`` is where it speaks); the last speaker
        for ``None``."""
        v = self.v
        if mention is None:
            return self.last
        i, j = mention
        while i < j - 1 and v.pos(i) == "$(":
            i += 1
        while j > i + 1 and v.pos(j - 1) in ("$(", "$,", "$."):
            j -= 1
        handled, found = self._source(i, j, at=at)
        if not handled:
            span = self._main_span(i, j)
            quoted = self._quoted_name(i, j) if span is None else None
            appos = self._apposition(i, j) if span is None else None
            if span is not None:
                found = self._named(i, j, span)
            elif quoted is not None:
                ref = self._by_alias(quoted, at)
                found = self._speak(ref) if ref is not None else Speaker(quoted)
            elif appos is not None:
                found = self._named(appos[0], appos[1], appos)
            elif j - i == 1 and (v.lower[i] in self._pron or v.pos(i) in ("PRELS", "PDS")):
                found = self._pronoun(i, at=at)
            else:
                found = self._description(i, j, at=at)
        if found is not None:
            if found.ref is not None:
                found.ref.mention(i, subject=v.toks[i].rel in ("nsubj", "nsubj:pass"))
                found.actor_id = found.actor_id or found.ref.actor_id
            if found.actor_id is None and self._actor_resolve is not None:
                found.actor_id = self._actor_id(i, j)
        return found

    def _speak(self, ref: Referent) -> Speaker:
        return Speaker(ref.name, ref.actor_id, ref)

    # ------------------------------------------------------------------ names
    def _main_span(self, i: int, j: int) -> tuple[int, int] | None:
        """The name of a mention that names the speaker: not a genitive or prepositional attribute ("der
        WHO", "von der FDP"), not a Saxon genitive ("Lawrows Amtskollege"), an apposition after a comma
        first ("Der Nachfolger des … Chefs, Louis Gallois")."""
        v = self.v
        runs = [self.d.spans[k] for k in range(i, j) if k in self.d.spans and self.d.spans[k][1] <= j]
        if not runs:
            return None
        def before(r: tuple[int, int]) -> int:  # the token before a name, over an opening quotation mark
            k = r[0] - 1
            while k > i and v.pos(k) == "$(" and v.words[k] not in ("(", ")"):
                k -= 1
            return k

        # after a genitive or prepositional opener the rest of the mention is an attribute ("der
        # Generalsekretär des Gewerkschaftsverbandes Union Générale Tunisienne"), except a person named
        # after a role noun without a comma ("der Sprecher der Bundesregierung Steffen Seibert")
        opener = next((k for k in range(i + 1, j) if v.lower[k] in ("des", "der", "von", "vom", "dem", "den", "eines",
                                                                     "einer") or v.pos(k) in ("APPR", "APPRART")), j)
        head = next((k for k in range(i, opener) if v.pos(k) == "NN"), None)

        def attribute(r: tuple[int, int]) -> bool:
            if r[0] > i and (v.lower[before(r)] in ("des", "der", "von", "vom", "dem", "den", "eines", "einer")
                             or v.pos(before(r)) in ("APPR", "APPRART")):
                return True
            if r[0] > opener and v.lower[r[0] - 1] != ",":
                ref = self.d.by_token.get(r[0])
                return not (ref is not None and ref.kind == "person" and head is not None
                            and self.d.is_role_word(v.words[head]))
            return False

        good = [r for r in runs if not attribute(r)
                and not (r[1] < j and v.lower[r[1] - 1].endswith("s") and v.pos(r[1]) in ("ADJA", "NN"))]
        appos = [r for r in runs if r[0] > i and v.lower[r[0] - 1] == ","]
        if appos and not (good and good[0][0] <= i + 1):
            return appos[0]
        return good[0] if good else None

    def _apposition(self, i: int, j: int) -> tuple[int, int] | None:
        """The name in apposition to a description: "der Hauptgeschäftsführer des Städtebunds, Gerd Landsberg,",
        "Nurur Rahman, der Rettungskoordinator von …" (a person or organisation name next to the mention,
        separated by a comma, in the same sentence)."""
        v = self.v
        n = j
        while n < len(v.toks) and n < j + 8 and v.words[n] != "," and v.pos(n) not in ("$.", "VVFIN", "VAFIN", "VMFIN"):
            n += 1  # the rest of the description the mention left out ("im Berliner Arbeitsministerium")
        if n < len(v.toks) and v.words[n] == "," and n + 1 in self.d.spans and v.toks[n + 1].sent == v.toks[i].sent:
            span = self.d.spans[n + 1]
            if self.d.by_token[n + 1].kind in ("person", "org", "unknown"):
                return span
        if i >= 2 and v.words[i - 1] == ",":
            for start, span in self.d.spans.items():
                if span[1] == i - 1 and v.toks[start].sent == v.toks[i].sent and self.d.by_token[start].kind in (
                        "person", "unknown") and (start == 0 or v.toks[start - 1].sent != v.toks[start].sent
                                                  or v.pos(start - 1) in ("$.", "$,", "KON", "$(")):
                    return span
        return None

    def _quoted_name(self, i: int, j: int) -> str | None:
        """A name in quotation marks after a noun of the mention ("Die Organisation „Reporter ohne Grenzen“"),
        also when the mention ends inside the marks."""
        v = self.v
        for q in range(i + 1, j):
            if v.pos(q) == "$(" and v.words[q] in ("„", "»", "«", '"', "‚", "“") and v.pos(q - 1) == "NN":
                e = q + 1
                while e < len(v.toks) and e < q + 10 and v.pos(e) != "$(" and v.toks[e].sent == v.toks[q].sent:
                    e += 1
                if e < len(v.toks) and v.pos(e) == "$(" and e > q + 1:
                    return v.span_text(q + 1, e)
        return None

    def _named(self, i: int, j: int, span: tuple[int, int]) -> Speaker:
        v = self.v
        ref = self.d.referent_in(*span)
        if ref is None:
            return Speaker(" ".join(v.words[span[0] : span[1]]))
        head = next((k for k in range(span[0] - 1, i - 1, -1) if v.pos(k) == "NN" and k not in self.d.by_token), None)
        if ref.kind == "place" and head is not None and any(v.lower[head].endswith(o) for o in self._orgs):
            # "Die Staatsanwaltschaft Oslo", "die Stadt Kassel": the place names the organisation
            return Speaker(forms.strip_article(v, i, span[1]), None, None)
        return self._speak(ref)

    # --------------------------------------------------------------- pronouns
    def _pronoun(self, i: int, *, at: int) -> Speaker | None:
        v = self.v
        w = v.lower[i]
        if v.pos(i) == "PRELS" or (v.pos(i) == "PDS" and w in ("der", "die")):
            ref = self._last_mentioned(i)  # "…, der behauptete": the name the relative clause hangs on
            if ref is not None:
                return self._speak(ref)
            return self.last
        gender = self._pron.get(w) or self._poss.get(w)
        plural = w in ("sie", "ihre", "ihrer", "ihren", "ihrem", "diese") and self._plural_verb(i)
        recent = w in ("dieser", "diese", "jener", "jene")  # a demonstrative: the last one named
        return self._antecedent(i, gender="p" if plural else gender, kinds=None, recent=recent) or self.last

    def _plural_verb(self, i: int) -> bool:
        """Whether the verb of pronoun ``i`` is plural ("sagten sie", "sie forderten")."""
        v = self.v
        h = v.toks[i].head
        cands = [h] if 0 <= h < len(v.toks) else []
        cands += [k for k in (i - 1, i + 1) if 0 <= k < len(v.toks)]
        for k in cands:
            if v.pos(k) in ("VVFIN", "VAFIN", "VMFIN"):
                if "Number=Plur" in v.toks[k].feats:
                    return True
                if "Number=Sing" in v.toks[k].feats:
                    return False
                return v.lower[k].endswith(_PLURAL_VERB_END) and not v.lower[k].endswith("ten") or v.lower[k] in (
                    "sind", "haben", "werden", "wollen", "können", "müssen", "hatten", "waren", "wurden")
        return False

    def _antecedent(self, i: int, *, gender: str | None, kinds: tuple[str, ...] | None,
                    recent: bool = False) -> Speaker | None:
        """The best candidate referent before token ``i`` for a pronoun of ``gender`` (m, f, or p: plural);
        ``recent``: the last one mentioned (demonstratives)."""
        v = self.v
        sent = v.toks[i].sent
        best, best_score = None, -1e9
        last = self.last.ref if self.last is not None else None
        for ref in self.d.refs:
            t = ref.last_before(i)
            if t is None:
                continue
            dist = sent - v.toks[t].sent
            if dist > self.window:
                continue
            if kinds is not None and ref.kind not in kinds:
                continue
            score = self._agreement(ref, gender)
            if score is None:
                continue
            if recent:
                score = score * 0.01 + t
            else:
                score -= 1.0 * dist
                score += 1.5 if ref is last else 0.0
                score += 1.0 if t in ref.subjects else 0.0
                score -= 1.0 if v.in_quote[t] else 0.0
                score -= 0.7 if t > 0 and v.pos(t - 1) in ("APPR", "APPRART") else 0.0
                score += 0.2 * min(len([x for x in ref.tokens if x < i]), 5)
                score += 0.001 * t  # the more recent on ties
            if score > best_score:
                best, best_score = ref, score
        return self._speak(best) if best is not None else None

    def _agreement(self, ref: Referent, gender: str | None) -> float | None:
        """Score of a referent for a pronoun of ``gender``; None when it cannot be meant."""
        if gender == "p":
            if ref.plural or ref.kind == "group":
                return 1.0
            return 0.0 if ref.kind == "org" else None
        if ref.plural or ref.kind in ("place", "other"):
            return None
        if ref.kind == "org":
            if gender == "f" and ref.gender == "f":
                return 0.0
            return None if gender in ("m", "f", "x") else -0.5
        if gender in (None, "x") or ref.gender is None:
            return 0.5 if ref.kind == "person" else -0.5
        return 2.0 if ref.gender == gender else None

    def _last_mentioned(self, i: int) -> Referent | None:
        """The referent mentioned last before token ``i`` in its sentence."""
        v = self.v
        best = None
        for ref in self.d.refs:
            t = ref.last_before(i)
            if t is not None and v.toks[t].sent == v.toks[i].sent and (best is None or t > best[0]):
                best = (t, ref)
        return best[1] if best else None

    # ----------------------------------------------------------- descriptions
    def _description(self, i: int, j: int, *, at: int) -> Speaker | None:
        v = self.v
        k = i
        while k < j and v.pos(k) in ("ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "ADV", "CARD") and not v.is_head(k):
            k += 1
        det = v.lower[i] if k > i else None
        h = next((x for x in range(k, j) if v.pos(x) in ("NN", "NE")), None)
        if h is None or any(v.pos(x) not in ("ADJA", "ADV", "CARD", "$(") for x in range(k, h)):
            h = next((x for x in range(k, j) if v.is_head(x)), j)
        if h + 1 < j and v.pos(h) == "NE" and v.lower[h].endswith("s") and v.pos(h + 1) == "NN":
            h += 1  # "McCains Kampagne": the noun after a Saxon genitive heads the description
        if h >= j:
            if det is not None and k == j and v.pos(i) in ("ART", "PDS"):
                return self._pronoun(i, at=at)  # "der" alone: a demonstrative
            if any(v.pos(x) == "PIS" for x in range(i, j)) and v.lower[j - 1] not in ("man", "jemand", "einer", "eine"):
                return Speaker(v.span_text(i, j))  # "Viele", "Nicht wenige", "Einige": as written
            return self._context(at)  # a fragment ("Salzburger", "einer"): nobody is named
        head = v.words[h]
        low = head.lower()
        quoted = forms.quoted_medium(v, i, j)
        if quoted is not None:  # "der Website „icelandreview.com“"
            ref = self._by_alias(quoted, at)
            return self._speak(ref) if ref is not None else Speaker(quoted)
        if self._is_abstract(low):
            return self._issuer(i, j, h, at=at)
        age = _AGE.search(head)
        if age:
            ref = self._by_age(int(age.group(1)), at)
            if ref is not None:
                return self._speak(ref)
            return self.last if self.last is not None and self.last.ref is not None and self.last.ref.kind == "person" \
                else self._new_description(i, j, h, kind="person")
        kind = self._kind_of_noun(low, h)
        gender = gender_of_noun(v, h) if kind == "person" else None
        plural = "Number=Plur" in v.toks[h].feats
        indefinite = det is not None and det in v.lex.words("indefinite_articles")
        if not indefinite:
            ref = self._described(low, kind=kind, gender=gender, plural=plural, at=at) or (
                self._office_holder(i, j) if kind == "person" and self.d.is_role_word(head) else None)
            if ref is not None:
                return self._speak(ref)
            if kind == "org" and det is not None and not plural and h == i + 1 and low in self._orgs:
                # "die Behörde", "der Konzern" for an organisation named without that noun: the salient one
                found = self._antecedent(i, gender=None, kinds=("org",))
                if found is not None:
                    return found
            if kind == "person" and det is not None and det not in ("ein", "eine") and not plural and j - i <= 4 \
                    and (self.d.is_role_word(head) or low in self._person_adj):
                # "der Klinikleiter", "der Bundespräsident" for a person the article named without that title:
                # the salient person of the last sentences ("der Minister" after the minister spoke)
                found = self._antecedent(i, gender=gender or "x", kinds=("person",))
                if found is not None:
                    return found
        return self._new_description(i, j, h, kind=kind)

    def _office_holder(self, i: int, j: int) -> Referent | None:
        """The person the knowledge base records in the office a description names on the article's date
        ("der Bundespräsident" in 2005 -> Horst Köhler), when the article names that person (never one it
        does not name)."""
        actor = self._actor(i, j)  # the actors stage reads offices on the article's date
        if actor is None or getattr(actor, "type", "") != "PER":
            return None
        last = str(getattr(actor, "canonical", "")).split()[-1].lower()
        return next((r for r in self.d.refs if r.kind == "person" and (
            r.actor_id == actor.id or r.surname == last)), None)

    def _kind_of_noun(self, low: str, h: int) -> str:
        forms_ = {low, (self.v.toks[h].lemma or low).lower(), role_stem(low, self._not_fem)}
        if any(ends_with_any(f, self._orgs) for f in forms_) and self.v.lex.role_of(low) is None:
            return "org"
        if "Number=Plur" in self.v.toks[h].feats and low in self._groups:
            return "group"
        return "person"

    def names_nobody(self, i: int, j: int) -> bool:
        """Whether the mention ``i:j`` is headed by an abstract noun or document ("die Situation", "dem
        Urteil", "Parolen") and names no person or organisation in it."""
        v = self.v
        if self._main_span(i, j) is not None or forms.source_noun(v, i, j) is not None:
            return False
        h = next((k for k in range(i, j) if v.pos(k) in ("NN", "NE")), None)
        return h is not None and (self._is_abstract(v.lower[h]) or v.lower[h] in v.lex.words("slogan_nouns"))

    def _is_abstract(self, low: str) -> bool:
        return is_abstract(self.v.lex.language, low)

    def _described(self, low: str, *, kind: str, gender: str | None, plural: bool, at: int) -> Referent | None:
        """The referent mentioned last before ``at`` that the article describes with noun ``low``."""
        stem = role_stem(low, self._not_fem)
        if len(stem) < 4:
            return None
        best = None
        for ref in self.d.refs:
            t = ref.last_before(at)
            if t is None or ref.plural != plural and ref.kind != "org":
                continue
            if kind == "person" and ref.kind not in ("person", "unknown"):
                continue
            if kind == "person" and gender is not None and ref.gender is not None and ref.gender != gender:
                continue
            if not self._fits(stem, ref, kind):
                continue
            if best is None or t > best[0]:
                best = (t, ref)
        return best[1] if best else None

    def _fits(self, stem: str, ref: Referent, kind: str) -> bool:
        for d in ref.descriptors:
            ds = role_stem(d, self._not_fem)
            if ds == stem or ds.endswith(stem) or (len(ds) >= 5 and stem.endswith(ds)):
                return True
        if kind == "org" and ref.kind == "org":
            for _, form in ref.forms:
                if any(role_stem(w, self._not_fem).endswith(stem) for w in form.lower().split()):
                    return True
        return False

    def _by_age(self, age: int, at: int) -> Referent | None:
        best = None
        for ref in self.d.refs:
            t = ref.last_before(at)
            if t is not None and ref.age is not None and ref.age in (age, age + 1) and (best is None or t > best[0]):
                best = (t, ref)
        return best[1] if best else None

    def _new_description(self, i: int, j: int, h: int, *, kind: str) -> Speaker:
        """A description that names a new speaker by its own words, in the nominative."""
        v = self.v
        oblique = forms.oblique(v, i, j) or (v.lower[i] == "den" and "Number=Plur" in v.toks[h].feats)
        end = self._description_end(i, j, h)
        if kind == "person" or kind == "group" and v.lower[i] not in v.lex.words("oblique_only_articles"):
            name = forms.person_description(v, i, end, oblique_position=oblique)
        elif oblique:
            det = v.lower[i - 1] if i > 0 and v.pos(i - 1) == "ART" and v.pos(i) != "ART" else None
            name = forms.nominative(v, i, end, det)
        else:
            name = forms.strip_article(v, i, end)
        plural = "Number=Plur" in v.toks[h].feats
        ref = self.d.add_description(i, end, name, kind=kind, plural=plural, head=v.words[h],
                                     gender=gender_of_noun(v, h) if kind == "person" else None)
        return self._speak(ref)

    def _description_end(self, i: int, j: int, h: int) -> int:
        """The end of a description before a dative addressee or a time ("sagte der Sprecher dem Sender")."""
        v = self.v
        for k in range(h + 1, j):
            if v.lower[k] in ("dem", "einem") or v.lower[k] in v.lex.words("temporal_nouns"):
                return k
        return j

    # ------------------------------------------------------------ sources
    def _source(self, i: int, j: int, *, at: int) -> tuple[bool, Speaker | None]:
        """A source phrase's speaker ("Angaben der Polizei" -> Polizei, "Behördenangaben" -> Behörden); an
        abstract head without a bearer gives its issuer. ``(False, None)``: not a source phrase."""
        v = self.v
        k = forms.source_noun(v, i, j)
        if k is None:
            return False, None
        low = v.lower[k]
        if any(low.endswith(x) for x in v.lex.speaker_words("self_source_nouns")):
            # "aus Verhandlungskreisen", "nach Beobachtern": the source noun names the speakers themselves
            name = forms.nominative(v, i, k + 1, None)
            return True, self._speak(self.d.add_description(i, k + 1, name, kind="group", gender=None, plural=True,
                                                             head=v.words[k]))
        b = k + 1
        openers = v.lex.frames.get("bearer_openers") or {}
        if b < j and (v.lower[b] in openers or (v.pos(b) == "ADJA" and v.lower[b].endswith("er"))):
            start = b + 1 if v.lower[b] in ("von", "vom") else b
            if start >= j:
                return True, self._issuer(i, j, k, at=at)
            det = openers.get(v.lower[b]) or None
            if any(v.lower[x] in v.lex.words("temporal_nouns") or v.pos(x) == "CARD" for x in range(start, min(j, start + 3))):
                return True, self._issuer(i, j, k, at=at)  # "Informationen vom späten Abend": a time, not a bearer
            if v.lower[b] == "von" and v.pos(start) == "ART":
                det = v.lower[start]
            if self._main_span(start, j) is not None or (start + 1 == j and v.lower[start] in self._pron):
                return True, self.resolve((start, j), at=at)
            if self._has_head(start, j):
                return True, self._description_as_bearer(start, j, det, at=at)
            return True, self._issuer(i, j, k, at=at)
        return True, self._issuer(i, j, k, at=at)

    def _has_head(self, i: int, j: int) -> bool:
        return any(self.v.pos(k) in ("NN", "NE") for k in range(i, j))

    def _description_as_bearer(self, i: int, j: int, det: str | None, *, at: int) -> Speaker | None:
        """The bearer of a source noun as a description ("der Polizei", "eines Experten")."""
        v = self.v
        h = next((k for k in range(i, j) if v.pos(k) in ("NN", "NE")), i)
        if self._is_abstract(v.lower[h]):
            return self._issuer(i, j, h, at=at)
        if det is not None and det not in v.lex.words("indefinite_articles"):
            kind = self._kind_of_noun(v.lower[h], h)
            ref = self._described(v.lower[h], kind=kind, gender=gender_of_noun(v, h) if kind == "person" else None,
                                  plural="Number=Plur" in v.toks[h].feats, at=at)
            if ref is not None:
                return self._speak(ref)
        if self.linked:
            actor = self._actor_name(i, j)
            if actor is not None and actor[:1].isupper() and not forms.adjective_actor(v, i, j, actor) and " (" not in actor:
                return Speaker(actor, self._actor_id(i, j))
        kind = self._kind_of_noun(v.lower[h], h)
        if kind == "person" and det is not None and det not in ("der",) and v.toks[h].feats.find("Number=Plur") < 0:
            name = forms.person_description(v, i if v.pos(i) == "ART" or i == 0 or v.pos(i - 1) != "ART" else i - 1, j,
                                            oblique_position=True)
            if not name.split()[0].lower() in ("der", "die", "das", "ein", "eine"):
                name = forms.nominative(v, i, j, det)
        else:
            name = forms.nominative(v, i, j, det)
        ref = self.d.add_description(i, j, name, kind=kind, gender=None, plural="Number=Plur" in v.toks[h].feats,
                                     head=v.words[h])
        return self._speak(ref)

    def _issuer(self, i: int, j: int, k: int, *, at: int) -> Speaker | None:
        """Who stands behind an abstract noun or document at token ``k`` without a bearer: a name in a
        compound ("KAS-Studie", "USGS-Angaben" -> the organisation), a possessive ("nach ihren Angaben"),
        else the last speaker of the last few sentences."""
        v = self.v
        part = forms.compound_bearer(v, k)
        if part is None and "-" in v.words[k]:
            first = v.words[k].split("-", 1)[0]
            part = first if first[:1].isalpha() and (first[:1].isupper() or first.lower() in self._aliases()) else None
        if part is not None:
            ref = self._by_alias(part, at)
            if ref is not None:
                return self._speak(ref)
            low = part.lower()
            if any(low.endswith(o) for o in self._orgs):
                ref = self._described(low, kind="org", gender=None, plural=False, at=at)
                if ref is not None:
                    return self._speak(ref)
            if forms.compound_bearer(v, k) is not None:
                return Speaker(part)
        before = [p for p in range(max(0, i - 2), k) if v.toks[p].sent == v.toks[k].sent]
        if any(v.lower[p].startswith("eigen") for p in before):
            # "Die Bundesagentur hat nach eigenen Angaben …": the subject of the clause
            subj = self._clause_subject(k)
            if subj is not None:
                return self.resolve(subj, at=at)
        for p in before:
            if v.lower[p] in self._poss and v.pos(p) == "PPOSAT":
                plural = v.lower[p].startswith("ihr") and self._plural_verb(p)
                found = self._antecedent(p, gender="p" if plural else self._poss[v.lower[p]], kinds=None)
                if found is not None:
                    return found
        ref = self._document(v.lower[k], at)
        if ref is not None and not (k + 1 < j and v.lower[k + 1] in _BEARER_OPENERS):
            return self._speak(ref)  # "Dem Bericht zufolge" after "ein Bericht der Organisation X"
        b = k + 1  # "Die erste Reaktion aus dem Iran", "Das Fazit von Sandra Boser": the bearer after the noun
        end = j
        if b == j and b < len(v.toks) and v.toks[b].sent == v.toks[k].sent and v.lower[b] in _BEARER_OPENERS:
            from .np import _extend  # the mention stopped at the noun: "nach Angaben | aus Khartum"

            end = _extend(v, b + 1 if v.lower[b] in ("von", "vom", "aus") else b, len(v.toks))
        if b < end - 1 and v.lower[b] in _BEARER_OPENERS:
            start = b + 1 if v.lower[b] in ("von", "vom", "aus") else b
            if start < end and self._has_head(start, end) and not self._is_abstract(v.lower[end - 1]):
                return self.resolve((start, end), at=at)
        return self._context(at)

    def _clause_subject(self, k: int) -> tuple[int, int] | None:
        """The subject noun phrase of the clause token ``k`` belongs to (from the parse)."""
        from .subject import parse_subject

        v = self.v
        h = v.toks[k].head
        seen = 0
        while 0 <= h < len(v.toks) and not v.pos(h).startswith("V") and seen < 4:
            h = v.toks[h].head
            seen += 1
        if not (0 <= h < len(v.toks)):
            return None
        return parse_subject(v, h)

    def _aliases(self) -> set[str]:
        return {a for r in self.d.refs for a in r.aliases}

    def _by_alias(self, part: str, at: int) -> Referent | None:
        low = part.lower()
        best = None
        for ref in self.d.refs:
            if low in ref.aliases or (ref.kind == "person" and ref.surname == low):
                t = ref.last_before(at) or ref.tokens[0]
                if best is None or t > best[0]:
                    best = (t, ref)
        return best[1] if best else None

    def _context(self, at: int) -> Speaker | None:
        """Who stands behind a statement without a named source: the last speaker when it spoke in the last
        few sentences, else the last person or organisation named as a clause subject there, else None."""
        v = self.v
        sent = v.toks[at].sent
        if self.last is not None:
            before = self.last.ref.last_before(at) if self.last.ref is not None else None
            if before is None or sent - v.toks[before].sent <= self.window:
                return self.last
        best = None
        for ref in self.d.refs:
            if ref.kind not in ("person", "org"):
                continue
            subj = [t for t in ref.subjects if t < at and sent - v.toks[t].sent <= self.window and not v.in_quote[t]]
            if subj and (best is None or max(subj) > best[0]):
                best = (max(subj), ref)
        return self._speak(best[1]) if best else None

    # ------------------------------------------------------------- actors
    def _actor_name(self, i: int, j: int) -> str | None:
        actor = self._actor(i, j)
        return getattr(actor, "canonical", None) or None

    def _actor_id(self, i: int, j: int) -> str | None:
        actor = self._actor(i, j)
        return getattr(actor, "id", None) or None

    def _actor(self, i: int, j: int) -> object | None:
        if self._actor_resolve is None:
            return None
        v = self.v
        return self._actor_resolve(v.a, v.toks[i].start, v.toks[j - 1].end, lang=v.lex.language)


@lru_cache(maxsize=65536)
def document_key(language: str, low: str) -> str | None:
    """The document noun (``document_nouns`` in speakers.yaml) a lower-case word is or ends with, also
    inflected ("Verfassungsschutzberichts" -> bericht), or None."""
    from .lexicon import load_lexicon

    docs = load_lexicon(language).speaker_words("document_nouns")
    for form in (low, low[:-1], low[:-2]):
        for k in range(0, max(1, len(form) - 3)):
            if form[k:] in docs and (k == 0 or k >= 2):
                return form[k:]
    return None


@lru_cache(maxsize=65536)
def is_abstract(language: str, low: str) -> bool:
    """Whether the lower-case noun ``low`` names an abstract thing or document (``abstract_nouns`` in
    speakers.yaml, also as the last part of a compound: "KAS-Studie", "Gesetzentwurf")."""
    from .lexicon import load_lexicon

    nouns = load_lexicon(language).speaker_words("abstract_nouns")
    if low in nouns:
        return True
    part = low.rsplit("-", 1)[-1]
    return part != low and part in nouns or any(low[k:] in nouns for k in range(3, len(low) - 5))


def _actors_resolver() -> Callable[..., object] | None:
    """``lagebild.actors.resolve_mention`` when the actors package provides it, else None."""
    try:
        from ..actors import resolve_mention
    except ImportError:
        return None
    return resolve_mention


__all__ = ["Resolver", "Speaker", "role_stem"]
