"""Reads of actors: actors aggregated across articles, their events, counterparts and quotes.

Reads ``actors``, ``actor_ids``, ``mentions``, ``event_actors``, ``events``,
``quotes`` and ``articles``; writes nothing. An actor across articles is its
canonical id (``actors.actor_id``, migration 0009, given by
``store/identity.py``), named by its canonical name; an event participant no
actor stands for (a country word, a group's words) is its words.
"""

from __future__ import annotations

from typing import Any

from eventwire.store.filters import EVENT_BEGINS, ActorQuery, Where, takes_query
from eventwire.store.tables import select_sql


def _participant(p: str) -> str:
    """A participant's actor: its canonical id, else its words."""
    return f"COALESCE({p}.actor_id, {p}.name, {p}.text)"


def _participant_name(p: str, ids: str) -> str:
    """A participant's name: its actor's canonical name, else its own."""
    return f"COALESCE({ids}.name, {p}.name, {p}.text)"


class ActorQueries:
    """The part of ``Store`` that reads actors."""

    def actor_id_of(self, name: str) -> str | None:
        """The canonical id of ``name``: an id itself, the canonical name of one, or
        a name an actor was seen under ("Trump" of one article).

        Of several ids with that name, the one in the most articles. None when no
        actor has it (it may still be the words of event participants).
        """
        found = self._scalar("SELECT id FROM actor_ids WHERE id = ?", (name,))
        if found is None:
            found = self._scalar(
                "SELECT i.id FROM actor_ids i JOIN actors a ON a.actor_id = i.id "
                "WHERE i.name = ? GROUP BY i.id ORDER BY COUNT(DISTINCT a.article_id) DESC, i.id "
                "LIMIT 1",
                (name,),
            )
        if found is None:
            found = self._scalar(
                "SELECT actor_id FROM actors WHERE name = ? AND actor_id IS NOT NULL "
                "GROUP BY actor_id ORDER BY COUNT(DISTINCT article_id) DESC, actor_id LIMIT 1",
                (name,),
            )
        return found

    def actor_ids_of(self, article_id: str) -> dict[str, str]:
        """The canonical ids of one article's actors: {actor key: id}."""
        rows = self._fetch(
            "SELECT key, actor_id FROM actors WHERE article_id = ? AND actor_id IS NOT NULL",
            (article_id,),
        )
        return {r["key"]: r["actor_id"] for r in rows}

    @takes_query(ActorQuery)
    def actors(
        self, query: ActorQuery, *, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """List actors aggregated across articles by canonical id, most widely reported first.

        ``id``, ``name``, ``type``, ``country`` and ``sector`` are the id's (its
        canonical name and codes); ``role`` is the most frequent non-empty role of
        its rows, ``names`` the names it was seen under. The filters come as an
        ``ActorQuery`` or as its fields (``name``, ``country``, ``type``) given as keywords.
        """
        where = query.where()
        with self._snapshot():
            groups = self._fetch(
                "SELECT a.actor_id AS id, COUNT(DISTINCT a.article_id) AS articles, "
                "COUNT(m.seq) AS mentions FROM actors a LEFT JOIN mentions m "
                "ON m.article_id = a.article_id AND m.actor_seq = a.seq "
                f"{where.sql()} GROUP BY a.actor_id "
                "ORDER BY articles DESC, mentions DESC, a.actor_id LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            )
            for group in groups:
                group.update(self.actor_identity(group["id"]))
        return [
            {
                k: g.get(k)
                for k in (
                    "id", "name", "type", "country", "sector", "role", "articles", "mentions",
                    "names",
                )
            }
            for g in groups
        ]  # fmt: skip

    def actor_identity(self, actor_id: str) -> dict[str, Any]:
        """An id's canonical name and codes, its most frequent role and the names seen."""
        rows = self._fetch(
            "SELECT name, type, country, sector FROM actor_ids WHERE id = ?", (actor_id,)
        )
        found: dict[str, Any] = dict(rows[0]) if rows else {}
        found["role"] = self._scalar(
            "SELECT role FROM actors WHERE actor_id = ? AND role IS NOT NULL "
            "GROUP BY role ORDER BY COUNT(*) DESC, role LIMIT 1",
            (actor_id,),
        )
        found["names"] = [
            r["name"]
            for r in self._fetch(
                "SELECT name, COUNT(*) AS n FROM actors WHERE actor_id = ? GROUP BY name "
                "ORDER BY n DESC, name",
                (actor_id,),
            )
        ]
        return found

    @takes_query(ActorQuery)
    def count_actors(self, query: ActorQuery) -> int:
        """Count the canonical ids that ``actors(...)`` lists."""
        where = query.where()
        return self._scalar(
            f"SELECT COUNT(DISTINCT a.actor_id) FROM actors a {where.sql()}", where.params
        )

    def actor_event_counts(
        self, ids: list[str], min_confidence: float | None = None
    ) -> dict[str, int]:
        """Count the events each of these actors takes part in, in any role.

        An actor is its canonical id, or the words of participants no actor stands
        for. Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        cut = Where().confident(min_confidence, "event_id")
        return self._count_per(
            "COALESCE(actor_id, name, text)", ids, "event_actors", "DISTINCT event_id", where=cut
        )

    def counterparts(
        self, name: str, limit: int = 30, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Actors ``name`` (an id, a canonical name, or a participant's words) acts on
        (``as_recipient``) and that act on it (``as_actor``), by canonical id.

        Counted over the events whose confidence is ``min_confidence`` or more (None: all).
        """
        me = self.actor_id_of(name) or name
        where = Where(
            f"{_participant('me')} = ?",
            "me.role IN ('actor', 'recipient')",
            "o.role IN ('actor', 'recipient')",
            "(o.actor_key IS NOT NULL OR o.country IS NOT NULL)",
            f"{_participant('o')} <> ?",
        )
        where.params = [me, me]
        where.confident(min_confidence, "me.event_id")
        rows = self._fetch(
            f"SELECT {_participant('o')} AS id, MAX({_participant_name('o', 'oi')}) AS name, "
            "MAX(o.country) AS country, o.role AS side, COUNT(DISTINCT o.event_id) AS n "
            "FROM event_actors me JOIN event_actors o ON o.event_id = me.event_id "
            "AND o.role <> me.role LEFT JOIN actor_ids oi ON oi.id = o.actor_id "
            f"{where.sql()} GROUP BY {_participant('o')}, o.role",
            where.params,
        )
        merged: dict[str, dict[str, Any]] = {}
        for row in rows:
            item = merged.setdefault(
                row["id"],
                {
                    "id": row["id"],
                    "name": row["name"],
                    "country": row["country"],
                    "as_actor": 0,
                    "as_recipient": 0,
                },
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
        """Actors taking part in the most events (resolved participants only), by canonical id.

        Counted over the events whose confidence is ``min_confidence`` or more (None: all).
        """
        where = Where(
            "p.role IN ('actor', 'recipient')",
            "(p.actor_key IS NOT NULL OR p.country IS NOT NULL)",
        ).confident(min_confidence, "p.event_id")
        return self._fetch(
            f"SELECT {_participant('p')} AS id, MAX({_participant_name('p', 'i')}) AS name, "
            "MAX(p.country) AS country, COUNT(DISTINCT p.event_id) AS events, "
            "SUM(CASE WHEN p.role = 'actor' THEN 1 ELSE 0 END) AS as_actor, "
            "SUM(CASE WHEN p.role = 'recipient' THEN 1 ELSE 0 END) AS as_recipient "
            f"FROM event_actors p LEFT JOIN actor_ids i ON i.id = p.actor_id {where.sql()} "
            f"GROUP BY {_participant('p')} ORDER BY events DESC, id LIMIT ?",
            [*where.params, limit],
        )

    # -- what the page of one actor shows (eventwire.web.views.actor_detail) --

    def actor_rows(self, actor_id: str) -> list[dict[str, Any]]:
        """The rows of the actor with this canonical id in each article, with mention counts."""
        return self._fetch(
            "SELECT a.name, a.type, a.country, a.sector, a.role, a.article_id, "
            "(SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.article_id "
            "AND m.actor_seq = a.seq) AS mentions FROM actors a WHERE a.actor_id = ?",
            (actor_id,),
        )

    def count_participations(self, name: str) -> int:
        """Count the event participants of this actor (canonical id, else words)."""
        return self._scalar(
            f"SELECT COUNT(*) FROM event_actors p WHERE {_participant('p')} = ?", (name,)
        )

    def actor_event_days(
        self, name: str, min_confidence: float | None = None
    ) -> list[dict[str, Any]]:
        """Count the events actor ``name`` (canonical id, else words) takes part in per
        span of their date: ``begins_at``, ``ends_at`` (the instants of migration 0008), ``n``.

        Only events whose confidence is ``min_confidence`` or more count (None: all).
        """
        where = Where(
            f"e.id IN (SELECT event_id FROM event_actors p WHERE {_participant('p')} = ?)"
        )
        where.params = [name]
        where.confident(min_confidence)
        return self._fetch(
            f"SELECT {EVENT_BEGINS} AS begins_at, e.ends_at, COUNT(*) AS n FROM events e "
            f"{where.sql()} GROUP BY {EVENT_BEGINS}, e.ends_at",
            where.params,
        )

    def actor_quotes(self, actor_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The quotes spoken by the actor with this canonical id, newest article first."""
        return self._newest_first(
            f"SELECT {select_sql('quotes', 'q')}, ar.title, ar.published FROM quotes q "
            "JOIN articles ar ON ar.id = q.article_id JOIN actors ac "
            "ON ac.article_id = q.article_id AND ac.key = q.speaker_key",
            Where().add("ac.actor_id = ?", actor_id),
            "q",
            limit,
            0,
            flags=("direct",),
        )

    def actor_articles(self, actor_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The articles naming the actor with this canonical id, newest first."""
        return self._fetch(
            "SELECT ar.id, ar.title, ar.published, ar.publisher FROM articles ar "
            "WHERE ar.id IN (SELECT article_id FROM actors WHERE actor_id = ?) "
            "ORDER BY (ar.published IS NULL), ar.published DESC, ar.id LIMIT ?",
            (actor_id, limit),
        )
