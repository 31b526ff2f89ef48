"""Speaker noun phrases around a cue: the subject of a verb of saying, the X of "so X", "laut X",
"X zufolge", "nach Angaben von X". Spans are token index ranges ``(i, j)`` (``j`` exclusive)."""

from __future__ import annotations

from .view import FINITE, NOUNISH, View

_CORE = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PDAT", "PIDAT", "CARD", "TRUNC", "FM", "XY"})
_GLYPHS = frozenset('„“”"»«‚‘’‹›')
_BOUNDARY = frozenset({",", ":", ";", "(", ")", "–", "-", "—"})


def _named(v: View, span: tuple[int, int]) -> bool:
    """Whether the mention contains a name, a role noun or a pronoun (a likely speaker)."""
    return any(v.is_name(k) or v.lex.role_of(v.words[k]) is not None or v.pos(k) in ("PPER", "PDS")
               for k in range(*span))


def _has_head(v: View, i: int, j: int) -> bool:
    return any(v.is_head(k) or v.pos(k) in ("PPER", "PIS") for k in range(i, j))


def np_after(v: View, i: int, *, limit: int, allow_pronoun: bool = True, skip_dative: bool = True) -> tuple[int, int] | None:
    """The first subject-like noun phrase starting at token ``i`` (before ``limit``).

    Skips a reflexive, a few adverbs and dative addressees ("sagte der Zeitung …" is skipped when the
    head is a medium noun, "dem"/"einem" NPs always).
    """
    stop = v.lex.words("np_stop_words")
    dative = v.lex.words("dative_articles")
    media = v.lex.words("medium_nouns")
    k, skipped = i, 0
    while k < limit:
        p = v.pos(k)
        if v.in_quote[k]:
            return None
        if (p in ("PRF", "ADV", "PTKNEG", "ADJD") and not v.is_head(k)) or (v.lower[k] in stop and p not in _CORE):
            skipped += 1
            if skipped > 5:
                return None
            k += 1
            if p in ("APPR", "APPRART") and k < limit and v.pos(k) in _CORE:
                k = max(k + 1, _extend(v, k, limit))  # skip the PP object: "am Abend", "nach Angaben"
            continue
        if p in ("PPER", "PDS") and allow_pronoun:
            return (k, k + 1) if v.lower[k] in v.lex.frames.get("pronouns", {}) else None
        if p not in _CORE and not v.is_name(k):
            return None
        j = _extend(v, k, limit)
        if j == k or not _has_head(v, k, j):
            return None
        head = v.lower[j - 1]
        if skip_dative and (v.lower[k] in dative or any(head.endswith(m) for m in media)):
            k = j
            skipped += 1
            continue
        return (k, j)
    return None


def _medium_ahead(v: View, k: int, limit: int) -> bool:
    media = v.lex.words("medium_nouns")
    for j in range(k, min(k + 4, limit)):
        if v.pos(j) == "NN":
            return any(v.lower[j].endswith(m) for m in media)
    return False


def _extend(v: View, k: int, limit: int) -> int:
    """End of the NP starting at ``k``: determiners, adjectives, nouns, names, genitive attributes,
    a "von der X" attribute and an apposition between commas."""
    j = k
    seen_head = False
    while j < limit and not v.in_quote[j]:
        p = v.pos(j)
        w = v.lower[j]
        if p == "$(" and w in _GLYPHS and j + 1 < limit and not v.in_quote[j + 1] and (
                v.pos(j + 1) in _CORE or v.pos(j + 1) == "$(" or v.words[j + 1][:1].isupper()):
            j += 1  # a quoted name inside the noun phrase: die Zeitung „Yemen Observer“
            if v.pos(j) not in ("$(",) and v.words[j][:1].isupper():
                seen_head = True
                j += 1
            continue
        if p == "$(" and w in _GLYPHS and seen_head:
            j += 1
            continue
        if p == "ADJA" and not seen_head and (j + 1 >= limit or v.pos(j + 1) not in ("NN", "NE", "ADJA", "FM")) and (
                v.words[j][:1].isupper() or (j > k and v.pos(j - 1) == "ART")):
            seen_head = True  # nominalised adjective: "der 71-Jährige"
            j += 1
        elif p in ("ART", "PPOSAT", "PDAT", "PIAT", "PIDAT", "ADJA", "CARD") and not seen_head:
            j += 1
        elif seen_head and j == k + 1 and v.pos(k) == "NE" and v.lower[k].endswith("s") and p in ("ADJA", "NN"):
            j += 1  # Saxon genitive: "Lawrows US-amerikanischer Amtskollege …"
            seen_head = p == "NN"
        elif (p in NOUNISH or (p not in ("ART", "ADJA") and v.is_name(j))) and v.is_head(j):
            seen_head = True
            j += 1
        elif (seen_head and p == "ART" and w in ("des", "der", "eines", "einer") and j + 1 < limit and v.pos(j + 1) in _CORE
              and v.pos(j - 1) != "NE" and not _medium_ahead(v, j + 1, limit)):
            j += 1  # genitive attribute
            seen_head = False
        elif seen_head and p in ("APPR", "APPRART") and w in ("von", "vom", "aus") and j + 1 < limit and v.pos(j + 1) in _CORE:
            j += 1
            seen_head = False
        elif seen_head and p == "KON" and w == "und" and j + 1 < limit and (
                (v.pos(j + 1) == "NE" and v.pos(j - 1) == "NE") or (v.pos(j + 1) == "NN" and v.pos(j - 1) == "NN")):
            j += 1  # "Sonia und Willy Bogner", "Bürgermeister und Justizsenator"
            seen_head = False
        elif (seen_head and w == "(" and j + 2 < limit and v.lower[j + 2] == ")"
              and v.pos(j + 1) in ("NE", "NN", "FM", "XY", "CARD")):
            j += 3  # "Henning Scherf (SPD)", "Lawrow (71)"
        elif seen_head and w == "," and j + 1 < limit and v.pos(j + 1) in ("NE", "ART", "NN", "ADJA"):
            # apposition ", Klaus Stöhr," / ", die Leiterin der …," — only when it closes with a comma
            e = _extend(v, j + 1, limit)
            if e > j + 1 and e < limit and v.lower[e] == "," and _has_head(v, j + 1, e) and e - j <= 12:
                j = e + 1 if e + 1 < limit and v.pos(e + 1) not in FINITE else e
                if v.lower[j - 1] == ",":
                    j -= 1
                break
            break
        else:
            break
    while j > k and v.pos(j - 1) in ("ART", "APPR", "APPRART", "KON", "ADJA", "PDAT", "PPOSAT") and not (
            v.pos(j - 1) == "ADJA" and v.is_head(j - 1)):
        j -= 1
    return j


def np_before(v: View, end: int, *, start: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before token ``end`` and starts at the clause start ``start``
    (leading adverbs like "auch" allowed)."""
    if end <= start:
        return None
    k = start
    while k < end and v.pos(k) in ("ADV", "KON", "PTKNEG") and not v.in_quote[k] and not v.is_head(k):
        k += 1
    if k >= end or v.in_quote[k]:
        return None
    if v.pos(k) == "PPER" and k + 1 == end:
        return (k, end) if v.lower[k] in v.lex.frames.get("pronouns", {}) else None
    if v.pos(k) not in _CORE and not v.is_head(k) and v.lower[k] not in _GLYPHS:
        return None
    j = _extend(v, k, end)
    e0 = j
    while j < end and v.lower[j] == ",":
        j += 1
    if j != end:
        # NP followed by adverbials: "Ein Regierungssprecher in Berlin sagte", "… am Montag sagte"
        rest = range(j, end)
        if e0 == k or any(v.pos(r) in FINITE or v.lower[r] in (",", ":") or v.in_quote[r] for r in rest):
            return None
        if v.pos(j) not in ("APPR", "APPRART", "ADV", "$(", "ADJD", "PTKNEG"):
            return None
        end = e0
    e = end
    while e > k and v.lower[e - 1] == ",":
        e -= 1
    return (k, e) if _has_head(v, k, e) else None


def np_back(v: View, end: int, *, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending right before ``end`` (for "X zufolge"), scanning back to ``floor``."""
    k = end
    while k > floor and not v.in_quote[k - 1] and v.pos(k - 1) in _CORE | {"APPR", "APPRART"} and v.lower[k - 1] not in _BOUNDARY:
        k -= 1
    while k < end and v.pos(k) in ("APPR", "APPRART"):
        k += 1
    return (k, end) if k < end and _has_head(v, k, end) else None


def clause_start(v: View, i: int, sent: list[int], *, commas: bool = True) -> int:
    """First token of the clause containing ``i``: after the last boundary (":", quote, and "," when
    ``commas``) before ``i``."""
    s = sent[0]
    for j in sent:
        if j >= i:
            break
        if v.lower[j] in (":", ";") or v.in_quote[j] or (commas and v.lower[j] == ","):
            s = j + 1
    return s


def subject_of(v: View, cue: int) -> tuple[int, int] | None:
    """The subject mention of the verb of saying at token ``cue`` (before or after its finite verb)."""
    anchor = v.finite_anchor(cue)
    sent = v.sent_range(v.toks[cue].sent)
    limit = sent[-1] + 1
    nxt = anchor + 1
    while nxt <= sent[-1] and v.pos(nxt) in ("PRF",):
        nxt += 1
    if nxt <= sent[-1] and not v.in_quote[nxt] and (
            (v.pos(nxt) == "PPER" and v.lower[nxt] in v.lex.frames.get("pronouns", {}))):
        return (nxt, nxt + 1)  # object first, subject right after the verb: "… lobte er"
    if v.lower[cue] in v.lex.words("impersonal_verbs"):
        return source_pp(v, sent, anchor)
    for commas in (False, True):
        cs = clause_start(v, anchor, sent, commas=commas)
        before = np_before(v, anchor, start=cs)
        if before is not None:
            if (not _named(v, before) and nxt <= sent[-1] and not v.in_quote[nxt]
                    and v.lower[nxt] not in v.lex.words("dative_articles") | {"den", "die", "das"}):
                after = np_after(v, nxt, limit=limit)
                if after is not None and after[0] == nxt and _named(v, after):
                    # "Des Weiteren verwies Steinbrück …", "Die Anwendung … stellte der SPD-Vorsitzende X in Frage"
                    return after
            return before
    cs = clause_start(v, anchor, sent)
    if cs < anchor and v.pos(cs) == "PRELS" and cs + 1 == anchor:
        return (cs, cs + 1)  # "…, der behauptete, …": the relative pronoun speaks
    # "X, der sich … entschlossen hatte, sagte": the NP before a relative clause
    strong = clause_start(v, anchor, sent, commas=False)
    if v.pos(strong) in _CORE:
        e = _extend(v, strong, anchor)
        if e > strong and e + 1 < anchor and v.lower[e] == "," and v.lower[anchor - 1] == ",":
            return (strong, e) if _has_head(v, strong, e) else None
    # "…, sagte er", "hatte X gesagt", "kündigte Lawrow an"
    return np_after(v, anchor + 1, limit=limit)


def source_pp(v: View, sent: list[int], anchor: int) -> tuple[int, int] | None:
    """"Im Bericht heißt es", "heißt es in einer Erklärung des X": the NP of the "in" phrase."""
    limit = sent[-1] + 1
    for k in sent:
        if v.in_quote[k] or abs(k - anchor) > 12:
            continue
        if v.lower[k] in v.lex.words("impersonal_source_prepositions") and v.pos(k) in ("APPR", "APPRART"):
            j = _extend(v, k + 1, limit)
            if j > k + 1 and _has_head(v, k + 1, j):
                return (k + 1, j)
    return None
