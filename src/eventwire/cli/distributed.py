"""CLI commands for scale-out and incremental ingest: ``load`` and ``watch``.

Thin Typer commands over ``eventwire.run.shards`` and ``eventwire.run.watch``, kept
apart from ``cli.py`` so they can be registered there with
``app.command()(load)`` and ``app.command()(watch)``. The options that
``ingest`` gains for Dask (``--scheduler``, ``--workers``, ``--out``) are
declared here too, as ``SchedulerOption``, ``WorkersOption`` and ``OutOption``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli.common import DbOption, err, out
from eventwire.records import Failure
from eventwire.settings import SETTINGS_HELP, Settings

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Extract on the Dask cluster of this scheduler, e.g. tcp://host:8786.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Extract on a local Dask cluster of N worker processes (one thread each).",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write Parquet shards to DIR instead of the store; load them with "
        "'eventwire load DIR'. DIR must be writable by every worker.",
        show_default=False,
    ),
]


def _warn(failure: Failure) -> None:
    err.print(f"[red]error[/red] {failure}", highlight=False, soft_wrap=True)


def load(
    directory: Annotated[Path, typer.Argument(help="The --out DIR of 'eventwire ingest'.")],
    db: DbOption = None,
) -> None:
    """Load the Parquet shards of 'ingest --out' into the store; loaded shards are skipped."""
    from eventwire.run.shards import load_shards
    from eventwire.store import Store

    settings = Settings.from_env(db=db)
    with Store.open(settings.db) as store:
        summary = load_shards(directory, store, on_failure=_warn)
    out.print(summary.describe())
    raise typer.Exit(1 if summary.failed else 0)


def watch(
    target: Annotated[
        Path, typer.Argument(help="Folder (watched recursively) or feed / JSON Lines file.")
    ],
    db: DbOption = None,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between polls.")] = 5.0,
    once: Annotated[
        bool, typer.Option("--once", help="Ingest what is there now and stop.")
    ] = False,
    processes: Annotated[
        int | None, typer.Option("--processes", "-p", help=SETTINGS_HELP["processes"])
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO) for inputs without one.")
    ] = None,
) -> None:
    """Ingest new files (and new feed entries) as they appear; safe to stop and restart."""
    from eventwire.run.watch import PollReport, watch_path

    settings = Settings.from_env(db=db, processes=processes)

    def show(report: PollReport) -> None:
        if report.files or report.failed or once:
            out.print(report.describe())

    if not once:
        err.print(f"watching {target} every {interval:g} s; Ctrl-C to stop")
    try:
        total = watch_path(
            target,
            settings,
            interval=interval,
            once=once,
            published=published,
            on_poll=show,
            on_failure=_warn,
        )
    except KeyboardInterrupt:
        # Files being ingested when interrupted are not recorded yet: the next run reads them.
        err.print("stopped")
        raise typer.Exit(0) from None
    raise typer.Exit(1 if total.failed else 0)
