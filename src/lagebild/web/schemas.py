"""API schemas: what clients see, separate from the storage rows."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    data: list[T]
    count: int = Field(description="rows matching the filters (before paging)")
    hidden: int = Field(0, description="further rows that match but fall below the confidence floor "
                                       "(quotes, events); min_confidence=0 shows them")
    offset: int
    limit: int
    filters: dict[str, Any] = Field(default_factory=dict, description="the filters applied")


class ArticleSummary(BaseModel):
    id: str
    external_id: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    story: str | None = None
    copy_of: str | None = None
    n_quotes: int = 0
    n_events: int = 0


class ArticlePublic(ArticleSummary):
    model_config = ConfigDict(extra="allow")
    text: str
    teaser: str | None = None
    dateline: str | None = None
    authors: list[str] = []
    tags: list[str] = []
    sentences: list[list[int]] = []
    entities: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []


class StoryPublic(BaseModel):
    id: str
    title: str | None = None
    summary: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    n_articles: int = 0
    n_sources: int = 0
    outlets: list[str] = []
    key_actors: list[Any] = []


class ActorPublic(BaseModel):
    id: str
    canonical: str | None = None
    code: str | None = None
    label: str | None = None
    kind: str | None = Field(None, description="person, organisation, state, substate, armed, place or other")
    mentions: int = 0
    articles: int = 0
    variants: list[str] = []


class QuotePublic(BaseModel):
    article_id: str
    idx: int
    kind: str
    text: str
    speaker: str | None = None
    speaker_name: str | None = Field(None, description="who said it, as a reader sees it")
    speaker_actor_id: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    addressee: str | None = None
    confidence: float | None = None
    rule: str | None = None
    source: str | None = None
    published: str | None = None
    title: str | None = None
    story: str | None = None
    start: int
    end: int


class EventPublic(BaseModel):
    id: str
    story: str | None = None
    type: str
    mode: str | None = None
    source: str | None = Field(None, description="actor id (for joins)")
    source_code: str | None = None
    source_name: str | None = Field(None, description="the source actor's name")
    target: str | None = Field(None, description="actor id (for joins)")
    target_code: str | None = None
    target_name: str | None = Field(None, description="the target actor's name")
    date: str | None = None
    date_granularity: str | None = None
    location: str | None = None
    negated: bool | None = None
    modality: str | None = None
    num_articles: int = 0
    num_sources: int = 0
    confidence: float | None = None


class ArticleIn(BaseModel):
    """One article to analyse and store (POST /api/articles)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=40)
    authors: list[str] = Field(default_factory=list, max_length=50)
    tags: list[str] = Field(default_factory=list, max_length=200)
    id: str | None = Field(default=None, max_length=200, description="your own id (stored as external_id)")


class IngestResult(BaseModel):
    stored: int
    known: int
    ids: list[str]
