"""The store: SQLite by default, PostgreSQL when shared; the only code with SQL.

``core.py`` holds ``Store`` (opening, transactions, writes); ``queries/`` its
reads, one module per domain; ``filters.py`` the WHERE clauses
(``EventQuery``, ``StoryQuery``, ``ActorQuery``, ``ArticleQuery``,
``PlaceQuery``); ``search.py`` full-text search; ``migrations.py`` the
schema's versions; ``tables.py`` the tables' columns; ``dialect/`` what
differs between SQLite and PostgreSQL.
"""

from eventwire.store.core import SAVE_BATCH, SaveReport, Store
from eventwire.store.dialect import is_postgres_url
from eventwire.store.filters import ActorQuery, ArticleQuery, EventQuery, PlaceQuery, StoryQuery
from eventwire.store.migrations import LATEST_VERSION, MIGRATIONS, load_migrations, split_statements
from eventwire.store.queries.events import EVENT_SORTS, period_of
from eventwire.store.search import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    _SearchSyntaxError,  # noqa: F401  (tests check the error class)
    fts5_to_tsquery,
    quote_query,
)
from eventwire.store.tables import TABLES

__all__ = [
    "EVENT_SORTS",
    "LATEST_VERSION",
    "MIGRATIONS",
    "SAVE_BATCH",
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "TABLES",
    "ActorQuery",
    "ArticleQuery",
    "EventQuery",
    "PlaceQuery",
    "SaveReport",
    "Store",
    "StoryQuery",
    "fts5_to_tsquery",
    "is_postgres_url",
    "load_migrations",
    "period_of",
    "quote_query",
    "split_statements",
]
