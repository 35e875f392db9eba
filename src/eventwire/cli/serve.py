"""The ``eventwire serve`` command: run the web app with uvicorn.

Reads ``--db`` / ``EVENTWIRE_DB``, ``--host``, ``--port``,
``--public-extract`` / ``EVENTWIRE_PUBLIC_EXTRACT`` and ``EVENTWIRE_TOKEN``;
starts the app from ``eventwire.web.app.create_app``. Registered in ``cli/app.py``.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from eventwire.cli.common import DbOption, settings

# Host names that only this machine can reach; the app then refuses other Host headers.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def is_loopback(host: str) -> bool:
    """Return True when ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; the default serves this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    public_extract: Annotated[
        bool,
        typer.Option(
            "--public-extract",
            help="Let anyone who reaches the server extract articles (POST /api/extract and "
            "the paste page) without the token: a few a minute per client, shorter texts, "
            "a bounded queue.",
        ),
    ] = False,
) -> None:
    """Serve the web UI and the JSON API (/api, docs at /docs) over the store.

    Reading is open to whoever reaches the address; POST /api/articles and
    POST /api/extract need 'Authorization: Bearer $EVENTWIRE_TOKEN' (refused when
    EVENTWIRE_TOKEN is unset). The paste page works for this machine's user when the
    server listens on 127.0.0.1; --public-extract opens extraction to everyone.
    """
    import uvicorn

    from eventwire.web.app import create_app

    options = settings(db=db, processes=1, public_extract=public_extract or None)
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"warning: listening on {host}: anyone who can reach this address can read the "
            "store; keep the default 127.0.0.1 unless that is intended",
            err=True,
        )
    writes = "enabled (bearer token)" if os.environ.get("EVENTWIRE_TOKEN") else "disabled"
    if options.public_extract:
        extract = f"open to all, {options.extract_per_minute} a minute per client"
    else:
        extract = "bearer token" + (", paste page for this machine" if loopback else "")
    typer.echo(
        f"eventwire: serving {options.db} on http://{host}:{port}/ "
        f"(writes {writes}; extraction {extract})"
    )
    app = create_app(
        options.db,
        options,
        allowed_hosts=LOOPBACK_HOSTS + [host] if loopback else None,
        local=loopback,
    )
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
