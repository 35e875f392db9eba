"""The store: SQLite by default, PostgreSQL when shared; the only code with SQL."""

from eventwire.store.core import (
    EVENT_SORTS,
    LATEST_VERSION,
    MIGRATIONS,
    SAVE_BATCH,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    TABLES,
    SaveReport,
    Store,
    _SearchSyntaxError,  # noqa: F401  (tests check the error class)
    fts5_to_tsquery,
    is_postgres_url,
    load_migrations,
    quote_query,
    split_statements,
)

__all__ = [
    "EVENT_SORTS",
    "LATEST_VERSION",
    "MIGRATIONS",
    "SAVE_BATCH",
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "TABLES",
    "SaveReport",
    "Store",
    "fts5_to_tsquery",
    "is_postgres_url",
    "load_migrations",
    "quote_query",
    "split_statements",
]
