"""Story state pieces (members, stories) and the story record built from them."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from .embed import decode_state, encode_state
from .features import cosine

KEY_ACTORS = 5


def story_id(founding_article_id: str) -> str:
    """Content-addressed story id: ``s`` + hash of the founding article's id."""
    return "s" + hashlib.sha256(founding_article_id.encode("utf-8")).hexdigest()[:15]


def iso(ordinal: int | None) -> str | None:
    """ISO date of a day ordinal (0 or None: undated)."""
    return date.fromordinal(ordinal).isoformat() if ordinal else None


@dataclass(slots=True)
class Member:
    """What a story keeps of one of its articles."""

    id: str
    date: int  # day ordinal, 0 when undated
    source: str | None
    title: str | None
    lead: str
    vec: dict[str, float]
    names: dict[str, int]
    copy_of: str | None = None
    emb: np.ndarray | None = None  # quantised headline+lead embedding (only with embed_weight > 0)

    def to_state(self) -> list[Any]:
        emb = encode_state(self.emb) if self.emb is not None else None
        return [self.id, self.date, self.source, self.title, self.lead, self.vec, self.names, self.copy_of, emb]

    @classmethod
    def from_state(cls, row: list[Any]) -> Member:
        emb = decode_state(row[8]) if len(row) > 8 and row[8] else None
        return cls(row[0], int(row[1]), row[2], row[3], row[4], dict(row[5]), dict(row[6]), row[7], emb)


@dataclass(slots=True)
class Story:
    id: str
    members: list[Member] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member vectors
    first: int = 0
    last: int = 0
    emb_sum: np.ndarray | None = None  # sum of member embeddings (members that have one)
    _norm: float | None = None

    def add(self, m: Member) -> None:
        """Add a member and fold its vector into the centroid."""
        if not self.members:
            self.first = self.last = m.date
        else:
            self.first = min(self.first, m.date)
            self.last = max(self.last, m.date)
        self.members.append(m)
        for t, v in m.vec.items():
            self.centroid[t] = self.centroid.get(t, 0.0) + v
        if m.emb is not None:
            self.emb_sum = m.emb.copy() if self.emb_sum is None else self.emb_sum + m.emb
        self._norm = None

    def emb_similarity(self, emb: np.ndarray) -> float:
        """Cosine between an embedding and the members' mean embedding (0 when there is none)."""
        if self.emb_sum is None:
            return 0.0
        norm = float(np.linalg.norm(self.emb_sum)) or 1.0
        return float(emb @ self.emb_sum) / norm / (float(np.linalg.norm(emb)) or 1.0)

    @property
    def norm(self) -> float:
        if self._norm is None:
            self._norm = math.sqrt(sum(v * v for v in self.centroid.values())) or 1.0
        return self._norm

    def similarity(self, vec: dict[str, float]) -> float:
        """Cosine between a unit vector and the centroid."""
        return cosine(vec, self.centroid) / self.norm

    def record(self) -> dict[str, Any]:
        """The story record: id, title, summary, dates, articles, outlets, sources, actors, copies."""
        central = max(self.members, key=lambda m: (round(self.similarity(m.vec), 6), -m.date, _neg(m.id)))
        ids = {m.id for m in self.members}
        groups: dict[str, list[str]] = {}
        for m in self.members:
            if m.copy_of:
                groups.setdefault(m.copy_of, []).append(m.id)
        # independent sources: distinct outlets, each copy group counted once (as its original's outlet)
        outlet = {m.id: m.source or m.id for m in self.members}
        independent = {outlet[m.copy_of] if m.copy_of in ids else outlet[m.id] for m in self.members}
        actors: Counter[str] = Counter()
        for m in self.members:
            actors.update(m.names)
        return {
            "id": self.id,
            "title": central.title or central.lead,
            "summary": central.lead,
            "first_date": iso(self.first),
            "last_date": iso(self.last),
            "article_ids": [m.id for m in self.members],
            "outlets": sorted({m.source for m in self.members if m.source}),
            "n_articles": len(self.members),
            "n_sources": len(independent),
            "key_actors": [a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_ACTORS]],
            "copy_groups": [{"original": o, "copies": sorted(c)} for o, c in sorted(groups.items())],
        }

    def to_state(self) -> dict[str, Any]:
        return {"id": self.id, "members": [m.to_state() for m in self.members]}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> Story:
        s = cls(str(d["id"]))
        for row in d["members"]:
            s.add(Member.from_state(row))
        return s


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that orders strings descending inside a max() (smallest id wins ties)."""
    return tuple(-ord(c) for c in text)
