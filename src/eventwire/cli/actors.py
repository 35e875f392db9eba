"""``eventwire actors``: list actors across articles, and correct their identities.

``eventwire actors`` lists the canonical actors of the store (``Store.actors``);
``actors merge`` and ``actors split`` correct which names are one actor
(``Store.merge_actors``, ``Store.split_actor``), re-pointing the stored actors
and events without re-ingesting; the corrections hold for later ingests too.
"""

from __future__ import annotations

from typing import Annotated

import typer

from eventwire.cli.common import (
    ActorTypeOption,
    DbOption,
    JsonOption,
    LimitOption,
    open_store,
    out,
    print_rows,
)

actors_app = typer.Typer(
    help="List actors across articles (by canonical id); merge or split them.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@actors_app.callback()
def actors(
    ctx: typer.Context,
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="A name seen contains this text.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 code, e.g. UKR.")] = None,
    actor_type: ActorTypeOption = None,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
) -> None:
    """List actors across articles by canonical id, with their codes and article counts."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db) as store:
        rows = store.actors(name=name, country=country, type=actor_type, limit=limit)
    print_rows(
        rows,
        ["id", "name", "type", "country", "sector", "role", "articles", "mentions"],
        "Actors",
        as_json,
    )


@actors_app.command("merge")
def merge_actors(
    into: Annotated[str, typer.Argument(help="The id of the actor that stays.")],
    other: Annotated[str, typer.Argument(help="The id of the actor that joins it.")],
    db: DbOption = None,
) -> None:
    """Make actor OTHER part of actor INTO: its rows and events are re-pointed to INTO,
    and later ingests give its names INTO's id."""
    with open_store(db) as store:
        moved = store.merge_actors(into, other)
    out.print(f"merged {other} into {into}: {moved} actor rows re-pointed", highlight=False)


@actors_app.command("split")
def split_actor(
    actor_id: Annotated[str, typer.Argument(help="The id of the actor to split.")],
    names: Annotated[
        list[str] | None,
        typer.Option("--name", help="A name to take out (repeatable); default: all but its own."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Take names out of actor ACTOR_ID: each gets an id of its own, in the store and in
    later ingests."""
    with open_store(db) as store:
        moved = store.split_actor(actor_id, names or [])
    for name, new_id in moved.items():
        out.print(f"{name!r} -> {new_id}", highlight=False)
    if not moved:
        out.print(f"{actor_id} has no other name to take out", highlight=False)
