"""Dialects: what differs between a SQLite file and a PostgreSQL schema.

Store keeps one SQL text per query, written with ``?`` parameters in the SQL both
databases understand. A dialect object holds the rest: how to connect, how to begin
a transaction, how to list tables and apply a migration, full-text search, and the
driver's exception classes. ``sqlite.py`` and ``postgres.py`` hold one each; this
module holds what they share. Reads and writes nothing itself.
"""

from __future__ import annotations

from pathlib import Path

# Seconds a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 30.0

# Errors caused by the values of one article, not by the database: save_many records
# them as failures and goes on with the next article. Each dialect adds its driver's.
DATA_ERRORS = (TypeError, ValueError, OverflowError)

# Rows fetched per round trip when streaming a large result (exports, merging).
STREAM_BATCH = 2000

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str | Path) -> bool:
    """Return True when ``target`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)
