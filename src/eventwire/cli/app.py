"""The ``eventwire`` command line: one Typer app, its commands registered by group.

Each group lives in its own module: reading inputs (``ingest.py``), looking
at the store (``browse.py``), ``export.py``, the web server (``serve.py``),
cross-article merging (``stories.py``) and scoring (``evaluate.py``, the
``eval`` subcommands). This module creates the app, adds the commands in the
order ``eventwire --help`` lists them and runs it: ``main`` is the console
script's entry point, printing an ``EventwireError`` as one line (exit status 2).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from eventwire import __version__
from eventwire.cli.actors import actors_app
from eventwire.cli.browse import (
    articles,
    calendar,
    events,
    failures,
    quotes,
    search,
    summary,
)
from eventwire.cli.common import err, out, plain
from eventwire.cli.evaluate import eval_app
from eventwire.cli.export import export_store
from eventwire.cli.ingest import extract, ingest, load, watch
from eventwire.cli.serve import serve
from eventwire.cli.stories import register as add_story_commands
from eventwire.cli.train import train
from eventwire.errors import EventwireError

app = typer.Typer(
    name="eventwire",
    help="Turn news articles into source-linked political event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# In the order `eventwire --help` lists them.
for command in (extract, ingest, articles):
    app.command()(command)
app.add_typer(actors_app, name="actors")
for command in (
    quotes,
    search,
    events,
    calendar,
    failures,
    summary,
):
    app.command()(command)
app.command("export")(export_store)
for command in (serve, load, watch):
    app.command()(command)
add_story_commands(app)
app.add_typer(eval_app, name="eval")
app.command()(train)


def _show_version(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show version."),
    ] = None,
) -> None:
    """Turn news articles into source-linked political event data."""


def main() -> None:
    """Run the command line; an ``EventwireError`` is printed as one line, exit status 2."""
    try:
        app()
    except EventwireError as exc:
        err.print(f"[red]error[/red] {plain(exc)}", highlight=False)
        sys.exit(2)
