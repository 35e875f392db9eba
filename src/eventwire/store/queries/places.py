"""Reads of places: places aggregated across articles, and the places of events for the map.

Reads ``places``, ``events`` (where each event happened) and ``articles``;
writes nothing.
"""

from __future__ import annotations

from typing import Any

from eventwire.store.filters import PlaceQuery, Where, takes_query


class PlaceQueries:
    """The part of ``Store`` that reads places."""

    @takes_query(PlaceQuery)
    def places(
        self, query: PlaceQuery, *, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """List places aggregated across articles (one row per resolved place), most cited first.

        The filters come as a ``PlaceQuery`` or as its fields (``name``,
        ``country``, ``feature``) given as keywords.
        """
        where = query.where()
        return self._fetch(
            "SELECT p.name, p.country, p.feature, p.lat, p.lon, p.geonameid, "
            "COUNT(DISTINCT p.article_id) AS articles, COUNT(*) AS mentions FROM places p "
            f"{where.sql()} GROUP BY p.name, p.country, p.feature, p.lat, p.lon, p.geonameid "
            "ORDER BY articles DESC, mentions DESC, p.name LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )

    def place_mentions(self, country: str | None = None) -> list[dict[str, Any]]:
        """Every mention of a place with coordinates (in this country), newest article first.

        Each row has the place's name, country, feature, lat and lon, the
        mention's article_id, seq, start_char, end_char and text, and the
        article's title and published date.
        """
        where = Where("p.lat IS NOT NULL", "p.lon IS NOT NULL")
        where.equal("p.country", country, upper=True)
        return self._fetch(
            "SELECT p.name, p.country, p.feature, p.lat, p.lon, p.article_id, p.seq, "
            "p.start_char, p.end_char, p.text, ar.title, ar.published FROM places p "
            f"JOIN articles ar ON ar.id = p.article_id {where.sql()} "
            "ORDER BY (ar.published IS NULL), ar.published DESC, p.article_id, p.seq",
            where.params,
        )

    def event_places(
        self, country: str | None = None, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Every event located at a place with coordinates (in this country), newest first.

        Each row has the place's name, country, lat and lon, and the event's
        article_id, key, type, trigger_text, date and article title. Events
        below ``min_confidence`` are left out.
        """
        where = Where("e.lat IS NOT NULL", "e.lon IS NOT NULL", "e.place IS NOT NULL")
        where.equal("e.place_country", country, upper=True).confident(min_confidence)
        return self._fetch(
            "SELECT e.place AS name, e.place_country AS country, e.lat, e.lon, "
            "e.article_id, e.key, e.type, e.trigger_text, e.date, ar.title FROM events e "
            f"JOIN articles ar ON ar.id = e.article_id {where.sql()} "
            "ORDER BY (ar.published IS NULL), ar.published DESC, e.article_id, e.seq",
            where.params,
        )
