"""The JSON API and the pages on a PostgreSQL store: test_api_routes.py, again.

Every test of test_api_routes.py that reads the shared store runs here too, with
``store_db`` being the URL of a PostgreSQL schema holding the same articles (copied
from the SQLite store that module builds with the real pipeline), so each endpoint's
SQL is checked on PostgreSQL against plain Python over the same records. Tests that
build their own store from ``tmp_path`` have PostgreSQL versions below.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import test_api_routes as sqlite_api
from backends import pg_url, postgres_schema  # noqa: F401  (pg_url: fixture)
from fastapi.testclient import TestClient

from eventwire.records import Failure
from eventwire.store import Store
from eventwire.web import create_app

TOKEN = sqlite_api.TOKEN

# The shared-store tests and the fixtures they use, collected here with this module's
# store_db. A test taking tmp_path makes a SQLite store of its own: not repeated here.
_SHARED = {
    name: test
    for name, test in vars(sqlite_api).items()
    if name.startswith("test_api_") and "tmp_path" not in inspect.signature(test).parameters
}
globals().update(_SHARED)
client = sqlite_api.client
records = sqlite_api.records
events = sqlite_api.events


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    """Closes what a test opened (test clients: their apps' pooled connections)."""
    with ExitStack() as opened:
        yield opened


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite store test_api_routes.py builds once per session."""
    return sqlite_api.build_store(tmp_path_factory.getbasetemp() / "web-store")


@pytest.fixture(scope="module")
def store_db(sqlite_db: Path) -> Iterator[str]:
    """A PostgreSQL schema with the articles and failures of the SQLite API store."""
    with postgres_schema() as url:
        with Store.open(sqlite_db) as source, Store.open(url) as target:
            report = target.save_many(source.iter_extractions())
            assert report.failures == []
            for row in reversed(source.failures(limit=10_000)):
                failure = Failure(row["source"], row["stage"], row["message"], row["article_id"])
                target.record_failure(failure)
            assert target.totals() == source.totals()
        yield url


def test_store_postgres_api_answers_as_sqlite_does(
    store_db: str, sqlite_db: Path, stack: ExitStack
) -> None:
    postgres = stack.enter_context(TestClient(create_app(store_db, token=TOKEN)))
    sqlite = stack.enter_context(TestClient(create_app(sqlite_db, token=TOKEN)))
    for url in (
        "/api/stats",
        "/api/dashboard",
        "/api/events?limit=500",
        "/api/events?sort=type&limit=500",
        "/api/events?actor=USA&since=2024-01-01&limit=500",
        "/api/events/facets",
        "/api/articles?limit=500",
        "/api/actors?limit=500",
        "/api/quotes?limit=500",
        "/api/places",
        "/api/graph",
        "/api/timeline?interval=week&by=type",
        "/api/calendar",
    ):
        mine, theirs = postgres.get(url), sqlite.get(url)
        assert mine.status_code == theirs.status_code == 200, url
        assert _without_location(mine.json()) == _without_location(theirs.json()), url


def _without_location(body: object) -> object:
    """A JSON answer without the store's location and the time articles were copied there."""
    if isinstance(body, dict):
        return {
            k: _without_location(v) for k, v in body.items() if k not in ("path", "ingested_at")
        }
    if isinstance(body, list):
        return [_without_location(v) for v in body]
    return body


def test_store_postgres_api_empty_store_pages_say_so(pg_url: str, stack: ExitStack) -> None:  # noqa: F811
    empty = stack.enter_context(TestClient(create_app(pg_url)))
    assert "This store is empty" in empty.get("/").text
    for page in ("/events", "/network", "/map", "/calendar", "/articles", "/quotes"):
        response = empty.get(page)
        assert response.status_code == 200
        assert 'class="empty"' in response.text
    assert empty.get("/api/events").json() == {"total": 0, "items": []}


def test_store_postgres_api_ingest_writes_to_postgres(pg_url: str, stack: ExitStack) -> None:  # noqa: F811
    app = stack.enter_context(TestClient(create_app(pg_url, token=TOKEN)))
    payload = {"text": sqlite_api.ARTICLE, "title": "Invitation", "published": "2024-11-29"}
    assert app.post("/api/articles", json=payload).status_code == 401
    good = app.post("/api/articles", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert good.status_code == 201, good.text
    assert good.json()["new"] == 1
    with Store.open(pg_url) as store:
        (stored,) = list(store.iter_extractions())
    assert stored.article.title == "Invitation"
    assert app.get("/api/stats").json()["articles"] == 1
    again = app.post("/api/articles", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["updated"] == 1


def test_store_postgres_api_keeps_connections_between_requests(pg_url: str, monkeypatch) -> None:  # noqa: F811
    """The app reuses PostgreSQL connections; one left in a transaction or dropped by the
    server is replaced, and the requests go on."""
    from eventwire.web import app as web_app

    opened: list[Store] = []
    real_open = Store.open

    def counting_open(target, **kwargs):
        opened.append(real_open(target, **kwargs))
        return opened[-1]

    monkeypatch.setattr(web_app.Store, "open", counting_open)
    with TestClient(create_app(pg_url)) as client:
        pool = client.app.state.pool
        for _ in range(5):
            assert client.get("/api/stats").status_code == 200
            assert client.get("/events").status_code == 200
        assert len(opened) == 2  # one to check the schema at start, one for all requests
        (kept,) = pool._idle
        # The server drops the connection (a restart, an administrator): replaced.
        with real_open(pg_url) as admin:
            admin._conn.execute(
                "SELECT pg_terminate_backend(?)", (kept._conn.raw.info.backend_pid,)
            )
        assert client.get("/api/stats").status_code == 200
        assert len(opened) == 3 and pool._idle[0] is opened[-1]
        # A store given back inside a transaction is not handed out again.
        store = pool.acquire()
        store._conn.execute("BEGIN")
        pool.release(store)
        assert client.get("/api/stats").status_code == 200
        assert len(opened) == 4
    assert pool._idle == [] and all(s._conn.raw.closed for s in opened)


def test_store_sqlite_app_opens_a_store_per_request(tmp_path: Path) -> None:
    """SQLite connections belong to the thread that opened them: never pooled."""
    with TestClient(create_app(tmp_path / "web.db")) as client:
        for _ in range(3):
            assert client.get("/api/stats").status_code == 200
        assert client.app.state.pool._idle == []
