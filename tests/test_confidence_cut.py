"""The confidence cut: events below ``Settings.min_confidence`` are hidden unless asked for all.

One article with three hand-built events of known confidence (0.9, 0.5 and
0.05, the last one scheduled) is stored in a real SQLite file and a real
PostgreSQL schema; the store's reads, the command line (``--all``), the API
(``?all=1``) and the exports are checked to hide the third event by default
and show it when asked.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import module_store_target  # noqa: F401 (a fixture)
from fastapi.testclient import TestClient
from test_store_filters import EVENTS, TEXT, _event
from typer.testing import CliRunner

from eventwire.export import export
from eventwire.records import Article, Extraction
from eventwire.settings import Settings
from eventwire.store import EventQuery, Store
from eventwire.web import create_app

# Event key -> confidence; E3 (scheduled, dated after publication) is below the default cut.
CONFIDENCES = {"E1": 0.9, "E2": 0.5, "E3": 0.05}
CUT = Settings().min_confidence
SHOWN, ALL = ["E1", "E2"], ["E1", "E2", "E3"]


def cut_extraction() -> Extraction:
    """The article of ``test_store_filters`` with its events given known confidences."""
    article = Article(text=TEXT, title="Three events", published="2024-03-08", source="t.txt")
    events = [dataclasses.replace(_event(*row), confidence=CONFIDENCES[row[0]]) for row in EVENTS]
    return Extraction(article=article, events=events)


def save_cut_store(target: str) -> str:
    with Store.open(target) as store:
        store.save(cut_extraction())
        from eventwire.crossdoc.stories import merge_store

        merge_store(store)
    return target


@pytest.fixture(scope="module")
def store(module_store_target: str) -> Iterator[Store]:  # noqa: F811
    with Store.open(save_cut_store(module_store_target)) as opened:
        yield opened


def keys(items: list[dict]) -> list[str]:
    return sorted(item["key"] for item in items)


@pytest.mark.parametrize(("least", "expected"), [(CUT, SHOWN), (None, ALL)])
def test_confidence_cut_store_events_and_calendar(store: Store, least, expected) -> None:
    assert keys(store.events(EventQuery(min_confidence=least))["items"]) == expected
    assert store.events(EventQuery(min_confidence=least))["total"] == len(expected)
    # a filter besides the cut, and the sorted path that reads every event
    found = store.events(EventQuery(type="CONSULT", min_confidence=least), sort="type")
    assert keys(found["items"]) == [k for k in expected if k != "E1"]
    calendar = store.calendar(min_confidence=least)
    assert keys(calendar["items"]) == (["E3"] if least is None else [])


@pytest.mark.parametrize(("least", "count"), [(CUT, 2), (None, 3)])
def test_confidence_cut_store_counts(store: Store, least, count) -> None:
    assert store.totals(least)["events"] == count
    timeline = store.timeline("month", min_confidence=least)
    assert sum(p["total"] for p in timeline["periods"]) + timeline["undated"] == count
    facets = store.event_facets(least)
    assert sum(t["n"] for t in facets["types"]) == count
    article_id = cut_extraction().article.id
    assert store.events_per_article([article_id], least) == {article_id: count}
    top = {a["name"]: a["events"] for a in store.top_actors(10, least)}
    assert ("The United States" in top) is (least is None)
    counts = store.actor_event_counts(["Ukraine", "The United States"], least)
    assert counts.get("The United States", 0) == (1 if least is None else 0)
    assert len(store.actor_event_days("The United States", least)) == (least is None)
    assert store.stories(min_confidence=least)["total"] == count
    rows = list(store.iter_rows("events", min_confidence=least))
    assert sorted(r["key"] for r in rows) == ALL[:count]
    participants = list(store.iter_rows("event_actors", min_confidence=least))
    assert len(participants) == count + 1  # E2 has an actor and a recipient


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cut") / "eventwire.db"
    save_cut_store(str(db))
    return db


@pytest.mark.parametrize(("flag", "expected"), [([], SHOWN), (["--all"], ALL)])
def test_confidence_cut_cli(sqlite_db: Path, flag: list[str], expected: list[str]) -> None:
    from eventwire.cli.app import app

    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", str(sqlite_db), *flag])
        assert result.exit_code == 0, result.output
        return result.output

    assert keys(json.loads(run("events", "--json"))) == expected
    assert keys(json.loads(run("calendar", "--json"))) == expected[2:]
    assert json.loads(run("stories", "--json"))["total"] == len(expected)
    assert json.loads(run("events", "--merged", "--json"))["total"] == len(expected)
    assert json.loads(run("summary", "--json"))["stats"]["events_shown"] == len(expected)
    plover = [json.loads(line) for line in run("export", "-f", "plover").splitlines()]
    assert sorted(p["confidence"] for p in plover) == sorted(CONFIDENCES[k] for k in expected)
    (extraction,) = [json.loads(line) for line in run("export").splitlines()]
    assert keys(extraction["events"]) == expected
    rows = run("export", "-f", "csv", "--table", "events").splitlines()
    assert len(rows) == 1 + len(expected)


def test_confidence_cut_cli_reads_the_setting(
    sqlite_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.cli.app import app

    monkeypatch.setenv("EVENTWIRE_MIN_CONFIDENCE", "0.6")
    result = CliRunner().invoke(app, ["events", "--json", "--db", str(sqlite_db)])
    assert keys(json.loads(result.output)) == ["E1"]


def test_confidence_cut_extract_command(seed_path: Path) -> None:
    """`eventwire extract` shows the events at or above the cut, says how many
    it hid, and shows every event with --all (the real pipeline on the seed)."""
    from eventwire.cli.app import app

    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["extract", str(seed_path), *args])
        assert result.exit_code == 0, result.output
        return result.output

    shown = json.loads(run("--format", "json"))["events"]
    every = json.loads(run("--format", "json", "--all"))["events"]
    assert shown and all(e["confidence"] >= CUT for e in shown)
    assert [e for e in every if e["confidence"] >= CUT] == shown
    hidden = len(every) - len(shown)
    assert hidden > 0
    table = run()
    assert "Events" in table and f"{hidden} more events below the confidence cut" in table
    assert "more events below" not in run("--all")


def test_confidence_cut_export_library_default_is_everything(sqlite_db: Path) -> None:
    with Store.open(sqlite_db) as opened:
        stream = io.StringIO()
        assert export(opened, "plover", stream) == 3
        stream = io.StringIO()
        assert export(opened, "plover", stream, min_confidence=CUT) == 2


@pytest.fixture(scope="module")
def client(sqlite_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_db, Settings(db=str(sqlite_db), processes=1))) as opened:
        yield opened


@pytest.mark.parametrize(("query", "expected"), [("", SHOWN), ("all=1", ALL)])
def test_confidence_cut_api(client: TestClient, query: str, expected: list[str]) -> None:
    def get(path: str) -> dict:
        response = client.get(path + ("&" if "?" in path else "?") + query)
        assert response.status_code == 200, response.text
        return response.json()

    assert keys(get("/api/events")["items"]) == expected
    assert keys(get("/api/calendar")["items"]) == expected[2:]
    assert get("/api/stories")["total"] == len(expected)
    assert get("/api/stats")["events"] == len(expected)
    dashboard = get("/api/dashboard")
    assert dashboard["totals"]["events"] == len(expected)
    assert keys(dashboard["latest_events"]["items"]) == expected
    assert sum(t["n"] for t in get("/api/events/facets")["types"]) == len(expected)
    assert get("/api/articles")["items"][0]["events"] == len(expected)
    article_id = cut_extraction().article.id
    assert keys(get(f"/api/articles/{article_id}")["events"]) == expected
    assert keys(get("/api/search?q=visit")["events"]["items"]) == expected[2:]
    actor = get("/api/actors/The%20United%20States")
    assert actor["events_total"] == len(expected[2:])
    timeline = get("/api/timeline?interval=month")
    assert sum(p["total"] for p in timeline["periods"]) + timeline["undated"] == len(expected)


@pytest.mark.parametrize(("query", "shown"), [("", False), ("?all=1", True)])
def test_confidence_cut_pages(client: TestClient, query: str, shown: bool) -> None:
    page = client.get("/events" + query).text
    assert ("visit" in page) is shown
    assert 'id="confidence-toggle"' in page
    assert "0.90" in page  # the confidence of each event is shown
    assert ("Show low-confidence events" in page) is not shown


def test_confidence_cut_links_to_a_hidden_event_show_every_event():
    from eventwire.web.filters import event_link

    shown = {"article_id": "a b", "key": "E1", "confidence": 0.5}
    hidden = {"article_id": "a b", "key": "E2", "confidence": 0.05}
    assert event_link(shown, 0.1) == "/articles/a%20b#ev-E1"
    assert event_link(hidden, 0.1) == "/articles/a%20b?all=1#ev-E2"
    assert event_link(hidden) == "/articles/a%20b#ev-E2"  # no cut asked: a plain link
