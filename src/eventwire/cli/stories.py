"""Commands of cross-article merging: ``merge``, ``stories`` and ``story``.

``eventwire merge`` links near-duplicate articles and rebuilds the story
events of a store (``crossdoc.stories.merge_store``); ``eventwire stories``
lists story events with their source counts and ``eventwire story ID`` shows
one with all its evidence (``Store.stories``, ``Store.story``);
``show_stories`` also prints what ``eventwire events --merged`` finds. Each
command parses its options and makes one library call.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from eventwire.cli.common import (
    AllOption,
    DbOption,
    JsonOption,
    LimitOption,
    cell,
    choice_option,
    confidence_cut,
    open_store,
    out,
    plain,
    with_event_filters,
    write_json,
)
from eventwire.stages.times.instants import describe_event_date
from eventwire.store import Store, StoryQuery

MinSourcesOption = Annotated[
    int | None, typer.Option(help="Only stories reported by this many sources or more.")
]
StorySortOption = Annotated[
    str,
    choice_option("Order (- for descending; sources and articles: most first).", Store.STORY_SORTS),
]
STORY_COLUMNS = ["id", "type", "actor", "recipient", "when", "where", "sources", "articles"]


def story_row(item: dict[str, Any]) -> dict[str, Any]:
    """Flatten a story item for a table: participants as codes, dates as a range."""
    return item | {
        "actor": ", ".join(item.get("actor_codes") or []),
        "recipient": ", ".join(item.get("recipient_codes") or []),
        "when": describe_event_date(item),
        "where": item.get("place") or item.get("place_country") or "",
    }


def show_stories(
    db: str | None,
    query: StoryQuery,
    *,
    sort: str = "-date",
    limit: int = 30,
    as_json: bool = False,
) -> None:
    """Print the story events that ``query`` finds as a table or JSON."""
    with open_store(db) as store:
        found = store.stories(query, sort=sort, limit=limit)
    if as_json:
        write_json(found)
        return
    table = Table(title=f"Story events ({found['total']} found)")
    for column in STORY_COLUMNS:
        table.add_column(column, justify="right" if column in ("sources", "articles") else "left")
    for item in found["items"]:
        row = story_row(item)
        table.add_row(*[cell(row.get(c), 60) for c in STORY_COLUMNS])
    out.print(table)


def merge(
    db: DbOption = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Estimated Jaccard similarity from which an article is a near-duplicate "
            "[default: eventwire.crossdoc.dedup.THRESHOLD]",
            show_default=False,
        ),
    ] = None,
    window: Annotated[
        int | None,
        typer.Option(
            help="Days apart that two reports of one event may be dated "
            "[default: eventwire.crossdoc.stories.WINDOW_DAYS]",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Link near-duplicate articles and (re)build story events: one per real-world event."""
    # imported here: datasketch takes a noticeable time to import, other commands need not wait
    from eventwire.crossdoc.stories import merge_store

    options = {"threshold": threshold, "window_days": window}
    with open_store(db) as store:
        summary = merge_store(store, **{k: v for k, v in options.items() if v is not None})
    if as_json:
        write_json(summary.__dict__)
    else:
        out.print(summary.describe(), markup=False)


@with_event_filters
def stories(
    db: DbOption = None,
    filters: dict[str, str | None] | None = None,
    min_sources: MinSourcesOption = None,
    sort: StorySortOption = "-date",
    limit: LimitOption = 30,
    show_all: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """List story events (reports merged across articles) with their source counts."""
    cut = confidence_cut(show_all)
    query = StoryQuery(**(filters or {}), min_sources=min_sources, min_confidence=cut)
    show_stories(db, query, sort=sort, limit=limit, as_json=as_json)


def story(
    story_id: Annotated[str, typer.Argument(help="Story id, as listed by `eventwire stories`.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one story event with every report of it: article, sentence, evidence spans."""
    with open_store(db) as store:
        found = store.story(story_id)
    if found is None:
        out.print(f"no story {plain(repr(story_id))}; list them with `eventwire stories`")
        raise typer.Exit(1)
    if as_json:
        write_json(found)
        return
    row = story_row(found)
    out.rule(f"[bold]{plain(found['type'])} {plain(row['actor'])} -> {plain(row['recipient'])}")
    out.print(
        f"{found['id']} · {row['when']} · {row['where'] or 'place unknown'} · "
        f"{found['sources']} sources, {found['articles']} articles · first reported "
        f"{found['first_reported'] or '?'}, last {found['last_reported'] or '?'}",
        markup=False,
    )
    table = Table(title="Reports")
    for column in ("published", "article", "event", "trigger", "sentence", "duplicate of"):
        table.add_column(column)
    for report in found["reports"]:
        table.add_row(
            cell(report.get("published"), 20),
            cell(report.get("title") or report["article_id"], 40),
            cell(report["key"]),
            cell(report.get("trigger"), 20),
            cell(report.get("sentence"), 80),
            cell(report.get("duplicate_of")),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``merge``, ``stories`` and ``story`` to a Typer app (``cli.app`` does)."""
    app.command("merge")(merge)
    app.command("stories")(stories)
    app.command("story")(story)
