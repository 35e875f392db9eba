"""Store backends for tests: SQLite files in tmp_path and fresh PostgreSQL schemas.

Test modules import the fixtures they use (``store_target``, ``module_store_target``,
``pg_url``) from here; a test taking ``store_target`` runs once per backend.

PostgreSQL tests use the server named by ``EVENTWIRE_TEST_PG`` (default
postgresql://postgres@127.0.0.1:5432/test, then the same as root). Where none
answers they skip and say why, unless ``EVENTWIRE_REQUIRE_PG=1`` (CI sets it),
which turns the skip into a failure. Each test gets a schema of its own,
created empty and dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PG_DEFAULTS = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)
BACKENDS = ("sqlite", "postgresql")
SCHEMA_PREFIX = "ew_test_"


@functools.cache
def find_postgres() -> tuple[str | None, str]:
    """Return (URL of a PostgreSQL server that answers, or None; why none does)."""
    wanted = os.environ.get("EVENTWIRE_TEST_PG")
    urls = [wanted] if wanted else list(PG_DEFAULTS)
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed: pip install 'psycopg[binary]'"
    problems = []
    for url in urls:
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url, ""
        except psycopg.Error as exc:
            problems.append(f"{url}: {str(exc).strip().splitlines()[0]}")
    return None, "; ".join(problems)


def require_postgres() -> str:
    """Return the test server's URL, or skip (fail, with EVENTWIRE_REQUIRE_PG=1) the test."""
    url, problem = find_postgres()
    if url is None:
        where = os.environ.get("EVENTWIRE_TEST_PG") or " or ".join(PG_DEFAULTS)
        message = f"no PostgreSQL at {where}; set EVENTWIRE_TEST_PG ({problem})"
        if os.environ.get("EVENTWIRE_REQUIRE_PG") == "1":
            pytest.fail(f"{message}; EVENTWIRE_REQUIRE_PG=1 requires it", pytrace=False)
        pytest.skip(message)
    return url


def with_schema(url: str, schema: str) -> str:
    """Return ``url`` with the eventwire option ``schema`` set."""
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def drop_schema(server: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def postgres_schema() -> Iterator[str]:
    """Yield the store URL of a new, empty schema on the test server; drop it afterwards."""
    server = require_postgres()
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
    try:
        yield with_schema(server, schema)
    finally:
        drop_schema(server, schema)


@contextmanager
def backend_target(backend: str, folder: Path) -> Iterator[str]:
    """Yield where a fresh store of ``backend`` lives: a file in ``folder`` or a schema URL."""
    if backend == "sqlite":
        yield str(folder / "eventwire.db")
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store location, once per backend."""
    with backend_target(request.param, tmp_path) as target:
        yield target


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh store location shared by a module's tests, once per backend."""
    with backend_target(request.param, tmp_path_factory.mktemp("store")) as target:
        yield target


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a fresh PostgreSQL schema (skips where no server answers)."""
    with postgres_schema() as url:
        yield url


def execute_raw(target: str, statements: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
    """Run SQL (``?`` parameters) on a store's database outside eventwire, in one transaction.

    Tests use it to write what an older or newer eventwire would have written.
    """
    if not target.startswith("postgresql://"):
        with sqlite3.connect(target) as conn:
            for sql, params in statements:
                conn.execute(sql, params)
        conn.close()
        return
    import psycopg

    server, _, schema = target.partition("?schema=")
    with psycopg.connect(server) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        for sql, params in statements:
            conn.execute(sql.replace("?", "%s"), params)
