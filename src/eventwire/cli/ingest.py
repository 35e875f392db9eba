"""Commands that read inputs: ``extract``, ``ingest``, ``load`` and ``watch``.

Thin Typer commands over the library: ``extract`` over
``run.extract.extract_articles`` (nothing stored), ``ingest`` over the ingest
service (``run.service.ingest_paths``, or ``run.dask.ingest_distributed`` with
``--scheduler``, ``--workers`` or ``--out``), ``load`` over
``run.shards.load_shards`` and ``watch`` over ``run.watch.watch_path``.
Prints results and one line per failed input; ``ingest`` shows a progress
bar (``cli.progress``) on stderr.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli.browse import EVENT_COLUMNS, event_row
from eventwire.cli.common import (
    AllOption,
    DbOption,
    ProcessesOption,
    PublishedOption,
    choice,
    confidence_cut,
    err,
    out,
    plain,
    print_rows,
    settings,
    warn,
    write_json,
)
from eventwire.cli.progress import progress_bar
from eventwire.records import Extraction, Failure
from eventwire.settings import SETTINGS_HELP
from eventwire.stages.times.instants import describe_time

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


def print_extraction(ex: Extraction, hidden: int = 0) -> None:
    """Print one extraction: the article's header, then its events, actors,
    times, places and quotes; ``hidden``: how many events the cut left out."""
    a = ex.article
    out.rule(f"[bold]{plain(a.title or a.source)}")
    out.print(
        f"id {a.id} · {a.publisher or 'unknown publisher'} · {a.section or '-'} · "
        f"published {a.published or 'unknown'} · language {a.language or '?'}",
        markup=False,
    )
    if ex.status != "ok":
        out.print(f"[yellow]{plain(ex.status)}: {plain(ex.reason)}")
        return
    print_rows([event_row(e.to_dict()) for e in ex.events], EVENT_COLUMNS, "Events", False)
    if hidden:
        out.print(
            f"{hidden} more events below the confidence cut ({settings().min_confidence}); "
            "--all shows them.",
            markup=False,
        )
    print_rows(
        [a2.to_dict() | {"mentions": len(a2.mentions)} for a2 in ex.actors],
        ["key", "name", "type", "country", "sector", "role", "mentions"],
        "Actors",
        False,
    )
    print_rows(
        [t.to_dict() | {"when": describe_time(t.value, t.type)} for t in ex.times],
        ["text", "type", "when", "start"],
        "Times",
        False,
    )
    print_rows(
        [p.to_dict() for p in ex.places],
        ["text", "name", "country", "feature", "lat", "lon", "start"],
        "Places",
        False,
    )
    print_rows(
        [q.to_dict() for q in ex.quotes],
        ["speaker_name", "cue", "direct", "text"],
        "Quotes",
        False,
    )


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files to extract (any supported format).")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Output: 'json' (one object per article) or 'table'.",
            parser=choice(["table", "json"]),
        ),
    ] = "table",
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (ISO) for inputs without one; anchors 'Friday'."),
    ] = None,
    show_all: AllOption = False,
) -> None:
    """Extract articles and print the result; nothing is stored."""
    from eventwire.ingest import read_paths
    from eventwire.run.extract import extract_articles

    options = settings(processes=1)
    failed = 0
    results = []
    for result in extract_articles(read_paths(paths, options, published=published), options):
        if isinstance(result, Failure):
            warn(result)
            failed += 1
            continue
        shown = result.without_events_below(confidence_cut(show_all))
        if fmt == "json":
            results.append(shown.to_dict())
        else:
            print_extraction(shown, len(result.events) - len(shown.events))
    if fmt == "json":
        write_json(results[0] if len(results) == 1 else results)
    raise typer.Exit(1 if failed else 0)


def use_actor_file(path: Path) -> None:
    """Check the user's actor file now (one clear error, before any article is
    read) and point this process and its workers at it."""
    from eventwire.errors import ActorDictionaryError
    from eventwire.stages.actors.dictionary import load_actor_dictionary

    try:
        load_actor_dictionary(str(path.resolve()))
    except ActorDictionaryError as exc:
        raise typer.BadParameter(str(exc), param_hint="--actors") from None
    os.environ["EVENTWIRE_ACTORS"] = str(path.resolve())


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (recursive); .gz is read too.")
    ],
    db: DbOption = None,
    processes: ProcessesOption = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help=SETTINGS_HELP["batch_size"])
    ] = None,
    published: PublishedOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    out_dir: OutOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Extract again articles this version stored before (default: skip them).",
        ),
    ] = False,
    actors: Annotated[
        Path | None,
        typer.Option(
            "--actors",
            help="Your actor dictionary (docs/actors.md); its rows override the shipped "
            "ones. [env: EVENTWIRE_ACTORS]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read, extract and store articles. Exit status 1 if any input failed.

    Articles stored before by this eventwire version are skipped before parsing,
    so a re-run costs only what is new. With --scheduler or --workers the
    extraction runs on a Dask cluster; with --out the results go to Parquet
    shards for 'eventwire load'.
    """
    if actors is not None:
        use_actor_file(actors)
    options = settings(db=db, processes=processes, batch_size=batch_size)
    distributed = bool(scheduler or workers or out_dir)
    label = "ingest (dask)" if distributed else "ingest"
    with progress_bar(label, None if quiet else err) as progress:
        if distributed:
            from eventwire.run.dask import ingest_distributed

            summary = ingest_distributed(
                paths,
                options,
                scheduler=scheduler,
                workers=workers,
                out=out_dir,
                published=published,
                progress=progress,
                on_failure=warn,
                force=force,
            )
        else:
            from eventwire.run.service import ingest_paths

            summary = ingest_paths(
                paths,
                options,
                published=published,
                progress=progress,
                on_failure=warn,
                force=force,
            )
    out.print(summary.describe(), markup=False)
    raise typer.Exit(1 if summary.failed else 0)


def load(
    directory: Annotated[Path, typer.Argument(help="The --out DIR of 'eventwire ingest'.")],
    db: DbOption = None,
) -> None:
    """Load the Parquet shards of 'ingest --out' into the store; loaded shards are skipped."""
    from eventwire.run.shards import load_shards
    from eventwire.store import Store

    with Store.open(settings(db=db).db) as store:
        summary = load_shards(directory, store, on_failure=warn)
    out.print(summary.describe(), markup=False)
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
    processes: ProcessesOption = None,
    published: PublishedOption = None,
) -> None:
    """Ingest new files (and new feed entries) as they appear; safe to stop and restart."""
    from eventwire.run.watch import PollReport, watch_path

    def show(report: PollReport) -> None:
        if report.files or report.failed or once:
            out.print(report.describe(), markup=False)

    if not once:
        err.print(f"watching {target} every {interval:g} s; Ctrl-C to stop", markup=False)
    try:
        total = watch_path(
            target,
            settings(db=db, processes=processes),
            interval=interval,
            once=once,
            published=published,
            on_poll=show,
            on_failure=warn,
        )
    except KeyboardInterrupt:
        # Files being ingested when interrupted are not recorded yet: the next run reads them.
        err.print("stopped")
        raise typer.Exit(0) from None
    raise typer.Exit(1 if total.failed else 0)
