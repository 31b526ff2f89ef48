"""The FastAPI application: `create_app(settings, store)` builds the REST API and the pages."""

from __future__ import annotations

import hmac
import logging
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Settings
from ..store import Store
from . import queries as qy
from .highlight import highlight_article
from .limits import BodyLimit
from .schemas import (
    ActorPublic, ArticleIn, ArticlePublic, ArticleSummary, EventPublic, IngestResult, Page, QuotePublic,
    StoryPublic,
)

log = logging.getLogger(__name__)
WEB = Path(str(files("lagebild") / "web"))
MAX_LIMIT = 500


def _filters(
    date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD", max_length=10)] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor id or canonical name")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type / quote kind")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text contains")] = None,
    story: Annotated[str | None, Query(max_length=64)] = None,
) -> qy.Filters:
    return qy.Filters(date_from, date_to, actor, outlet, type, q, story)


Paging = tuple[int, int]


def _paging(offset: Annotated[int, Query(ge=0)] = 0,
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50) -> Paging:
    return offset, limit


def _page(rows: list[dict], count: int, p: Paging) -> dict:
    return {"data": rows, "count": count, "offset": p[0], "limit": p[1]}


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app over an open store. Settings and store are passed in, never read from globals."""
    app = FastAPI(title="lagebild", version=__version__,
                  description="Stories, actors, quotations and PLOVER events from German news, with provenance.")
    app.state.settings = settings
    app.state.store = store
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.autoescape = True
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)  # also bodies sent without a length

    # ------------------------------------------------------------ protection
    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_request_bytes:
            return JSONResponse({"detail": f"request body over {settings.max_request_bytes} bytes; send smaller batches"},
                                status_code=413)
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - never send a stack trace to the client
            log.exception("unhandled error on %s", request.url.path)
            return JSONResponse({"detail": "internal error; the server log has the details"}, status_code=500)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"detail": "invalid request: see errors", "errors": errors}, status_code=422)

    def st() -> Store:
        return app.state.store

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        token = settings.api_token
        if not token:
            raise HTTPException(403, "writing is disabled: start the server with --token TOKEN to enable it")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'")

    # ------------------------------------------------------------------- API
    @app.get("/api/stats")
    def api_stats() -> dict:
        return st().stats()

    @app.get("/api/articles", response_model=Page[ArticleSummary])
    def api_articles(f: Annotated[qy.Filters, Depends(_filters)], p: Annotated[Paging, Depends(_paging)]) -> dict:
        return _page(*qy.list_articles(st(), f, offset=p[0], limit=p[1]), p)

    @app.get("/api/articles/{article_id}", response_model=ArticlePublic)
    def api_article(article_id: str) -> dict:
        a = qy.get_article(st(), article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id}")
        return a

    @app.post("/api/articles", response_model=IngestResult, dependencies=[Depends(require_token)])
    def api_post_articles(payload: ArticleIn | list[ArticleIn]) -> dict:
        from ..ingest.common import normalise_date
        from ..model import Article
        from ..run import analyze_articles

        items = payload if isinstance(payload, list) else [payload]
        if len(items) > 1000:
            raise HTTPException(413, "at most 1000 articles per request")
        arts = []
        for it in items:
            published, precision = normalise_date(it.published)
            arts.append(Article(text=it.text, title=it.title, source=it.source, url=it.url, external_id=it.id,
                                published=published, published_precision=precision, authors=list(it.authors),
                                tags=list(it.tags), path="api"))
        ingest = getattr(app.state, "ingest", None)
        if ingest is not None:  # the server's ingest thread does every write (lagebild.service)
            result = ingest.submit_articles(arts, timeout=600)
            return {"stored": result["n_new"], "known": result["n_known"], "ids": [a.id for a in arts]}
        report = analyze_articles(arts, settings=settings.with_(jobs=1), db=st())
        return {"stored": report.n_new, "known": report.n_known, "ids": [a.id for a in arts]}

    @app.get("/api/stories", response_model=Page[StoryPublic])
    def api_stories(f: Annotated[qy.Filters, Depends(_filters)], p: Annotated[Paging, Depends(_paging)]) -> dict:
        return _page(*qy.list_stories(st(), f, offset=p[0], limit=p[1]), p)

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict:
        s = qy.get_story(st(), story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id}")
        return s

    @app.get("/api/actors", response_model=Page[ActorPublic])
    def api_actors(f: Annotated[qy.Filters, Depends(_filters)], p: Annotated[Paging, Depends(_paging)]) -> dict:
        return _page(*qy.list_actors(st(), f, offset=p[0], limit=p[1]), p)

    @app.get("/api/actors/{actor_id:path}")
    def api_actor(actor_id: str) -> dict:
        a = qy.get_actor(st(), actor_id)
        if a is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return a

    @app.get("/api/quotes", response_model=Page[QuotePublic])
    def api_quotes(f: Annotated[qy.Filters, Depends(_filters)], p: Annotated[Paging, Depends(_paging)]) -> dict:
        return _page(*qy.list_quotes(st(), f, offset=p[0], limit=p[1]), p)

    @app.get("/api/events", response_model=Page[EventPublic])
    def api_events(f: Annotated[qy.Filters, Depends(_filters)], p: Annotated[Paging, Depends(_paging)]) -> dict:
        return _page(*qy.list_events(st(), f, offset=p[0], limit=p[1]), p)

    @app.get("/api/search")
    def api_search(q: Annotated[str, Query(min_length=2, max_length=200)]) -> dict:
        return qy.search(st(), q)

    @app.get("/api/network")
    def api_network(actor: Annotated[str, Query(max_length=200)]) -> dict:
        return qy.ego_network(st(), actor)

    @app.get("/api/export/{what}.{fmt}")
    def api_export(what: str, fmt: str) -> Response:
        from ..export import export_bytes

        if what not in ("articles", "quotes", "events", "network") or fmt not in (
                "csv", "jsonl", "parquet", "graphml", "plover", "gdelt"):
            raise HTTPException(404, "exports: /api/export/{articles|quotes|events}.{csv|jsonl|parquet}, "
                                     "/api/export/events.{plover|gdelt}, /api/export/network.{graphml|csv}")
        try:
            data, media = export_bytes(st(), what, fmt)
        except ValueError as e:
            raise HTTPException(400, str(e)) from e
        ext = {"plover": "jsonl", "gdelt": "tsv"}.get(fmt, fmt)
        return Response(data, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="lagebild-{what}.{ext}"'})

    # ----------------------------------------------------------------- pages
    def page(request: Request, name: str, *, status: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"version": __version__, **ctx}, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def page_overview(request: Request) -> HTMLResponse:
        return page(request, "overview.html", o=qy.overview(st()))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def page_story(request: Request, story_id: str) -> HTMLResponse:
        s = qy.get_story(st(), story_id)
        if s is None:
            return page(request, "missing.html", status=404, what="story", ident=story_id)
        return page(request, "story.html", s=s)

    @app.get("/actors/{actor_id:path}", response_class=HTMLResponse)
    def page_actor(request: Request, actor_id: str) -> HTMLResponse:
        a = qy.get_actor(st(), actor_id)
        if a is None:
            return page(request, "missing.html", status=404, what="actor", ident=actor_id)
        return page(request, "actor.html", a=a)

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def page_article(request: Request, article_id: str) -> HTMLResponse:
        arts = st().load_articles([article_id])
        if not arts:
            return page(request, "missing.html", status=404, what="article", ident=article_id)
        return page(request, "article.html", a=arts[0], body=highlight_article(arts[0]))

    @app.get("/search", response_class=HTMLResponse)
    def page_search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        res = qy.search(st(), q) if len(q.strip()) >= 2 else None
        return page(request, "search.html", q=q, res=res)

    return app
