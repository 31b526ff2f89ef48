"""Actor types of entity mentions (``Entity.actor_type``) and the sub-state regions of the knowledge base.

Types: ``person``, ``organisation``, ``state`` (a country acting, its government and state forces),
``substate`` (German and Austrian Länder, US states, other regions, and their governments), ``armed``
(armed non-state groups) — these are the actors (``lagebild.model.ACTOR_TYPES``) — and ``place``
(cities, continents, a country or region named as a location: "in Bayern") and ``other`` (currencies,
diseases, products, events, topics). The knowledge of what is never an actor lives in
``lang/<lang>/actors/types.yaml``; regions come from ``lang/<lang>/actors/regions.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .kb import KB, Actor, kb_dir

PERSON, ORGANISATION, STATE, SUBSTATE, ARMED, PLACE, OTHER = (
    "person", "organisation", "state", "substate", "armed", "place", "other"
)
#: sector codes that may follow a region code (DEUBY + GOV, DEUBY + GOV + HLH)
_SECTOR = re.compile(r"(?:[A-Z]{3})*")


def is_region_code(code: str | None, *, lang: str = "de") -> bool:
    """Whether ``code`` is a region's code (``DEUBY``, ``USACA``; regions.tsv) or such a code followed by
    three-letter sector codes (``DEUBYGOV``, ``DEUBYGOVHLH``); ``USAMIL`` is not Michigan's."""
    if not code or len(code) < 5:
        return False
    return code[:5] in region_codes(lang) and bool(_SECTOR.fullmatch(code[5:]))


@lru_cache(maxsize=4)
def region_codes(lang: str = "de") -> frozenset[str]:
    """The region codes of ``lang``'s regions.tsv."""
    from .kb_files import _tsv_rows

    path = kb_dir(lang) / "regions.tsv"
    return frozenset(r["code"].strip() for r in _tsv_rows(path)) if path.is_file() else frozenset()


@dataclass(frozen=True, slots=True)
class TypeLexicon:
    """``types.yaml`` of one language."""

    other: frozenset[str]
    place: frozenset[str]
    armed_heads: frozenset[str]
    armed_codes: frozenset[str]
    state_sectors: frozenset[str]

    def fixed(self, text: str) -> str | None:
        """``other`` or ``place`` when the surface form is listed (also with a genitive -s removed)."""
        for form in (text, text[:-1] if text.endswith("s") and len(text) > 3 else None):
            if form is None:
                continue
            if form in self.other:
                return OTHER
            if form in self.place:
                return PLACE
        return None


def lexicon_actor(text: str, kind: str) -> Actor:
    """The actor record of a listed non-actor ("Euro" → ``misc:euro``, "Europa" → ``loc:europa``)."""
    from .kb import slug

    base = text[:-1] if text.endswith("s") and len(text) > 3 and kind == OTHER else text
    if kind == PLACE:
        return Actor(f"loc:{slug(base)}", base, None, None, None, "LOC", local=True)
    return Actor(f"misc:{slug(base)}", base, None, None, None, "MISC", local=True)


def lexicon_spans(words: list[str], lang: str = "de") -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, type)`` of the listed non-actors in ``words`` (longest match first)."""
    index = _lexicon_index(lang)
    out = []
    i = 0
    while i < len(words):
        best = None
        for toks, kind in index.get(words[i], ()):
            if tuple(words[i : i + len(toks)]) == toks and (best is None or len(toks) > len(best[0])):
                best = (toks, kind)
        if best is None:
            i += 1
            continue
        out.append((i, i + len(best[0]), best[1]))
        i += len(best[0])
    return out


@lru_cache(maxsize=4)
def _lexicon_index(lang: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    from .kb import split_name

    lex = type_lexicon(lang)
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, forms in ((OTHER, lex.other), (PLACE, lex.place)):
        for form in sorted(forms):
            toks = split_name(form)
            for variant in (toks, toks[:-1] + (toks[-1] + "s",)) if kind == OTHER else (toks,):
                index.setdefault(variant[0], []).append((variant, kind))
    return index


@lru_cache(maxsize=4)
def type_lexicon(lang: str = "de") -> TypeLexicon:
    """The type lexicon of ``lang`` (empty when the language has no ``types.yaml``)."""
    import yaml

    path = kb_dir(lang) / "types.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data or {}

    def fs(key: str) -> frozenset[str]:
        return frozenset(str(x) for x in data.get(key, []) or [])

    return TypeLexicon(fs("other"), fs("place"), fs("armed_heads"), fs("armed_codes"), fs("state_sectors"))


def _segments(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def actor_type(actor: Actor, *, text: str = "", date: str | None = None, locative: bool = False,
               lang: str = "de") -> str:
    """The type of a mention ``text`` of ``actor``.

    ``locative``: the mention follows a locative preposition ("in Bayern"), so a country or region
    named there is a place.
    """
    lex = type_lexicon(lang)
    fixed = lex.fixed(text) if text else None
    if fixed is None:
        fixed = lex.fixed(actor.canonical)
    if fixed is not None:
        return fixed
    if actor.type == "PER":
        name = text or actor.canonical
        if actor.local and name.isupper() and len(name.replace(" ", "")) <= 4:
            return OTHER  # "KK", "ST": abbreviations NER took for names
        return PERSON
    code = actor.code_at(date) or actor.code or ""
    if actor.type == "GPE":
        if locative:
            return PLACE
        return SUBSTATE if is_region_code(code, lang=lang) else STATE
    if actor.type == "LOC":
        return PLACE
    if actor.type not in ("ORG",):
        return OTHER
    if any(s in lex.armed_codes for s in _segments(code)[1:]) or code[:3] in lex.armed_codes:
        return ARMED
    words = (text or actor.canonical).replace("-", " ").split()
    if any(w in lex.armed_heads for w in words) or any(h in (text or actor.canonical) for h in lex.armed_heads if "-" in h or " " in h):
        return ARMED
    if not actor.id.startswith("org:") and actor.sector:
        if actor.sector in lex.state_sectors:
            return SUBSTATE if is_region_code(code, lang=lang) else STATE
        return PERSON if actor.sector == "CVL" else ORGANISATION
    return ORGANISATION


# --------------------------------------------------------------------------- regions
def read_regions(kb: KB, path) -> None:
    """Add the regions of ``regions.tsv`` (GPE actors ``gpe:<code>``, e.g. ``gpe:deuby``, with governments).

    A name the knowledge base already has (the capitals Berlin and Wien) is not taken over; the
    region keeps its other names ("Land Berlin"). Adjectives index the region like a country's.
    """
    from .kb_files import ADJ_ENDINGS, _tsv_rows, genitive

    for row in _tsv_rows(path):
        code, name = row["code"].strip(), row["name"].strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        names = [n for n in [name, *aliases] if n]
        forms = [f for n in names for f in (n, genitive(n)) if f]
        free = tuple(f for f in forms if f not in kb.names)
        actor = Actor(f"gpe:{code.lower()}", name, code, code, None, "GPE", free)
        kb.actors[actor.id] = actor
        for f in free:
            kb.add_name(f, actor.id)
        gov = kb.government(code)
        gov.canonical = f"{name} (Landesregierung)" if code.startswith(("DEU", "AUT")) else f"{name} (Regierung)"
        govnames = tuple(g.strip() for g in (row.get("government") or "").split(";") if g.strip())
        gov.variants = tuple(dict.fromkeys(gov.variants + govnames))
        kb.actors[gov.id] = gov
        for g in govnames:
            kb.add_name(g, gov.id)
        stem = (row.get("adjective") or "").strip()
        if stem:
            for ending in ADJ_ENDINGS:
                kb.adjectives.setdefault((stem + ending).lower(), code)
        kb.regions[name] = code
        if name in kb.capitals:  # "Berliner", "Wiener": the city-state, not the country
            kb.adjectives[(name + "er").lower()] = code
        for a in aliases:
            kb.regions.setdefault(a, code)
