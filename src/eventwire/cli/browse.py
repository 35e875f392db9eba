"""Commands that look at the store: ``articles``, ``actors``, ``quotes``, ``events``,
``calendar``, ``search``, ``failures`` and ``summary``.

Each opens the store (``--db``), makes one ``Store`` query with its options
and prints the rows as a rich table, or as JSON with ``--json``.
``events --merged`` lists story events instead (``stories.show_stories``).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from eventwire.cli.common import (
    AllOption,
    DbOption,
    JsonOption,
    LimitOption,
    ModalityOption,
    cell,
    confidence_cut,
    date_option,
    marked,
    open_store,
    out,
    print_rows,
    with_event_filters,
)
from eventwire.cli.stories import show_stories
from eventwire.stages.times.instants import describe_event_date
from eventwire.store import SNIPPET_CLOSE, SNIPPET_OPEN, EventQuery, StoryQuery

EVENT_COLUMNS = [
    "type", "mode", "actor", "recipient", "modality", "when", "where", "trigger", "confidence"
]  # fmt: skip


def articles(
    db: DbOption = None,
    limit: LimitOption = 20,
    since: Annotated[str | None, date_option("Published on or after (ISO date).")] = None,
    until: Annotated[str | None, date_option("Published on or before (ISO date).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    with open_store(db) as store:
        rows = store.articles(limit=limit, since=since, until=until)
    print_rows(rows, ["id", "published", "publisher", "title", "status"], "Articles", as_json)


def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this text.")] = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """List quotes and reported speech with their speakers."""
    with open_store(db) as store:
        rows = store.quotes(speaker=speaker, limit=limit)
    print_rows(rows, ["speaker_name", "cue", "direct", "text", "article_id"], "Quotes", as_json)


def search(
    query: Annotated[str, typer.Argument(help="Full-text query (SQLite FTS5 syntax).")],
    db: DbOption = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over article titles and bodies; the table shows matches in bold.

    ``--json`` marks them in [brackets], as ``Store.search`` does.
    """
    with open_store(db) as store:
        rows = store.search_page(query, limit=limit)["items"]
    for row in rows:
        snippet = row["snippet"] or ""
        row["snippet"] = (
            snippet.replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")
            if as_json
            else marked(snippet, SNIPPET_OPEN, SNIPPET_CLOSE)
        )
    print_rows(rows, ["id", "title", "snippet"], f"Search: {query}", as_json)


def event_row(item: dict) -> dict:
    """Flatten an event item for a table: participants with their codes, date and place."""

    def names(parts: list[dict]) -> str:
        shown = []
        for p in parts:
            codes = "/".join(x for x in (p.get("country"), p.get("sector")) if x)
            name = p.get("name") or p.get("text")
            mark = " [inferred]" if p.get("inferred") else ""
            shown.append((f"{name} ({codes})" if codes else name) + mark)
        return "; ".join(shown)

    return item | {
        "actor": names(item.get("actors", [])),
        "recipient": names(item.get("recipients", [])),
        "when": describe_event_date(item),
        "where": item.get("place") or "",
    }


@with_event_filters
def events(
    db: DbOption = None,
    filters: dict[str, str | None] | None = None,
    modality: ModalityOption = None,
    merged: Annotated[
        bool,
        typer.Option(
            "--merged",
            help="One row per story event, merged across articles, with source counts "
            "(run `eventwire merge` first); --modality does not apply.",
        ),
    ] = False,
    limit: LimitOption = 30,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """List coded events with filters: who did what to whom, when and where."""
    filters = filters or {}
    cut = confidence_cut(show_all)
    if merged:
        show_stories(db, StoryQuery(**filters, min_confidence=cut), limit=limit, as_json=as_json)
        return
    query = EventQuery(**filters, modality=modality, min_confidence=cut)
    with open_store(db) as store:
        found = store.events(query, limit=limit)
    rows = [event_row(item) for item in found["items"]]
    print_rows(rows, EVENT_COLUMNS, f"Events ({found['total']} found)", as_json)


def calendar(
    db: DbOption = None,
    after: Annotated[
        str | None, date_option("Only events dated on or after this day (ISO).")
    ] = None,
    limit: LimitOption = 50,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Scheduled future events: what, who, when, where, and the article that says so."""
    with open_store(db) as store:
        found = store.calendar(after=after, limit=limit, min_confidence=confidence_cut(show_all))
    rows = [event_row(item) | {"source": item.get("title")} for item in found["items"]]
    print_rows(
        rows,
        ["when", "type", "mode", "actor", "recipient", "where", "trigger", "source"],
        f"Calendar ({found['total']} scheduled)",
        as_json,
    )


def failures(db: DbOption = None, limit: LimitOption = 50, as_json: JsonOption = False) -> None:
    """List inputs that could not be read or extracted, with the reason."""
    with open_store(db) as store:
        rows = store.failures(limit=limit)
    print_rows(rows, ["source", "stage", "message"], "Failures", as_json)


def summary(db: DbOption = None, show_all: AllOption = False, as_json: JsonOption = False) -> None:
    """Counts of what the store holds, and a look at the latest articles.

    The table counts are rows; ``events_shown`` counts the events at or above
    the confidence cut (all of them with ``--all``), as ``events`` lists them.
    """
    with open_store(db) as store:
        stats = store.stats()
        stats["events_shown"] = store.totals(confidence_cut(show_all))["events"]
        latest = store.articles(limit=10)
        top = store.actors(limit=12)
    if as_json:
        out.print_json(json.dumps({"stats": stats, "latest": latest, "actors": top}, default=str))
        return
    table = Table(title="eventwire store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        table.add_row(key, cell(value))
    out.print(table)
    print_rows(latest, ["published", "publisher", "title", "status"], "Latest articles", False)
    print_rows(top, ["name", "type", "country", "sector", "role", "articles"], "Top actors", False)
