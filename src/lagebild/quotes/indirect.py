"""Indirect speech: verbs of saying with a dass/ob/w-clause or a Konjunktiv I clause, frames after
the clause (", sagte X", ", so X"), "laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte",
"demnach". Continuation sentences are added by the stage after speakers are known."""

from __future__ import annotations

from ..nlp.morph import is_konjunktiv1
from .candidates import Candidate
from .direct import cue_span
from .np import np_after, np_back, subject_of
from .view import FINITE, View


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


def _mostly_quoted(v: View, toks: list[int]) -> bool:
    return bool(toks) and sum(v.in_quote[k] for k in toks) >= 0.6 * len(toks)


def _make(v: View, s: int, span: tuple[int, int] | None, mention, cue, conf: float, **kw) -> Candidate | None:
    if span is None:
        return None
    return Candidate(span[0], span[1], "indirect", s, mention=mention, cue=cue, confidence=conf, **kw)


def indirect_in_sentence(v: View, s: int) -> Candidate | None:
    """The indirect quotation of sentence ``s`` (None when the sentence reports no speech)."""
    toks = v.sent_range(s)
    if len(toks) < 3 or _mostly_quoted(v, toks):
        return None
    lex = v.lex
    end = _body_end(v, toks)
    pos_in = {k: n for n, k in enumerate(toks)}
    comp = lex.words("complementizers") | lex.words("wh_words")
    # A. verb of saying + "," + dass/ob/w-clause or Konjunktiv I clause (or ":" + clause)
    for n, k in enumerate(toks[:end]):
        if not v.speech_lemma(k):
            continue
        for m in range(n + 1, min(n + 12, end)):
            w = v.lower[toks[m]]
            if v.in_quote[toks[m]]:
                break
            if w in (",", ":"):
                rest = toks[m + 1 : end]
                if not rest or _mostly_quoted(v, rest):
                    break
                ff = first_finite(v, rest)
                if v.lower[rest[0]] in comp or (ff is not None and is_ki(v, ff) and ff in rest[:8]):
                    conf = 0.85 if v.lower[rest[0]] in comp else 0.75
                    return _make(v, s, _span(v, toks, m + 1, end), subject_of(v, k), cue_span(v, k), conf)
                break
            if v.toks[toks[m]].pos in FINITE and m > n + 1:
                break
    # B. clause, then frame: ", sagte X" / ", so X" / ", hatte X gesagt" / ", heißt es"
    for n in range(2, end - 1):
        if v.lower[toks[n]] != ",":
            continue
        k = toks[n + 1]
        head = toks[:n]
        if _mostly_quoted(v, head) or first_finite(v, head) is None:
            continue
        if v.speech_lemma(k) and v.toks[k].pos in FINITE:
            imp = v.lower[k] in lex.words("impersonal_verbs")
            mention = None if imp else subject_of(v, k)
            if imp:
                mention = _in_source(v, toks, n + 2, end)
            return _make(v, s, _span(v, toks, 0, n), mention, cue_span(v, k), 0.8)
        if v.lower[k] in lex.words("so_words"):
            m = np_after(v, k + 1, limit=toks[end - 1] + 1, skip_dative=False)
            if m is not None:
                return _make(v, s, _span(v, toks, 0, n), m, (v.toks[k].start, v.toks[k].end), 0.8)
    # C. "laut X" / "gemäß X" / "nach Angaben (von) X" / "X zufolge" / "wie X mitteilte" / "demnach"
    src_nouns = lex.words("source_nouns")
    for n, k in enumerate(toks[:end]):
        if v.in_quote[k]:
            continue
        w = v.lower[k]
        mention = None
        frame_end = None
        if w in lex.words("source_prepositions"):
            mention = np_after(v, k + 1, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
            frame_end = pos_in[mention[1] - 1] + 1 if mention else None
        elif w in lex.words("source_noun_prepositions") and n + 1 < end:
            j = n + 1
            while j < end and v.toks[toks[j]].pos in ("ADJA", "ART", "PPOSAT"):
                j += 1
            if j < end and any(v.lower[toks[j]].endswith(x) for x in src_nouns) and v.toks[toks[j]].pos == "NN":
                mention = (toks[j], toks[j] + 1)
                more = np_after(v, toks[j] + 1, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
                if more is not None and more[0] == toks[j] + 1 or (more and v.lower[toks[j] + 1] in ("von", "vom", "des", "der")):
                    mention = (toks[j], more[1])
                frame_end = pos_in.get(mention[1] - 1, j) + 1
        elif w in lex.words("source_postpositions"):
            mention = np_back(v, k, floor=toks[0])
            frame_end = n + 1
        elif w in lex.words("anaphoric_cues") and n <= 1:
            frame_end = n + 1
            c = _make(v, s, _span(v, toks, frame_end, end), (k, k + 1), (v.toks[k].start, v.toks[k].end), 0.6)
            if c is not None:
                c.anaphoric = True
            return c
        elif w in lex.words("as_words") and v.toks[k].pos in ("KOUS", "PWAV", "KOKOM"):
            for m in range(n + 1, min(n + 10, end)):
                km = toks[m]
                if v.lower[km] == "," or v.in_quote[km]:
                    break
                if v.speech_lemma(km) and v.toks[km].pos in FINITE | {"VVPP"}:
                    mention = np_after(v, k + 1, limit=km, skip_dative=False)
                    if mention is None:
                        break
                    rest = (0, n) if n > 2 else (m + 2 if m + 1 < end and v.lower[toks[m + 1]] == "," else m + 1, end)
                    return _make(v, s, _span(v, toks, *rest), mention, cue_span(v, km), 0.75)
            continue
        else:
            continue
        if mention is None or frame_end is None:
            continue
        start_n = n - (mention[1] - mention[0]) if w in lex.words("source_postpositions") else n
        if start_n <= 1:  # frame opens the sentence: the rest is the report
            span = _span(v, toks, frame_end + (1 if frame_end < end and v.lower[toks[frame_end]] == "," else 0), end)
        elif frame_end >= end - 1:
            span = _span(v, toks, 0, max(start_n - (1 if v.lower[toks[start_n - 1]] == "," else 0), 1))
        else:
            span = _span(v, toks, 0, end)
        return _make(v, s, span, mention, (v.toks[k].start, v.toks[k].end), 0.75)
    return None


def _in_source(v: View, toks: list[int], a: int, end: int) -> tuple[int, int] | None:
    """"heißt es in einer Erklärung des X": the NP after "in"."""
    for n in range(a, min(a + 4, end)):
        if v.lower[toks[n]] in ("in", "im", "aus"):
            return np_after(v, toks[n] + 1, limit=toks[end - 1] + 1, allow_pronoun=False, skip_dative=False)
    return None


def indirect_quotes(v: View) -> list[Candidate]:
    """Indirect quotation candidates, one at most per sentence."""
    out = []
    for s in range(len(v.sents)):
        c = indirect_in_sentence(v, s)
        if c is not None:
            out.append(c)
    return out
