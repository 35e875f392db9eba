"""Events sorted, filtered and charted by the instants their dates cover (migration 0008).

Weeks, seasons, parts of day and ranges used to be compared as TimeML text, so
``2025-W08`` sorted before every day of 2025. Runs on real SQLite files and real
PostgreSQL schemas: newest first, since/until, the calendar and the timeline; an
upgrade of a store written at schema version 7; the API, a page and the CLI,
which show words for the dates while JSON keeps the TimeML value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backends import execute_raw, module_store_target, store_target  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.records import Article, Event, EventActor, Extraction
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.tables import TABLES, event_rows
from eventwire.web import create_app

TEXT = (
    "Kenya hosted talks. Kenya met Uganda. Kenya will visit Uganda. Kenya protested. "
    "Kenya signed a deal. Kenya praised Uganda. Kenya warned Uganda. Kenya joined Uganda."
)
PUBLISHED = "2025-01-10"
# key -> (trigger, date fields): a week, a day inside it, a day after it, a week a
# year earlier, a night, a range of mornings, a season, and an undated event.
DATED = {
    "W08": ("hosted", {"date": "2025-W08"}),
    "FEB20": ("met", {"date": "2025-02-20"}),
    "APR15": ("visit", {"date": "2025-04-15", "modality": "scheduled"}),
    "W11": ("protested", {"date": "2024-W11"}),
    "NIGHT": ("signed", {"date": "2016-10-31TNI"}),
    "MORNINGS": (
        "praised",
        {
            "date": "2016-10-15TMO..2016-10-17TMO",
            "date_begin": "2016-10-15TMO",
            "date_end": "2016-10-17TMO",
        },
    ),
    "AUTUMN": ("warned", {"date": "2015-FA"}),
    "UNDATED": ("joined", {}),
}
NEWEST_FIRST = ["APR15", "FEB20", "W08", "W11", "NIGHT", "MORNINGS", "AUTUMN", "UNDATED"]


def _kenya(text: str = "Kenya", at: int = 0) -> EventActor:
    start = TEXT.index(text, at)
    return EventActor(text, start, start + len(text), None, text, "KEN")


def _event(key: str) -> Event:
    trigger, fields = DATED[key]
    start = TEXT.index(trigger)
    source = {"date_source": "text"} if fields.get("date") else {}
    return Event(
        key=key,
        type="CONSULT",
        quad_class=1,
        trigger=trigger,
        trigger_start=start,
        trigger_end=start + len(trigger),
        sentence_start=TEXT.rfind(". ", 0, start) + 2,
        sentence_end=TEXT.index(".", start) + 1,
        actors=[_kenya(at=TEXT.rfind(". ", 0, start) + 2)],
        **(source | fields),
    )


def _extraction() -> Extraction:
    article = Article(text=TEXT, title="Kenya and Uganda", published=PUBLISHED, source="k.txt")
    return Extraction(article=article, events=[_event(key) for key in DATED])


def _keys(found: dict) -> list[str]:
    return [item["key"] for item in found["items"]]


@pytest.fixture(scope="module")
def store(module_store_target: str):  # noqa: F811 (a fixture)
    with Store.open(module_store_target) as opened:
        opened.save(_extraction())
        yield opened


def test_store_dates_sort_by_the_instant_they_begin(store: Store) -> None:
    assert _keys(store.events(sort="-date")) == NEWEST_FIRST
    assert _keys(store.events(sort="date")) == [*NEWEST_FIRST[-2::-1], "UNDATED"]
    # a page of the unfiltered list is the same page of the whole order
    assert _keys(store.events(sort="-date", limit=3, offset=2)) == NEWEST_FIRST[2:5]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # a week of 2024 is not in December 2024 or later
        ("2024-12-01", None, ["APR15", "FEB20", "W08"]),
        # a week overlaps a range that holds only one of its days
        ("2025-02-23", "2025-02-23", ["W08"]),
        ("2024-03-17", "2024-03-17", ["W11"]),
        # a season, by any of its days
        ("2015-10-15", "2015-10-20", ["AUTUMN"]),
        (None, "2015-12-31", ["AUTUMN"]),
        # a night reaches into the next morning
        ("2016-11-01", "2016-11-01", ["NIGHT"]),
        ("2016-10-31T22:00", "2016-10-31T23:00", ["NIGHT"]),
        ("2016-10-31T12:00", "2016-10-31T20:00", []),
        # a range of mornings covers the days between them
        ("2016-10-16", "2016-10-16", ["MORNINGS"]),
        ("2016-10-17T13:00", "2016-10-20", []),
    ],
)
def test_store_dates_since_until_keep_what_overlaps(
    store: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert sorted(_keys(store.events(since=since, until=until))) == sorted(expected)
    # the same through the participant index (events_match)
    found = store.events(actor="KEN", since=since, until=until)
    assert sorted(_keys(found)) == sorted(expected)


def test_store_dates_calendar_in_time_order(store: Store) -> None:
    # dated after the article's day (10 Jan 2025), soonest first: the week before its days
    assert _keys(store.calendar()) == ["W08", "FEB20", "APR15"]
    assert _keys(store.calendar(after="2025-02-21")) == ["W08", "APR15"]


def test_store_dates_timeline_by_begin(store: Store) -> None:
    weeks = store.timeline("week")
    assert [p["period"] for p in weeks["periods"]] == [
        "2016-10-10",
        "2016-10-31",
        "2024-03-11",
        "2025-02-17",
        "2025-04-14",
    ]
    assert weeks["periods"][3]["total"] == 2  # the week and a day inside it
    assert weeks["undated"] == 2  # a season, and an event without a date
    days = store.timeline("day")
    assert [p["period"] for p in days["periods"]] == ["2016-10-31", "2025-02-20", "2025-04-15"]
    months = store.timeline("month")
    assert [p["period"] for p in months["periods"]][-2:] == ["2025-02", "2025-04"]


def test_store_dates_items_carry_instants_and_timeml(store: Store) -> None:
    item = store.event(store.events()["items"][0]["article_id"], "W08")
    assert item is not None
    assert item["date"] == "2025-W08"
    assert (item["begins_at"], item["ends_at"]) == ("2025-02-17T00:00:00", "2025-02-24T00:00:00")


def _as_version_7(target: str, extraction: Extraction) -> None:
    """Write ``extraction`` into a store at schema version 7 as eventwire 7 did: the
    event's days were its TimeML text, and there were no instants."""
    a = extraction.article
    rows = [
        (
            "INSERT INTO articles (id, title, text, published, published_source, keywords, "
            "source, format, status, schema_version, extractor_version, ingested_at) "
            "VALUES (?, ?, ?, ?, 'text', '[]', 'k.txt', 'text', 'ok', '1.0', '0.0.7', "
            "'2025-01-10T00:00:00+00:00')",
            (a.id, a.title, a.text, a.published),
        )
    ]
    columns = [c.name for c in TABLES["events"]]
    names = ", ".join([*columns, "day", "day_end", "actor_keys", "recipient_keys"])
    marks = ", ".join("?" for _ in range(len(columns) + 4))
    for seq, event in enumerate(extraction.events):
        row, _ = event_rows(a.id, seq, event)
        day = event.date_begin or event.date
        old = (*row[: len(columns)], day, event.date_end or day, *row[len(columns) + 2 : -2])
        rows.append((f"INSERT INTO events ({names}) VALUES ({marks})", old))
    execute_raw(target, rows)


def test_store_dates_upgrade_from_version_7(store_target: str) -> None:  # noqa: F811
    with Store.open(store_target, target_version=7) as old:
        assert old.version == 7
    _as_version_7(store_target, _extraction())
    with Store.open(store_target) as store:
        assert store.version >= 8
        assert _keys(store.events(sort="-date")) == NEWEST_FIRST
        assert sorted(_keys(store.events(since="2024-12-01"))) == ["APR15", "FEB20", "W08"]
        assert _keys(store.calendar()) == ["W08", "FEB20", "APR15"]
        night = store.event(store.events()["items"][0]["article_id"], "NIGHT")
        assert night is not None
        assert night["begins_at"] == "2016-10-31T21:00:00"
        assert night["ends_at"] == "2016-11-01T06:00:00"
        # saving again writes the same columns as the migration filled
        store.save(_extraction())
        assert _keys(store.events(sort="-date")) == NEWEST_FIRST


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("dates") / "eventwire.db"
    with Store.open(db) as opened:
        opened.save(_extraction())
    return db


def test_store_dates_api_keeps_timeml(sqlite_db: Path) -> None:
    app = create_app(sqlite_db, Settings(min_confidence=0.0))
    with TestClient(app) as client:
        response = client.get("/api/events", params={"since": "2024-12-01", "sort": "-date"})
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert [i["key"] for i in items] == ["APR15", "FEB20", "W08"]
        assert items[2]["date"] == "2025-W08"
        assert items[2]["begins_at"] == "2025-02-17T00:00:00"
        page = client.get("/events", params={"sort": "-date"})
        assert page.status_code == 200
        for words in ("week of 17 Feb 2025", "autumn 2015", "31 Oct 2016, night"):
            assert words in page.text
        calendar = client.get("/calendar")
        assert calendar.text.index("week of 17 Feb 2025") < calendar.text.index("15 Apr 2025")


def test_store_dates_cli_shows_words(sqlite_db: Path) -> None:
    from eventwire.cli.app import app

    runner = CliRunner()
    shown = runner.invoke(app, ["events", "--all", "--db", str(sqlite_db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    for words in ("week of 17 Feb 2025", "autumn 2015", "31 Oct 2016, night"):
        assert words in shown.output
    assert "2025-W08" not in shown.output
    as_json = runner.invoke(app, ["events", "--all", "--json", "--db", str(sqlite_db)])
    assert as_json.exit_code == 0, as_json.output
    dates = {item["key"]: item["date"] for item in json.loads(as_json.output)}
    assert dates["W08"] == "2025-W08" and dates["AUTUMN"] == "2015-FA"


def test_store_dates_dashboard_axis_in_time_order(store: Store) -> None:
    from datetime import date, timedelta

    from eventwire.web import views

    timeline = views.dashboard(store, None, "quad")["timeline"]
    # years apart: by week, with an empty bar for every week between, so the axis is to scale
    assert timeline["interval"] == "week"
    days = [date.fromisoformat(p["period"]) for p in timeline["periods"]]
    assert days[0] == date(2016, 10, 10) and days[-1] == date(2025, 4, 14)
    assert all(b - a == timedelta(days=7) for a, b in zip(days, days[1:], strict=False))
    totals = {p["period"]: p["total"] for p in timeline["periods"] if p["total"]}
    assert totals == {
        "2016-10-10": 1,
        "2016-10-31": 1,
        "2024-03-11": 1,
        "2025-02-17": 2,
        "2025-04-14": 1,
    }
    by_month = views.dashboard(store, "month", "quad")["timeline"]["periods"]
    assert [p["period"] for p in by_month[:3]] == ["2016-10", "2016-11", "2016-12"]
    assert len(by_month) == (2025 - 2016) * 12 + 4 - 10 + 1


def test_store_dates_plover_export_days_of_a_week() -> None:
    from eventwire.export.plover import to_plover

    extraction = _extraction()
    records = {ev.key: to_plover(extraction, ev) for ev in extraction.events}
    assert (records["W08"]["date"], records["W08"]["enddate"]) == ("2025-02-17", "2025-02-23")
    assert records["W08"]["date_value"] == "2025-W08"
    assert (records["FEB20"]["date"], records["FEB20"]["enddate"]) == ("2025-02-20", None)
    assert (records["AUTUMN"]["date"], records["AUTUMN"]["enddate"]) == ("2015-09-01", "2015-11-30")
    assert (records["UNDATED"]["date"], records["UNDATED"]["enddate"]) == (PUBLISHED, None)
