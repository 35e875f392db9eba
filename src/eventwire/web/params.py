"""Query parameters of the routes, declared once for the JSON API and the pages.

``api.py`` and ``pages.py`` take the same parameters under the same names
(every page has its JSON twin), so their types, limits and help texts live
here: paging (``Limit``, ``Offset``), dates (``Since``, ``Until``), sort keys,
and the filters of events and stories gathered by one dependency each
(``EventFilters``, ``StoryFilters``), which treat an empty form field as
absent. Every number has a lower and an upper bound, so a value out of range
is a 422 naming the parameter, never a number too large for the database
(SQLite and PostgreSQL integers stop at 2^63 - 1). Reads and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field

from eventwire.store import EVENT_SORTS, Store

# Far beyond any store's size, far below the databases' integer limit.
MAX_OFFSET = 1_000_000_000
MAX_SOURCES = 100_000


def _blank_as_none(value: object) -> object:
    """An empty form field (``?min_sources=``) means "any", as if it were absent."""
    return None if isinstance(value, str) and not value.strip() else value


Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip (0-{MAX_OFFSET:,}).")
]
SearchLimit = Annotated[int, Query(ge=1, le=100, description="Articles per page (1-100).")]
GraphLimit = Annotated[int, Query(ge=1, le=1000, description="Heaviest edges kept (1-1000).")]
PlaceLimit = Annotated[int, Query(ge=1, le=5000, description="Places per page (1-5000).")]
# Optional numbers: bounds on the number itself, so that None (a blank field) passes.
QuadClass = Annotated[
    Annotated[int, Field(ge=1, le=4)] | None,
    BeforeValidator(_blank_as_none),
    Query(description="Quad class 1-4."),
]
MinSources = Annotated[
    Annotated[int, Field(ge=1, le=MAX_SOURCES)] | None,
    BeforeValidator(_blank_as_none),
    Query(description=f"Reported by at least this many sources (1-{MAX_SOURCES:,})."),
]
Since = Annotated[str | None, Query(description="On or after this ISO date.")]
Until = Annotated[str | None, Query(description="On or before this ISO date (whole day).")]
EventSort = Literal[tuple(EVENT_SORTS)]  # type: ignore[valid-type]
StorySort = Literal[tuple(Store.STORY_SORTS)]  # type: ignore[valid-type]
# Stories are worth reading for how widely they were reported: most sources first.
STORY_DEFAULT_SORT = "-sources"


# The filters of events and stories, each one query parameter.
EventType = Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT.")]
Actor = Annotated[str | None, Query(description="Actor: country code (UKR) or part of a name.")]
Recipient = Annotated[str | None, Query(description="Recipient: country code or part of a name.")]
Country = Annotated[
    str | None, Query(description="ISO alpha-3 code of the place or any participant.")
]
Modality = Annotated[str | None, Query(description="asserted, negated, scheduled, reported...")]
Place = Annotated[str | None, Query(description="Part of the place name.")]
Words = Annotated[str | None, Query(description="Words in the trigger or its sentence.")]


def clean(value: str | None) -> str | None:
    """Treat an empty form field as absent."""
    return value.strip() if value and value.strip() else None


def _cleaned(**values: str | None) -> dict[str, str | None]:
    return {name: clean(value) for name, value in values.items()}


def story_filters(
    type: EventType = None,
    actor: Actor = None,
    recipient: Recipient = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, str | None]:
    """The filters events and stories share, as keyword arguments of ``Store.stories``."""
    return _cleaned(type=type, actor=actor, recipient=recipient, since=since, until=until)


StoryFilters = Annotated[dict[str, str | None], Depends(story_filters)]


def event_filters(
    country: Country = None,
    modality: Modality = None,
    place: Place = None,
    text: Words = None,
    *,
    shared: StoryFilters,
) -> dict[str, str | None]:
    """The filters of events, as fields of an ``EventQuery`` (quad class aside)."""
    return shared | _cleaned(country=country, modality=modality, place=place, text=text)


EventFilters = Annotated[dict[str, str | None], Depends(event_filters)]
