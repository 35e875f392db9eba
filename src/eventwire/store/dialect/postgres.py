"""The PostgreSQL dialect: a schema of a database shared by many processes.

Connects with psycopg 3 (imported when a PostgreSQL store is opened) and wraps
the connection so that it answers the ``sqlite3`` calls the store makes
(``?`` parameters, booleans as 0/1). Answers for the store what is
PostgreSQL's own: isolation levels, row and table locks, advisory locks for
migrations, server-side cursors, the tsvector search expression and psycopg's
errors. Full-text queries in FTS5 syntax are translated by
``eventwire.store.search.fts5_to_tsquery``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eventwire.errors import StoreError
from eventwire.store.dialect import BUSY_TIMEOUT_S, DATA_ERRORS
from eventwire.store.migrations import Migration
from eventwire.store.search import SearchSQL, fts5_to_tsquery

_PG_TS_CONFIG = "eventwire_english"
_PG_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class PostgresDialect:
    """A schema of a PostgreSQL database, shared by many processes.

    Writes run at READ COMMITTED: saving an article first inserts or updates its
    ``articles`` row, which locks it, so two writers of one article id take turns
    and the second replaces what the first committed. Reads run in a REPEATABLE
    READ transaction, one snapshot for all their statements, as in SQLite.
    """

    kind = "PostgreSQL schema"
    name = "postgresql"
    begin_write = "BEGIN"
    begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ"
    row_lock = " FOR UPDATE"
    advice = "pass another database URL, or another ?schema=, with --db / EVENTWIRE_DB"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"cannot open {_hide_password(url)}: PostgreSQL stores need psycopg 3; "
                "install it with pip install 'psycopg[binary]'"
            ) from exc
        self._psycopg = psycopg
        self.conninfo, self.schema = _parse_postgres_url(url)
        self.shown = _hide_password(url)
        self.errors = (psycopg.Error,)
        self.data_errors = (psycopg.IntegrityError, psycopg.DataError, *DATA_ERRORS)
        self.retryable = (
            psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure,
        )
        self._cursor_names = itertools.count()

    def connect(self, target: str) -> tuple[Any, str]:
        psycopg = self._psycopg
        try:
            raw = psycopg.connect(self.conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL at {self.shown}: {str(exc).strip()}; check that "
                "the server runs and the URL (postgresql://user@host:port/dbname) is right, "
                "or pass another --db / EVENTWIRE_DB"
            ) from exc
        try:
            _register_pg_adapters(raw)
            # Writers wait for a row lock as long as SQLite writers wait for the file lock.
            # No JIT: it compiles for 0.2 s to save less on queries that take 0.1 s.
            raw.execute(
                f"SET search_path TO {_pg_identifier(self.schema)}; "
                f"SET lock_timeout = {int(BUSY_TIMEOUT_S * 1000)}; SET jit = off"
            )
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot use PostgreSQL at {self.shown}: {exc}") from exc
        return _PgConnection(raw), self.shown

    def table_names(self, conn: _PgConnection) -> set[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            (self.schema,),
        )
        return {r[0] for r in rows}

    def lock_migrations(self, conn: _PgConnection) -> None:
        """Let one process at a time migrate this schema; create the schema if needed."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"eventwire:{self.schema}",))
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_pg_identifier(self.schema)}")

    def lock_tables(self, conn: _PgConnection, *names: str) -> None:
        """Keep other writers (a second merge) out of tables replaced as a whole; reads go on."""
        conn.execute(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE")

    def analyze(self, conn: _PgConnection) -> None:
        # Name the tables: a bare VACUUM would visit every schema of the database.
        tables = ", ".join(sorted(_pg_identifier(t) for t in self.table_names(conn)))
        conn.execute(f"VACUUM (ANALYZE) {tables}")

    def apply_script(self, conn: _PgConnection, migration: Migration) -> None:
        try:
            # No parameters: psycopg sends the script as is, statements and all.
            conn.raw.execute(migration.sql)
        except self._psycopg.Error as exc:
            raise self._psycopg.OperationalError(f"{migration.name}: {exc}") from exc

    def pipeline(self, conn: _PgConnection) -> AbstractContextManager[Any]:
        """Send the block's statements without waiting for each answer (errors come at the end)."""
        return conn.raw.pipeline()

    def open_cursor(self, conn: _PgConnection, sql: str, params: Iterable[Any]) -> Any:
        # A server-side cursor: rows come as fetched (Store._stream), not all at once.
        cursor = conn.raw.cursor(name=f"eventwire_{next(self._cursor_names)}")
        cursor.execute(_pyformat(sql), tuple(params))
        return cursor

    def search_sql(self, query: str, open_mark: str, close_mark: str) -> SearchSQL:
        # One fragment of up to 24 words around the best match, as FTS5's snippet picks.
        options = (
            f'StartSel="{open_mark}", StopSel="{close_mark}", MaxWords=24, MinWords=12, '
            "MaxFragments=1"
        )
        headline = f"ts_headline('{_PG_TS_CONFIG}', {{}}, q, ?)"
        body, title = headline.format("a.text"), headline.format("COALESCE(a.title, '')")
        return SearchSQL(
            source=f"FROM articles a CROSS JOIN to_tsquery('{_PG_TS_CONFIG}', ?) q "
            "WHERE a.search @@ q",
            params=[fts5_to_tsquery(query)],
            # the body's words in context, or the title's when only the title matches
            snippet=f"CASE WHEN ts_filter(a.search, '{{b}}') @@ q THEN {body} ELSE {title} END",
            snippet_params=[options, options],
            # weights of D, C, B (body) and A (title) words: a title match counts three times
            score="ts_rank('{0.1, 0.2, 0.333, 1.0}', a.search, q)",
            order="score DESC",
        )

    def is_search_syntax_error(self, exc: BaseException) -> bool:
        return False  # fts5_to_tsquery refused malformed queries already


class _PgConnection:
    """A psycopg connection answering the sqlite3.Connection calls the Store makes."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._idle = type(raw.info.transaction_status).IDLE

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != self._idle

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self.raw.execute(_pyformat(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Any:
        cursor = self.raw.cursor()
        cursor.executemany(_pyformat(sql), rows)
        return cursor

    def close(self) -> None:
        self.raw.close()


@functools.lru_cache(maxsize=1024)
def _pyformat(sql: str) -> str:
    """Rewrite qmark SQL for psycopg: ``?`` outside quotes becomes ``%s``, ``%`` becomes ``%%``."""
    out = []
    quote = ""
    for char in sql:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


def _parse_postgres_url(url: str) -> tuple[str, str]:
    """Split the eventwire option ``schema`` off a PostgreSQL URL; return (conninfo, schema)."""
    parts = urlsplit(url)
    options = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in options if k == "schema"), "public")
    if not _PG_IDENTIFIER.match(schema):
        raise StoreError(
            f"schema={schema!r} in {_hide_password(url)} is not a plain SQL name; use letters, "
            "digits and underscores, starting with a letter"
        )
    rest = [(k, v) for k, v in options if k != "schema"]
    if not any(k == "connect_timeout" for k, _ in rest):
        rest.append(("connect_timeout", "10"))
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


def _hide_password(url: str) -> str:
    return re.sub(r"^(\w+://[^:/@]*):[^@]*@", r"\1:***@", url)


def _pg_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _register_pg_adapters(raw: Any) -> None:
    """Make psycopg exchange values as sqlite3 does: booleans as 0/1, sums as int or float."""
    from psycopg.adapt import Dumper, Loader
    from psycopg.pq import Format

    int4 = raw.adapters.types["int4"].oid

    class BoolAsInteger(Dumper):
        oid = int4

        def dump(self, obj: bool) -> bytes:
            return b"1" if obj else b"0"

    class BinaryBoolAsInteger(Dumper):
        format = Format.BINARY
        oid = int4

        def dump(self, obj: bool) -> bytes:
            return int(obj).to_bytes(4, "big")

    class NumericAsNumber(Loader):
        # SUM over BIGINT is NUMERIC in PostgreSQL; SQLite gives int (or float).
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    raw.adapters.register_dumper(bool, BoolAsInteger)
    raw.adapters.register_dumper(bool, BinaryBoolAsInteger)
    raw.adapters.register_loader("numeric", NumericAsNumber)
