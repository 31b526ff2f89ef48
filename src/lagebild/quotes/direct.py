"""Direct quotations: quoted spans with their frame (before, after, inside, headline "X: „…“").

Short quoted spans (labels, names, scare quotes) count only when a speech frame in the same sentence
attributes them; one-word spans never do.
"""

from __future__ import annotations

from .candidates import Candidate
from .marks import Marked, find_marked
from . import np as _np
from .np import clause_start, np_after, np_back, np_before
from .subject import passive_agent, subject_of
from .view import FINITE, View


def _char_span(v: View, i: int, j: int) -> tuple[int, int]:
    return (v.toks[i].start, v.toks[j - 1].end)


def cue_span(v: View, cue: int) -> tuple[int, int]:
    """The cue verb, with its separable particle when one follows ("kündigte … an")."""
    s, e = v.toks[cue].start, v.toks[cue].end
    lemma = v.speech_lemma(cue)
    if lemma and lemma != (v.toks[cue].lemma or "").lower():
        for j in v.sent_range(v.toks[cue].sent):
            if j > cue and v.toks[j].pos == "PTKVZ" and lemma.startswith(v.lower[j]):
                e = v.toks[j].end
                break
    return s, e


def _frame_cues(v: View, toks: list[int]) -> list[int]:
    return [k for k in toks if not v.in_quote[k] and v.speech_lemma(k)]


def _nach_source(v: View, k: int, limit: int) -> tuple[int, int] | None:
    """The source of "nach (den) Worten/Angaben/Auffassung (von) X" starting at the "nach" token ``k``."""
    j = k + 1
    if j < limit and v.pos(j) == "ART":
        j += 1
    if j >= limit or v.pos(j) != "NN" or not v.lower[j].endswith(v.lex.suffixes("source_nouns")):
        return None
    j += 1
    if j < limit and v.lower[j] in ("von", "vom"):
        j += 1
    m = np_after(v, j, limit=limit, allow_pronoun=False, skip_dative=False)
    return m if m is not None and m[0] == j else None


def _preposition_frame(v: View, toks: list[int]) -> tuple[tuple[int, int] | None, int] | None:
    """"laut X", "X zufolge", "so X" in the sentence tokens ``toks``: (speaker, cue token)."""
    lex = v.lex
    limit = toks[-1] + 1
    for k in toks:
        if v.in_quote[k]:
            continue
        w = v.lower[k]
        if w in lex.words("source_prepositions"):
            return np_after(v, k + 1, limit=limit, allow_pronoun=False, skip_dative=False), k
        if w in lex.words("source_postpositions"):
            return np_back(v, k, floor=toks[0]), k
        if w in lex.words("source_postposition_nach") and v.pos(k) == "APPR":
            m = _nach_source(v, k, limit)  # "Nach den Worten der Sprecherin X, fehle es „…“"
            if m is not None:
                return m, k
        if w in lex.words("so_words") and k > toks[0] and v.lower[k - 1] == ",":
            m = np_after(v, k + 1, limit=limit, skip_dative=False)
            if m is not None:
                return m, k
    return None


def direct_quotes(v: View) -> list[Candidate]:
    """Direct quotation candidates of the article (also marks quoted tokens in ``v``)."""
    lex = v.lex
    pairs = {k: list(vals) for k, vals in (lex.frames.get("quote_pairs") or {}).items()}
    marked = find_marked(v.text, pairs)
    for m in marked:
        v.mark_quote(m.start, m.end)
    out: list[Candidate] = []
    never = int(lex.frames.get("never_max_words", 1))
    label = int(lex.frames.get("label_max_words", 4))
    for m in marked:
        first = v.token_at(m.start)
        if first is None:
            continue
        words = len(v.text[m.inner_start : m.inner_end].split())
        verb = _naming_verb(v, first)
        if _labelled(v, first):
            continue
        if words <= never and verb is None:
            _keep_short(v, m, first)
            continue
        c = _frame(v, m, first)
        slogan = _slogan_verb(v, first)
        if slogan is not None and (c is None or not c.framed or c.mention is None):
            # "skandierten Parolen wie „…“": the chanted words, said by the clause's subject
            c = Candidate(m.inner_start, m.inner_end, "direct", v.toks[first].sent, confidence=0.75,
                          mention=subject_of(v, slogan), cue=_char_span(v, slogan, slogan + 1),
                          rule="direct/slogan")
        elif verb is not None and (c is None or not c.framed):
            # "wertete … als „…“": the naming verb is the frame even outside the lexicon of saying
            c = Candidate(m.inner_start, m.inner_end, "direct", v.toks[first].sent, confidence=0.75,
                          mention=subject_of(v, verb), cue=_char_span(v, verb, verb + 1),
                          rule="direct/naming-complement")
        if c is None:
            continue
        if (words == 1 and verb is not None and v.text[m.inner_start : m.inner_start + 1].isupper()
                and (v.pos(verb) not in FINITE or c.mention is None or v.lower[c.mention[0]] in v.lex.words("generic_subjects"))):
            continue  # "als „Sonnenwind“ bezeichnet wird", "Dies nennt man „Aktiensplit“": a term, not someone's words
        if words <= label and not c.framed:
            _keep_short(v, m, first)
            continue
        if words <= label and _looks_like_name(v, m) and not (words == 1 and verb is not None) and slogan is None:
            continue
        if words <= label and slogan is None and (_apposition(v, first, m) or _glossed(v, m)):
            continue  # "die Modelle „Touareg“", "Operation „Cast Lead“ („gegossenes Blei“)": names
        if c.mention is not None and v.toks[c.mention[0]].start < m.end and m.start < v.toks[c.mention[1] - 1].end:
            continue  # the quoted words are the speaker: "Wie „heise online“ berichtet"
        if c.mention is not None and v.lower[c.mention[1] - 1] in v.lex.words("label_nouns"):
            continue  # "Der wissenschaftliche Name lautet „…“": a name, not a quotation
        if verb is None and slogan is None and (c.confidence < 0.85 or _looks_like_name(v, m)) and _is_title(v, m):
            # verbless and every content word capitalised: "XXXII Championnat du Monde de Pétanque"
            continue
        if words <= label:
            c.rule += "+1word" if words == 1 else "+short"  # short spans: labels are a risk
        out.append(c)
    # quoted names and labels that are no quotations are ordinary text for the rules that follow
    v.in_quote = [False] * len(v.toks)
    for c in out:
        v.mark_quote(c.start - 1, c.end + 1)
    v._verb_cache.clear()
    for c in list(out):
        second = _cited_party(v, c)
        if second is not None:
            # "Die Zeitung zitiert X mit den Worten „…“": the words are X's and the paper's (nested)
            out.append(Candidate(c.start, c.end, "direct", c.sent, mention=second, cue=c.cue,
                                 confidence=min(c.confidence, 0.8), rule="direct/cited-nested"))
    return sorted(out, key=lambda c: c.start)


def _slogan_verb(v: View, first: int) -> int | None:
    """The finite verb of the clause when the quotation at token ``first`` follows a noun of chanting or
    writing ("Parolen wie „…“", "mit der Parole „…“", "Sprüche wie zum Beispiel „…“ oder „…“")."""
    sent = v.sent_range(v.toks[first].sent)
    prev = [k for k in sent if k < first and not v.in_quote[k] and v.pos(k) != "$("]
    nouns = v.lex.words("slogan_nouns")
    if not any(v.lower[k] in nouns for k in prev[-5:]):
        return None
    finite = [k for k in sent if v.pos(k) in FINITE and not v.in_quote[k]]
    return finite[0] if finite else None


def _cited_party(v: View, c: Candidate) -> tuple[int, int] | None:
    """For a citing frame ("X zitiert Y", "Y wird von X zitiert"), the party that is not ``c.mention``:
    the accusative object of the active verb or the subject of the passive one."""
    if c.cue is None:
        return None
    k = v.token_at(c.cue[0])
    if k is None or v.speech_lemma(k) not in v.lex.words("citing_verbs"):
        return None
    anchor = v.finite_anchor(k)
    sent = v.sent_range(v.toks[k].sent)
    if c.mention is None:
        c.mention = subject_of(v, k)  # quoted names in the frame are plain text now
        if c.mention is None:
            return None
    if v.lower[anchor] in v.lex.words("passive_auxiliary") and v.pos(k) == "VVPP":
        # the grammatical subject (without the passive agent rule), the agent, an "in X" source
        found = [_np.subject_of(v, k), passive_agent(v, anchor, k, sent), _np.source_pp(v, sent, anchor)]
    else:
        j = c.mention[1] if c.mention[0] > k else k + 1
        while j <= sent[-1] and v.pos(j) in ("ADV", "PROAV"):
            j += 1  # "zitiert dazu X"
        found = [np_after(v, j, limit=sent[-1] + 1, allow_pronoun=True, skip_dative=False) if j <= sent[-1] else None]
        if found[0] is not None and found[0][0] != j:
            found = [None]
    for other in found:
        if other is not None and not (other[0] < c.mention[1] and c.mention[0] < other[1]) and not v.in_quote[other[0]]:
            return other
    return None


def _naming_verb(v: View, first: int) -> int | None:
    """The verb whose naming complement the quotation starting at token ``first`` is ("nennen",
    "bezeichnen … als", "sprechen von"), or None."""
    sent = v.sent_range(v.toks[first].sent)
    naming = v.lex.words("naming_verbs")
    verbs = [k for k in sent if not v.in_quote[k] and _lemma(v, k) in naming]
    if not verbs:
        return None
    lemma = _lemma(v, verbs[0])
    if any(v.lower[k] in v.lex.words("naming_self_words") for k in sent if verbs[0] < k < first):
        return None  # "nennt sich „…“": the name of the subject, not a quotation
    prev = [k for k in sent if k < first and not v.in_quote[k]][-2:]
    if any(v.lower[k] in v.lex.words("naming_words") for k in prev):
        return verbs[0]
    if lemma == "nennen" and any(v.toks[k].pos in ("NN", "NE", "PPER", "PDS", "ART") for k in prev):
        return verbs[0]
    return None


def _apposition(v: View, first: int, m: Marked) -> bool:
    """A short capitalised quoted span right after a noun: the name the noun introduces ("die Modelle
    „Touareg“", "der Radiosender „Deutschlandfunk“")."""
    if first == 0 or not v.text[m.inner_start : m.inner_start + 1].isupper():
        return False
    k = first - 1
    sent = v.toks[first].sent
    # a list of names after one noun: "die Modelle „Touareg“ und „Phaeton“"
    while k > 0 and v.toks[k].sent == sent and v.pos(k) in ("KON", "$,") and v.pos(k - 1) == "$(":
        k -= 2
        while k > 0 and v.toks[k].sent == sent and v.in_quote[k] and v.pos(k) != "$(":
            k -= 1
        if v.pos(k) != "$(":
            return False
        k -= 1
    return v.toks[k].sent == sent and v.pos(k) in ("NN", "NE") and not v.in_quote[k]


def _glossed(v: View, m: Marked) -> bool:
    """A quoted span in parentheses: a gloss or translation ("(„gegossenes Blei“)")."""
    before = v.text[max(0, m.start - 2) : m.start].strip()
    after = v.text[m.end : m.end + 2].strip()
    return before.endswith("(") and after.startswith(")")


def _labelled(v: View, first: int) -> bool:
    """A quoted span right after a label noun or a source preposition: "unter dem Motto „…“",
    "der Titel „…“", "laut „news.bbc.co.uk“" — a name, not a quotation."""
    sent = v.sent_range(v.toks[first].sent)
    prev = [k for k in sent if k < first and not v.in_quote[k]]
    if not prev:
        return False
    w = v.lower[prev[-1]]
    if w in v.lex.words("as_words") and (len(prev) == 1 or v.lower[prev[-2]] in (",", ";", ":")):
        # "Wie „heise online“ berichtet": the quoted words name the source of the frame
        last = v.token_at(v.toks[first].end)
        while last is not None and last < len(v.toks) and v.in_quote[last]:
            last += 1
        if last is not None and last < len(v.toks) and v.speech_lemma(last):
            return True
    if w in v.lex.words("naming_copulas") and len(prev) > 1 and v.lower[prev[-2]] in v.lex.words("label_nouns"):
        return True  # "Der Name lautet „…“"
    return w in v.lex.words("label_nouns") or w in v.lex.words("source_prepositions")


def _keep_short(v: View, m: Marked, first: int) -> None:
    """Remember a short quoted span without its own frame: it is a partial quotation when it turns out
    to lie inside reported speech (``stage``); titles, capitalised labels, names after a noun and single
    quoted modifiers of a noun ("die „drastischen“ Erhöhung", "eine „repräsentativ“ besetzte …") never are."""
    if _apposition(v, first, m) or _glossed(v, m):
        return
    if " " not in v.text[m.inner_start : m.inner_end]:
        nxt = v.token_at(m.end)
        if nxt is not None and v.toks[nxt].start < m.end + 2 and v.pos(nxt) in ("NN", "ADJA", "VVPP"):
            return
    if not _looks_like_name(v, m) and not _is_title(v, m):
        v.short_spans.append((m.inner_start, m.inner_end))


def _lemma(v: View, k: int) -> str:
    """The verb lemma of token ``k`` for the naming test: the lexicon verb, else the tagger's lemma of a
    verb ("wertete … als", not in the lexicon of saying)."""
    lemma = v.speech_lemma(k)
    if lemma:
        return lemma
    return (v.toks[k].lemma or "").lower() if v.pos(k).startswith("VV") else ""


def _looks_like_name(v: View, m: Marked) -> bool:
    """A short quoted title or label: every content word capitalised, or a title after an article."""
    inner = v.text[m.inner_start : m.inner_end].rstrip(".!?,")
    ws = [w for w in inner.split() if len(w) > 3]
    return bool(ws) and all(w[:1].isupper() for w in ws) and not inner.endswith((".", "!", "?"))


def _is_title(v: View, m: Marked) -> bool:
    """A quoted name or title: no verb inside and a capital first letter ("Deus caritas est" is caught
    by the first rule only when the tagger finds no verb)."""
    inner = v.text[m.inner_start : m.inner_end]
    if not (inner[:1].isupper() or inner[:1].isdigit()):  # "2. Deutscher Klimakongress"
        return False
    k = v.token_at(m.inner_start)
    while k is not None and k < len(v.toks) and v.toks[k].start < m.inner_end:
        if (v.toks[k].pos in FINITE or v.toks[k].pos in ("VVINF", "VVPP", "VVIZU", "VVIMP")) and len(v.words[k]) > 2:
            return False  # ("de", "du" in foreign titles are mis-tagged as verbs)
        k += 1
    return True


def _previous_cue(v: View, s: int) -> int | None:
    """A verb of saying in sentence ``s`` (the sentence before a frameless quotation) outside quotes,
    when that sentence does not carry its own quotation (ends with ":" or has no quoted text)."""
    toks = v.sent_range(s)
    if not toks or any(v.in_quote[k] for k in toks):
        return None
    cues = [k for k in toks if v.speech_lemma(k)]
    if cues and (v.lower[toks[-1]] == ":" or v.toks[cues[-1]].pos in FINITE):
        return cues[-1]
    return None


def before_empty(v: View, before: list[int]) -> bool:
    """Whether nothing but quote glyphs precedes the quotation in its sentence."""
    return all(v.pos(k) == "$(" for k in before)


def _frame(v: View, m: Marked, first: int) -> Candidate | None:
    """Find the frame of the quoted span ``m`` (first token ``first``)."""
    s_first = v.toks[first].sent
    last = v.token_at(m.end - 1)
    s_last = v.toks[last].sent if last is not None else s_first
    sent_toks = [k for s in range(s_first, s_last + 1) for k in v.sent_range(s)]
    # a quote right after another quote's end inside the same sentence list is handled like any other
    cand = Candidate(m.inner_start, m.inner_end, "direct", s_first, confidence=0.9)
    after = [k for k in sent_toks if v.toks[k].start >= m.end]
    before = [k for k in sent_toks if v.toks[k].end <= m.start]
    # frame after: „…“, sagte X / „…“, so X
    if after and v.lower[after[0]] == "," and len(after) > 1:
        k = after[1]
        if v.finite_cue(k):
            cand.mention = subject_of(v, k)
            cand.cue = cue_span(v, k)
            cand.rule = "direct/frame-after"
            return cand
        if v.lower[k] in v.lex.words("so_words"):
            cand.mention = np_after(v, k + 1, limit=after[-1] + 1, skip_dative=False)
            cand.cue = _char_span(v, k, k + 1)
            cand.rule = "direct/so-after"
            return cand
        if v.pos(k) == "VVFIN" and before_empty(v, before):
            # "„…“, strich Romney heraus": a sentence-initial quotation framed by any verb with a subject
            mention = subject_of(v, k)
            if mention is not None and mention[0] > k:
                cand.mention = mention
                cand.cue = cue_span(v, k)
                cand.confidence = 0.8
                cand.rule = "direct/any-verb-after"
                return cand
        if v.pos(k) in ("VAFIN", "VMFIN"):
            for j in after[2:8]:
                if v.lower[j] in (",", ".", ":") or v.in_quote[j]:
                    break
                if v.speech_lemma(j):
                    cand.mention = subject_of(v, j)
                    cand.cue = cue_span(v, j)
                    cand.rule = "direct/aux-frame-after"
                    return cand
    # frame before with a colon: X sagte: „…“  /  headline X: „…“
    if before and v.lower[before[-1]] in (":", ","):
        clause = [k for k in before[:-1] if not v.in_quote[k]]
        cues = _frame_cues(v, clause)
        if cues:
            cand.mention = subject_of(v, cues[-1])
            cand.cue = cue_span(v, cues[-1])
            cand.rule = "direct/frame-before"
            return cand
        finite = [k for k in clause if v.toks[k].pos in FINITE]
        pf = _preposition_frame(v, clause) if clause and v.lower[before[-1]] == ":" else None
        if pf is not None and pf[0] is not None:
            cand.mention, k = pf  # "…, so Elshorst weiter: „…“"
            cand.cue = _char_span(v, k, k + 1)
            cand.rule = "direct/source-before-colon"
            return cand
        if v.lower[before[-1]] == ":" and finite:
            # "X stellte in Frage: „…“", "X griff ihn an: „…“": the subject of the clause's verb
            mention = subject_of(v, finite[0])
            if mention is not None:
                cand.mention = mention
                cand.confidence = 0.75
                cand.rule = "direct/any-verb-colon"
                return cand
        if v.lower[before[-1]] == ":" and clause:
            cs = clause_start(v, before[-1], [k for k in before if k < before[-1]] or [before[-1]])
            cand.mention = np_before(v, before[-1], start=cs)
            if cand.mention is not None:
                cand.confidence = 0.75
                cand.rule = "direct/headline-colon"
                return cand
    # any verb of saying in the sentence(s) outside quotes
    cues = _frame_cues(v, sent_toks)
    if cues:
        k = min(cues, key=lambda c: abs(v.toks[c].start - m.start))
        cand.mention = subject_of(v, k)
        cand.cue = cue_span(v, k)
        cand.confidence = 0.8
        cand.rule = "direct/cue-in-sentence"
        return cand
    pf = _preposition_frame(v, sent_toks)
    if pf is not None:
        cand.mention, k = pf
        cand.cue = _char_span(v, k, k + 1)
        cand.confidence = 0.8
        cand.rule = "direct/source-in-sentence"
        return cand
    prev = _previous_cue(v, s_first - 1)
    if prev is not None:
        cand.mention = subject_of(v, prev)
        cand.cue = cue_span(v, prev)
        cand.confidence = 0.7
        cand.rule = "direct/previous-sentence"
        return cand
    cand.framed = False
    cand.anaphoric = True
    cand.confidence = 0.6
    cand.rule = "direct/frameless"
    return cand
