"""Readers for the actor data files (countries.tsv, orgs.yaml, persons*.tsv, …) and user files."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .kb import KB, Actor, Role, RoleNoun, kb_dir, slug

ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


class KBFileError(ValueError):
    """A knowledge-base file is malformed; the message names the file, the entry and the fix."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: same result, faster


def _yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as e:
        raise KBFileError(f"{path}: not valid YAML ({e}); fix the syntax") from e
    if not isinstance(data, dict):
        raise KBFileError(f"{path}: expected a mapping with 'version' and entries at the top level")
    return data


def _tsv_rows(path: Path) -> Iterable[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _version(path: Path) -> str:
    head = path.read_text(encoding="utf-8")[:1500]
    m = re.search(r"version:\s*(\S+)", head)
    return m.group(1) if m else "0"


def demonym_forms(m: str) -> list[str]:
    """Russe → Russe, Russen, Russin, Russinnen; Amerikaner → …, Amerikanerin, Amerikanerinnen."""
    if not m:
        return []
    if m.endswith("e"):
        return [m, m + "n", m[:-1] + "in", m[:-1] + "innen"]
    if m.endswith("er"):
        return [m, m + "n", m + "s", m + "in", m + "innen"]
    return [m, m + "s", m + "n", m + "en", m + "in", m + "innen"]


def genitive(name: str) -> str | None:
    """Genitive with -s for names that take it (Russlands); None for names ending in a sibilant."""
    return None if name[-1:] in "sxzß" or name.endswith("ei") else name + "s"


def read_countries(kb: KB, path: Path) -> None:
    for row in _tsv_rows(path):
        code, name = row["code"].strip(), row["name"].strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        names = [name] + [a for a in aliases if a[:1].isupper() and not a.endswith("isch")]
        variants = [n for n in names + [genitive(n) for n in names] if n]
        kb.add(Actor(f"gpe:{code.lower()}", name, code, code, None, "GPE", tuple(variants)))
        for sector in ("GOV", "MIL"):
            gov = kb.government(code, sector)
            kb.actors[gov.id] = gov
        for stem in [row["adjective"].strip()] + [a for a in aliases if a.endswith("isch")]:
            for ending in ADJ_ENDINGS if stem else ():
                kb.adjectives[(stem + ending).lower()] = code
        for form in demonym_forms(row["demonym"].strip()):
            kb.demonyms[form] = code
        spellings = [c.strip() for c in row["capital"].split(";") if c.strip()]
        if spellings:
            forms = [f for c in spellings for f in (c, genitive(c)) if f]
            for f in forms:
                kb.capitals[f] = code
            kb.add(Actor(f"loc:{slug(spellings[0])}", spellings[0], code, code, None, "LOC", tuple(forms[1:])))
            for cap in spellings:
                if cap.endswith(("au", "in", "on", "ad")):
                    kb.adjectives[(cap + "er").lower()] = code  # Moskauer, Berliner (attributive use)


def read_metonyms(kb: KB, path: Path) -> None:
    data = _yaml(path)
    for entry in data.get("seats", []):
        prefix, code = entry["actor"].split(":")
        actor = kb.government(code, {"gov": "GOV", "mil": "MIL"}.get(prefix, prefix.upper()))
        actor.variants = tuple(dict.fromkeys(actor.variants + tuple(entry["names"])))
        kb.actors[actor.id] = actor
        for n in entry["names"]:
            kb.add_name(n, actor.id)
    for entry in data.get("contextual", []):
        for n in entry["names"]:
            kb.contextual[n] = (list(entry["candidates"]), entry["fallback"])
    kb.locative = frozenset(data.get("locative_before", []))


def read_orgs(kb: KB, path: Path) -> None:
    for k, o in enumerate(_yaml(path).get("orgs", [])):
        if "id" not in o or "canonical" not in o:
            raise KBFileError(f"{path}: organisation {k + 1} needs 'id' and 'canonical'")
        names = tuple(o.get("names", []))
        kb.add(
            Actor(o["id"], o["canonical"], o.get("code"), o.get("country"), None, o.get("type", "ORG"), names),
            weak=o.get("weak", []),
        )


def _date(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def person_from_dict(o: dict[str, Any], *, where: str) -> Actor:
    """A person (or any actor) from a YAML/CSV mapping; see docs/actors.md for the keys."""
    name = o.get("canonical") or o.get("name")
    if not name:
        raise KBFileError(f"{where}: entry needs 'canonical' (or 'name'); got {o!r}")
    names = o.get("names") or o.get("variants") or []
    if isinstance(names, str):
        names = [n.strip() for n in names.split(";") if n.strip()]
    roles = tuple(
        Role(str(r["code"]), _date(r.get("start", r.get("from"))), _date(r.get("end", r.get("to"))),
             r.get("title") or r.get("title_de"))
        for r in (o.get("roles") or [])
    )
    typ = str(o.get("type") or "PER").upper()
    code = o.get("code") or (roles[-1].code if roles else None)
    country = o.get("country") or (code[:3] if code and not code.startswith("IGO") else None)
    prefix = {"PER": "per", "ORG": "org", "LOC": "loc", "GPE": "gpe"}.get(typ, "misc")
    born = o.get("born")
    return Actor(
        id=str(o.get("id") or f"{prefix}:{slug(name)}"),
        canonical=str(name),
        code=code,
        country=country,
        sector=o.get("sector"),
        type=typ,
        variants=tuple(str(n) for n in names),
        roles=roles,
        gender=o.get("gender") or None,
        born=int(born) if born not in (None, "") else None,
    )


def read_persons_tsv(kb: KB, path: Path) -> None:
    """persons.tsv (generated): id, canonical, country, roles (CODE:start:end|…), variants (|)."""
    for row in _tsv_rows(path):
        roles = []
        for r in filter(None, row["roles"].split("|")):
            code, start, end = (r.split(":") + ["", ""])[:3]
            roles.append(Role(code, start or None, end or None))
        default = row.get("code") or None
        variants = tuple(filter(None, row["variants"].split("|")))
        kb.add(Actor(row["id"], row["canonical"], default, row["country"] or None, None, "PER", variants,
                     tuple(roles)))


def read_persons_compiled(kb: KB, path: Path) -> None:
    """persons_2015_2026.tsv (compiled from the office-holder YAML by scripts/build_actor_kb.py --curated).

    Each person replaces the generated person of the same id (keeping its variants) and the generated
    persons it ``supersedes`` (the same person under another PETRARCH spelling).
    """
    for row in _tsv_rows(path):
        roles = []
        for r in filter(None, row["roles"].split("|")):
            code, start, end, title = r.split(":", 3)
            roles.append(Role(code, start or None, end or None, title or None))
        actor = Actor(row["id"], row["canonical"], row["code"] or None, row["country"] or None, None, "PER",
                      tuple(filter(None, row["variants"].split("|"))), tuple(roles), row["gender"] or None,
                      int(row["born"]) if row["born"] else None)
        for old_id in filter(None, row["supersedes"].split("|")):
            old = _drop(kb, old_id)
            if old is not None:
                actor.variants += tuple(v for v in (old.canonical, *old.variants) if v not in actor.variants)
        _replace(kb, actor)


def _drop(kb: KB, actor_id: str) -> Actor | None:
    """Remove an actor and its names from the indexes; returns the removed actor."""
    old = kb.actors.pop(actor_id, None)
    if old is None:
        return None
    for index in (kb.names, kb.surnames):
        for form in (old.canonical, *old.variants, *(v.split()[-1] for v in (old.canonical, *old.variants))):
            ids = index.get(form)
            if ids and actor_id in ids:
                ids.remove(actor_id)
                if not ids:
                    del index[form]
    return old


def _replace(kb: KB, actor: Actor) -> None:
    """Add ``actor``, replacing an actor of the same id but keeping that one's name variants."""
    old = kb.actors.get(actor.id)
    if old is not None:
        _drop(kb, actor.id)
        forms = (*actor.variants, old.canonical, *old.variants)
        actor.variants = tuple(v for v in dict.fromkeys(forms) if v != actor.canonical)
    kb.add(actor)


def read_roles(kb: KB, path: Path) -> None:
    data = _yaml(path)
    for noun, spec in (data.get("roles") or {}).items():
        kb.roles[noun] = RoleNoun(noun, spec.get("sector", ""), spec.get("kind", "person"), spec.get("country"),
                                  spec.get("title"))
    for noun, sector in (data.get("compound_heads") or {}).items():
        kb.compound_heads[noun] = str(sector)


def read_coref(kb: KB, path: Path) -> None:
    data = _yaml(path)
    kb.pronouns = dict(data.get("pronouns", {}))
    kb.articles = frozenset(data.get("articles", []))
    kb.indefinite = frozenset(data.get("indefinite", []))
    kb.plural_articles = frozenset(data.get("plural_articles", []))
    kb.former = frozenset(data.get("former", []))
    kb.oblique = frozenset(data.get("oblique", []))
    kb.age_pattern = re.compile(data["age_pattern"]) if data.get("age_pattern") else None
    kb.sector_names = dict(data.get("sector_names", {}))
    kb.demonym_sector = data.get("demonym_sector") or None


def read_user_file(kb: KB, path: Path) -> None:
    """A user's own actors: YAML (``actors:`` list) or CSV (columns name,type,code,country,variants,…)."""
    if not path.is_file():
        raise KBFileError(f"actor file {path} not found; pass an existing .yaml or .csv file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data = _yaml(path)
        for k, o in enumerate(data.get("actors") or data.get("persons") or []):
            _replace(kb, person_from_dict(o, where=f"{path} entry {k + 1}"))
    elif suffix in (".csv", ".tsv"):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
            for k, row in enumerate(reader):
                _replace(kb, person_from_dict(dict(row), where=f"{path} row {k + 2}"))
    else:
        raise KBFileError(f"actor file {path}: use a .yaml, .yml, .csv or .tsv file (docs/actors.md)")


#: data files in load order; later files refine earlier ones (persons_2015_2026.tsv replaces generated persons)
def read_regions(kb: KB, path: Path) -> None:
    """Sub-state regions (regions.tsv; see lagebild.actors.actor_types)."""
    from .actor_types import read_regions as _read

    _read(kb, path)


STEPS = (
    ("coref.yaml", read_coref),
    ("countries.tsv", read_countries),
    ("regions.tsv", read_regions),
    ("orgs.yaml", read_orgs),
    ("metonyms.yaml", read_metonyms),
    ("roles.yaml", read_roles),
    ("persons.tsv", read_persons_tsv),
    ("persons_2015_2026.tsv", read_persons_compiled),
)


def build_kb(lang: str, extra: Sequence[Path], *, skip: Sequence[str] = ()) -> KB:
    """Read every data file for ``lang`` (missing optional files and ``skip`` are left out), then the user
    files ``extra``, whose entries replace built-in actors of the same id."""
    folder = kb_dir(lang)
    if not folder.is_dir():
        raise KBFileError(f"no actor data for language {lang!r}: create {folder} (see docs/actors.md)")
    kb = KB(lang=lang, version="")
    versions = []
    for fname, reader in STEPS:
        p = folder / fname
        if p.is_file() and fname not in skip:
            reader(kb, p)
            versions.append(f"{p.stem}={_version(p)}")
    for p in extra:
        read_user_file(kb, p)
    kb.version = ";".join(versions)
    return kb


def build_kb_without_curated(lang: str) -> KB:
    """The knowledge base without the compiled office holders (to check their names against the rest)."""
    return build_kb(lang, (), skip=("persons_2015_2026.tsv",))

