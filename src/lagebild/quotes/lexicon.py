"""The speech lexicon of one language, read from ``lang/<code>/speech/`` (data, not code).

``verbs.tsv`` lists verbs of saying, writing and thinking by infinitive (separable verbs as one word:
``ankündigen`` matches "kündigte … an"); ``frames.yaml`` holds the non-verbal frames ("laut X",
"X zufolge", "so X", "nach Angaben von X", "wie X mitteilte"), quote glyph pairs and function-word lists;
``roles.tsv`` lists role nouns used to resolve descriptions ("der Minister") to names; ``speakers.yaml``
(optional) the words speaker resolution needs (name titles, pronoun genders, abstract and organisation nouns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import PipelineError

LANG_DIR = Path(__file__).resolve().parents[1] / "lang"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Verbs and frames of reported speech for one language (immutable, cached per process)."""

    language: str
    verbs: dict[str, str]  # infinitive -> class (speech | writing | thought)
    frames: dict[str, Any]
    roles: tuple[str, ...]
    rule_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule -> (predicted, matched) on train
    speakers: dict[str, Any] = field(default_factory=dict)  # speakers.yaml: words for speaker resolution
    #: derived lookups (word lists as sets and suffix tuples, role per word), filled on first use
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def rule_confidence(self, rule: str, prior: float) -> float:
        """The precision of ``rule`` on the training data, shrunk towards the rule's own estimate ``prior``
        by ``PRIOR_WEIGHT`` pseudo-predictions (rare rules keep about their estimate)."""
        n, tp = self.rule_counts.get(rule, (0, 0))
        return round((tp + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT), 3)

    def words(self, key: str) -> frozenset[str]:
        """A list from ``frames.yaml`` as a lower-cased set (empty when the file lacks it)."""
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = frozenset(str(w).lower() for w in self.frames.get(key, []) or [])
        return hit

    def suffixes(self, key: str) -> tuple[str, ...]:
        """The same list as a tuple, for ``str.endswith``."""
        k = ("suffixes", key)
        hit = self._memo.get(k)
        if hit is None:
            hit = self._memo[k] = tuple(sorted(self.words(key)))
        return hit

    def speaker_words(self, key: str) -> frozenset[str]:
        """A list from ``speakers.yaml`` as a lower-cased set (empty when absent; built once per key)."""
        k = ("speakers", key)
        found = self._memo.get(k)
        if found is None:
            found = self._memo[k] = frozenset(str(w).lower() for w in self.speakers.get(key, []) or [])
        return found

    def is_speech_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.verbs

    def role_of(self, word: str) -> str | None:
        """The role noun ``word`` ends with ("Außenminister" -> "minister"), or None."""
        roles = self._memo.get("roles")
        if roles is None:
            roles = self._memo["roles"] = {}
        if word in roles:
            return roles[word]
        if len(roles) > _ROLE_CACHE_LIMIT:
            roles.clear()
        w = word.lower()
        found = next((r for r in self.roles if w.endswith(r)), None)
        roles[word] = found
        return found


#: words whose role lookup is kept per process before the memo starts over
_ROLE_CACHE_LIMIT = 200_000


def _tsv_column(path: Path) -> list[list[str]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append([c.strip() for c in line.split("\t")])
    return rows


@lru_cache(maxsize=4)
def load_lexicon(language: str = "de") -> Lexicon:
    """The speech lexicon for ``language`` from ``lang/<language>/speech/`` (cached)."""
    folder = LANG_DIR / language / "speech"
    needed = [folder / "verbs.tsv", folder / "frames.yaml", folder / "roles.tsv"]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise PipelineError(
            f"no speech lexicon for language {language!r}: create {', '.join(missing)} "
            f"(copy the layout of {LANG_DIR / 'de' / 'speech'})"
        )
    verbs: dict[str, str] = {}
    for row in _tsv_column(needed[0]):
        lemma = row[0].lower()
        if lemma.startswith("sich "):
            lemma = lemma[5:]
        if " " in lemma:  # multi-word phrase: keep the verb (last word)
            lemma = lemma.split()[-1]
        verbs.setdefault(lemma, row[1] if len(row) > 1 else "speech")
    with needed[1].open(encoding="utf-8") as f:
        frames = yaml.safe_load(f) or {}
    if not isinstance(frames, dict):
        raise PipelineError(f"{needed[1]} must hold a YAML mapping; fix the file")
    roles = tuple(sorted((r[0].lower() for r in _tsv_column(needed[2])), key=len, reverse=True))
    speakers: dict[str, Any] = {}
    if (folder / SPEAKERS).is_file():
        with (folder / SPEAKERS).open(encoding="utf-8") as f:
            speakers = yaml.safe_load(f) or {}
        if not isinstance(speakers, dict):
            raise PipelineError(f"{folder / SPEAKERS} must hold a YAML mapping; fix the file")
    return Lexicon(language=language, verbs=verbs, frames=frames, roles=roles,
                   rule_counts=load_rule_precision(folder / RULE_PRECISION), speakers=speakers)


#: words for speaker resolution (optional): name titles, pronoun genders, abstract and organisation nouns
SPEAKERS = "speakers.yaml"


#: per-rule precision on the training data, written by ``python -m lagebild.eval.quotes --by-rule --write-rules``
RULE_PRECISION = "rule_precision.tsv"
#: pseudo-predictions at the rule's own confidence estimate added to its train counts
PRIOR_WEIGHT = 5


def load_rule_precision(path: Path) -> dict[str, tuple[int, int]]:
    """``rule -> (predicted, matched)`` from a ``rule<TAB>predicted<TAB>matched<TAB>precision`` table (empty
    when the file is missing)."""
    if not path.is_file():
        return {}
    out = {}
    for row in _tsv_column(path):
        if row[0] == "rule":
            continue
        try:
            n, tp = int(row[1]), int(row[2])
        except (IndexError, ValueError) as e:
            raise PipelineError(f"{path}: bad row {row!r}; expected rule, predicted, matched, precision "
                                "(regenerate with python -m lagebild.eval.quotes --split train --by-rule --write-rules)") from e
        out[row[0]] = (n, tp)
    return out
