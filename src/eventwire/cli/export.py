"""The ``eventwire export`` command: the store as JSON Lines, PLOVER, CSV or Parquet.

A thin command over ``eventwire.export.export``: reads the store at
``--db`` and writes one format to ``--output`` or stdout, without the events
below the confidence cut unless ``--all``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli.common import (
    AllOption,
    DbOption,
    choice,
    choice_option,
    confidence_cut,
    open_store,
)
from eventwire.export.files import EXPORT_TABLES, FORMATS


def export_store(
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (full extractions), plover (one PLOVER record per event), csv or parquet.",
            parser=choice(FORMATS),
        ),
    ] = "jsonl",
    table: Annotated[
        str,
        choice_option("For csv/parquet: the table to write.", EXPORT_TABLES),
    ] = "articles",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
    show_all: AllOption = False,
) -> None:
    """Export the store: JSON Lines, PLOVER JSON Lines, CSV or Parquet (one table).

    Events below the confidence cut are left out of every format (and of the
    events and event_actors tables) unless ``--all`` is given.
    """
    from eventwire.export import export

    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--output")
    with open_store(db) as store:
        export(
            store,
            fmt,
            output if output is not None else sys.stdout,
            table=table,
            min_confidence=confidence_cut(show_all),
        )
