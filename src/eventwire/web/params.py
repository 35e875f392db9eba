"""Query parameters of the routes, declared once for the JSON API and the pages.

``api.py`` and ``pages.py`` take the same parameters under the same names
(every page has its JSON twin), so their types, limits and help texts live
here: paging (``Limit``, ``Offset``, gathered as ``Paged``), dates (``Since``,
``Until``), sort keys, and the filters of events, stories, actors and articles
gathered by one dependency each (``EventFilters``, ``StoryFilters``,
``ActorFilters``, ``ArticleFilters``); those of events and stories treat an
empty form field as absent. Every number has a lower and an upper bound, so a
value out of range is a 422 naming the parameter, never a number too large for
the database (SQLite and PostgreSQL integers stop at 2^63 - 1). Reads and
writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field

from eventwire.store import EVENT_SORTS, ActorQuery, ArticleQuery, Store
from eventwire.web.deps import ConfidenceCut, Cut
from eventwire.web.views import Paging

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
SORT_HELP = "Sort key; '-' for descending."
EventSort = Annotated[
    Literal[tuple(EVENT_SORTS)],  # type: ignore[valid-type]
    Query(description=SORT_HELP),
]
StorySort = Annotated[
    Literal[tuple(Store.STORY_SORTS)],  # type: ignore[valid-type]
    Query(description=SORT_HELP),
]
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
CountryCode = Annotated[str | None, Query(description="ISO alpha-3 code.")]
ActorName = Annotated[str | None, Query(description="Part of the name.")]
ActorType = Annotated[str | None, Query(description="PERSON, ORG, COUNTRY, IGO...")]
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
    """The filters events and stories share, as fields of their queries (``SharedFilters``)."""
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


def actor_filters(
    name: ActorName = None, country: CountryCode = None, type: ActorType = None
) -> ActorQuery:
    """The filters of the actors list, as given (the page cleans them, the API does not)."""
    return ActorQuery(name, country, type)


ActorFilters = Annotated[ActorQuery, Depends(actor_filters)]


def article_filters(
    since: Since = None, until: Until = None, status: Literal["ok", "skipped"] | None = None
) -> ArticleQuery:
    """The filters of the articles list (the API's; the page has no status)."""
    return ArticleQuery(status, since, until)


ArticleFilters = Annotated[ArticleQuery, Depends(article_filters)]


def paging(limit: Limit = 50, offset: Offset = 0) -> Paging:
    """The ``limit`` and ``offset`` of a list: 50 items from the first by default."""
    return Paging(limit, offset)


# The schema lists a route's own parameters first, then its dependencies' in the order
# the route declares them: where a route declares this decides where limit and offset stand.
Paged = Annotated[Paging, Depends(paging)]


Q = TypeVar("Q")


@dataclass(frozen=True)
class Listing:
    """What a sorted list (events, stories) was asked for: the fields of its store query
    as given (``filters``, None where not given), its sort key, its page and the cut."""

    filters: dict[str, Any]
    sort: str
    page: Paging
    cut: Cut

    def query(self, kind: type[Q], **overrides: Any) -> Q:
        """The store's query (``EventQuery``, ``StoryQuery``): these filters, at the cut."""
        return kind(**(self.filters | overrides), min_confidence=self.cut.min_confidence)

    @property
    def options(self) -> dict[str, Any]:
        """The sort key and the page, as keywords of ``Store.events`` and ``Store.stories``."""
        return {"sort": self.sort, "limit": self.page.limit, "offset": self.page.offset}

    def form(self, *left_out: str) -> dict[str, str]:
        """The filters as a page's form shows them: as text, "" where not given."""
        return {
            name: "" if value is None else str(value)
            for name, value in self.filters.items()
            if name not in left_out
        }


# The routes' own parameters, then those of paging, of the filters and ?all=, in the
# order the schema has listed them from the start.
def event_list(
    quad_class: QuadClass = None,
    article_id: str | None = None,
    sort: EventSort = "-date",
    *,
    page: Paged,
    filters: EventFilters,
    cut: ConfidenceCut,
) -> Listing:
    """The events list: the filters of an ``EventQuery``, a sort key, a page and the cut."""
    return Listing(filters | {"quad_class": quad_class, "article_id": article_id}, sort, page, cut)


def story_list(
    min_sources: MinSources = None,
    sort: StorySort = STORY_DEFAULT_SORT,
    *,
    page: Paged,
    filters: StoryFilters,
    cut: ConfidenceCut,
) -> Listing:
    """The story events list: the filters of a ``StoryQuery``, a sort key, a page and the cut."""
    return Listing(filters | {"min_sources": min_sources}, sort, page, cut)


EventList = Annotated[Listing, Depends(event_list)]
StoryList = Annotated[Listing, Depends(story_list)]
