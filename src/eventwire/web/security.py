"""Guards of the web app: body limit, security headers, tokens, extraction limits, display.

Reads request headers and bodies; writes nothing. The body limit refuses a
request whose declared or actual body is larger than the limit with a 413
JSON error before any route reads it. The headers middleware adds a strict
Content-Security-Policy (scripts and styles only from this server, no inline
script), so even a bug in escaping could not run an article's script; the
app's error handlers add the same headers to the responses they build
(``SECURITY_HEADERS_DICT``), since a 500 leaves by a way around the middleware.
``require_token`` checks ``Authorization: Bearer <token>`` with a constant-time
comparison.

Extraction costs seconds of CPU per article, so who may ask for it is decided
here (``extract_caller``): a caller with the token; the paste form of a server
only this machine can reach; and, only when the server runs with
``public_extract``, anyone, at a rate per client (``ExtractGate.check_rate``,
429) and a smaller size. Every extraction passes ``ExtractGate.admit``, a
bounded queue that answers 503 when full. Both set ``Retry-After``. The paste
form carries a per-server random token and is refused when the browser says
the post came from another site (``check_form_post``).

``show_invisible`` turns bidi controls and other invisible characters into
visible markers; the page templates pass every value they print through it.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
SECURITY_HEADERS_DICT = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}


class _BodyTooLarge(HTTPException):
    """Raised while a route reads a body past the limit; an HTTPException so that FastAPI's
    body parsing passes it on (it turns other exceptions into 400) to the 413 handler."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, _too_large_message(max_bytes))


def _too_large_message(max_bytes: int) -> str:
    return (
        f"request body is larger than the limit of {max_bytes / (1024 * 1024):g} MB; "
        "send fewer or shorter articles per request"
    )


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` with 413 and a JSON message."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                await _send_json(send, 400, "Content-Length is not a number")
                return
            if too_large:
                await self._refuse(send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # A chunked body without Content-Length that grows too large.
                    raise _BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await _send_json(send, 413, _too_large_message(self.max_bytes))


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Add CSP and related headers to every response that does not set them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def require_token(request: Request) -> None:
    """Allow a write only with ``Authorization: Bearer <token>`` matching the app's token.

    401 when the header is missing or malformed, 403 when the token is wrong
    or when the server has no token (writes disabled).
    """
    expected = request.app.state.config.token
    if not expected:
        raise HTTPException(
            403,
            "this server has no EVENTWIRE_TOKEN, so writing (and extracting through the API) "
            "is disabled: start it with EVENTWIRE_TOKEN set to a secret and send it as "
            "'Authorization: Bearer <token>'",
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            401,
            "this endpoint needs 'Authorization: Bearer <token>' with the server's EVENTWIRE_TOKEN",
            headers={"WWW-Authenticate": 'Bearer realm="eventwire"'},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "the bearer token is not the one this server was started with")


# --- extraction: who may ask, how often, how many at once ------------------------------------


def extract_caller(request: Request, *, form: bool = False) -> str | None:
    """Who asks for an extraction: None for a trusted caller, else the client to rate-limit.

    Trusted: a caller with the bearer token, and the paste form of a server
    only this machine can reach (``WebConfig.local``). Anyone else only when the
    server runs with ``public_extract``; otherwise 401 or 403 saying how to get in.
    """
    config = request.app.state.config
    if request.headers.get("authorization"):
        require_token(request)
        return None
    if form and config.local:
        return None
    if config.settings.public_extract:
        return request.client.host if request.client else "unknown"
    if form:
        raise HTTPException(
            403,
            "the paste form is off on a server other machines can reach: start "
            "'eventwire serve' on 127.0.0.1, or with --public-extract to open it to everyone",
        )
    if not config.token:
        raise HTTPException(
            403,
            "extraction is disabled on this server: start it with EVENTWIRE_TOKEN set and "
            "send 'Authorization: Bearer <token>', or with --public-extract",
        )
    raise HTTPException(
        401,
        "POST /api/extract needs 'Authorization: Bearer <token>' with the server's "
        "EVENTWIRE_TOKEN (or a server started with --public-extract)",
        headers={"WWW-Authenticate": 'Bearer realm="eventwire"'},
    )


def check_public_size(chars: int, limit: int) -> None:
    """Refuse (413) a text longer than what callers without the token may extract."""
    if chars > limit:
        raise HTTPException(
            413,
            f"the article has {chars:,} characters; without the token this server "
            f"extracts at most {limit:,}",
        )


class ExtractGate:
    """A rate per client and a bounded queue in front of the one spaCy pipeline.

    ``check_rate`` allows ``per_minute`` extractions per client in any 60
    seconds (a sliding window), else 429. ``admit`` holds a place among
    ``queue_size`` extractions running or waiting, else 503; its Retry-After
    is the queue times the mean time of the last extractions.
    """

    WINDOW = 60.0
    MAX_CLIENTS = 10_000  # clients remembered at once; the oldest are forgotten first

    def __init__(self, queue_size: int, per_minute: int) -> None:
        self.queue_size = max(1, queue_size)
        self.per_minute = max(1, per_minute)
        self._lock = threading.Lock()
        self._pending = 0
        self._seconds = 5.0  # mean time of one extraction, updated as they finish
        self._asked: dict[str, deque[float]] = {}

    @property
    def pending(self) -> int:
        """Extractions running or waiting now."""
        return self._pending

    def check_rate(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            asked = self._asked.pop(client, None) or deque()
            while asked and now - asked[0] >= self.WINDOW:
                asked.popleft()
            self._asked[client] = asked  # re-inserted: the dict keeps the latest last
            if len(asked) >= self.per_minute:
                wait = math.ceil(self.WINDOW - (now - asked[0]))
                raise HTTPException(
                    429,
                    f"{self.per_minute} extractions a minute per client; try again in {wait} s",
                    headers={"Retry-After": str(max(1, wait))},
                )
            asked.append(now)
            while len(self._asked) > self.MAX_CLIENTS:
                del self._asked[next(iter(self._asked))]

    @contextmanager
    def admit(self) -> Iterator[None]:
        with self._lock:
            if self._pending >= self.queue_size:
                wait = math.ceil(self._seconds * self._pending)
                raise HTTPException(
                    503,
                    f"the server is busy with {self._pending} extractions; try again in {wait} s",
                    headers={"Retry-After": str(max(1, wait))},
                )
            self._pending += 1
        started = time.monotonic()
        try:
            yield
        except BaseException:
            with self._lock:
                self._pending -= 1
            raise
        with self._lock:  # only finished extractions count towards the mean time
            self._pending -= 1
            self._seconds = 0.7 * self._seconds + 0.3 * (time.monotonic() - started)


# --- the paste form: same-site posts only ----------------------------------------------------


def check_form_post(request: Request, given: str | None) -> None:
    """Refuse (403) a form post another site made the browser send.

    The browser's ``Sec-Fetch-Site`` and ``Origin`` must not name another site,
    and the form's hidden ``csrf`` field must carry this server's form token,
    which a page on another site cannot read.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    # Under "Referrer-Policy: no-referrer" a browser sends "Origin: null" even from
    # our own page; Sec-Fetch-Site and the token still tell.
    foreign = (fetch_site not in (None, "same-origin", "none")) or (
        origin not in (None, "null", own)
    )
    expected = request.app.state.config.form_token
    if foreign or not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            403,
            "this form was not sent from this server's own page; open the paste page "
            "again and send it from there",
        )


# --- display: invisible characters made visible ----------------------------------------------

# Bidi embeddings, overrides, isolates and marks, the zero-width space, word joiner
# and invisible operators, the BOM, interlinear annotation and tag characters, and
# C0/C1 controls (tab and newlines stay): each can make text read other than it is
# ("\u202eevil\u202c" shows as "live"). The zero-width (non-)joiners stay, as
# scripts and emoji need them.
INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def show_invisible(value: Any) -> Any:
    """Replace each invisible character of a string by a visible marker such as ``[U+202E]``.

    Other values, and markup the templates built themselves, pass unchanged.
    """
    if type(value) is not str or not INVISIBLE.search(value):
        return value
    return INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)


def show_invisible_in(data: Any) -> Any:
    """``show_invisible`` over every string in JSON-like data (for data a page's script draws)."""
    if isinstance(data, str):
        return show_invisible(data)
    if isinstance(data, dict):
        return {key: show_invisible_in(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [show_invisible_in(value) for value in data]
    return data
