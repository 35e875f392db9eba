"""What every ``eventwire`` command module shares: consoles, options, the store, printing.

The command modules (``ingest.py``, ``browse.py``, ``export.py``,
``stories.py``, ``evaluate.py``, ``serve.py``) import these rather than each
declaring their own: the ``--db``, ``--limit``, ``--json``, ``--processes``
and ``--published`` options, the event filters of ``events`` and
``stories``, ``--all`` and the confidence cut it lifts, options that take one
of a closed set of values (``choice``) or a date (``DATE``), opening the store
(refusing a missing one for commands that only read), and printing rows as a
rich table or JSON. Text from the store is never read as Rich markup: tables
take ``rich.text.Text`` cells (``cell``), and other prints escape it
(``plain``), so a title holding ``[/bold]`` prints as written.
Reads the environment (``EVENTWIRE_*``, through ``Settings``); writes to
stdout and stderr.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwire.datafiles import read_tsv
from eventwire.records import ACTOR_TYPES, MODALITIES, Failure
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
        f"(EVENTWIRE_MIN_CONFIDENCE, default {Settings.min_confidence}), "
        "which are hidden otherwise.",
    ),
]


def choice(values: Iterable[str]) -> Callable[[str], str]:
    """A parser taking one of ``values`` in any case; another value is refused with the list."""
    known = list(values)

    def parse(value: str) -> str:
        for option in known:
            if option.lower() == value.strip().lower():
                return option
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(known)}")

    return parse


def choice_option(help_text: str, values: Iterable[str], *names: str) -> Any:
    """A ``typer.Option`` taking one of ``values`` (any case), which its help lists."""
    known = list(values)
    return typer.Option(
        *names, help=f"{help_text} One of: {', '.join(known)}.", parser=choice(known)
    )


def parse_date(value: str) -> str:
    """Check a date option as the store reads it (ISO 8601); a bad one is a usage error."""
    from eventwire.store.filters import parse_bound

    try:
        return parse_bound(value, "date")
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 date or date-time; use e.g. 2024-11-29"
        ) from None


def date_option(help_text: str, *names: str) -> Any:
    """A ``typer.Option`` taking an ISO date (checked by ``parse_date``)."""
    return typer.Option(*names, help=help_text, parser=parse_date, metavar="DATE")


def plover_types() -> list[str]:
    """The PLOVER event types the coder assigns: the keys of its quad-class table."""
    return [row["key"] for row in read_tsv("event_rules.tsv") if row["table"] == "quad"]


# Event filters, shared by `eventwire events` and `eventwire stories` (see with_event_filters).
EventTypeOption = Annotated[
    str | None, choice_option("PLOVER event type.", plover_types(), "--type")
]
ActorOption = Annotated[
    str | None, typer.Option(help="Actor by country code (RUS) or name (Sybiha).")
]
RecipientOption = Annotated[str | None, typer.Option(help="Recipient by country code or name.")]
SinceOption = Annotated[str | None, date_option("Event date on or after (ISO).")]
UntilOption = Annotated[str | None, date_option("Event date on or before (ISO).")]
EVENT_FILTERS = {
    "event_type": EventTypeOption,
    "actor": ActorOption,
    "recipient": RecipientOption,
    "since": SinceOption,
    "until": UntilOption,
}
ModalityOption = Annotated[str | None, choice_option("How the text reports the event.", MODALITIES)]
ActorTypeOption = Annotated[str | None, choice_option("Actor type.", ACTOR_TYPES, "--type")]


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


def open_store(db: str | None, *, create: bool = False) -> Store:
    """The store at ``--db``, else ``EVENTWIRE_DB``, else the default path.

    A SQLite file that does not exist is refused (a usage error naming it)
    unless ``create``: a mistyped path must not read as an empty store.
    Commands that write (``ingest``, ``load``, ``watch``) create it.
    PostgreSQL URLs are opened as given.
    """
    # imported here, as the library in every command: `eventwire --help` stays quick
    from eventwire.store import Store
    from eventwire.store.dialect import is_postgres_url

    target = settings(db=db).db
    if not create and not is_postgres_url(target) and not Path(target).exists():
        raise typer.BadParameter(
            f"no store at {target}; check the path, or fill one with `eventwire ingest`",
            param_hint="--db",
        )
    return Store.open(target)


def cell(value: object, width: int = 80) -> Text:
    """A table cell shown as written (never as markup): empty for None, cut to ``width``.

    A ``Text`` (e.g. from ``marked``) is taken as it is.
    """
    if isinstance(value, Text):
        return value
    text = "" if value is None else str(value)
    return Text(text if len(text) <= width else text[: width - 1] + "…")


def plain(value: object) -> str:
    """``value`` as text escaped for Rich markup, to put stored text in a ``print``."""
    return escape("" if value is None else str(value))


def marked(text: str, open_mark: str, close_mark: str, width: int = 80) -> Text:
    """A cell of ``text`` whose parts between ``open_mark`` and ``close_mark`` show in bold.

    The text is cut to ``width`` visible characters first; a match it cuts
    is bold up to the cut.
    """
    shown = Text()
    style = ""
    for piece in re.split(f"({re.escape(open_mark)}|{re.escape(close_mark)})", text):
        if piece in (open_mark, close_mark):
            style = "bold" if piece == open_mark else ""
        else:
            shown.append(piece, style)
    if len(shown) > width:
        shown.truncate(width - 1)
        shown.append("…")
    return shown


def print_rows(rows: list[dict], columns: list[str], title: str, as_json: bool) -> None:
    """Print ``rows`` as a table of ``columns``, or all their fields as JSON."""
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=plain(title), show_lines=False)
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
    err.print(f"[red]error[/red] {plain(failure)}", highlight=False, soft_wrap=True)
