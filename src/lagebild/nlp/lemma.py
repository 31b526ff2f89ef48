"""POS-aware lemmas from simplemma: verbs to the infinitive, nouns to nominative singular."""

from __future__ import annotations

from collections.abc import Sequence

from .lang import load


class Lemmatizer:
    """Lemmas for tagged words; language data from ``lang/<language>/nlp.yaml``."""

    def __init__(self, *, language: str = "de") -> None:
        self.language = language
        data = load(language, "nlp")
        self.identity = frozenset(data.get("lemma_identity_tags", []))
        self.lower = frozenset(data.get("lemma_lower_tags", []))
        self.exceptions: dict[str, dict[str, str]] = dict(data.get("lemma_exceptions", {}))
        self._cache: dict[tuple[str, str], str] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"language": self.language, "identity": self.identity, "lower": self.lower,
                "exceptions": self.exceptions, "_cache": {}}

    def lemma(self, word: str, tag: str) -> str:
        """The lemma of ``word`` tagged ``tag`` (STTS)."""
        key = (word, tag)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if len(self._cache) > 300_000:
            self._cache.clear()
        hit = self._compute(word, tag)
        self._cache[key] = hit
        return hit

    def _compute(self, word: str, tag: str) -> str:
        if tag in self.identity or tag.startswith("$") or not any(c.isalpha() for c in word):
            return word
        if tag == "NE":
            return word
        fixed = self.exceptions.get(tag, {}).get(word.lower())
        if fixed is not None:
            return fixed
        from simplemma import lemmatize

        if tag == "NN" or tag == "TRUNC":
            lem = lemmatize(word, lang=self.language)
            return lem[:1].upper() + lem[1:] if word[:1].isupper() else lem
        lem = lemmatize(word.lower() if word[:1].isupper() else word, lang=self.language)
        if tag in self.lower or tag.startswith(("V", "ADJ")):
            return lem.lower()
        return lem

    def lemmas(self, words: Sequence[str], tags: Sequence[str]) -> list[str]:
        """Lemmas of a tagged sentence."""
        return [self.lemma(w, t) for w, t in zip(words, tags)]
