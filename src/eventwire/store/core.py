"""The store: the one module that speaks SQL.

Reads ``Extraction`` and ``Failure`` records (from ``records.py``) and writes
them to a database; reads them back as records or plain dicts for the CLI,
the exporters and the API. Two backends sit behind the one ``Store`` class: a
SQLite file (``Store.open("eventwire.db")``) and a schema of a PostgreSQL
database (``Store.open("postgresql://user@host:5432/dbname?schema=news")``,
schema ``public`` by default), which several ingesting processes and the API
server can share. The schema lives in versioned migrations,
``data/migrations/NNNN_name.sql`` and the same versions for PostgreSQL in
``data/migrations/postgresql/``, applied in order in one transaction when a
database is opened; ``schema_migrations`` records which ones were applied.

Every article is written in one transaction (a savepoint when saved in a
batch) together with everything extracted from it, so a reader never sees half
an article and a failing article never leaves rows behind. Saving an article id
again replaces its rows; concurrent writers of one id take turns. SQLite runs
in WAL mode, so readers in other processes keep reading while one process
writes; PostgreSQL readers read one snapshot per call.

The queries are written once, with ``?`` parameters, in SQL both databases
understand. What differs (connecting, beginning transactions, listing tables,
applying migrations, full-text search: FTS5 in SQLite, a weighted tsvector in
PostgreSQL, and the drivers' errors) lives in the two dialect classes,
``_SQLite`` and ``_Postgres``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import importlib.resources
import itertools
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eventwire.errors import SchemaVersionError, StoreError
from eventwire.records import (
    Actor,
    Article,
    Entity,
    Event,
    EventActor,
    Extraction,
    Failure,
    Mention,
    Place,
    Quote,
    TimeExpr,
)

# Seconds a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 30.0
# Articles written per commit by save_many; each one still has its own savepoint.
SAVE_BATCH = 100
# Bytes of a SQLite file read through a memory map (address space, not memory).
SQLITE_MMAP_BYTES = 4 * 1024**3

_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")
_ARTICLE_STATUSES = ("ok", "skipped")
_SEARCH_HINT = (
    'put words that contain punctuation in double quotes ("Kyiv-based"), '
    'quote a phrase as a whole ("foreign minister"), or use eventwire.store.quote_query '
    "to match the words literally"
)
# sqlite3 messages that mean the MATCH expression itself is malformed
_FTS_SYNTAX_ERRORS = ("fts5", "syntax error", "no such column", "unterminated string", "unknown")


def _read_version() -> str:
    try:
        return importlib.metadata.version("eventwire")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


EXTRACTOR_VERSION = _read_version()


# --- schema description ----------------------------------------------------------------------


class _Col(NamedTuple):
    """One column of a flat table: its name, its value kind, the record field it holds."""

    name: str
    kind: str  # str | int | float | bool | list (a JSON array of strings in SQL)
    field: str | None = None


def _cols(spec: str) -> tuple[_Col, ...]:
    """Parse whitespace-separated ``column[:kind][=field]`` items (kind defaults to str).

    Without ``=field`` the column is not filled from a record attribute but
    computed by the store (ids, positions, timestamps).
    """
    cols = []
    for item in spec.split():
        name, _, fld = item.partition("=")
        name, _, kind = name.partition(":")
        cols.append(_Col(name, kind or "str", fld or None))
    return tuple(cols)


# Columns of every table the store reads and exports, in SQL column order. They
# mirror the migrations; the INSERT statements and the exporters are built from them.
TABLES: dict[str, tuple[_Col, ...]] = {
    "articles": _cols(
        "id=id title=title subtitle=subtitle text=text url=url published=published "
        "published_source=published_source publisher=publisher section=section author=author "
        "image_url=image_url keywords:list=keywords language=language source=source "
        "format=format status reason schema_version extractor_version ingested_at"
    ),
    "entities": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text label=label "
        "source=source"
    ),
    "actors": _cols(
        "article_id seq:int key=key name=name type=type country=country sector=sector role=role"
    ),
    "mentions": _cols(
        "article_id actor_seq:int seq:int actor_key=actor start_char:int=start end_char:int=end "
        "text=text kind=kind"
    ),
    "times": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text type=type "
        "value=value granularity=granularity begin=begin end_value=end_value "
        "anchored:bool=anchored"
    ),
    "places": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text name=name "
        "country=country lat:float=lat lon:float=lon feature=feature geonameid:int=geonameid"
    ),
    "quotes": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text direct:bool=direct "
        "speaker_key=speaker speaker_name=speaker_name speaker_start:int=speaker_start "
        "speaker_end:int=speaker_end cue=cue cue_start:int=cue_start cue_end:int=cue_end"
    ),
    # events.raw and the JSON columns are filled by _event_rows
    "events": _cols(
        "id article_id seq:int key=key type=type quad_class:int=quad_class trigger_text=trigger "
        "trigger_start:int=trigger_start trigger_end:int=trigger_end "
        "sentence_start:int=sentence_start sentence_end:int=sentence_end mode=mode "
        "context:list=context modality=modality modality_cue=modality_cue date=date "
        "date_begin=date_begin date_end=date_end date_text=date_text date_source=date_source "
        "place=place place_country=place_country lat:float=lat lon:float=lon "
        "place_start:int=place_start place_end:int=place_end size=size "
        "confidence:float=confidence evidence=evidence raw"
    ),
    "event_actors": _cols(
        "event_id role seq:int actor_key=actor text=text start_char:int=start end_char:int=end "
        "name=name country=country sector=sector"
    ),
    "failures": _cols("id:int source stage message article_id at"),
}

_ORDER_BY = {
    "articles": "id",
    "mentions": "article_id, actor_seq, seq",
    "events": "article_id, seq",
    "event_actors": "event_id, role, seq",
    "failures": "id",
}
# Tables holding what was extracted from one article, deleted before it is re-saved.
_CHILD_TABLES = ("mentions", "actors", "entities", "times", "places", "quotes", "events")


# Columns of events that only serve its filters (migration 0007), after those of TABLES:
# the days it starts and ends and its participants' search keys. Not exported.
_EVENT_MATCH_COLUMNS = ("day", "day_end", "actor_keys", "recipient_keys")


def _insert_sql(table: str, skip: tuple[str, ...] = ()) -> str:
    names = [c.name for c in TABLES[table] if c.name not in skip]
    if table == "events":
        names += _EVENT_MATCH_COLUMNS
    marks = ", ".join("?" for _ in names)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"


def _select_sql(table: str, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + c.name for c in TABLES[table])


# --- migrations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(subfolder: str = "migrations") -> list[Migration]:
    """Return the packaged migrations in version order, checking they are numbered 1..n.

    ``subfolder`` of ``data/``: ``migrations`` (SQLite) or ``migrations/postgresql``.
    """
    folder = importlib.resources.files("eventwire") / "data"
    for part in subfolder.split("/"):
        folder = folder / part
    found = []
    for item in folder.iterdir():
        match = _MIGRATION_NAME.match(item.name)
        if match:
            found.append(Migration(int(match.group(1)), item.name, item.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        names = ", ".join(m.name for m in found)
        raise StoreError(f"migrations in {folder} are not numbered 0001..n without gaps: {names}")
    return found


MIGRATIONS = load_migrations()
LATEST_VERSION = MIGRATIONS[-1].version


@functools.cache
def _load_migrations_cached(subfolder: str) -> list[Migration]:
    return MIGRATIONS if subfolder == "migrations" else load_migrations(subfolder)


def _migrations_of(dialect: Any) -> list[Migration]:
    """The migrations of a dialect: the same versions and names in each dialect's SQL."""
    return _load_migrations_cached(dialect.folder)


def split_statements(script: str) -> list[str]:
    """Split a SQL script into statements, keeping trigger bodies whole.

    ``executescript`` would be simpler but commits first, and migrations must run
    inside one transaction.
    """
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if re.sub(r"--[^\n]*", "", buffer).strip():
        raise StoreError(f"SQL script ends with an incomplete statement: {buffer.strip()[:80]}")
    return statements


# --- helpers ---------------------------------------------------------------------------------


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


def quote_query(query: str) -> str:
    """Return ``query`` as an FTS5 query that matches each word literally (all words required)."""
    words = query.split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _like_pattern(text: str, *, prefix_only: bool = False) -> str:
    """Return a LIKE pattern matching ``text`` literally (escape char: backslash)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%" if prefix_only else "%" + escaped + "%"


def _parse_bound(value: str | date, name: str) -> str:
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


def _to_python(value: Any, kind: str) -> Any:
    """Convert a SQL value of a column kind back to the Python value records hold."""
    if value is None:
        return None
    if kind == "bool":
        return bool(value)
    if kind == "list":
        return json.loads(value)
    return value


def _to_sql(value: Any, kind: str) -> Any:
    """Convert a record value to the SQL value of a column kind (lists and dicts as JSON)."""
    if value is None:
        return None
    if kind in ("str", "list") and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def _fields_of(record: Any) -> dict[str, Any]:
    """A dataclass record's fields as a dict, shallow: json.dumps visits the nested ones."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"{type(record).__name__} is not JSON serializable")
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _event_json(event: Event) -> str:
    """``json.dumps(event.to_dict())``, without the deep copies of ``dataclasses.asdict``.

    Saving spent half its time copying events only to serialize the copies.
    """
    return json.dumps(_fields_of(event), ensure_ascii=False, default=_fields_of)


def _participant_keys(participants: list[EventActor]) -> str | None:
    """The search key of an event's participants in one role (see migration 0007)."""
    if not participants:
        return None
    return (
        "".join(
            f"\x1e{p.country or ''}\x1f{(p.name or '').lower()}\x1f{p.text.lower()}"
            for p in participants
        )
        + "\x1e"
    )


def _event_rows(article_id: str, seq: int, event: Event) -> tuple[tuple, list[tuple]]:
    """Map one Event to its ``events`` row and one ``event_actors`` row per participant."""
    event_id = f"{article_id}:{seq + 1}"
    typed = [_to_sql(getattr(event, c.field), c.kind) for c in TABLES["events"] if c.field]
    raw = _event_json(event)
    day = event.date_begin or event.date
    day_end = event.date_end or day
    keys = (_participant_keys(event.actors), _participant_keys(event.recipients))
    row = (event_id, article_id, seq, *typed, raw, day, day_end, *keys)
    roles = [("actor", event.actors), ("recipient", event.recipients)]
    if event.claimed_by is not None:
        roles.append(("claimant", [event.claimed_by]))
    fields = [c for c in TABLES["event_actors"] if c.field]
    links = [
        (event_id, role, i, *(_to_sql(getattr(p, c.field), c.kind) for c in fields))
        for role, participants in roles
        for i, p in enumerate(participants)
    ]
    return row, links


# Errors caused by the values of one article, not by the database: save_many records
# them as failures and goes on with the next article. Each dialect adds its driver's.
_DATA_ERRORS = (TypeError, ValueError, OverflowError)


# --- dialects: what differs between SQLite and PostgreSQL -------------------------------------
#
# Store keeps one SQL text per query, written with ``?`` parameters in the SQL both
# databases understand. A dialect object holds the rest: how to connect, how to begin
# a transaction, how to list tables and apply a migration, full-text search, and the
# driver's exception classes.

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# Times a write transaction is tried when PostgreSQL aborted it to break a deadlock
# (two writers locking the same rows in opposite orders, e.g. a save during a merge).
WRITE_ATTEMPTS = 5
# Rows fetched per round trip when streaming a large result (exports, merging).
STREAM_BATCH = 2000

# The columns full-text search indexes, and the PostgreSQL weight their words carry.
_FTS_WEIGHTS = {"title": "A", "text": "B"}
_FTS_KEYWORDS = ("AND", "OR", "NOT")
_PG_TS_CONFIG = "eventwire_english"
_PG_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def is_postgres_url(target: str | Path) -> bool:
    """Return True when ``target`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


class _SearchSyntaxError(ValueError):
    """A full-text query that is not valid FTS5 syntax (raised before PostgreSQL sees it)."""


class _SearchSQL(NamedTuple):
    """The dialect-specific parts of a full-text query over articles (alias ``a``)."""

    source: str  # FROM ... WHERE ...: the matching articles
    params: list[Any]  # parameters of source
    snippet: str  # expression: matched words in context
    snippet_params: list[Any]
    score: str  # expression: relevance, higher is better
    order: str  # ORDER BY terms, best match first


class _SQLite:
    """A SQLite file: WAL mode, FTS5 full-text search, one writer at a time."""

    kind = "SQLite database"
    folder = "migrations"
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
        *_DATA_ERRORS,
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

    def search_sql(self, query: str, open_mark: str, close_mark: str) -> _SearchSQL:
        return _SearchSQL(
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
            marker in message for marker in _FTS_SYNTAX_ERRORS
        )


_SQLITE = _SQLite()


class _Postgres:
    """A schema of a PostgreSQL database, shared by many processes.

    Writes run at READ COMMITTED: saving an article first inserts or updates its
    ``articles`` row, which locks it, so two writers of one article id take turns
    and the second replaces what the first committed. Reads run in a REPEATABLE
    READ transaction, one snapshot for all their statements, as in SQLite.
    """

    kind = "PostgreSQL schema"
    folder = "migrations/postgresql"
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
        self.data_errors = (psycopg.IntegrityError, psycopg.DataError, *_DATA_ERRORS)
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
        # A server-side cursor: rows come STREAM_BATCH at a time, not all at once.
        cursor = conn.raw.cursor(name=f"eventwire_{next(self._cursor_names)}")
        cursor.execute(_pyformat(sql), tuple(params))
        return cursor

    def search_sql(self, query: str, open_mark: str, close_mark: str) -> _SearchSQL:
        # One fragment of up to 24 words around the best match, as FTS5's snippet picks.
        options = (
            f'StartSel="{open_mark}", StopSel="{close_mark}", MaxWords=24, MinWords=12, '
            "MaxFragments=1"
        )
        headline = f"ts_headline('{_PG_TS_CONFIG}', {{}}, q, ?)"
        body, title = headline.format("a.text"), headline.format("COALESCE(a.title, '')")
        return _SearchSQL(
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


def fts5_to_tsquery(query: str) -> str:
    """Translate a full-text query in FTS5 syntax into ``to_tsquery`` input for PostgreSQL.

    Both backends thus accept the same queries: words (all required), "phrases",
    ``prefix*``, ``AND``, ``OR``, ``NOT``, parentheses and column filters
    (``title:``, ``text:``, ``{title text}:``, ``-title:``). ``NEAR`` and ``^``
    have no PostgreSQL equivalent and are refused. Raises ``_SearchSyntaxError``
    where FTS5 reports a syntax error, so a malformed query fails the same way on
    both. Returns "" for a query with no words (it matches nothing).
    """
    return _Fts5Parser(_fts5_tokens(query)).parse() or ""


def _is_bareword_char(char: str) -> bool:
    # FTS5 barewords: ASCII letters and digits, underscore, substitute, any non-ASCII.
    return char.isascii() and (char.isalnum() or char in "_\x1a") or not char.isascii()


def _fts5_tokens(query: str) -> list[tuple[str, str]]:
    """Split an FTS5 query into (kind, text) tokens: word, string, keyword or punctuation."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char in " \t\n\r\f\v":
            i += 1
        elif char == '"':
            parts, j = [], i + 1
            while True:
                k = query.find('"', j)
                if k < 0:
                    raise _SearchSyntaxError("unterminated string")
                parts.append(query[j:k])
                if not query.startswith('"', k + 1):
                    break
                parts.append('"')  # "" inside a string is one double quote
                j = k + 2
            tokens.append(("string", "".join(parts)))
            i = k + 1
        elif _is_bareword_char(char):
            j = i
            while j < len(query) and _is_bareword_char(query[j]):
                j += 1
            word = query[i:j]
            tokens.append(("keyword" if word in _FTS_KEYWORDS else "word", word))
            i = j
        elif char in "()*:+^{}-,":
            tokens.append((char, char))
            i += 1
        else:
            raise _SearchSyntaxError(f'syntax error near "{char}"')
    return tokens


class _Fts5Parser:
    """Recursive descent over FTS5 tokens, building tsquery text (None: matches nothing).

    FTS5 precedence, tightest first: NOT, AND (also implied between terms), OR.
    """

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def parse(self) -> str | None:
        if not self.tokens:
            return None
        result = self.parse_or(set(_FTS_WEIGHTS.values()))
        if self.at < len(self.tokens):
            raise _SearchSyntaxError(f'syntax error near "{self.tokens[self.at][1]}"')
        return result

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, kind: str) -> str:
        found, text = self.peek()
        if found != kind:
            raise _SearchSyntaxError(f'syntax error near "{text}"')
        self.at += 1
        return text

    def parse_or(self, weights: set[str]) -> str | None:
        result = self.parse_and(weights)
        while self.peek() == ("keyword", "OR"):
            self.at += 1
            right = self.parse_and(weights)
            if result is None or right is None:
                result = right if result is None else result
            else:
                result = f"({result} | {right})"
        return result

    def parse_and(self, weights: set[str]) -> str | None:
        result = self.parse_not(weights)
        while True:
            kind, text = self.peek()
            if (kind, text) == ("keyword", "AND"):
                self.at += 1
            elif kind not in ("word", "string", "(", "{", "-", "^"):
                return result
            right = self.parse_not(weights)
            result = None if result is None or right is None else f"({result} & {right})"

    def parse_not(self, weights: set[str]) -> str | None:
        result = self.parse_primary(weights)
        while self.peek() == ("keyword", "NOT"):
            self.at += 1
            right = self.parse_primary(weights)
            if result is not None and right is not None:
                result = f"({result} & !{right})"
        return result

    def parse_primary(self, weights: set[str]) -> str | None:
        kind, text = self.peek()
        if kind == "(":
            self.at += 1
            result = self.parse_or(weights)
            self.take(")")
            return result
        following = self.tokens[self.at + 1][0] if self.at + 1 < len(self.tokens) else "end"
        if kind == "^" or (kind, text, following) == ("word", "NEAR", "("):
            raise _SearchSyntaxError(f"{text} queries are not supported by the PostgreSQL store")
        if kind in ("{", "-") or (kind, following) == ("word", ":"):
            return self.parse_primary(weights & self.parse_columns())
        return self.parse_phrase(weights)

    def parse_columns(self) -> set[str]:
        """Read a column filter (``title:``, ``{title text}:``, ``-text:``); return its weights."""
        exclude = self.peek()[0] == "-"
        if exclude:
            self.at += 1
        if self.peek()[0] == "{":
            self.at += 1
            names = []
            while self.peek()[0] == "word":
                names.append(self.take("word"))
            self.take("}")
        else:
            names = [self.take("word")]
        self.take(":")
        for name in names:
            if name not in _FTS_WEIGHTS:
                raise _SearchSyntaxError(f"no such column: {name}")
        chosen = {_FTS_WEIGHTS[n] for n in names}
        return set(_FTS_WEIGHTS.values()) - chosen if exclude else chosen

    def parse_phrase(self, weights: set[str]) -> str | None:
        """Read ``term [*] (+ term [*])*``: words that must follow each other."""
        parts: list[str | None] = []
        while True:
            kind, text = self.peek()
            if kind not in ("word", "string"):
                raise _SearchSyntaxError(f'syntax error near "{text}"')
            self.at += 1
            prefix = self.peek()[0] == "*"
            if prefix:
                self.at += 1
            parts.append(_tsquery_term(text, prefix, weights))
            if self.peek()[0] != "+":
                break
            self.at += 1
        if not weights or any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _tsquery_term(text: str, prefix: bool, weights: set[str]) -> str | None:
    """Quote words for to_tsquery, which stems them; several words become a phrase."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    marks = "".join(sorted(weights)) if weights != set(_FTS_WEIGHTS.values()) else ""

    def quoted(word: str, star: bool) -> str:
        flags = ("*" if star else "") + marks
        escaped = word.replace("\\", "\\\\").replace("'", "''")
        return f"'{escaped}'" + (":" + flags if flags else "")

    if prefix:  # FTS5 applies * to the last word of a phrase only
        return " <-> ".join(quoted(w, i == len(words) - 1) for i, w in enumerate(words))
    return quoted(text, False)


# --- the store -------------------------------------------------------------------------------


_T = TypeVar("_T")


class Store:
    """An eventwire database. Open with ``Store.open(path_or_url)``; use as a context manager."""

    def __init__(self, conn: Any, path: str, dialect: Any = _SQLITE) -> None:
        self._conn = conn
        self._dialect = dialect
        self.path = path
        self.version = 0
        self.backend = "postgresql" if isinstance(dialect, _Postgres) else "sqlite"

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
        dialect = _Postgres(path) if is_postgres_url(path) else _SQLITE
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

    def _applied_version(self) -> int:
        tables = self._dialect.table_names(self._conn)
        if "schema_migrations" not in tables:
            if tables:
                raise StoreError(
                    f"{self.path} is a {self._dialect.kind} but not an eventwire one (it has "
                    f"tables {', '.join(sorted(tables)[:5])} and no schema_migrations); "
                    f"{self._dialect.advice}"
                )
            return 0
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def _migrate(self, target: int) -> None:
        """Apply the migrations after the database's version up to ``target``, atomically."""
        current = self._applied_version()
        if current > LATEST_VERSION:
            raise SchemaVersionError(
                f"{self.path} has schema version {current}, but this eventwire "
                f"({EXTRACTOR_VERSION}) knows versions up to {LATEST_VERSION}: it was written "
                "by a newer eventwire. "
                "Upgrade eventwire (pip install -U eventwire) or use another database file"
            )
        migrations = _migrations_of(self._dialect)
        if current < target and migrations[-1].version < target:
            raise StoreError(
                f"eventwire has no {self._dialect.kind} migrations past version "
                f"{migrations[-1].version}, but needs version {target}: the package is incomplete; "
                "reinstall eventwire"
            )
        if current < target:
            try:
                with self._transaction():
                    self._dialect.lock_migrations(self._conn)
                    # Read again under the write lock: another process may have migrated.
                    self._conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TEXT NOT NULL)"
                    )
                    current = self._applied_version()
                    for migration in migrations:
                        if current < migration.version <= target:
                            self._apply(migration)
            except self._dialect.errors as exc:
                raise StoreError(
                    f"cannot migrate {self.path} to schema version {target}: {exc}; the database "
                    "was left unchanged. Restore it from a backup or use another file"
                ) from exc
        self.version = self._applied_version()

    def _apply(self, migration: Migration) -> None:
        self._dialect.apply_script(self._conn, migration)
        self._conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, _utc_now()),
        )

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
            _insert_sql("failures", skip=("id",)),
            (failure.source, failure.stage, failure.message, failure.article_id, _utc_now()),
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
        for table in _CHILD_TABLES:
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
            "ingested_at": _utc_now(),
        }
        values = [
            computed[c.name] if c.field is None else _to_sql(getattr(article, c.field), c.kind)
            for c in TABLES["articles"]
        ]
        # Insert, or else update (not INSERT OR REPLACE, which would renumber the row the
        # SQLite full-text index points at). The INSERT waits for a concurrent writer of
        # the same id to finish, and the UPDATE locks the row until this transaction
        # ends: PostgreSQL writers of one article take turns, each replacing all rows.
        inserted = self._conn.execute(
            _insert_sql("articles") + " ON CONFLICT (id) DO NOTHING", values
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

        event_rows, event_links = [], []
        for seq, event in enumerate(extraction.events):
            event_row, links = _event_rows(aid, seq, event)
            event_rows.append(event_row)
            event_links += links
        children = {  # in foreign key order
            "entities": rows("entities", extraction.entities),
            "actors": rows("actors", extraction.actors),
            "mentions": [
                row
                for actor_seq, actor in enumerate(extraction.actors)
                for row in rows("mentions", actor.mentions, actor_seq)
            ],
            "times": rows("times", extraction.times),
            "places": rows("places", extraction.places),
            "quotes": rows("quotes", extraction.quotes),
            "events": event_rows,
            "event_actors": event_links,
        }
        # One executemany per table, sent to a PostgreSQL server in one round trip.
        with self._dialect.pipeline(self._conn):
            for table, table_rows in children.items():
                if table_rows:
                    self._conn.executemany(_insert_sql(table), table_rows)
        return bool(inserted)

    # -- reads: one article --

    def article(self, article_id: str) -> Extraction | None:
        """Return the stored Extraction of an article, equal to the one saved, or None."""
        with self._snapshot():
            found = self._fetch(
                f"SELECT {_select_sql('articles')} FROM articles WHERE id = ?", (article_id,)
            )
            if not found:
                return None
            row = found[0]
            article = Article(
                **{c.field: _to_python(row[c.name], c.kind) for c in TABLES["articles"] if c.field}
            )
            children = {
                table: self._fetch(
                    f"SELECT {_select_sql(table)} FROM {table} WHERE article_id = ? "
                    f"ORDER BY {_ORDER_BY.get(table, 'seq')}",
                    (article_id,),
                )
                for table in _CHILD_TABLES
            }
        mentions: dict[int, list[Mention]] = {}
        for m in children["mentions"]:
            mentions.setdefault(m["actor_seq"], []).append(_record(Mention, "mentions", m))
        actors = []
        for a in children["actors"]:
            actor = _record(Actor, "actors", a)
            actor.mentions = mentions.get(a["seq"], [])
            actors.append(actor)
        return Extraction(
            article=article,
            entities=[_record(Entity, "entities", r) for r in children["entities"]],
            actors=actors,
            times=[_record(TimeExpr, "times", r) for r in children["times"]],
            places=[_record(Place, "places", r) for r in children["places"]],
            quotes=[_record(Quote, "quotes", r) for r in children["quotes"]],
            events=[Event.from_dict(json.loads(r["raw"])) for r in children["events"]],
            status=row["status"],
            reason=row["reason"],
            schema_version=row["schema_version"],
        )

    def iter_extractions(self, batch: int = 200) -> Iterator[Extraction]:
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

    # -- reads: lists for the CLI and the API --

    def count_articles(self, status: str | None = None) -> int:
        """Return the number of stored articles (with this status, if given)."""
        if status is None:
            return self._scalar("SELECT COUNT(*) FROM articles")
        _check_status(status)
        return self._scalar("SELECT COUNT(*) FROM articles WHERE status = ?", (status,))

    def articles(
        self,
        limit: int = 50,
        offset: int = 0,
        since: str | date | None = None,
        until: str | date | None = None,
        status: str | None = None,
    ) -> list[dict[str, Any]]:
        """List articles, newest publication first, without their text.

        ``since``/``until`` bound the publication date, both inclusive; a date-only
        ``until`` includes the whole day. Articles with no date are left out when a
        bound is given. Each dict has the article columns (``chars`` instead of
        ``text``) and counts of its actors, quotes, places and times.
        """
        where, params = [], []
        if since is not None:
            where.append("a.published >= ?")
            params.append(_parse_bound(since, "since"))
        if until is not None:
            bound = _parse_bound(until, "until")
            if len(bound) == 10:  # a day: everything published before the next day
                where.append("a.published < ?")
                params.append((date.fromisoformat(bound) + timedelta(days=1)).isoformat())
            else:
                where.append("a.published <= ?")
                params.append(bound)
        if status is not None:
            _check_status(status)
            where.append("a.status = ?")
            params.append(status)
        columns = [c.name for c in TABLES["articles"] if c.name != "text"]
        counts = ", ".join(
            f"(SELECT COUNT(*) FROM {t} x WHERE x.article_id = a.id) AS {t}"
            for t in ("actors", "quotes", "places", "times")
        )
        rows = self._fetch(
            f"SELECT {', '.join('a.' + c for c in columns)}, LENGTH(a.text) AS chars, {counts} "
            f"FROM articles a {_where(where)} "
            "ORDER BY (a.published IS NULL), a.published DESC, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for row in rows:
            row["keywords"] = json.loads(row["keywords"])
        return rows

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
        where, params = [], []
        if name:
            where.append("LOWER(a.name) LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(name))
        if country:
            where.append("a.country = ?")
            params.append(country.upper())
        if type:
            where.append("a.type = ?")
            params.append(type.upper())
        with self._snapshot():
            groups = self._fetch(
                "SELECT a.name, a.type, a.country, COUNT(DISTINCT a.article_id) AS articles, "
                "COUNT(m.seq) AS mentions FROM actors a LEFT JOIN mentions m "
                "ON m.article_id = a.article_id AND m.actor_seq = a.seq "
                f"{_where(where)} GROUP BY a.name, a.type, a.country "
                "ORDER BY articles DESC, mentions DESC, a.name, a.type, a.country LIMIT ? OFFSET ?",
                [*params, limit, offset],
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

    def quotes(
        self,
        speaker: str | None = None,
        article_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List quotes, newest article first, with their article and speaking actor.

        ``speaker`` matches a case-insensitive substring of the speaker as written
        or of the speaking actor's canonical name.
        """
        where, params = [], []
        if speaker:
            where.append(
                "(LOWER(q.speaker_name) LIKE ? ESCAPE '\\' OR LOWER(ac.name) LIKE ? ESCAPE '\\')"
            )
            params += [_like_pattern(speaker)] * 2
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        rows = self._fetch(
            f"SELECT {_select_sql('quotes', 'q')}, ac.name AS actor_name, ac.type AS actor_type, "
            "ac.country AS actor_country, ar.title, ar.published, ar.url "
            "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
            "LEFT JOIN actors ac ON ac.article_id = q.article_id AND ac.key = q.speaker_key "
            f"{_where(where)} "
            "ORDER BY (ar.published IS NULL), ar.published DESC, q.article_id, q.seq "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for row in rows:
            row["direct"] = bool(row["direct"])
        return rows

    def places(
        self,
        name: str | None = None,
        country: str | None = None,
        feature: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List places aggregated across articles (one row per resolved place), most cited first."""
        where, params = [], []
        if name:
            where.append("LOWER(p.name) LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(name))
        if country:
            where.append("p.country = ?")
            params.append(country.upper())
        if feature:
            where.append("p.feature = ?")
            params.append(feature)
        return self._fetch(
            "SELECT p.name, p.country, p.feature, p.lat, p.lon, p.geonameid, "
            "COUNT(DISTINCT p.article_id) AS articles, COUNT(*) AS mentions FROM places p "
            f"{_where(where)} GROUP BY p.name, p.country, p.feature, p.lat, p.lon, p.geonameid "
            "ORDER BY articles DESC, mentions DESC, p.name LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def times(
        self,
        value: str | None = None,
        type: str | None = None,
        article_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List time expressions with their article; ``value`` matches a prefix ("2024-11")."""
        where, params = [], []
        if value:
            where.append("LOWER(t.value) LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(value, prefix_only=True))
        if type:
            where.append("t.type = ?")
            params.append(type.upper())
        if article_id:
            where.append("t.article_id = ?")
            params.append(article_id)
        rows = self._fetch(
            f"SELECT {_select_sql('times', 't')}, ar.title, ar.published "
            f"FROM times t JOIN articles ar ON ar.id = t.article_id {_where(where)} "
            "ORDER BY (ar.published IS NULL), ar.published DESC, t.article_id, t.seq "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for row in rows:
            row["anchored"] = bool(row["anchored"])
        return rows

    def failures(
        self, limit: int = 50, offset: int = 0, stage: str | None = None
    ) -> list[dict[str, Any]]:
        """List recorded failures, newest first."""
        where, params = ([], []) if stage is None else (["stage = ?"], [stage])
        return self._fetch(
            f"SELECT {_select_sql('failures')} FROM failures {_where(where)} "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over article titles and texts, best match first.

        ``query`` uses FTS5 syntax: words (all required), ``"a phrase"``, ``OR``,
        ``NOT``, ``prefix*``, ``title:word``; PostgreSQL stores accept the same
        (``fts5_to_tsquery``), except ``NEAR`` and ``^``. Words are stemmed
        (``sanction`` finds ``sanctions``). Each dict has the article's id, title, published date,
        publisher, url, a ``snippet`` with matches in [brackets], and ``score``
        (higher is better). A malformed query raises ``StoreError`` saying how
        to quote it.
        """
        if not query.strip():
            return []
        return self._search(query, limit, offset, "[", "]", count=False)["items"]

    def _search(
        self, query: str, limit: int, offset: int, open_mark: str, close_mark: str, count: bool
    ) -> dict[str, Any]:
        """Run a full-text query: ``{"total": n or None, "items": [...]}``, best match first."""
        try:
            found = self._dialect.search_sql(query, open_mark, close_mark)
            with self._snapshot():
                total = None
                if count:
                    total = self._conn.execute(
                        f"SELECT COUNT(*) {found.source}", found.params
                    ).fetchone()[0]
                cursor = self._conn.execute(
                    "SELECT a.id, a.title, a.published, a.publisher, a.url, a.status, "
                    f"{found.snippet} AS snippet, {found.score} AS score {found.source} "
                    f"ORDER BY {found.order}, a.id LIMIT ? OFFSET ?",
                    [*found.snippet_params, *found.params, limit, offset],
                )
                names = [d[0] for d in cursor.description]
                items = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except (_SearchSyntaxError, *self._dialect.errors) as exc:
            if isinstance(exc, _SearchSyntaxError) or self._dialect.is_search_syntax_error(exc):
                raise StoreError(
                    f"search query {query!r} is not valid full-text syntax ({exc}); "
                    f"{_SEARCH_HINT}, e.g. {quote_query(query)}"
                ) from exc
            raise StoreError(f"cannot search {self.path}: {exc}") from exc
        return {"total": total, "items": items}

    def stats(self) -> dict[str, Any]:
        """Return row counts per table, articles by status and failures by stage."""
        with self._snapshot():
            result: dict[str, Any] = {"path": self.path, "schema_version": self.version}
            for table in TABLES:
                result[table] = self._scalar(f"SELECT COUNT(*) FROM {table}")
            by_status = self._fetch("SELECT status, COUNT(*) AS n FROM articles GROUP BY status")
            result["articles_by_status"] = {s: 0 for s in _ARTICLE_STATUSES} | {
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

    # -- reads: flat tables for export --

    @staticmethod
    def table_columns(table: str) -> list[tuple[str, str]]:
        """Return (column, kind) pairs of a flat table; kind is str/int/float/bool/list."""
        _check_table(table)
        return [(c.name, c.kind) for c in TABLES[table]]

    def iter_rows(self, table: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Yield every row of a flat table as a dict of Python values, in a stable order."""
        _check_table(table)
        cols = TABLES[table]
        order = _ORDER_BY.get(table, "article_id, seq")
        sql = f"SELECT {_select_sql(table)} FROM {table} ORDER BY {order}"
        with self._snapshot():
            try:
                for row in self._stream(sql):
                    yield {c.name: _to_python(row[c.name], c.kind) for c in cols}
            except self._dialect.errors as exc:
                raise StoreError(f"cannot read {table} from {self.path}: {exc}") from exc

    # -- reads: events, actors, places and views for the API and the web UI --
    #
    # One method per question the UI asks; the JSON API and the pages call the same
    # methods. Lists come back as {"total": n, "items": [...]} so callers can page.

    def totals(self) -> dict[str, Any]:
        """Return headline counts: articles, events, distinct actors, quotes, places, failures."""
        with self._snapshot():
            return {
                "articles": self._scalar("SELECT COUNT(*) FROM articles"),
                "extracted": self._scalar("SELECT COUNT(*) FROM articles WHERE status = 'ok'"),
                "events": self._scalar("SELECT COUNT(*) FROM events"),
                "actors": self._scalar(
                    "SELECT COUNT(*) FROM (SELECT DISTINCT name, type, country FROM actors) d"
                ),
                "quotes": self._scalar("SELECT COUNT(*) FROM quotes"),
                "places": self._scalar(
                    "SELECT COUNT(*) FROM (SELECT DISTINCT name, country FROM places) d"
                ),
                "failures": self._scalar("SELECT COUNT(*) FROM failures"),
                "first_published": self._scalar("SELECT MIN(published) FROM articles"),
                "last_published": self._scalar("SELECT MAX(published) FROM articles"),
            }

    def article_page(
        self,
        limit: int = 50,
        offset: int = 0,
        since: str | date | None = None,
        until: str | date | None = None,
        status: str | None = None,
    ) -> dict[str, Any]:
        """Page through ``articles(...)`` with the total count and event counts of each item."""
        items = self.articles(limit=limit, offset=offset, since=since, until=until, status=status)
        where, params = [], []
        if since is not None:
            where.append("published >= ?")
            params.append(_parse_bound(since, "since"))
        if until is not None:
            bound = _parse_bound(until, "until")
            if len(bound) == 10:
                where.append("published < ?")
                params.append((date.fromisoformat(bound) + timedelta(days=1)).isoformat())
            else:
                where.append("published <= ?")
                params.append(bound)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        total = self._scalar(f"SELECT COUNT(*) FROM articles {_where(where)}", params)
        ids = [item["id"] for item in items]
        counts = self._count_by("events", "article_id", ids)
        for item in items:
            item["events"] = counts.get(item["id"], 0)
        return {"total": total, "items": items}

    def _count_by(self, table: str, column: str, values: list[Any]) -> dict[Any, int]:
        """Count rows of ``table`` per value of ``column``, for the given values only."""
        if not values:
            return {}
        marks = ", ".join("?" for _ in values)
        rows = self._fetch(
            f"SELECT {column} AS v, COUNT(*) AS n FROM {table} WHERE {column} IN ({marks}) "
            f"GROUP BY {column}",
            values,
        )
        return {r["v"]: r["n"] for r in rows}

    def events(
        self,
        type: str | None = None,
        actor: str | None = None,
        recipient: str | None = None,
        country: str | None = None,
        modality: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        text: str | None = None,
        sort: str = "-date",
        limit: int = 50,
        offset: int = 0,
        article_id: str | None = None,
        quad_class: int | None = None,
        place: str | None = None,
        involving: str | None = None,
    ) -> dict[str, Any]:
        """Find events; return ``{"total": n, "items": [event dicts]}``.

        ``actor`` and ``recipient`` match a participant in that role by ISO
        alpha-3 country code or by a case-insensitive substring of its name or
        words; ``involving`` is one exact actor name in either role. ``country``
        matches the event's place or any participant's country. ``since`` and
        ``until`` bound the event date (inclusive; compared as ISO text, so a
        month or year counts from its start). ``text`` is a substring of the
        trigger or of the sentence that reports the event. ``sort`` is one of
        ``EVENT_SORTS`` (``-`` for descending). Each item is ``Event.to_dict()``
        plus ``id``, ``article_id``, ``title``, ``published``, ``url`` and
        ``sentence`` (the words of the first sentence that reports it).
        """
        if sort not in EVENT_SORTS:
            raise ValueError(f"sort={sort!r} is not one of {', '.join(EVENT_SORTS)}")
        where, params = _event_filters(
            type=type,
            actor=actor,
            recipient=recipient,
            country=country,
            modality=modality,
            since=since,
            until=until,
            text=text,
            article_id=article_id,
            quad_class=quad_class,
            place=place,
            involving=involving,
        )
        return self._event_page(where, params, EVENT_SORTS[sort], limit, offset)

    def event(self, article_id: str, key: str) -> dict[str, Any] | None:
        """Return one event (same shape as the items of ``events``), or None."""
        found = self._select_events(
            ["e.article_id = ?", "e.key = ?"], [article_id, key], "e.seq", 1, 0
        )
        return found[0] if found else None

    def _event_page(
        self, where: list[str], params: list[Any], order: str, limit: int, offset: int
    ) -> dict[str, Any]:
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
                    f"{_events_joined([*where, order])} {_where(where)} "
                    f"ORDER BY {order}, e.article_id, e.seq LIMIT ? OFFSET ?",
                    [*params, limit, offset],
                )
                if page:
                    total = page[0]["matching"]
                elif offset:  # past the last match: no row carries the count
                    total = self._scalar(
                        f"SELECT COUNT(*) FROM {_events_joined(where)} {_where(where)}", params
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
        self, where: list[str], order: str, limit: int, offset: int
    ) -> tuple[list[str], int] | None:
        """A page of all events by date and their total without sorting them all, or None.

        Unfiltered and newest (or oldest) first, as the events page opens: the day of
        the page's last event is read from the index on the day (events_match),
        and only the events from that day on are sorted. A page that reaches the
        undated events, which sort last, is left to the general query.
        """
        if where or order not in (EVENT_SORTS["-date"], EVENT_SORTS["date"]):
            return None
        descending = order == EVENT_SORTS["-date"]
        boundary = self._scalar(
            "SELECT day FROM events WHERE day IS NOT NULL "
            f"ORDER BY day {'DESC' if descending else 'ASC'} LIMIT 1 OFFSET ?",
            [offset + limit - 1],
        )
        if boundary is None:
            return None
        page = self._fetch(
            f"SELECT e.id FROM events e WHERE e.day {'>=' if descending else '<='} ? "
            f"ORDER BY {order}, e.article_id, e.seq LIMIT ? OFFSET ?",
            [boundary, limit, offset],
        )
        return [row["id"] for row in page], self._scalar("SELECT COUNT(*) FROM events")

    def _select_events(
        self, where: list[str], params: list[Any], order: str, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        rows = self._fetch(
            f"SELECT {_EVENT_COLUMNS} FROM events e JOIN articles ar ON ar.id = e.article_id "
            f"{_where(where)} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_event_item(row) for row in rows]

    def event_facets(self) -> dict[str, list[dict[str, Any]]]:
        """Return the event types, modalities and countries present, with counts."""
        with self._snapshot():
            return {
                "types": self._fetch(
                    "SELECT type, MIN(quad_class) AS quad_class, COUNT(*) AS n FROM events "
                    "GROUP BY type ORDER BY n DESC, type"
                ),
                "modalities": self._fetch(
                    "SELECT modality, COUNT(*) AS n FROM events WHERE modality IS NOT NULL "
                    "GROUP BY modality ORDER BY n DESC, modality"
                ),
                "countries": self._fetch(
                    "SELECT country, COUNT(DISTINCT event_id) AS n FROM event_actors "
                    "WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country"
                ),
            }

    def _participant_pairs(
        self, since: str | date | None = None, until: str | date | None = None
    ) -> list[dict[str, Any]]:
        """Every (actor, recipient) pair of every event whose sides are resolved actors."""
        where, params = _event_filters(since=since, until=until)
        where += [
            "a.role = 'actor'",
            "r.role = 'recipient'",
            "(a.actor_key IS NOT NULL OR a.country IS NOT NULL)",
            "(r.actor_key IS NOT NULL OR r.country IS NOT NULL)",
        ]
        return self._fetch(
            "SELECT e.id, e.article_id, e.key, e.type, e.quad_class, e.trigger_text, "
            "e.date, ar.title, "
            "COALESCE(a.name, a.text) AS source, a.text AS source_text, "
            "a.country AS source_country, "
            "aa.type AS source_type, "
            "COALESCE(r.name, r.text) AS target, r.text AS target_text, "
            "r.country AS target_country, "
            "ra.type AS target_type "
            "FROM events e JOIN articles ar ON ar.id = e.article_id "
            "JOIN event_actors a ON a.event_id = e.id "
            "JOIN event_actors r ON r.event_id = e.id "
            "LEFT JOIN actors aa ON aa.article_id = e.article_id AND aa.key = a.actor_key "
            "LEFT JOIN actors ra ON ra.article_id = e.article_id AND ra.key = r.actor_key "
            f"{_where(where)} "
            f"ORDER BY ({_EVENT_DAY} IS NULL), {_EVENT_DAY} DESC, e.article_id, e.seq",
            params,
        )

    def actor_graph(
        self,
        limit: int = 100,
        since: str | date | None = None,
        until: str | date | None = None,
        samples: int = 8,
    ) -> dict[str, Any]:
        """Return who acts on whom: ``{"nodes": [...], "edges": [...]}``, heaviest edges first.

        An edge goes from an event's actor to its recipient (both resolved to an
        actor or a country); ``weight`` counts events, ``quads`` splits them by
        quad class, ``events`` lists up to ``samples`` of them (newest first) so
        each edge points at its evidence. Only the ``limit`` heaviest edges and
        their nodes are returned; ``events`` on a node counts its events on
        those edges.
        """
        edges: dict[tuple[str, str], dict[str, Any]] = {}
        nodes: dict[str, dict[str, Any]] = {}
        for pair in self._participant_pairs(since, until):
            if pair["source"] == pair["target"]:
                continue
            edge = edges.setdefault(
                (pair["source"], pair["target"]),
                {
                    "source": pair["source"],
                    "target": pair["target"],
                    "weight": 0,
                    "quads": {},
                    "types": {},
                    "events": [],
                    "_ids": set(),
                },
            )
            if pair["id"] in edge["_ids"]:
                continue
            edge["_ids"].add(pair["id"])
            edge["weight"] += 1
            quad = str(pair["quad_class"])
            edge["quads"][quad] = edge["quads"].get(quad, 0) + 1
            edge["types"][pair["type"]] = edge["types"].get(pair["type"], 0) + 1
            if len(edge["events"]) < samples:
                edge["events"].append(
                    {k: pair[k] for k in ("article_id", "key", "type", "date", "title")}
                    | {"trigger": pair["trigger_text"]}
                )
            for side in ("source", "target"):
                node = nodes.setdefault(
                    pair[side],
                    {
                        "id": pair[side],
                        "country": None,
                        "type": None,
                        "_events": set(),
                        "_words": [],
                    },
                )
                node["_words"].append(pair[f"{side}_text"])
                node["country"] = node["country"] or pair[f"{side}_country"]
                node["type"] = node["type"] or pair[f"{side}_type"]
        top = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))
        top = top[:limit]
        for edge in top:
            for side in ("source", "target"):
                nodes[edge[side]]["_events"] |= edge["_ids"]
            del edge["_ids"]
        used = {edge[side] for edge in top for side in ("source", "target")}
        node_list = []
        for name in sorted(used):
            node = nodes[name]
            node["events"] = len(node.pop("_events"))
            node["label"] = _short_label(name, node.pop("_words"))
            node_list.append(node)
        return {"nodes": node_list, "edges": top}

    def actor_detail(self, name: str, limit: int = 50) -> dict[str, Any] | None:
        """Return everything about the actor called ``name`` (exact canonical name), or None.

        Groups the actor's rows across articles: its types, country, sector and
        role, article and mention counts, the events it takes part in (newest
        first, up to ``limit``) with ``events_total``, its events per month
        (``timeline``), its counterparts (actors it acts on and that act on it,
        with counts) and its quotes.
        """
        with self._snapshot():
            rows = self._fetch(
                "SELECT a.type, a.country, a.sector, a.role, a.article_id, "
                "(SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.article_id "
                "AND m.actor_seq = a.seq) AS mentions FROM actors a WHERE a.name = ?",
                (name,),
            )
            in_events = self._scalar(
                "SELECT COUNT(*) FROM event_actors WHERE COALESCE(name, text) = ?", (name,)
            )
            if not rows and not in_events:
                return None
            found = self.events(involving=name, limit=limit)
            dates = self._fetch(
                f"SELECT {_EVENT_DAY} AS on_day, COUNT(*) AS n FROM events e WHERE e.id IN "
                "(SELECT event_id FROM event_actors WHERE COALESCE(name, text) = ?) "
                "GROUP BY on_day",
                (name,),
            )
            counterparts = self._counterparts(name)
            quotes = self._fetch(
                f"SELECT {_select_sql('quotes', 'q')}, ar.title, ar.published FROM quotes q "
                "JOIN articles ar ON ar.id = q.article_id JOIN actors ac "
                "ON ac.article_id = q.article_id AND ac.key = q.speaker_key WHERE ac.name = ? "
                "ORDER BY (ar.published IS NULL), ar.published DESC, q.article_id, q.seq "
                "LIMIT ?",
                (name, limit),
            )
            articles = self._fetch(
                "SELECT ar.id, ar.title, ar.published, ar.publisher FROM articles ar "
                "WHERE ar.id IN (SELECT article_id FROM actors WHERE name = ?) "
                "ORDER BY (ar.published IS NULL), ar.published DESC, ar.id LIMIT ?",
                (name, limit),
            )
        for quote in quotes:
            quote["direct"] = bool(quote["direct"])
        by_month: dict[str, int] = {}
        for row in dates:
            month = _month_of(row["on_day"])
            if month is not None:
                by_month[month] = by_month.get(month, 0) + row["n"]

        def most_common(column: str) -> str | None:
            values = [r[column] for r in rows if r[column]]
            return max(sorted(set(values)), key=values.count) if values else None

        return {
            "name": name,
            "types": sorted({r["type"] for r in rows}),
            "country": most_common("country"),
            "sector": most_common("sector"),
            "role": most_common("role"),
            "articles": len({r["article_id"] for r in rows}),
            "mentions": sum(r["mentions"] for r in rows),
            "events_total": found["total"],
            "events": found["items"],
            "timeline": [{"period": k, "count": by_month[k]} for k in sorted(by_month)],
            "counterparts": counterparts,
            "quotes": quotes,
            "article_list": articles,
        }

    def _counterparts(self, name: str, limit: int = 30) -> list[dict[str, Any]]:
        """Actors ``name`` acts on (``as_recipient``) and that act on it (``as_actor``)."""
        rows = self._fetch(
            "SELECT COALESCE(o.name, o.text) AS name, o.country, o.role AS side, "
            "COUNT(DISTINCT o.event_id) AS n FROM event_actors me "
            "JOIN event_actors o ON o.event_id = me.event_id AND o.role <> me.role "
            "WHERE COALESCE(me.name, me.text) = ? AND me.role IN ('actor', 'recipient') "
            "AND o.role IN ('actor', 'recipient') "
            "AND (o.actor_key IS NOT NULL OR o.country IS NOT NULL) "
            "AND COALESCE(o.name, o.text) <> ? "
            "GROUP BY COALESCE(o.name, o.text), o.country, o.role",
            (name, name),
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

    def actor_page(
        self,
        name: str | None = None,
        country: str | None = None,
        type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """Page through ``actors(...)`` with the total, event counts and top counterparts."""
        items = self.actors(name=name, country=country, type=type, limit=limit, offset=offset)
        where, params = [], []
        if name:
            where.append("LOWER(name) LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(name))
        if country:
            where.append("country = ?")
            params.append(country.upper())
        if type:
            where.append("type = ?")
            params.append(type.upper())
        total = self._scalar(
            "SELECT COUNT(*) FROM (SELECT DISTINCT name, type, country FROM actors "
            f"{_where(where)}) d",
            params,
        )
        names = sorted({item["name"] for item in items})
        counts = {}
        if names:
            marks = ", ".join("?" for _ in names)
            counts = {
                r["name"]: r["n"]
                for r in self._fetch(
                    "SELECT COALESCE(name, text) AS name, COUNT(DISTINCT event_id) AS n "
                    f"FROM event_actors WHERE COALESCE(name, text) IN ({marks}) "
                    "GROUP BY COALESCE(name, text)",
                    names,
                )
            }
        for item in items:
            item["events"] = counts.get(item["name"], 0)
            item["counterparts"] = (
                [c["name"] for c in self._counterparts(item["name"], limit=3)]
                if item["events"]
                else []
            )
        return {"total": total, "items": items}

    def top_actors(self, limit: int = 10) -> list[dict[str, Any]]:
        """Actors taking part in the most events (resolved participants only)."""
        return self._fetch(
            "SELECT COALESCE(p.name, p.text) AS name, MAX(p.country) AS country, "
            "COUNT(DISTINCT p.event_id) AS events, "
            "SUM(CASE WHEN p.role = 'actor' THEN 1 ELSE 0 END) AS as_actor, "
            "SUM(CASE WHEN p.role = 'recipient' THEN 1 ELSE 0 END) AS as_recipient "
            "FROM event_actors p WHERE p.role IN ('actor', 'recipient') "
            "AND (p.actor_key IS NOT NULL OR p.country IS NOT NULL) "
            "GROUP BY COALESCE(p.name, p.text) ORDER BY events DESC, name LIMIT ?",
            (limit,),
        )

    def timeline(
        self,
        interval: str = "day",
        by: str = "quad",
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> dict[str, Any]:
        """Count events per day, week (starting Monday) or month, split by quad class or type.

        Returns ``{"interval", "by", "keys": [...], "periods": [{"period",
        "total", "counts": {key: n}}], "undated": n}``; events whose date is not
        precise to the day (a year, a month, none) are counted in ``undated``.
        """
        if interval not in ("day", "week", "month"):
            raise ValueError(f"interval={interval!r} is not one of day, week, month")
        if by not in ("quad", "type"):
            raise ValueError(f"by={by!r} is not one of quad, type")
        column = "e.quad_class" if by == "quad" else "e.type"
        where, params = _event_filters(since=since, until=until)
        rows = self._fetch(
            f"SELECT {_EVENT_DAY} AS on_day, {column} AS k, COUNT(*) AS n "
            f"FROM {_events_joined(where)} {_where(where)} GROUP BY on_day, k",
            params,
        )
        periods: dict[str, dict[str, int]] = {}
        keys: set[str] = set()
        undated = 0
        for row in rows:
            day = _day_of(row["on_day"])
            if day is None:
                undated += row["n"]
                continue
            if interval == "week":
                period = (day - timedelta(days=day.weekday())).isoformat()
            elif interval == "month":
                period = day.isoformat()[:7]
            else:
                period = day.isoformat()
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
    ) -> dict[str, Any]:
        """Scheduled events, soonest first: ``{"total": n, "items": [event dicts]}``.

        An event is scheduled when its modality is ``scheduled`` or its date,
        read from the text, lies after its article's publication day.
        ``after`` and ``until`` bound the event date (inclusive); pass today's
        date as ``after`` for the events still to come.
        """
        where, params = _event_filters(since=after, until=until)
        where.append(
            "(e.modality = 'scheduled' OR (e.date_source = 'text' AND ar.published IS NOT NULL "
            f"AND {_EVENT_DAY} > SUBSTR(ar.published, 1, 10)))"
        )
        return self._event_page(where, params, EVENT_SORTS["date"], limit, offset)

    def place_points(
        self,
        country: str | None = None,
        limit: int = 500,
        offset: int = 0,
        samples: int = 5,
    ) -> dict[str, Any]:
        """Places with coordinates for the map: ``{"total": n, "items": [...]}``, most cited first.

        Each item has the place's name, country, feature, lat and lon, counts of
        ``articles`` and ``mentions`` naming it and of ``events`` located
        there, and ``mentioned`` / ``located`` samples (newest first) pointing
        at the words in an article.
        """
        where, params = ["p.lat IS NOT NULL", "p.lon IS NOT NULL"], []
        event_where, event_params = (
            ["e.lat IS NOT NULL", "e.lon IS NOT NULL", "e.place IS NOT NULL"],
            [],
        )
        if country:
            where.append("p.country = ?")
            params.append(country.upper())
            event_where.append("e.place_country = ?")
            event_params.append(country.upper())
        with self._snapshot():
            mentions = self._fetch(
                "SELECT p.name, p.country, p.feature, p.lat, p.lon, p.article_id, p.seq, "
                "p.start_char, p.end_char, p.text, ar.title, ar.published FROM places p "
                f"JOIN articles ar ON ar.id = p.article_id {_where(where)} "
                "ORDER BY (ar.published IS NULL), ar.published DESC, p.article_id, p.seq",
                params,
            )
            located = self._fetch(
                "SELECT e.place AS name, e.place_country AS country, e.lat, e.lon, "
                "e.article_id, e.key, e.type, e.trigger_text, e.date, ar.title FROM events e "
                f"JOIN articles ar ON ar.id = e.article_id {_where(event_where)} "
                "ORDER BY (ar.published IS NULL), ar.published DESC, e.article_id, e.seq",
                event_params,
            )
        points: dict[tuple[str, str], dict[str, Any]] = {}

        def point(row: dict[str, Any], feature: str | None) -> dict[str, Any]:
            return points.setdefault(
                (row["name"], row["country"] or ""),
                {
                    "name": row["name"],
                    "country": row["country"],
                    "feature": feature,
                    "lat": row["lat"],
                    "lon": row["lon"],
                    "articles": 0,
                    "mentions": 0,
                    "events": 0,
                    "mentioned": [],
                    "located": [],
                    "_articles": set(),
                },
            )

        for row in mentions:
            item = point(row, row["feature"])
            item["mentions"] += 1
            if row["article_id"] not in item["_articles"]:
                item["_articles"].add(row["article_id"])
                if len(item["mentioned"]) < samples:
                    item["mentioned"].append(
                        {
                            "article_id": row["article_id"],
                            "seq": row["seq"],
                            "start": row["start_char"],
                            "end": row["end_char"],
                            "text": row["text"],
                            "title": row["title"],
                        }
                    )
        for row in located:
            item = point(row, None)
            item["events"] += 1
            if len(item["located"]) < samples:
                item["located"].append(
                    {k: row[k] for k in ("article_id", "key", "type", "date", "title")}
                    | {"trigger": row["trigger_text"]}
                )
        for item in points.values():
            item["articles"] = len(item.pop("_articles"))
        ranked = sorted(
            points.values(),
            key=lambda i: (-(i["events"] + i["articles"]), -i["mentions"], i["name"]),
        )
        return {"total": len(ranked), "items": ranked[offset : offset + limit]}

    def quote_page(
        self,
        speaker: str | None = None,
        article_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """Page through ``quotes(...)`` with the total count."""
        items = self.quotes(speaker=speaker, article_id=article_id, limit=limit, offset=offset)
        where, params = [], []
        if speaker:
            where.append(
                "(LOWER(q.speaker_name) LIKE ? ESCAPE '\\' OR LOWER(ac.name) LIKE ? ESCAPE '\\')"
            )
            params += [_like_pattern(speaker)] * 2
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        total = self._scalar(
            "SELECT COUNT(*) FROM quotes q LEFT JOIN actors ac ON ac.article_id = q.article_id "
            f"AND ac.key = q.speaker_key {_where(where)}",
            params,
        )
        return {"total": total, "items": items}

    def search_page(self, query: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Full-text search like ``search`` with the total count of matching articles.

        Each item's ``snippet`` marks matches with ``SNIPPET_OPEN`` and
        ``SNIPPET_CLOSE`` (control characters that do not occur in article
        text), so a caller can escape the text and then mark the matches.
        """
        if not query.strip():
            return {"total": 0, "items": []}
        return self._search(query, limit, offset, SNIPPET_OPEN, SNIPPET_CLOSE, count=True)

    # -- inputs processed incrementally (eventwire.run.watch, eventwire.run.shards) --

    def watched_files(self, kind: str = "file") -> dict[str, dict[str, Any]]:
        """Return the processed inputs of a kind ('file' or 'shard'), keyed by path."""
        rows = self._fetch(
            "SELECT kind, path, size, mtime_ns, content_hash, article_ids, failures, "
            "processed_at FROM watched_files WHERE kind = ? ORDER BY path",
            (kind,),
        )
        for row in rows:
            row["article_ids"] = json.loads(row["article_ids"])
        return {row["path"]: row for row in rows}

    def watched_file(self, path: str, kind: str = "file") -> dict[str, Any] | None:
        """Return what was recorded about one processed input, or None."""
        rows = self._fetch(
            "SELECT kind, path, size, mtime_ns, content_hash, article_ids, failures, "
            "processed_at FROM watched_files WHERE kind = ? AND path = ?",
            (kind, path),
        )
        if not rows:
            return None
        rows[0]["article_ids"] = json.loads(rows[0]["article_ids"])
        return rows[0]

    def record_watched_file(
        self,
        path: str,
        *,
        kind: str = "file",
        size: int,
        mtime_ns: int,
        content_hash: str,
        article_ids: Iterable[str] = (),
        failures: int = 0,
    ) -> None:
        """Record (or replace) that an input was processed, with the article ids read from it."""
        ids = json.dumps(sorted(set(article_ids)))
        try:
            with self._transaction():
                self._conn.execute(
                    "INSERT INTO watched_files (kind, path, size, mtime_ns, content_hash, "
                    "article_ids, failures, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (kind, path) DO UPDATE SET size = excluded.size, "
                    "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, "
                    "article_ids = excluded.article_ids, failures = excluded.failures, "
                    "processed_at = excluded.processed_at",
                    (kind, path, size, mtime_ns, content_hash, ids, failures, _utc_now()),
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot record processed input {path} in {self.path}: {exc}") from exc

    # -- cross-article merging: signatures, duplicate links and story events (stories.py) --

    # Sort keys accepted by Store.stories; a leading "-" sorts descending. Missing values last.
    STORY_SORTS = {
        "date": "(s.date_begin IS NULL), s.date_begin",
        "-date": "(s.date_begin IS NULL), s.date_begin DESC",
        "reported": "(s.first_reported IS NULL), s.first_reported",
        "-reported": "(s.first_reported IS NULL), s.first_reported DESC",
        "-sources": "s.sources DESC, s.articles DESC",
        "-articles": "s.articles DESC, s.sources DESC",
    }

    def articles_without_signature(
        self, scheme: str, batch: int = 500
    ) -> Iterator[list[tuple[str, str]]]:
        """Yield batches of ``(article id, text)`` with no MinHash signature of ``scheme``.

        Batches follow article ids, so signatures saved between two batches do
        not shift the next one.
        """
        last = ""
        while True:
            rows = self._fetch(
                "SELECT a.id, a.text FROM articles a LEFT JOIN article_signatures g "
                "ON g.article_id = a.id AND g.scheme = ? "
                "WHERE g.article_id IS NULL AND a.id > ? ORDER BY a.id LIMIT ?",
                (scheme, last, batch),
            )
            if not rows:
                return
            yield [(r["id"], r["text"]) for r in rows]
            last = rows[-1]["id"]

    def save_signatures(self, rows: Iterable[tuple[str, bytes]], scheme: str) -> None:
        """Store ``(article id, signature)`` pairs, replacing signatures of another scheme."""
        try:
            with self._transaction():
                self._conn.executemany(
                    "INSERT INTO article_signatures (article_id, scheme, signature) "
                    "VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                    "scheme = excluded.scheme, signature = excluded.signature",
                    [(article_id, scheme, signature) for article_id, signature in rows],
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot write signatures to {self.path}: {exc}") from exc

    def signatures(self, scheme: str) -> Iterator[tuple[str, str | None, bytes]]:
        """Yield ``(article id, published, signature)`` of every article signed with ``scheme``."""
        with self._snapshot():
            for row in self._stream(
                "SELECT g.article_id, a.published, g.signature FROM article_signatures g "
                "JOIN articles a ON a.id = g.article_id WHERE g.scheme = ? ORDER BY g.article_id",
                (scheme,),
            ):
                yield row["article_id"], row["published"], bytes(row["signature"])

    def replace_duplicate_links(self, links: Iterable[Any]) -> int:
        """Replace all duplicate links with ``links`` (objects with ``article_id``,
        ``canonical_id`` and ``similarity``, such as ``dedup.DuplicateLink``); return their number.
        """
        rows = [(x.article_id, x.canonical_id, float(x.similarity)) for x in links]
        try:
            with self._transaction():
                self._dialect.lock_tables(self._conn, "duplicate_links")
                self._conn.execute("DELETE FROM duplicate_links")
                self._conn.executemany(
                    "INSERT INTO duplicate_links (article_id, canonical_id, similarity) "
                    "VALUES (?, ?, ?)",
                    rows,
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot write duplicate links to {self.path}: {exc}") from exc
        return len(rows)

    def duplicate_links(self, article_id: str | None = None) -> list[dict[str, Any]]:
        """List duplicate links (all, or those of the group ``article_id`` belongs to).

        Each dict has ``article_id``, ``canonical_id``, ``similarity`` and the
        duplicate's ``title``, ``published`` and ``url``, sorted by publication.
        """
        where, params = [], []
        if article_id:
            where.append(
                "d.canonical_id = COALESCE((SELECT canonical_id FROM duplicate_links "
                "WHERE article_id = ?), ?)"
            )
            params += [article_id, article_id]
        return self._fetch(
            "SELECT d.article_id, d.canonical_id, d.similarity, a.title, a.published, a.url "
            f"FROM duplicate_links d JOIN articles a ON a.id = d.article_id {_where(where)} "
            "ORDER BY d.canonical_id, (a.published IS NULL), a.published, d.article_id",
            params,
        )

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
                f"SELECT e.article_id, e.seq, e.raw, ar.published, {_SENTENCE} "
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

    def stories(
        self,
        type: str | None = None,
        actor: str | None = None,
        recipient: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        min_sources: int | None = None,
        sort: str = "-date",
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """Find story events (reports merged across articles); return ``{"total", "items"}``.

        ``actor`` and ``recipient`` match a participant in that role by country
        code (RUS) or a case-insensitive substring of its name; ``since`` and
        ``until`` bound the story's event dates (inclusive: a story counts when
        its dates overlap the range); ``min_sources`` keeps stories reported by
        that many sources. ``sort`` is one of ``Store.STORY_SORTS``. Each item has
        the ``stories`` columns (JSON lists decoded) plus ``title``, ``url`` and
        ``sentence`` of its earliest report.
        """
        if sort not in self.STORY_SORTS:
            raise ValueError(f"sort={sort!r} is not one of {', '.join(self.STORY_SORTS)}")
        where: list[str] = []
        params: list[Any] = []
        if type and type.strip():
            where.append("s.type = ?")
            params.append(type.strip().upper())
        for role, value in (("actor", actor), ("recipient", recipient)):
            if value and value.strip():
                where.append(
                    "EXISTS (SELECT 1 FROM story_participants p WHERE p.story_id = s.id "
                    "AND p.role = ? AND (p.country = ? OR p.code = ? "
                    "OR LOWER(COALESCE(p.name, '')) LIKE ? ESCAPE '\\'))"
                )
                code = value.strip().upper()
                params += [role, code, code, _like_pattern(value.strip())]
        if since is not None:
            where.append("COALESCE(s.date_end, s.date_begin) >= ?")
            params.append(_parse_bound(since, "since"))
        if until is not None:
            bound = _parse_bound(until, "until")
            if len(bound) == 10:  # a day: everything that starts before the next day
                where.append("s.date_begin < ?")
                params.append((date.fromisoformat(bound) + timedelta(days=1)).isoformat())
            else:
                where.append("s.date_begin <= ?")
                params.append(bound)
        if min_sources is not None:
            where.append("s.sources >= ?")
            params.append(int(min_sources))
        with self._snapshot():
            total = self._scalar(f"SELECT COUNT(*) FROM stories s {_where(where)}", params)
            rows = self._fetch(
                f"SELECT s.* FROM stories s {_where(where)} "
                f"ORDER BY {self.STORY_SORTS[sort]}, s.id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            items = [self._story_item(row) for row in rows]
        return {"total": total, "items": items}

    def _story_item(self, row: dict[str, Any]) -> dict[str, Any]:
        item = dict(row)
        for column in ("actor_codes", "recipient_codes", "actor_names", "recipient_names"):
            item[column] = json.loads(item[column])
        first = self._fetch(
            f"SELECT ar.title, ar.url, {_SENTENCE} AS sentence FROM story_events se "
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
                ["e.id IN (SELECT event_id FROM story_events WHERE story_id = ?)"],
                [story_id],
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


def _record(cls: type, table: str, row: dict[str, Any]) -> Any:
    """Build a record from a row, using the field names of the table's columns."""
    return cls(**{c.field: _to_python(row[c.name], c.kind) for c in TABLES[table] if c.field})


def _where(clauses: list[str]) -> str:
    return "WHERE " + " AND ".join(clauses) if clauses else ""


def _check_status(status: str) -> None:
    if status not in _ARTICLE_STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(_ARTICLE_STATUSES)}")


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")


# --- helpers of the event and view reads ----------------------------------------------------

# Markers around matches in search_page snippets: control characters never found in text.
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"

# The date an event is filed under: the start of a range, else its value.
_EVENT_DAY = "COALESCE(e.date_begin, e.date)"
# The date it ends on: the end of a range, else the same day.
_EVENT_END = "COALESCE(e.date_end, e.date_begin, e.date)"
# The words of the sentence that reports an event (aliases e, ar). NULL when its offsets
# are reversed: SQLite's SUBSTR would return other words, PostgreSQL's would fail.
# (PostgreSQL's SUBSTR takes INTEGER positions; offsets are BIGINT columns there.)
_SENTENCE = (
    "CASE WHEN e.sentence_end >= e.sentence_start THEN SUBSTR(ar.text, "
    "CAST(e.sentence_start + 1 AS INTEGER), CAST(e.sentence_end - e.sentence_start AS INTEGER)) "
    "END"
)

# Sort keys accepted by Store.events; a leading "-" sorts descending. Missing values last.
EVENT_SORTS = {
    "date": f"({_EVENT_DAY} IS NULL), {_EVENT_DAY}",
    "-date": f"({_EVENT_DAY} IS NULL), {_EVENT_DAY} DESC",
    "published": "(ar.published IS NULL), ar.published",
    "-published": "(ar.published IS NULL), ar.published DESC",
    "type": "e.type",
    "-type": "e.type DESC",
    "quad": "(e.quad_class IS NULL), e.quad_class",
    "-quad": "(e.quad_class IS NULL), e.quad_class DESC",
    "confidence": "(e.confidence IS NULL), e.confidence",
    "-confidence": "(e.confidence IS NULL), e.confidence DESC",
}

_PARTICIPANT_TEST = (
    "SELECT 1 FROM event_actors p WHERE p.event_id = e.id AND p.role = ? AND "
    "(COALESCE(p.country, '') = ? OR LOWER(COALESCE(p.name, '')) LIKE ? ESCAPE '\\' "
    "OR LOWER(p.text) LIKE ? ESCAPE '\\')"
)
_PARTICIPANT = f"EXISTS ({_PARTICIPANT_TEST})"


def _event_filters(
    type: str | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    country: str | None = None,
    modality: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    text: str | None = None,
    article_id: str | None = None,
    quad_class: int | None = None,
    place: str | None = None,
    involving: str | None = None,
) -> tuple[list[str], list[Any]]:
    """Build the WHERE clauses and bound parameters of an event query (aliases e, ar)."""
    where: list[str] = []
    params: list[Any] = []
    if type:
        where.append("e.type = ?")
        params.append(type.strip().upper())
    roles = [
        (r, v.strip()) for r, v in (("actor", actor), ("recipient", recipient)) if v and v.strip()
    ]
    dated = since is not None or until is not None
    if roles and dated:
        # Both filters from the events_match indexes: the rows of the matches alone are read.
        clause, bounds = _event_match(roles, since, until)
        where.append(clause)
        params += bounds
    for role, value in roles if not dated else []:
        where.append(_PARTICIPANT)
        params += [role, value.upper(), _like_pattern(value), _like_pattern(value)]
    if involving:
        where.append(
            "e.id IN (SELECT event_id FROM event_actors WHERE COALESCE(name, text) = ? "
            "AND role IN ('actor', 'recipient'))"
        )
        params.append(involving)
    if country and country.strip():
        code = country.strip().upper()
        # An uncorrelated IN: SQLite runs it once through the country index instead of
        # once per event.
        where.append(
            "(e.place_country = ? OR e.id IN (SELECT event_id FROM event_actors WHERE country = ?))"
        )
        params += [code, code]
    if modality:
        where.append("e.modality = ?")
        params.append(modality.strip().lower())
    if quad_class is not None:
        where.append("e.quad_class = ?")
        params.append(int(quad_class))
    if place and place.strip():
        where.append("LOWER(e.place) LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(place.strip()))
    if article_id:
        where.append("e.article_id = ?")
        params.append(article_id)
    if dated and not roles:
        clause, bounds = _event_dates_overlap(since, until)
        where.append(clause)
        params += bounds
    if text and text.strip():
        pattern = _like_pattern(text.strip())
        where.append(
            "(LOWER(COALESCE(e.trigger_text, '')) LIKE ? ESCAPE '\\' "
            f"OR LOWER({_SENTENCE}) LIKE ? ESCAPE '\\')"
        )
        params += [pattern] * 2
    return where, params


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
    that both bounds apply to the index on the start day (events_day), with the
    events that began earlier and last into the range found through the index
    of events that span days (events_span): a range of a month reads a month.
    The two branches write their shared tests with the operands swapped, or
    PostgreSQL would factor them out of the OR and lose the index ranges.
    """
    branches = _date_branches(since, until, _EVENT_DAY, _EVENT_END)
    if len(branches) == 1:
        return branches[0]
    clause = " OR ".join(f"({sql})" for sql, _ in branches)
    return f"({clause})", [p for _, branch_params in branches for p in branch_params]


def _date_branches(
    since: str | date | None, until: str | date | None, day: str, end: str
) -> list[tuple[str, list[Any]]]:
    """The disjoint cases of ``_event_dates_overlap`` on the start ``day`` and ``end`` given."""
    upper, upper_swapped, upper_params = "", "", []
    if until is not None:
        bound = _parse_bound(until, "until")
        if len(bound) == 10:  # a day: everything dated before the next day
            upper, upper_swapped = f" AND {day} < ?", f" AND ? > {day}"
            upper_params = [(date.fromisoformat(bound) + timedelta(days=1)).isoformat()]
        else:
            upper, upper_swapped = f" AND {day} <= ?", f" AND ? >= {day}"
            upper_params = [bound]
    if since is None:
        return [(upper[len(" AND ") :], upper_params)]
    lower = _parse_bound(since, "since")
    branches = [
        # starts in the range
        (f"{day} >= ? AND {end} >= ?{upper}", [lower, lower, *upper_params]),
        # started before it and ends in it or later
        (
            f"{end} > {day} AND ? <= {end} AND {day} < ?{upper_swapped}",
            [lower, lower, *upper_params],
        ),
    ]
    if until is None:  # no start day, only an end (with an upper bound it is left out)
        branches.append((f"{day} IS NULL AND {end} >= ?", [lower]))
    return branches


# What an item of Store.events is read from (aliases e, ar); _event_item builds it.
_EVENT_COLUMNS = (
    f"e.id, e.article_id, e.raw, ar.title, ar.published, ar.url, {_SENTENCE} AS sentence"
)


def _event_item(row: dict[str, Any]) -> dict[str, Any]:
    """An event as the API shows it: ``Event.to_dict()`` with its id and its article's words."""
    item = {"id": row["id"], "article_id": row["article_id"]}
    item.update(json.loads(row["raw"]))
    item.update(
        title=row["title"], published=row["published"], url=row["url"], sentence=row["sentence"]
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


def _short_label(name: str, words: list[str]) -> str:
    """Return the acronym the text uses for a long name ("NATO"), else the name."""
    acronyms = [w for w in words if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", w or "")]
    if acronyms and len(name.split()) >= 2:
        return max(sorted(set(acronyms)), key=acronyms.count)
    return name


def _day_of(value: str | None) -> date | None:
    """Return the day a TimeML date value starts on, if it names one (``2024-12-03``...)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month_of(value: str | None) -> str | None:
    """Return ``YYYY-MM`` of a TimeML date value precise to the month or better."""
    if value and re.match(r"^\d{4}-\d{2}(?!\d)", value) and 1 <= int(value[5:7]) <= 12:
        return value[:7]
    return None
