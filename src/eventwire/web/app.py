"""The web application: one FastAPI app serving the JSON API and the web UI.

Reads the store at ``db_path`` (through ``Store``: a SQLite file opened per
request, PostgreSQL connections kept open between requests by ``StorePool``) and,
for ``POST /api/extract`` and ``POST /api/articles``, runs the pipeline.
Writes nothing but articles posted to ``/api/articles`` with the bearer
token. ``create_app`` puts what the routes need on ``app.state`` (see
``deps.py``, which the routers import instead of this module) and wires the
two routers (``api`` and ``pages``, which call the same ``Store`` methods),
the static files, the error handlers (errors are JSON under ``/api``, HTML
pages elsewhere; never a stack trace; each with the security headers) and
the security middleware (body size limit, security headers, allowed hosts).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from eventwire import __version__
from eventwire.errors import EventwireError, InputError, StoreError
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.web.api import router as api_router
from eventwire.web.deps import (
    MAX_BODY_BYTES,
    WEB_FILES,
    StorePool,
    WebConfig,
    make_templates,
    render,
)
from eventwire.web.pages import router as page_router
from eventwire.web.security import (
    SECURITY_HEADERS_DICT,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
)

log = logging.getLogger("eventwire.web")


def create_app(
    db_path: str | Path,
    settings: Settings | None = None,
    *,
    token: str | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    allowed_hosts: list[str] | None = None,
    local: bool = False,
) -> FastAPI:
    """Return the app serving the store at ``db_path``.

    ``token`` is the bearer token that ``POST /api/articles`` requires; it
    defaults to ``settings.token`` when Settings has one, else the environment
    variable ``EVENTWIRE_TOKEN``. With no token, writes are refused.
    ``allowed_hosts`` limits the Host header (``serve`` passes the loopback
    names when bound to 127.0.0.1, which defeats DNS rebinding). ``local`` says
    that only this machine can reach the server (``serve`` on a loopback
    address): its paste form then extracts without the token.
    ``POST /api/extract`` needs the token unless ``settings.public_extract``.
    """
    settings = settings or Settings.from_env(db=str(db_path), processes=1)
    if token is None:
        token = getattr(settings, "token", None) or os.environ.get("EVENTWIRE_TOKEN") or None
    config = WebConfig(str(db_path), settings, token, max_body_bytes, local=local)
    # Create or migrate the database now, so a bad path fails at start, not per request.
    Store.open(config.db_path).close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=(
            "News articles in, source-linked political event data out. Every list "
            "returns `{total, items}`; every item points at its words in the article "
            "by character offsets. Reading is open; `POST /api/articles` and "
            "`POST /api/extract` need `Authorization: Bearer <EVENTWIRE_TOKEN>` (extract "
            "is open, rate-limited, on a server started with `--public-extract`). Errors "
            "are `{error: {status, message}}`."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.config = config
    app.state.pool = StorePool(config.db_path)
    app.state.templates = make_templates()
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(WEB_FILES / "static")), name="static")
    _add_error_handlers(app)

    # Added last = outermost: the body limit sees a request before anything reads it,
    # and the headers reach every response the middleware inside them sends (the
    # host check's 400 too). A 500 leaves around them all: error_response adds them.
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.pool.close()  # the server stops: close the connections kept open


# --- errors ----------------------------------------------------------------------------------


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """Return an error as JSON (API) or as an HTML page (UI), with the given status."""
    headers = SECURITY_HEADERS_DICT | (extra.pop("headers", None) or {})
    if _wants_json(request):
        body = {"error": {"status": status, "message": message, **extra}}
        return JSONResponse(body, status_code=status, headers=headers)
    return render(
        request, "error.html", status_code=status, headers=headers, status=status, message=message
    )


_REASONS = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
    429: "too many requests",
    503: "service unavailable",
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
