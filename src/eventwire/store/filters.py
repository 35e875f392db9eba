"""Filters: the WHERE clauses of the store's list queries, built from their arguments.

Reads and writes nothing: turns filter values (dates, names, codes) into SQL
clauses with ``?`` parameters, never into SQL text. ``Where`` collects the
clauses of one query; ``EventQuery`` holds the filters of an events query
(``Store.events``, the calendar, the timeline, the actor graph) and builds
its clauses, which read the indexes of migration 0007 where they can.
``StoryQuery`` (which shares its first filters with it, ``SharedFilters``),
``ActorQuery``, ``ArticleQuery`` and ``PlaceQuery`` do the same for the
other lists, and ``takes_query`` lets a list method take its query object
or, as before them, its fields as keywords. ``Where.confident`` is the
confidence cut (``Settings.min_confidence``) that every listing of events
for users applies unless asked for all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from eventwire.store.tables import check_status

# The first day an event's date reaches into (YYYY-MM-DD; migration 0008), NULL when undated.
EVENT_DAY = "e.day"
# The last day it reaches into.
EVENT_END = "e.day_end"
# The instant it begins (ISO 8601 text, which sorts as time does): what lists sort by.
EVENT_BEGINS = "e.begins_at"
# The words of the sentence that reports an event (aliases e, ar). NULL when its offsets
# are reversed: SQLite's SUBSTR would return other words, PostgreSQL's would fail.
# (PostgreSQL's SUBSTR takes INTEGER positions; offsets are BIGINT columns there.)
SENTENCE = (
    "CASE WHEN e.sentence_end >= e.sentence_start THEN SUBSTR(ar.text, "
    "CAST(e.sentence_start + 1 AS INTEGER), CAST(e.sentence_end - e.sentence_start AS INTEGER)) "
    "END"
)


# Events at or above a confidence cut (alias e). An event stored without a confidence
# (none are: every Event record has one) is never cut.
CONFIDENT = "COALESCE(e.confidence, 1) >= ?"


def like_pattern(text: str, *, prefix_only: bool = False) -> str:
    """Return a LIKE pattern matching ``text`` literally (escape char: backslash)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%" if prefix_only else "%" + escaped + "%"


def parse_bound(value: str | date, name: str) -> str:
    """Validate a since/until bound and return it as an ISO string."""
    if isinstance(value, date):
        return value.isoformat()
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not an ISO 8601 date or date-time; use e.g. 2024-11-29"
        ) from None
    return value


def _upper_bound(until: str | date) -> tuple[str, str]:
    """The comparison and value keeping what starts on or before ``until``.

    A date-only ``until`` includes its whole day: everything before the next day.
    """
    bound = parse_bound(until, "until")
    if len(bound) == 10:
        return "<", (date.fromisoformat(bound) + timedelta(days=1)).isoformat()
    return "<=", bound


class Where:
    """The WHERE clauses of one query and their parameters, added one test at a time."""

    def __init__(self, *clauses: str) -> None:
        self.clauses: list[str] = list(clauses)
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params += params
        return self

    def equal(self, column: str, value: Any, *, upper: bool = False) -> Where:
        """Keep rows whose ``column`` is ``value`` (upper-cased if asked), when it is given."""
        if value:
            self.add(f"{column} = ?", value.upper() if upper else value)
        return self

    def like(self, column: str, value: str | None, *, prefix_only: bool = False) -> Where:
        """Keep rows whose ``column`` contains (or starts with) ``value``, ignoring case."""
        if value:
            pattern = like_pattern(value, prefix_only=prefix_only)
            self.add(f"LOWER({column}) LIKE ? ESCAPE '\\'", pattern)
        return self

    def between(
        self, since: str | date | None, until: str | date | None, start: str, end: str = ""
    ) -> Where:
        """Keep rows from ``since`` on (read in ``end``, else ``start``) up to ``until``."""
        if since is not None:
            self.add(f"{end or start} >= ?", parse_bound(since, "since"))
        if until is not None:
            compare, bound = _upper_bound(until)
            self.add(f"{start} {compare} ?", bound)
        return self

    def confident(self, min_confidence: float | None, event_id: str = "") -> Where:
        """Keep events whose confidence is ``min_confidence`` or more, when it is given.

        The events are ``e``, or those whose id is in the column ``event_id``
        (e.g. ``p.event_id`` of a participant).
        """
        if min_confidence is None:
            return self
        if event_id:
            sql = CONFIDENT.replace("e.confidence", "confidence")
            return self.add(
                f"{event_id} IN (SELECT id FROM events WHERE {sql})", float(min_confidence)
            )
        return self.add(CONFIDENT, float(min_confidence))

    def sql(self) -> str:
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""


Read = TypeVar("Read", bound=Callable[..., Any])


def takes_query(kind: type) -> Callable[[Read], Read]:
    """Let a store read ``read(self, query, **options)`` be called with its filters as
    one ``kind`` (first argument, or ``query=``) or as the fields of one: keywords, or
    positionals in the order of the fields (the signatures before the query objects)."""
    names = {f.name for f in fields(kind)}

    def decorate(read: Read) -> Read:
        @functools.wraps(read)
        def run(self: Any, *args: Any, query: Any = None, **options: Any) -> Any:
            given = {name: options.pop(name) for name in list(options) if name in names}
            if query is None and args and isinstance(args[0], kind):
                query, args = args[0], args[1:]
            if query is None:
                query = kind(*args, **given)
            elif given or args:
                raise TypeError(
                    f"pass the filters of {read.__name__}() as a {kind.__name__} or as "
                    f"keywords, not both (got {', '.join(sorted(given)) or 'more arguments'} "
                    "besides the query)"
                )
            return read(self, query, **options)

        return run  # type: ignore[return-value]

    return decorate


@dataclass(frozen=True)
class ActorQuery:
    """Which actors to list (``Store.actors``): ``name`` a case-insensitive substring of
    a name seen, ``country`` (ISO alpha-3) and ``type`` (PERSON, ORG...) exact codes."""

    name: str | None = None
    country: str | None = None
    type: str | None = None

    def where(self) -> Where:
        return (
            Where()
            .like("a.name", self.name)
            .equal("a.country", self.country, upper=True)
            .equal("a.type", self.type, upper=True)
        )


@dataclass(frozen=True)
class PlaceQuery:
    """Which places to list (``Store.places``): ``name`` a case-insensitive substring,
    ``country`` an ISO alpha-3 code, ``feature`` a GeoNames feature code."""

    name: str | None = None
    country: str | None = None
    feature: str | None = None

    def where(self) -> Where:
        where = Where().like("p.name", self.name).equal("p.country", self.country, upper=True)
        return where.equal("p.feature", self.feature)


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles to list or count (``Store.articles``): those with this ``status``
    (ok, skipped) published from ``since`` to ``until`` (inclusive; a date-only
    ``until`` is its whole day). Articles with no date are left out when a bound is given.
    """

    status: str | None = None
    since: str | date | None = None
    until: str | date | None = None

    def where(self) -> Where:
        where = Where().between(self.since, self.until, "a.published")
        if self.status is not None:
            check_status(self.status)
        return where.equal("a.status", self.status)


@dataclass(frozen=True)
class SharedFilters:
    """The filters that events and story events share, all optional.

    ``type`` is a PLOVER type; ``actor`` and ``recipient`` match a participant in
    that role by ISO alpha-3 country code or a case-insensitive substring of its
    name; ``since`` and ``until`` (inclusive ISO dates or date-times) keep those
    whose dates overlap them.
    """

    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    since: str | date | None = None
    until: str | date | None = None


@dataclass(frozen=True)
class StoryQuery(SharedFilters):
    """Which story events to find (``Store.stories``): the ``SharedFilters`` and two more.

    A story counts when the dates of its event overlap ``since``-``until``;
    ``min_sources`` keeps stories reported by that many sources; ``min_confidence``
    keeps stories with at least one report (event) of that confidence or more
    (None: every story).
    """

    min_sources: int | None = None
    min_confidence: float | None = None

    def where(self) -> Where:
        """Build the WHERE clauses and bound parameters of this query (alias s)."""
        where = Where()
        if self.type and self.type.strip():
            where.add("s.type = ?", self.type.strip().upper())
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value and value.strip():
                code = value.strip().upper()
                where.add(
                    "EXISTS (SELECT 1 FROM story_participants p WHERE p.story_id = s.id "
                    "AND p.role = ? AND (p.country = ? OR p.code = ? "
                    "OR LOWER(COALESCE(p.name, '')) LIKE ? ESCAPE '\\'))",
                    role,
                    code,
                    code,
                    like_pattern(value.strip()),
                )
        # a story counts when its dates overlap the range
        where.between(self.since, self.until, "s.date_begin", "COALESCE(s.date_end, s.date_begin)")
        if self.min_sources is not None:
            where.add("s.sources >= ?", int(self.min_sources))
        if self.min_confidence is not None:
            reports = Where("se.story_id = s.id").confident(self.min_confidence, "se.event_id")
            where.add(f"EXISTS (SELECT 1 FROM story_events se {reports.sql()})", *reports.params)
        return where


@dataclass(frozen=True)
class EventQuery(SharedFilters):
    """Which events to find: every filter of ``Store.events``, all optional.

    The ``SharedFilters`` first: ``actor`` and ``recipient`` also match the
    words of a participant; a week, a season or a year overlaps ``since``-``until``
    when any of its days does (see migration 0008). ``involving`` is one actor
    in either role: its canonical id or name. ``country`` matches the event's
    place or any participant's country. ``text`` is a substring of the trigger
    or of the sentence that reports the event; ``place`` of the place's name.
    ``min_confidence`` keeps events whose confidence is at least this (None:
    every event).
    """

    country: str | None = None
    modality: str | None = None
    text: str | None = None
    article_id: str | None = None
    quad_class: int | None = None
    place: str | None = None
    involving: str | None = None
    min_confidence: float | None = None

    def where(self) -> Where:
        """Build the WHERE clauses and bound parameters of this query (aliases e, ar)."""
        where = Where().confident(self.min_confidence)
        if self.type:
            where.add("e.type = ?", self.type.strip().upper())
        roles = [
            (r, v.strip())
            for r, v in (("actor", self.actor), ("recipient", self.recipient))
            if v and v.strip()
        ]
        dated = self.since is not None or self.until is not None
        if roles and dated:
            # Both filters from the events_match indexes: the rows of the matches alone are read.
            clause, bounds = _event_match(roles, self.since, self.until)
            where.add(clause, *bounds)
        for role, value in roles if not dated else []:
            where.add(_PARTICIPANT, role, value.upper(), like_pattern(value), like_pattern(value))
        if self.involving:
            # one actor: its canonical id or name (migration 0009), or the words of a
            # participant no actor stands for
            where.add(
                "e.id IN (SELECT event_id FROM event_actors WHERE (actor_id = ? OR actor_id IN "
                "(SELECT id FROM actor_ids WHERE name = ?) OR (actor_id IS NULL AND "
                "COALESCE(name, text) = ?)) AND role IN ('actor', 'recipient'))",
                self.involving,
                self.involving,
                self.involving,
            )
        if self.country and self.country.strip():
            code = self.country.strip().upper()
            # An uncorrelated IN: SQLite runs it once through the country index instead of
            # once per event.
            where.add(
                "(e.place_country = ? OR e.id IN "
                "(SELECT event_id FROM event_actors WHERE country = ?))",
                code,
                code,
            )
        if self.modality:
            where.add("e.modality = ?", self.modality.strip().lower())
        if self.quad_class is not None:
            where.add("e.quad_class = ?", int(self.quad_class))
        if self.place and self.place.strip():
            where.like("e.place", self.place.strip())
        where.equal("e.article_id", self.article_id)
        if dated and not roles:
            clause, bounds = _event_dates_overlap(self.since, self.until)
            where.add(clause, *bounds)
        if self.text and self.text.strip():
            pattern = like_pattern(self.text.strip())
            where.add(
                "(LOWER(COALESCE(e.trigger_text, '')) LIKE ? ESCAPE '\\' "
                f"OR LOWER({SENTENCE}) LIKE ? ESCAPE '\\')",
                pattern,
                pattern,
            )
        return where


_PARTICIPANT_TEST = (
    "SELECT 1 FROM event_actors p WHERE p.event_id = e.id AND p.role = ? AND "
    "(COALESCE(p.country, '') = ? OR LOWER(COALESCE(p.name, '')) LIKE ? ESCAPE '\\' "
    "OR LOWER(p.text) LIKE ? ESCAPE '\\')"
)
_PARTICIPANT = f"EXISTS ({_PARTICIPANT_TEST})"


def _event_match(
    roles: list[tuple[str, str]], since: str | date | None, until: str | date | None
) -> tuple[str, list[Any]]:
    """The clause keeping events with these participants whose dates overlap [since, until].

    ``roles`` pairs "actor" or "recipient" with a country code or part of a name.
    The candidates come from a subquery that reads only the events_match indexes
    (migration 0007), one SELECT per branch of the date overlap, so that each
    branch is one index range; a participant matches by code or by a lower-case
    substring of its name or words, as ``_PARTICIPANT`` tests them.
    """
    tests, test_params = [], []
    for role, value in roles:
        if "\x1e" in value or "\x1f" in value:  # the key's separators: in no name or code
            tests.append("1 = 0")
            continue
        tests.append(f"(instr(m.{role}_keys, ?) > 0 OR instr(m.{role}_keys, ?) > 0)")
        test_params += [f"\x1e{value.upper()}\x1f", value.lower()]
    selects, params = [], []
    for branch, bounds in _date_branches(since, until, "m.day", "m.day_end"):
        selects.append(f"SELECT m.id FROM events m WHERE {branch} AND {' AND '.join(tests)}")
        params += [*bounds, *test_params]
    return f"e.id IN ({' UNION ALL '.join(selects)})", params


def _event_dates_overlap(
    since: str | date | None, until: str | date | None
) -> tuple[str, list[Any]]:
    """The clause keeping events whose dates overlap [since, until], and its parameters.

    An event counts when it ends on or after ``since`` and starts before the end
    of ``until`` (a date-only ``until`` includes its whole day). Spelled out so
    that both bounds apply to the index on the first day (events_match), with
    the events that began earlier and last into the range found through the
    index of events that span days (events_match_span): a range of a month
    reads a month.
    The two branches write their shared tests with the operands swapped, or
    PostgreSQL would factor them out of the OR and lose the index ranges.
    """
    branches = _date_branches(since, until, EVENT_DAY, EVENT_END)
    if len(branches) == 1:
        return branches[0]
    clause = " OR ".join(f"({sql})" for sql, _ in branches)
    return f"({clause})", [p for _, branch_params in branches for p in branch_params]


def _date_branches(
    since: str | date | None, until: str | date | None, day: str, end: str
) -> list[tuple[str, list[Any]]]:
    """The disjoint cases of ``_event_dates_overlap`` on the first ``day`` and last ``end``
    day given (``e.day``, ``e.day_end`` or their ``m.`` twins).

    The days decide for bounds without a time of day; a bound with one also tests
    the instants (an event at night ends after a ``since`` of 22:00 that day).
    """
    alias = day.partition(".")[0]
    upper, upper_swapped, upper_params = "", "", []
    if until is not None:
        compare, bound = _upper_bound(until)
        swapped = ">" if compare == "<" else ">="
        upper, upper_swapped = f" AND {day} {compare} ?", f" AND ? {swapped} {day}"
        upper_params = [bound]
        if compare == "<=":  # a date-time: the event must begin by then
            upper += f" AND {alias}.begins_at <= ?"
            upper_swapped += f" AND ? >= {alias}.begins_at"
            upper_params.append(_instant(bound))
    if since is None:
        return [(upper[len(" AND ") :], upper_params)]
    bound = parse_bound(since, "since")
    lower, lower_swapped, lower_params = f"{end} >= ?", f"? <= {end}", [bound[:10]]
    if len(bound) > 10:  # a date-time: the event must end after it
        lower += f" AND {alias}.ends_at > ?"
        lower_swapped += f" AND ? < {alias}.ends_at"
        lower_params.append(_instant(bound))
    return [
        # starts in the range
        (f"{day} >= ? AND {lower}{upper}", [bound[:10], *lower_params, *upper_params]),
        # started before it and ends in it or later
        (
            f"{end} > {day} AND {lower_swapped} AND {day} < ?{upper_swapped}",
            [*lower_params, bound[:10], *upper_params],
        ),
    ]


def _instant(bound: str) -> str:
    """An ISO date-time bound as the instants are written (``2024-12-01T10:00:00``)."""
    moment = datetime.fromisoformat(bound)
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")
