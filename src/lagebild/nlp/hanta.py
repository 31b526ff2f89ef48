"""HanTa (Hanover Tagger) as a POS + lemma engine: accurate, about 7k tokens/s per core."""

from __future__ import annotations

from typing import Any

from .lang import load, plain_quotes, quote_glyphs


class HantaEngine:
    """Tag token strings with HanTa; tags converted to STTS. Loaded lazily, once per instance."""

    def __init__(self, *, language: str = "de") -> None:
        self.language = language
        self._tagger: Any = None
        data = load(language, "nlp")
        self._map: dict[str, str] = dict(data.get("hanta_tags", {}))
        self._quotes = quote_glyphs(language)

    def __getstate__(self) -> dict[str, Any]:
        return {"language": self.language, "_tagger": None, "_map": self._map, "_quotes": self._quotes}

    def _load(self) -> Any:
        if self._tagger is None:
            from HanTa import HanoverTagger

            self._tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        return self._tagger

    def stts(self, tag: str) -> str:
        """HanTa's tag name in STTS (``VA(FIN)`` -> ``VAFIN``, ``NNA`` -> ``NN``)."""
        mapped = self._map.get(tag)
        if mapped is not None:
            return mapped
        if tag[:1].isalpha():
            return tag.replace("(", "").replace(")", "")
        return tag

    def tag(self, words: list[str]) -> list[tuple[str, str]]:
        """``(STTS tag, lemma)`` for each word of one sentence."""
        if not words:
            return []
        tagger = self._load()
        mapped = plain_quotes(list(words), self._quotes)
        out = tagger.tag_sent(mapped, taglevel=1)
        return [(self.stts(tag), lemma) for _w, lemma, tag in out]
