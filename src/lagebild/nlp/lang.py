"""Loading of per-language base-NLP data (``lagebild/lang/<code>/nlp.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import PipelineError

LANG_DIR = Path(__file__).resolve().parents[1] / "lang"


@lru_cache(maxsize=8)
def load(language: str, name: str) -> dict[str, Any]:
    """The YAML file ``lang/<language>/<name>.yaml`` as a dict (cached, read-only by convention)."""
    path = LANG_DIR / language / f"{name}.yaml"
    if not path.is_file():
        raise PipelineError(
            f"no {name!r} data for language {language!r}: create {path} (see lang/de/{name}.yaml)"
        )
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    if not isinstance(data, dict):
        raise PipelineError(f"{path} must hold a YAML mapping at the top level; fix the file")
    return data


def quote_glyphs(language: str) -> frozenset[str]:
    """Typographic quotation marks of ``language`` (mapped to ``"`` before tagging)."""
    return frozenset(load(language, "nlp").get("quote_glyphs", []))


def plain_quotes(words: list[str], glyphs: frozenset[str]) -> list[str]:
    """``words`` with every token made only of quote glyphs replaced by ``"``."""
    return ['"' if w and all(c in glyphs for c in w) else w for w in words]
