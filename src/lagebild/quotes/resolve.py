"""Speaker resolution: a mention (name, pronoun, description, organisation) to the fullest name of
that actor in the article. Uses entity canonicals or the actors stage when present; otherwise the
fullest name in the article that ends with the same surname, and for pronouns and descriptions
("der 71-Jährige", "der Minister") the name the article ties them to, else the last speaker. Source
phrases name their bearer ("nach Einschätzung eines Experten" -> Experte, "laut Behördenangaben" ->
Behörden), and genitive or dative phrases are put in the nominative (word lists in frames.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .view import View

_AGE = re.compile(r"(\d{1,3})-[Jj]ährige")


def _norm(w: str) -> str:
    return w[:-1] if len(w) > 4 and w.endswith("s") else w


class Resolver:
    """Resolves mentions in one article, remembering the last speaker."""

    def __init__(self, v: View) -> None:
        self.v = v
        self.last: str | None = None
        self._actor_resolve = _actors_resolver()

    def fullest(self, surname: str, before: int | None = None) -> str | None:
        """The longest name run in the article whose last word is ``surname``."""
        v = self.v
        key = _norm(surname)
        best: str | None = None
        for i, j in v.names:
            if _norm(v.words[j - 1]) == key:
                name = " ".join(v.words[i:j])
                if best is None or len(name) > len(best):
                    best = name
        return best

    def _names_before(self, tok: int) -> list[tuple[int, int]]:
        return [r for r in self.v.names if r[1] <= tok]

    def resolve(self, mention: tuple[int, int] | None, *, at: int) -> str | None:
        """Canonical speaker name for the token range ``mention`` (token ``at`` is where it speaks)."""
        v = self.v
        if mention is None:
            return self.last
        i, j = mention
        source = self._source(i, j, at=at)
        if source is not None:
            return source
        s, e = v.toks[i].start, v.toks[j - 1].end
        run = _main_name(v, i, j)
        # the entity on the name that speaks ("Antony Blinken" in "Lawrows Amtskollege Antony Blinken",
        # "Dmitri Peskow" in "Kremlsprecher Dmitri Peskow"), else any person/organisation in the mention
        hs, he = (v.toks[run[0]].start, v.toks[run[1] - 1].end) if run else (s, e)
        ents = [ent for ent in v.a.entities
                if ent.canonical and ent.start < he and hs < ent.end and ent.label in ("PER", "ORG")]
        if ents:
            return max(ents, key=lambda x: (x.label == "PER", x.actor_id is not None, x.end - x.start)).canonical
        linked = bool(v.a.meta.get("actor_mentions"))  # the actors stage ran on this article
        if run is not None:
            last = run[1] - 1
            if linked:
                actor = self._actor(v.toks[run[0]].start, v.toks[last].end)
                if actor is not None and _norm(v.lower[last]) in _norm(actor.lower()):
                    return actor
            return self.fullest(v.words[last]) or v.words[last]
        if linked:
            actor = self._actor(s, e)
            if actor is not None and not _adjective_actor(v, i, j, actor):
                return actor
        if j - i == 1 and v.lower[i] in v.lex.frames.get("pronouns", {}):
            return self.last or self._last_name(i)
        if j - i == 1 and v.pos(i) == "PRELS":
            return self._last_name(i) or self.last
        text = v.span_text(i, j)
        age = _AGE.search(text)
        if age:
            return self._age_name(age.group(1), i) or self.last or self._last_name(i)
        role = next((v.lex.role_of(v.words[k]) for k in range(i, j) if v.lex.role_of(v.words[k])), None)
        if role is not None and v.pos(i) in ("ART", "PDAT"):
            if v.lower[i] in v.lex.words("indefinite_articles"):  # "Ein Sprecher": a name given that role, else new
                return self._role_name(role, i) or _strip_article(v, i, j)
            head = next((k for k in range(i, j) if v.pos(k) in ("NN", "NE")), i)
            if j - i > 2 and v.lex.role_of(v.words[head]):  # "die gesundheitspolitische Sprecherin der Unionsfraktion"
                return self._role_name(role, i) or _strip_article(v, i, j)
            return self._role_name(role, i) or self.last or _strip_article(v, i, j)
        if _oblique(v, i, j) and _source_noun(v, i, j) is None:  # "laut dem künstlerischen Leiter", "des Experten zufolge"
            return nominative(v, i, j, None)
        return _strip_article(v, i, j)

    def _source(self, i: int, j: int, *, at: int) -> str | None:
        """The speaker named by a source noun phrase, or None when the mention is none: its bearer
        ("Angaben der Polizei" -> Polizei, "Einschätzung eines Experten" -> Experte), the first part of
        a compound ("Behördenangaben" -> Behörden), the actor of the phrase, or the phrase in the
        nominative after "laut"/"nach"/before "zufolge"; None: not a source phrase, or one to keep as written."""
        v = self.v
        k = _source_noun(v, i, j)
        if k is None:
            return None
        b = k + 1
        openers = v.lex.frames.get("bearer_openers") or {}
        if b < j and (v.lower[b] in openers or (v.pos(b) == "ADJA" and v.lower[b].endswith("er"))):
            # "der Polizei", "von Experten", "vom Ministerium"; "libanesischer Sicherheitskreise": no article
            start = b + 1 if v.lower[b] in ("von", "vom") else b
            if start >= j:
                return None
            det = openers.get(v.lower[b]) or None
            if any(v.lower[x] in v.lex.words("temporal_nouns") or v.pos(x) == "CARD" for x in range(start, min(j, start + 3))):
                return None  # "Informationen vom späten Abend": a time, not a bearer
            if v.lower[b] == "von" and v.pos(start) == "ART":
                det = v.lower[start]
            bearer = (start, j)
            if _has_name(v, *bearer):
                return self.resolve(bearer, at=at)
            if bool(v.a.meta.get("actor_mentions")):
                actor = self._actor(v.toks[start].start, v.toks[j - 1].end)
                if actor is not None and not _adjective_actor(v, start, j, actor):
                    return actor
            return nominative(v, start, j, det)
        part = _compound_bearer(v, k)
        if part is not None:
            return part
        if bool(v.a.meta.get("actor_mentions")):  # "nach offiziellen chinesischen Angaben" -> China
            actor = self._actor(v.toks[i].start, v.toks[j - 1].end)
            if actor is not None and actor[:1].isupper():
                return actor
        if k + 1 >= j and _oblique(v, i, j):  # "nach einer privaten Untersuchung" -> private Untersuchung
            return nominative(v, i, j, None)
        return None

    def _actor(self, start: int, end: int) -> str | None:
        """Canonical name from ``lagebild.actors.resolve_mention`` (None when absent or unknown)."""
        if self._actor_resolve is None:
            return None
        actor = self._actor_resolve(self.v.a, start, end, lang=self.v.lex.language)
        return getattr(actor, "canonical", None) or None

    def _last_name(self, tok: int) -> str | None:
        runs = self._names_before(tok)
        if not runs:
            return None
        i, j = runs[-1]
        return self.fullest(self.v.words[j - 1]) or " ".join(self.v.words[i:j])

    def _age_name(self, age: str, tok: int) -> str | None:
        """A name the article ties to ``age``: "Sergej Lawrow (71)", "der 71-jährige Lawrow"."""
        v = self.v
        pat = re.compile(rf"(?:\(\s*{age}\s*\)|{age}-[Jj]ährige[nmr]?\s)")
        for m in pat.finditer(v.text[: v.toks[tok].start]):
            k = v.token_at(m.end() if m.group(0).endswith(" ") else m.start())
            if k is None:
                continue
            if m.group(0).startswith("("):
                runs = [r for r in v.names if r[1] <= k and r[1] >= k - 1]
            else:
                runs = [r for r in v.names if r[0] >= k and r[0] <= k + 1]
            if runs:
                return self.fullest(v.words[runs[-1][1] - 1])
        return None

    def _role_name(self, role: str, tok: int) -> str | None:
        """The last name before ``tok`` introduced with a matching role noun ("Außenminister X")."""
        v = self.v
        for i, j in reversed(self._names_before(tok)):
            for k in range(max(0, i - 4), i):
                if v.words[k].lower().endswith(role):
                    return self.fullest(v.words[j - 1])
        return None


def _main_name(v: View, i: int, j: int) -> tuple[int, int] | None:
    """The name run of a mention that names the speaker: not a genitive attribute ("der WHO"),
    not a Saxon genitive ("Lawrows Amtskollege")"""
    runs: list[tuple[int, int]] = []
    k = i
    while k < j:
        if v.is_name(k) and v.words[k][:1].isupper():
            e = k + 1
            while e < j and v.is_name(e) and v.words[e][:1].isupper():
                e += 1
            runs.append((k, e))
            k = e
        else:
            k += 1
    if not runs:
        return None
    good = [r for r in runs
            if not (r[0] > i and (v.lower[r[0] - 1] in ("des", "der", "von", "vom", "dem", "den")
                                  or v.pos(r[0] - 1) in ("APPR", "APPRART")))
            and not (r[1] < j and v.lower[r[1] - 1].endswith("s") and v.pos(r[1]) in ("ADJA", "NN"))]
    # an apposition after a comma names the speaker: "Der Nachfolger des … Chefs X, Louis Gallois"
    appos = [r for r in runs if r[0] > i and v.lower[r[0] - 1] == ","]
    if appos and not (good and good[0][0] <= i + 1):  # unless the NP itself opens with the name
        return appos[0]
    return good[0] if good else runs[-1]


def _quoted_medium(v: View, i: int, j: int) -> str | None:
    """A medium named in quotation marks: "der Website „icelandreview.com“" -> icelandreview.com."""
    q = next((k for k in range(i + 1, j - 1) if v.pos(k) == "$(" and v.pos(k - 1) == "NN"
              and any(v.lower[k - 1].endswith(m) for m in v.lex.words("medium_nouns"))), None)
    if q is None:
        return None
    e = q + 1
    while e < j and v.pos(e) != "$(":
        e += 1
    return v.span_text(q + 1, e) if e > q + 1 else None


def _oblique(v: View, i: int, j: int) -> bool:
    """Whether the mention ``i:j`` is in the genitive or dative: an oblique-only article, or a source
    preposition before it ("laut der Zeitung", "nach einer Untersuchung") or postposition after it ("dem
    Bericht zufolge")."""
    return (v.lower[i] in v.lex.words("oblique_only_articles")
            or (i > 0 and v.lower[i - 1] in v.lex.words("source_prepositions") | v.lex.words("source_noun_prepositions"))
            or (j < len(v.toks) and v.lower[j] in v.lex.words("source_postpositions")))


def _strip_article(v: View, i: int, j: int) -> str:
    art = None
    while i < j - 1 and v.pos(i) in ("ART", "PDAT", "PPOSAT"):
        art = v.lower[i]
        i += 1
    strong = (v.lex.frames.get("strong_adjective_ending") or {}).get(art or "")
    if strong and v.pos(i) == "ADJA":
        # "Der arabische Fernsehsender" -> arabischer Fernsehsender, "Das Europäische Parlament" -> Europäisches
        words = []
        k = i
        while k < j and v.pos(k) == "ADJA":
            w = v.words[k]
            words.append(w + strong if w.endswith("e") else w)
            k += 1
        if k < j:
            return " ".join(words + [_strip_article(v, k, j)])
    quoted = _quoted_medium(v, i, j)
    if quoted is not None:
        return quoted
    while i < j - 1 and v.pos(i) == "$(":  # a quoted name: "der „Netzeitung“" -> Netzeitung
        i += 1
    while j > i + 1 and v.pos(j - 1) == "$(":
        j -= 1
    return v.span_text(i, j)


def _actors_resolver() -> Callable[..., object] | None:
    """``lagebild.actors.resolve_mention`` when the actors package provides it, else None."""
    try:
        from ..actors import resolve_mention
    except ImportError:
        return None
    return resolve_mention


def _source_noun(v: View, i: int, j: int) -> int | None:
    """The token of the source noun that heads the mention ``i:j`` ("nach ersten Angaben"), or None."""
    nouns = v.lex.words("source_nouns") | v.lex.words("bearer_nouns")
    k = i
    while k < j and v.pos(k) in ("ART", "ADJA", "PPOSAT", "PIAT", "ADV", "CARD", "APPR", "APPRART"):
        k += 1
    if k >= j or v.pos(k) != "NN" or not any(v.lower[k].endswith(x) for x in nouns):
        return None
    return k


def _has_name(v: View, i: int, j: int) -> bool:
    """Whether tokens ``i:j`` hold a name run or a linked person/organisation."""
    if any(a < j and i < b and any(v.pos(k) in ("NE", "FM") for k in range(max(a, i), min(b, j)))
           for a, b in v.names):
        return True
    s, e = v.toks[i].start, v.toks[j - 1].end
    # a person only on a name-tagged token: "des Belgrader Staatsfernsehens" tagged PER is a common noun
    return any(ent.canonical and ent.start < e and s < ent.end and ent.label in ("PER", "ORG")
               and v.text[ent.start : ent.end][:1].isupper()
               and (ent.label == "ORG" or any(v.pos(k) in ("NE", "FM") for k in range(i, j)
                                              if ent.start <= v.toks[k].start < ent.end))
               for ent in v.a.entities)


def _adjective_actor(v: View, i: int, j: int, actor: str) -> bool:
    """Whether ``actor`` is only an inflected adjective of the span ("statistischen", "Dortmunder"): the
    actor stage linked an attribute, not the bearer."""
    # (or an inflected common noun the tagger did not take for a name: "des Staatsfernsehens")
    if not actor[:1].isupper() or any(v.pos(k) in ("ADJA", "NN") and v.words[k] == actor and v.toks[k].lemma != actor
                                      for k in range(i, j)):
        return True
    # "einer russischen Quelle" -> Russland: the actor of the adjective alone, not of the noun phrase
    s, e = v.toks[i].start, v.toks[j - 1].end
    return any(ent.canonical == actor and s <= ent.start and ent.end <= e
               and all(v.pos(k) == "ADJA" for k in range(i, j) if ent.start <= v.toks[k].start < ent.end)
               for ent in v.a.entities)


def _compound_bearer(v: View, k: int) -> str | None:
    """The first part of a source compound that names its bearer: "Behördenangaben" -> Behörden,
    "Unternehmensangaben" -> Unternehmen; None for "Jahresbericht" or a plain source noun."""
    low = v.lower[k]
    for suffix in sorted(v.lex.words("bearer_compound_nouns"), key=len, reverse=True):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            part = v.words[k][: len(low) - len(suffix)].rstrip("-")
            if part.lower().rsplit("-", 1)[-1] in v.lex.words("bearer_compound_stops") or not part[:1].isupper():
                return None
            if part.endswith("s") and any(part[:-1].lower().endswith(x) for x in v.lex.words("linking_s_after")):
                part = part[:-1]
            return part
    return None


def nominative(v: View, i: int, j: int, det: str | None) -> str:
    """A noun phrase in an oblique case (after "laut", "zufolge", a genitive or "von") in the
    nominative: the head noun as its lemma (singular) or as written (plural, dative "-n" dropped),
    adjectives re-inflected when the article tells the gender, else dropped; attributes after the head
    kept up to a preposition or comma ("des Umweltbundesamtes" -> Umweltbundesamt, "der statistischen
    Ämter" -> statistische Ämter, "eines Experten" -> Experte)."""
    quoted = _quoted_medium(v, i, j)
    if quoted is not None:
        return quoted
    while i < j - 1 and v.pos(i) in ("ART", "PPOSAT", "PIAT", "PDAT"):
        det = v.lower[i]
        i += 1
    h = i
    while h < j and v.pos(h) in ("ADJA", "ADV", "CARD"):
        h += 1
    if h >= j or v.pos(h) not in ("NN", "NE"):
        return _strip_article(v, i, j)
    word, lemma = v.words[h], v.toks[h].lemma or v.words[h]
    if det is None and any(v.pos(k) == "ADJA" and v.lower[k].endswith("em") for k in range(i, h)):
        det = "dem"  # "nationalem statistischen Institut": a strong dative singular
    # no article in an oblique position ("von Experten", "libanesischer Sicherheitskreise"): a plural
    plural = det is None or (word != lemma and det in ("der", "den"))
    if v.pos(h) == "NE" or not lemma[:1].isupper():
        head = word
    elif plural:
        head = word
        if det in (None, "den") and word.endswith("n"):
            # a dative plural "-n": "Kritikern" -> Kritiker, "Berichten" -> Berichte; "-en" plurals keep it
            weak = lemma.endswith("e") or any(lemma.lower().endswith(x) for x in v.lex.words("weak_noun_endings"))
            if word.endswith(("ern", "eln")) or (word[:-2] == lemma and not weak):
                head = word[:-1]
    elif det in ("der", "einer"):  # feminine singular: no case ending ("der Quelle")
        head = word
    elif word.startswith(lemma) and word[len(lemma):] in ("s", "es", "n", "en", "e", "ns"):
        head = lemma  # "des Gerichtes" -> Gericht, "eines Experten" -> Experte
    elif det in ("des", "eines") and word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        head = word[:-1]  # a genitive the lemmatiser kept: "des Generalanwalts"
    else:
        head = word
    endings = dict(v.lex.frames.get("nominative_adjective_ending") or {})
    if not plural and det in ("des", "eines", "dem", "einem"):  # the gender from the noun's ending, if it tells
        low = head.lower()
        endings[det] = ("es" if any(low.endswith(x) for x in v.lex.words("neuter_noun_endings"))
                        else "er" if any(low.endswith(x) for x in v.lex.words("masculine_noun_endings")) else "")
    adjs = []
    for k in range(i, h):
        w = v.words[k]
        if v.pos(k) != "ADJA" or (w[:1].isupper() and w.endswith("er")):
            adjs.append(w)  # "Dortmunder", "11."
            continue
        end = "e" if plural else endings.get(det)
        # the stem from the written form (lemmas lose comparatives: "weiteren" -> weiter-, not weit-)
        base = w[:-2] if w.endswith(("en", "em", "er", "es")) else w[:-1] if w.endswith("e") else w
        if end and base.replace("-", "").isalpha():
            adjs.append(base + end)
    e = h + 1
    while e < j and v.pos(e) not in ("APPR", "APPRART", "$,", "KON", "$(", "PRELS"):
        e += 1
    tail = v.span_text(h + 1, e) if e > h + 1 else ""
    return " ".join(x for x in (*adjs, head, tail) if x)
