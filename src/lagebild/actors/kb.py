"""The actor knowledge base: countries, governments, organisations, persons and role nouns.

All knowledge lives in data files under ``lang/<lang>/actors/`` (see docs/actors.md); this module only
reads them. :func:`load_kb` returns a :class:`KB` whose indexes the gazetteer matcher uses:
surface name → actor ids, adjective/demonym forms → country, role nouns → sector codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .translit import LANG_DIR

ActorType = str  # PER | ORG | LOC | GPE


@dataclass(frozen=True, slots=True)
class Role:
    """A date-bounded role: ``code`` (e.g. RUSGOV) held from ``start`` to ``end`` (ISO dates, open if None)."""

    code: str
    start: str | None = None
    end: str | None = None
    title: str | None = None

    def active(self, date: str | None) -> bool:
        """Whether the role is held on ``date`` (YYYY[-MM[-DD]]); undated roles are always active."""
        if date is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start[: len(date)] <= date) and (
            self.end is None or date <= self.end[: len(date)]
        )


@dataclass(slots=True)
class Actor:
    """One actor: a person, organisation, place or country/government, with its name variants."""

    id: str
    canonical: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    type: ActorType = "PER"
    variants: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    gender: str | None = None  # m | f
    born: int | None = None
    local: bool = False  # made up from an article, not in the knowledge base

    def code_at(self, date: str | None) -> str | None:
        """The actor code valid on ``date`` (the latest-starting active dated role), else the default."""
        if date:
            active = [r for r in self.roles if (r.start or r.end) and r.active(date)]
            if active:
                return max(active, key=lambda r: r.start or "").code
        return self.code

    def title_at(self, date: str | None) -> str | None:
        """The role title (e.g. "Außenminister") held on ``date``, if the knowledge base knows it."""
        active = [r for r in self.roles if r.title and (date is None or r.active(date))]
        return max(active, key=lambda r: r.start or "").title if active else None


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """A role noun (Außenminister → sector GOV); ``country`` when the noun implies one (Kremlsprecher)."""

    noun: str
    sector: str
    kind: str = "person"  # person | group | body
    country: str | None = None
    title: str | None = None  # the office title it names ("Bundeskanzler" → Kanzler), for coreference

    @property
    def office(self) -> str:
        """The title used to match office holders and appositions."""
        return self.title or self.noun


@dataclass(slots=True)
class KB:
    """Indexes over the actors; built by :func:`load_kb`."""

    lang: str
    version: str
    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # surface form → actor ids
    weak_names: set[str] = field(default_factory=set)  # forms that need context (Bündnis)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # surname → person ids
    adjectives: dict[str, str] = field(default_factory=dict)  # lower-case form → country code
    demonyms: dict[str, str] = field(default_factory=dict)  # form → country code
    roles: dict[str, RoleNoun] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # capital form → country code
    contextual: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    locative: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)  # pronoun → gender
    articles: frozenset[str] = frozenset()
    indefinite: frozenset[str] = frozenset()
    plural_articles: frozenset[str] = frozenset()  # "die" before a masculine role noun: several persons
    former: frozenset[str] = frozenset()
    oblique: frozenset[str] = frozenset()  # prepositions: a name after them is no pronoun antecedent
    age_pattern: re.Pattern[str] | None = None
    max_len: int = 1  # longest name in tokens
    sector_names: dict[str, str] = field(default_factory=dict)  # GOV → Regierung
    demonym_sector: str | None = None  # a demonym used as a noun for people ("zwei Syrer") → SYR + this
    compound_heads: dict[str, str] = field(default_factory=dict)  # head noun → sector ("Marine" → MIL)
    regions: dict[str, str] = field(default_factory=dict)  # region name → region code (Bayern → DEUBY)

    def add(self, actor: Actor, *, weak: Sequence[str] = ()) -> None:
        """Add (or merge into an existing id) an actor and index its variants."""
        old = self.actors.get(actor.id)
        if old is not None:
            merged = tuple(dict.fromkeys(old.variants + actor.variants))
            old.variants = merged
            old.roles = old.roles or actor.roles
            old.born = old.born or actor.born
            old.gender = old.gender or actor.gender
            actor = old
        else:
            self.actors[actor.id] = actor
        for v in (actor.canonical, *actor.variants):
            self.add_name(v, actor.id)
        self.weak_names.update(weak)
        if actor.type == "PER":
            for v in (actor.canonical, *actor.variants):
                parts = v.split()
                if len(parts) > 1:
                    ids = self.surnames.setdefault(parts[-1], [])
                    if actor.id not in ids:
                        ids.append(actor.id)

    def add_name(self, name: str, actor_id: str) -> None:
        """Index one surface form."""
        ids = self.names.setdefault(name, [])
        if actor_id not in ids:
            ids.append(actor_id)
        self.max_len = max(self.max_len, len(split_name(name)))

    def lookup(self, name: str) -> list[Actor]:
        """Actors whose canonical name or variant is exactly ``name``."""
        return [self.actors[i] for i in self.names.get(name, [])]

    def country_actor(self, code: str) -> Actor | None:
        return self.actors.get(f"gpe:{code.lower()}")

    def sector_actor(self, code: str, sector: str) -> Actor:
        """Country ``code``'s actor for any sector: RUS+GOV → gov:rus (RUSGOV), BEL+MED → med:bel (BELMED)."""
        return self.government(code, sector)

    def government(self, code: str, sector: str = "GOV") -> Actor:
        """The (possibly synthesised) actor for country ``code``'s sector, e.g. RUS+GOV → gov:rus."""
        prefix = {"GOV": "gov", "MIL": "mil"}.get(sector, sector.lower())
        aid = f"{prefix}:{code.lower()}"
        actor = self.actors.get(aid)
        if actor is None:
            country = self.country_actor(code)
            name = country.canonical if country else code
            label = self.sector_names.get(sector, sector)
            actor = Actor(aid, f"{name} ({label})", code + sector, code, sector, "ORG")
        return actor


_NAME_TOKEN = re.compile(r"\w+(?:[-.'’/]\w+)*\.?|\S", re.UNICODE)


def split_name(name: str) -> tuple[str, ...]:
    """Split a name into tokens the way the article tokenizer does (words keep inner hyphens)."""
    return tuple(_NAME_TOKEN.findall(name))


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slug(name: str) -> str:
    """ASCII slug for content-addressed ids: "Antony Blinken" → "antony-blinken"."""
    s = unicodedata.normalize("NFKD", name.translate(_FOLD).lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def kb_dir(lang: str) -> Path:
    """The folder holding the actor data files for ``lang``."""
    return LANG_DIR / lang / "actors"


@lru_cache(maxsize=8)
def _load_cached(lang: str, extra: tuple[Path, ...]) -> KB:
    from .kb_files import build_kb

    return build_kb(lang, extra)


def load_kb(lang: str = "de", extra: Sequence[Path] = ()) -> KB:
    """Load the actor knowledge base for ``lang`` plus user files ``extra`` (YAML or CSV, docs/actors.md).

    The result is cached per process; treat it as read-only.
    """
    return _load_cached(lang, tuple(Path(p) for p in extra))


# --------------------------------------------------------------------------- date-aware lookup
# Persons hold several roles at once (a minister who chairs a party, a head of a Land government
# who leads a federal party). ``Actor.code_at`` takes the latest-starting one; these functions rank
# offices above parliament seats above party posts, so "Söder" in 2020 is the Bavarian head of
# government (DEUBYGOV), not the CSU chairman.

#: German Länder letters (ISO 3166-2:DE) that may follow DEU in a code: DEUBY (Bayern), DEUBYGOV
LAENDER_CODES = frozenset("BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH".split())


def role_rank(code: str) -> int:
    """3 for offices (GOV, MIL, JUD, IGO …), 2 for legislatures (LEG), 1 for party posts (PTY, OPP), 0 for ELI."""
    tail = code[3:]
    if code.startswith("DEU") and tail[:2] in LAENDER_CODES and len(tail) in (2, 5, 8):
        tail = tail[2:]
    head = tail[:3]
    return {"PTY": 1, "OPP": 1, "LEG": 2, "ELI": 0}.get(head, 3)


def role_on(actor: Actor, date: str | None) -> Role | None:
    """The role ``actor`` holds on ``date`` (YYYY[-MM[-DD]]): highest rank, then latest start, then listed first.

    None when no dated role covers the date (then ``actor.code`` is the code to use).
    """
    if not date:
        return None
    best: Role | None = None
    for r in actor.roles:
        if (r.start or r.end) and r.active(date):
            if best is None or (role_rank(r.code), r.start or "") > (role_rank(best.code), best.start or ""):
                best = r
    return best


def code_on(actor: Actor, date: str | None) -> str | None:
    """The actor code on ``date``: the code of :func:`role_on`, else the actor's default code."""
    role = role_on(actor, date)
    return role.code if role else actor.code


def lookup_on(kb: KB, name: str, date: str | None) -> list[tuple[Actor, Role | None]]:
    """Actors named exactly ``name`` with the role each holds on ``date``, best candidate first.

    Order: persons holding a role on the date (higher rank first), then the rest in index order — so
    "Johnson" in 2020 is the British prime minister and in 2024 the Speaker of the US House.
    """
    found = [(a, role_on(a, date)) for a in kb.lookup(name)]
    order = {id(a): k for k, (a, _) in enumerate(found)}
    return sorted(found, key=lambda ar: (ar[1] is None, -role_rank(ar[1].code) if ar[1] else 0, order[id(ar[0])]))
