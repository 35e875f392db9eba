"""What the routes need from the app: its settings, a store per request, page rendering.

``create_app`` (``app.py``) puts a ``WebConfig``, a ``StorePool`` and the
Jinja2 templates on ``app.state``; the routers (``api.py``, ``pages.py``)
reach them through ``open_store``, ``render`` and the ``ConfidenceCut``
parameter (``?all=1``) here, so they never import the app module. Reads the
store at the configured path (a SQLite file opened per request, PostgreSQL
connections kept open between requests) and the templates in
``eventwire/web/templates``; writes nothing.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import resources
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from eventwire import __version__
from eventwire.settings import Settings
from eventwire.store import Store, is_postgres_url
from eventwire.web.filters import FILTERS, GLOBALS
from eventwire.web.security import ExtractGate, show_invisible, show_invisible_in

# Largest request body accepted (bytes); larger bodies get 413.
MAX_BODY_BYTES = 5 * 1024 * 1024
# Most articles accepted by one POST /api/articles.
MAX_BATCH = 100
# PostgreSQL connections the app keeps open between requests (more are opened when
# more requests run at once, and closed after them).
POOL_SIZE = 8

WEB_FILES = resources.files("eventwire.web")

T = TypeVar("T")


@dataclass
class WebConfig:
    """What the app needs besides the store path: extraction settings and write access.

    ``local`` is true when only this machine can reach the server (``serve`` on
    a loopback address): its paste form then extracts without the token.
    ``form_token`` is the random token of this server's forms (``check_form_post``).
    """

    db_path: str
    settings: Settings
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    max_batch: int = MAX_BATCH
    local: bool = False
    form_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    gate: ExtractGate = field(init=False)
    nlp_lock: threading.Lock = field(default_factory=threading.Lock)
    _nlp: Any = None

    def __post_init__(self) -> None:
        self.gate = ExtractGate(self.settings.extract_queue, self.settings.extract_per_minute)

    def load_nlp(self) -> Any:
        """Load the spaCy pipeline once, on first use (the UI works without it)."""
        with self.nlp_lock:
            if self._nlp is None:
                from eventwire.nlp import load_nlp

                self._nlp = load_nlp()
            return self._nlp


class StorePool:
    """Stores handed to requests, kept open between them where that pays.

    Opening a PostgreSQL store costs a connection and a schema check, about 20 ms
    on one machine against 1.5 ms for a query, so up to ``keep`` of them stay
    open. Each is checked before it is handed out (``Store.reusable``), so one
    left in a transaction or cut off by a server restart is closed and replaced.
    A SQLite store costs about 1 ms to open and its connection belongs to the
    thread that opened it, so each request opens its own.
    """

    def __init__(self, target: str, keep: int = POOL_SIZE) -> None:
        self.target = target
        self.keep = keep if is_postgres_url(target) else 0
        self._idle: list[Store] = []
        self._lock = threading.Lock()

    def acquire(self) -> Store:
        while True:
            with self._lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                return Store.open(self.target)
            if store.reusable():
                return store
            _close_quietly(store)

    def release(self, store: Store) -> None:
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(store)
                return
        _close_quietly(store)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            _close_quietly(store)


def _close_quietly(store: Store) -> None:
    with suppress(Exception):  # a connection the server already dropped
        store.close()


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """The app's store for one request, from its pool."""
    pool: StorePool = request.app.state.pool
    store = pool.acquire()
    try:
        yield store
    finally:
        pool.release(store)


def found_or_404(found: T | None, message: str) -> T:
    """What a route asked the store for; a 404 saying ``message`` when the store has none."""
    if found is None:
        raise HTTPException(404, message)
    return found


@dataclass(frozen=True)
class Cut:
    """The confidence cut of one request: the app's ``Settings.min_confidence``, or none.

    ``least`` is the cut the app applies; ``show_all`` is true when the request
    asked for every event (``?all=1``). Pages show it with a switch between the two.
    """

    least: float
    show_all: bool = False

    @property
    def min_confidence(self) -> float | None:
        """What the store's reads take: the cut, or None for every event."""
        return None if self.show_all else self.least


def confidence_cut(
    request: Request,
    show_all: Annotated[
        bool,
        Query(
            alias="all",
            description="Include events below the confidence cut "
            "(EVENTWIRE_MIN_CONFIDENCE), hidden otherwise.",
        ),
    ] = False,
) -> Cut:
    """The ``all`` query parameter of a route that lists or counts events, read as a ``Cut``."""
    return Cut(request.app.state.config.settings.min_confidence, show_all)


# A route parameter: ``cut: ConfidenceCut`` gives the route its ``?all=`` parameter.
ConfidenceCut = Annotated[Cut, Depends(confidence_cut)]


def make_templates() -> Environment:
    """The Jinja2 environment of the pages, with eventwire's filters and globals."""
    env = Environment(
        loader=FileSystemLoader(str(WEB_FILES / "templates")),
        # Autoescape everything: article text is data, never markup.
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        # Every printed value, stored text included, shows its invisible characters.
        finalize=show_invisible,
    )
    # ... and so does the JSON a page embeds for its scripts to draw.
    env.policies["json.dumps_function"] = lambda data, **kw: json.dumps(
        show_invisible_in(data), **kw
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals["version"] = __version__
    return env


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page template with the request in its context."""
    env: Environment = request.app.state.templates
    context.setdefault("form_token", request.app.state.config.form_token)
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code, headers=headers)
