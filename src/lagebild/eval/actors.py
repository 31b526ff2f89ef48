"""Actor evaluation: typing accuracy on a hand-checked table, and the top actors of a news month.

``typing_accuracy(rows)`` runs the tokenizer and the actors stage (with NER) on each sentence of a
table of ``(sentence, mention, expected type)`` and checks ``Entity.actor_type`` of the mention.
The table shipped with the tests (``tests/actors/actor_types.tsv``, sentences written for it) is
read when the repository is checked out.

``top_actors(month)`` lists the most-mentioned actors (mentions typed as actors only) of one
FANG-COVID month, reserved ids skipped, for reading by hand: a development check, not a test.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..model import ACTOR_TYPES, Article

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
