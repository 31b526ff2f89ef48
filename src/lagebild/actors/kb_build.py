"""Validate the hand-written office-holder files and compile them for the loader.

Source: ``lang/<lang>/actors/persons_2015_2026*.yaml`` (one readable record per person, see
docs/actors.md). Target: ``persons_2015_2026.tsv`` (generated), one line per person with the name
variants the knowledge base matches (the written names, transliterations of ``latin`` spellings,
spellings without foreign diacritics), the roles as ``CODE:from:to:title`` and the PETRARCH-generated
ids the person replaces. The loader reads only the TSV (no YAML parsing at start-up);
``scripts/build_actor_kb.py --curated`` rebuilds it and ``--check`` fails when it is stale.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .kb import LAENDER_CODES, kb_dir, role_rank, slug
from .translit import load_transliterator

SOURCE_GLOB = "persons_2015_2026*.yaml"
COMPILED = "persons_2015_2026.tsv"
COLUMNS = ("id", "canonical", "country", "code", "gender", "born", "roles", "variants", "supersedes", "checked")

#: CAMEO/PLOVER sector codes (3 letters) a role code may chain after the country (RUSGOV, DEUGOVHLH);
#: PRM paramilitary (PLOVER: the Wagner group), INS insurgents (CAMEO, as orgs.yaml codes Hamas, Taliban)
SECTORS = frozenset(
    "GOV MIL LEG JUD OPP PTY ELI HLH SPY COP BUS MED EDU LAB REB CVL REL NGO ENV DEV AGR HRI REF PRM INS".split()
)
#: international organisations (CAMEO IGO codes) a role may name
IGO_CODES = frozenset(
    "IGO IGOUNO IGOWSTNAT IGOEUREEC IGOEUROSC IGOUNOWHO IGOWSTIMF IGOWSTWBK IGOUNOICC IGOUNOIAE IGOUNOWTO "
    "IGOEUR IGOWST IGOAFRAFU IGOARL IGOOPC IGOUNOICJ".split()
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://\S+$")
_PARTICLES = {"von", "van", "der", "de", "di", "da", "del", "la", "le", "du", "ter", "zu", "dos", "das", "al"}
# letters NFKD does not decompose, folded for the spelling-without-diacritics variant
_EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ø": "ö", "Ø": "Ö", "æ": "ae",
                             "Æ": "Ae", "œ": "oe", "ș": "s", "ț": "t", "Ș": "S", "Ț": "T"})


class CuratedError(ValueError):
    """A record in a persons_2015_2026*.yaml file is malformed; the message names file, record and fix."""


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def source_files(lang: str = "de") -> list[Path]:
    """The hand-written office-holder files for ``lang``, in name order."""
    return sorted(kb_dir(lang).glob(SOURCE_GLOB))


def _iso(value: Any) -> str | None:
    """YAML reads 2021-12-08 as a date and 2021 as an int; both become ISO text."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def period_end(date: str | None) -> str | None:
    """The last day a date of year or month precision covers: 2021 → 2021-12-31, 2021-02 → 2021-02-28.

    ``Role.active`` compares prefixes, so an end of "2021" would make 2021-06 inactive; an end known only
    to the year keeps the role active through that year.
    """
    if date is None or len(date) == 10:
        return date
    if len(date) == 4:
        return f"{date}-12-31"
    y, m = int(date[:4]), int(date[5:7])
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def read_records(paths: Iterable[Path]) -> list[tuple[str, dict[str, Any]]]:
    """(where, record) for every person in ``paths``; ``where`` is "file#index (id)"."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        except yaml.YAMLError as e:
            raise CuratedError(f"{path}: not valid YAML ({e}); fix the syntax") from e
        if not isinstance(data, dict) or not isinstance(data.get("persons"), list):
            raise CuratedError(f"{path}: expected 'version' and a 'persons' list at the top level")
        for k, rec in enumerate(data["persons"]):
            if not isinstance(rec, dict):
                raise CuratedError(f"{path.name}#{k + 1}: a person is a mapping (id, name, roles, …)")
            out.append((f"{path.name}#{k + 1} ({rec.get('id', '?')})", rec))
    return out


def valid_code(code: str, countries: frozenset[str]) -> bool:
    """CAMEO-style role code: IGO code, or country (+ Land letters for DEU) + 1–2 sector codes."""
    if code in IGO_CODES:
        return True
    country, rest = code[:3], code[3:]
    if country not in countries:
        return False
    if country == "DEU" and len(rest) in (2, 5, 8) and rest[:2] in LAENDER_CODES:
        rest = rest[2:]
        if not rest:
            return True  # the Land itself: DEUBY
    if not rest or len(rest) % 3 or len(rest) > 6:
        return False
    return all(rest[i : i + 3] in SECTORS for i in range(0, len(rest), 3))


def surname(name: str) -> str:
    """The surname as written in running text: "Ursula von der Leyen" → "von der Leyen"."""
    words = name.split()
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in _PARTICLES and i < len(words) - 1:
            return " ".join(words[i:])
    return words[-1]


def fold(name: str) -> str:
    """Spelling without foreign diacritics, keeping German umlauts: "Babiš" → "Babis", "Orbán" → "Orban"."""
    out = []
    for ch in name.translate(_EXTRA_FOLD):
        if ch in "äöüÄÖÜß":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def _names(rec: dict[str, Any]) -> list[str]:
    names = rec.get("names") or []
    return [str(n) for n in names] if isinstance(names, list) else []


def variants(rec: dict[str, Any]) -> list[str]:
    """Every surface form of a person the knowledge base indexes, the canonical name excluded."""
    name = str(rec["name"])
    country = str(rec.get("country") or "")
    tr = load_transliterator("de")
    forms = _names(rec)
    latin = [str(x) for x in rec.get("latin") or []]
    bare = surname(name) in forms  # the record lets the bare surname stand alone
    for en in latin:
        spellings = tr.name_variants(en, country=country) if tr.applies_to(country) else []
        forms.extend([*spellings, en])
        if bare:
            forms.extend(surname(s) for s in [*spellings, en])
    forms.extend([fold(f) for f in [name, *forms]])
    return [f for f in dict.fromkeys(forms) if f and f != name]


def validate(records: Sequence[tuple[str, dict[str, Any]]], *, countries: frozenset[str],
             reserved: dict[str, str] | None = None, stop: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem in the records: missing fields, bad dates or codes, clashing ids and names.

    ``reserved``: names already taken by other knowledge-base actors (countries, organisations, seats)
    → their id; a person may share one only when the record lists it under ``ambiguous``. ``stop``:
    words that may not stand alone as a name (common German words, given names, places).
    """
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    owners: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)  # form → [(id, where, marked)]
    for where, rec in records:
        def bad(msg: str, where: str = where) -> None:
            problems.append(Problem(where, msg))

        missing = [k for k in ("id", "name", "country", "roles", "checked") if not rec.get(k)]
        if missing:
            bad(f"missing {', '.join(missing)}; every person needs id, name, country, roles, checked")
            continue
        unknown = set(rec) - {"id", "name", "names", "latin", "gender", "born", "country", "code", "roles",
                              "checked", "ambiguous", "note"}
        if unknown:
            bad(f"unknown keys {sorted(unknown)}; see docs/actors.md for the record keys")
        aid, name = str(rec["id"]), str(rec["name"])
        if not aid.startswith("per:") or not re.fullmatch(r"per:[a-z0-9-]+", aid):
            bad(f"id {aid!r} must be 'per:' + an ASCII slug, e.g. per:{slug(name)}")
        if aid in seen:
            bad(f"id {aid} already used by {seen[aid]}; merge the two records")
        seen[aid] = where
        if rec.get("gender") not in (None, "m", "f"):
            bad(f"gender {rec['gender']!r}: use m, f or leave it out")
        born = rec.get("born")
        if born is not None and not (isinstance(born, int) and 1900 <= born <= 2010):
            bad(f"born {born!r}: a year between 1900 and 2010, or leave it out")
        if str(rec["country"]) not in countries:
            bad(f"country {rec['country']!r} is not a code in countries.tsv")
        checked = str(rec["checked"])
        if checked != "knowledge" and not _URL.match(checked):
            bad(f"checked {checked!r}: the URL of the page that confirmed the record, or 'knowledge'")
        if rec.get("code") and not valid_code(str(rec["code"]), countries):
            bad(f"code {rec['code']!r} is not a valid CAMEO-style code")
        _check_roles(rec, countries, bad)
        marked = set(rec.get("ambiguous") or [])
        for form in [name, *variants(rec)]:
            owners[form].append((aid, where, form in marked))
            if " " not in form and form in stop:
                bad(f"{form!r} may not stand alone as a name (persons_stoplist.yaml); drop it from names")
        for m in marked - {name, *variants(rec)}:
            bad(f"ambiguous lists {m!r}, which is not one of the person's names")
    for form, holders in owners.items():
        ids = {h[0] for h in holders}
        other = (reserved or {}).get(form)
        if len(ids) > 1 or other:
            for aid, where, marked in holders:
                if not marked:
                    clash = sorted(ids - {aid}) + ([other] if other else [])
                    problems.append(Problem(where, f"name {form!r} also names {', '.join(clash)}; add it to "
                                                   "'ambiguous' of every person sharing it, or drop it"))
    return problems


def _check_roles(rec: dict[str, Any], countries: frozenset[str], bad: Any) -> None:
    roles = rec["roles"]
    if not isinstance(roles, list):
        bad("roles must be a list of {code, title_de, from, to}")
        return
    for k, r in enumerate(roles, start=1):
        if not isinstance(r, dict) or not r.get("code") or not r.get("title_de") or r.get("from") is None:
            bad(f"role {k} needs code, title_de and from (to: empty while in office)")
            continue
        extra = set(r) - {"code", "title_de", "from", "to"}
        if extra:
            bad(f"role {k}: unknown keys {sorted(extra)}")
        code, title = str(r["code"]), str(r["title_de"])
        start, end = _iso(r.get("from")), _iso(r.get("to"))
        if not valid_code(code, countries):
            bad(f"role {k}: code {code!r} is not country(+Land)+sector (RUSGOV, DEUBYGOV) or an IGO code")
        if _deputy_title(title):
            bad(f"role {k}: title_de {title!r} ends in the office it deputises for, so a description of that "
                "office could resolve to the deputy; write 'Stellvertreter des Außenministers' instead")
        if any(c in title for c in ":|\t"):
            bad(f"role {k}: title_de may not contain ':', '|' or tabs")
        for label, d in (("from", start), ("to", end)):
            if d is not None and not _DATE.match(d):
                bad(f"role {k}: {label} {d!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
        if start and end and _DATE.match(start) and _DATE.match(end) and end < start[: len(end)]:
            bad(f"role {k}: ends ({end}) before it starts ({start})")
        if start and start > "2026-12-31":
            bad(f"role {k}: starts in the future ({start})")


_OFFICE_ENDINGS = ("minister", "ministerin", "präsident", "präsidentin", "kanzler", "kanzlerin", "chef", "chefin",
                   "sprecher", "sprecherin", "generalsekretär", "generalsekretärin", "premier", "vorsitzender",
                   "vorsitzende")
_OFFICES_OF_THEIR_OWN = {"vizepräsident", "vizepräsidentin", "vizekanzler", "vizekanzlerin"}


def _deputy_title(title: str) -> bool:
    """A deputy's title that ends in the office noun ("Vize-Außenminister", "stellvertretende Sprecherin")."""
    t = title.lower()
    if t in _OFFICES_OF_THEIR_OWN or not re.match(r"(erste[rn]? )?(vize|stellvertretend)", t):
        return False
    return t.split()[-1].rsplit("-", 1)[-1].endswith(_OFFICE_ENDINGS)


def default_code(rec: dict[str, Any]) -> str:
    """The code for undated text: the held (open-ended) office of highest rank, else the last office held."""
    if rec.get("code"):
        return str(rec["code"])
    roles = rec["roles"]
    open_roles = [r for r in roles if r.get("to") in (None, "")]
    pool = open_roles or [r for r in roles if period_end(_iso(r.get("to"))) == last_end(rec)]
    best = max(pool, key=lambda r: (role_rank(str(r["code"])), _iso(r["from"]) or ""))
    return str(best["code"])


def last_end(rec: dict[str, Any]) -> str | None:
    """The day the person's last role ended; None while a role is held."""
    ends = [period_end(_iso(r.get("to"))) for r in rec["roles"]]
    return None if any(e is None for e in ends) else max(e for e in ends if e)


def former_role(rec: dict[str, Any]) -> str:
    """The implicit role after the last office ended: country + ELI (PLOVER: former officials), untitled,
    so dated text after the end codes the person as a former office holder ("" while a role is held)."""
    end = last_end(rec)
    if not end:
        return ""
    return f"{rec['country']}ELI:{(dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat()}::"


def generated_names(path: Path) -> dict[str, list[str]]:
    """Full name (canonical or variant) → ids in the PETRARCH-generated persons.tsv."""
    out: dict[str, list[str]] = defaultdict(list)
    if not path.is_file():
        return out
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        for n in [row["canonical"], *filter(None, row["variants"].split("|"))]:
            if " " in n:
                out[n].append(row["id"])
                out[fold(n)].append(row["id"])
    return out


def compile_rows(records: Sequence[tuple[str, dict[str, Any]]], generated: dict[str, list[str]]) -> list[list[str]]:
    """One TSV row per person (sorted by id); see COLUMNS."""
    rows = []
    for _, rec in records:
        aid = str(rec["id"])
        names = [str(rec["name"]), *variants(rec)]
        supersedes = sorted({g for n in names if " " in n for g in generated.get(n, []) if g != aid})
        roles = "|".join(
            [f"{r['code']}:{_iso(r['from']) or ''}:{period_end(_iso(r.get('to'))) or ''}:{r['title_de']}"
             for r in rec["roles"]] + ([former_role(rec)] if former_role(rec) else [])
        )
        rows.append([aid, str(rec["name"]), str(rec["country"]), default_code(rec), str(rec.get("gender") or ""),
                     str(rec.get("born") or ""), roles, "|".join(names[1:]), "|".join(supersedes),
                     str(rec["checked"])])
    return sorted(rows)


def render(rows: Sequence[Sequence[str]], sources: Sequence[Path]) -> str:
    """The TSV text; its version is the source format's plus a digest of the rows (changes with the data)."""
    body = ["\t".join(r) for r in rows]
    digest = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()[:10]
    header = [
        f"# version: 1.{digest}",
        "# generated by scripts/build_actor_kb.py --curated from "
        + ", ".join(p.name for p in sources) + "; do not edit by hand: edit the YAML and rebuild",
        "# roles: CODE:from:to:title|…  variants, supersedes (PETRARCH ids this person replaces): |-separated",
        "\t".join(COLUMNS),
    ]
    return "\n".join(header + body) + "\n"


def reserved_names(lang: str = "de") -> dict[str, str]:
    """Names of the non-person actors (countries, organisations, seats) → id, for clash checks."""
    from .kb_files import build_kb_without_curated

    kb = build_kb_without_curated(lang)
    return {n: ids[0] for n, ids in kb.names.items() if any(not i.startswith("per:") for i in ids)}


def stoplist(lang: str = "de") -> frozenset[str]:
    path = kb_dir(lang) / "persons_stoplist.yaml"
    if not path.is_file():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w) for w in data.get("words", []))


def countries(lang: str = "de") -> frozenset[str]:
    path = kb_dir(lang) / "countries.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return frozenset(row["code"] for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def build(lang: str = "de") -> tuple[str, list[Problem], int]:
    """(compiled TSV text, problems, number of persons) from the source files of ``lang``."""
    sources = source_files(lang)
    records = read_records(sources)
    problems = validate(records, countries=countries(lang), reserved=reserved_names(lang), stop=stoplist(lang))
    if problems:
        return "", problems, len(records)
    rows = compile_rows(records, generated_names(kb_dir(lang) / "persons.tsv"))
    return render(rows, sources), [], len(rows)
