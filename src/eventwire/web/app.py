"""The web application: one FastAPI app serving the JSON API and the web UI.

Reads the store at ``db_path`` (through ``Store``: a SQLite file opened per
request, PostgreSQL connections kept open between requests by ``StorePool``) and,
for ``POST /api/extract`` and ``POST /api/articles``, runs the pipeline.
Writes nothing but articles posted to ``/api/articles`` with the bearer
token. ``create_app`` wires the two routers (``api`` and ``pages``, which
call the same ``Store`` methods), the static files, the error handlers
(errors are JSON under ``/api``, HTML pages elsewhere; never a stack trace)
and the security middleware (body size limit, security headers, allowed
hosts).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from eventwire import __version__
from eventwire.errors import EventwireError, InputError, StoreError
from eventwire.settings import Settings
from eventwire.store import Store, is_postgres_url
from eventwire.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware

log = logging.getLogger("eventwire.web")

# Largest request body accepted (bytes); larger bodies get 413.
MAX_BODY_BYTES = 5 * 1024 * 1024
# Most articles accepted by one POST /api/articles.
MAX_BATCH = 100

_WEB = resources.files("eventwire.web")


@dataclass
class WebConfig:
    """What the app needs besides the store path: extraction settings and write access."""

    db_path: str
    settings: Settings
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    max_batch: int = MAX_BATCH
    nlp_lock: threading.Lock = field(default_factory=threading.Lock)
    _nlp: Any = None

    def load_nlp(self) -> Any:
        """Load the spaCy pipeline once, on first use (the UI works without it)."""
        with self.nlp_lock:
            if self._nlp is None:
                from eventwire.nlp import load_nlp

                self._nlp = load_nlp()
            return self._nlp


def create_app(
    db_path: str | Path,
    settings: Settings | None = None,
    *,
    token: str | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """Return the app serving the store at ``db_path``.

    ``token`` is the bearer token that ``POST /api/articles`` requires; it
    defaults to ``settings.token`` when Settings has one, else the environment
    variable ``EVENTWIRE_TOKEN``. With no token, writes are refused.
    ``allowed_hosts`` limits the Host header (``serve`` passes the loopback
    names when bound to 127.0.0.1, which defeats DNS rebinding).
    """
    settings = settings or Settings.from_env(db=str(db_path), processes=1)
    if token is None:
        token = getattr(settings, "token", None) or os.environ.get("EVENTWIRE_TOKEN") or None
    config = WebConfig(str(db_path), settings, token, max_body_bytes)
    # Create or migrate the database now, so a bad path fails at start, not per request.
    Store.open(config.db_path).close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=(
            "News articles in, source-linked political event data out. Every list "
            "returns `{total, items}`; every item points at its words in the article "
            "by character offsets. Reading is open; `POST /api/articles` needs "
            "`Authorization: Bearer <EVENTWIRE_TOKEN>`."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.config = config
    app.state.pool = StorePool(config.db_path)
    app.state.templates = _make_templates()

    from eventwire.web.api import router as api_router
    from eventwire.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(_WEB / "static")), name="static")
    _add_error_handlers(app)

    # Added last = outermost: the body limit sees a request before anything reads it.
    app.add_middleware(SecurityHeadersMiddleware)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    return app


# PostgreSQL connections the app keeps open between requests (more are opened when
# more requests run at once, and closed after them).
POOL_SIZE = 8


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


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.pool.close()  # the server stops: close the connections kept open


def _make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(_WEB / "templates")),
        # Autoescape everything: article text is data, never markup.
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from eventwire.web import filters

    env.filters.update(filters.FILTERS)
    env.globals.update(filters.GLOBALS)
    env.globals["version"] = __version__
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page template with the request in its context."""
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


# --- errors ----------------------------------------------------------------------------------


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """Return an error as JSON (API) or as an HTML page (UI), with the given status."""
    headers = extra.pop("headers", None)
    if _wants_json(request):
        body = {"error": {"status": status, "message": message, **extra}}
        return JSONResponse(body, status_code=status, headers=headers)
    return render(request, "error.html", status_code=status, status=status, message=message)


_REASONS = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
}


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _REASONS.get(exc.status_code)
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no page or endpoint at {request.url.path}"
        return error_response(
            request, exc.status_code, message or "error", headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            problems.append({"field": where, "problem": err.get("msg", "invalid")})
        message = "; ".join(f"{p['field'] or 'body'}: {p['problem']}" for p in problems)
        return error_response(request, 422, message or "invalid request", problems=problems)

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> Response:
        # The store raises ValueError for a bad parameter value (dates, sort keys).
        return error_response(request, 400, str(exc))

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, 503, f"the database cannot be read: {exc}")

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError) -> Response:
        return error_response(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, "internal error; the server log has the details, please report it"
        )
