"""The ``eventwire serve`` command: run the web app with uvicorn.

Reads ``--db`` / ``EVENTWIRE_DB``, ``--host``, ``--port`` and
``EVENTWIRE_TOKEN``; starts the app from ``eventwire.web.app.create_app``.
Registered in ``cli/app.py``.
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
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the JSON API (/api, docs at /docs) over the store.

    Reading is open to whoever reaches the address; POST /api/articles needs
    'Authorization: Bearer $EVENTWIRE_TOKEN' and is refused when EVENTWIRE_TOKEN is unset.
    """
    import uvicorn

    from eventwire.web.app import create_app

    options = settings(db=db, processes=1)
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"warning: listening on {host}: anyone who can reach this address can read the "
            "store; keep the default 127.0.0.1 unless that is intended",
            err=True,
        )
    writes = "enabled (bearer token)" if os.environ.get("EVENTWIRE_TOKEN") else "disabled"
    typer.echo(f"eventwire: serving {options.db} on http://{host}:{port}/ (writes {writes})")
    app = create_app(
        options.db, options, allowed_hosts=LOOPBACK_HOSTS + [host] if loopback else None
    )
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
