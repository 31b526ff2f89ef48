"""Build the person files of the actor knowledge base (lang/de/actors/).

1. ``persons.tsv`` from the PETRARCH-2 person dictionary (German name variants), and
2. ``persons_2015_2026.tsv`` from the hand-written office holders ``persons_2015_2026*.yaml``
   (validated first: dates, codes, ids, names clashing across persons; see lagebild.actors.kb_build).

Reads ``Phoenix.Countries.actors.txt`` (English, CAMEO codes with date-bounded roles such as
``[RUSGOV >20040309]``), keeps persons (entries marked ``# CountryInfo.txt``) whose roles reach
``--since`` or later, transliterates names of people from Cyrillic-script countries with
``lang/de/actors/translit.yaml`` (Sergey Lavrov → Sergej Lawrow) and keeps the English spellings as
variants. Deterministic: the same input gives the same file.

    python scripts/build_actor_kb.py [--petrarch ../shared/data/cameo_plover_petrarch/petrarch2_dictionaries]
    python scripts/build_actor_kb.py --curated     # only step 2
    python scripts/build_actor_kb.py --check       # validate; exit 1 when persons_2015_2026.tsv is stale
    python scripts/build_actor_kb.py --time-load 7 # median knowledge-base load time over 7 fresh processes
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lagebild.actors import kb_build
from lagebild.actors.kb import kb_dir, slug
from lagebild.actors.translit import load_transliterator

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO.parent / "shared" / "data" / "cameo_plover_petrarch" / "petrarch2_dictionaries"
#: words that make a PETRARCH alias a title phrase, not a name
TITLE_WORDS = {
    "PRESIDENT", "PRIME", "MINISTER", "CHANCELLOR", "KANZLER", "BUNDESKANZLER", "FOREIGN", "AMBASSADOR",
    "GENERAL", "SECRETARY", "SECRETARY-GENERAL", "KING", "QUEEN", "PRINCE", "SHEIKH", "SHEIK", "EMIR",
    "SENATOR", "GOVERNOR", "MAYOR", "DR.", "DOCTOR", "MR.", "MRS.", "MS.", "VICE", "VICE-PRESIDENT",
    "DEPUTY", "DEFENSE", "DEFENCE", "INTERIOR", "FINANCE", "LEADER", "CHAIRMAN", "SPEAKER", "RUSSIAN",
    "AMERICAN", "GERMAN", "FRENCH", "BRITISH", "CHINESE", "U.S.", "US", "PM", "COLONEL", "ADMIRAL",
}
CODE_LINE = re.compile(r"\[([A-Z]{3,})\s*([^\]]*)\]")


@dataclass
class Entry:
    headers: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    default: str | None = None


def parse_date(s: str) -> str | None:
    """PETRARCH YYMMDD or YYYYMMDD → YYYY-MM-DD; None when malformed."""
    s = s.strip()
    if len(s) == 6 and s.isdigit():
        yy = int(s[:2])
        s = f"{1900 + yy if yy > 30 else 2000 + yy}{s[2:]}"
    if len(s) != 8 or not s.isdigit():
        return None
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def parse_role(code: str, rng: str) -> tuple[str, str | None, str | None] | None:
    rng = rng.split("#")[0].strip()
    if not rng:
        return None
    if rng.startswith(">"):
        return code, parse_date(rng[1:]), None
    if rng.startswith("<"):
        return code, None, parse_date(rng[1:])
    if "-" in rng:
        a, b = rng.split("-", 1)
        return code, parse_date(a), parse_date(b)
    return None


def read_entries(path: Path) -> list[Entry]:
    """Person blocks: header lines marked CountryInfo, '+' aliases, then indented code lines."""
    entries: list[Entry] = []
    cur: Entry | None = None
    in_codes = False
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line[0] in " \t":
            if cur is not None:
                for m in CODE_LINE.finditer(line):
                    role = parse_role(m.group(1), m.group(2))
                    if role:
                        cur.roles.append(role)
                    elif not m.group(2).split("#")[0].strip():
                        cur.default = m.group(1)
                in_codes = True
            continue
        if line.startswith("+"):
            if cur is not None and not in_codes:
                cur.aliases.append(line[1:].split("#")[0].strip())
            continue
        if "# CountryInfo.txt" in line:
            if cur is None or in_codes:
                cur = Entry()
                entries.append(cur)
                in_codes = False
            cur.headers.append(line.split("#")[0].strip())
        else:
            cur, in_codes = None, False
    return entries


def pretty(name: str) -> str:
    """SERGEY_V._LAVROV_ → Sergey V. Lavrov."""
    words = [w for w in name.strip("_ ").split("_") if w]
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def is_name(alias: str) -> bool:
    words = alias.strip("_ ").split("_")
    return len(words) >= 2 and not any(w in TITLE_WORDS for w in words)


def convert(entries: list[Entry], *, since: str) -> list[list[str]]:
    tr = load_transliterator("de")
    rows: dict[str, list[str]] = {}
    for e in entries:
        if not e.roles or not any((r[2] or "9999") >= since for r in e.roles):
            continue
        code = e.default or e.roles[-1][0]
        country = code[:3]
        names = [pretty(h) for h in e.headers if is_name(h)] + [pretty(a) for a in e.aliases if is_name(a)]
        if not names:
            continue  # single-word entries ("ALBERT_") are too ambiguous in running text
        german: list[str] = []
        for n in names:
            german.extend(tr.name_variants(n, country=country) if tr.applies_to(country) else [n])
        canonical = german[0]
        variants = list(dict.fromkeys(v for v in german[1:] + names if v != canonical))
        roles = "|".join(f"{c}:{s or ''}:{t or ''}" for c, s, t in e.roles)
        aid = f"per:{slug(canonical)}"
        if aid in rows:  # the same person listed twice: merge variants
            old = rows[aid]
            old[5] = "|".join(dict.fromkeys(old[5].split("|") + variants))
            continue
        rows[aid] = [aid, canonical, country, code, roles, "|".join(variants)]
    return sorted(rows.values())


def build_curated(lang: str, *, check: bool) -> int:
    """Validate the office-holder YAML; write (or, with ``check``, compare) persons_2015_2026.tsv."""
    text, problems, n = kb_build.build(lang)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems in {n} persons; fix them and rebuild", file=sys.stderr)
        return 1
    out = kb_dir(lang) / kb_build.COMPILED
    if check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"error: {out} is stale; run python scripts/build_actor_kb.py --curated", file=sys.stderr)
            return 1
        print(f"{n} persons valid, {out.name} current")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {n} persons to {out}")
    return 0


_LOAD = (
    "import time; t = time.perf_counter(); from lagebild.actors.kb import load_kb; kb = load_kb('{lang}'); "
    "print(time.perf_counter() - t, len(kb.actors))"
)


def time_load(lang: str, runs: int, src_dirs: list[Path]) -> int:
    """Median seconds to import and load the knowledge base in a fresh process, per source folder; the
    folders take turns run by run, so load on the machine affects them alike."""
    times: dict[Path, list[float]] = {src: [] for src in src_dirs}
    sizes: dict[Path, str] = {}
    for _ in range(runs):
        for src in src_dirs:
            out = subprocess.run([sys.executable, "-c", _LOAD.format(lang=lang)], env={"PYTHONPATH": str(src)},
                                 capture_output=True, text=True, check=True).stdout.split()
            times[src].append(float(out[0]))
            sizes[src] = out[1]
    for src, ts in times.items():
        print(f"{src}: median {statistics.median(ts):.3f} s over {runs} runs "
              f"(min {min(ts):.3f}, max {max(ts):.3f}), {sizes[src]} actors")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--petrarch", type=Path, default=DEFAULT_SRC, help="petrarch2_dictionaries folder")
    ap.add_argument("--since", default="2005-01-01", help="keep persons with a role ending on/after this")
    ap.add_argument("--out", type=Path, default=kb_dir("de") / "persons.tsv")
    ap.add_argument("--curated", action="store_true", help="only compile persons_2015_2026*.yaml")
    ap.add_argument("--check", action="store_true", help="validate the YAML; fail when the compiled file is stale")
    ap.add_argument("--time-load", type=int, metavar="RUNS", help="median knowledge-base load time, fresh processes")
    ap.add_argument("--baseline-src", type=Path, action="append", default=[],
                    help="with --time-load: also time the 'src' folder of another checkout (repeatable)")
    args = ap.parse_args(argv)
    if args.time_load:
        return time_load("de", args.time_load, [*args.baseline_src, REPO / "src"])
    if args.check or args.curated:
        return build_curated("de", check=args.check)
    rc = build_petrarch(args)
    return rc or build_curated("de", check=False)


def build_petrarch(args: argparse.Namespace) -> int:
    src = args.petrarch / "Phoenix.Countries.actors.txt"
    if not src.is_file():
        print(f"error: {src} not found; pass --petrarch <folder with Phoenix.Countries.actors.txt>",
              file=sys.stderr)
        return 2
    rows = convert(read_entries(src), since=args.since)
    header = [
        "# version: 1",
        f"# generated by scripts/build_actor_kb.py from PETRARCH-2 {src.name} (MIT, Open Event Data"
        " Alliance); do not edit by hand: put corrections in persons_2015_2026*.yaml",
        "# roles: CODE:start:end|…  variants: |-separated",
        "id\tcanonical\tcountry\tcode\troles\tvariants",
    ]
    args.out.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} persons to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
