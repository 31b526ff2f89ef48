"""Actor evaluation: typing accuracy on a hand-checked table, and the top actors of a news month.

``typing_accuracy(rows)`` runs the tokenizer and the actors stage (with NER) on each sentence of a
table of ``(sentence, mention, expected type)`` and checks ``Entity.actor_type`` of the mention.
The table shipped with the tests (``tests/actors/actor_types.tsv``, sentences written for it) is
read when the repository is checked out.

``top_actors(month)`` lists the most-mentioned actors (mentions typed as actors only) of one
FANG-COVID month, reserved ids skipped, for reading by hand: a development check, not a test.

``entity_typing(split)`` scores ``Entity.actor_type`` on the labelled entity set (``data/entities/``):
whole documents through the default pipeline up to the actors stage, gold mentions matched by exact span,
then by overlap; mention recall, actor-flag accuracy and is-an-actor P/R, type accuracy and the gold ×
system type table (``lagebild eval actors --entities --split dev``; test scored once, its errors never read).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import ACTOR_TYPES, ENTITY_TYPES, Article

REPO = Path(__file__).resolve().parents[3]
TYPING_TABLE = REPO / "tests" / "actors" / "actor_types.tsv"
SHARED = REPO.parent / "shared" / "data"


def read_table(path: Path = TYPING_TABLE) -> list[tuple[str, str, str]]:
    """``(sentence, mention, expected type)`` rows of a typing table (TSV, ``#`` comments)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader((line for line in fh if line.strip() and not line.startswith("#")), delimiter="\t"):
            rows.append((row[0], row[1], row[2]))
    return rows


class _Pipe:
    """Tokenizer + actors stage (with NER), built once."""

    def __init__(self) -> None:
        from ..actors.stage import ActorStage
        from ..nlp.tokenize import Tokenize

        self.tok = Tokenize()
        self.actors = ActorStage()

    def __call__(self, text: str, *, date: str | None = None) -> Article:
        a = Article(text=text, language="de", published=date)
        return self.actors(self.tok(a))


def mention_type(article: Article, mention: str) -> str | None:
    """``actor_type`` of the entity whose text is exactly ``mention`` (first one), else of the
    entity covering its first occurrence; None when no entity covers it."""
    at = article.text.find(mention)
    if at < 0:
        raise ValueError(f"{mention!r} does not occur in {article.text!r}")
    end = at + len(mention)
    exact = [e for e in article.entities if (e.start, e.end) == (at, end)]
    cover = [e for e in article.entities if e.start <= at and end <= e.end]
    hit = (exact or cover or [None])[0]
    return hit.actor_type if hit is not None else None


def typing_accuracy(rows: Sequence[tuple[str, str, str]], *, date: str = "2020-11-15") -> dict[str, Any]:
    """Accuracy of ``Entity.actor_type`` on ``rows``; also per expected type and the errors."""
    pipe = _Pipe()
    per: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for sentence, mention, expected in rows:
        got = mention_type(pipe(sentence, date=date), mention)
        per[expected]["n"] += 1
        if got == expected:
            per[expected]["ok"] += 1
        else:
            errors.append((sentence, mention, expected, got))
    n = sum(c["n"] for c in per.values())
    ok = sum(c["ok"] for c in per.values())
    return {"n": n, "correct": ok, "accuracy": round(ok / n, 4) if n else 0.0,
            "per_type": {t: (c["ok"], c["n"]) for t, c in sorted(per.items())}, "errors": errors}


def month_articles(month: str, *, shared: Path = SHARED) -> Iterable[Article]:
    """FANG-COVID articles of ``month`` (YYYY-MM) without the reserved ids."""
    from ..actors.ner_sources import fang_records

    for rec in fang_records(shared):
        if str(rec.get("date_norm", "")).startswith(month):
            title = rec.get("header") or ""
            yield Article(text=f"{title}\n{rec.get('article') or ''}", title=title, language="de",
                          published=rec.get("date_norm"), source=rec.get("source"),
                          external_id=str(rec.get("id")))


def top_actors(month: str, *, top: int = 60, shared: Path = SHARED) -> list[dict[str, Any]]:
    """The ``top`` actors of a month by mentions typed as actors, with their types and variants."""
    pipe = _Pipe()
    mentions: Counter = Counter()
    arts: dict[str, set[str]] = defaultdict(set)
    types: dict[str, Counter] = defaultdict(Counter)
    variants: dict[str, Counter] = defaultdict(Counter)
    canon: dict[str, str] = {}
    for a in month_articles(month, shared=shared):
        pipe.actors(pipe.tok(a))
        for e in a.entities:
            if not e.actor_id or e.actor_type not in ACTOR_TYPES:
                continue
            mentions[e.actor_id] += 1
            arts[e.actor_id].add(a.external_id or "")
            types[e.actor_id][e.actor_type] += 1
            canon[e.actor_id] = e.canonical or e.actor_id
            if e.source != "coref":
                variants[e.actor_id][" ".join(a.text[e.start : e.end].split())] += 1
    return [{"actor_id": aid, "canonical": canon[aid], "type": types[aid].most_common(1)[0][0],
             "mentions": n, "articles": len(arts[aid]),
             "variants": [v for v, _ in variants[aid].most_common(6)]}
            for aid, n in mentions.most_common(top)]


def report(*, month: str | None = None, top: int = 60) -> str:
    """What ``lagebild eval actors`` prints."""
    out = []
    if TYPING_TABLE.is_file():
        r = typing_accuracy(read_table())
        out.append(f"actor typing, hand-checked table ({TYPING_TABLE.name}): {r['correct']}/{r['n']} = {r['accuracy']:.3f}")
        out.append("  per expected type: " + ", ".join(f"{t} {ok}/{n}" for t, (ok, n) in r["per_type"].items()))
        for sentence, mention, expected, got in r["errors"]:
            out.append(f"  wrong: {mention!r} expected {expected}, got {got} — {sentence}")
    else:
        out.append(f"no typing table at {TYPING_TABLE} (it ships with the repository's tests)")
    if month:
        out.append(f"\ntop {top} actors of FANG-COVID {month} (reserved ids skipped; mentions typed as actors):")
        for k, row in enumerate(top_actors(month, top=top), 1):
            out.append(f"{k:>3}. {row['canonical']} [{row['actor_id']}] {row['type']} · {row['mentions']} mentions, "
                       f"{row['articles']} articles · {' | '.join(row['variants'])}")
    return "\n".join(out)


# ------------------------------------------------------------------ the labelled entity set
#: splits of ``data/entities/`` and the one whose errors are never printed (scored once, at the end)
ENTITY_SPLITS = ("train", "dev", "test")
HELD_OUT = frozenset({"test"})
#: gold types of the entity set (docs/entity_guideline.md §2) = the system's, in table order
GOLD_TYPES = ENTITY_TYPES
MISSED = "(missed)"


def upstream_actor_stages() -> list[Any]:
    """The default pipeline up to and including the actors stage (stages whose model is absent skipped)."""
    from ..events.learn.data import upstream_stages

    out = []
    for st in upstream_stages():
        out.append(st)
        if st.name == "actors":
            return out
    raise PipelineError("the default pipeline has no actors stage: check lagebild.run.STAGE_FACTORIES")


def run_document(doc: str, stages: Sequence[Any]) -> Article:
    """The labelled document ``doc`` (text, title, publication date of its source) through ``stages``."""
    from ..events.learn.data import source_article

    a = source_article(doc)
    for st in stages:
        if st.applies(a):
            a = st(a)
            a.done.append(st.name)
    return a


def match_mentions(gold: Sequence[tuple[int, int]], entities: Sequence[Any]) -> list[int | None]:
    """One-to-one matching of gold spans to system entities: exact spans first, then the largest character
    overlap (ties: the earlier entity). Returns, per gold span, the index into ``entities`` or None."""
    out: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    exact = {}
    for j, e in enumerate(entities):
        exact.setdefault((e.start, e.end), j)
    for i, (s, e) in enumerate(gold):
        j = exact.get((s, e))
        if j is not None and j not in used:
            out[i] = j
            used.add(j)
    pairs = []
    for i, (s, e) in enumerate(gold):
        if out[i] is not None:
            continue
        for j, ent in enumerate(entities):
            ov = min(e, ent.end) - max(s, ent.start)
            if ov > 0 and j not in used:
                pairs.append((-ov, i, j))
    for _, i, j in sorted(pairs):
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def _div(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


class TypingTally:
    """Counts of one group of gold mentions (plain, or deriv/part) against system entities."""

    def __init__(self) -> None:
        self.c: Counter = Counter()
        self.confusion: dict[str, Counter] = defaultdict(Counter)

    def add(self, gold: dict[str, Any], ent: Any | None, *, exact: bool) -> dict[str, Any]:
        """Add one gold mention and its matched entity (None: missed); returns what was found."""
        c = self.c
        g_type, g_actor = gold.get("type"), bool(gold.get("actor"))
        c["gold"] += 1
        c["gold_actor"] += g_actor
        if ent is None:
            self.confusion[g_type or "-"][MISSED] += 1
            return {"matched": False, "type": None, "actor": None}
        s_type = ent.actor_type
        s_actor = s_type in ACTOR_TYPES
        c["matched"] += 1
        c["exact"] += exact
        c["flag_ok"] += s_actor == g_actor
        c["tp"] += s_actor and g_actor
        c["sys_actor"] += s_actor
        c["matched_gold_actor"] += g_actor
        c["type_ok"] += s_type == g_type
        if g_actor:
            c["actor_type_ok"] += s_type == g_type
        self.confusion[g_type or "-"][s_type or "None"] += 1
        return {"matched": True, "type": s_type, "actor": s_actor}

    def report(self) -> dict[str, Any]:
        c = self.c
        p, r = _div(c["tp"], c["sys_actor"]), _div(c["tp"], c["matched_gold_actor"])
        return {
            "gold": c["gold"], "gold_actors": c["gold_actor"], "matched": c["matched"], "exact": c["exact"],
            "mention_recall": _div(c["matched"], c["gold"]), "exact_recall": _div(c["exact"], c["gold"]),
            "actor_flag_accuracy": _div(c["flag_ok"], c["matched"]),
            "actor_precision": p, "actor_recall": r, "actor_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "actor_counts": {"tp": c["tp"], "system": c["sys_actor"], "gold": c["matched_gold_actor"]},
            "type_accuracy": _div(c["type_ok"], c["matched"]),
            "type_accuracy_gold_actors": _div(c["actor_type_ok"], c["matched_gold_actor"]),
            "confusion": {g: dict(row) for g, row in sorted(self.confusion.items(), key=lambda kv: _order(kv[0]))},
        }


def _order(t: str) -> int:
    return GOLD_TYPES.index(t) if t in GOLD_TYPES else len(GOLD_TYPES)


def _is_deriv_part(m: dict[str, Any]) -> bool:
    return bool(m.get("deriv") or m.get("part"))


def score_document(article: Article, records: Sequence[dict[str, Any]], *, plain: TypingTally,
                   derived: TypingTally, keep: list[dict[str, Any]] | None = None) -> None:
    """Score the entities of one processed ``article`` against the gold sentence ``records`` of it.

    Plain mentions and deriv/part mentions are matched separately (each one-to-one against every entity),
    so a derived adjective never takes the entity a name would match."""
    for group, tally in ((False, plain), (True, derived)):
        gold = [m for rec in records for m in rec["entities"] if _is_deriv_part(m) == group]
        sent = [rec for rec in records for m in rec["entities"] if _is_deriv_part(m) == group]
        hits = match_mentions([tuple(m["span"]) for m in gold], article.entities)
        for m, rec, j in zip(gold, sent, hits):
            ent = article.entities[j] if j is not None else None
            exact = ent is not None and (ent.start, ent.end) == tuple(m["span"])
            got = tally.add(m, ent, exact=exact)
            if keep is not None and not group and (not got["matched"] or got["type"] != m["type"]
                                                   or got["actor"] != bool(m["actor"])):
                s, e = m["span"]
                keep.append({"doc": rec["doc"], "sent": rec.get("sent"), "mention": article.text[s:e],
                             "gold_type": m["type"], "gold_actor": bool(m["actor"]), "label": m["label"],
                             "system": None if ent is None else article.text[ent.start:ent.end],
                             "system_type": got["type"], "system_label": None if ent is None else ent.label,
                             "system_source": None if ent is None else ent.source,
                             "sentence": article.text[rec["start"]:rec["end"]]})


def entity_typing(split: str = "dev", *, limit: int | None = None, keep: bool = False,
                  stages: Sequence[Any] | None = None) -> dict[str, Any]:
    """Score ``Entity.actor_type`` on a split of the labelled entity set (``data/entities/``).

    Every labelled document is run whole (text, title and publication date of its source) through the
    default pipeline up to the actors stage; gold mentions are matched to entities by :func:`match_mentions`.
    ``keep``: also return the wrong or missed plain mentions (``errors``; refused on held-out splits)."""
    if split not in ENTITY_SPLITS:
        raise PipelineError(f"unknown split {split!r}: use one of {', '.join(ENTITY_SPLITS)}")
    if keep and split in HELD_OUT:
        raise PipelineError(f"{split} is held out: its errors are not read (use train or dev)")
    from .data import by_document, load

    docs = by_document(load("entities", split, with_text=False))
    names = list(docs)[:limit] if limit else list(docs)
    stages = list(stages) if stages is not None else upstream_actor_stages()
    plain, derived = TypingTally(), TypingTally()
    errors: list[dict[str, Any]] | None = [] if keep else None
    for doc in names:
        score_document(run_document(doc, stages), docs[doc], plain=plain, derived=derived, keep=errors)
    r: dict[str, Any] = {"split": split, "documents": len(names),
                         "sentences": sum(len(docs[d]) for d in names),
                         "mentions": plain.report(), "deriv_part": derived.report()}
    if keep:
        r["errors"] = errors
    return r


def format_entity_typing(r: dict[str, Any]) -> str:
    """The figures of :func:`entity_typing` as text: the scores and the gold × system type table."""
    lines = [f"actor typing on the entity set, {r['split']} ({r['documents']} documents, {r['sentences']} sentences)"]
    for key, head in (("mentions", "mentions (deriv/part excluded)"), ("deriv_part", "deriv/part mentions")):
        m = r[key]
        ac = m["actor_counts"]
        lines += [
            f"  {head}: {m['gold']} gold, {m['gold_actors']} actors",
            f"    mention recall {m['mention_recall']:.3f} ({m['matched']}/{m['gold']}; exact span {m['exact_recall']:.3f})",
            f"    actor flag accuracy {m['actor_flag_accuracy']:.3f}; is-an-actor P {m['actor_precision']:.3f} "
            f"R {m['actor_recall']:.3f} F1 {m['actor_f1']:.3f} (tp {ac['tp']}, system {ac['system']}, gold {ac['gold']})",
            f"    type accuracy {m['type_accuracy']:.3f} on matched mentions, "
            f"{m['type_accuracy_gold_actors']:.3f} on matched gold actors",
        ]
        if key == "mentions":
            cols = [*GOLD_TYPES, "None", MISSED]
            lines.append("    gold \\ system " + " ".join(f"{c[:8]:>8}" for c in cols))
            for g, row in m["confusion"].items():
                lines.append(f"    {g:14} " + " ".join(f"{row.get(c, 0):>8}" for c in cols))
    return "\n".join(lines)


def format_typing_errors(r: dict[str, Any], *, n: int = 30) -> str:
    """The first ``n`` wrong or missed plain mentions of :func:`entity_typing` (``keep=True``)."""
    if r["split"] in HELD_OUT:
        raise PipelineError(f"{r['split']} is held out: its errors are not read (use train or dev)")
    out = []
    for e in r.get("errors", [])[:n]:
        sys_part = ("missed" if e["system"] is None else
                    f"system {e['system_type']} {'actor' if e['system_type'] in ACTOR_TYPES else 'no actor'} "
                    f"({e['system_label']}/{e['system_source']}) on {e['system']!r}")
        out.append(f"[{e['doc']}:{e['sent']}] {e['mention']!r} gold {e['gold_type']} "
                   f"{'actor' if e['gold_actor'] else 'no actor'} ({e['label']}) — {sys_part}\n    {e['sentence']}")
    return "\n".join(out)
