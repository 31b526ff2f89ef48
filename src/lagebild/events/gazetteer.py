"""A small actor lookup for articles that reach event coding without an ``entities`` layer.

The actor stage (``lagebild.actors``) is the real source of actors. This lookup only keeps event coding
usable on its own (tests, evaluation when the actor stage is not in the pipeline): it reads the same
language data (``lang/<code>/actors/countries.tsv``, ``orgs.yaml``, ``metonyms.yaml``) and marks
country names, their adjectives, capitals and seats of government that act, organisations, and name
prefixes of compounds ("US-Außenminister", "Nato-Generalsekretär", "Kremlsprecher").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Article, Entity
from ..nlp.lang import LANG_DIR

_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True, slots=True)
class GazActor:
    id: str
    code: str
    canonical: str
    label: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[tuple[str, ...], GazActor]  # token sequence → actor
    adjectives: dict[str, GazActor]  # adjective stem (lower) → country actor
    prefixes: dict[str, GazActor]  # compound prefix ("us", "nato", "kreml") → actor
    capitals: frozenset[str]  # capital names: places unless they act
    locative: frozenset[str]
    roles: frozenset[str]  # role nouns (lower case): "US-Außenminister" acts, "US-Schreiben" does not
    max_len: int


def _read(language: str) -> Gazetteer:
    base = LANG_DIR / language / "actors"
    names: dict[tuple[str, ...], GazActor] = {}
    adjectives: dict[str, GazActor] = {}
    prefixes: dict[str, GazActor] = {}
    capitals: set[str] = set()

    def add(name: str, actor: GazActor) -> None:
        key = tuple(name.split())
        names.setdefault(key, actor)
        if len(key) == 1 and not name.endswith("s"):
            names.setdefault((name + "s",), actor)

    with (base / "countries.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        for row in rows:
            code, name = row["code"], row["name"]
            country = GazActor(f"country:{code}", code, name, "LOC")
            gov = GazActor(f"gov:{code}", f"{code}GOV", name, "LOC")
            add(name, country)
            for alias in filter(None, (row.get("aliases") or "").split(";")):
                if alias[0].isupper():
                    add(alias, country)
            if row.get("adjective"):
                adjectives[row["adjective"].lower()] = country
            if row.get("capital"):
                add(row["capital"], gov)
                capitals.add(row["capital"])
            for n in [name, *(row.get("aliases") or "").split(";")]:
                if n and " " not in n and n[0].isupper():
                    prefixes.setdefault(n.lower(), country)
    orgs = yaml.safe_load((base / "orgs.yaml").read_text(encoding="utf-8")) or {}
    for org in orgs.get("orgs", []):
        actor = GazActor(org["id"], org["code"], org["canonical"], "ORG")
        weak = set(org.get("weak", []))
        for n in org.get("names", []):
            if n not in weak:
                add(n, actor)
        prefixes.setdefault(org["canonical"].lower(), actor)
    meto = yaml.safe_load((base / "metonyms.yaml").read_text(encoding="utf-8")) or {}
    for seat in meto.get("seats", []):
        kind, _, code = seat["actor"].partition(":")
        sector = {"gov": "GOV", "mil": "MIL"}.get(kind, "")
        actor = GazActor(seat["actor"], f"{code}{sector}", seat["names"][0], "ORG")
        for n in seat["names"]:
            add(n, actor)
        prefixes.setdefault(seat["names"][0].lower(), actor)
    return Gazetteer(
        names=names,
        adjectives=adjectives,
        prefixes=prefixes,
        capitals=frozenset(capitals),
        locative=frozenset(meto.get("locative_before", [])),
        roles=frozenset(
            k.lower() for k in (yaml.safe_load((base / "roles.yaml").read_text(encoding="utf-8")) or {}).get("roles", {})
        ),
        max_len=max(len(k) for k in names),
    )


@lru_cache(maxsize=4)
def load_gazetteer(language: str = "de") -> Gazetteer:
    """The lookup for ``language`` (cached per process)."""
    if not (LANG_DIR / language / "actors").is_dir():
        raise FileNotFoundError(
            f"no actor data for {language!r}: create {Path(LANG_DIR, language, 'actors')} like lang/de/actors"
        )
    return _read(language)


def _is_role(g: Gazetteer, head: str) -> bool:
    for end in ("", "s", "es", "n", "en", "in", "innen", "e"):
        if end and not head.endswith(end):
            continue
        if head[: len(head) - len(end)] in g.roles:
            return True
    return False


def _prefix_actor(g: Gazetteer, word: str) -> GazActor | None:
    low = word.lower()
    if "-" in word:
        head, _, rest = low.partition("-")
        if head in g.prefixes and _is_role(g, rest):
            return g.prefixes[head]
    for p, actor in g.prefixes.items():  # closed compounds of a seat ("Kremlsprecher")
        if actor.id.startswith("gov:") and low.startswith(p) and _is_role(g, low[len(p) :]):
            return actor
    return None


def tag_entities(article: Article, *, language: str = "de") -> list[Entity]:
    """Actor entities found by lookup in ``article`` (needs tokens). Does not modify the article."""
    g = load_gazetteer(language)
    toks = article.tokens
    words = [article.text[t.start : t.end] for t in toks]
    out: list[Entity] = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(g.max_len, len(toks) - i), 0, -1):
            actor = g.names.get(tuple(words[i : i + n]))
            if actor is not None:
                hit = (n, actor)
                break
        if hit is not None:
            n, actor = hit
            prev = words[i - 1] if i > 0 else ""
            if words[i] in g.capitals or actor.id.startswith("gov:") and words[i] not in g.names:
                if prev in g.locative or prev.lower() in g.locative:
                    actor = GazActor(f"loc:{words[i]}", "", words[i], "LOC")
            out.append(_entity(toks[i].start, toks[i + n - 1].end, actor))
            i += n
            continue
        w = words[i]
        low = w.lower()
        if toks[i].pos == "ADJA" or (w[:1].islower() and low.endswith(("e", "en", "er", "es", "em"))):
            for stem, actor in g.adjectives.items():
                if low.startswith(stem) and low[len(stem) :] in _ADJ_ENDINGS:
                    out.append(_entity(toks[i].start, toks[i].end, actor, label="MISC"))
                    break
        else:
            actor = _prefix_actor(g, w)
            if actor is not None and len(actor.code) == 3 and "-" in w:
                # "US-Botschafter": the country with the role's sector (USAGOV)
                from .clauses import _agent_sector, split_agent
                from .patterns import load_lexicon

                rest = w.partition("-")[2]
                value = _agent_sector(load_lexicon(language).agent_index, rest, rest)
                sector = split_agent(value)[0] if value else None
                if sector:
                    actor = GazActor(actor.id, actor.code + sector, actor.canonical, actor.label)
            if actor is not None:
                out.append(_entity(toks[i].start, toks[i].end, actor, label="PER" if toks[i].pos == "NN" else None))
        i += 1
    return out


def _entity(start: int, end: int, actor: GazActor, *, label: str | None = None) -> Entity:
    return Entity(
        start=start,
        end=end,
        label=label or actor.label,
        actor_id=actor.id if actor.code else None,
        actor_code=actor.code or None,
        canonical=actor.canonical,
        source="rule",
        confidence=0.8,
    )
