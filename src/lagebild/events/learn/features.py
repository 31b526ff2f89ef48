"""Feature strings for the learned coder's three models: the trigger's type (or none), the source and
target among the argument candidates, and the modality of an event.

Features are plain strings (``name=value``); the models learn their weights (:mod:`.linear`). They read the
lexicon (type and kind of a listed trigger), the rule coder's decision at the same token, the lemma and its
neighbours, the clause (Vorfeld, infinitive, the speech act of the clause it depends on, quotation), voice,
negation, modal and Konjunktiv forms, cue words (lang/<code>/events/learn.yaml), and for arguments the
mention's role (bare, genitive, adjective, preposition), position, distance, kind of actor and its sector.
Parse features (relation of the trigger, subject/object, passive, paths) are added when the tokens carry
a dependency parse (``Token.head``/``Token.rel``).
"""

from __future__ import annotations

from ...model import Article
from ...nlp.morph import is_konjunktiv1
from ..patterns import EventLexicon
from .candidates import SPEECH_ACTS, Arg, Cand, Sentence, clause_facts, cue_words
from .modality import cues as modality_cues
from .modality import rule_modality
from .syntax import parse_features, path_features

_HYPO = frozenset({"würde", "würden", "würdest", "wäre", "wären", "könnte", "könnten", "müsste", "müssten",
                   "dürfte", "dürften", "hätte", "hätten", "sollte", "sollten"})


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else ("6-10" if n < 11 else "11+"))


def _sector(code: str | None) -> str:
    if not code:
        return "none"
    if code[:3] in {"IGO", "NGO", "MNC"}:
        return code[:3]
    return code[3:6] or "country"


def _governing_prep(sent: Sentence, j: int) -> str | None:
    view = sent.view
    k = j - 1
    while k >= 0 and view.tokens[k].pos in {"ART", "ADJA", "ADJD", "ADV", "CARD", "PPOSAT"}:
        k -= 1
    if k >= 0 and view.tokens[k].pos in {"APPR", "APPRART"}:
        return view.words[k].lower()
    return None


def _passive(sent: Sentence, r: range, i: int) -> bool:
    view = sent.view
    return view.tokens[i].pos == "VVPP" and any(view.tokens[k].lemma == "werden" for k in r) and not any(
        view.tokens[k].lemma == "haben" for k in r)


def _clause_features(sent: Sentence, c: int, lex: EventLexicon) -> list[str]:
    """Negation, modal verbs and Konjunktiv II forms of a clause (read once per clause)."""
    got = sent.cache.get(("clause", c))
    if got is None:
        view = sent.view
        r = view.clause_range(c)
        words = [view.words[k].lower() for k in r]
        out = ["neg"] if set(words) & lex.words("negation") else []
        for k, w in zip(r, words):
            if view.tokens[k].pos == "VMFIN":
                out.append(f"modal={view.tokens[k].lemma}")
            if w in _HYPO:
                out.append("konj2")
        got = sent.cache[("clause", c)] = out
    return got  # type: ignore[return-value]


def _clause_verbs(sent: Sentence, c: int) -> list[str]:
    got = sent.cache.get(("verbs", c))
    if got is None:
        view = sent.view
        verbs = [(view.tokens[k].lemma or view.words[k]).lower() for k in view.clause_range(c)
                 if view.tokens[k].pos.startswith("VV")]
        got = sent.cache[("verbs", c)] = [f"clverb={v}" for v in verbs[:2]] or ["clverb=none"]
    return got  # type: ignore[return-value]


def _clause_mentions(sent: Sentence, c: int) -> list:
    got = sent.cache.get(("mentions", c))
    if got is None:
        got = sent.cache[("mentions", c)] = [m for m in sent.view.mentions if m.clause == c]
    return got  # type: ignore[return-value]


def _matrix(sent: Sentence, c: int, facts: dict) -> int | None:
    """The clause this one depends on when it is a zu-infinitive or a dass-clause (its content)."""
    if c > 0 and (facts["infinitive"] or facts["opener"] in {"dass", "ob"}):
        return c - 1
    return None


def trigger_features(cand: Cand, article: Article, lex: EventLexicon) -> list[str]:
    sent, view, i = cand.sent, cand.sent.view, cand.index
    tok = view.tokens[i]
    word = view.words[i].lower()
    c = cand.clause
    facts = clause_facts(sent, c)
    r: range = facts["range"]  # type: ignore[assignment]
    f = ["bias", f"key={cand.key}", f"pos={tok.pos}", f"kind={cand.kind}", f"w={word}", f"key|pos={cand.key}|{tok.pos[:2]}"]
    pat = cand.pattern
    if pat is not None:
        f += [f"lex={pat.type}", f"lex|kind={pat.type}|{cand.kind}", f"lexconf={round(pat.confidence, 1)}",
              f"lex|mode={pat.type}|{pat.mode}"]
        if pat.needs:
            f.append("lex_needs")
    if cand.noun is not None:
        f.append(f"cnoun={(view.tokens[cand.noun].lemma or view.words[cand.noun]).lower()}")
    rules = sent.rule_at.get(i, [])
    for e in rules:
        f += [f"rule={e.type}", f"rule|src={e.type}|{bool(e.source or e.source_code)}",
              f"rule|tgt={e.type}|{bool(e.target or e.target_code)}"]
    if not rules:
        f.append("rule=none" if pat is not None else "rule=none|nolex")
    for d in (-2, -1, 1, 2):
        k = i + d
        if 0 <= k < len(view.tokens):
            f.append(f"w{d:+d}={view.words[k].lower()}")
            f.append(f"p{d:+d}={view.tokens[k].pos}")
    if tok.pos in {"NN", "NE"}:
        prep = _governing_prep(sent, i)
        f.append(f"prep={prep}")
        k = i - 1
        while k >= 0 and view.tokens[k].pos in {"ADJA", "ADJD", "CARD"}:
            k -= 1
        if k >= 0:
            f.append(f"det={view.words[k].lower() if view.tokens[k].pos in {'ART', 'APPRART', 'PPOSAT', 'PIAT'} else 'none'}")
        f += _clause_verbs(sent, c)
        f += [f"ownactor={m.role}" for m in view.mentions if m.head == i][:2]
    # the clause: content of a speech act, quotation, negation, modal and mood
    mc = _matrix(sent, c, facts)
    if mc is not None and mc in sent.speech:
        f.append(f"content_of={sent.speech[mc]}")
    elif c in sent.speech and sent.speech[c] and i not in {t.index for t in sent.triggers.get(c, [])}:
        f.append(f"beside={sent.speech[c]}")
    if c > 0 and view.tokens[r.start].pos in {"PRELS", "PRELAT"}:
        f.append("relative")
    if c > 0 and view.tokens[r.start].pos == "KOUS":
        f.append(f"sub={facts['opener']}")
    in_vf = i in facts["vorfeld"]  # type: ignore[operator]
    f.append(f"vorfeld={in_vf}")
    quote = next((q for q in sent.quotes if q.start <= tok.start < q.end), None)
    if quote is not None:
        f.append("quote" + ("|spk" if (quote.speaker_id or quote.speaker_code) else ""))
    f += _clause_features(sent, c, lex)
    if _passive(sent, r, i):
        f.append("passive")
    # actors around the trigger
    ms = _clause_mentions(sent, c)
    bare_before = sum(1 for m in ms if m.role == "bare" and m.last < i)
    bare_after = sum(1 for m in ms if m.role == "bare" and m.first > i)
    f += [f"bare_before={min(bare_before, 2)}", f"bare_after={min(bare_after, 2)}",
          f"actors_sent={_bucket(len(view.mentions))}"]
    f += sorted({f"role={m.role}" for m in ms if m.role not in {"bare"}})[:4]
    if not view.mentions:
        f.append("no_actor")
    if view.words and view.words[-1] == "?":
        f.append("question")
    f.append(f"sent_index={_bucket(sent.index)}")
    f += parse_features(sent, i, prefix="t")
    return f


def arg_features(arg: Arg, cand: Cand, typ: str, slot: str, lex: EventLexicon) -> list[str]:
    """Features of one argument candidate for ``slot`` (source | target) of an event of type ``typ``."""
    sent, view, i = cand.sent, cand.sent.view, cand.index
    c = cand.clause
    f = [f"k={arg.kind}", f"k|T={arg.kind}|{typ}", f"k|kind={arg.kind}|{cand.kind}"]
    if arg.kind == "none":
        facts = clause_facts(sent, c)
        r: range = facts["range"]  # type: ignore[assignment]
        ms = [m for m in view.mentions if m.clause == c]
        f += [f"none|T={typ}", f"none|pos={view.tokens[i].pos}", f"none|passive={_passive(sent, r, i)}",
              f"none|bare={min(sum(m.role == 'bare' for m in ms), 2)}", f"none|inf={facts['infinitive']}"]
        return f
    actor = arg.actor
    code = actor.code if actor is not None else None
    aid = (actor.id or "") if actor is not None else ""
    prefix = aid.split(":", 1)[0] if ":" in aid else ("kb" if aid else "none")
    f += [f"id={prefix}", f"sector={_sector(code)}", f"sector|T={_sector(code)}|{typ}", f"coded={bool(code)}"]
    if arg.mention is not None and arg.mention.entity.actor_type:
        f.append(f"atype={arg.mention.entity.actor_type}")
    for e in sent.rule_at.get(i, []):
        for name, rid, rcode in (("src", e.source, e.source_code), ("tgt", e.target, e.target_code)):
            if actor is not None and ((rid and rid == actor.id) or (not rid and rcode and rcode == code)):
                f += [f"rule_{name}", f"rule_{name}|T={typ}"]
    # the content of a demand or accusation: its actor is whom the demand or accusation addresses
    # ("warf dem Mann vor, … getötet zu haben": the man is the suspected killer)
    mc = _matrix(sent, c, clause_facts(sent, c))
    if mc is not None and actor is not None:
        for j in sent.view.clause_range(mc):
            for e in sent.rule_at.get(j, []):
                if e.type not in SPEECH_ACTS:
                    continue
                for name, rid, rcode in (("src", e.source, e.source_code), ("tgt", e.target, e.target_code)):
                    if (rid and rid == actor.id) or (not rid and rcode and rcode == code):
                        f += [f"gov_{name}", f"gov_{name}|{e.type}"]
    m = arg.mention
    if arg.kind in {"mention", "prev"} and m is not None:
        f += [f"role={m.role}", f"role|T={m.role}|{typ}", f"label={m.entity.label}", f"src={m.entity.source}"]
        if arg.kind == "prev":
            f.append(f"back={arg.distance}")
            return f
        same = m.clause == c
        before = m.last < i
        dist = (i - m.last) if before else (m.first - i)
        f += [f"same_clause={same}", f"before={before}", f"dist={_bucket(dist)}", f"role|before={m.role}|{before}",
              f"role|before|T={m.role}|{before}|{typ}", f"role|kind={m.role}|{cand.kind}"]
        if not same:
            f.append(f"clause_diff={'-' if m.clause < c else '+'}{min(abs(m.clause - c), 2)}")
        if m.head is not None:
            f.append("own" if m.head == i else "modifier")
            if m.head == i:
                f.append(f"own|role={m.role}")
            else:  # "Bei der russischen Forderung …": the owner of a demand a refusal answers
                hit = lex.noun(view.tokens[m.head].lemma or view.words[m.head])
                f.append(f"headlex|T={hit[1].type if hit else 'none'}|{typ}")
        fin, vf = sent.vorfeld.get(m.clause, (None, range(0)))
        if m.first in vf:
            f += ["in_vorfeld", f"in_vorfeld|T={typ}"]
        r = view.clause_range(c)
        if _passive(sent, r, i):
            f.append(f"passive|role={m.role}")
        bare = [x for x in view.mentions if x.clause == m.clause and x.role == "bare"]
        if bare and bare[0] is m:
            f.append("first_bare")
        f += path_features(sent, i, m.first, m.last, prefix="path")
    elif arg.kind == "pronoun":
        f.append(f"pron|T={typ}")
    elif arg.kind == "speaker":
        f.append(f"spk|T={typ}")
    return f


def modality_features(cand: Cand, typ: str, lex: EventLexicon, language: str = "de") -> list[str]:
    sent, view, i = cand.sent, cand.sent.view, cand.index
    c = cand.clause
    facts = clause_facts(sent, c)
    r: range = facts["range"]  # type: ignore[assignment]
    tok = view.tokens[i]
    cues = cue_words(language)["modality_cues"]
    f = ["bias", f"T={typ}", f"pos={tok.pos}", f"key={cand.key}", f"kind={cand.kind}"]
    words = [view.words[k].lower() for k in r]
    for name, ws in cues.items():
        if any(w in ws for w in words):
            f += [f"cue={name}", f"cue|T={name}|{typ}"]
    mc = _matrix(sent, c, facts)
    if mc is not None:
        mwords = [view.words[k].lower() for k in view.clause_range(mc)]
        for name, ws in cues.items():
            if any(w in ws for w in mwords):
                f.append(f"mcue={name}")
        if mc in sent.speech:
            f += [f"content_of={sent.speech[mc]}", f"content_of|T={sent.speech[mc]}|{typ}"]
    # the whole sentence before the clause: "Die USA werfen Russland vor, … vorzubereiten"
    for k in range(c):
        if k in sent.speech:
            f.append(f"earlier_speech={sent.speech[k]}")
    for k in r:
        t = view.tokens[k]
        w = view.words[k].lower()
        if t.pos == "VMFIN":
            f.append(f"modal={t.lemma}")
            if any(view.tokens[j].pos == "VAINF" and view.tokens[j].lemma in {"haben", "sein"} for j in r):
                f.append(f"modal_perf={t.lemma}")  # "soll … getötet haben": reported, suspected
        if t.pos == "VAFIN" and t.lemma == "werden":
            f.append("werden_inf" if any(view.tokens[j].pos in {"VVINF", "VAINF"} for j in r) else "werden_pass")
        if t.pos.endswith("FIN") and is_konjunktiv1(view.words[k], t.pos, t.lemma or "", language=language):
            f.append("konj1")
        if w in _HYPO:
            f.append(f"konj2={w}")
    quote = next((q for q in sent.quotes if q.start <= tok.start < q.end), None)
    if quote is not None:
        f.append("quote")
    if view.words and view.words[-1] == "?":
        f.append("question")
    for e in sent.rule_at.get(i, []):
        f.append(f"rulemod={e.modality}")
    found = modality_cues(cand, language)
    f += [f"mcue={x}" for x in found] + [f"mcls={x.split(':', 1)[0]}" for x in found]
    f.append(f"mrule={rule_modality(found)}")
    f += parse_features(sent, i, prefix="m")
    return f
