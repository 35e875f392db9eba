"""Schema migrations: load the packaged SQL scripts and apply the pending ones.

Reads ``data/migrations/NNNN_name.sql`` (SQLite) and the same versions in
``data/migrations/postgresql/``; writes the tables they create and one row per
applied migration in ``schema_migrations``. ``Migrating`` is the part of
``Store`` that brings a database to a version, in one transaction.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from eventwire.errors import SchemaVersionError, StoreError
from eventwire.store.tables import EXTRACTOR_VERSION, event_span, utc_now


@dataclass(frozen=True)
class Migration:
    """One version of the schema: its number, its file's name and its SQL script."""

    version: int
    name: str
    sql: str


_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


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


def migrations_of(dialect: Any) -> list[Migration]:
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


class Migrating:
    """The part of ``Store`` that reads the schema version and applies migrations."""

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
        migrations = migrations_of(self._dialect)
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
        fill = _FILLS.get(migration.version)
        if fill is not None:
            fill(self._conn)
        # a fill that needs the store itself (0009: canonical actor ids, by the name rules)
        fill_store = getattr(self, f"_after_migration_{migration.version}", None)
        if fill_store is not None:
            fill_store()
        self._conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, utc_now()),
        )


def fill_event_instants(conn: Any) -> None:
    """Fill the days and instants of the events stored before schema version 8.

    Until version 8, ``day`` and ``day_end`` held the TimeML text of the event's
    first and last value, so each distinct pair of them stands for one span,
    found through the events_match index. An event is updated once (its
    ``begins_at`` is still NULL), so a new pair equal to a pair not yet done is
    not read again; an event whose date has no place on the calendar is left
    with NULL days.
    """
    pairs = conn.execute(
        "SELECT DISTINCT day, day_end FROM events WHERE day IS NOT NULL OR day_end IS NOT NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE events SET day = ?, day_end = ?, begins_at = ?, ends_at = ? "
        "WHERE day = ? AND day_end = ? AND begins_at IS NULL",
        [(*event_span(day, day, day_end), day, day_end) for day, day_end in pairs],
    )


# Migrations whose new columns are filled in Python after their SQL script runs.
_FILLS = {8: fill_event_instants}
