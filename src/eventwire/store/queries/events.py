"""Reads of events: the filtered, sorted and paged list, one event, facets, timeline, calendar.

Reads ``events``, ``event_actors`` and ``articles`` (for the title, date and
words of each event's article); writes nothing. Filters come as an
``EventQuery`` (``filters.py``); every list comes back as ``{"total": n,
"items": [...]}`` so a caller can page.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from eventwire.store.filters import (
    CONFIDENT,
    EVENT_BEGINS,
    EVENT_DAY,
    SENTENCE,
    EventQuery,
    Where,
    takes_query,
)

# Sort keys accepted by Store.events; a leading "-" sorts descending. Missing values last.
# Dates sort by the instant they begin (migration 0008): 2025-W08 on 17 Feb 2025.
EVENT_SORTS = {
    "date": f"({EVENT_BEGINS} IS NULL), {EVENT_BEGINS}",
    "-date": f"({EVENT_BEGINS} IS NULL), {EVENT_BEGINS} DESC",
    "published": "(ar.published IS NULL), ar.published",
    "-published": "(ar.published IS NULL), ar.published DESC",
    "type": "e.type",
    "-type": "e.type DESC",
    "quad": "(e.quad_class IS NULL), e.quad_class",
    "-quad": "(e.quad_class IS NULL), e.quad_class DESC",
    "confidence": "(e.confidence IS NULL), e.confidence",
    "-confidence": "(e.confidence IS NULL), e.confidence DESC",
}

# What an item of Store.events is read from (aliases e, ar); _event_item builds it.
_EVENT_COLUMNS = (
    "e.id, e.article_id, e.raw, e.begins_at, e.ends_at, ar.title, ar.published, ar.url, "
    f"{SENTENCE} AS sentence"
)


def _event_item(row: dict[str, Any]) -> dict[str, Any]:
    """An event as the API shows it: ``Event.to_dict()`` with its id, the instants its
    date begins and ends (``begins_at``, ``ends_at``; migration 0008) and its article's words."""
    item = {"id": row["id"], "article_id": row["article_id"]}
    item.update(json.loads(row["raw"]))
    item.update(
        begins_at=row["begins_at"],
        ends_at=row["ends_at"],
        title=row["title"],
        published=row["published"],
        url=row["url"],
        sentence=row["sentence"],
    )
    return item


def _events_joined(where: list[str]) -> str:
    """``events e``, joined to ``articles ar`` only when a clause reads the article.

    Every event has its article (a foreign key), so counting without the join
    counts the same events, without a lookup per event.
    """
    if any("ar." in clause for clause in where):
        return "events e JOIN articles ar ON ar.id = e.article_id"
    return "events e"


# The longest span an event may cover and still be counted in one period of a timeline.
_PERIOD_LENGTH = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=31),
    "year": timedelta(days=366),
}
TIMELINE_INTERVALS = tuple(_PERIOD_LENGTH)


def period_of(begins_at: str | None, ends_at: str | None, interval: str) -> str | None:
    """The period of a timeline an event falls in, by the instant it begins, or None.

    Periods are named by their first day (``2025-02-17`` for a day or a week,
    which starts on Monday), month (``2025-02``) or year (``2025``). An event
    whose date covers more than one period's length (a year on a chart by
    month) has no period, nor has an undated one.
    """
    if not begins_at or not ends_at:
        return None
    begin, end = datetime.fromisoformat(begins_at), datetime.fromisoformat(ends_at)
    if end - begin > _PERIOD_LENGTH[interval]:
        return None
    day = begin.date()
    if interval == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if interval == "month":
        return day.isoformat()[:7]
    if interval == "year":
        return day.isoformat()[:4]
    return day.isoformat()


class EventQueries:
    """The part of ``Store`` that finds events."""

    @takes_query(EventQuery)
    def events(
        self, query: EventQuery, *, sort: str = "-date", limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        """Find events; return ``{"total": n, "items": [event dicts]}``.

        The filters come as an ``EventQuery`` or as its fields given as keywords
        (``store.events(actor="UKR", since="2024-01-01")``); see ``EventQuery``
        for what each matches. ``sort`` is one of ``EVENT_SORTS`` (``-`` for
        descending). Each item is ``Event.to_dict()`` plus ``id``,
        ``article_id``, ``title``, ``published``, ``url`` and ``sentence`` (the
        words of the first sentence that reports it).
        """
        if sort not in EVENT_SORTS:
            raise ValueError(f"sort={sort!r} is not one of {', '.join(EVENT_SORTS)}")
        return self._event_page(query.where(), EVENT_SORTS[sort], limit, offset)

    def event(self, article_id: str, key: str) -> dict[str, Any] | None:
        """Return one event (same shape as the items of ``events``), or None."""
        where = Where().add("e.article_id = ?", article_id).add("e.key = ?", key)
        found = self._select_events(where, "e.seq", 1, 0)
        return found[0] if found else None

    def _event_page(self, where: Where, order: str, limit: int, offset: int) -> dict[str, Any]:
        """One page of the events matching ``where`` and how many match: ``{total, items}``.

        ``COUNT(*) OVER ()`` counts the matches while the page is sorted out of them,
        so the filters run once, not once for the count and again for the page; only
        the ids are sorted, and the page's events are read afterwards. Unfiltered pages
        by date skip the sort of every event (``_all_events_by_day``).
        """
        with self._snapshot():
            quick = self._all_events_by_day(where, order, limit, offset)
            if quick is not None:
                ids, total = quick
            else:
                page = self._fetch(
                    f"SELECT e.id, COUNT(*) OVER () AS matching FROM "
                    f"{_events_joined([*where.clauses, order])} {where.sql()} "
                    f"ORDER BY {order}, e.article_id, e.seq LIMIT ? OFFSET ?",
                    [*where.params, limit, offset],
                )
                if page:
                    total = page[0]["matching"]
                elif offset:  # past the last match: no row carries the count
                    total = self._scalar(
                        f"SELECT COUNT(*) FROM {_events_joined(where.clauses)} {where.sql()}",
                        where.params,
                    )
                else:
                    total = 0
                ids = [row["id"] for row in page]
            rows = (
                {
                    row["id"]: row
                    for row in self._fetch(
                        f"SELECT {_EVENT_COLUMNS} FROM events e JOIN articles ar "
                        f"ON ar.id = e.article_id WHERE e.id IN ({', '.join('?' for _ in ids)})",
                        ids,
                    )
                }
                if ids
                else {}
            )
        return {"total": total, "items": [_event_item(rows[i]) for i in ids]}

    def _all_events_by_day(
        self, where: Where, order: str, limit: int, offset: int
    ) -> tuple[list[str], int] | None:
        """A page of all events by date and their total without sorting them all, or None.

        Unfiltered (but for the confidence cut) and newest (or oldest) first, as
        the events page opens: the instant the page's last event begins is read
        from the index on it (events_begins_quad), and only the events from then
        on are sorted. A page that reaches the undated events, which sort last,
        is left to the general query.
        """
        if where.clauses not in ([], [CONFIDENT]):
            return None
        if order not in (EVENT_SORTS["-date"], EVENT_SORTS["date"]):
            return None
        descending = order == EVENT_SORTS["-date"]
        cut = "".join(f" AND {clause}" for clause in where.clauses)
        boundary = self._scalar(
            f"SELECT e.begins_at FROM events e WHERE e.begins_at IS NOT NULL{cut} "
            f"ORDER BY e.begins_at {'DESC' if descending else 'ASC'} LIMIT 1 OFFSET ?",
            [*where.params, offset + limit - 1],
        )
        if boundary is None:
            return None
        page = self._fetch(
            f"SELECT e.id FROM events e WHERE e.begins_at {'>=' if descending else '<='} ?{cut} "
            f"ORDER BY {order}, e.article_id, e.seq LIMIT ? OFFSET ?",
            [boundary, *where.params, limit, offset],
        )
        total = self._scalar(f"SELECT COUNT(*) FROM events e {where.sql()}", where.params)
        return [row["id"] for row in page], total

    def _select_events(
        self, where: Where, order: str, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        rows = self._fetch(
            f"SELECT {_EVENT_COLUMNS} FROM events e JOIN articles ar ON ar.id = e.article_id "
            f"{where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        return [_event_item(row) for row in rows]

    def event_facets(self, min_confidence: float | None = None) -> dict[str, list[dict[str, Any]]]:
        """Return the event types, modalities and countries present, with counts.

        Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        events = Where().confident(min_confidence)
        modal = Where("e.modality IS NOT NULL").confident(min_confidence)
        countries = Where("p.country IS NOT NULL").confident(min_confidence, "p.event_id")
        with self._snapshot():
            return {
                "types": self._fetch(
                    "SELECT e.type, MIN(e.quad_class) AS quad_class, COUNT(*) AS n FROM events e "
                    f"{events.sql()} GROUP BY e.type ORDER BY n DESC, e.type",
                    events.params,
                ),
                "modalities": self._fetch(
                    f"SELECT e.modality, COUNT(*) AS n FROM events e {modal.sql()} "
                    "GROUP BY e.modality ORDER BY n DESC, e.modality",
                    modal.params,
                ),
                "countries": self._fetch(
                    "SELECT p.country, COUNT(DISTINCT p.event_id) AS n FROM event_actors p "
                    f"{countries.sql()} GROUP BY p.country ORDER BY n DESC, p.country",
                    countries.params,
                ),
            }

    def participant_pairs(
        self,
        since: str | date | None = None,
        until: str | date | None = None,
        min_confidence: float | None = None,
    ) -> list[dict[str, Any]]:
        """Every (actor, recipient) pair of every event whose sides are resolved actors.

        Newest event first; each row has the event's id, article_id, key, type,
        quad_class, trigger_text, date and article title, and for each side
        (``source``: the actor, ``target``: the recipient) its canonical name
        and id (migration 0009), words, country and actor type. Events below
        ``min_confidence`` are left out.
        """
        where = EventQuery(since=since, until=until, min_confidence=min_confidence).where()
        where.clauses += [
            "a.role = 'actor'",
            "r.role = 'recipient'",
            "(a.actor_key IS NOT NULL OR a.country IS NOT NULL)",
            "(r.actor_key IS NOT NULL OR r.country IS NOT NULL)",
        ]
        return self._fetch(
            "SELECT e.id, e.article_id, e.key, e.type, e.quad_class, e.trigger_text, "
            "e.date, ar.title, "
            "COALESCE(ia.name, a.name, a.text) AS source, a.actor_id AS source_id, "
            "a.text AS source_text, "
            "a.country AS source_country, "
            "aa.type AS source_type, "
            "COALESCE(ir.name, r.name, r.text) AS target, r.actor_id AS target_id, "
            "r.text AS target_text, "
            "r.country AS target_country, "
            "ra.type AS target_type "
            "FROM events e JOIN articles ar ON ar.id = e.article_id "
            "JOIN event_actors a ON a.event_id = e.id "
            "JOIN event_actors r ON r.event_id = e.id "
            "LEFT JOIN actors aa ON aa.article_id = e.article_id AND aa.key = a.actor_key "
            "LEFT JOIN actors ra ON ra.article_id = e.article_id AND ra.key = r.actor_key "
            "LEFT JOIN actor_ids ia ON ia.id = a.actor_id "
            "LEFT JOIN actor_ids ir ON ir.id = r.actor_id "
            f"{where.sql()} "
            f"ORDER BY {EVENT_SORTS['-date']}, e.article_id, e.seq",
            where.params,
        )

    def timeline(
        self,
        interval: str = "day",
        by: str = "quad",
        since: str | date | None = None,
        until: str | date | None = None,
        min_confidence: float | None = None,
    ) -> dict[str, Any]:
        """Count events per day, week (starting Monday), month or year, split by quad
        class or type, in the period where their date begins.

        Returns ``{"interval", "by", "keys": [...], "periods": [{"period",
        "total", "counts": {key: n}}], "undated": n}``, periods in time order;
        events whose date covers more than a period (a year on a chart by
        month, see ``period_of``) or none are counted in ``undated``; those
        below ``min_confidence`` not at all.
        """
        if interval not in TIMELINE_INTERVALS:
            raise ValueError(f"interval={interval!r} is not one of {', '.join(TIMELINE_INTERVALS)}")
        if by not in ("quad", "type"):
            raise ValueError(f"by={by!r} is not one of quad, type")
        column = "e.quad_class" if by == "quad" else "e.type"
        where = EventQuery(since=since, until=until, min_confidence=min_confidence).where()
        rows = self._fetch(
            f"SELECT e.begins_at AS begins, e.ends_at AS ends, {column} AS k, COUNT(*) AS n "
            f"FROM {_events_joined(where.clauses)} {where.sql()} "
            "GROUP BY e.begins_at, e.ends_at, k",
            where.params,
        )
        periods: dict[str, dict[str, int]] = {}
        keys: set[str] = set()
        undated = 0
        for row in rows:
            period = period_of(row["begins"], row["ends"], interval)
            if period is None:
                undated += row["n"]
                continue
            key = str(row["k"])
            keys.add(key)
            counts = periods.setdefault(period, {})
            counts[key] = counts.get(key, 0) + row["n"]
        return {
            "interval": interval,
            "by": by,
            "keys": sorted(keys),
            "periods": [
                {"period": p, "total": sum(periods[p].values()), "counts": periods[p]}
                for p in sorted(periods)
            ],
            "undated": undated,
        }

    def calendar(
        self,
        after: str | date | None = None,
        until: str | date | None = None,
        limit: int = 200,
        offset: int = 0,
        min_confidence: float | None = None,
    ) -> dict[str, Any]:
        """Scheduled events, soonest first: ``{"total": n, "items": [event dicts]}``.

        An event is scheduled when its modality is ``scheduled`` or its date,
        read from the text, begins after its article's publication day.
        ``after`` and ``until`` bound the event date (inclusive); pass today's
        date as ``after`` for the events still to come. Events below
        ``min_confidence`` are left out.
        """
        where = EventQuery(since=after, until=until, min_confidence=min_confidence).where()
        where.add(
            "(e.modality = 'scheduled' OR (e.date_source = 'text' AND ar.published IS NOT NULL "
            f"AND {EVENT_DAY} > SUBSTR(ar.published, 1, 10)))"
        )
        return self._event_page(where, EVENT_SORTS["date"], limit, offset)

    def events_per_article(
        self, article_ids: list[str], min_confidence: float | None = None
    ) -> dict[str, int]:
        """Count the events of each of these articles (those with none are left out).

        Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        cut = Where().confident(min_confidence)
        return self._count_per("e.article_id", article_ids, "events e", where=cut)
