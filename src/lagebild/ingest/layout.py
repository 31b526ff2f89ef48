"""Layout vocabulary for the readers, loaded from ``lagebild/lang/<lang>/ingest/layout.yaml`` (and the
dateline place list ``dateline_places.txt`` beside it).

Readers do not know an article's language before reading it, so by default the vocabularies of all
language folders that have an ``ingest/layout.yaml`` are merged (a German caption marker and an English
one both work). Adding a language is adding a folder; no code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import LagebildError

LANG_DIR = Path(__file__).resolve().parents[1] / "lang"


@dataclass(frozen=True, slots=True)
class Layout:
    """Merged layout vocabulary with the regular expressions built from it."""

    languages: tuple[str, ...]
    months: dict[str, int]
    caption_markers: tuple[str, ...]
    caption_starts: tuple[str, ...]
    byline_words: tuple[str, ...]
    author_joiners: tuple[str, ...]
    sections: dict[str, str]
    outlets: dict[str, str]  # lower-case word in a file name or dateline → outlet
    place_connectors: frozenset[str]
    not_place: frozenset[str]
    places: frozenset[str]  # dateline places, lower case
    hyphen_continuations: frozenset[str]
    open_words: frozenset[str]  # lower case
    wrap_words: frozenset[str]  # lower case
    date_header: re.Pattern[str]
    caption: re.Pattern[str]
    author_split: re.Pattern[str]
    byline_prefix: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _load_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise LagebildError(f"{path}: cannot load the reader layout vocabulary ({e}); fix or remove the file") from e
    if not isinstance(data, dict):
        raise LagebildError(f"{path}: expected a mapping of layout fields; see lang/de/ingest/layout.yaml")
    return data


@lru_cache(maxsize=8)
def load_layout(languages: tuple[str, ...] | None = None) -> Layout:
    """The merged vocabulary of `languages` (default: every language folder that has one)."""
    if languages is None:
        files = sorted(LANG_DIR.glob("*/ingest/layout.yaml"))
    else:
        files = [LANG_DIR / lang / "ingest" / "layout.yaml" for lang in languages]
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not files:
        raise LagebildError(f"reader layout vocabulary not found ({', '.join(missing) or LANG_DIR}); "
                            "reinstall lagebild or add lang/<lang>/ingest/layout.yaml")
    merged: dict[str, list[str]] = {k: [] for k in
                                    ("date_header", "caption_markers", "caption_starts", "byline_words",
                                     "author_joiners", "place_connectors", "not_place",
                                     "hyphen_continuations", "open_words", "wrap_words")}
    months: dict[str, int] = {}
    sections: dict[str, str] = {}
    outlets: dict[str, str] = {}
    places: set[str] = set()
    for f in files:
        plist = f.with_name("dateline_places.txt")
        if plist.is_file():
            places.update(ln.strip().lower() for ln in plist.read_text(encoding="utf-8").splitlines()
                          if ln.strip() and not ln.lstrip().startswith("#"))
        data = _load_file(f)
        for key, acc in merged.items():
            acc.extend(str(x) for x in data.get(key) or [] if str(x) not in acc)
        months.update({str(k).lower(): int(v) for k, v in (data.get("months") or {}).items()})
        sections.update({str(k).upper(): str(v) for k, v in (data.get("sections") or {}).items()})
        outlets.update({str(k).lower(): str(v) for k, v in (data.get("outlets") or {}).items()})
    joiners = _alt(merged["author_joiners"])
    return Layout(
        languages=tuple(f.parent.parent.name for f in files),
        months=months,
        caption_markers=tuple(merged["caption_markers"]),
        caption_starts=tuple(merged["caption_starts"]),
        byline_words=tuple(merged["byline_words"]),
        author_joiners=tuple(merged["author_joiners"]),
        sections=sections,
        outlets=outlets,
        place_connectors=frozenset(merged["place_connectors"]),
        not_place=frozenset(merged["not_place"]),
        places=frozenset(places),
        hyphen_continuations=frozenset(merged["hyphen_continuations"]),
        open_words=frozenset(w.lower() for w in merged["open_words"]),
        wrap_words=frozenset(w.lower() for w in merged["wrap_words"]),
        date_header=re.compile(
            rf"^\s*(?:{_alt(merged['date_header'])})\s*:?\s+(\d{{4}}(?:-\d{{1,2}}(?:-\d{{1,2}})?)?)\b\s*", re.I),
        caption=re.compile(rf"(?:{_alt(merged['caption_markers'])})", re.I),
        author_split=re.compile(rf"\s*(?:[,;]|\s(?:{joiners})\s)\s*", re.I),
        byline_prefix=re.compile(rf"^(?:{_alt(merged['byline_words'])})\s+", re.I),
    )
