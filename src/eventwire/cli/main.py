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
from rich.table import Table

from eventwire import __version__
from eventwire.cli import stories as stories_cli
from eventwire.cli.common import (
    DbOption,
    JsonOption,
    LimitOption,
    cell,
    err,
    open_store,
    out,
)
from eventwire.cli.distributed import OutOption, SchedulerOption, WorkersOption, load, watch
from eventwire.cli.serve import serve
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


def _settings(**overrides: object) -> Settings:
    return Settings.from_env(**overrides)


def _print_rows(rows: list[dict], columns: list[str], title: str, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*[cell(row.get(col)) for col in columns])
    out.print(table)


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
        str,
        typer.Option("--format", "-f", help="Output: 'json' (one object per article) or 'table'."),
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
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    out_dir: OutOption = None,
) -> None:
    """Read, extract and store articles. Exit status 1 if any input failed.

    With --scheduler or --workers the extraction runs on a Dask cluster; with
    --out the results go to Parquet shards for 'eventwire load'.
    """
    settings = _settings(db=db, processes=processes, batch_size=batch_size)
    progress = None if quiet else err
    if scheduler or workers or out_dir:
        from eventwire.run.dask import ingest_distributed

        summary = ingest_distributed(
            paths,
            settings,
            scheduler=scheduler,
            workers=workers,
            out=out_dir,
            published=published,
            progress=progress,
            on_failure=_warn,
        )
    else:
        from eventwire.run.local import ingest_paths

        summary = ingest_paths(
            paths, settings, published=published, progress=progress, on_failure=_warn
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
    with open_store(db) as store:
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
    with open_store(db) as store:
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
    with open_store(db) as store:
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
    with open_store(db) as store:
        rows = store.search(query, limit=limit)
    _print_rows(rows, ["id", "title", "snippet"], f"Search: {query}", as_json)


def _event_row(item: dict) -> dict:
    def names(parts: list[dict]) -> str:
        shown = []
        for p in parts:
            codes = "/".join(x for x in (p.get("country"), p.get("sector")) if x)
            shown.append(
                f"{p.get('name') or p.get('text')} ({codes})"
                if codes
                else p.get("name") or p.get("text")
            )
        return "; ".join(shown)

    return item | {
        "actor": names(item.get("actors", [])),
        "recipient": names(item.get("recipients", [])),
        "when": item.get("date") or "",
        "where": item.get("place") or "",
    }


EVENT_COLUMNS = ["type", "mode", "actor", "recipient", "modality", "when", "where", "trigger"]


@app.command()
def events(
    db: DbOption = None,
    event_type: stories_cli.EventTypeOption = None,
    actor: stories_cli.ActorOption = None,
    recipient: stories_cli.RecipientOption = None,
    since: stories_cli.SinceOption = None,
    until: stories_cli.UntilOption = None,
    modality: Annotated[
        str | None,
        typer.Option(
            help="asserted, negated, hypothetical, scheduled, requested, reported or historical."
        ),
    ] = None,
    merged: Annotated[
        bool,
        typer.Option(
            "--merged",
            help="One row per story event, merged across articles, with source counts "
            "(run `eventwire merge` first); --modality does not apply.",
        ),
    ] = False,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
) -> None:
    """List coded events with filters: who did what to whom, when and where."""
    if merged:
        stories_cli.stories(
            db=db,
            event_type=event_type,
            actor=actor,
            recipient=recipient,
            since=since,
            until=until,
            min_sources=None,
            sort="-date",
            limit=limit,
            as_json=as_json,
        )
        return
    from eventwire.store import EventQuery

    query = EventQuery(event_type, actor, recipient, modality=modality, since=since, until=until)
    with open_store(db) as store:
        found = store.events(query, limit=limit)
    rows = [_event_row(item) for item in found["items"]]
    _print_rows(rows, EVENT_COLUMNS, f"Events ({found['total']} found)", as_json)


@app.command()
def calendar(
    db: DbOption = None,
    after: Annotated[
        str | None, typer.Option(help="Only events dated on or after this day (ISO).")
    ] = None,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """Scheduled future events: what, who, when, where, and the article that says so."""
    with open_store(db) as store:
        found = store.calendar(after=after, limit=limit)
    rows = [_event_row(item) | {"source": item.get("title")} for item in found["items"]]
    _print_rows(
        rows,
        ["when", "type", "mode", "actor", "recipient", "where", "trigger", "source"],
        f"Calendar ({found['total']} scheduled)",
        as_json,
    )


@app.command()
def failures(db: DbOption = None, limit: LimitOption = 50, as_json: JsonOption = False) -> None:
    """List inputs that could not be read or extracted, with the reason."""
    with open_store(db) as store:
        rows = store.failures(limit=limit)
    _print_rows(rows, ["source", "stage", "message"], "Failures", as_json)


@app.command()
def summary(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds, and a look at the latest articles."""
    with open_store(db) as store:
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
    _print_rows(top, ["name", "type", "country", "sector", "role", "articles"], "Top actors", False)


@app.command("export")
def export_cmd(
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (full extractions), plover (one PLOVER record per event), csv or parquet.",
        ),
    ] = "jsonl",
    table: Annotated[
        str,
        typer.Option(
            help="For csv/parquet: articles, actors, mentions, times, places, quotes, "
            "events, event_actors, entities, failures."
        ),
    ] = "articles",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
) -> None:
    """Export the store: JSON Lines, PLOVER JSON Lines, CSV or Parquet (one table)."""
    from eventwire.export import export

    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--output")
    with open_store(db) as store:
        export(store, fmt, output if output is not None else sys.stdout, table=table)


app.command()(serve)
app.command()(load)
app.command()(watch)
stories_cli.register(app)

eval_app = typer.Typer(
    help="Score eventwire on gold data (see docs/evaluation.md).", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")


def _print_scores(result: dict, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, default=str) + "\n")
        return
    from eventwire.evaluate.metrics import confusion_rows

    for name in ("dyad", "quad"):
        scores = result.get(name)
        if not scores:
            continue
        table = Table(
            title=f"{name}: accuracy {scores['accuracy']:.3f}, macro-F1 {scores['macro_f1']:.3f}, "
            f"n={scores['n']}"
        )
        for col in ("class", "precision", "recall", "F1", "support"):
            table.add_column(col, justify="left" if col == "class" else "right")
        for label, v in scores["per_class"].items():
            table.add_row(
                label,
                f"{v['precision']:.3f}",
                f"{v['recall']:.3f}",
                f"{v['f1']:.3f}",
                str(v["support"]),
            )
        out.print(table)
        predicted, rows = confusion_rows(scores)
        matrix = Table(title=f"{name} confusion (rows gold, columns predicted)")
        matrix.add_column("gold")
        for p in predicted:
            matrix.add_column(p[:5], justify="right")
        for g, row in zip(scores["labels"], rows, strict=True):
            matrix.add_row(g, *[str(n) if n else "." for n in row])
        out.print(matrix)
    flat = {
        k: v
        for k, v in result.items()
        if k not in ("dyad", "quad") and not isinstance(v, (dict, list))
    }
    for key in ("open",):
        if isinstance(result.get(key), dict):
            flat |= {f"{key} {k}": v for k, v in result[key].items()}
    for key, value in result.items():
        if isinstance(value, dict) and key not in ("dyad", "quad", "open"):
            flat |= {f"{key} {k}": v for k, v in value.items() if not isinstance(v, (dict, list))}
    table = Table(title="scores")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in flat.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


PathArg = Annotated[Path, typer.Argument(help="Gold file or folder.")]


@eval_app.command("events")
def eval_events(
    path: PathArg,
    mode: Annotated[str, typer.Option(help="dyad, open or both.")] = "both",
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Event types on PLOVER GSR JSON or PLV TSV: dyad and open-mode scores."""
    from eventwire.evaluate.events import evaluate_events

    _print_scores(evaluate_events(path, mode=mode, limit=limit), as_json)


@eval_app.command("quotes")
def eval_quotes(path: PathArg, as_json: JsonOption = False) -> None:
    """Quotes on BRAT attribution data (PolNeAR): content P/R/F1 and speaker accuracy."""
    from eventwire.evaluate.quotes import evaluate_quotes

    _print_scores(evaluate_quotes(path), as_json)


@eval_app.command("time")
def eval_time(
    paths: Annotated[list[Path], typer.Argument(help="TimeML .tml files or folders.")],
    as_json: JsonOption = False,
) -> None:
    """Temporal expressions on TimeML: extent and value F1 against each document's DCT."""
    from eventwire.evaluate.time import evaluate_time

    files = [f for p in paths for f in (sorted(p.rglob("*.tml")) if p.is_dir() else [p])]
    _print_scores(evaluate_time(files), as_json)


@eval_app.command("geo")
def eval_geo(path: PathArg, as_json: JsonOption = False) -> None:
    """Toponyms on LGL / TR-News / GeoVirus XML: P/R/F1 and accuracy within 161 km."""
    from eventwire.evaluate.geo import evaluate_geo

    _print_scores(evaluate_geo(path), as_json)


@eval_app.command("html")
def eval_html(
    path: PathArg,
    limit: Annotated[int | None, typer.Option(help="Score only the first N pages.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Article body extraction on the HTML benchmark: 4-gram shingle P/R/F1."""
    from eventwire.evaluate.html import evaluate_html

    _print_scores(evaluate_html(path, limit=limit), as_json)


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
