"""Transliteration of English romanisations of Cyrillic names into German spelling.

The rules live in ``lang/<lang>/actors/translit.yaml``: ordered string rules with optional context
(previous/next source character), applied left to right, longest match first, on lower case; the case
of each word's first letter is restored. Given names and irregular surnames come from lexicons in the
same file. ``Lavrov → Lawrow``, ``Medvedev → Medwedew``, ``Zelensky → Selenskyj``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).resolve().parents[1] / "lang"
_MAX_VARIANTS = 8


@dataclass(frozen=True, slots=True)
class Rule:
    source: str
    target: str
    before: str | None = None
    after: str | None = None
    alt: tuple[str, ...] = ()

    def applies(self, word: str, i: int) -> bool:
        """Whether the rule matches ``word`` at position ``i`` (lower-case word)."""
        if not word.startswith(self.source, i):
            return False
        return _context_ok(self.before, word, i + len(self.source), end=True) and _context_ok(
            self.after, word, i - 1, end=False
        )


def _context_ok(pattern: str | None, word: str, j: int, *, end: bool) -> bool:
    if pattern is None:
        return True
    if pattern == "$":
        return j >= len(word)
    if pattern == "^":
        return j < 0
    if j < 0 or j >= len(word):
        return False
    return re.fullmatch(pattern, word[j]) is not None


@dataclass(slots=True)
class Transliterator:
    """German spellings for romanised names; build with :func:`load_transliterator`."""

    rules: list[Rule]
    country_rules: dict[str, list[Rule]] = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    given_alternatives: dict[str, list[str]] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()

    def applies_to(self, country: str | None) -> bool:
        """Whether names of people from ``country`` (ISO3/CAMEO) are transliterated."""
        return country is not None and country[:3] in self.countries

    def word_variants(self, word: str, *, country: str | None = None, given: bool = False) -> list[str]:
        """German spellings of one name word, the preferred one first."""
        if given and word in self.given_names:
            best = self.given_names[word]
            return [best, *self.given_alternatives.get(best, [])]
        if given and word in self.given_alternatives:
            return [word, *self.given_alternatives[word]]
        if word in self.surnames:
            return [self.surnames[word]]
        if "-" in word:
            parts = [self.word_variants(p, country=country, given=given) for p in word.split("-")]
            return ["-".join(c) for c in itertools.islice(itertools.product(*parts), _MAX_VARIANTS)]
        rules = self.country_rules.get((country or "")[:3], []) + self.rules
        low = word.lower()
        pieces: list[list[str]] = []
        i = 0
        while i < len(low):
            best: Rule | None = None
            for r in rules:
                if (best is None or len(r.source) > len(best.source)) and r.applies(low, i):
                    best = r
            if best is None:
                pieces.append([low[i]])
                i += 1
            else:
                pieces.append([best.target, *best.alt])
                i += len(best.source)
        out: list[str] = []
        for combo in itertools.islice(itertools.product(*pieces), _MAX_VARIANTS):
            v = "".join(combo)
            v = v[:1].upper() + v[1:] if word[:1].isupper() else v
            if v not in out:
                out.append(v)
        if given and len(out) > 1 and out[0].endswith("y") and out[1].endswith("i"):
            out[0], out[1] = out[1], out[0]
        return out

    def name_variants(self, name: str, *, country: str | None = None) -> list[str]:
        """German spellings of a full name ("Sergey Lavrov" → ["Sergej Lawrow", …]), preferred first."""
        words = name.split()
        if not words:
            return []
        options = [
            self.word_variants(w, country=country, given=(k < len(words) - 1)) for k, w in enumerate(words)
        ]
        out: list[str] = []
        for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS):
            v = " ".join(combo)
            if v not in out:
                out.append(v)
        return out

    def transliterate(self, name: str, *, country: str | None = None) -> str:
        """The preferred German spelling of ``name``."""
        variants = self.name_variants(name, country=country)
        return variants[0] if variants else name


def _rules(items: list[dict[str, Any]], path: Path) -> list[Rule]:
    out = []
    for k, it in enumerate(items):
        if "from" not in it or "to" not in it:
            raise ValueError(f"{path}: rule {k + 1} needs 'from' and 'to' keys, got {it!r}")
        out.append(
            Rule(
                source=str(it["from"]),
                target=str(it["to"]),
                before=it.get("before"),
                after=it.get("after"),
                alt=tuple(str(a) for a in it.get("alt", ())),
            )
        )
    return out


@lru_cache(maxsize=4)
def load_transliterator(lang: str = "de") -> Transliterator:
    """Load the rules for target language ``lang`` from ``lang/<lang>/actors/translit.yaml``."""
    path = LANG_DIR / lang / "actors" / "translit.yaml"
    if not path.is_file():
        raise FileNotFoundError(
            f"no transliteration rules at {path}; create lang/{lang}/actors/translit.yaml "
            "(see lang/de/actors/translit.yaml for the format)"
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Transliterator(
        rules=_rules(data.get("rules", []), path),
        country_rules={c: _rules(r, path) for c, r in (data.get("country_rules") or {}).items()},
        given_names={str(k): str(v) for k, v in (data.get("given_names") or {}).items()},
        surnames={str(k): str(v) for k, v in (data.get("surnames") or {}).items()},
        given_alternatives={str(k): [str(x) for x in v] for k, v in (data.get("given_alternatives") or {}).items()},
        countries=frozenset(data.get("countries", [])),
    )
