"""The ``quotes`` stage: direct and indirect quotations with speakers, in text order, plus
Konjunktiv I continuation sentences that keep the last speaker."""

from __future__ import annotations

from typing import ClassVar

from ..model import Article, Quote
from ..nlp.windows import windowed
from ..pipeline import Stage
from .candidates import Candidate
from .direct import direct_quotes
from .indirect import first_finite, indirect_quotes, is_ki
from .lexicon import load_lexicon
from .resolve import Resolver, Speaker
from .subject import parse_subject
from .view import View

#: a frameless quotation takes the last speaker only when that speaker spoke this many sentences before
CONTEXT_SENTENCES = 3
#: Konjunktiv I sentences after a framed quotation that continue it (on train the first is right 3 times in
#: 4, the second and later ones less than every second time: the gold leaves long chains unattributed)
MAX_CONTINUATION = 1


def extract_quotes(article: Article, *, language: str = "de") -> list[Quote]:
    """All quotations of a tokenised, tagged ``article`` (needs sentences, tokens, pos, lemmas), each with
    the name of the rule that produced it (``Quote.rule``: "direct/frame-after", "indirect/laut", …) and
    that rule's precision on the training data as its confidence (``lang/<code>/speech/rule_precision.tsv``;
    the rule's own estimate otherwise)."""
    lex = load_lexicon(language)
    v = View(article, lex)
    direct = direct_quotes(v)
    indirect = [c for c in indirect_quotes(v) if not any(
        d.start <= c.start and c.end <= d.end + 2
        for d in direct)]
    direct += _partial_quotes(v, indirect)
    cands = sorted(direct + indirect, key=lambda c: (c.start, -c.end))
    by_sent: dict[int, list[Candidate]] = {}
    for c in cands:
        by_sent.setdefault(c.sent, []).append(c)
    covered: set[int] = set()
    for c in cands:
        for s in range(c.sent, len(v.sents)):
            toks = v.sent_range(s)
            if not toks or v.toks[toks[0]].start >= c.end:
                break
            covered.add(s)
    res = Resolver(v)
    out: list[Quote] = []
    who: dict[int, Speaker] = {}  # id(quote) -> its resolved speaker
    last_sent = -99
    chain = False  # the previous sentence carried reported speech
    run = 0  # continuation sentences since the last framed quotation
    for s in range(len(v.sents)):
        here = by_sent.get(s, [])
        if not here and s in covered:
            continue
        if not here:
            toks = v.sent_range(s)
            ff = first_finite(v, toks)
            if chain and res.last and ff is not None and is_ki(v, ff) and toks and run < MAX_CONTINUATION:
                end = len(toks)
                while end > 1 and v.toks[toks[end - 1]].pos == "$.":
                    end -= 1
                first = 0
                for n in range(min(3, end - 1)):  # "Aber: Die Kernfrage sei …" starts after the colon
                    if v.lower[toks[n]] == ":":
                        first = n + 1
                cs, ce = v.toks[toks[first]].start, v.toks[toks[end - 1]].end
                out.append(_quote(cs, ce, "indirect", res.last, 0.55, "indirect/konj1-continuation"))
                run += 1
                # "Der Niederländer sei „nicht aggressiv oder so“": partial quotations of the same speaker
                for a, b in v.short_spans:
                    if cs <= a and b <= ce:
                        out.append(_quote(a, b, "direct", res.last, 0.5, "direct/partial-in-continuation"))
                last_sent = s
                continue
            chain = False
            continue
        run = 0
        for c in here:
            if c.framed and not c.anaphoric and c.cue is not None and (
                    c.mention is None or res.names_nobody(*c.mention)):
                # a subject only the parse finds, or one for a mention that names nobody ("erläuterte das
                # Handelsblatt die Situation": the rules took the object)
                cue = v.token_at(c.cue[0])
                alt = parse_subject(v, cue) if cue is not None else None
                if alt is not None and not res.names_nobody(*alt):
                    c.mention = alt
            speaker: Speaker | None
            if c.framed is False and s - last_sent > CONTEXT_SENTENCES:
                speaker = None
            else:
                at = v.token_at(c.start) or 0
                if c.mention is None and not c.anaphoric and s - last_sent > 1:
                    speaker = None  # a frame without a subject we can find: no guess from far context
                else:
                    speaker = res.resolve(c.mention, at=at) if not (c.anaphoric and c.mention is None) else res.last
                if c.anaphoric and c.mention is not None and c.framed and v.toks[c.mention[0]].pos not in ("NN", "NE"):
                    speaker = res.last or speaker
            outer = next((o for o in reversed(out) if o.start <= c.start and c.end <= o.end and o.speaker
                          and (o.start, o.end) != (c.start, c.end)), None)
            same = (outer is not None and c.mention is not None and outer.speaker_start is not None
                    and v.toks[c.mention[0]].start < (outer.speaker_end or 0)
                    and outer.speaker_start < v.toks[c.mention[1] - 1].end)
            if c.kind == "direct" and outer is not None and not same and (c.confidence <= 0.8 or speaker is None):
                # a partial quotation inside reported speech belongs to the reporting speaker
                speaker = who.get(id(outer))
                c.mention = None
                q = _quote(c.start, c.end, c.kind, speaker, c.confidence, None)
                q.speaker_start, q.speaker_end = outer.speaker_start, outer.speaker_end
            else:
                q = _quote(c.start, c.end, c.kind, speaker, c.confidence, None)
            if c.mention is not None:
                q.speaker_start = v.toks[c.mention[0]].start
                q.speaker_end = v.toks[c.mention[1] - 1].end
            if c.cue is not None:
                q.cue_start, q.cue_end = c.cue
                q.cue = article.text[c.cue[0] : c.cue[1]]
            q.addressee = c.addressee or _addressee(v, s)
            q.rule = c.rule or f"{c.kind}/other"
            out.append(q)
            if speaker is not None:
                who[id(q)] = speaker
                res.last = speaker
                last_sent = s
        chain = res.last is not None
    for q in out:
        q.confidence = lex.rule_confidence(q.rule, q.confidence)
    return out


def _quote(start: int, end: int, kind: str, speaker: Speaker | None, confidence: float, rule: str | None) -> Quote:
    """A quotation record with the speaker's name and actor."""
    return Quote(start=start, end=end, kind=kind, speaker=speaker.name if speaker else None,  # type: ignore[arg-type]
                 speaker_actor_id=speaker.actor_id if speaker else None, confidence=confidence, rule=rule)


def _partial_quotes(v: View, indirect: list[Candidate]) -> list[Candidate]:
    """Short quoted spans inside reported speech ("die Lage bleibe weiterhin „kritisch“"): partial
    direct quotations of the reporting speaker."""
    out = []
    for s, e in v.short_spans:
        if any(c.start <= s and e <= c.end for c in indirect):
            k = v.token_at(s) or 0
            out.append(Candidate(s, e, "direct", v.toks[k].sent, confidence=0.7, rule="direct/partial-in-indirect"))
    return out


def _addressee(v: View, s: int) -> str | None:
    """The medium or addressee of sentence ``s`` ("der Agentur Interfax zufolge", "sagte der Zeitung X")."""
    media = v.lex.suffixes("medium_nouns")
    toks = v.sent_range(s)
    for n, k in enumerate(toks):
        if v.in_quote[k] or v.pos(k) != "NN" or not v.lower[k].endswith(media):
            continue
        names = []
        for j in toks[n + 1 : n + 5]:
            if v.is_name(j) or (v.words[j][:1].isupper() and v.pos(j) in ("NE", "NN", "FM")):
                names.append(v.words[j])
            else:
                break
        if names:
            return " ".join(names)
    return None


class QuoteStage(Stage):
    """Direct and indirect quotations with speaker attribution (fills ``Article.quotes``)."""

    name: ClassVar[str] = "quotes"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "tokens", "pos", "lemmas")
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def __init__(self, *, language: str = "de") -> None:
        self.language = language

    def __call__(self, article: Article) -> Article:
        # overlong sentences in windows: the rules scan a sentence per candidate (lagebild.nlp.windows)
        article.quotes = extract_quotes(windowed(article), language=self.language)
        link_speakers(article)
        return article


def link_speakers(article: Article) -> None:
    """Give each quotation the actor id of its speaker: the linked entity on the speaker mention, else
    the actor whose canonical name the speaker is."""
    by_name = {e.canonical: e.actor_id for e in article.entities if e.canonical and e.actor_id}
    for q in article.quotes:
        if q.speaker_actor_id or not q.speaker:
            continue
        on_mention = [e for e in article.entities if e.actor_id and e.canonical == q.speaker
                      and q.speaker_start is not None and e.start < (q.speaker_end or 0) and q.speaker_start < e.end]
        q.speaker_actor_id = on_mention[0].actor_id if on_mention else by_name.get(q.speaker)
