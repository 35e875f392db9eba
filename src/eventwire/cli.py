"""The ``eventwire`` command line: thin commands over the library.

Each command parses its options, makes one library call (``pipeline``,
``ingest``, ``Store``, ``export``, ``evaluate``) and prints the result as a
rich table or as JSON. No extraction logic lives here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.records import Extraction, Failure
from eventwire.settings import SETTINGS_HELP, Settings

app = typer.Typer(
    name="eventwire",
    help="Turn news articles into source-linked political event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=SETTINGS_HELP["db"] + " [env: EVENTWIRE_DB]", show_default=False),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="Rows to show.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _settings(**overrides: object) -> Settings:
    return Settings.from_env(**overrides)


def _open_store(db: str | None):
    from eventwire.store import Store

    return Store.open(_settings(db=db).db)


def _print_rows(rows: list[dict], columns: list[str], title: str, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*[_cell(row.get(col)) for col in columns])
    out.print(table)


def _cell(value: object, width: int = 80) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_extraction(ex: Extraction) -> None:
    a = ex.article
    out.rule(f"[bold]{a.title or a.source}")
    out.print(
        f"id {a.id} · {a.publisher or 'unknown publisher'} · {a.section or '-'} · "
        f"published {a.published or 'unknown'} · language {a.language or '?'}"
    )
    if ex.status != "ok":
        out.print(f"[yellow]{ex.status}: {ex.reason}")
        return
    _print_rows(
        [a2.to_dict() | {"mentions": len(a2.mentions)} for a2 in ex.actors],
        ["key", "name", "type", "country", "sector", "role", "mentions"],
        "Actors",
        False,
    )
    _print_rows(
        [t.to_dict() for t in ex.times],
        ["text", "type", "value", "granularity", "start"],
        "Times",
        False,
    )
    _print_rows(
        [p.to_dict() for p in ex.places],
        ["text", "name", "country", "feature", "lat", "lon", "start"],
        "Places",
        False,
    )
    _print_rows(
        [q.to_dict() for q in ex.quotes],
        ["speaker_name", "cue", "direct", "text"],
        "Quotes",
        False,
    )


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files to extract (any supported format).")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: 'json' (one object per article) or 'table'.")
    ] = "table",
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (ISO) for inputs without one; anchors 'Friday'."),
    ] = None,
) -> None:
    """Extract articles and print the result; nothing is stored."""
    from eventwire.ingest import read_paths
    from eventwire.pipeline import extract_articles

    settings = _settings(processes=1)
    failed = 0
    results = []
    for result in extract_articles(read_paths(paths, settings, published=published), settings):
        if isinstance(result, Failure):
            err.print(f"[red]error[/red] {result}", highlight=False)
            failed += 1
            continue
        if fmt == "json":
            results.append(result.to_dict())
        else:
            _print_extraction(result)
    if fmt == "json":
        payload = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (recursive); .gz is read too.")
    ],
    db: DbOption = None,
    processes: Annotated[
        int | None, typer.Option("--processes", "-p", help=SETTINGS_HELP["processes"])
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help=SETTINGS_HELP["batch_size"])
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO) for inputs without one.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, extract and store articles. Exit status 1 if any input failed."""
    from eventwire.runner import ingest_paths

    settings = _settings(db=db, processes=processes, batch_size=batch_size)
    summary = ingest_paths(
        paths, settings, published=published, progress=None if quiet else err, on_failure=_warn
    )
    out.print(summary.describe())
    raise typer.Exit(1 if summary.failed else 0)


def _warn(failure: Failure) -> None:
    err.print(f"[red]error[/red] {failure}", highlight=False, soft_wrap=True)


@app.command()
def articles(
    db: DbOption = None,
    limit: LimitOption = 20,
    since: Annotated[str | None, typer.Option(help="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (ISO date).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    with _open_store(db) as store:
        rows = store.articles(limit=limit, since=since, until=until)
    _print_rows(rows, ["id", "published", "publisher", "title", "status"], "Articles", as_json)


@app.command()
def actors(
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="Name contains this text.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 code, e.g. UKR.")] = None,
    actor_type: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG, COUNTRY, IGO, MEDIA or GROUP.")
    ] = None,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
) -> None:
    """List actors across articles with their codes and article counts."""
    with _open_store(db) as store:
        rows = store.actors(name=name, country=country, type=actor_type, limit=limit)
    _print_rows(
        rows,
        ["name", "type", "country", "sector", "role", "articles", "mentions"],
        "Actors",
        as_json,
    )


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this text.")] = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """List quotes and reported speech with their speakers."""
    with _open_store(db) as store:
        rows = store.quotes(speaker=speaker, limit=limit)
    _print_rows(rows, ["speaker_name", "cue", "direct", "text", "article_id"], "Quotes", as_json)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Full-text query (SQLite FTS5 syntax).")],
    db: DbOption = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over article titles and bodies."""
    with _open_store(db) as store:
        rows = store.search(query, limit=limit)
    _print_rows(rows, ["id", "title", "snippet"], f"Search: {query}", as_json)


@app.command()
def failures(db: DbOption = None, limit: LimitOption = 50, as_json: JsonOption = False) -> None:
    """List inputs that could not be read or extracted, with the reason."""
    with _open_store(db) as store:
        rows = store.failures(limit=limit)
    _print_rows(rows, ["source", "stage", "message"], "Failures", as_json)


@app.command()
def summary(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds, and a look at the latest articles."""
    with _open_store(db) as store:
        stats = store.stats()
        latest = store.articles(limit=10)
        top = store.actors(limit=12)
    if as_json:
        out.print_json(json.dumps({"stats": stats, "latest": latest, "actors": top}, default=str))
        return
    table = Table(title="eventwire store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        table.add_row(key, str(value))
    out.print(table)
    _print_rows(latest, ["published", "publisher", "title", "status"], "Latest articles", False)
    _print_rows(
        top, ["name", "type", "country", "sector", "role", "articles"], "Top actors", False
    )


@app.command("export")
def export_cmd(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    table: Annotated[
        str,
        typer.Option(help="For csv/parquet: articles, actors, mentions, times, places, quotes."),
    ] = "articles",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
) -> None:
    """Export the store as JSON Lines (full extractions), CSV or Parquet (one table)."""
    from eventwire.export import export

    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--output")
    with _open_store(db) as store:
        export(store, fmt, output if output is not None else sys.stdout, table=table)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=version_callback, is_eager=True, help="Show version."),
    ] = None,
) -> None:
    """Turn news articles into source-linked political event data."""


def main() -> None:
    try:
        app()
    except EventwireError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        sys.exit(2)
