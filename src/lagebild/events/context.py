"""Context of an event: negation, modality, date, location and the quotation it is stated in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Article
from .clauses import SentenceView, is_actor
from .dates import find_date_expressions, parse_reference, resolve
from .patterns import EventLexicon

_QUOTE_PAIRS = {"«": "»", "„": "“", "»": "«", "“": "”", '"': '"', "‚": "‘"}


@dataclass(slots=True)
class QuoteRegion:
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None
    speaker_code: str | None
    speaker_text: str | None


def negated(view: SentenceView, clause: range, trigger: int, lex: EventLexicon) -> bool:
    """A negation word in the trigger's clause ("nicht", "kein", "weder … noch"); "nicht nur" does not count."""
    neg = lex.words("negation")
    for i in clause:
        w = view.words[i].lower()
        if w in neg and i != trigger:
            nxt = view.words[i + 1].lower() if i + 1 < len(view.words) else ""
            if w == "nicht" and nxt in {"nur", "zuletzt", "einmal"}:
                continue
            return True
    return False


def modality(view: SentenceView, clause: range, trigger: int, lex: EventLexicon, *, matrix: range | None) -> str:
    """asserted | future | intent | hypothetical | conditional | question for the trigger's clause."""
    if view.words and view.words[-1] == "?":
        return "question"
    modals = {str(k): str(v) for k, v in lex.context.get("modals", {}).items()}
    hypo = lex.words("hypothetical_forms")
    announce = lex.words("announce_verbs")
    cond = lex.words("conditional")
    starts = {0} | {i + 1 for i, c in enumerate(view.clause) if c == -1}
    if any(i < len(view.words) and view.words[i].lower() in cond for i in starts):
        return "conditional"
    found = "asserted"
    scopes = [clause] + ([matrix] if matrix is not None else [])
    for scope in scopes:
        for i in scope:
            t = view.tokens[i]
            w = view.words[i].lower()
            if i == scope.start and w in cond:
                return "conditional"
            if w in hypo:
                found = "hypothetical"
            elif t.pos in {"VMFIN", "VVFIN", "VAFIN"} and t.lemma in modals and found == "asserted":
                kind = modals[t.lemma]
                if kind == "future" and not any(view.tokens[j].pos in {"VVINF", "VAINF"} for j in clause):
                    continue  # "wurde kritisiert" is passive, not future
                if t.pos == "VMFIN" and any(
                    view.tokens[j].pos == "VAINF" and view.tokens[j].lemma in {"haben", "sein"} for j in clause
                ) and any(
                    view.tokens[j].pos == "VVPP" for j in clause
                ):
                    continue  # "soll getötet haben": reported, not planned
                found = kind
            elif scope is not clause and found == "asserted" and t.pos.startswith("VV"):
                parts = [view.words[j].lower() for j in scope if j > i and view.tokens[j].pos == "PTKVZ"]
                if t.lemma in announce or (parts and parts[0] + t.lemma in announce):
                    found = "future"
            elif w in lex.words("intent_words") and found == "asserted" and scope is not clause:
                found = "intent"
        if found != "asserted":
            return found
    return found


def _speaker_actor(article: Article, q: Any) -> tuple[str | None, str | None]:
    """Actor id and code of a quotation's speaker: the quote's own link, an entity in the speaker span
    (one with a code first: "Nato-Generalsekretär Jens Stoltenberg" → IGOWSTNAT), else the actor stage's
    reading of the span (``lagebild.actors.resolve_mention``)."""
    inside = [e for e in article.entities if q.speaker_start is not None and e.start < (q.speaker_end or 0)
              and e.end > q.speaker_start and (e.actor_id or e.actor_code)]
    if q.speaker_actor_id:
        inside = [e for e in article.entities if e.actor_id == q.speaker_actor_id] + inside
    inside.sort(key=lambda e: not e.actor_code)
    if inside:
        return q.speaker_actor_id or inside[0].actor_id, inside[0].actor_code
    if q.speaker_start is not None and q.speaker_end is not None and article.meta.get("actor_mentions"):
        actor = resolve_span(article, q.speaker_start, q.speaker_end)
        if actor is not None:
            return actor
    return q.speaker_actor_id, None


def resolve_span(article: Article, start: int, end: int) -> tuple[str, str | None] | None:
    """The actor (id, code at the article's date) the actor stage reads in a span, or None without one."""
    try:
        from ..actors import resolve_mention
    except ImportError:
        return None
    actor = resolve_mention(article, start, end, lang=article.language or "de")
    if actor is None:
        return None
    return actor.id, actor.code_at(article.published) or actor.code


def quote_regions(article: Article, view: SentenceView, candidates: Sequence[Any] | None = None) -> list[QuoteRegion]:
    """Quotations overlapping the sentence: from the quotes layer, else from quotation glyphs. `candidates`,
    when given, are the quotations that may overlap it (a caller going through the sentences in order
    passes those, so a long article is not scanned once per sentence)."""
    if not view.tokens:
        return []
    s0, s1 = view.tokens[0].start, view.tokens[-1].end
    out: list[QuoteRegion] = []
    for q in (article.quotes if candidates is None else candidates):
        if q.start < s1 and q.end > s0:
            speaker_id, code = _speaker_actor(article, q)
            out.append(
                QuoteRegion(q.start, q.end, q.speaker, speaker_id, code, article.span_text(q.speaker_start, q.speaker_end) or None)
            )
    if out or article.quotes:
        return out
    text = article.text[s0:s1]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _QUOTE_PAIRS:
            j = text.find(_QUOTE_PAIRS[ch], i + 1)
            if j > i + 1:
                out.append(QuoteRegion(s0 + i, s0 + j + 1, None, None, None, None))
                i = j + 1
                continue
        i += 1
    # speaker: an actor of the sentence outside every quotation
    for r in out:
        outside = [
            m for m in view.mentions if not any(q.start <= m.start < q.end for q in out) and m.role in {"bare", "gen", "adj"}
        ]
        if outside:
            e = outside[0].entity
            r.speaker, r.speaker_id, r.speaker_code = e.canonical, e.actor_id, e.actor_code
            r.speaker_text = article.span_text(e.start, e.end)
    return out


def past_tense(view: SentenceView, lex: EventLexicon) -> bool:
    """Whether the sentence reports in a past tense (modality.yaml ``past_tense``): a preterite auxiliary
    ("wurde", "war", "hatte"), a perfect ("hat/ist … festgenommen"), or a weak preterite full verb
    ("protestierten"). A date without a year in such a sentence is never read as coming."""
    conf = lex.context.get("past_tense", {})
    pret = set(conf.get("preterite_auxiliaries", []))
    perf = set(conf.get("perfect_auxiliaries", []))
    endings = tuple(conf.get("weak_preterite_endings", []))
    words = [w.lower() for w in view.words]
    has_participle = any(t.pos == "VVPP" for t in view.tokens)
    for w, t in zip(words, view.tokens):
        if t.pos not in {"VAFIN", "VVFIN", "VMFIN"}:
            continue
        if w in pret or (w in perf and has_participle):
            return True
        stem = t.lemma.lower()[:-2] if t.lemma.lower().endswith("en") else t.lemma.lower()[:-1]
        if t.pos == "VVFIN" and stem and w.startswith(stem) and w[len(stem):] in endings:
            return True
    return False


@lru_cache(maxsize=1024)
def _date_expressions(text: str, language: str) -> tuple[tuple[int, int, str], ...]:
    """The date expressions of one sentence (read once, whatever number of events it holds)."""
    return tuple(tuple(x) for x in find_date_expressions(text, language=language))  # type: ignore[misc]


def event_date(
    article: Article, view: SentenceView, trigger_start: int, *, future: bool, language: str,
    past: bool = False,
) -> tuple[str | None, str | None, str | None]:
    """(date, granularity, expression) from the sentence, else the article date (expression None).
    ``past``: the sentence is in a past tense (:func:`past_tense`)."""
    ref = parse_reference(article.published)
    if ref is None:
        return None, None, None
    if view.tokens:
        s0, s1 = view.tokens[0].start, view.tokens[-1].end
        exprs = sorted(_date_expressions(article.text[s0:s1], language), key=lambda x: abs(s0 + x[0] - trigger_start))
        for _, _, expr in exprs:
            got = resolve(expr, ref[0], ref_precision=ref[1], tense="future" if future else "past", language=language,
                          near_future=not past)
            if got is not None:
                return got[0], got[1], expr
    return article.published, article.published_precision or ref[1], None


def location(article: Article, view: SentenceView, lex: EventLexicon, *, skip: set[int]) -> tuple[str | None, str | None]:
    """(place, "sentence") from a locative phrase of the sentence, else (dateline place, "dateline")."""
    preps = lex.words("location_prepositions")
    nouns = {w for w in lex.context.get("location_nouns", [])}
    toks = view.tokens
    for i, t in enumerate(toks):
        if view.words[i].lower() not in preps or t.pos not in {"APPR", "APPRART"}:
            continue
        j = i + 1
        while j < len(toks) and toks[j].pos in {"ART", "ADJA"}:
            j += 1
        if j >= len(toks) or j in skip:
            continue
        if toks[j].pos == "NE" and not _is_actor_token(article, view, j):
            return view.words[j], "sentence"
        if toks[j].pos == "NN" and view.words[j] in nouns:
            end = j
            k = j + 1
            if k < len(toks) and toks[k].pos in {"APPRART", "APPR"} and view.words[k].lower() in {"zur", "zum", "zu", "nach", "mit"}:
                k += 1
                while k < len(toks) and toks[k].pos in {"ART", "ADJA"}:
                    k += 1
                if k < len(toks) and toks[k].pos in {"NE", "NN"}:
                    end = k
            return article.text[toks[j].start : toks[end].end], "sentence"
    if article.dateline:
        place = re.sub(r"(\s+[a-zäöü][\w.]*)+$", "", article.dateline.strip()).strip(" -–,")
        return (place or None), ("dateline" if place else None)
    return None, None


def _is_actor_token(article: Article, view: SentenceView, j: int) -> bool:
    for m in view.mentions:
        if m.first <= j <= m.last and is_actor(m.entity) and not (m.entity.actor_id or "").startswith(
            ("gov:", "loc:", "country:", "gpe:", "name:")
        ):
            return True
    return False
