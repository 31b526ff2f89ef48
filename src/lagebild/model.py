"""The one document model: an :class:`Article` and the annotation records that point into its text.

Every annotation is a character-offset span into ``Article.text`` (the cleaned body). Records never
copy the text they cover; use :meth:`Article.span_text` to read it. All records are slots dataclasses
so that articles pickle cheaply (process pools, Ray) and serialise to the JSONL output contract with
:meth:`Article.to_dict`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Token:
    start: int
    end: int
    pos: str = ""  # STTS tag (e.g. NN, NE, VVFIN, $.)
    lemma: str = ""
    sent: int = 0  # index into Article.sentences
    space_after: bool = True
    head: int = -1  # index into Article.tokens of the syntactic head; -1 for the root (or unparsed)
    rel: str = ""  # UD dependency relation to the head ("root" for the root; "" when unparsed)
    feats: str = ""  # UD morphological features, e.g. "Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"


#: the values of ``Entity.actor_type`` that are actors (shown in actor lists, networks, event and
#: speaker slots); ``place`` and ``other`` are entities that are no actors
ACTOR_TYPES: frozenset[str] = frozenset({"person", "organisation", "state", "substate", "armed"})
ENTITY_TYPES: tuple[str, ...] = ("person", "organisation", "state", "substate", "armed", "place", "other")


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    actor_id: str | None = None
    actor_code: str | None = None
    canonical: str | None = None
    source: str = ""  # which component found it: ner | kb | coref | rule
    confidence: float = 1.0
    #: what the mention stands for (set by the actors stage, else None): person | organisation | state |
    #: substate | armed (the actors, ACTOR_TYPES) or place | other (not actors); see docs/actors.md
    actor_type: str | None = None


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    kind: Literal["direct", "indirect"]
    speaker: str | None = None  # canonical name of the speaking actor
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    addressee: str | None = None  # medium or addressee ("via Interfax")
    speaker_actor_id: str | None = None
    confidence: float = 1.0
    rule: str | None = None  # the extraction rule that found it ("direct/frame-after", "indirect/laut", …)


@dataclass(slots=True)
class Event:
    type: str  # PLOVER event type
    start: int  # trigger span
    end: int
    sentence_start: int
    sentence_end: int
    mode: str | None = None
    source: str | None = None  # actor id
    source_code: str | None = None
    source_text: str | None = None
    target: str | None = None
    target_code: str | None = None
    target_text: str | None = None
    date: str | None = None  # ISO date at its granularity: YYYY-MM-DD | YYYY-MM | YYYY
    date_granularity: str | None = None
    date_text: str | None = None
    location: str | None = None
    location_source: str | None = None  # sentence | dateline
    negated: bool = False
    modality: str = "asserted"  # asserted | future | intended | hypothetical | demanded | suspected
    claimant: str | None = None  # speaker when the event is stated inside a quotation
    confidence: float = 1.0  # calibrated probability that the type is right (docs/events.md)
    #: what the event was read from: {"trigger": [s, e], "source": [s, e] | None, "target": [s, e] | None,
    #: "rule": true when the rule coder coded it too}
    evidence: dict[str, Any] = field(default_factory=dict)
    shown: bool = True  # confidence at or above the coder's default threshold and an identified actor


@dataclass(slots=True)
class Related:
    title: str
    url: str | None = None
    teaser: str | None = None


def normalise_text(text: str) -> str:
    """NFC-normalise and unify line ends; the form ids are computed on."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def content_id(*, source: str | None, title: str | None, text: str) -> str:
    """Content-addressed article id: the same outlet, title and text give the same id everywhere."""
    h = hashlib.sha256()
    for part in (source or "", title or "", text):
        h.update(normalise_text(part).strip().encode("utf-8"))
        h.update(b"\x1f")
    return "a" + h.hexdigest()[:15]


@dataclass(slots=True)
class Article:
    text: str
    id: str = ""
    external_id: str | None = None
    path: str | None = None
    record: int | None = None  # line / record number inside `path` (1-based) for provenance
    source: str | None = None  # outlet
    url: str | None = None
    title: str | None = None
    teaser: str | None = None
    dateline: str | None = None
    published: str | None = None  # YYYY-MM-DD | YYYY-MM | YYYY
    published_precision: Precision | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    language: str | None = None
    language_confidence: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # annotations (character offsets into `text`)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    story: str | None = None
    copy_of: str | None = None  # id of the likely original when this is an agency copy
    done: list[str] = field(default_factory=list)  # names of the stages that ran

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)
        if not self.id:
            self.id = content_id(source=self.source, title=self.title, text=self.text)

    # ----------------------------------------------------------------- helpers
    def span_text(self, start: int | None, end: int | None) -> str:
        if start is None or end is None:
            return ""
        return self.text[start:end]

    def sentence_tokens(self, i: int) -> list[Token]:
        return [t for t in self.tokens if t.sent == i]

    def sentence_of(self, offset: int) -> int | None:
        for i, s in enumerate(self.sentences):
            if s.start <= offset < s.end:
                return i
        return None

    def token_text(self, tok: Token) -> str:
        return self.text[tok.start : tok.end]

    # ---------------------------------------------------------- output contract
    def to_dict(self, *, tokens: bool = False) -> dict[str, Any]:
        """The `analyze --format jsonl` record (docs/formats.md)."""
        d: dict[str, Any] = {
            "id": self.id,
            "external_id": self.external_id,
            "path": self.path,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "teaser": self.teaser,
            "dateline": self.dateline,
            "authors": list(self.authors),
            "published": self.published,
            "published_precision": self.published_precision,
            "language": self.language,
            "text": self.text,
            "tags": list(self.tags),
            "related": [asdict(r) for r in self.related],
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [
                {"text": self.span_text(e.start, e.end), **asdict(e)} for e in self.entities
            ],
            "quotes": [_quote_dict(self, q) for q in self.quotes],
            "events": [_event_dict(self, e) for e in self.events],
            "story": self.story,
            "copy_of": self.copy_of,
        }
        if tokens:
            d["tokens"] = [[t.start, t.end, t.pos, t.lemma, t.head, t.rel, t.feats] for t in self.tokens]
        return d


def _quote_dict(a: Article, q: Quote) -> dict[str, Any]:
    d = {"text": a.span_text(q.start, q.end), **asdict(q)}
    d["speaker_text"] = a.span_text(q.speaker_start, q.speaker_end) or None
    return d


def _event_dict(a: Article, e: Event) -> dict[str, Any]:
    d = asdict(e)
    d["trigger"] = a.span_text(e.start, e.end)
    return d


@dataclass(slots=True)
class Rejection:
    """An input that could not become an article. Counted and reported, never silent."""

    path: str
    reason: str  # short machine-readable reason, e.g. "binary", "empty", "bad-json"
    message: str  # one line: what is wrong and what to do
    record: int | None = None  # line or record number inside the file (1-based)

    def where(self) -> str:
        return f"{self.path}:{self.record}" if self.record is not None else self.path
