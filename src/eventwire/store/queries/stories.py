"""Story events: one event's reports merged across articles, written and read.

Reads ``events``, ``actors``, ``articles`` and ``duplicate_links`` to feed the
merging (``iter_story_inputs``, for ``eventwire.crossdoc.stories``); writes
its result to ``stories``, ``story_events`` and ``story_participants``, and
reads them back as pages and single stories.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.filters import SENTENCE, StoryQuery, Where, takes_query


class StoryQueries:
    """The part of ``Store`` that writes and reads story events."""

    # Sort keys accepted by Store.stories; a leading "-" sorts descending. Missing values last.
    STORY_SORTS = {
        "date": "(s.date_begin IS NULL), s.date_begin",
        "-date": "(s.date_begin IS NULL), s.date_begin DESC",
        "reported": "(s.first_reported IS NULL), s.first_reported",
        "-reported": "(s.first_reported IS NULL), s.first_reported DESC",
        "-sources": "s.sources DESC, s.articles DESC",
        "-articles": "s.articles DESC, s.sources DESC",
    }

    def iter_story_inputs(self) -> Iterator[dict[str, Any]]:
        """Yield one row per stored event, for ``stories.reports_from_rows``.

        Each row has ``article_id``, ``seq``, ``raw`` (the event as JSON), the
        article's ``published``, the ``sentence`` that first reports the event,
        ``canonical_id`` (None unless the article is a near-duplicate), the
        ``source_url`` and ``source_publisher`` of the canonical article, and
        ``country_keys``: the keys of the article's actors of type COUNTRY.
        """
        with self._snapshot():
            countries: dict[str, list[str]] = {}
            for article_id, key in self._conn.execute(
                "SELECT article_id, key FROM actors WHERE type = 'COUNTRY' ORDER BY article_id, seq"
            ):
                countries.setdefault(article_id, []).append(key)
            for item in self._stream(
                f"SELECT e.article_id, e.seq, e.raw, ar.published, {SENTENCE} "
                "AS sentence, d.canonical_id, "
                "CASE WHEN c.id IS NULL THEN ar.url ELSE c.url END AS source_url, "
                "CASE WHEN c.id IS NULL THEN ar.publisher ELSE c.publisher END "
                "AS source_publisher FROM events e JOIN articles ar ON ar.id = e.article_id "
                "LEFT JOIN duplicate_links d ON d.article_id = e.article_id "
                "LEFT JOIN articles c ON c.id = d.canonical_id ORDER BY e.article_id, e.seq"
            ):
                item["country_keys"] = countries.get(item["article_id"], [])
                yield item

    def replace_stories(self, stories: Iterable[dict[str, Any]]) -> int:
        """Replace all story events with ``stories`` (``stories.Story.to_dict()``); return count.

        Each dict holds the ``stories`` columns, ``participants`` (role, code,
        country, sector, name) and ``members`` (article_id, event_key, event_id).
        """
        columns = (
            "id type quad_class factuality actor_codes recipient_codes actor_names "
            "recipient_names date_begin date_end first_reported last_reported place "
            "place_country sources articles reports"
        ).split()
        count = 0
        try:
            with self._transaction():
                self._dialect.lock_tables(self._conn, "stories")
                for table in ("story_participants", "story_events", "stories"):
                    self._conn.execute(f"DELETE FROM {table}")
                for story in stories:
                    self._conn.execute(
                        f"INSERT INTO stories ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' for _ in columns)})",
                        [
                            json.dumps(story[c], ensure_ascii=False)
                            if c.endswith(("_codes", "_names"))
                            else story[c]
                            for c in columns
                        ],
                    )
                    self._conn.executemany(
                        "INSERT INTO story_events (story_id, seq, event_id, article_id, event_key) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [
                            (story["id"], i, m["event_id"], m["article_id"], m["event_key"])
                            for i, m in enumerate(story["members"])
                        ],
                    )
                    self._conn.executemany(
                        "INSERT INTO story_participants "
                        "(story_id, role, seq, code, country, sector, name) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [
                            (story["id"], p["role"], i, p["code"], p["country"], p["sector"],
                             p["name"])
                            for i, p in enumerate(story["participants"])
                        ],
                    )  # fmt: skip
                    count += 1
        except self._dialect.errors as exc:
            raise StoreError(
                f"cannot write story events to {self.path}: {exc}; the previous stories were "
                "kept. Run `eventwire merge` again after the ingest has finished"
            ) from exc
        return count

    @takes_query(StoryQuery)
    def stories(
        self, query: StoryQuery, *, sort: str = "-date", limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        """Find story events (reports merged across articles); return ``{"total", "items"}``.

        The filters come as a ``StoryQuery`` or as its fields given as keywords
        (``store.stories(actor="RUS", min_sources=2)``); see ``StoryQuery`` for
        what each matches. ``sort`` is one of ``Store.STORY_SORTS``. Each item
        has the ``stories`` columns (JSON lists decoded) plus ``title``, ``url``
        and ``sentence`` of its earliest report.
        """
        if sort not in self.STORY_SORTS:
            raise ValueError(f"sort={sort!r} is not one of {', '.join(self.STORY_SORTS)}")
        where = query.where()
        with self._snapshot():
            total = self._scalar(f"SELECT COUNT(*) FROM stories s {where.sql()}", where.params)
            rows = self._fetch(
                f"SELECT s.* FROM stories s {where.sql()} "
                f"ORDER BY {self.STORY_SORTS[sort]}, s.id LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            )
            items = [self._story_item(row) for row in rows]
        return {"total": total, "items": items}

    def _story_item(self, row: dict[str, Any]) -> dict[str, Any]:
        item = dict(row)
        for column in ("actor_codes", "recipient_codes", "actor_names", "recipient_names"):
            item[column] = json.loads(item[column])
        first = self._fetch(
            f"SELECT ar.title, ar.url, {SENTENCE} AS sentence FROM story_events se "
            "JOIN events e ON e.id = se.event_id JOIN articles ar ON ar.id = se.article_id "
            "WHERE se.story_id = ? ORDER BY se.seq LIMIT 1",
            (row["id"],),
        )
        item.update(first[0] if first else {"title": None, "url": None, "sentence": None})
        return item

    def story(self, story_id: str) -> dict[str, Any] | None:
        """Return one story event with all its evidence, or None.

        Like an item of ``stories``, plus ``participants`` and ``reports``: one
        per merged event, earliest report first, each being an item of
        ``events`` (the event, its article's title, published, url, sentence)
        with ``duplicate_of`` (the canonical article id of a near-duplicate).
        """
        with self._snapshot():
            found = self._fetch("SELECT s.* FROM stories s WHERE s.id = ?", (story_id,))
            if not found:
                return None
            item = self._story_item(found[0])
            item["participants"] = self._fetch(
                "SELECT role, code, country, sector, name FROM story_participants "
                "WHERE story_id = ? ORDER BY role, seq",
                (story_id,),
            )
            reports = self._select_events(
                Where().add(
                    "e.id IN (SELECT event_id FROM story_events WHERE story_id = ?)", story_id
                ),
                "(ar.published IS NULL), ar.published, e.article_id, e.seq",
                found[0]["reports"],
                0,
            )
            links = {
                r["article_id"]: r["canonical_id"]
                for r in self._fetch(
                    "SELECT d.article_id, d.canonical_id FROM duplicate_links d JOIN story_events "
                    "se ON se.article_id = d.article_id WHERE se.story_id = ?",
                    (story_id,),
                )
            }
        for report in reports:
            report["duplicate_of"] = links.get(report["article_id"])
        item["reports"] = reports
        return item

    def story_of_event(self, article_id: str, key: str) -> str | None:
        """Return the id of the story an event was merged into, or None."""
        return self._scalar(
            "SELECT story_id FROM story_events WHERE article_id = ? AND event_key = ?",
            (article_id, key),
        )
