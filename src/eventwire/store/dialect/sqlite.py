"""The SQLite dialect: a file in WAL mode, FTS5 full-text search, one writer at a time.

Opens and sets up a ``sqlite3`` connection, and answers for the store what is
SQLite's own: how transactions begin, how tables are listed, how a migration
script runs, the FTS5 search expression and the errors ``sqlite3`` raises.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.dialect import BUSY_TIMEOUT_S, DATA_ERRORS
from eventwire.store.migrations import Migration, split_statements
from eventwire.store.search import FTS_SYNTAX_ERRORS, SearchSQL

# Bytes of a SQLite file read through a memory map (address space, not memory).
SQLITE_MMAP_BYTES = 4 * 1024**3


class SQLiteDialect:
    """A SQLite file: WAL mode, FTS5 full-text search, one writer at a time."""

    kind = "SQLite database"
    name = "sqlite"
    # IMMEDIATE takes the write lock up front, so a read-then-write never fails
    # half-way with SQLITE_BUSY when another connection committed meanwhile.
    begin_write = "BEGIN IMMEDIATE"
    begin_read = "BEGIN"
    # The database lock already serializes writers.
    row_lock = ""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    data_errors: tuple[type[BaseException], ...] = (
        sqlite3.IntegrityError,
        sqlite3.InterfaceError,
        sqlite3.ProgrammingError,
        sqlite3.DataError,
        *DATA_ERRORS,
    )
    # Writers wait for the lock (busy_timeout) instead of failing: nothing to retry.
    retryable: tuple[type[BaseException], ...] = ()
    advice = "pass another path with --db / EVENTWIRE_DB"

    def connect(self, target: str) -> tuple[Any, str]:
        """Open the file and set the connection up; return (connection, name to show)."""
        try:
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open database {target}: {exc}; check that the directory exists and "
                "is writable, or pass another path with --db / EVENTWIRE_DB"
            ) from exc
        try:
            # WAL lets readers in other connections go on while one connection writes.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read through a memory map: a query over many events then costs no read()
            # call per page (about a third of the time of a month's events query).
            conn.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(
                f"cannot use database {target}: {exc}; check the file permissions and that "
                "no other program holds it locked"
            ) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{target} is not a SQLite database ({exc}); eventwire cannot use it. Move "
                "or delete the file, or pass another path with --db / EVENTWIRE_DB"
            ) from exc
        return conn, target

    def table_names(self, conn: Any) -> set[str]:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def lock_migrations(self, conn: Any) -> None:
        """Nothing to do: BEGIN IMMEDIATE already keeps other migrators out."""

    def lock_tables(self, conn: Any, *names: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE already keeps other writers out."""

    def analyze(self, conn: Any) -> None:
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")

    def apply_script(self, conn: Any, migration: Migration) -> None:
        for statement in split_statements(migration.sql):
            try:
                conn.execute(statement)
            except sqlite3.Error as exc:
                raise sqlite3.OperationalError(f"{migration.name}: {exc}") from exc

    def open_cursor(self, conn: Any, sql: str, params: Iterable[Any]) -> Any:
        return conn.execute(sql, tuple(params))

    def pipeline(self, conn: Any) -> AbstractContextManager[Any]:
        """Statements in this block need no answer before the next one (nothing to gain here)."""
        return nullcontext()

    def search_sql(self, query: str, open_mark: str, close_mark: str) -> SearchSQL:
        return SearchSQL(
            source="FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
            "WHERE articles_fts MATCH ?",
            params=[query],
            snippet="snippet(articles_fts, -1, ?, ?, '…', 24)",
            snippet_params=[open_mark, close_mark],
            # title matches weigh three times body matches; bm25 is lower-is-better
            score="-bm25(articles_fts, 3.0, 1.0)",
            order="bm25(articles_fts, 3.0, 1.0)",
        )

    def is_search_syntax_error(self, exc: BaseException) -> bool:
        message = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and any(
            marker in message for marker in FTS_SYNTAX_ERRORS
        )


SQLITE = SQLiteDialect()
