"""The ``actors`` stage: entities linked to actors, plus coreference, per article.

``ActorStage`` fills ``Article.entities`` (names from the knowledge base and, when the NER model is
available, from NER) and keeps every actor mention — including pronouns, role and age descriptions
and metonyms — in ``Article.meta["actor_mentions"]`` with the actors in ``Article.meta["actors"]``.
Later stages call :func:`resolve_mention` to turn a speaker or subject span into an :class:`Actor`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ModelMissingError
from ..model import ACTOR_TYPES, Article, Entity
from ..pipeline import Stage
from .actor_types import actor_type, lexicon_actor, lexicon_spans
from .coref import Resolver, role_noun
from .kb import KB, Actor, load_kb, slug, split_name
from .linking import Linker, Mention, actor_record, credit_spans
from .translit import load_transliterator

log = logging.getLogger(__name__)

#: which mention wins when several cover a span (lower is better)
_PRIORITY = {"name": 0, "ner": 0, "pronoun": 1, "age": 1, "role": 2, "metonym": 3, "demonym": 4, "adjective": 5}


class ActorStage(Stage):
    """Link entity mentions to actors (KB + optional NER) and resolve in-article coreference."""

    name: ClassVar[str] = "actors"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("tokens",)
    assigns: ClassVar[tuple[str, ...]] = ("entities", "actors")

    def __init__(self, *, lang: str = "de", extra: Sequence[Path] = (), use_ner: bool | None = None) -> None:
        """``use_ner``: True requires the NER model, False never uses it, None uses it when it loads."""
        self.lang = lang
        self.extra = tuple(Path(p) for p in extra)
        self.use_ner = use_ner
        self._state: tuple[KB, Linker, Resolver] | None = None
        self._ner: Any = None
        self._ner_tried = False

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang, "extra": self.extra, "use_ner": self.use_ner,
                "_state": None, "_ner": None, "_ner_tried": False}

    # ------------------------------------------------------------- resources
    def resources(self) -> tuple[KB, Linker, Resolver]:
        """The knowledge base, linker and resolver (loaded once per process)."""
        if self._state is None:
            self._state = _resources(self.lang, self.extra)
        return self._state

    def ner(self) -> Any:
        """The NER tagger, or None when it is not installed/trained (and ``use_ner`` is not True)."""
        if self.use_ner is False:
            return None
        if not self._ner_tried:
            self._ner_tried = True
            try:
                from .ner import NerTagger

                self._ner = NerTagger()
            except (ImportError, OSError, ValueError) as e:
                if self.use_ner:
                    raise RuntimeError(
                        f"the NER model could not be loaded ({e}); train it with `make train-ner` or "
                        "run the actors stage with use_ner=False"
                    ) from e
                log.info("actors: NER not available (%s); linking with the knowledge base only", e)
        return self._ner

    def _common_noun(self) -> Any:
        """``NerResources.common_noun`` of the NER model (None without it)."""
        model = getattr(self.ner(), "_model", None)
        if model is None:
            return None
        try:
            return model()[1].common_noun
        except ModelMissingError:
            return None

    def _tag(self, tagger: Any, article: Article) -> list[Entity]:
        try:
            return tagger.tag_article(article)
        except ModelMissingError as e:
            if self.use_ner:
                raise
            log.info("actors: NER model missing (%s); linking with the knowledge base only", e)
            self._ner = None
            return []

    # ------------------------------------------------------------------ call
    def __call__(self, article: Article) -> Article:
        kb, linker, resolver = self.resources()
        date = article.published
        words = [article.text[t.start : t.end] for t in article.tokens]
        blocked = credit_spans(article)
        authors = {a.strip() for a in article.authors}

        def allowed(m: Mention | Entity) -> bool:
            return article.text[m.start : m.end] not in authors and not any(
                s <= m.start < e for s, e in blocked
            )

        names = [m for m in linker.match_names(article, words) if allowed(m)]
        names = _drop_weak(kb, article, names)
        names = [m for m in self._ner_mentions(article, linker, names) if allowed(m)]
        names = _non_actors(article, words, names, kb.lang)
        names.sort(key=lambda m: m.start)
        extra = _surnames(kb, article, words, names)
        names = sorted([m for m in names if not any(x.start == m.start for x in extra)] + extra,
                       key=lambda m: m.start)
        linker.metonyms(article, words, names)
        corefs = resolver.resolve(article, words, names)
        _store(article, kb, names, corefs, date, words)
        return article

    def _ner_mentions(self, article: Article, linker: Linker, names: list[Mention]) -> list[Mention]:
        """Link NER spans; returns ``names`` merged with them.

        Where they overlap, the knowledge-base match wins, except that an NER name strictly containing
        knowledge-base matches replaces them ("Universität Wien", "Deutsche Bank").
        """
        ents = [e for e in article.entities if e.source == "ner"]
        if not ents:
            tagger = self.ner()
            ents = self._tag(tagger, article) if tagger is not None else []
        if not ents:
            return names
        tok_at = {t.start: i for i, t in enumerate(article.tokens)}
        tok_end = {t.end: i + 1 for i, t in enumerate(article.tokens)}
        dropped: set[int] = set()
        out = []
        for e in ents:
            if e.start not in tok_at or e.end not in tok_end:
                continue
            overlap = [k for k, m in enumerate(names) if m.start < e.end and e.start < m.end]
            inside = all(e.start <= names[k].start and names[k].end <= e.end
                         and (names[k].start, names[k].end) != (e.start, e.end) for k in overlap)
            if overlap and not inside:
                continue
            e = _trim_common_nouns(article, e, tok_at, self._common_noun())
            text = article.text[e.start : e.end]
            code = linker.kb.adjectives.get(text.lower()) if " " not in text and text[:1].isupper() else None
            if code is not None and f"gpe:{code.lower()}" in linker.kb.actors:
                # "Bayerische", "Russischen": an adjective cut off its name is the country or region's adjective
                dropped.update(overlap)
                out.append(Mention(e.start, e.end, f"gpe:{code.lower()}", "MISC", "adjective", "ner",
                                   tok=tok_at[e.start], tok_end=tok_end[e.end]))
                continue
            actor = linker.link_entity(text, e.label, article.published)
            label = e.label
            if actor.local:
                one = tok_end[e.end] == tok_at[e.start] + 1
                pos = (article.tokens[tok_at[e.start]].pos or None) if one else None
                compound = _compound(linker.kb, text, article.published, pos)
                if isinstance(compound, Actor):
                    actor, label = compound, ("PER" if compound.type == "PER" else "ORG")
            dropped.update(overlap)
            out.append(Mention(e.start, e.end, actor.id, label, "ner", "ner", tok=tok_at[e.start],
                               tok_end=tok_end[e.end],
                               actor=actor if actor.local or actor.id not in linker.kb.actors else None))
        return [m for k, m in enumerate(names) if k not in dropped] + out


def _trim_common_nouns(article: Article, e: Entity, tok_at: dict[int, int], common_noun: Any) -> Entity:
    """An NER span without its leading common nouns ("Roboterherstellers Kuka" → "Kuka"); in a person
    name also without a leading word that is followed by a lower-case word and is no first name
    ("Fördergelder von Gates" → "Gates", but "Ursula von der Leyen" stays)."""
    if common_noun is None or e.label not in ("PER", "ORG"):
        return e
    toks = article.tokens
    i = tok_at[e.start]
    start = e.start
    word = lambda k: article.text[toks[k].start : toks[k].end]  # noqa: E731

    def drop(k: int) -> bool:
        w = word(k)
        if common_noun(w) or w[:1].islower():
            return True
        nxt = word(k + 1)
        return e.label == "PER" and nxt[:1].islower() and w not in _first_names()

    while i + 1 < len(toks) and toks[i + 1].end <= e.end and drop(i):
        i += 1
        start = toks[i].start
    if start == e.start:
        return e
    return Entity(start, e.end, e.label, e.actor_id, e.actor_code, e.canonical, e.source, e.confidence)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """First names of the NER gazetteers (lang/de/ner/first_names.txt, person_first.txt)."""
    from .ner_features import lang_dir

    out: set[str] = set()
    for name in ("first_names.txt", "person_first.txt"):
        path = lang_dir("de") / name
        if path.is_file():
            out.update(w for line in path.read_text(encoding="utf-8").splitlines()
                       if not line.startswith("#") for w in line.split())
    return frozenset(out)


@lru_cache(maxsize=4)
def _resources(lang: str, extra: tuple[Path, ...]) -> tuple[KB, Linker, Resolver]:
    """Knowledge base, linker and resolver, built once per process and language (read-only)."""
    kb = load_kb(lang, extra)
    return kb, Linker(kb, load_transliterator(lang)), Resolver(kb)


def _compound(kb: KB, text: str, date: str | None, pos: str | None) -> Actor | None | bool:
    """A hyphenated compound whose first part names an actor: "US-Militär" → USAMIL, "Nato-Generalsekretär"
    → the office holder, "Nato-Truppen" → Nato; False for a head noun that names no actor ("NATO-Bitte",
    "Iran-Konflikt"); None when ``text`` is no such compound (or a proper name: tagged NE, or a known
    name after the hyphen, "Bosnien-Herzegowina").

    Actor head nouns are the role nouns (``roles.yaml: roles``) and ``roles.yaml: compound_heads``. A
    country prefix on a body noun gives the country's sector actor ("US-Militär" → mil:usa); on a group or
    another head an actor of its own with the sector's code ("US-Botschaft" → USAGOV), so "US-Beamte" and
    "US-Botschaft" in one sentence stay two parties.
    """
    if " " in text or "-" not in text:
        return None
    prefix, head = text.split("-", 1)
    ids = kb.names.get(prefix) or (kb.names.get(prefix[:-1]) if prefix.endswith("s") else None)
    if not ids or not head[:1].isupper():
        return None
    owner = next((kb.actors[i] for i in ids if kb.actors[i].type in ("GPE", "ORG")), None)
    if owner is None or head in kb.names or (pos is not None and pos.startswith("NE")):
        return None
    rn = role_noun(kb, text)
    if rn is None:  # "Fraktionschef", "Militärsprecher": the last part of the head
        for k in range(1, len(head) - 3):
            rn = role_noun(kb, head[k].upper() + head[k + 1 :])
            if rn is not None or _head_sector(kb, head[k].upper() + head[k + 1 :]):
                head = head[k].upper() + head[k + 1 :]
                break
    sector = rn[0].sector if rn is not None else _head_sector(kb, head)
    if sector is None:
        return False
    country = owner.country
    if owner.type == "ORG":
        if rn is not None and rn[0].kind == "person" and date:
            holder = _resolver(kb.lang).holder(rn[0].office, owner.code, date)
            if holder is not None:
                return holder
        return owner
    if rn is not None and rn[0].kind == "person" and country and date:
        holder = _resolver(kb.lang).holder(rn[0].office, country, date)
        if holder is not None:
            return holder
    if not (country and sector):
        return None
    if rn is not None and rn[0].kind == "body":
        return kb.sector_actor(country, sector)  # "US-Militär" is the US military
    # "US-Beamte", "US-Botschaft": a part of the sector, an actor of its own with the sector's code
    return Actor(f"org:{slug(text)}", text, country + sector, country, sector, "ORG", local=True)


def _head_sector(kb: KB, head: str) -> str | None:
    """The sector of a compound head noun from ``compound_heads`` (inflected forms by their endings)."""
    if head in kb.compound_heads:
        return kb.compound_heads[head]
    for ending in ("en", "n", "s", "es", "e"):
        if head.endswith(ending) and head[: -len(ending)] in kb.compound_heads:
            return kb.compound_heads[head[: -len(ending)]]
    return None


def _non_actors(article: Article, words: list[str], names: list[Mention], lang: str) -> list[Mention]:
    """Listed non-actors (types.yaml: "Euro", "Corona", "Europa") as mentions of their own: they replace
    an NER or knowledge-base name with exactly their span, and fill spans no name covers."""
    toks = article.tokens
    out = list(names)
    for i, j, kind in lexicon_spans(words, lang):
        start, end = toks[i].start, toks[j - 1].end
        same = [m for m in out if (m.start, m.end) == (start, end)]
        if any(m.start < end and start < m.end for m in out if m not in same):
            continue  # inside a longer name ("Euro-Gruppe", "Europa-Park")
        actor = lexicon_actor(article.text[start:end], kind)
        out = [m for m in out if m not in same]
        out.append(Mention(start, end, actor.id, "LOC" if kind == "place" else "MISC", "name",
                           same[0].source if same else "kb", tok=i, tok_end=j, actor=actor))
    return out


def _drop_weak(kb: KB, article: Article, names: list[Mention]) -> list[Mention]:
    """Forms like "Bündnis" count only when the actor is also named plainly in the article."""
    strong = {m.actor_id for m in names if article.text[m.start : m.end] not in kb.weak_names}
    return [m for m in names if m.actor_id in strong or article.text[m.start : m.end] not in kb.weak_names]


def _surnames(kb: KB, article: Article, words: list[str], names: list[Mention]) -> list[Mention]:
    """Surname-only mentions of persons named in full earlier in the article ("Lawrow", "Lawrows")."""
    known: dict[str, tuple[str, int]] = {}
    for m in names:
        parts = article.text[m.start : m.end].split()
        if m.label == "PER" and len(parts) > 1:
            known.setdefault(parts[-1], (m.actor_id, m.end))
    single_ner = {m.tok for m in names if m.source == "ner" and m.tok_end == m.tok + 1}
    covered = {i for m in names for i in range(m.tok, m.tok_end)} - single_ner
    out = []
    for i, w in enumerate(words):
        key = w if w in known else (w[:-1] if w.endswith("s") and w[:-1] in known else None)
        if key is None or i in covered:
            continue
        actor_id, first_end = known[key]
        t = article.tokens[i]
        if t.start >= first_end:
            source = "ner" if i in single_ner else "kb"
            out.append(Mention(t.start, t.end, actor_id, "PER", "name", source, tok=i, tok_end=i + 1))
    return out


def _store(article: Article, kb: KB, names: list[Mention], corefs: list[Mention], date: str | None,
           words: Sequence[str] = ()) -> None:
    """Entities (with their actor type) and the actor records of ``article``."""
    actors: dict[str, dict[str, Any]] = {}
    entities: list[Entity] = []
    local = {m.actor_id: m.actor for m in names + corefs if m.actor is not None}
    for m in sorted(names + corefs, key=lambda m: (m.start, m.end)):
        actor = m.actor or local.get(m.actor_id) or kb.actors.get(m.actor_id)
        if actor is None:
            continue
        actors.setdefault(actor.id, actor_record(actor, date))
        if m.kind in ("role",) and m.label != "PER":
            continue
        label = m.label if m.kind not in ("adjective", "demonym") else "MISC"
        text = article.text[m.start : m.end]
        locative = m.kind == "name" and m.tok > 0 and (
            words[m.tok - 1].lower() in kb.locative
            or (m.tok > 1 and words[m.tok - 1] in kb.articles and words[m.tok - 2].lower() in kb.locative))  # "in den USA"
        entities.append(Entity(m.start, m.end, label, actor.id, actor.code_at(date), actor.canonical,
                               "coref" if m.source == "coref" else m.source,
                               actor_type=actor_type(actor, text=text, date=date, locative=locative,
                                                     lang=kb.lang)))
    article.entities = entities
    article.meta["actors"] = actors
    article.meta["actor_mentions"] = [
        [m.start, m.end, m.actor_id, m.kind] for m in sorted(names + corefs, key=lambda m: (m.start, m.end))
        if m.actor_id in actors
    ]


# --------------------------------------------------------------------------- helpers for later stages
def _actor_from(article: Article, actor_id: str, kb: KB | None) -> Actor | None:
    rec = article.meta.get("actors", {}).get(actor_id)
    if kb is not None and actor_id in kb.actors:
        return kb.actors[actor_id]
    if rec is None:
        return None
    return Actor(actor_id, rec["canonical"], rec.get("code"), rec.get("country"), rec.get("sector"),
                 rec.get("type", "PER"), local=bool(rec.get("local")))


def resolve_mention(article: Article, start: int, end: int, *, lang: str = "de") -> Actor | None:
    """The actor a span refers to ("der 71-Jährige", "er", "Kremlsprecher Dmitri Peskow", …), or None.

    Uses the mentions the actors stage stored; a span it did not cover is read on its own (a role with
    a country, e.g. "das russische Außenministerium" → Russian government). Only actors are returned:
    a span that stands for a thing (``actor_type`` other: "Euro", "Corona") gives None.
    """
    actor = _resolve_mention(article, start, end, lang=lang)
    if actor is not None and actor_type(actor, text=article.text[start:end], lang=lang) == "other":
        return None
    return actor


def _resolve_mention(article: Article, start: int, end: int, *, lang: str = "de") -> Actor | None:
    kb = load_kb(lang)
    mentions = article.meta.get("actor_mentions", [])
    exact_or_actor = [m for m in mentions if (m[0], m[1]) == (start, end) or not m[2].startswith("loc:")]
    inside = [m for m in exact_or_actor if start <= m[0] and m[1] <= end]
    overlap = inside or [m for m in exact_or_actor if m[0] < end and start < m[1]]
    if overlap:
        best = min(overlap, key=lambda m: ((m[0], m[1]) != (start, end), _PRIORITY.get(m[3], 9), m[0] - m[1]))
        exact = (best[0], best[1]) == (start, end)
        if not exact and (best[3] in ("adjective", "demonym") or best[2].startswith("gpe:")):
            read = _read_span(kb, article.text[start:end], article.published)  # "Russlands Wirtschaftsminister"
            if read is not None:
                return read
        return _actor_from(article, best[2], kb)
    return _read_span(kb, article.text[start:end], article.published)


def _read_span(kb: KB, text: str, date: str | None) -> Actor | None:
    """Read a span on its own: a role noun with a country (adjective, genitive or prefix) → holder or sector."""
    words = split_name(text)
    country = None
    for k, w in enumerate(words):
        if w.lower() in kb.adjectives and (w[:1].islower() or k == 0):
            country = kb.adjectives[w.lower()]
        elif w in kb.names and kb.actors[kb.names[w][0]].type == "GPE":
            country = kb.actors[kb.names[w][0]].country
    for w in words:
        rn = role_noun(kb, w) if w[:1].isupper() else None
        if rn is None:
            continue
        noun, prefix = rn
        where = country or noun.country
        if prefix and prefix in kb.names:
            org = kb.actors[kb.names[prefix][0]]
            if org.type == "ORG" and noun.kind != "person":
                return org
            where = org.country or where
        if where and noun.kind == "person" and date:
            holder = _resolver(kb.lang).holder(noun.office, where, date)
            if holder is not None:
                return holder
        if where and noun.sector:
            return kb.sector_actor(where, noun.sector)
    if len(words) == 1 and words[0] in kb.names:
        return kb.actors[kb.names[words[0]][0]]
    return None


def _resolver(lang: str) -> Resolver:
    return _resources(lang, ())[2]


def actor_table(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """One row per actor over ``articles``: id, canonical, code, type, mentions, articles, variants (by
    count). Only mentions typed as actors count (``Entity.actor_type`` in ``ACTOR_TYPES``; untyped
    entities from before the field existed count when they have an actor id)."""
    rows: dict[str, dict[str, Any]] = {}
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        seen: set[str] = set()
        for e in a.entities:
            if not e.actor_id or (e.actor_type is not None and e.actor_type not in ACTOR_TYPES):
                continue
            if e.actor_type:
                types[e.actor_id][e.actor_type] += 1
            row = rows.setdefault(e.actor_id, {"actor_id": e.actor_id, "canonical": e.canonical, "code": None,
                                               "label": e.label, "mentions": 0, "articles": 0, "variants": []})
            row["mentions"] += 1
            if e.actor_id not in seen:
                row["articles"] += 1
                seen.add(e.actor_id)
            if e.source != "coref":
                variants[e.actor_id][" ".join(a.text[e.start : e.end].split())] += 1
            if e.actor_code:
                codes[e.actor_id][e.actor_code] += 1
    for aid, row in rows.items():
        row["variants"] = [v for v, _ in variants[aid].most_common()]
        row["code"] = codes[aid].most_common(1)[0][0] if codes[aid] else None
        row["type"] = types[aid].most_common(1)[0][0] if types[aid] else None
    return sorted(rows.values(), key=lambda r: (-r["mentions"], r["actor_id"]))
