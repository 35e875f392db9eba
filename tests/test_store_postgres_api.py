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


def test_store_postgres_api_answers_as_sqlite_does(store_db: str, sqlite_db: Path) -> None:
    postgres = TestClient(create_app(store_db, token=TOKEN))
    sqlite = TestClient(create_app(sqlite_db, token=TOKEN))
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


def test_store_postgres_api_empty_store_pages_say_so(pg_url: str) -> None:  # noqa: F811
    empty = TestClient(create_app(pg_url))
    assert "This store is empty" in empty.get("/").text
    for page in ("/events", "/network", "/map", "/calendar", "/articles", "/quotes"):
        response = empty.get(page)
        assert response.status_code == 200
        assert 'class="empty"' in response.text
    assert empty.get("/api/events").json() == {"total": 0, "items": []}


def test_store_postgres_api_ingest_writes_to_postgres(pg_url: str) -> None:  # noqa: F811
    app = TestClient(create_app(pg_url, token=TOKEN))
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
