"""Guards of the web app: request body limit, security headers, bearer token for writes.

Reads request headers and bodies; writes nothing. The body limit refuses a
request whose declared or actual body is larger than the limit with a 413
JSON error before any route reads it. The headers middleware adds a strict
Content-Security-Policy (scripts and styles only from this server, no inline
script), so even a bug in escaping could not run an article's script.
``require_token`` checks ``Authorization: Bearer <token>`` with a constant-time
comparison.
"""

from __future__ import annotations

import hmac
import json

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
            "writing is disabled on this server: start it with EVENTWIRE_TOKEN set to a "
            "secret and send it as 'Authorization: Bearer <token>'",
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
