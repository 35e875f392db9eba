"""The web UI: server-rendered pages (Jinja2, autoescaped), each with a JSON twin under /api.

Reads the same ``Store`` methods and views (``views.py``) as ``api.py`` with
the same parameters and renders them; the page's "JSON" link points at its twin. Pages with a chart,
a graph or a map embed their data as JSON in a ``<script
type="application/json">`` block (never executed) and draw it with the
vendored d3 in ``static/js``; no inline script runs, so a strict CSP holds.
Pages that list or count events hide those below ``Settings.min_confidence``
and show a switch (``cut`` in their context, drawn by ``base.html``) that
reloads them with ``?all=1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, astuple
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from eventwire.errors import InputError
from eventwire.ingest.sniff import detect_format
from eventwire.records import Extraction
from eventwire.store import (
    EVENT_SORTS,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    ActorQuery,
    ArticleQuery,
    EventQuery,
    Store,
    StoryQuery,
)
from eventwire.web import views
from eventwire.web.api import search_data
from eventwire.web.deps import ConfidenceCut, found_or_404, open_store, render
from eventwire.web.filters import quote_path
from eventwire.web.highlight import LAYERS, build_panel, collect_marks, split_segments
from eventwire.web.intake import ArticleIn, extract_payloads
from eventwire.web.params import (
    ActorFilters,
    EventList,
    GraphLimit,
    Listing,
    Offset,
    Paged,
    SearchLimit,
    StoryList,
    clean,
)
from eventwire.web.security import check_form_post, extract_caller

router = APIRouter(include_in_schema=False)

# Largest text the paste page accepts, in characters (the body limit applies too).
MAX_PASTE_CHARS = 200_000


def _twin(request: Request, path: str) -> str:
    query = request.url.query
    return path + ("?" + query if query else "")


def _show(
    request: Request, page: str, api: str, template: str | None = None, **context: Any
) -> HTMLResponse:
    """Render ``template`` (``{page}.html`` by default) as a page of the nav item ``page``,
    with a link to its JSON twin: the route ``api`` with this request's query."""
    return render(
        request, template or f"{page}.html", page=page, json_url=_twin(request, api), **context
    )


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    interval: Annotated[str | None, Query(pattern="^(day|week|month)$")] = None,
    by: Annotated[str, Query(pattern="^(quad|type)$")] = "quad",
    *,
    cut: ConfidenceCut,
) -> HTMLResponse:
    with open_store(request) as store:
        data = views.dashboard(store, interval, by, cut.min_confidence)
    return _show(request, "dashboard", "/api/dashboard", cut=cut, **data)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, events: EventList) -> HTMLResponse:
    # The page lists the events of every article; its JSON twin also takes article_id.
    with open_store(request) as store:
        found = store.events(events.query(EventQuery, article_id=None), **events.options)
        facets = store.event_facets(events.cut.min_confidence)
    return _show_list(
        request, "events", events, found, EVENT_SORTS, facets=facets, limit=events.page.limit
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, stories: StoryList) -> HTMLResponse:
    with open_store(request) as store:
        found = store.stories(stories.query(StoryQuery), **stories.options)
        facets = store.event_facets(stories.cut.min_confidence)
    types = [t["type"] for t in facets["types"]]
    return _show_list(request, "stories", stories, found, Store.STORY_SORTS, types=types)


def _show_list(
    request: Request,
    page: str,
    listing: Listing,
    found: dict[str, Any],
    sorts: Iterable[str],
    **context: Any,
) -> HTMLResponse:
    """Show ``found``, a page of the sorted list ``page`` (events, stories), under the
    form of its filters (``filters``, ``filtered``) and sort keys, above its pager."""
    form = listing.form("article_id")  # no field of the pages' forms
    return _show_found(
        request,
        page,
        found,
        listing.page,
        cut=listing.cut,
        filters=form,
        filtered=any(form.values()),
        sort=listing.sort,
        sorts=list(sorts),
        **context,
    )


def _show_found(
    request: Request, page: str, found: dict[str, Any], paging: views.Paging, **context: Any
) -> HTMLResponse:
    """Show ``found``, one page of the list ``page`` (its ``{"total", "items"}``, in the
    context under that name) above its pager; its JSON twin is ``/api/{page}``."""
    return _show(
        request, page, f"/api/{page}", pager=paging.pager(found), **{page: found}, **context
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, cut: ConfidenceCut) -> HTMLResponse:
    with open_store(request) as store:
        found = views.story(store, story_id, cut.min_confidence)
    story = found_or_404(found, f"there is no story {story_id!r} in this store")
    return render(
        request, "story.html", page="stories", json_url="/api" + story["page"], story=story
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    page: Paged,
    cut: ConfidenceCut,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    query = ArticleQuery(since=clean(since), until=clean(until))
    with open_store(request) as store:
        found = views.article_page(store, query, page, cut.min_confidence)
    return _show_found(
        request, "articles", found, page, cut=cut, since=since or "", until=until or ""
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, cut: ConfidenceCut) -> HTMLResponse:
    with open_store(request) as store:
        found = store.article(article_id)
    extraction = found_or_404(found, f"there is no article {article_id!r} in this store")
    return _show(
        request,
        "articles",
        f"/api/articles/{quote_path(article_id)}",
        "article.html",
        cut=cut,
        **_article_view(extraction.without_events_below(cut.min_confidence)),
    )


def _article_view(extraction: Extraction) -> dict[str, Any]:
    """Context for the highlighted article: segments, side panel, layer switches."""
    return {
        "ex": extraction,
        "article": extraction.article,
        "segments": split_segments(extraction.article.text, collect_marks(extraction)),
        "panel": build_panel(extraction),
        "layers": LAYERS,
    }


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, filters: ActorFilters, page: Paged, cut: ConfidenceCut
) -> HTMLResponse:
    query = ActorQuery(*map(clean, astuple(filters)))
    with open_store(request) as store:
        found = views.actor_page(store, query, page, cut.min_confidence)
    shown = {name: value or "" for name, value in asdict(filters).items()}
    return _show_found(request, "actors", found, page, cut=cut, filters=shown)


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_page(request: Request, name: str, cut: ConfidenceCut) -> HTMLResponse:
    with open_store(request) as store:
        found = views.actor_detail(store, name, min_confidence=cut.min_confidence)
    actor = found_or_404(found, f"no actor called {name!r} in this store")
    return _show(
        request, "actors", "/api/actors/" + quote_path(name), "actor.html", cut=cut, actor=actor
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, page: Paged, speaker: str | None = None) -> HTMLResponse:
    with open_store(request) as store:
        found = views.quote_page(store, clean(speaker), None, page)
    return _show_found(request, "quotes", found, page, speaker=speaker or "")


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    limit: GraphLimit = 100,
    since: str | None = None,
    until: str | None = None,
    *,
    cut: ConfidenceCut,
) -> HTMLResponse:
    with open_store(request) as store:
        graph = views.actor_graph(
            store, limit, clean(since), clean(until), min_confidence=cut.min_confidence
        )
    return _show(
        request,
        "network",
        "/api/graph",
        cut=cut,
        graph=graph,
        since=since or "",
        until=until or "",
        limit=limit,
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, cut: ConfidenceCut, country: str | None = None) -> HTMLResponse:
    with open_store(request) as store:
        places = views.place_points(
            store, clean(country), limit=1000, min_confidence=cut.min_confidence
        )
    return _show(request, "map", "/api/places", cut=cut, places=places, country=country or "")


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    after: str | None = None,
    until: str | None = None,
    upcoming: bool = False,
    *,
    cut: ConfidenceCut,
) -> HTMLResponse:
    start = date.today().isoformat() if upcoming else clean(after)
    with open_store(request) as store:
        found = store.calendar(start, clean(until), limit=500, min_confidence=cut.min_confidence)
    months: dict[str, list[dict[str, Any]]] = {}
    for item in found["items"]:
        # Under the month the date begins in: a week or a season has its place too.
        begins = item.get("begins_at") or ""
        months.setdefault(begins[:7] or "undated", []).append(item)
    twin_query = {"after": start, "all": 1 if cut.show_all else None}
    twin = "/api/calendar"
    if any(twin_query.values()):
        twin += "?" + urlencode({k: v for k, v in twin_query.items() if v})
    return render(
        request,
        "calendar.html",
        page="calendar",
        cut=cut,
        json_url=twin,
        calendar=found,
        months=months,
        after=after or "",
        until=until or "",
        upcoming=upcoming,
        today=date.today().isoformat(),
        now=datetime.now().isoformat(timespec="seconds"),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    limit: SearchLimit = 20,
    offset: Offset = 0,
    *,
    cut: ConfidenceCut,
) -> HTMLResponse:
    results, error = None, None
    if q.strip():
        with open_store(request) as store:
            try:
                results = search_data(store, q, limit, offset, cut.min_confidence)
            except HTTPException as exc:
                error = exc.detail
    return render(
        request,
        "search.html",
        page="search",
        cut=cut if q.strip() else None,
        json_url=_twin(request, "/api/search") if q.strip() else "/api/search?q=",
        q=q,
        results=results,
        error=error,
        pager=views.Paging(limit, offset).pager(results["articles"]) if results else None,
        snippet_marks=(SNIPPET_OPEN, SNIPPET_CLOSE),
        status_code=400 if error else 200,
    )


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request) -> HTMLResponse:
    return render(
        request,
        "extract.html",
        page="extract",
        json_url="/docs#/default/api_extract_api_extract_post",
    )


@router.post("/extract", response_class=HTMLResponse)
async def extract_submit(request: Request) -> HTMLResponse:
    """Run the pipeline on a pasted article and show it highlighted; nothing is stored.

    Only a post from this server's own page is taken (``check_form_post``); it
    extracts for the local user of a loopback server, and for anyone, at a
    rate and a size, on a server started with ``--public-extract``.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form as application/x-www-form-urlencoded")
    form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    check_form_post(request, form.get("csrf", [None])[0])
    client = extract_caller(request, form=True)
    text = form.get("text", [""])[0]
    fmt = form.get("format", ["auto"])[0]
    published = clean(form.get("published", [""])[0])
    values = {"text": text, "format": fmt, "published": published or ""}
    config = request.app.state.config
    limit = MAX_PASTE_CHARS if client is None else config.settings.public_extract_chars
    if not text.strip():
        return _extract_error(request, values, "paste an article first")
    if len(text) > limit:
        return _extract_error(
            request,
            values,
            f"the text has {len(text):,} characters; the limit is {limit:,}",
            status_code=413,
        )
    is_html = fmt == "html" or (fmt == "auto" and _looks_like_html(text))
    payload = ArticleIn(
        html=text if is_html else None, text=None if is_html else text, published=published
    )
    try:
        with config.gate.admit():
            if client is not None:
                config.gate.check_rate(client)
            result = await run_in_threadpool(extract_payloads, [payload], config, "pasted")
    except InputError as exc:
        return _extract_error(request, values, str(exc))
    extraction = result[0]
    if not isinstance(extraction, Extraction):
        return _extract_error(request, values, str(extraction))
    return render(
        request,
        "extract.html",
        page="extract",
        json_url="/docs#/default/api_extract_api_extract_post",
        values=values,
        **_article_view(extraction),
    )


def _extract_error(
    request: Request, values: dict[str, str], message: str, status_code: int = 422
) -> HTMLResponse:
    return render(
        request,
        "extract.html",
        status_code=status_code,
        page="extract",
        json_url="/docs",
        values=values,
        error=message,
    )


def _looks_like_html(text: str) -> bool:
    return detect_format("pasted", text) == "html"


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """OpenAPI docs drawn by the vendored Swagger UI (no CDN)."""
    env = request.app.state.templates
    return HTMLResponse(env.get_template("docs.html").render(request=request))


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg")
