"""PLOVER event coding for German news: patterns, context, dates, places and cross-article merging."""

from __future__ import annotations

from .dates import find_date_expressions, resolve
from .export import to_gdelt_tsv, to_plover_jsonl
from .merge import merge_events, refine_article_dates
from .stage import EventStage

__all__ = ["EventStage", "find_date_expressions", "merge_events", "refine_article_dates", "resolve", "to_gdelt_tsv", "to_plover_jsonl"]
