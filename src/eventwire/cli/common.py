"""What every ``eventwire`` command module shares: consoles, options, the store, printing.

The command modules (``ingest.py``, ``browse.py``, ``export.py``,
``stories.py``, ``evaluate.py``, ``serve.py``) import these rather than each
declaring their own: the ``--db``, ``--limit``, ``--json``, ``--processes``
and ``--published`` options, the event filters of ``events`` and
``stories``, ``--all`` and the confidence cut it lifts, opening the store,
and printing rows as a rich table or JSON.
Reads the environment (``EVENTWIRE_*``, through ``Settings``); writes to
stdout and stderr.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from eventwire.records import Failure
from eventwire.settings import SETTINGS_HELP, Settings

if TYPE_CHECKING:
    from eventwire.store import Store

# Piped output gets wide tables instead of wrapping at 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=SETTINGS_HELP["db"] + " [env: EVENTWIRE_DB]", show_default=False),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="Rows to show.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ProcessesOption = Annotated[
    int | None, typer.Option("--processes", "-p", help=SETTINGS_HELP["processes"])
]
PublishedOption = Annotated[
    str | None, typer.Option(help="Publication date (ISO) for inputs without one.")
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Include events below the confidence cut "
        "(EVENTWIRE_MIN_CONFIDENCE, default 0.1), which are hidden otherwise.",
    ),
]

# Event filters, shared by `eventwire events` and `eventwire stories` (see with_event_filters).
EventTypeOption = Annotated[
    str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT or REQUEST.")
]
ActorOption = Annotated[
    str | None, typer.Option(help="Actor by country code (RUS) or name (Sybiha).")
]
RecipientOption = Annotated[str | None, typer.Option(help="Recipient by country code or name.")]
SinceOption = Annotated[str | None, typer.Option(help="Event date on or after (ISO).")]
UntilOption = Annotated[str | None, typer.Option(help="Event date on or before (ISO).")]
EVENT_FILTERS = {
    "event_type": EventTypeOption,
    "actor": ActorOption,
    "recipient": RecipientOption,
    "since": SinceOption,
    "until": UntilOption,
}
ModalityOption = Annotated[
    str | None,
    typer.Option(
        help="asserted, negated, hypothetical, scheduled, requested, reported or historical."
    ),
]


def event_filters(
    event_type: str | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, str | None]:
    """The event filters as keyword arguments of ``Store.events`` and ``Store.stories``."""
    return {
        "type": event_type.upper() if event_type else None,
        "actor": actor,
        "recipient": recipient,
        "since": since,
        "until": until,
    }


def with_event_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the ``EVENT_FILTERS`` options in place of its ``filters`` parameter.

    The command is called with ``filters=event_filters(...)``; Typer sees the
    options themselves, so ``events`` and ``stories`` declare them once, here.
    """
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("filters")
    options = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=option)
        for name, option in EVENT_FILTERS.items()
    ]
    keyword_only = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        filters = event_filters(**{name: values.pop(name, None) for name in EVENT_FILTERS})
        command(filters=filters, **values)

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=keyword_only[:at] + options + keyword_only[at + 1 :]
    )
    return run


def settings(**overrides: object) -> Settings:
    """Settings from the environment, with the options given on the command line on top."""
    return Settings.from_env(**overrides)


def confidence_cut(show_all: bool) -> float | None:
    """The least confidence of the events a command shows: None (all) with ``--all``."""
    return None if show_all else settings().min_confidence


def open_store(db: str | None) -> Store:
    """The store at ``--db``, else ``EVENTWIRE_DB``, else the default path."""
    # imported here, as the library in every command: `eventwire --help` stays quick
    from eventwire.store import Store

    return Store.open(settings(db=db).db)


def cell(value: object, width: int = 80) -> str:
    """A table cell: empty for None, cut to ``width`` characters with an ellipsis."""
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def print_rows(rows: list[dict], columns: list[str], title: str, as_json: bool) -> None:
    """Print ``rows`` as a table of ``columns``, or all their fields as JSON."""
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*[cell(row.get(col)) for col in columns])
    out.print(table)


def write_json(data: Any, *, ensure_ascii: bool = False) -> None:
    """Write ``data`` to stdout as indented JSON, without colours (for pipes and files)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=ensure_ascii, default=str) + "\n")


def warn(failure: Failure) -> None:
    """Print a one-line error for an input that failed; the command goes on."""
    err.print(f"[red]error[/red] {failure}", highlight=False, soft_wrap=True)
