"""The learned coder: the rule coder's sentence views and decisions, trigger candidates, and the trained
models deciding type, source, target and modality; negation, dates and places from the rules.

Every event carries a calibrated ``confidence`` (the probability that its type is right, Platt-scaled on
the development sets), its ``modality`` (asserted, future, intended, hypothetical, demanded, suspected), its
``evidence`` (character spans of trigger, source and target) and ``shown``: confidence at or above the
model's default threshold and at least one identified actor. Events below the threshold are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass

from ...model import Article, Event
from ..coder import Actorish, Coder
from ..context import event_date, location, negated, past_tense
from ..patterns import EventLexicon
from .candidates import Arg, Cand, Sentence, arg_candidates, build_sentence, mention_actor, trigger_candidates
from .features import arg_features, modality_features, trigger_features
from .model import EventModel, traits


@dataclass(slots=True)
class Step:
    """One sentence of an article on the way through the coder: its candidates and the sentences before."""

    sent: Sentence
    cands: list[Cand]
    history: list[Sentence]


def walk(article: Article, lex: EventLexicon, lemmas: frozenset[str], *, language: str = "de") -> tuple[Coder, list[Event], Iterator[Step]]:
    """Run the rule coder over ``article`` and return it, its events, and the sentences with their
    trigger candidates (for prediction and for building training instances alike)."""
    rules = Coder(lex, language=language, light=True)
    rule_events = rules.code(article)
    by_sent: dict[int, list[Event]] = {}
    for e in rule_events:
        by_sent.setdefault(e.sentence_start, []).append(e)

    first: dict[int, int] = {}
    for k, t in enumerate(article.tokens):
        first.setdefault(t.sent, k)

    def steps() -> Iterator[Step]:
        history: list[Sentence] = []
        for si, view, quotes, last in rules.trace:
            s0 = article.sentences[si].start
            sent = build_sentence(si, view, quotes, last, by_sent.get(s0, []), lex, offset=first.get(si, 0),
                                  all_tokens=article.tokens)
            yield Step(sent, trigger_candidates(sent, lex, lemmas), history[-2:])
            history.append(sent)

    return rules, rule_events, steps()


def _same(a: Actorish | None, b: Actorish | None) -> bool:
    if a is None or b is None:
        return False
    return bool((a.id and a.id == b.id) or (not a.id and not b.id and a.code and a.code == b.code))


class LearnedCoder:
    """Codes the events of one article with a trained :class:`EventModel`. No state across articles."""

    def __init__(self, model: EventModel, lex: EventLexicon, *, language: str = "de") -> None:
        self.model = model
        self.lex = lex
        self.language = language

    def code(self, article: Article) -> list[Event]:
        rules, _, steps = walk(article, self.lex, self.model.lemmas, language=self.language)
        out: list[Event] = []
        todo = [step for step in steps if step.cands]
        # every candidate of the article scored at once (one matrix product, not one per sentence)
        probs = self.model.type_probs_all([trigger_features(c, article, self.lex) for step in todo for c in step.cands])
        k = 0
        for step in todo:
            found: list[Event] = []
            for cand in step.cands:
                found.extend(self._candidate(article, rules, cand, step.history, probs[k]))
                k += 1
            out.extend(_one_per_act(found))
        return out

    def _candidate(self, article: Article, rules: Coder, cand: Cand, history: list[Sentence], probs: Any) -> list[Event]:
        """The events at one trigger candidate (``probs``: its type probabilities): each rule event whose
        type the model gives at least ``keep``, and the model's best type when no rule event has it and it
        reaches ``emit``."""
        m = self.model
        sent, view, i = cand.sent, cand.sent.view, cand.index
        by_rule: dict[str, list[Event]] = {}
        for e in sent.rule_at.get(i, []):
            by_rule.setdefault(e.type, []).append(e)
        chosen: list[tuple[str, float, list[Event]]] = []
        for typ, evs in by_rule.items():
            p = float(probs[m.types.index(typ)]) if typ in m.types else 0.0
            if p >= m.keep:
                chosen.append((typ, p, evs))
        k = 1 + int(probs[1:].argmax())  # the best type; index 0 is NONE
        if m.types[k] not in by_rule and probs[k] >= m.emit:
            chosen.append((m.types[k], float(probs[k]), []))
        if not chosen:
            return []
        args = arg_candidates(cand, history, article, self.lex, rules._prefix_code)
        out: list[Event] = []
        noun = view.tokens[i].pos.startswith("N")
        for typ, p, evs in chosen:
            if evs and (m.rule_args or cand.kind == "modal"):  # the rankers never saw a reported demand's speaker
                pairs = [(self._rule_actor(e, "source", view), self._rule_actor(e, "target", view)) for e in evs]
            else:
                pairs = self._pairs(args, cand, typ, rules, article, fill=evs)
            out.extend(self._events(article, cand, typ, p, pairs, evs, noun=noun))
        return out

    def _pairs(self, args: list[Arg], cand: Cand, typ: str, rules: Coder, article: Article,
               *, fill: list[Event] = ()) -> list[tuple[Any, Any]]:
        """Source and target by the rankers; a slot the rankers leave empty takes the rule coder's actor
        there (``fill``: the rule events of this type at the trigger), whose special rules (the border a
        force moves to, the accusers a denial answers) see beyond the sentence's mentions."""
        m = self.model
        src = args[_argmax(m.rank("source", [arg_features(a, cand, typ, "source", self.lex) for a in args]))]
        rest = [a for a in args if a.kind == "none" or not _same(a.actor, src.actor)]
        tgt = rest[_argmax(m.rank("target", [arg_features(a, cand, typ, "target", self.lex) for a in rest]))]
        sources = self._expand(src, rules, article)
        targets = self._expand(tgt, rules, article)
        view = cand.sent.view
        if not sources and fill:
            sources = _distinct(self._rule_actor(e, "source", view) for e in fill)
        if not targets and fill:
            targets = [x for x in _distinct(self._rule_actor(e, "target", view) for e in fill)
                       if not any(_same(x[0], s) for s, _ in sources)]
        if not targets and typ in self.lex.context.get("answers", {}):
            targets = self._answered(cand, typ, sources, article)
        if typ in self.lex.context.get("mutual", []) and len(sources) >= 2 and not targets:
            return [(s, t) for s in sources for t in sources if s is not t]
        return [(s, t) for s in sources or [(None, None)] for t in targets or [(None, None)]]

    def _answered(self, cand: Cand, typ: str, sources: list[tuple[Actorish, Any]], article: Article) -> list[tuple[Actorish, Any]]:
        """A refusal's target is whoever made the demand or accusation it answers (guideline section 3):
        the owner of such a noun in the sentence ("Bei der russischen Forderung … zeigten weder …")."""
        kinds = set(self.lex.context["answers"][typ])
        own = {s.id for s, _ in sources if s is not None}
        for mm in cand.sent.view.mentions:
            if mm.head is None or (mm.entity.actor_id or mm.entity.canonical) in own:
                continue
            view = cand.sent.view
            hit = self.lex.noun(view.tokens[mm.head].lemma or view.words[mm.head])
            if hit is not None and hit[1].type in kinds:
                return [(mention_actor(mm, article), [mm.start, mm.end])]
        return []

    @staticmethod
    def _rule_actor(e: Event, slot: str, view: Any) -> tuple[Actorish | None, list[int] | None]:
        aid, code, text = (e.source, e.source_code, e.source_text) if slot == "source" else (e.target, e.target_code, e.target_text)
        if not (aid or code):
            return None, None
        span = next(([mm.start, mm.end] for mm in view.mentions if aid and (mm.entity.actor_id or mm.entity.canonical) == aid), None)
        return Actorish(aid, code, text, text), span

    def _events(self, article: Article, cand: Cand, typ: str, p: float, pairs: list[tuple[Any, Any]],
                rule_events: list[Event], *, noun: bool) -> list[Event]:
        m = self.model
        sent, view, i = cand.sent, cand.sent.view, cand.index
        feats = modality_features(cand, typ, self.lex, self.language)
        modality = m.modalities[_argmax(m.modality_probs(feats))]
        ruled = next(f[6:] for f in feats if f.startswith("mrule="))
        if ruled != "asserted":
            modality = ruled  # a cue of suspicion, demand, plan or condition decides: never read as fact
        r = view.clause_range(cand.clause)
        if cand.kind in {"noun", "participle"}:
            neg = i > 0 and view.words[i - 1].lower() in self.lex.words("negation")
        else:
            neg = negated(view, r, i, self.lex)
        pat = cand.pattern
        if neg and pat is not None and pat.negated_type == typ:
            neg = False  # "stimmte nicht zu" coded as REJECT: the negation is in the type
        tok = view.tokens[i]
        date, gran, date_text = event_date(article, view, tok.start, future=modality in {"future", "intended"},
                                           language=self.language, past=past_tense(view, self.lex))
        skip = {j for mm in view.mentions for j in range(mm.first, mm.last + 1) if mm.role == "bare"}
        loc, loc_src = location(article, view, self.lex, skip=skip)
        quote = next((q for q in sent.quotes if q.start <= tok.start < q.end), None)
        mode = next((e.mode for e in rule_events if e.type == typ), None)
        if mode is None and pat is not None and pat.type == typ:
            mode = pat.mode
        out = []
        for (s, s_span), (t, t_span) in pairs:
            if s is not None and t is not None and _same(s, t):
                continue
            has_source = bool(s and (s.id or s.code))
            has_actor = has_source or bool(t and (t.id or t.code))
            conf = m.confidence(p, traits(typ, modality, rule=bool(rule_events), source=has_source, noun=noun))
            out.append(Event(
                type=typ, start=tok.start, end=tok.end, sentence_start=article.sentences[sent.index].start,
                sentence_end=article.sentences[sent.index].end, mode=mode,
                source=s.id if s else None, source_code=s.code if s else None, source_text=s.text if s else None,
                target=t.id if t else None, target_code=t.code if t else None, target_text=t.text if t else None,
                date=date, date_granularity=gran, date_text=date_text, location=loc, location_source=loc_src,
                negated=neg, modality=modality, claimant=quote.speaker if quote else None,
                confidence=round(conf, 3), shown=conf >= m.threshold and has_actor,
                evidence={"trigger": [tok.start, tok.end], "source": s_span, "target": t_span,
                          **({"rule": True} if rule_events else {})},
            ))
        return out

    @staticmethod
    def _expand(arg: Arg, rules: Coder, article: Article) -> list[tuple[Actorish, list[int] | None]]:
        """The actors an argument stands for (coordinated mentions each) with their evidence spans."""
        if arg.kind == "none" or arg.actor is None:
            return []
        if arg.kind == "mention" and len(arg.group) > 1:
            items = [(mention_actor(mm, article), [mm.start, mm.end]) for mm in arg.group]
        else:
            span = [arg.start, arg.end] if arg.start is not None and arg.end is not None else None
            items = [(Actorish(arg.actor.id, arg.actor.code, arg.actor.text, arg.actor.canonical), span)]
        for a, _ in items:
            if not a.code and a.text:
                a.code = rules._prefix_code(a.text)
        return items


def _distinct(items: Any) -> list[tuple[Actorish, Any]]:
    """The actors among ``items`` (actor, span) without repeats or empty ones."""
    out: list[tuple[Actorish, Any]] = []
    for a, span in items:
        if a is not None and not any(_same(a, b) for b, _ in out):
            out.append((a, span))
    return out


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def _one_per_act(events: list[Event]) -> list[Event]:
    """One event per distinct act in a sentence: the same (type, source, target, negation) twice is one."""
    best: dict[tuple[object, ...], Event] = {}
    for e in events:
        key = (e.type, e.source or e.source_code, e.target or e.target_code, e.negated)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    return [e for e in events if best[(e.type, e.source or e.source_code, e.target or e.target_code, e.negated)] is e]
