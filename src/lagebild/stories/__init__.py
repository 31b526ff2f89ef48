"""Story clustering across outlets and days, with agency-copy groups (the cross-article step).

:class:`StoryClusterer` is fed batches of articles in any order; it sorts each batch into stream order,
finds edited copies (MinHash over word shingles), assigns every new article to a story inside a sliding
time window and returns the story records that changed. Its :meth:`~StoryClusterer.state` is the
window, saved between runs.
"""

from __future__ import annotations

from .cluster import StoryClusterer, day_ordinal
from .copies import CopyIndex, containment, signature
from .records import story_id

__all__ = ["CopyIndex", "StoryClusterer", "containment", "day_ordinal", "signature", "story_id"]
