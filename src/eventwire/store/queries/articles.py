"""Reads of articles: one article as a record, lists of articles, times and failures.

Reads the ``articles`` table and the tables of what was extracted from each
article (``entities``, ``actors``, ``mentions``, ``times``, ``places``,
``quotes``, ``events``), and ``failures``; writes nothing. Also streams the
flat tables for the exporters (``iter_rows``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire import records
from eventwire.errors import StoreError
from eventwire.store.filters import ArticleQuery, Where, takes_query
from eventwire.store.tables import (
    CHILD_TABLES,
    ORDER_BY,
    TABLES,
    check_table,
    select_sql,
    to_python,
    to_record,
)

# Ids looked up per query by ``stored_ids``.
ID_BATCH = 500


class ArticleQueries:
    """The part of ``Store`` that reads articles, their times and the failures."""

    def article(self, article_id: str) -> records.Extraction | None:
        """Return the stored Extraction of an article, equal to the one saved, or None."""
        with self._snapshot():
            found = self._fetch(
                f"SELECT {select_sql('articles')} FROM articles WHERE id = ?", (article_id,)
            )
            if not found:
                return None
            row = found[0]
            article = records.Article(
                **{c.field: to_python(row[c.name], c.kind) for c in TABLES["articles"] if c.field}
            )
            children = {
                table: self._fetch(
                    f"SELECT {select_sql(table)} FROM {table} WHERE article_id = ? "
                    f"ORDER BY {ORDER_BY.get(table, 'seq')}",
                    (article_id,),
                )
                for table in CHILD_TABLES
            }
        mentions: dict[int, list[records.Mention]] = {}
        for m in children["mentions"]:
            mentions.setdefault(m["actor_seq"], []).append(
                to_record(records.Mention, "mentions", m)
            )
        actors = []
        for a in children["actors"]:
            actor = to_record(records.Actor, "actors", a)
            actor.mentions = mentions.get(a["seq"], [])
            actors.append(actor)
        return records.Extraction(
            article=article,
            entities=[to_record(records.Entity, "entities", r) for r in children["entities"]],
            actors=actors,
            times=[to_record(records.TimeExpr, "times", r) for r in children["times"]],
            places=[to_record(records.Place, "places", r) for r in children["places"]],
            quotes=[to_record(records.Quote, "quotes", r) for r in children["quotes"]],
            events=[records.Event.from_dict(json.loads(r["raw"])) for r in children["events"]],
            status=row["status"],
            reason=row["reason"],
            schema_version=row["schema_version"],
        )

    def iter_extractions(self, batch: int = 200) -> Iterator[records.Extraction]:
        """Yield every stored Extraction, sorted by article id, from one snapshot."""
        with self._snapshot():
            last = ""
            while True:
                ids = self._fetch(
                    "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                )
                for r in ids:
                    extraction = self.article(r["id"])
                    if extraction is not None:
                        yield extraction
                if len(ids) < batch:
                    return
                last = ids[-1]["id"]

    @takes_query(ArticleQuery)
    def count_articles(self, query: ArticleQuery) -> int:
        """Return the number of stored articles (with this status, published in these dates)."""
        where = query.where()
        return self._scalar(f"SELECT COUNT(*) FROM articles a {where.sql()}", where.params)

    def stored_ids(self, ids: Iterable[str], extractor_version: str) -> set[str]:
        """The ids among ``ids`` of articles stored by ``extractor_version`` (looked up by key).

        Ingest asks this before parsing, so an article already stored by the same
        eventwire is not extracted again.
        """
        wanted = sorted(set(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            marks = ", ".join("?" * len(batch))
            rows = self._fetch(
                f"SELECT id FROM articles WHERE id IN ({marks}) AND extractor_version = ?",
                (*batch, extractor_version),
            )
            found.update(row["id"] for row in rows)
        return found

    @takes_query(ArticleQuery)
    def articles(
        self, query: ArticleQuery, *, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """List articles, newest publication first, without their text.

        The filters come as an ``ArticleQuery`` or as its fields (``status``,
        ``since``, ``until``: the publication date, both inclusive) given as
        keywords. Each dict has the article columns (``chars`` instead of
        ``text``) and counts of its actors, quotes, places and times.
        """
        where = query.where()
        columns = [c.name for c in TABLES["articles"] if c.name != "text"]
        counts = ", ".join(
            f"(SELECT COUNT(*) FROM {t} x WHERE x.article_id = a.id) AS {t}"
            for t in ("actors", "quotes", "places", "times")
        )
        rows = self._fetch(
            f"SELECT {', '.join('a.' + c for c in columns)}, LENGTH(a.text) AS chars, {counts} "
            f"FROM articles a {where.sql()} "
            "ORDER BY (a.published IS NULL), a.published DESC, a.id LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        for row in rows:
            row["keywords"] = json.loads(row["keywords"])
        return rows

    def times(
        self,
        value: str | None = None,
        type: str | None = None,
        article_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List time expressions with their article; ``value`` matches a prefix ("2024-11")."""
        where = Where().like("t.value", value, prefix_only=True)
        where.equal("t.type", type, upper=True).equal("t.article_id", article_id)
        return self._newest_first(
            f"SELECT {select_sql('times', 't')}, ar.title, ar.published "
            "FROM times t JOIN articles ar ON ar.id = t.article_id",
            where,
            "t",
            limit,
            offset,
            flags=("anchored",),
        )

    def failures(
        self, limit: int = 50, offset: int = 0, stage: str | None = None
    ) -> list[dict[str, Any]]:
        """List recorded failures, newest first."""
        where = Where() if stage is None else Where().add("stage = ?", stage)
        return self._fetch(
            f"SELECT {select_sql('failures')} FROM failures {where.sql()} "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )

    # -- reads: flat tables for export --

    @staticmethod
    def table_columns(table: str) -> list[tuple[str, str]]:
        """Return (column, kind) pairs of a flat table; kind is str/int/float/bool/list."""
        check_table(table)
        return [(c.name, c.kind) for c in TABLES[table]]

    def iter_rows(
        self, table: str, batch: int = 1000, min_confidence: float | None = None
    ) -> Iterator[dict[str, Any]]:
        """Yield every row of a flat table as a dict of Python values, in a stable order.

        ``min_confidence`` leaves out the rows of ``events`` and ``event_actors``
        that belong to events below that confidence; other tables are whole.
        """
        check_table(table)
        cols = TABLES[table]
        order = ORDER_BY.get(table, "article_id, seq")
        cut = Where()
        if table == "events":
            cut.confident(min_confidence)
        elif table == "event_actors":
            cut.confident(min_confidence, "e.event_id")
        sql = f"SELECT {select_sql(table)} FROM {table} e {cut.sql()} ORDER BY {order}"
        with self._snapshot():
            try:
                for row in self._stream(sql, cut.params):
                    yield {c.name: to_python(row[c.name], c.kind) for c in cols}
            except self._dialect.errors as exc:
                raise StoreError(f"cannot read {table} from {self.path}: {exc}") from exc
