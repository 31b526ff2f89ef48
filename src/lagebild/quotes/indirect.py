"""Indirect speech: verbs of saying with a dass/ob/w-clause or a Konjunktiv I clause, frames after
the clause (", sagte X", ", so X"), "laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte",
"demnach". Continuation sentences are added by the stage after speakers are known."""

from __future__ import annotations

from collections.abc import Iterator

from ..nlp.morph import is_konjunktiv1
from .candidates import Candidate
from .direct import cue_span
from .np import np_after, np_back
from .subject import subject_of
from .view import FINITE, View


#: first words of a clause after "sagte," that do not open a reported V2 clause: a narrative clause goes on
#: ("sagte, jedoch wurden …", "…, später brach er …", "…, im Dezember soll …")
V2_NO_SUBJECT = frozenset({"KON", "APPR", "APPRART", "PRELS", "KOUS", "PWAV", "ADV", "CARD", "ADJA", "PIAT"})


def is_ki(v: View, k: int) -> bool:
    """Whether token ``k`` is a Konjunktiv I finite verb."""
    t = v.toks[k]
    if t.pos not in FINITE:
        return False
    subj = v.lower[k - 1] if k > 0 and v.lower[k - 1] in ("ich",) else None
    return is_konjunktiv1(v.words[k], t.pos, t.lemma, subject=subj, language=v.lex.language)


def first_finite(v: View, toks: list[int]) -> int | None:
    for k in toks:
        if v.toks[k].pos in FINITE and not v.in_quote[k]:
            return k
    return None


def _body_end(v: View, toks: list[int]) -> int:
    """Index one past the last token of ``toks`` that is not final punctuation."""
    j = len(toks)
    while j > 0 and v.toks[toks[j - 1]].pos in ("$.",) and not v.in_quote[toks[j - 1]]:
        j -= 1
    return j


def _span(v: View, toks: list[int], a: int, b: int) -> tuple[int, int] | None:
    """Character span of ``toks[a:b]`` (None when empty)."""
    if b <= a:
        return None
    return v.toks[toks[a]].start, v.toks[toks[b - 1]].end


def _zu_clause(v: View, rest: list[int]) -> bool:
    """An infinitive clause with "zu" ("…, auf das Amt zu verzichten") and no finite verb before it."""
    for k in rest[:25]:
        if v.toks[k].pos in FINITE or v.lower[k] in (",", ";"):
            return False
        if v.toks[k].pos == "VVIZU" or (v.toks[k].pos == "PTKZU" and not v.in_quote[k]):
            return True
    return False


def _mostly_quoted(v: View, toks: list[int]) -> bool:
    return bool(toks) and sum(v.in_quote[k] for k in toks) >= 0.6 * len(toks)


def _particle_pos(v: View, k: int, toks: list[int], n: int, end: int) -> int:
    """Position in ``toks`` of the separable particle that completes the verb of saying at ``toks[n]``
    ("geht … davon aus"), else ``n``."""
    lemma = v.speech_lemma(k) or ""
    if v.toks[k].pos != "VVFIN" or lemma == (v.toks[k].lemma or "").lower():
        return n
    for m in range(n + 1, min(n + 25, end)):
        j = toks[m]
        if v.toks[j].pos == "PTKVZ" and lemma.startswith(v.lower[j]) and not v.in_quote[j]:
            return m
    return n


def _make(v: View, s: int, span: tuple[int, int] | None, mention: tuple[int, int] | None,
          cue: tuple[int, int] | None, conf: float, *, anaphoric: bool = False, rule: str = "") -> Candidate | None:
    """A candidate for sentence ``s`` (None when the span is empty), produced by ``rule``."""
    if span is None:
        return None
    return Candidate(span[0], span[1], "indirect", s, mention=mention, cue=cue, confidence=conf, anaphoric=anaphoric,
                     rule=rule)


def sentence_candidates(v: View, s: int) -> Iterator[Candidate | None]:
    """Indirect quotation candidates of sentence ``s`` in rule order (None items are skipped)."""
    toks = v.sent_range(s)
    if len(toks) < 3 or _mostly_quoted(v, toks):
        return
    lex = v.lex
    end = _body_end(v, toks)
    pos_in = {k: n for n, k in enumerate(toks)}
    comp = lex.words("complementizers") | lex.words("wh_words")
    # A. verb of saying + "," + dass/ob/w-clause or Konjunktiv I clause (or ":" + clause)
    for n, k in enumerate(toks[:end]):
        if not v.speech_lemma(k):
            continue
        # a split separable verb frames from its particle on: "geht …, Joachim Rücker, davon aus, dass"
        start = _particle_pos(v, k, toks, n, end)
        for m in range(start + 1, min(start + 16, end)):
            w = v.lower[toks[m]]
            if v.in_quote[toks[m]]:
                continue  # a quoted name in the frame: "sagte der „Berliner Zeitung“, dass"
            if w in (",", ":"):
                rest = toks[m + 1 : end]
                if not rest or v.in_quote[rest[0]] or (v.lower[rest[0]] == "„" and len(rest) > 1 and v.in_quote[rest[1]]):
                    break  # "sagte, „…“": a direct quotation (reported words before the marks are indirect)
                rest = _cut_coordinated(v, rest)
                ff = first_finite(v, rest)
                if v.lower[rest[0]] in lex.words("subordinators") and not (len(rest) > 1 and v.toks[rest[1]].pos in FINITE):
                    break  # ("damit solle …": an adverb in V2 order, not the subordinator)
                zu = _zu_clause(v, rest)
                article = (v.toks[rest[0]].pos == "PRELS" and len(rest) > 3 and ff == rest[2]
                           and v.toks[rest[1]].pos in ("NN", "NE") and v.lower[rest[3]] not in (",", "."))
                # ("sagte Rice, die USA hielten sich …": an article the tagger took for a relative pronoun)
                v2 = (ff is not None and ff in rest[1:6] and v.lex.verbs.get(v.speech_lemma(k) or "") != "thought"
                      and m - n <= 6 and (v.toks[rest[0]].pos not in V2_NO_SUBJECT or article))
                if (v.lower[rest[0]] in comp or (ff is not None and is_ki(v, ff) and ff in rest[:8]) or zu
                        or (v2 and w == ",")):
                    conf = 0.85 if v.lower[rest[0]] in comp else 0.75
                    rule = ("indirect/verb-dass" if v.lower[rest[0]] in comp
                            else "indirect/verb-konj1" if ff is not None and is_ki(v, ff) and ff in rest[:8]
                            else "indirect/verb-zu" if zu else "indirect/verb-v2")
                    if w == ":":
                        rule += "-colon"
                    yield _make(v, s, _span(v, rest, 0, len(rest)), subject_of(v, k), cue_span(v, k), conf, rule=rule)
                break
            if v.toks[toks[m]].pos in FINITE and m > start + 1:
                break
    # A2. noun of saying + "," + dass/ob/Konjunktiv I/zu-infinitive clause
    nouns = lex.words("speech_nouns")
    for n, k in enumerate(toks[:end]):
        if v.in_quote[k] or v.toks[k].pos != "NN" or v.lower[k] not in nouns:
            continue
        m = n + 1
        while m < min(n + 10, end) and v.lower[toks[m]] != "," and v.toks[toks[m]].pos not in FINITE:
            m += 1
        if m >= end - 1 or v.lower[toks[m]] != ",":
            continue
        rest = toks[m + 1 : end]
        if not rest or _mostly_quoted(v, rest) or v.lower[rest[0]] in lex.words("subordinators"):
            continue
        ff = first_finite(v, rest)
        if not (v.lower[rest[0]] in lex.words("complementizers") or (ff is not None and ff in rest[:8] and is_ki(v, ff))
                or _zu_clause(v, rest)):
            continue
        mention = np_after(v, k + 1, limit=toks[m], allow_pronoun=False, skip_dative=False) if m > n + 1 else None
        anaphoric = False
        if mention is None:
            fin = [j for j in toks[:n] if v.toks[j].pos in FINITE]
            if fin and is_ki(v, fin[0]):
                anaphoric = True  # inside reported speech: the reporting speaker, not the clause subject
            else:
                mention = subject_of(v, fin[0]) if fin else None
        yield _make(v, s, _span(v, toks, m + 1, end), mention, (v.toks[k].start, v.toks[k].end), 0.65,
                    anaphoric=anaphoric, rule="indirect/speech-noun")
    # B. clause, then frame: ", sagte X" / ", so X" / ", hatte X gesagt" / ", heißt es"
    for n in range(2, end - 1):
        if v.lower[toks[n]] != ",":
            continue
        k = toks[n + 1]
        head = toks[:n]
        if _mostly_quoted(v, head) or first_finite(v, head) is None:
            continue
        if any(v.toks[head[h]].pos == "PRELS" and (v.lower[head[h - 1]] == "," or (
                h > 1 and v.toks[head[h - 1]].pos == "APPR" and v.lower[head[h - 2]] == ",")) for h in range(1, len(head))):
            continue  # "Deiss, der (in dem) sich … entschlossen hatte, sagte …": subject with a relative clause
        if v.toks[head[0]].pos in FINITE or (len(head) > 1 and v.toks[head[0]].pos == "ADV" and v.toks[head[1]].pos == "KOUS"):
            continue  # an adverbial clause before the main clause: "Sollte sich …, plant man", "Erst nachdem …, wurde"

        opener = v.lower[head[0]]
        so_final = v.lower[k] in lex.words("so_words") and _final_np(v, toks, n + 2, end)
        if opener not in comp and not so_final and (v.toks[head[0]].pos in ("KOUS", "PRELS", "KON")
                                                    or opener in lex.words("subordinators")):
            continue
        if opener in lex.words("as_words"):
            continue
        if v.finite_cue(k):
            imp = v.lower[k] in lex.words("impersonal_verbs")
            mention = None if imp else subject_of(v, k)
            if imp:
                mention = _in_source(v, toks, n + 2, end)
            if mention is not None and mention[0] < k:
                break  # the verb shares the subject of the clause before: "X bestätigten Y, teilten aber mit, …"
            if any(v.lower[j] == ":" and not v.in_quote[j] and j + 1 <= toks[-1] and (v.in_quote[j + 1] or v.pos(j + 1) == "$(")
                   for j in toks[n + 1 : end]):
                break  # ", erklärte: „…“": the verb frames the quotation after the colon
            if mention is None and not imp:
                break  # no subject after the verb: a coordinated verb phrase ("X monieren Y, sprechen aber davon")
            if opener in lex.words("wh_words") and any(
                    v.toks[j].pos == "PTKNEG" or v.lower[j] in lex.words("complementizers") for j in toks[n + 1 : end]):
                break  # "Warum …, begründete X damit, dass …", "Wieso …, gab X nicht bekannt": a topic, not the words
            yield _make(v, s, _span(v, toks, 0, n), mention, cue_span(v, k), 0.8,
                        rule="indirect/heisst-es-after" if imp else "indirect/frame-after")
            break
        if v.lower[k] in lex.words("so_words"):
            m = np_after(v, k + 1, limit=toks[end - 1] + 1, skip_dative=False)
            if m is not None:
                after = m[1]
                while after <= toks[end - 1] and v.pos(after) in ("ADV", "ADJD", "PTKVZ"):
                    after += 1
                if (after < toks[end - 1] and v.lower[after] == ","
                        and v.pos(after + 1) not in ("PRELS", "PRELAT", "KOUS", "PWAV", "PWS", "KON")):
                    continue  # parenthetical "Doch sei es, so X, …": the whole sentence is the report (rule C)
                yield _make(v, s, _span(v, toks, 0, n), m, (v.toks[k].start, v.toks[k].end), 0.8, rule="indirect/so-after")
                break
    # C. "laut X" / "gemäß X" / "nach Angaben (von) X" / "X zufolge" / "wie X mitteilte" / "demnach"
    src_nouns = lex.words("source_nouns")
    for n, k in enumerate(toks[:end]):
        if v.in_quote[k]:
            continue
        w = v.lower[k]
        mention = None
        frame_end = None
        if w in lex.words("source_prepositions") and n + 1 < end and v.toks[toks[n + 1]].pos == "PRELS":
            continue  # "ein Gutachten, laut dem …": a relative clause, not a source frame
        if w in lex.words("source_prepositions"):
            mention = np_after(v, k + 1, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
            if mention is None or mention[0] != k + 1:
                mention = _loose_source(v, toks, n + 1, end)
            frame_end = pos_in[mention[1] - 1] + 1 if mention else None
        elif (w in lex.words("source_postposition_nach") and n >= 1 and v.toks[toks[n - 1]].pos == "NN"
              and any(v.lower[toks[n - 1]].endswith(x) for x in src_nouns | lex.words("source_nouns_postposed"))):
            # "Seiner Meinung nach", "Dem Vernehmen nach", "Ansicht der Experten nach"
            b = n - 1
            while b > 0 and v.toks[toks[b - 1]].pos in ("PPOSAT", "ART", "NE", "ADJA"):
                b -= 1
            mention = (toks[b], toks[n - 1] + 1)
            start_n, frame_end = b, n + 1
            if (v.lower[toks[b]] in lex.words("first_person_possessives") or v.lower[toks[-1]] == "?"
                    or _in_relative(v, toks, b)):
                continue  # "meiner Meinung nach" (an interview), a question, "die ihrer Meinung nach …": no report
            if start_n <= 1:
                span = _span(v, toks, frame_end + (1 if frame_end < end and v.lower[toks[frame_end]] == "," else 0), end)
            else:
                span = _span(v, toks, 0, end)
            yield _make(v, s, span, mention, (v.toks[k].start, v.toks[k].end), 0.7, rule="indirect/meinung-nach")
            continue
        elif w in lex.words("source_noun_prepositions") and n + 1 < end:
            j = n + 1
            while j < end and v.toks[toks[j]].pos in ("ADJA", "ART", "PPOSAT", "PRELAT", "ADV"):  # "nach bisher unbestätigten Berichten"
                j += 1
            if j < end and any(v.lower[toks[j]].endswith(x) for x in src_nouns) and v.toks[toks[j]].pos == "NN":
                mention = (toks[j], toks[j] + 1)
                after = toks[j] + 1
                if after <= toks[end - 1] and v.lower[after] in ("von", "vom"):
                    after += 1  # "nach Angaben von X, einem Manager der Firma, …"
                more = np_after(v, after, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
                if more is not None and more[0] == after or (more and v.lower[toks[j] + 1] in ("von", "vom", "des", "der")):
                    mention = (toks[j], more[1])
                frame_end = pos_in.get(mention[1] - 1, j) + 1
        elif w in lex.words("source_postpositions"):
            mention = np_back(v, k, floor=toks[0])
            frame_end = n + 1
        elif w in lex.words("so_words") and 0 < n < end - 3 and v.lower[toks[n - 1]] == ",":
            # parenthetical "…, so X weiter, …" inside the reported sentence
            m = np_after(v, k + 1, limit=toks[end - 1] + 1, skip_dative=False)
            if m is not None and m[0] == k + 1:
                after = pos_in.get(m[1], end)
                while after < end and v.toks[toks[after]].pos in ("ADV", "ADJD", "PTKVZ"):
                    after += 1
                if after < end - 1 and v.lower[toks[after]] == ",":
                    yield _make(v, s, _span(v, toks, 0, end), m, (v.toks[k].start, v.toks[k].end), 0.75,
                                rule="indirect/so-parenthetical")
            continue
        elif w in ("wonach",) and n >= 2 and v.lower[toks[n - 1]] == ",":
            mention = np_back(v, toks[n - 1], floor=toks[0])
            yield _make(v, s, _span(v, toks, n + 1, end), mention, (v.toks[k].start, v.toks[k].end), 0.7,
                        rule="indirect/wonach")
            continue
        elif w in lex.words("anaphoric_cues") and n <= 1:
            frame_end = n + 1
            c = _make(v, s, _span(v, toks, frame_end, end), (k, k + 1), (v.toks[k].start, v.toks[k].end), 0.6,
                      rule="indirect/demnach")
            if c is not None:
                c.anaphoric = True
            yield c
            continue
        elif w in lex.words("as_words") and v.toks[k].pos in ("KOUS", "PWAV", "KOKOM"):
            for m in range(n + 1, min(n + 20, end)):
                km = toks[m]
                if v.in_quote[km] or (v.toks[km].pos in FINITE and not v.speech_lemma(km)):
                    break
                if (v.speech_lemma(km) and v.toks[km].pos in FINITE | {"VVPP"}
                        and v.speech_lemma(km) not in lex.words("naming_verbs")):  # "wie er genannt wird"
                    mention = np_after(v, k + 1, limit=km, skip_dative=False)
                    if mention is None:
                        break
                    rest = (0, n) if n > 2 else (m + 2 if m + 1 < end and v.lower[toks[m + 1]] == "," else m + 1, end)
                    yield _make(v, s, _span(v, toks, *rest), mention, cue_span(v, km), 0.75, rule="indirect/wie-frame")
            continue
        else:
            continue
        if mention is None or frame_end is None:
            continue
        start_n = n - (mention[1] - mention[0]) if w in lex.words("source_postpositions") else n
        # a semicolon or colon closes one main clause and opens the next: "…; nach Angaben X stecke …"
        c0 = max([q + 1 for q in range(start_n) if v.lower[toks[q]] in (";", ":") and not v.in_quote[toks[q]]], default=0)
        c1 = next((q for q in range(frame_end, end) if v.lower[toks[q]] == ";" and not v.in_quote[toks[q]]), end)
        if start_n <= c0 + 1:  # frame opens the clause: the rest is the report
            span = _span(v, toks, frame_end + (1 if frame_end < c1 and v.lower[toks[frame_end]] == "," else 0), c1)
        elif frame_end >= c1 - 1:
            span = _span(v, toks, c0, max(start_n - (1 if v.lower[toks[start_n - 1]] == "," else 0), c0 + 1))
        else:
            a, b = _sub_clause(v, toks, start_n, frame_end, c1)
            span = _span(v, toks, max(a, c0), b)
        rule = ("indirect/laut" if w in lex.words("source_prepositions")
                else "indirect/zufolge" if w in lex.words("source_postpositions") else "indirect/nach-angaben")
        yield _make(v, s, span, mention, (v.toks[k].start, v.toks[k].end), 0.75, rule=rule)



def _nests(a: Candidate, b: Candidate, v: View) -> bool:
    """Whether one candidate is a report inside the other's report with its own frame ("Laut X hat
    der IWF angekündigt, keine Hilfe mehr zu leisten": X reports the announcement, the IWF announces)."""
    outer, inner = (a, b) if a.end - a.start >= b.end - b.start else (b, a)
    return (outer.start <= inner.start and inner.end <= outer.end and outer.cue is not None and inner.cue is not None
            and v.text[outer.cue[0] : outer.cue[1]].lower() in v.lex.words("source_prepositions") | v.lex.words("source_noun_prepositions")
            and outer.cue[1] <= inner.start and outer.start <= inner.cue[0] < outer.end
            and (inner.end - inner.start) < 0.8 * (outer.end - outer.start))


def _in_relative(v: View, toks: list[int], a: int) -> bool:
    """Whether position ``a`` of ``toks`` lies in a relative clause ("…, die ihrer Meinung nach …",
    "…, bei dem es sich seiner Meinung nach …")."""
    p = a - 1
    while p >= 0 and v.lower[toks[p]] not in (",", ";", ":"):
        p -= 1
    nxt = toks[p + 1 : p + 3]
    return p >= 0 and bool(nxt) and (v.pos(nxt[0]) in ("PRELS", "PRELAT") or (
        len(nxt) > 1 and v.pos(nxt[0]) in ("APPR", "APPRART") and v.pos(nxt[1]) in ("PRELS", "PRELAT")))


def _final_np(v: View, toks: list[int], a: int, end: int) -> bool:
    """Whether ``toks[a:end]`` is one noun phrase closing the sentence ("…, so Frank Bäsler.")."""
    if a >= end:
        return False
    m = np_after(v, toks[a], limit=toks[end - 1] + 1, skip_dative=False)
    return m is not None and m[0] == toks[a] and m[1] >= toks[end - 1] + 1 - 0


def _cut_coordinated(v: View, rest: list[int]) -> list[int]:
    """The reported clause ``rest`` up to a coordinated new frame ("…, Europa brauche X und fügte
    hinzu: „…“"): "und"/"sowie" followed by a finite verb of saying ends the report."""
    for n in range(1, len(rest) - 1):
        if v.toks[rest[n]].pos == "KON" and not v.in_quote[rest[n]] and v.toks[rest[n + 1]].pos in FINITE \
                and v.speech_lemma(rest[n + 1]):
            return rest[:n]
    return rest


def _sub_clause(v: View, toks: list[int], a: int, b: int, end: int) -> tuple[int, int]:
    """The reported clause around a source frame at ``toks[a:b]`` in mid-sentence: the relative or
    subordinate clause it sits in ("…, der laut X … ausgeführt habe, …"), else the whole sentence."""
    p = a - 1
    while p > 0 and v.lower[toks[p]] not in (",", ";", ":", "–") or (p > 0 and v.in_quote[toks[p]]):
        p -= 1
    if p <= 0 or p + 1 >= a or v.toks[toks[p + 1]].pos not in ("PRELS", "KOUS", "PWAV", "PRELAT"):
        return 0, end
    q = b
    while q < end and not (v.lower[toks[q]] in (",", ";") and v.toks[toks[q - 1]].pos in FINITE):
        q += 1
    return p + 1, q


def _loose_source(v: View, toks: list[int], a: int, end: int) -> tuple[int, int] | None:
    """The source after "laut" when it is no plain noun phrase ("laut „Welt“", "laut bildblog.de"):
    the tokens up to the next finite verb or comma (at most six)."""
    b = a
    while (b < end and b - a < 6 and v.toks[toks[b]].pos not in FINITE and v.lower[toks[b]] not in (",", ".", ":")
           and not (b > a and v.toks[toks[b]].pos in ("ART", "VVPP", "VVINF", "APPR", "APPRART", "ADV"))):
        b += 1
    if b == a or b - a >= 6:
        return None
    return (toks[a], toks[b - 1] + 1)


def _in_source(v: View, toks: list[int], a: int, end: int) -> tuple[int, int] | None:
    """"heißt es in einer Erklärung des X": the NP after "in"."""
    for n in range(a, min(a + 4, end)):
        if v.lower[toks[n]] in ("in", "im", "aus"):
            return np_after(v, toks[n] + 1, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
    return None


def indirect_quotes(v: View) -> list[Candidate]:
    """Indirect quotation candidates; several per sentence when they do not overlap."""
    out: list[Candidate] = []
    for s in range(len(v.sents)):
        kept: list[Candidate] = []
        for c in sentence_candidates(v, s):
            if c is None or c.end - c.start < 8:
                continue
            clash = [k for k in kept if min(c.end, k.end) - max(c.start, k.start) > 0.5 * min(c.end - c.start, k.end - k.start)
                     and not _nests(c, k, v)]
            if clash:
                # a later rule that names the speaker wins over an earlier one that could not
                if len(clash) == 1 and clash[0].mention is None and not clash[0].anaphoric and c.mention is not None:
                    kept[kept.index(clash[0])] = c
                continue
            kept.append(c)
        out.extend(kept)
    return out
