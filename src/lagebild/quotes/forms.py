"""Speaker names as the article writes them: a noun phrase in the nominative ("des Umweltbundesamtes" ->
Umweltbundesamt, "eines Vertreters der EU-Kommission" -> ein Vertreter der EU-Kommission), without its
article for organisations ("Das Europäische Parlament" -> Europäisches Parlament), the bearer of a source
compound ("Behördenangaben" -> Behörden) and a medium named in quotation marks. Word lists in
``frames.yaml``."""

from __future__ import annotations

from functools import lru_cache

from .lexicon import load_lexicon
from .view import View


@lru_cache(maxsize=4)
def _source_nouns(language: str) -> tuple[str, ...]:
    lex = load_lexicon(language)
    return tuple(lex.words("source_nouns") | lex.words("bearer_nouns"))


def quoted_medium(v: View, i: int, j: int) -> str | None:
    """A medium named in quotation marks: "der Website „icelandreview.com“" -> icelandreview.com."""
    q = next((k for k in range(i + 1, j - 1) if v.pos(k) == "$(" and v.pos(k - 1) == "NN"
              and any(v.lower[k - 1].endswith(m) for m in v.lex.words("medium_nouns"))), None)
    if q is None:
        return None
    e = q + 1
    while e < j and v.pos(e) != "$(":
        e += 1
    return v.span_text(q + 1, e) if e > q + 1 else None


def oblique(v: View, i: int, j: int) -> bool:
    """Whether the mention ``i:j`` is in the genitive or dative: an oblique-only article, or a source
    preposition before it ("laut der Zeitung", "nach einer Untersuchung") or postposition after it ("dem
    Bericht zufolge")."""
    if (v.lower[i] in v.lex.words("oblique_only_articles")
            or (i > 0 and v.lower[i - 1] in v.lex.words("source_prepositions") | v.lex.words("source_noun_prepositions"))
            or (j < len(v.toks) and v.lower[j] in v.lex.words("source_postpositions"))):
        return True
    if i > 0 and v.lower[i - 1] in v.lex.words("oblique_only_articles") and v.pos(i) != "ART":
        return True  # "des | Umweltbundesamtes": the article outside the mention
    head = next((k for k in range(i, j) if v.pos(k) in ("NN", "NE")), None)
    return head is not None and ("Case=Gen" in v.toks[head].feats or "Case=Dat" in v.toks[head].feats)


def strip_article(v: View, i: int, j: int) -> str:
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
            return " ".join(words + [strip_article(v, k, j)])
    quoted = quoted_medium(v, i, j)
    if quoted is not None:
        return quoted
    while i < j - 1 and v.pos(i) == "$(":  # a quoted name: "der „Netzeitung“" -> Netzeitung
        i += 1
    while j > i + 1 and v.pos(j - 1) == "$(":
        j -= 1
    return v.span_text(i, j)


def source_noun(v: View, i: int, j: int) -> int | None:
    """The token of the source noun that heads the mention ``i:j`` ("nach ersten Angaben"), or None."""
    nouns = _source_nouns(v.lex.language)
    k = i
    while k < j and v.pos(k) in ("ART", "ADJA", "PPOSAT", "PIAT", "ADV", "CARD", "APPR", "APPRART"):
        k += 1
    if k >= j or v.pos(k) != "NN" or not any(v.lower[k].endswith(x) for x in nouns):
        return None
    return k


def has_name(v: View, i: int, j: int) -> bool:
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


def adjective_actor(v: View, i: int, j: int, actor: str) -> bool:
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


def compound_bearer(v: View, k: int) -> str | None:
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
    quoted = quoted_medium(v, i, j)
    if quoted is not None:
        return quoted
    while i < j - 1 and v.pos(i) in ("ART", "PPOSAT", "PIAT", "PDAT"):
        det = v.lower[i]
        i += 1
    h = i
    while h < j and v.pos(h) in ("ADJA", "ADV", "CARD"):
        h += 1
    if h >= j or v.pos(h) not in ("NN", "NE"):
        return strip_article(v, i, j)
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
        if v.pos(k) != "ADJA" or (w[:1].isupper() and w.endswith("er") and (v.toks[k].lemma or "").lower() != w.lower()[:-2]):
            adjs.append(w)  # "Dortmunder", "11." (not "Süddeutscher", a strong dative of süddeutsch)
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


_NOM_DEFINITE = {"m": "der", "f": "die", "n": "das", "p": "die"}
_NOM_INDEFINITE = {"m": "ein", "f": "eine", "n": "ein"}
_ADJ_AFTER_DEFINITE = {"m": "e", "f": "e", "n": "e", "p": "en"}
_ADJ_AFTER_INDEFINITE = {"m": "er", "f": "e", "n": "es"}


def person_description(v: View, i: int, j: int, *, oblique_position: bool) -> str:
    """A description of a person as the speaker's name, in the nominative with its article ("des
    künstlerischen Leiters" -> der künstlerische Leiter, "eines Vertreters der EU-Kommission" -> ein
    Vertreter der EU-Kommission); a nominative one as written ("der örtliche Polizeichef")."""
    while i < j - 1 and v.pos(i) == "$(":
        i += 1
    while j > i + 1 and v.pos(j - 1) in ("$(", "$,"):
        j -= 1
    k, det = i, None
    while k < j - 1 and v.pos(k) in ("ART", "PIAT", "PDAT", "PPOSAT", "PIDAT"):
        det = v.lower[k]
        k += 1
    oblique_art = det in v.lex.words("oblique_only_articles") or det in ("einer", "den")
    if det is None or not (oblique_art or (oblique_position and det == "der")):
        return v.span_text(i, j) if det is not None else nominative(v, i, j, None)
    h = k
    while h < j and v.pos(h) in ("ADJA", "ADV", "CARD"):
        h += 1
    if h >= j or v.pos(h) not in ("NN", "NE"):
        return nominative(v, i, j, det)
    feats = dict(kv.split("=", 1) for kv in v.toks[h].feats.split("|") if "=" in kv)
    word, lemma = v.words[h], v.toks[h].lemma or v.words[h]
    plural = feats.get("Number") == "Plur" or det == "den"
    low = word.lower()
    gender = {"Masc": "m", "Fem": "f", "Neut": "n"}.get(feats.get("Gender", ""))
    if gender is None:
        gender = ("f" if det in ("der", "einer") else
                  "n" if any(low.endswith(x) for x in v.lex.words("neuter_noun_endings")) else "m")
    if plural:
        gender = "p"
    indefinite = det in v.lex.words("indefinite_articles")
    if indefinite and plural:
        art, ending = "", "e"
    elif indefinite:
        art, ending = _NOM_INDEFINITE[gender], _ADJ_AFTER_INDEFINITE[gender]
    else:
        art, ending = _NOM_DEFINITE[gender], _ADJ_AFTER_DEFINITE[gender]
    if plural:
        head = word[:-1] if det == "den" and word.endswith(("ern", "eln")) else word
    elif gender == "f":
        head = word
    elif word.startswith(lemma) and word[len(lemma):] in ("s", "es", "n", "en", "ns"):
        head = lemma
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "os")) and det in ("des", "eines"):
        head = word[:-1]
    else:
        head = word
    adjs = []
    for a in range(k, h):
        w = v.words[a]
        if v.pos(a) != "ADJA" or (w[:1].isupper() and w.endswith("er")):
            adjs.append(w)
            continue
        base = w[:-2] if w.endswith(("en", "em", "er", "es")) else w[:-1] if w.endswith("e") else w
        adjs.append(base + ending if base.replace("-", "").isalpha() else w)
    tail = v.span_text(h + 1, j) if h + 1 < j else ""
    return " ".join(x for x in (art, *adjs, head, tail) if x)
