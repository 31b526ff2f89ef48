"""PLOVER event coding over the sentences of one article.

Triggers are verbs (separable particles joined: "weist … zurück" → zurückweisen), light-verb
constructions ("Truppen … zusammenziehen") and event nouns with an actor of their own ("russische
Forderungen"). Arguments come from :mod:`.clauses`; context (negation, modality, date, place, quotation)
from :mod:`.context`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Article, Event, Token
from .clauses import Mention, SentenceView, build_view, groups
from .context import QuoteRegion, event_date, location, past_tense, modality, negated, quote_regions, resolve_span
from .patterns import EventLexicon, Pattern
from .structure import infinitive, np_span, outer_vorfeld, vorfeld
from .triggers import Trigger, find_triggers

_NOT_COUNTRIES = {"IGO", "NGO", "MNC", "MED", "COP", "MIL", "GOV", "REB", "OPP", "CVL", "BUS", "CRM", "JUD", "LEG", "PTY"}


@dataclass(slots=True)
class Actorish:
    """A resolved argument: an actor mention or a pronoun standing for one."""

    id: str | None
    code: str | None
    text: str | None
    canonical: str | None = None


def _main_country(article: Article) -> str | None:
    """The country most of the article's actors belong to (for generic agents: "die Polizei" → DEUCOP)."""
    counts = Counter(
        e.actor_code[:3] for e in article.entities
        if e.actor_code and len(e.actor_code) >= 3 and e.actor_code[:3].isalpha() and e.actor_code[:3].isupper()
        and e.actor_code[:3] not in _NOT_COUNTRIES
    )
    return counts.most_common(1)[0][0] if counts else None


class Coder:
    """Codes the events of one article. Holds the lexicon only; no state across articles."""

    def __init__(self, lex: EventLexicon, *, language: str = "de", light: bool = False) -> None:
        self.lex = lex
        self.language = language
        self.light = light  # no dates and places (the learned coder reads only types, actors and modality)
        self.agents = lex.agent_index
        self._last_subject: Actorish | None = None  # per article: the antecedent for "er"
        self._country: str | None = None  # per article: its main country
        self._recoded: dict[str, str] = {}  # per article: agents recoded by what they did (a man who attacked: CRM)
        self._verb_in_clause = False  # the clause being coded has a verb event of its own
        self._typ = ""  # the type of the verb event whose arguments are being read
        #: per coded sentence: (sentence index, view, quotations, the antecedent of "er" before it); read by
        #: the learned coder (lagebild.events.learn), which builds on the same sentence views
        self.trace: list[tuple[int, SentenceView, list[QuoteRegion], Actorish | None]] = []

    def code(self, article: Article) -> list[Event]:
        """All events of ``article`` in text order (needs sentences and tokens; entities and quotes help)."""
        self._last_subject = None
        self.trace = []
        by_sent: dict[int, list[Token]] = {}
        for t in article.tokens:
            by_sent.setdefault(t.sent, []).append(t)
        events: list[Event] = []
        recent: list[Event] = []  # events of the previous sentences, for pronoun resolution
        country = _main_country(article)
        self._country = country
        self._recoded = {}
        qs = article.quotes
        by_start = sorted(range(len(qs)), key=lambda i: qs[i].start)  # quotations by start
        nxt = 0  # the first quotation (in by_start) not yet reached
        active: list[int] = []  # quotations reached that may reach into this sentence
        for si, sent in enumerate(article.sentences):
            toks = by_sent.get(si, [])
            if not toks:
                continue
            view = build_view(article, toks, agents=self.agents, country=country,
                              partitives=self.lex.words("partitive_nouns"), hearsay=self.lex.words("hearsay"),
                              quantity_words=self.lex.words("quantity_prepositions"))
            s0, s1 = toks[0].start, toks[-1].end
            while nxt < len(by_start) and qs[by_start[nxt]].start < s1:
                active.append(by_start[nxt])
                nxt += 1
            active = [i for i in active if qs[i].end > s0]
            quotes = quote_regions(article, view, [qs[i] for i in sorted(active)])
            self.trace.append((si, view, quotes, self._last_subject))
            found = self._sentence(article, view, quotes, recent, (sent.start, sent.end))
            events.extend(found)
            if found:
                recent = found
            subj = next((m for m in view.mentions if m.role == "bare"), None)
            if subj is not None:
                self._last_subject = self._actor(subj, article)
        return events

    # ------------------------------------------------------------------ one sentence
    def _sentence(
        self, article: Article, view: SentenceView, quotes: list[QuoteRegion], recent: list[Event], span: tuple[int, int]
    ) -> list[Event]:
        out: list[Event] = []
        coord = self.lex.words("coordination")
        n_clauses = max(view.clause) + 1 if view.clause else 0
        speech = set(self.lex.context.get("content_of", []))
        said = False  # the clause before holds a demand, accusation, refusal or threat
        for c in range(n_clauses):
            r = view.clause_range(c)
            if c not in view.triggers:
                view.triggers[c] = find_triggers(view, r, self.lex)
            trigs = list(view.triggers[c])
            if said and len(r) and (infinitive(view, r) or view.words[r.start].lower() in self.lex.words("content_openers")):
                # "forderte Russland auf, die Truppen abzuziehen", "warf ihm vor, dass …": what is demanded,
                # alleged, refused or threatened is the content of that act, not an event (guideline 2, 6);
                # a noun there names a state of affairs ("die geltenden Notstandsdekrete aufzuheben") and stays
                trigs = [t for t in trigs if t.kind == "noun"]
            said = any(t.kind != "noun" and t.pattern.type in speech for t in trigs)
            modal = self._reported_demand(view, quotes, r, trigs)
            if modal is not None:
                trigs.append(modal)
            self._verb_in_clause = any(t.kind != "noun" for t in trigs)
            for trig in trigs:
                out.extend(self._event(article, view, quotes, recent, span, c, r, trig, coord))
        # one event per distinct act: "Treffen … Gespräche" with the same parties is one CONSULT
        best: dict[tuple[object, ...], Event] = {}
        for e in out:
            key = (e.type, e.source or e.source_code, e.target or e.target_code, e.negated)
            if key not in best or e.confidence > best[key].confidence:
                best[key] = e
        return [e for e in out if best.get((e.type, e.source or e.source_code, e.target or e.target_code, e.negated)) is e]

    def _event(
        self,
        article: Article,
        view: SentenceView,
        quotes: list[QuoteRegion],
        recent: list[Event],
        span: tuple[int, int],
        c: int,
        r: range,
        trig: Trigger,
        coord: frozenset[str],
    ) -> list[Event]:
        tok = view.tokens[trig.index]
        pat = trig.pattern
        quote = next((q for q in quotes if q.start <= tok.start < q.end), None)
        matrix = view.clause_range(c - 1) if c > 0 and infinitive(view, r) else None
        if trig.kind == "modal":
            # "Deutschland müsse sein Verhältnis zu Russland überdenken, sagte er": the speaker demands it of
            # the clause's subject
            q = quote
            sources = [Actorish(q.speaker_id, q.speaker_code, q.speaker_text, q.speaker)] if q is not None else []
            subj = [m for m in view.mentions if m.clause == c and m.role == "bare"]
            targets = [self._actor(subj[0], article)] if subj else []
            if not targets:
                return []  # "damit solle ein Machtvakuum vermieden werden": no one is asked
            conf = 0.6
            neg = negated(view, r, trig.index, self.lex)
        elif trig.kind == "participle":
            # the noun the participle modifies suffers the act; who did it is not said here
            sources = []
            targets = [self._actor(m, article) for m in view.mentions
                       if trig.index < m.first <= trig.index + 3][:1]
            conf = 0.5 * pat.confidence
            prev = view.words[trig.index - 1].lower() if trig.index > 0 else ""
            neg = prev in self.lex.words("negation")
        elif trig.kind == "noun":
            sources = self._noun_sources(view, trig.index)
            poss = self._possessor(view, trig.index, article)
            patient = poss is not None and self._patient_noun(pat.type, view, trig.index)
            if poss is not None and not patient and not sources:
                sources = [poss]  # "seine Forderung"
            if not sources and not self._verb_in_clause and not self._patient_noun(pat.type, view, trig.index):
                sources = self._clause_subject(article, view, c, trig.index)  # not "X steht unter Hausarrest"
            if not sources and not pat.sourceless:
                return []
            targets = self._noun_targets(view, c, sources[0] if sources else Actorish(None, None, None), pat, trig.index)
            if patient and not targets and poss is not None:
                targets = [poss]  # "seine Festnahme": he is arrested
            if not sources and not targets and pat.type in self.lex.context.get("noun_needs_party", []):
                return []  # "Bei den Beitrittsverhandlungen …": a meeting with no party named is the setting
            conf = 0.6 * pat.confidence
            prev = view.words[trig.index - 1].lower() if trig.index > 0 else ""
            neg = prev in self.lex.words("negation")
        else:
            sources, targets, conf = self._verb_args(article, view, quotes, recent, c, r, trig, coord, quote)
            neg = negated(view, r, trig.index, self.lex)
        typ = pat.type
        if neg and pat.negated_type:
            typ, neg = pat.negated_type, False
        mod = modality(view, r, trig.index, self.lex, matrix=matrix)
        if trig.kind in {"noun", "participle"} and mod not in {"question", "conditional"}:
            mod = "asserted"  # a noun names the act; the clause's modal verb is about something else
        if mod == "asserted" and pat.modality:
            mod = pat.modality
        if mod in {"future", "intent"} and not neg and not self._offer(typ, pat.modality, view, r, matrix):
            typ = str(self.lex.context.get("future_as", {}).get(typ, typ))
        if quote is not None and self._announced_threat(typ, mod, neg, quote, sources):
            # "die Taliban würden … töten", sagte X: a conditional conflict act announced by its own side is
            # a threat by the speaker (guideline, worked example 5)
            typ, mod = "THREATEN", "asserted"
            sources = [Actorish(quote.speaker_id, quote.speaker_code, quote.speaker_text, quote.speaker)]
        if not targets and typ in self.lex.context.get("policy_target", {}).get("types", []):
            targets = self._policy_target(view, r)
        if not targets and typ in self.lex.context.get("border_target", {}).get("types", []):
            targets = self._border_target(view, article)
        if self.light:  # the learned coder dates and places its own events
            date = gran = date_text = None
        else:
            date, gran, date_text = event_date(
                article, view, tok.start, future=mod in {"future", "intent"}, language=self.language,
                past=past_tense(view, self.lex),
            )
        if mod == "asserted" and date and article.published and gran in {"day", "part-of-day"}:
            if date[:10] > article.published[:10] and len(article.published) >= 10:
                mod = "future"  # dated after publication: announced, not yet happened
        if self.light:
            loc = loc_src = None
        else:
            skip = {i for m in view.mentions for i in range(m.first, m.last + 1) if m.role == "bare"}
            loc, loc_src = location(article, view, self.lex, skip=skip)
        for x in (*sources, *targets):
            if not x.code and x.text:
                x.code = self._prefix_code(x.text)
        none = Actorish(None, None, None)
        between = [m for m in view.mentions if m.clause == c and m.role == "zwischen"] if trig.kind == "noun" else []
        if not sources and len(between) >= 2 and "zwischen" in pat.target:
            # "Gefechte zwischen der Regierung und kurdischen Rebellen": each side acts on the other
            sources = [Actorish(m.entity.actor_id or m.entity.canonical, m.entity.actor_code, m.entity.canonical,
                                m.entity.canonical) for m in between]
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        elif typ in self.lex.context.get("mutual", []) and len(sources) >= 2 and not targets:
            pairs = [(s, t) for s in sources for t in sources if s is not t]  # "X und Y trafen sich"
        else:
            pairs = [(s, t) for s in sources or [none] for t in targets or [none]]
        reflexive = pat.reflexive and any(view.words[i].lower() == "sich" for i in r)
        if pat.confidence <= 0.5 and not reflexive and not any(t.id or t.code for _, t in pairs):
            return []  # weak triggers ("reisen", "treffen", "warnen") count only with a partner
        out: list[Event] = []
        recode = self.lex.context.get("source_sector_by_type", {}).get(typ, {})
        for s, t in pairs:
                if recode and s.code and s.code[-3:] in recode and (s.id or "").startswith("agent:"):
                    s = Actorish(s.id, s.code[:-3] + str(recode[s.code[-3:]]), s.text, s.canonical)
                    self._recoded[str(s.id)] = str(s.code)  # "Der Mann … forderte ein Lösegeld": still CRM
                elif s.id and s.id in self._recoded:
                    s = Actorish(s.id, self._recoded[s.id], s.text, s.canonical)
                etype, emode = typ, pat.mode
                by_sector = self.lex.context.get("type_by_source_sector", {}).get(typ, {})
                if s.code and s.code[-3:] in by_sector:  # protesters occupying a building: PROTEST/obstruct
                    etype, emode = by_sector[s.code[-3:]].get("type", typ), by_sector[s.code[-3:]].get("mode", emode)
                if t.id is not None and t.id == s.id and not (s is not t and t.id.startswith("agent:")):
                    continue  # one actor on both sides; two groups named by one noun ("Menschen") are two
                out.append(
                    Event(
                        type=etype, start=tok.start, end=tok.end, sentence_start=span[0], sentence_end=span[1],
                        mode=emode, source=s.id, source_code=s.code, source_text=s.text,
                        target=t.id, target_code=t.code, target_text=t.text, date=date,
                        date_granularity=gran, date_text=date_text, location=loc, location_source=loc_src,
                        negated=neg, modality=mod, claimant=quote.speaker if quote else None,
                        confidence=round(conf * (1.0 if s.id else 0.7), 3),
                    )
                )
        return out

    # ------------------------------------------------------------------ arguments
    @staticmethod
    def _actor(m: Mention, article: Article) -> Actorish:
        e = m.entity
        return Actorish(e.actor_id or e.canonical, e.actor_code, article.span_text(e.start, e.end), e.canonical)

    def _noun_sources(self, view: SentenceView, j: int) -> list[Actorish]:
        """The actor a noun event belongs to: its adjective, genitive or prenominal genitive, else a
        "von"/"durch" phrase right after it ("Kundgebung von Gegnern", "Großeinsatz von Armee und Polizei")."""
        for m in view.mentions:
            if m.head == j:
                e = m.entity
                return [Actorish(e.actor_id or e.canonical, e.actor_code, e.canonical, e.canonical)]
        k = j + 1
        if k < len(view.words) and view.words[k].lower() in self.lex.words("noun_agent_prepositions"):
            role = view.words[k].lower()
            found = [m for m in view.mentions if m.role == role and m.first > k and m.clause == view.clause[j]]
            out = []
            for m in found:
                between = range((out[-1][1] + 1) if out else k + 1, m.first)
                if any(view.tokens[i].pos in {"NN", "NE", "VVFIN", "VAFIN", "APPR"} for i in between):
                    break
                out.append((m, m.last))
            return [Actorish(m.entity.actor_id or m.entity.canonical, m.entity.actor_code, m.entity.canonical,
                             m.entity.canonical) for m, _ in out]
        head, dash, rest = view.words[j].partition("-")
        if dash and rest and head and (code := self._prefix_code(view.words[j])):
            return [Actorish(f"prefix:{code}", code, head, head)]  # "der NATO-Bitte", "EU-Sanktionen"
        return []

    def _patient_noun(self, typ: str, view: SentenceView, j: int) -> bool:
        """Whether a possessive before this event noun names who suffers the act ("seine Festnahme")
        rather than who does it ("seine Forderung"): modality.yaml ``possessor_is_target``."""
        spec = self.lex.context.get("possessor_is_target", {})
        if typ in spec.get("types", []):
            return True
        lemma = (view.tokens[j].lemma or view.words[j]).lower()
        return typ in spec.get("types_if_suffix", []) and any(lemma.endswith(x) for x in spec.get("suffixes", []))

    def _possessor(self, view: SentenceView, j: int, article: Article) -> Actorish | None:
        """The actor a possessive determiner right before an event noun stands for ("zu seiner Festnahme"):
        the subject of the sentence before it, else the last subject of the article."""
        k = j - 1
        while k >= 0 and view.tokens[k].pos in {"ADJA", "CARD"}:
            k -= 1
        if k < 0 or view.tokens[k].pos != "PPOSAT":
            return None
        before = [m for m in view.mentions if m.role == "bare" and m.last < k]
        if before:
            return self._actor(before[0], article)
        return self._last_subject

    def _noun_targets(self, view: SentenceView, c: int, src: Actorish, pat: Pattern, j: int) -> list[Actorish]:
        """A noun event's target: its prepositional argument, else the other party acting in the clause
        (never a mention that is the noun itself: "der NATO-Bitte")."""
        ms = [m for m in view.mentions if m.clause == c and not m.first <= j <= m.last]
        found = self._targets(view, ms, pat, j, set())
        if found:
            return found
        country = (src.code or "")[:3]
        for m in ms:
            if m.role == "bare" and m.head is None and not (m.entity.actor_id or "").startswith("agent:") and (
                (m.entity.actor_code or "")[:3] != country or not (src.id or src.code)
            ):
                e = m.entity
                return [Actorish(e.actor_id or e.canonical, e.actor_code, e.canonical, e.canonical)]
        return []

    def _targets(self, view: SentenceView, ms: list[Mention], pat: Pattern, after: int, taken: set[int]) -> list[Actorish]:
        for role in pat.target:
            if role == "obj":
                continue
            for m in ms:
                if m.role == role and id(m) not in taken:
                    e = m.entity
                    return [Actorish(e.actor_id or e.canonical, e.actor_code, e.canonical, e.canonical)]
        return []

    def _verb_args(
        self,
        article: Article,
        view: SentenceView,
        quotes: list[QuoteRegion],
        recent: list[Event],
        c: int,
        r: range,
        trig: Trigger,
        coord: frozenset[str],
        quote: QuoteRegion | None,
    ) -> tuple[list[Actorish], list[Actorish], float]:
        pat = trig.pattern
        ms = [m for m in view.mentions if m.clause == c]
        bare = groups(view, [m for m in ms if m.role == "bare"], coord)
        # passive: "wurde von der Nato kritisiert"
        is_pp = view.tokens[trig.index].pos == "VVPP"
        passive = is_pp and any(
            view.tokens[i].lemma == "werden" or ("obj" in pat.target and view.tokens[i].lemma == "sein") for i in r
        ) and not any(view.tokens[i].lemma == "haben" for i in r) or (
            # a headline without a finite verb: "198 Zivilisten getötet"
            is_pp and "obj" in pat.target and not any(view.tokens[i].pos.endswith("FIN") for i in r)
        ) or (
            view.tokens[trig.index].pos == "VVPP"
            and any(view.tokens[i].lemma in {"fühlen", "sehen"} for i in r)
            and any(view.words[i].lower() == "sich" for i in r)
        )
        conf = pat.confidence * (0.9 if trig.kind == "construction" else 1.0)
        src_ms: list[Mention] = []
        tgt_ms: list[Mention] = []
        subject_span: tuple[int, int] | None = None
        if passive:
            agents = [m for m in ms if m.role in self.lex.words("passive_agent")]
            src_ms = groups(view, agents, coord)[0] if agents else []
            if not src_ms:
                orders = self.lex.words("passive_agent_nouns")
                src_ms = [m for m in ms if m.role == "gen" and m.head is not None and (
                    view.tokens[m.head].lemma or view.words[m.head]).lower() in orders][:1]
            tgt_ms = bare[0] if bare else []
            if not tgt_ms and c > 0 and view.tokens[r.start].pos == "PRELS" and view.words[r.start].lower() in \
                    self.lex.words("relative_subjects") and (antecedent := self._antecedent(view, c)) is not None:
                tgt_ms = [antecedent]  # "gegen China, das für sein Vorgehen kritisiert wird": China suffers it
        elif infinitive(view, r):
            # a zu-infinitive: the subject is the one of the clause before ("Russland sei bereit, X zu helfen")
            for k in range(c - 1, -1, -1):
                prev = groups(view, [m for m in view.mentions if m.clause == k and m.role == "bare"], coord)
                if prev:
                    src_ms = prev[0]
                    break
            if "obj" in pat.target and bare:
                tgt_ms = bare[0]
        elif c > 0 and view.tokens[r.start].pos == "PRELS" and view.words[r.start].lower() in self.lex.words(
            "relative_subjects"
        ) and (antecedent := self._antecedent(view, c)) is not None:
            # a relative clause whose pronoun is the subject: "der Bundesregierung, die sich geweigert hatte"
            src_ms = [antecedent]
            if "obj" in pat.target and bare:
                tgt_ms = bare[0]
        else:
            fin, vf = vorfeld(view, r)
            vf_actor = [g for g in bare if g[0].first in vf]
            if fin is not None and fin == r.start and c > 0:
                # V1 after commas: the subject stands before a relative clause or apposition
                # ("Die Oppositionspartei MDC, die …, beschuldigte …"; "Der Spitzenkandidat der CDU, X, ist …")
                outer = outer_vorfeld(view, c)
                if outer:
                    found = [m for m in view.mentions if m.clause in outer and m.role == "bare"]
                    if found:
                        found.sort(key=lambda m: (not m.entity.actor_code, m.start))
                        vf_actor = [[found[0]]]
                        spans = [view.clause_range(k) for k in outer]
                        subject_span = (view.tokens[min(x.start for x in spans)].start,
                                        view.tokens[max(x.stop for x in spans) - 1].end)
            elif vf_actor and vf:
                subject_span = (view.tokens[vf.start].start, view.tokens[vf.stop - 1].end)
            vf_np = bool(vf) and view.tokens[vf.start].pos in {"ART", "NN", "PPER", "PDS", "PIS", "NE"}
            if vf_actor:
                src_ms = vf_actor[0]
                rest = [g for g in bare if g is not vf_actor[0]]
            elif vf_np and fin is not None:
                src_ms = []
                rest = bare
            else:
                src_ms = bare[0] if bare else []
                rest = bare[1:]
            if "obj" in pat.target and rest:
                tgt_ms = rest[0]
        if "subject" in pat.target:  # "Bei Kämpfen kamen 20 Menschen ums Leben": the subject suffers it
            tgt_ms, src_ms = src_ms, []
        sources = [self._actor(m, article) for m in src_ms]
        if len(sources) == 1 and src_ms and subject_span is None:
            subject_span = np_span(view, src_ms[0])
        if len(sources) == 1 and not sources[0].code and subject_span is not None:
            # a name the knowledge base does not code: its description may ("Der Spitzenkandidat der CDU, X")
            read = resolve_span(article, *subject_span)
            if read is not None and read[1]:
                sources[0].code = read[1]
        if not sources:
            sources = self._implicit_source(view, quotes, recent, c, r, quote)
            conf *= 0.8
        targets = [self._actor(m, article) for m in tgt_ms]
        if not targets:
            targets = self._targets(view, ms, pat, trig.index, set())
        if not targets and "obj" in pat.target and not passive:
            targets = self._resumed_object(article, view, c)
        # the type the event gets: a negated construction may code its opposite ("keine Bereitschaft zeigen")
        self._typ = pat.negated_type if pat.negated_type and negated(view, r, trig.index, self.lex) else pat.type
        if not targets and self._typ in self.lex.context.get("genitive_object_target", []):
            targets = self._object_owner(article, view, ms, src_ms, sources, r, trig.index, passive=passive)
        if not targets and pat.type in {"REJECT", "ACCUSE"} and recent:
            if any(view.words[i].lower() in self.lex.words("demonstratives") and view.tokens[i].pos == "PDS" for i in r):
                seen: dict[str, Actorish] = {}
                for prev in recent:
                    if prev.source and prev.source not in seen:
                        seen[prev.source] = Actorish(prev.source, prev.source_code, None)
                targets = list(seen.values())
        answered = self.lex.context.get("answers", {}).get(pat.type)
        adjacent = bool(recent) and not article.text[recent[-1].sentence_end : view.tokens[0].start].strip()
        if not targets and answered and adjacent:
            # the context sentence states what is answered: "Russland fordert … . Die Nato lehnte ab." → Russland
            own_ids = {x.id for x in sources if x.id}
            prior = [e for e in recent if e.type in answered and e.source and e.source not in own_ids]
            if prior:
                targets = [Actorish(prior[0].source, prior[0].source_code, prior[0].source_text)]
        if not targets and not passive:
            targets = self._standing_object(view, r, pat.type)
        continues = self.lex.context.get("dyad_continues", [])
        if not targets and sources and adjacent and pat.type in continues:
            targets = self._dyad_partner(sources, recent)
        return sources, targets, conf

    def _standing_object(self, view: SentenceView, r: range, typ: str) -> list[Actorish]:
        """An object that stands for its author ("stimmte der Resolution zu" → UN; modality.yaml
        ``object_stands_for``), outside the Vorfeld."""
        spec = self.lex.context.get("object_stands_for", {})
        if typ not in spec.get("types", []):
            return []
        nouns = {str(k).lower(): str(v) for k, v in spec.get("nouns", {}).items()}
        _, vf = vorfeld(view, r)
        for i in r:
            if i in vf or view.tokens[i].pos != "NN":
                continue
            code = nouns.get((view.tokens[i].lemma or view.words[i]).lower()) or nouns.get(view.words[i].lower())
            if code:
                return [Actorish(f"agent:{code}:{view.words[i]}", code, view.words[i], view.words[i])]
        return []

    def _clause_subject(self, article: Article, view: SentenceView, c: int, j: int) -> list[Actorish]:
        """The subject of a main clause whose only event is the noun at ``j`` in its Mittelfeld: the one who
        carries the act out ("Buddhistische Mönche setzten ihre Proteste fort", "sind tausende
        Sicherheitskräfte im Sondereinsatz"). Not when the noun is in the Vorfeld (then it is the subject)."""
        r = view.clause_range(c)
        fin, vf = vorfeld(view, r)
        if fin is None or j in vf or j < fin:
            return []
        bare = [m for m in view.mentions if m.clause == c and m.role == "bare" and m.head is None]
        in_vf = [m for m in bare if m.first in vf]
        if in_vf:
            return [self._actor(in_vf[0], article)]
        if vf and view.tokens[vf.start].pos in {"ART", "NN", "PPER", "PDS", "PIS", "NE"}:
            return []  # a subject that is no actor ("Die Zeichen stehen auf Streik")
        after = [m for m in bare if fin < m.first < j]
        return [self._actor(after[0], article)] if after else []

    @staticmethod
    def _same(a: Actorish, e_id: str | None, e_code: str | None) -> bool:
        return bool((a.id and a.id == e_id) or (a.code and e_code and a.code == e_code))

    def _dyad_partner(self, sources: list[Actorish], recent: list[Event]) -> list[Actorish]:
        """The other party of the previous sentence's event in which this event's source took part."""
        for e in recent:
            for s in sources:
                if self._same(s, e.source, e.source_code) and (e.target or e.target_code):
                    if not self._same(s, e.target, e.target_code):
                        return [Actorish(e.target, e.target_code, e.target_text)]
                if self._same(s, e.target, e.target_code) and (e.source or e.source_code):
                    if not self._same(s, e.source, e.source_code):
                        return [Actorish(e.source, e.source_code, e.source_text)]
        return []

    def _object_owner(
        self, article: Article, view: SentenceView, ms: list[Mention], src_ms: list[Mention],
        sources: list[Actorish], r: range, trigger: int, *, passive: bool,
    ) -> list[Actorish]:
        """The owner of the verb's object as its target: "lehnt die Forderungen Italiens ab", "stimmte der
        Resolution des Sicherheitsrates zu" (a genitive or adjective actor of a noun outside the subject)."""
        own = {id(m) for m in src_ms}
        source_ids = {s.id for s in sources if s.id}
        answered = self.lex.context.get("answers", {})
        for m in ms:
            # "Bei der russischen Forderung … zeigten weder die Nato noch die USA Entgegenkommen": whoever made
            # the demand or accusation an answer turns down is its target, wherever the demand stands
            head = m.head
            if head is None or id(m) in own or (m.entity.actor_id or m.entity.canonical) in source_ids:
                continue
            hit = self.lex.noun(view.tokens[head].lemma or view.words[head])
            if hit is not None and hit[1].type in answered.get(self._typ, []):
                return [self._actor(m, article)]
        subject = set() if passive else set(vorfeld(view, r)[1])
        for m in ms:
            if m.role not in {"gen", "adj"} or m.head is None or id(m) in own:
                continue
            if m.head in subject or m.head == trigger or (m.entity.actor_id or m.entity.canonical) in source_ids:
                continue
            return [self._actor(m, article)]
        return []

    def _offer(self, typ: str, pattern_modality: str | None, view: SentenceView, r: range, matrix: range | None) -> bool:
        """An offer keeps its type against ``future_as`` (modality.yaml ``offers``): "Gespräche anbieten",
        "Wir sind bereit, … eine Diskussion zu führen" stay CONSULT with modality intent."""
        spec = self.lex.context.get("offers", {})
        if typ not in spec.get("types", []):
            return False
        if pattern_modality == "intent":
            return True
        words = frozenset(str(w).lower() for w in spec.get("words", []))
        return any(view.words[i].lower() in words for i in (*r, *(matrix or ())))

    def _announced_threat(self, typ: str, mod: str, neg: bool, quote: QuoteRegion, sources: list[Actorish]) -> bool:
        """Whether a hypothetical or future conflict act inside a quotation is its speaker's threat: the
        speaker is known and the act's source is absent or on the speaker's side (same actor or country)."""
        if neg or typ not in self.lex.context.get("announced_as_threat", []):
            return False
        if mod not in {"hypothetical", "conditional", "future", "intent"} or not (quote.speaker_id or quote.speaker_code):
            return False
        side = (quote.speaker_code or "")[:3]
        return all(not (s.id or s.code) or s.id == quote.speaker_id or (side and (s.code or "")[:3] == side) for s in sources)

    def _resumed_object(self, article: Article, view: SentenceView, c: int) -> list[Actorish]:
        """The object of a main clause that resumes after a relative clause: "tötete bei einem Anschlag auf
        einen Konvoi, der Menschen nach Aleppo bringen sollte, mindestens 126 Menschen"."""
        n = max(view.clause) + 1 if view.clause else 0
        k = c + 1
        while k + 1 < n:
            rel = view.clause_range(k)
            verb_final = len(rel) > 1 and view.tokens[rel.stop - 1].pos.endswith("FIN")
            if not len(rel) or not (view.tokens[rel.start].pos in {"PRELS", "PRELAT"} or (
                view.tokens[rel.start].pos == "ART" and verb_final  # "der" the tagger read as an article
            )):
                return []
            nxt = view.clause_range(k + 1)
            if len(nxt) and not any(view.tokens[i].pos.startswith("V") for i in nxt):
                found = [m for m in view.mentions if m.clause == k + 1 and m.role == "bare"]
                if found:
                    return [self._actor(found[0], article)]
                return []
            k += 1
        return []

    def _reported_demand(self, view: SentenceView, quotes: list[QuoteRegion], r: range, trigs: list[Trigger]) -> Trigger | None:
        """A demand stated as a reported modal ("müsse", "solle": modality.yaml ``demand_modals``) inside an
        attributed quotation whose clause has no event verb of its own: REQUEST by the speaker."""
        forms = self.lex.words("demand_modals")
        if not forms or any(t.kind != "noun" for t in trigs):
            return None
        for i in r:
            if view.tokens[i].pos == "VMFIN" and view.words[i].lower() in forms:
                tok = view.tokens[i]
                q = next((q for q in quotes if q.start <= tok.start < q.end), None)
                if q is not None and (q.speaker_id or q.speaker_code):
                    return Trigger(i, Pattern(type="REQUEST", target=("obj",), mode="change"), "modal")
        return None

    def _prefix_code(self, text: str) -> str | None:
        """The code of a name the actor layer left uncoded, read from a compound's prefix: "US-Botschafter"
        → USAGOV, "EU-Kommissar" → IGOEUREEC, "NATO-Angriffe" → IGOWSTNAT (the prefix acts)."""
        from .gazetteer import load_gazetteer
        from .clauses import _agent_sector, split_agent

        first = text.split()[0] if text.split() else ""
        head, dash, rest = first.partition("-")
        if not dash or not rest:
            return None
        try:
            g = load_gazetteer(self.language)
        except FileNotFoundError:
            return None
        actor = g.prefixes.get(head.lower())
        if actor is None or not actor.code:
            return None
        if actor.code[:3] in {"IGO", "NGO"} or len(actor.code) > 3:
            return actor.code
        value = _agent_sector(self.agents, rest[:1].upper() + rest[1:], rest)
        return actor.code + (split_agent(value)[0] if value else "")

    def _border_target(self, view: SentenceView, article: Article) -> list[Actorish]:
        """Troops moved "an der Grenze zur Ukraine": the country across the border is the target
        (modality.yaml ``border_target``)."""
        spec = self.lex.context.get("border_target", {})
        nouns = {str(w).lower() for w in spec.get("nouns", [])}
        preps = {str(w).lower() for w in spec.get("prepositions", [])}
        for m in view.mentions:
            k = m.first - 1
            while k >= 0 and view.tokens[k].pos in {"ART", "ADJA"}:
                k -= 1
            if k >= 1 and view.words[k].lower() in preps and (view.tokens[k - 1].lemma or view.words[k - 1]).lower() in nouns:
                return [self._actor(m, article)]
        return []

    def _policy_target(self, view: SentenceView, r: range) -> list[Actorish]:
        """Protest or criticism "gegen die Wahlrechtsreform": a policy stands for the government that makes
        it (guideline: what they protest against, the government) — modality.yaml ``policy_target``."""
        spec = self.lex.context.get("policy_target", {})
        preps = {str(w).lower() for w in spec.get("prepositions", [])}
        nouns = [str(w).lower() for w in spec.get("nouns", [])]
        if not self._country:
            return []
        for i in r:
            if view.words[i].lower() not in preps:
                continue
            for k in range(i + 1, min(i + 5, r.stop)):
                if view.tokens[k].pos == "NN":
                    low = (view.tokens[k].lemma or view.words[k]).lower()
                    if any(low.endswith(n) for n in nouns):
                        code = self._country + "GOV"
                        return [Actorish(f"agent:{code}:Regierung", code, "Regierung", "Regierung")]
                    break
        return []

    @staticmethod
    def _antecedent(view: SentenceView, c: int) -> Mention | None:
        """The actor a relative pronoun opening clause ``c`` refers to: the last actor right before it."""
        before = [m for m in view.mentions if m.clause == c - 1]
        return before[-1] if before else None

    def _implicit_source(
        self, view: SentenceView, quotes: list[QuoteRegion], recent: list[Event], c: int, r: range, quote: QuoteRegion | None
    ) -> list[Actorish]:
        first = self.lex.words("first_person")
        third = self.lex.words("third_person")
        scopes = [r] + [view.clause_range(k) for k in range(c - 1, -1, -1)]
        for scope in scopes:
            for i in scope:
                w = view.words[i].lower()
                if view.tokens[i].pos != "PPER":
                    continue
                if w in first and quote is not None and (quote.speaker_id or quote.speaker_code):
                    return [Actorish(quote.speaker_id, quote.speaker_code, view.words[i], quote.speaker)]
                if w in third and self._last_subject is not None:
                    last = self._last_subject
                    return [Actorish(last.id, last.code, view.words[i], last.canonical)]
            if scope is r and not infinitive(view, r):
                break  # a finite clause with its own (non-actor) subject does not inherit
        return []
