"""The JSON API under /api: thin routes over the ``Store`` reads, the page views and the pipeline.

Reads query parameters (validated by FastAPI, bound as SQL parameters by the
store) and returns what one ``Store`` method or one view of
``eventwire.web.views`` returns: lists as ``{"total", "items"}``, single
records as objects, each with offsets into its article's text. Routes that
list or count events leave out those below ``Settings.min_confidence``
unless given ``?all=1`` (``deps.ConfidenceCut``). Writes only in
``POST /api/articles``, behind the bearer token. ``POST /api/extract`` needs
the token too unless the server runs with ``public_extract`` (then rate-limited,
size-capped and queued, see ``security.py``). Every page of the web UI has
its twin here (see ``pages.py``). Errors are ``{"error": {status, message}}``
(``ErrorOut``), documented per route in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from eventwire.errors import StoreError
from eventwire.records import Failure
from eventwire.store import ActorQuery, EventQuery, StoryQuery
from eventwire.web import views
from eventwire.web.deps import ConfidenceCut, found_or_404, open_store
from eventwire.web.intake import ArticleIn, ArticlesIn, extract_payloads, save_results
from eventwire.web.params import (
    ActorFilters,
    ArticleFilters,
    CountryCode,
    EventList,
    GraphLimit,
    Limit,
    Offset,
    Paged,
    PlaceLimit,
    SearchLimit,
    Since,
    StoryList,
    Until,
)
from eventwire.web.responses import (
    NOT_FOUND,
    ErrorOut,
    GraphOut,
    IngestOut,
    Page,
    SearchOut,
    TimelineOut,
    error_responses,
)
from eventwire.web.security import check_public_size, extract_caller, require_token

# Declares the bearer token in the OpenAPI schema (the docs' "Authorize" button);
# the routes check it themselves (require_token, extract_caller).
BEARER = Security(
    HTTPBearer(
        auto_error=False,
        description="The server's EVENTWIRE_TOKEN. POST /api/extract takes requests "
        "without it on a server started with --public-extract.",
    )
)


# Errors any route may answer; routes add their own (404, 401, 429...).
router = APIRouter(
    prefix="/api",
    responses=error_responses(
        _400="A value the store cannot read: a date, a search expression.",
        _422="A parameter out of its range or of the wrong type.",
        _500="An internal error (the server log has the details).",
        _503="The database cannot be read.",
    ),
)


@router.get("", summary="List the API's endpoints")
def api_index(request: Request) -> dict[str, Any]:
    """Return the endpoints of this API with their summaries, and where the docs are."""
    endpoints = [
        {"path": path, "method": method.upper(), "summary": operation.get("summary")}
        for path, operations in request.app.openapi()["paths"].items()
        for method, operation in operations.items()
    ]
    return {"docs": "/docs", "openapi": "/openapi.json", "endpoints": endpoints}


@router.get("/stats", summary="Headline counts")
def api_stats(request: Request, cut: ConfidenceCut) -> dict[str, Any]:
    with open_store(request) as store:
        return store.totals(cut.min_confidence)


@router.get("/dashboard", summary="Everything the dashboard shows")
def api_dashboard(
    request: Request,
    interval: Literal["day", "week", "month"] | None = None,
    by: Literal["quad", "type"] = "quad",
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    """Totals, the event timeline, top actors, latest events and latest articles."""
    with open_store(request) as store:
        return views.dashboard(store, interval, by, cut.min_confidence)


@router.get("/articles", summary="List articles, newest first", response_model=Page)
def api_articles(
    request: Request, page: Paged, filters: ArticleFilters, cut: ConfidenceCut
) -> dict[str, Any]:
    """Each article with the count of its events (above the confidence cut)."""
    with open_store(request) as store:
        return views.article_page(store, filters, page, cut.min_confidence)


@router.get(
    "/articles/{article_id}", summary="One article with its full extraction", responses=NOT_FOUND
)
def api_article(request: Request, article_id: str, cut: ConfidenceCut) -> dict[str, Any]:
    """The article and everything extracted from it, each item with its offsets.

    As ``eventwire export``: events below the confidence cut are left out unless ``all=1``.
    """
    with open_store(request) as store:
        found = store.article(article_id)
    extraction = found_or_404(found, f"article {article_id!r} not found")
    shown = extraction.without_events_below(cut.min_confidence)
    return shown.to_dict() | {"page": f"/articles/{article_id}"}


@router.get("/events", summary="Find events with filters, sorting and paging", response_model=Page)
def api_events(request: Request, events: EventList) -> dict[str, Any]:
    with open_store(request) as store:
        return store.events(events.query(EventQuery), **events.options)


@router.get("/events/facets", summary="Event types, modalities and countries present")
def api_event_facets(request: Request, cut: ConfidenceCut) -> dict[str, Any]:
    with open_store(request) as store:
        return store.event_facets(cut.min_confidence)


@router.get("/events/{article_id}/{key}", summary="One event", responses=NOT_FOUND)
def api_event(request: Request, article_id: str, key: str) -> dict[str, Any]:
    with open_store(request) as store:
        found = store.event(article_id, key)
    return found_or_404(found, f"event {key!r} of article {article_id!r} not found")


@router.get(
    "/stories",
    summary="Story events: one event's reports merged across articles",
    response_model=Page,
)
def api_stories(request: Request, stories: StoryList) -> dict[str, Any]:
    """Each item has its sources and articles counts and its first and last report time.

    A story is left out when none of its reports reaches the confidence cut (unless ``all=1``).
    """
    with open_store(request) as store:
        return store.stories(stories.query(StoryQuery), **stories.options)


@router.get(
    "/stories/{story_id}", summary="One story event with every report of it", responses=NOT_FOUND
)
def api_story(request: Request, story_id: str, cut: ConfidenceCut) -> dict[str, Any]:
    """The story and its reports, each with its article and a link to the words."""
    with open_store(request) as store:
        found = views.story(store, story_id, cut.min_confidence)
    return found_or_404(found, f"story {story_id!r} not found")


@router.get("/actors", summary="List actors with counts and counterparts", response_model=Page)
def api_actors(
    request: Request, filters: ActorFilters, page: Paged, cut: ConfidenceCut
) -> dict[str, Any]:
    with open_store(request) as store:
        return views.actor_page(store, filters, page, cut.min_confidence)


@router.get(
    "/actors/{name:path}",
    summary="One actor: events over time, counterparts, quotes",
    responses=NOT_FOUND,
)
def api_actor(request: Request, name: str, cut: ConfidenceCut, limit: Limit = 50) -> dict[str, Any]:
    with open_store(request) as store:
        found = views.actor_detail(store, name, limit, cut.min_confidence)
    return found_or_404(found, f"actor {name!r} not found")


@router.get("/quotes", summary="List quotes with their speakers", response_model=Page)
def api_quotes(
    request: Request,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
    article_id: str | None = None,
    *,
    page: Paged,
) -> dict[str, Any]:
    with open_store(request) as store:
        return views.quote_page(store, speaker, article_id, page)


@router.get(
    "/places", summary="Places with coordinates and event counts (the map)", response_model=Page
)
def api_places(
    request: Request,
    country: CountryCode = None,
    limit: PlaceLimit = 1000,
    offset: Offset = 0,
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    with open_store(request) as store:
        return views.place_points(store, country, limit, offset, min_confidence=cut.min_confidence)


@router.get(
    "/search",
    summary="Full-text search over articles, with matching actors and events",
    response_model=SearchOut,
)
def api_search(
    request: Request,
    q: Annotated[str, Query(description='Words (all required), "a phrase", OR, prefix*.')],
    limit: SearchLimit = 20,
    offset: Offset = 0,
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    with open_store(request) as store:
        return search_data(store, q, limit, offset, cut.min_confidence)


def search_data(
    store: Any, q: str, limit: int, offset: int, min_confidence: float | None = None
) -> dict[str, Any]:
    """Search articles (full text), actors (name) and events (words) for ``q``.

    Events, and the actors' event counts, leave out those below ``min_confidence``.
    """
    try:
        articles = store.search_page(q, limit, offset)
    except StoreError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {
        "query": q,
        "articles": articles,
        "actors": views.actor_page(store, ActorQuery(name=q), views.Paging(10), min_confidence),
        "events": store.events(EventQuery(text=q, min_confidence=min_confidence), limit=10),
    }


@router.get(
    "/timeline",
    summary="Event counts per day, week or month, by quad class or type",
    response_model=TimelineOut,
)
def api_timeline(
    request: Request,
    interval: Literal["day", "week", "month"] = "day",
    by: Literal["quad", "type"] = "quad",
    since: Since = None,
    until: Until = None,
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    with open_store(request) as store:
        return store.timeline(interval, by, since, until, cut.min_confidence)


@router.get(
    "/graph", summary="Who acts on whom: weighted actor -> recipient edges", response_model=GraphOut
)
def api_graph(
    request: Request,
    limit: GraphLimit = 100,
    since: Since = None,
    until: Until = None,
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    with open_store(request) as store:
        return views.actor_graph(store, limit, since, until, min_confidence=cut.min_confidence)


@router.get("/calendar", summary="Scheduled events, soonest first", response_model=Page)
def api_calendar(
    request: Request,
    after: Annotated[
        str | None, Query(description="On or after this ISO date, e.g. today.")
    ] = None,
    until: Until = None,
    limit: Limit = 200,
    offset: Offset = 0,
    *,
    cut: ConfidenceCut,
) -> dict[str, Any]:
    with open_store(request) as store:
        return store.calendar(after, until, limit, offset, cut.min_confidence)


@router.post(
    "/extract",
    summary="Extract one article; nothing is stored (needs the bearer token)",
    dependencies=[BEARER],
    responses=error_responses(
        _401="No bearer token (and the server is not started with --public-extract).",
        _403="A wrong token, or no token set on the server.",
        _413="The body, or (without the token) the article, is too long.",
        _429="Too many extractions from this client in a minute; see Retry-After.",
        _503="Too many extractions running or waiting; see Retry-After.",
    ),
)
def api_extract(request: Request, payload: Annotated[ArticleIn, Body()]) -> dict[str, Any]:
    """Run the pipeline on text or HTML and return the extraction (status 422 if unreadable).

    Needs ``Authorization: Bearer <EVENTWIRE_TOKEN>``, unless the server runs with
    ``--public-extract``: then callers without the token may extract shorter
    articles (``EVENTWIRE_PUBLIC_EXTRACT_CHARS``), a few a minute each.
    """
    config = request.app.state.config
    client = extract_caller(request)
    if client is not None:
        check_public_size(
            len(payload.text or payload.html or ""), config.settings.public_extract_chars
        )
    with config.gate.admit():  # a request the full queue turns away uses no share of the rate
        if client is not None:
            config.gate.check_rate(client)
        result = extract_payloads([payload], config, source="extract")[0]
    if isinstance(result, Failure):
        raise HTTPException(422, str(result))
    return result.to_dict()


@router.post(
    "/articles",
    summary="Ingest one article or a batch (needs the bearer token)",
    dependencies=[BEARER, Depends(require_token)],
    status_code=201,
    response_model=IngestOut,
    responses=error_responses(
        _401="No bearer token.",
        _403="A wrong token, or no token set on the server (writes disabled).",
        _413="The body is too large, or the batch has too many articles.",
    )
    | {
        422: {
            "model": IngestOut | ErrorOut,
            "description": "No input could be stored (the report says why), or a bad body.",
        }
    },
)
def api_ingest(
    request: Request, payload: Annotated[ArticleIn | ArticlesIn, Body()]
) -> JSONResponse:
    """Extract and store articles; answers 201 with one line per input, failures included."""
    items = payload.articles if isinstance(payload, ArticlesIn) else [payload]
    config = request.app.state.config
    if not items:
        raise HTTPException(422, "the batch has no articles")
    if len(items) > config.max_batch:
        raise HTTPException(
            413, f"{len(items)} articles in one request; send at most {config.max_batch}"
        )
    results = extract_payloads(items, config, source="api")
    with open_store(request) as store:
        summary = save_results(store, results)
    status = 201 if summary["new"] or summary["updated"] or summary["skipped"] else 422
    return JSONResponse(summary, status_code=status)
