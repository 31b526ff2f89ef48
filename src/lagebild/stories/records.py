"""Story state pieces (members, stories) and the story record an analyst reads."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .features import cosine
from .pairs import Rep

KEY_ACTORS = 5
#: headline features that make a poor story title (a question, a quotation, a column's label)
_QUESTION = re.compile(r"\?\s*$")
_QUOTED = re.compile(r"^[\"„“»«']")
_LABEL = re.compile(r"^(?:kommentar|meinung|analyse|interview|kolumne|essay|leitartikel)\b", re.IGNORECASE)


def story_id(founding_article_id: str) -> str:
    """Content-addressed story id: ``s`` + hash of the founding article's id."""
    return "s" + hashlib.sha256(founding_article_id.encode("utf-8")).hexdigest()[:15]


def iso(ordinal: int | None) -> str | None:
    """ISO date of a day ordinal (0 or None: undated)."""
    return date.fromordinal(ordinal).isoformat() if ordinal else None


@dataclass(slots=True)
class Member:
    """What a story keeps of one of its articles: its representation, headline, lead sentence, and how
    it joined (``founded``, ``copy`` of an earlier article, or ``model`` with the probability, the member
    it matched best and the features that decided)."""

    rep: Rep
    title: str | None
    lead: str
    copy_of: str | None = None
    how: str = "founded"
    p: float | None = None
    matched: str | None = None
    top: list[tuple[str, float]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.rep.id

    @property
    def date(self) -> int:
        return self.rep.day

    @property
    def source(self) -> str | None:
        return self.rep.outlet

    def to_state(self) -> dict[str, Any]:
        return {"rep": self.rep.to_state(), "title": self.title, "lead": self.lead, "copy_of": self.copy_of,
                "how": self.how, "p": self.p, "matched": self.matched, "top": [list(t) for t in self.top]}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> Member:
        return cls(Rep.from_state(d["rep"]), d.get("title"), d.get("lead") or "", d.get("copy_of"),
                   d.get("how") or "founded", d.get("p"), d.get("matched"),
                   [(str(n), float(v)) for n, v in d.get("top") or []])

    def join(self) -> dict[str, Any]:
        """Why this article is in its story (the record's ``joins`` entry)."""
        out: dict[str, Any] = {"article_id": self.id, "how": self.how}
        if self.how == "copy":
            out["copy_of"] = self.copy_of
        elif self.how == "model":
            out.update({"probability": self.p, "matched": self.matched,
                        "top_features": [{"feature": n, "contribution": v} for n, v in self.top]})
        return out


@dataclass(slots=True)
class Story:
    id: str
    members: list[Member] = field(default_factory=list)
    first: int = 0
    last: int = 0

    def add(self, m: Member) -> None:
        if not self.members:
            self.first = self.last = m.date
        else:
            self.first = min(self.first, m.date)
            self.last = max(self.last, m.date)
        self.members.append(m)

    def title_member(self) -> Member:
        """The member whose headline best names the event: the headline and lead most like the other
        members' (centrality), among headlines that are not a question, a quotation, a column label, a live
        blog or a daily report when the story has a better one; ties: earliest, then smallest id."""
        def quality(m: Member) -> float:
            t = m.title or ""
            q = 1.0
            if not t or len(t.split()) < 3:
                q *= 0.5
            if m.rep.live or m.rep.daily:
                q *= 0.6
            if _QUESTION.search(t) or _QUOTED.search(t) or _LABEL.search(t):
                q *= 0.7
            return q

        if len(self.members) == 1:
            return self.members[0]
        scores = []
        for m in self.members:
            others = [o for o in self.members if o is not m]
            central = sum(cosine(m.rep.lead, o.rep.lead) + cosine(m.rep.title, o.rep.title) for o in others)
            scores.append((round(quality(m) * (0.05 + central / len(others)), 6), -m.date, _neg(m.id), m))
        return max(scores, key=lambda s: s[:3])[3]

    def record(self) -> dict[str, Any]:
        """The story record (docs/stories.md): title, summary, dates and days, articles, outlets,
        independent sources, key actors by name, copy groups, and why each article joined."""
        central = self.title_member()
        ids = {m.id for m in self.members}
        groups: dict[str, list[str]] = {}
        for m in self.members:
            if m.copy_of:
                groups.setdefault(m.copy_of, []).append(m.id)
        # independent sources: distinct outlets, each copy group counted once (as its original's outlet)
        outlet = {m.id: m.source or m.id for m in self.members}
        independent = {outlet[m.copy_of] if m.copy_of in ids else outlet[m.id] for m in self.members}
        # key actors: named by the most members, then most mentions
        in_members: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        for m in self.members:
            in_members.update(m.rep.names.keys())
            mentions.update(m.rep.names)
        actors = sorted(in_members, key=lambda a: (-in_members[a], -mentions[a], a))[:KEY_ACTORS]
        return {
            "id": self.id,
            "title": central.title or central.lead,
            "summary": central.lead,
            "first_date": iso(self.first),
            "last_date": iso(self.last),
            "days": sorted({iso(m.date) for m in self.members if m.date}),  # type: ignore[type-var]
            "article_ids": [m.id for m in self.members],
            "outlets": sorted({m.source for m in self.members if m.source}),
            "n_articles": len(self.members),
            "n_sources": len(independent),
            "key_actors": actors,
            "copy_groups": [{"original": o, "copies": sorted(c)} for o, c in sorted(groups.items())],
            "joins": [m.join() for m in self.members],
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
