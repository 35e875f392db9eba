"""What every ``eventwire`` command module shares: consoles, common options,
opening the store and shortening table cells.

``cli.py``, ``stories_cli.py`` and ``distributed_cli.py`` import these rather
than each declaring their own.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from eventwire.settings import SETTINGS_HELP, Settings

# Piped output gets wide tables instead of wrapping at 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=SETTINGS_HELP["db"] + " [env: EVENTWIRE_DB]", show_default=False),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="Rows to show.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def open_store(db: str | None):
    """The store at ``--db``, else ``EVENTWIRE_DB``, else the default path."""
    from eventwire.store import Store

    return Store.open(Settings.from_env(db=db).db)


def cell(value: object, width: int = 80) -> str:
    """A table cell: empty for None, cut to ``width`` characters with an ellipsis."""
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
