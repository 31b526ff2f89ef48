"""The FastAPI application: `create_app(settings, store)` builds the REST API and the pages."""

from __future__ import annotations

import hmac
import logging
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Settings
from ..queries import Filters, Paging, QueryError, listing, make_filters, make_paging
from ..queries.network import make_network_options
from ..queries.params import text_param
from ..store import Store
from . import queries as qy
from .apidocs import operations
from .format import install_filters
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
    date_from: Annotated[str | None, Query(alias="from", description="first day: YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="last day (inclusive): YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    actor: Annotated[str | None, Query(description="actor id (per:…, gpe:…) or name")] = None,
    outlet: Annotated[str | None, Query(description="outlet, e.g. zeit.de")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type (events, articles, stories), "
                                                  "direct|indirect (quotes), actor kind (actors)")] = None,
    q: Annotated[str | None, Query(description="words the text (or name) contains")] = None,
    story: Annotated[str | None, Query(description="story id")] = None,
    min_confidence: Annotated[str | None, Query(description="0–1; facts below are hidden (default: the store's "
                                                            "display flag, else 0.5; 0 shows all)")] = None,
) -> Filters:
    return make_filters(date_from=date_from, date_to=date_to, actor=actor, outlet=outlet, type=type, q=q,
                        story=story, min_confidence=min_confidence)


FilterDep = Annotated[Filters, Depends(_filters)]


def _paging(kind: str) -> Any:
    def dep(offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="rows to skip")] = 0,
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")] = 50,
            sort: Annotated[str | None, Query(description="sort key; a leading '-' sorts descending")] = None) -> Paging:
        return make_paging(kind, offset=offset, limit=limit, sort=sort, max_limit=MAX_LIMIT)

    return dep


def _page(lst: Any, p: Paging) -> dict:
    return {"data": lst.rows, "count": lst.total, "hidden": lst.hidden, "offset": p.offset, "limit": p.limit,
            "filters": lst.params}


def _ident(value: str, what: str) -> str:
    """A path id: control characters and overlong values are refused with 422."""
    return text_param(value, param=what, max_len=300) or ""


def _show_all(request: Request) -> float | None:
    """The pages' confidence toggle: ``?alle=1`` shows the facts below the floor too."""
    return 0.0 if request.query_params.get("alle") in ("1", "ja", "true") else None


def _int_arg(request: Request, name: str, default: int, hi: int = 100_000) -> int:
    try:
        n = int(request.query_params.get(name, default))
    except ValueError:
        return default
    return min(max(n, 1), hi)


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app over an open store. Settings and store are passed in, never read from globals."""
    app = FastAPI(title="lagebild", version=__version__, docs_url=None, redoc_url=None,
                  description="Stories, actors, quotations and PLOVER events from German news, with provenance.")
    app.state.settings = settings
    app.state.store = store
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.autoescape = True
    install_filters(templates.env)
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
            response = JSONResponse({"detail": "internal error; the server log has the details"}, status_code=500)
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
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"][1:]) or "request"
        return JSONResponse({"detail": f"invalid request: {where}: {first['msg']}", "errors": errors}, status_code=422)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "errors": [{"loc": ["query", exc.param], "msg": exc.reason}]},
                            status_code=422)

    def st() -> Store:
        return app.state.store

    def require_token(request: Request) -> None:
        token = settings.api_token
        if not token:
            raise HTTPException(403, "writing is disabled: start the server with --token TOKEN to enable it")
        scheme, _, given = (request.headers.get("authorization") or "").strip().partition(" ")
        given = given.strip()
        ok = scheme.lower() == "bearer" and bool(given) and hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), token.encode("utf-8"))
        if not ok:
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})

    # ------------------------------------------------------------------- API
    @app.get("/api/stats", summary="Counts of what the store holds")
    def api_stats() -> dict:
        return st().stats()

    @app.get("/api/articles", response_model=Page[ArticleSummary], summary="Articles under the filters")
    def api_articles(f: FilterDep, p: Annotated[Paging, Depends(_paging("articles"))]) -> dict:
        return _page(listing(st(), "articles", f, p), p)

    @app.get("/api/articles/{article_id}", response_model=ArticlePublic, summary="One article with its annotations, names beside ids")
    def api_article(article_id: str) -> dict:
        a = qy.get_article(st(), _ident(article_id, "article_id"))
        if a is None:
            raise HTTPException(404, f"no article {article_id}")
        return a

    @app.post("/api/articles", response_model=IngestResult, dependencies=[Depends(require_token)],
              summary="Analyse and store articles (needs the token)")
    def api_post_articles(payload: ArticleIn | list[ArticleIn]) -> dict:
        from ..ingest.common import normalise_date
        from ..model import Article
        from ..run import analyze_articles

        items = payload if isinstance(payload, list) else [payload]
        if len(items) > 1000:
            raise HTTPException(413, "at most 1000 articles per request")
        arts = []
        for i, it in enumerate(items):
            published, precision = normalise_date(it.published)
            if it.published and published is None:
                raise QueryError(f"body[{i}].published", f"{it.published!r} is not a date; write YYYY-MM-DD")
            arts.append(Article(text=it.text, title=it.title, source=it.source, url=it.url, external_id=it.id,
                                published=published, published_precision=precision, authors=list(it.authors),
                                tags=list(it.tags), path="api"))
        ingest = getattr(app.state, "ingest", None)
        if ingest is not None:  # the server's ingest thread does every write (lagebild.service)
            result = ingest.submit_articles(arts, timeout=600)
            return {"stored": result["n_new"], "known": result["n_known"], "ids": [a.id for a in arts]}
        report = analyze_articles(arts, settings=settings.with_(jobs=1), db=st())
        return {"stored": report.n_new, "known": report.n_known, "ids": [a.id for a in arts]}

    @app.get("/api/stories", response_model=Page[StoryPublic], summary="Stories under the filters")
    def api_stories(f: FilterDep, p: Annotated[Paging, Depends(_paging("stories"))]) -> dict:
        return _page(listing(st(), "stories", f, p), p)

    @app.get("/api/stories/{story_id}", summary="One story: articles, timeline, paged events, quotations")
    def api_story(story_id: str, f: FilterDep, p: Annotated[Paging, Depends(_paging("events"))]) -> dict:
        s = qy.get_story(st(), _ident(story_id, "story_id"), min_confidence=f.min_confidence, events=p)
        if s is None:
            raise HTTPException(404, f"no story {story_id}")
        return qy.story_api(s)

    @app.get("/api/actors", response_model=Page[ActorPublic], summary="Actors under the filters")
    def api_actors(f: FilterDep, p: Annotated[Paging, Depends(_paging("actors"))]) -> dict:
        return _page(listing(st(), "actors", f, p), p)

    @app.get("/api/actors/{actor_id:path}", summary="One actor: quotations, events, stories, network")
    def api_actor(actor_id: str, f: FilterDep) -> dict:
        a = qy.get_actor(st(), _ident(actor_id, "actor_id"), min_confidence=f.min_confidence)
        if a is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return qy.actor_api(a)

    @app.get("/api/quotes", response_model=Page[QuotePublic], summary="Quotations under the filters")
    def api_quotes(f: FilterDep, p: Annotated[Paging, Depends(_paging("quotes"))]) -> dict:
        return _page(listing(st(), "quotes", f, p), p)

    @app.get("/api/events", response_model=Page[EventPublic], summary="Merged events under the filters")
    def api_events(f: FilterDep, p: Annotated[Paging, Depends(_paging("events"))]) -> dict:
        return _page(listing(st(), "events", f, p), p)

    @app.get("/api/search", summary="Articles, quotations and actors matching words")
    def api_search(q: Annotated[str, Query(min_length=2, max_length=200)]) -> dict:
        return qy.search(st(), make_filters(q=q).q or "")

    @app.get("/api/network", summary="The actors one actor interacts with most")
    def api_network(actor: Annotated[str, Query(max_length=300, description="actor id or name")], f: FilterDep,
                    relation: Annotated[str | None, Query(description="events,quotes,stories")] = None,
                    kind: Annotated[str | None, Query(description="actor kinds, comma-separated, or all")] = None,
                    min_weight: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
                    limit: Annotated[int, Query(ge=1, le=200)] = 25) -> dict:
        from ..queries import resolve_actor
        from ..queries.network import ego_network

        o = make_network_options(relations=relation, kinds=kind, min_weight=min_weight, filters=f)
        name = make_filters(actor=actor).actor
        if name is None:
            raise QueryError("actor", "give an actor id (per:…, gpe:…) or a name")
        who = resolve_actor(st(), name)[0]
        return ego_network(st(), who, limit=limit, o=o)

    @app.get("/api/export/{what}.{fmt}", summary="Download an export (the list filters apply)")
    def api_export(what: str, fmt: str, f: FilterDep,
                   relation: Annotated[str | None, Query(description="network: events,quotes,stories")] = None,
                   kind: Annotated[str | None, Query(description="network: actor kinds (default: actors only) or all")] = None,
                   min_weight: Annotated[int | None, Query(ge=1, le=1_000_000, description="network: least edge weight")] = None,
                   top: Annotated[int | None, Query(ge=0, le=1_000_000, description="network: the N actors in most articles")] = None) -> Response:
        from ..export import EXPORTS, MEDIA, ExportError, export_bytes

        if what not in EXPORTS or fmt not in EXPORTS[what]:
            raise HTTPException(404, "exports: " + "; ".join(f"/api/export/{w}.{{{'|'.join(fs)}}}" for w, fs in EXPORTS.items()))
        o = make_network_options(relations=relation, kinds=kind, min_weight=min_weight, top=top, filters=f)
        counts: dict[str, int] = {}
        try:
            data = export_bytes(st(), what, fmt, filters=f, network=o, counts=counts)
        except ExportError as e:
            raise HTTPException(400, str(e)) from e
        ext = {"plover": "jsonl", "gdelt": "tsv"}.get(fmt, fmt)
        return Response(data, media_type=MEDIA[fmt],
                        headers={"Content-Disposition": f'attachment; filename="lagebild-{what}.{ext}"',
                                 "X-Lagebild-Hidden": str(counts.get("hidden", 0))})

    # --------------------------------------------------------------- API docs
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def page_docs(request: Request) -> HTMLResponse:
        return page(request, "apidocs.html", ops=operations(app.openapi()), title=app.title)

    # ----------------------------------------------------------------- pages
    def page(request: Request, name: str, *, status: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"version": __version__, **ctx}, status_code=status)

    def missing(request: Request, what: str, ident: str) -> HTMLResponse:
        return page(request, "missing.html", status=404, what=what, ident=ident)

    @app.get("/", response_class=HTMLResponse)
    def page_overview(request: Request) -> HTMLResponse:
        return page(request, "overview.html", o=qy.overview(st()))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def page_story(request: Request, story_id: str) -> HTMLResponse:
        sort = request.query_params.get("sort")
        try:
            ev_page = make_paging("events", sort=sort, limit=qy.EVENTS_PER_PAGE)
        except QueryError:
            sort, ev_page = None, Paging(limit=qy.EVENTS_PER_PAGE)
        n = _int_arg(request, "seite", 1)
        ev_page = Paging((n - 1) * qy.EVENTS_PER_PAGE, qy.EVENTS_PER_PAGE, ev_page.sort)
        s = qy.get_story(st(), _ident(story_id, "story_id"), min_confidence=_show_all(request), events=ev_page)
        if s is None:
            return missing(request, "Geschichte", story_id)
        return page(request, "story.html", s=s, show_all=_show_all(request) is not None, sort=ev_page.sort,
                    page_no=n, per_page=qy.EVENTS_PER_PAGE)

    @app.get("/actors/{actor_id:path}", response_class=HTMLResponse)
    def page_actor(request: Request, actor_id: str) -> HTMLResponse:
        a = qy.get_actor(st(), _ident(actor_id, "actor_id"), min_confidence=_show_all(request))
        if a is None:
            return missing(request, "Akteur", actor_id)
        return page(request, "actor.html", a=a, show_all=_show_all(request) is not None)

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def page_article(request: Request, article_id: str) -> HTMLResponse:
        d = qy.article_page(st(), _ident(article_id, "article_id"))
        if d is None:
            return missing(request, "Artikel", article_id)
        return page(request, "article.html", a=d["article"], d=d, body=highlight_article(d["article"], names=d["names"]))

    @app.get("/search", response_class=HTMLResponse)
    def page_search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        words = text_param(q, param="q") or ""
        res = qy.search(st(), words) if len(words) >= 2 else None
        return page(request, "search.html", q=words, res=res)

    return app
