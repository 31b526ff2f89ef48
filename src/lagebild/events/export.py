"""Exports of merged events: PLOVER JSON Lines and a GDELT-like TSV with CAMEO root codes.

The PLOVER↔CAMEO table is read from the PLOVER repository's ``CAMEO2PLOVER-2021.txt`` (in the shared data
folder, ``cameo_plover_petrarch/plover``); each PLOVER type gets the CAMEO root code that contributes most
of its CAMEO codes, and Goldstein scores come from GDELT's ``CAMEO.goldsteinscale.txt`` when present.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError

DEFAULT_CAMEO_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cameo_plover_petrarch"

#: GDELT's event columns that apply, then lagebild's own (PLOVER type and mode, story, confidence, and
#: the actors' ids for joins with the other exports)
GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE DateGranularity Actor1Code Actor1Name Actor2Code Actor2Name IsNegated EventCode "
    "EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles "
    "ActionGeo_FullName PloverType PloverMode Story Confidence Actor1Id Actor2Id"
).split()


@lru_cache(maxsize=2)
def cameo_roots(cameo_dir: Path = DEFAULT_CAMEO_DIR) -> dict[str, str]:
    """PLOVER type → CAMEO root code (two digits) from the CAMEO2PLOVER table."""
    path = cameo_dir / "plover" / "CAMEO2PLOVER-2021.txt"
    if not path.is_file():
        raise InputError(f"{path} not found: pass cameo_dir= the folder holding plover/CAMEO2PLOVER-2021.txt")
    counts: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if m:
            counts.setdefault(m.group(2), Counter())[m.group(1)[:2]] += 1
    return {t: c.most_common(1)[0][0] for t, c in counts.items()}


@lru_cache(maxsize=2)
def goldstein(cameo_dir: Path = DEFAULT_CAMEO_DIR) -> dict[str, float]:
    """CAMEO code → Goldstein score (empty when the GDELT lookup is absent)."""
    path = cameo_dir / "gdelt_cameo_lookups" / "CAMEO.goldsteinscale.txt"
    if not path.is_file():
        return {}
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, _, score = line.partition("\t")
        try:
            out[code.strip()] = float(score)
        except ValueError:
            continue
    return out


def _quad(root: str) -> int:
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


def _actors(name: str | None, code: str | None, actor_id: str | None) -> list[dict[str, Any]]:
    """A PLOVER actor list: the actor's name as ``actorText``, its CAMEO-style ``code``, and lagebild's id."""
    if not (name or code or actor_id):
        return []
    return [{"actorText": name or code, "code": code, "actorId": actor_id}]


def _name(e: dict[str, Any], side: str) -> str | None:
    """An event side's readable name (``source_name``), else its code; never the internal id."""
    return e.get(f"{side}_name") or e.get(f"{side}_code")


def to_plover_jsonl(events: Iterable[dict[str, Any]], fh: TextIO) -> int:
    """Write merged events as PLOVER records (one JSON object per line); returns the count. Events carry
    ``source_name``/``target_name`` (see :func:`lagebild.queries.listing`)."""
    n = 0
    for e in events:
        mentions = e.get("mentions") or []
        rec = {
            "id": e["id"],
            "date": e.get("date"),
            "dateGranularity": e.get("date_granularity"),
            "source": _actors(_name(e, "source"), e.get("source_code"), e.get("source")),
            "target": _actors(_name(e, "target"), e.get("target_code"), e.get("target")),
            "event": e["type"],
            "mode": e.get("mode") or "",
            "negated": bool(e.get("negated")),
            "eventText": mentions[0].get("trigger", "") if mentions else "",
            "eventLoc": e.get("location"),
            "story": e.get("story"),
            "numArticles": e.get("num_articles"),
            "numSources": e.get("num_sources"),
            "confidence": e.get("confidence"),
            "mentions": mentions,
            "language": "de",
            "coder": "lagebild",
        }
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def to_gdelt_tsv(events: Iterable[dict[str, Any]], fh: TextIO, *, cameo_dir: Path = DEFAULT_CAMEO_DIR) -> int:
    """Write merged events as a GDELT-like tab-separated table with a header; returns the row count."""
    roots = cameo_roots(cameo_dir)
    scores = goldstein(cameo_dir)
    fh.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for e in events:
        root = roots.get(e["type"], "")
        date = (e.get("date") or "").split("T")[0].replace("-", "")
        row = [
            e["id"], date, e.get("date_granularity") or "", e.get("source_code") or "", _name(e, "source") or "",
            e.get("target_code") or "", _name(e, "target") or "", "1" if e.get("negated") else "0",
            root + "0" if root else "", root + "0" if root else "", root, str(_quad(root)) if root else "",
            str(scores.get(root, "")), str(len(e.get("mentions") or [])), str(e.get("num_sources", "")),
            str(e.get("num_articles", "")), e.get("location") or "", e["type"], e.get("mode") or "",
            e.get("story") or "", "" if e.get("confidence") is None else f"{e['confidence']:.3f}",
            e.get("source") or "", e.get("target") or "",
        ]
        fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) + "\n")
        n += 1
    return n
