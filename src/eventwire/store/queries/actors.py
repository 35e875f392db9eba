"""Reads of actors: actors aggregated across articles, their events, counterparts and quotes.

Reads ``actors``, ``mentions``, ``event_actors``, ``events``, ``quotes`` and
``articles``; writes nothing. An actor across articles is its canonical name
(with its type and country where a list groups them).
"""

from __future__ import annotations

from typing import Any

from eventwire.store.filters import EVENT_BEGINS, Where
from eventwire.store.tables import select_sql

# An event participant's name: its canonical name, else its words.
_PARTICIPANT_NAME = "COALESCE(name, text)"


def _actor_filters(name: str | None, country: str | None, type: str | None) -> Where:
    return (
        Where()
        .like("a.name", name)
        .equal("a.country", country, upper=True)
        .equal("a.type", type, upper=True)
    )


class ActorQueries:
    """The part of ``Store`` that reads actors."""

    def actors(
        self,
        name: str | None = None,
        country: str | None = None,
        type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List actors aggregated across articles, most widely reported first.

        Actors are grouped by (name, type, country); ``sector`` and ``role`` are the
        most frequent non-empty values in the group. ``name`` matches a
        case-insensitive substring; ``country`` (ISO alpha-3) and ``type`` match exactly.
        """
        where = _actor_filters(name, country, type)
        with self._snapshot():
            groups = self._fetch(
                "SELECT a.name, a.type, a.country, COUNT(DISTINCT a.article_id) AS articles, "
                "COUNT(m.seq) AS mentions FROM actors a LEFT JOIN mentions m "
                "ON m.article_id = a.article_id AND m.actor_seq = a.seq "
                f"{where.sql()} GROUP BY a.name, a.type, a.country "
                "ORDER BY articles DESC, mentions DESC, a.name, a.type, a.country LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            )
            for group in groups:
                for column in ("sector", "role"):
                    group[column] = self._scalar(
                        f"SELECT {column} FROM actors WHERE name = ? AND type = ? "
                        f"AND COALESCE(country, '') = ? AND {column} IS NOT NULL "
                        f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT 1",
                        (group["name"], group["type"], group["country"] or ""),
                    )
        return [
            {k: g[k] for k in ("name", "type", "country", "sector", "role", "articles", "mentions")}
            for g in groups
        ]

    def count_actors(
        self, name: str | None = None, country: str | None = None, type: str | None = None
    ) -> int:
        """Count the (name, type, country) groups that ``actors(...)`` lists."""
        where = _actor_filters(name, country, type)
        return self._scalar(
            "SELECT COUNT(*) FROM (SELECT DISTINCT a.name, a.type, a.country FROM actors a "
            f"{where.sql()}) d",
            where.params,
        )

    def actor_event_counts(
        self, names: list[str], min_confidence: float | None = None
    ) -> dict[str, int]:
        """Count the events each of these actors (exact names) takes part in, in any role.

        Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        cut = Where().confident(min_confidence, "event_id")
        return self._count_per(
            _PARTICIPANT_NAME, names, "event_actors", "DISTINCT event_id", where=cut
        )

    def counterparts(
        self, name: str, limit: int = 30, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Actors ``name`` acts on (``as_recipient``) and that act on it (``as_actor``).

        Counted over the events whose confidence is ``min_confidence`` or more (None: all).
        """
        where = Where(
            "COALESCE(me.name, me.text) = ?",
            "me.role IN ('actor', 'recipient')",
            "o.role IN ('actor', 'recipient')",
            "(o.actor_key IS NOT NULL OR o.country IS NOT NULL)",
            "COALESCE(o.name, o.text) <> ?",
        )
        where.params = [name, name]
        where.confident(min_confidence, "me.event_id")
        rows = self._fetch(
            "SELECT COALESCE(o.name, o.text) AS name, o.country, o.role AS side, "
            "COUNT(DISTINCT o.event_id) AS n FROM event_actors me "
            "JOIN event_actors o ON o.event_id = me.event_id AND o.role <> me.role "
            f"{where.sql()} GROUP BY COALESCE(o.name, o.text), o.country, o.role",
            where.params,
        )
        merged: dict[str, dict[str, Any]] = {}
        for row in rows:
            item = merged.setdefault(
                row["name"],
                {"name": row["name"], "country": row["country"], "as_actor": 0, "as_recipient": 0},
            )
            item["country"] = item["country"] or row["country"]
            item["as_" + row["side"]] += row["n"]
        for item in merged.values():
            item["events"] = item["as_actor"] + item["as_recipient"]
        ranked = sorted(merged.values(), key=lambda i: (-i["events"], i["name"]))
        return ranked[:limit]

    def top_actors(
        self, limit: int = 10, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Actors taking part in the most events (resolved participants only).

        Counted over the events whose confidence is ``min_confidence`` or more (None: all).
        """
        where = Where(
            "p.role IN ('actor', 'recipient')",
            "(p.actor_key IS NOT NULL OR p.country IS NOT NULL)",
        ).confident(min_confidence, "p.event_id")
        return self._fetch(
            "SELECT COALESCE(p.name, p.text) AS name, MAX(p.country) AS country, "
            "COUNT(DISTINCT p.event_id) AS events, "
            "SUM(CASE WHEN p.role = 'actor' THEN 1 ELSE 0 END) AS as_actor, "
            "SUM(CASE WHEN p.role = 'recipient' THEN 1 ELSE 0 END) AS as_recipient "
            f"FROM event_actors p {where.sql()} "
            "GROUP BY COALESCE(p.name, p.text) ORDER BY events DESC, name LIMIT ?",
            [*where.params, limit],
        )

    # -- what the page of one actor shows (eventwire.web.views.actor_detail) --

    def actor_rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of the actor called ``name`` in each article, with its mention counts."""
        return self._fetch(
            "SELECT a.type, a.country, a.sector, a.role, a.article_id, "
            "(SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.article_id "
            "AND m.actor_seq = a.seq) AS mentions FROM actors a WHERE a.name = ?",
            (name,),
        )

    def count_participations(self, name: str) -> int:
        """Count the event participants called ``name`` (canonical name, else words)."""
        return self._scalar(
            f"SELECT COUNT(*) FROM event_actors WHERE {_PARTICIPANT_NAME} = ?", (name,)
        )

    def actor_event_days(
        self, name: str, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Count the events ``name`` takes part in (any role) per span of their date:
        ``begins_at``, ``ends_at`` (the instants of migration 0008), ``n``.

        Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        where = Where(f"e.id IN (SELECT event_id FROM event_actors WHERE {_PARTICIPANT_NAME} = ?)")
        where.params = [name]
        where.confident(min_confidence)
        return self._fetch(
            f"SELECT {EVENT_BEGINS} AS begins_at, e.ends_at, COUNT(*) AS n FROM events e "
            f"{where.sql()} GROUP BY {EVENT_BEGINS}, e.ends_at",
            where.params,
        )

    def actor_quotes(self, name: str, limit: int = 50) -> list[dict[str, Any]]:
        """The quotes spoken by the actor called ``name``, newest article first."""
        return self._newest_first(
            f"SELECT {select_sql('quotes', 'q')}, ar.title, ar.published FROM quotes q "
            "JOIN articles ar ON ar.id = q.article_id JOIN actors ac "
            "ON ac.article_id = q.article_id AND ac.key = q.speaker_key",
            Where().add("ac.name = ?", name),
            "q",
            limit,
            0,
            flags=("direct",),
        )

    def actor_articles(self, name: str, limit: int = 50) -> list[dict[str, Any]]:
        """The articles naming the actor called ``name``, newest first."""
        return self._fetch(
            "SELECT ar.id, ar.title, ar.published, ar.publisher FROM articles ar "
            "WHERE ar.id IN (SELECT article_id FROM actors WHERE name = ?) "
            "ORDER BY (ar.published IS NULL), ar.published DESC, ar.id LIMIT ?",
            (name, limit),
        )
