"""Language identification with lingua, restricted to a few languages to keep memory small."""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Article
from ..pipeline import Stage

#: languages the detector chooses between (ISO 639-1); more languages cost memory and time
DEFAULT_LANGUAGES: tuple[str, ...] = ("de", "en", "fr", "es", "it", "nl", "pl", "ru", "tr")
UNDETERMINED = "und"


class LanguageId(Stage):
    """Sets ``Article.language`` (ISO 639-1, or ``und``) and ``language_confidence``.

    A language the reader already set is kept. Texts with fewer than ``min_letters`` letters are
    ``und``; only the first ``max_chars`` characters are looked at.
    """

    name: ClassVar[str] = "language"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("language",)
    languages: ClassVar[tuple[str, ...] | None] = None

    def __init__(
        self, *, candidates: tuple[str, ...] = DEFAULT_LANGUAGES, min_letters: int = 20, max_chars: int = 2000
    ) -> None:
        self.candidates = tuple(candidates)
        self.min_letters = min_letters
        self.max_chars = max_chars
        self._detector: Any = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_detector"] = None
        return state

    def _load(self) -> Any:
        if self._detector is None:
            from lingua import IsoCode639_1, LanguageDetectorBuilder

            codes = []
            for c in self.candidates:
                code = getattr(IsoCode639_1, c.upper(), None)
                if code is None:
                    raise ValueError(f"unknown ISO 639-1 code {c!r} in LanguageId(candidates=...); use e.g. 'de'")
                codes.append(code)
            self._detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
        return self._detector

    def detect(self, text: str) -> tuple[str, float]:
        """``(ISO 639-1 code or 'und', confidence)`` of ``text``."""
        sample = text[: self.max_chars]
        if sum(ch.isalpha() for ch in sample) < self.min_letters:
            return UNDETERMINED, 0.0
        values = self._load().compute_language_confidence_values(sample)
        if not values:
            return UNDETERMINED, 0.0
        best = values[0]
        return best.language.iso_code_639_1.name.lower(), round(float(best.value), 4)

    def __call__(self, article: Article) -> Article:
        if article.language and article.language != UNDETERMINED:
            if article.language_confidence is None:
                article.language_confidence = 1.0
            return article
        article.language, article.language_confidence = self.detect(article.text)
        return article
