"""The store: the one class that speaks SQL, its connection, transactions and writes.

Reads ``Extraction`` and ``Failure`` records (from ``records.py``) and writes
them to a database; reads them back as records or plain dicts for the CLI,
the exporters and the API. Two backends sit behind the one ``Store`` class: a
SQLite file (``Store.open("eventwire.db")``) and a schema of a PostgreSQL
database (``Store.open("postgresql://user@host:5432/dbname?schema=news")``,
schema ``public`` by default), which several ingesting processes and the API
server can share. The schema lives in versioned migrations (``migrations.py``),
applied in order in one transaction when a database is opened.

Every article is written in one transaction (a savepoint when saved in a
batch) together with everything extracted from it, so a reader never sees half
an article and a failing article never leaves rows behind. Saving an article id
again replaces its rows; concurrent writers of one id take turns. SQLite runs
in WAL mode, so readers in other processes keep reading while one process
writes; PostgreSQL readers read one snapshot per call.

The queries are written once, with ``?`` parameters, in SQL both databases
understand. What differs lives in the two dialects (``dialect/``). This module
holds opening, transactions and writes; the reads live in ``queries/`` (one
mixin class per domain that ``Store`` inherits) and ``search.py``, their WHERE
clauses in ``filters.py``, the tables' columns in ``tables.py``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eventwire.errors import StoreError
from eventwire.records import Extraction, Failure
from eventwire.store.dialect import STREAM_BATCH, is_postgres_url
from eventwire.store.dialect.postgres import PostgresDialect
from eventwire.store.dialect.sqlite import SQLITE
from eventwire.store.filters import Where
from eventwire.store.identity import IdentityRegistry
from eventwire.store.migrations import LATEST_VERSION, Migrating
from eventwire.store.queries.actors import ActorQueries
from eventwire.store.queries.articles import ArticleQueries
from eventwire.store.queries.events import EventQueries
from eventwire.store.queries.places import PlaceQueries
from eventwire.store.queries.quotes import QuoteQueries
from eventwire.store.queries.signatures import SignatureQueries
from eventwire.store.queries.stories import StoryQueries
from eventwire.store.queries.watch import WatchQueries
from eventwire.store.search import Searching
from eventwire.store.tables import (
    ARTICLE_STATUSES,
    CHILD_TABLES,
    EXTRACTOR_VERSION,
    TABLES,
    event_rows,
    insert_sql,
    to_sql,
    utc_now,
)

# Articles written per commit by save_many; each one still has its own savepoint.
SAVE_BATCH = 100
# Times a write transaction is tried when PostgreSQL aborted it to break a deadlock
# (two writers locking the same rows in opposite orders, e.g. a save during a merge).
WRITE_ATTEMPTS = 5

_T = TypeVar("_T")


@dataclass
class SaveReport:
    """What ``Store.save_many`` did: articles inserted, replaced, and those that failed.

    ``outcomes`` has one entry per extraction given, in the order given: "new",
    "updated" or "failed"; ``failures`` holds the failed ones in that order too.
    """

    new: int = 0
    updated: int = 0
    failures: list[Failure] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)


class Store(
    Migrating,
    Searching,
    ArticleQueries,
    EventQueries,
    ActorQueries,
    QuoteQueries,
    PlaceQueries,
    StoryQueries,
    WatchQueries,
    SignatureQueries,
    IdentityRegistry,
):
    """An eventwire database. Open with ``Store.open(path_or_url)``; use as a context manager."""

    def __init__(self, conn: Any, path: str, dialect: Any = SQLITE) -> None:
        self._conn = conn
        self._dialect = dialect
        self.path = path
        self.version = 0
        self.backend = "postgresql" if isinstance(dialect, PostgresDialect) else "sqlite"

    # -- opening and closing --

    @classmethod
    def open(cls, path: str | Path, *, target_version: int | None = None) -> Store:
        """Open (creating if needed) the database at ``path`` and apply pending migrations.

        ``path`` is a SQLite file, or a URL starting with ``postgresql://`` (or
        ``postgres://``) for a PostgreSQL database; its option ``?schema=name``
        picks the schema the store lives in (created if needed; default ``public``).
        ``target_version`` stops migrating at that version; it exists to build old
        databases in tests. Raises ``SchemaVersionError`` for a database written by a
        newer eventwire and ``StoreError`` for a file that is not an eventwire database.
        """
        dialect = PostgresDialect(path) if is_postgres_url(path) else SQLITE
        conn, name = dialect.connect(str(path))
        store = cls(conn, name, dialect)
        try:
            store._migrate(LATEST_VERSION if target_version is None else target_version)
        except BaseException:
            conn.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def reusable(self) -> bool:
        """True when the connection is open, outside a transaction and answers a query.

        For pools that keep stores open between uses (the web app's, for PostgreSQL):
        a store left in a transaction, or whose server went away, is closed instead.
        """
        try:
            if self._conn.in_transaction:
                return False
            self._conn.execute("SELECT 1")
        except self._dialect.errors:
            return False
        return True

    def __repr__(self) -> str:
        return f"Store({self.path!r}, version={self.version})"

    # -- transactions --

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """Run the block in one write transaction; roll back on any exception."""
        if self._conn.in_transaction:
            raise StoreError(
                f"cannot write to {self.path} while a read of it is still going on (an "
                "iterator over its rows); finish reading first, or open a second Store"
            )
        self._conn.execute(self._dialect.begin_write)
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Read from one consistent snapshot (reentrant: joins an open transaction)."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute(self._dialect.begin_read)
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    # For readers outside the store that ask several questions of one snapshot (web views).
    snapshot = _snapshot

    def _fetch(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            cursor = self._conn.execute(sql, tuple(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except self._dialect.errors as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc

    def _scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        rows = self._fetch(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        """Yield the rows of a large result as dicts, STREAM_BATCH rows in memory at a time.

        Call it inside ``_snapshot``: a PostgreSQL server-side cursor lives in a transaction.
        """
        cursor = self._dialect.open_cursor(self._conn, sql, params)
        try:
            names = [d[0] for d in cursor.description]
            while rows := cursor.fetchmany(STREAM_BATCH):
                for row in rows:
                    yield dict(zip(names, row, strict=True))
        finally:
            # the transaction may be over already, and the cursor with it
            with suppress(*self._dialect.errors):
                cursor.close()

    def _count_per(
        self,
        column: str,
        values: list[Any],
        table: str,
        counted: str = "*",
        where: Where | None = None,
    ) -> dict[Any, int]:
        """Count the rows (or ``counted``) of ``table`` per value of ``column``, for these values.

        Values no row has are left out; ``where`` keeps only the rows it matches.
        """
        if not values:
            return {}
        found = Where(f"{column} IN ({', '.join('?' for _ in values)})")
        found.params = list(values)
        if where is not None:
            found.clauses += where.clauses
            found.params += where.params
        rows = self._fetch(
            f"SELECT {column} AS v, COUNT({counted}) AS n FROM {table} "
            f"{found.sql()} GROUP BY {column}",
            found.params,
        )
        return {r["v"]: r["n"] for r in rows}

    def _newest_first(
        self,
        select: str,
        where: Where,
        alias: str,
        limit: int,
        offset: int,
        flags: tuple[str, ...] = (),
    ) -> list[dict[str, Any]]:
        """Rows of ``select ... FROM`` (alias ``ar``: their article) meeting ``where``.

        Newest article first, then in their order within it (``alias.seq``);
        the ``flags`` columns come back as booleans.
        """
        rows = self._fetch(
            f"{select} {where.sql()} ORDER BY (ar.published IS NULL), ar.published DESC, "
            f"{alias}.article_id, {alias}.seq LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        for row in rows:
            for flag in flags:
                row[flag] = bool(row[flag])
        return rows

    def _write_retrying(self, work: Callable[[], _T]) -> _T:
        """Run ``work`` in one write transaction; again if PostgreSQL broke a deadlock with it."""
        for attempt in itertools.count(1):
            try:
                with self._transaction():
                    return work()
            except self._dialect.retryable:
                if attempt >= WRITE_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    # -- writes --
    def save(self, extraction: Extraction) -> bool:
        """Write one article and everything extracted from it; return True if it is new.

        Saving an id again replaces the article and all its rows. On any error
        nothing of the article is written and ``StoreError`` is raised.
        """
        try:
            return self._write_retrying(lambda: self._write(extraction))
        except (*self._dialect.data_errors, *self._dialect.errors) as exc:
            raise self._save_error(extraction, exc) from exc

    def save_many(self, extractions: Iterable[Extraction], batch: int = SAVE_BATCH) -> SaveReport:
        """Save many extractions, committing every ``batch`` articles.

        Each article is atomic on its own (a savepoint): one whose rows are invalid
        is rolled back, recorded in ``failures`` (stage ``store``) and reported, and
        the others are saved. Database errors (disk full, locked) raise ``StoreError``.
        """
        report = SaveReport()
        chunk: list[Extraction] = []
        for extraction in extractions:
            chunk.append(extraction)
            if len(chunk) >= batch:
                self._save_chunk(chunk, report)
                chunk = []
        if chunk:
            self._save_chunk(chunk, report)
        return report

    def _save_chunk(self, chunk: list[Extraction], report: SaveReport) -> None:
        # Collected chunk first, then the transaction: the write lock is never held
        # while waiting for the caller to produce the next extraction. Writing in
        # article id order makes concurrent PostgreSQL writers lock article rows in
        # one order, so two batches sharing articles wait for each other, never deadlock.
        order = sorted(range(len(chunk)), key=lambda i: chunk[i].article.id)

        def write_chunk() -> list[str | Failure]:
            outcomes: list[str | Failure] = [""] * len(chunk)
            for i in order:
                self._conn.execute("SAVEPOINT article")
                try:
                    is_new = self._write(chunk[i])
                except self._dialect.data_errors as exc:
                    self._conn.execute("ROLLBACK TO SAVEPOINT article")
                    self._conn.execute("RELEASE SAVEPOINT article")
                    failure = self._save_failure(chunk[i], exc)
                    self._insert_failure(failure)
                    outcomes[i] = failure
                    continue
                self._conn.execute("RELEASE SAVEPOINT article")
                outcomes[i] = "new" if is_new else "updated"
            return outcomes

        try:
            outcomes = self._write_retrying(write_chunk)
        except self._dialect.errors as exc:
            raise StoreError(
                f"cannot write to {self.path}: {exc}; the last {len(chunk)} articles were not "
                "saved. Check free disk space and that no other program locks the database"
            ) from exc
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                report.failures.append(outcome)
                report.outcomes.append("failed")
            else:
                report.outcomes.append(outcome)
                report.new += outcome == "new"
                report.updated += outcome == "updated"

    def save_result(self, result: Extraction | Failure) -> tuple[str, Failure | None]:
        """Write one pipeline result; return its outcome and the failure recorded.

        The outcome is "new", "updated", "skipped" (stored without extraction) or
        "failed". A failure is recorded in the store: the result itself, or a
        ``Failure`` of stage "store" for an extraction the store refused (nothing
        of it was written).
        """
        if isinstance(result, Failure):
            self.record_failure(result)
            return "failed", result
        try:
            is_new = self.save(result)
        except Exception as exc:  # the store rolled this article back; go on with the next
            failure = Failure(
                result.article.source, "store", f"could not be stored: {exc}", result.article.id
            )
            self.record_failure(failure)
            return "failed", failure
        if result.status == "skipped":
            return "skipped", None
        return ("new" if is_new else "updated"), None

    def save_results(
        self, results: Sequence[Extraction | Failure]
    ) -> list[tuple[str, Failure | None]]:
        """Write many pipeline results; return each one's outcome, in order.

        As ``save_result`` for each result, but the extractions are written
        ``SAVE_BATCH`` to a transaction (``save_many``), each in a savepoint of
        its own. When the database refuses a whole batch (disk full, locked),
        that batch is saved again one article at a time, so each article still
        ends stored or recorded as failed.
        """
        outcomes: list[tuple[str, Failure | None]] = [("", None)] * len(results)
        for i, result in enumerate(results):
            if isinstance(result, Failure):
                outcomes[i] = self.save_result(result)
        pending = [i for i, result in enumerate(results) if isinstance(result, Extraction)]
        for start in range(0, len(pending), SAVE_BATCH):
            batch = pending[start : start + SAVE_BATCH]
            extractions = [results[i] for i in batch]
            try:
                report = self.save_many(extractions, batch=len(batch))  # type: ignore[arg-type]
            except StoreError:
                for i in batch:
                    outcomes[i] = self.save_result(results[i])
                continue
            failures = iter(report.failures)
            for i, outcome in zip(batch, report.outcomes, strict=True):
                if outcome == "failed":
                    outcomes[i] = ("failed", next(failures))
                elif results[i].status == "skipped":  # type: ignore[union-attr]
                    outcomes[i] = ("skipped", None)
                else:
                    outcomes[i] = (outcome, None)
        return outcomes

    def _save_failure(self, extraction: Extraction, exc: BaseException) -> Failure:
        article = extraction.article
        return Failure(article.source, "store", str(self._save_error(extraction, exc)), article.id)

    def _save_error(self, extraction: Extraction, exc: BaseException) -> StoreError:
        article = extraction.article
        if isinstance(exc, self._dialect.data_errors):
            advice = "check its extracted records (offsets, coordinates, status) against the schema"
        else:
            advice = "check that the disk is not full and no other program keeps the file locked"
        return StoreError(
            f"article {article.id} from {article.source} was not saved to {self.path} "
            f"({type(exc).__name__}: {exc}); nothing of it was written: {advice}"
        )

    def record_failure(self, failure: Failure) -> None:
        """Append a failure (an input that could not be read, extracted or stored)."""
        try:
            with self._transaction():
                self._insert_failure(failure)
        except self._dialect.errors as exc:
            raise StoreError(
                f"cannot record failure of {failure.source} in {self.path}: {exc}"
            ) from exc

    def _insert_failure(self, failure: Failure) -> None:
        self._conn.execute(
            insert_sql("failures", skip=("id",)),
            (failure.source, failure.stage, failure.message, failure.article_id, utc_now()),
        )

    def delete(self, article_id: str) -> bool:
        """Delete an article and everything extracted from it; return True if it existed."""
        try:
            with self._transaction():
                # Lock the article first, as saves do, so a concurrent save of it waits.
                self._conn.execute(
                    f"SELECT id FROM articles WHERE id = ?{self._dialect.row_lock}", (article_id,)
                )
                self._delete_children(article_id)
                cursor = self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                return cursor.rowcount > 0
        except self._dialect.errors as exc:
            raise StoreError(f"cannot delete article {article_id} from {self.path}: {exc}") from exc

    def _delete_children(self, article_id: str) -> None:
        # Deleting the events deletes their participants too (ON DELETE CASCADE, found by
        # the primary key of event_actors); an IN (SELECT ...) could make PostgreSQL scan
        # all participants once per article.
        for table in CHILD_TABLES:
            self._conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    def _write(self, extraction: Extraction) -> bool:
        """Upsert the article row and replace its children; caller owns the transaction."""
        article = extraction.article
        aid = article.id
        computed = {
            "status": extraction.status,
            "reason": extraction.reason,
            "schema_version": extraction.schema_version,
            "extractor_version": EXTRACTOR_VERSION,
            "ingested_at": utc_now(),
        }
        values = [
            computed[c.name] if c.field is None else to_sql(getattr(article, c.field), c.kind)
            for c in TABLES["articles"]
        ]
        # Insert, or else update (not INSERT OR REPLACE, which would renumber the row the
        # SQLite full-text index points at). The INSERT waits for a concurrent writer of
        # the same id to finish, and the UPDATE locks the row until this transaction
        # ends: PostgreSQL writers of one article take turns, each replacing all rows.
        inserted = self._conn.execute(
            insert_sql("articles") + " ON CONFLICT (id) DO NOTHING", values
        ).rowcount
        if not inserted:
            updates = ", ".join(f"{c.name} = ?" for c in TABLES["articles"][1:])
            self._conn.execute(f"UPDATE articles SET {updates} WHERE id = ?", [*values[1:], aid])
            self._delete_children(aid)

        def rows(table: str, records: Iterable[Any], *prefix: Any) -> list[tuple]:
            fields = [c.field for c in TABLES[table] if c.field]
            return [
                (aid, *prefix, i, *(getattr(r, f) for f in fields)) for i, r in enumerate(records)
            ]

        # Canonical ids (store/identity.py), read and written in this transaction.
        ids = self._assign_actor_ids(extraction.actors)
        id_of_key = {a.key: i for a, (i, _) in zip(extraction.actors, ids, strict=True)}
        events, event_links = [], []
        for seq, event in enumerate(extraction.events):
            event_row, links = event_rows(aid, seq, event, id_of_key)
            events.append(event_row)
            event_links += links
        children = {  # in foreign key order
            "entities": rows("entities", extraction.entities),
            "actors": [
                (*row, *pair)
                for row, pair in zip(rows("actors", extraction.actors), ids, strict=True)
            ],
            "mentions": [
                row
                for actor_seq, actor in enumerate(extraction.actors)
                for row in rows("mentions", actor.mentions, actor_seq)
            ],
            "times": rows("times", extraction.times),
            "places": rows("places", extraction.places),
            "quotes": rows("quotes", extraction.quotes),
            "events": events,
            "event_actors": event_links,
        }
        # One executemany per table, sent to a PostgreSQL server in one round trip.
        with self._dialect.pipeline(self._conn):
            for table, table_rows in children.items():
                if table_rows:
                    self._conn.executemany(insert_sql(table), table_rows)
        return bool(inserted)

    def stats(self) -> dict[str, Any]:
        """Return row counts per table, articles by status and failures by stage."""
        with self._snapshot():
            result: dict[str, Any] = {"path": self.path, "schema_version": self.version}
            for table in TABLES:
                result[table] = self._scalar(f"SELECT COUNT(*) FROM {table}")
            by_status = self._fetch("SELECT status, COUNT(*) AS n FROM articles GROUP BY status")
            result["articles_by_status"] = {s: 0 for s in ARTICLE_STATUSES} | {
                r["status"]: r["n"] for r in by_status
            }
            by_stage = self._fetch(
                "SELECT stage, COUNT(*) AS n FROM failures GROUP BY stage ORDER BY stage"
            )
            result["failures_by_stage"] = {r["stage"]: r["n"] for r in by_stage}
        return result

    def analyze(self) -> None:
        """Refresh the query planner's statistics, e.g. after loading many articles.

        SQLite samples each index (ANALYZE with an analysis limit); PostgreSQL also
        vacuums the store's tables, so the timeline can read its index alone.
        """
        try:
            self._dialect.analyze(self._conn)
        except self._dialect.errors as exc:
            raise StoreError(f"cannot analyze {self.path}: {exc}") from exc

    def totals(self, min_confidence: float | None = None) -> dict[str, Any]:
        """Return headline counts: articles, events, actors (ids), quotes, places, failures.

        Events count those whose confidence is ``min_confidence`` or more (None: all).
        """
        events = Where().confident(min_confidence)
        with self._snapshot():
            return {
                "articles": self._scalar("SELECT COUNT(*) FROM articles"),
                "extracted": self._scalar("SELECT COUNT(*) FROM articles WHERE status = 'ok'"),
                "events": self._scalar(
                    f"SELECT COUNT(*) FROM events e {events.sql()}", events.params
                ),
                "actors": self._scalar("SELECT COUNT(DISTINCT actor_id) FROM actors"),
                "quotes": self._scalar("SELECT COUNT(*) FROM quotes"),
                "places": self._scalar(
                    "SELECT COUNT(*) FROM (SELECT DISTINCT name, country FROM places) d"
                ),
                "failures": self._scalar("SELECT COUNT(*) FROM failures"),
                "first_published": self._scalar("SELECT MIN(published) FROM articles"),
                "last_published": self._scalar("SELECT MAX(published) FROM articles"),
            }
