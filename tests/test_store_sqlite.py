"""Store tests on real databases: writes, transactions, migrations, reads, concurrency.

Tests taking the ``store`` or ``filled`` fixture run on both backends (a SQLite file
and a PostgreSQL schema, see ``backends.py``); the others are about SQLite files, and
test_store_postgres.py has their PostgreSQL counterparts.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from pathlib import Path

import pytest
from backends import store_target  # noqa: F401  (fixture)

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
from eventwire.store import (
    LATEST_VERSION,
    MIGRATIONS,
    ActorQuery,
    ArticleQuery,
    PlaceQuery,
    Store,
    StoryQuery,
    quote_query,
    split_statements,
)


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Return the offsets of the nth occurrence of needle in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_extraction(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    actors: list[tuple[str, str, str | None, str | None, str | None, list[str]]] = (),
    places: list[tuple[str, str | None, float | None, float | None]] = (),
    quotes: list[tuple[str, str | None, str | None]] = (),
    times: list[tuple[str, str]] = (),
    events: list[Event] = (),
    status: str = "ok",
    reason: str | None = None,
    url: str | None = None,
) -> Extraction:
    """Build an Extraction whose offsets point at real substrings of ``text``.

    actors: (name, type, country, sector, role, [mention surface forms])
    places: (surface, country, lat, lon); quotes: (content, speaker key, speaker surface)
    """
    built_actors = []
    for i, (name, typ, country, sector, role, surfaces) in enumerate(actors):
        key = f"A{i + 1}"
        mentions = [Mention(*span(text, s), s, key) for s in surfaces]
        built_actors.append(Actor(key, name, typ, country, sector, role, mentions=mentions))
    return Extraction(
        article=Article(
            text=text,
            title=title,
            url=url,
            published=published,
            publisher="Test Wire",
            keywords=["test", "ünïcode"],
            source="test.txt",
        ),
        entities=[
            Entity(*span(text, m.text), m.text, "PERSON")
            for a in built_actors[:1]
            for m in a.mentions[:1]
        ],
        actors=built_actors,
        places=[
            Place(*span(text, s), s, s, country, lat, lon, "city", zlib.crc32(s.encode()))
            for s, country, lat, lon in places
        ],
        quotes=[
            Quote(
                *span(text, content),
                content,
                True,
                key,
                who,
                *(span(text, who) if who else (None, None)),
                "said",
            )
            for content, key, who in quotes
        ],
        times=[TimeExpr(*span(text, s), s, "DATE", value, "day") for s, value in times],
        events=list(events),
        status=status,
        reason=reason,
    )


TEXT_A = (
    "Secretary of State Antony Blinken arrived in Kyiv on Friday to discuss a ceasefire. "
    '"We will stand with Ukraine," he said. Blinken later met Volodymyr Zelensky.'
)
TEXT_B = (
    "Antony Blinken warned that new sanctions on Moscow were coming, speaking in Washington "
    "after talks in Kyiv. A ceasefire was not on the table."
)
TEXT_C = "Le ministre des Affaires étrangères est arrivé à Kyiv vendredi."


@pytest.fixture
def ex_a() -> Extraction:
    return make_extraction(
        TEXT_A,
        title="Blinken in Kyiv for ceasefire talks",
        published="2024-11-29",
        actors=[
            (
                "Antony Blinken",
                "PERSON",
                "USA",
                "GOV",
                "Secretary of State",
                ["Antony Blinken", "Blinken"],
            ),
            ("Volodymyr Zelensky", "PERSON", "UKR", "GOV", "President", ["Volodymyr Zelensky"]),
        ],
        places=[("Kyiv", "UKR", 50.45, 30.52)],
        quotes=[("We will stand with Ukraine,", "A1", "he")],
        times=[("Friday", "2024-11-29")],
        events=[meeting_event()],
    )


def meeting_event() -> Event:
    """The CONSULT event of TEXT_A: Blinken met Zelensky, as claimed by nobody."""
    sentence = span(TEXT_A, "Blinken later met Volodymyr Zelensky.")
    he = span(TEXT_A, "he said")[0]
    return Event(
        key="E1",
        type="CONSULT",
        quad_class=1,
        trigger="met",
        trigger_start=span(TEXT_A, " met ")[0] + 1,
        trigger_end=span(TEXT_A, " met ")[0] + 4,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        context=["diplomatic"],
        actors=[EventActor("Blinken", *span(TEXT_A, "Blinken", 1), "A1", "Antony Blinken", "USA")],
        recipients=[EventActor("Volodymyr Zelensky", *span(TEXT_A, "Volodymyr Zelensky"), "A2")],
        claimed_by=EventActor("he", he, he + 2),
        date="2024-11-29",
        date_source="article",
        place="Kyiv",
        place_country="UKR",
        lat=50.45,
        lon=30.52,
        confidence=0.8,
        evidence=[list(sentence)],
    )


@pytest.fixture
def ex_b() -> Extraction:
    return make_extraction(
        TEXT_B,
        title="New sanctions on the way",
        published="2024-12-02T10:30:00",
        actors=[("Antony Blinken", "PERSON", "USA", "GOV", None, ["Antony Blinken"])],
        places=[("Washington", "USA", 38.9, -77.04), ("Kyiv", "UKR", 50.45, 30.52)],
    )


@pytest.fixture
def ex_c() -> Extraction:
    return make_extraction(TEXT_C, status="skipped", reason="language detected as 'fr'")


@pytest.fixture
def store(store_target: str):  # noqa: F811
    with Store.open(store_target) as opened:
        yield opened


@pytest.fixture
def filled(store: Store, ex_a: Extraction, ex_b: Extraction, ex_c: Extraction) -> Store:
    for ex in (ex_a, ex_b, ex_c):
        store.save(ex)
    return store


def counts(store: Store) -> dict[str, int]:
    return {k: v for k, v in store.stats().items() if isinstance(v, int) and k != "schema_version"}


# --- writes -----------------------------------------------------------------------------------


def test_store_save_returns_new_then_replaces(store: Store, ex_a: Extraction) -> None:
    assert store.save(ex_a) is True
    first = counts(store)
    assert store.save(ex_a) is False
    assert counts(store) == first
    assert first["articles"] == 1 and first["mentions"] == 3 and first["event_actors"] == 3


def test_store_resave_replaces_children(store: Store, ex_a: Extraction) -> None:
    store.save(ex_a)
    ex_a.actors = ex_a.actors[:1]
    ex_a.places = []
    ex_a.events = []
    store.save(ex_a)
    assert store.article(ex_a.article.id) == ex_a
    stats = store.stats()
    assert (stats["actors"], stats["places"], stats["events"], stats["event_actors"]) == (
        1,
        0,
        0,
        0,
    )


def test_store_failed_save_rolls_back_that_article_only(
    store: Store, ex_a: Extraction, ex_b: Extraction
) -> None:
    store.save(ex_a)
    store.save(ex_b)
    before = counts(store)
    saved_b = store.article(ex_b.article.id)
    # A latitude out of range violates a CHECK constraint after the article row,
    # its actors and mentions were already written in the same transaction.
    ex_b.actors.append(Actor("A9", "Extra Person", "PERSON"))
    ex_b.places[1].lat = 200.0
    with pytest.raises(StoreError, match=ex_b.article.id):
        store.save(ex_b)
    assert counts(store) == before
    assert store.article(ex_b.article.id) == saved_b
    fresh = make_extraction("A new article about Paris.", places=[("Paris", "FRA", 48.85, 999.0)])
    with pytest.raises(StoreError, match="not saved"):
        store.save(fresh)
    assert store.article(fresh.article.id) is None
    assert counts(store) == before


def test_store_rejects_invalid_status(store: Store) -> None:
    ex = make_extraction("Some text here.", status="maybe")
    with pytest.raises(StoreError):
        store.save(ex)
    assert store.count_articles() == 0


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_store_save_many_keeps_good_articles(
    store: Store, ex_a: Extraction, ex_b: Extraction, batch: int
) -> None:
    bad = make_extraction("Talks in Berlin went on.", places=[("Berlin", "DEU", -91.0, 13.4)])
    store.save(ex_b)
    report = store.save_many([ex_a, bad, ex_b], batch=batch)
    assert (report.new, report.updated) == (1, 1)
    assert [f.article_id for f in report.failures] == [bad.article.id]
    assert store.article(ex_a.article.id) == ex_a
    assert store.article(bad.article.id) is None
    failures = store.failures()
    assert len(failures) == 1
    assert failures[0]["stage"] == "store"
    assert failures[0]["article_id"] == bad.article.id
    assert "check" in failures[0]["message"].lower()  # SQLite: CHECK, PostgreSQL: check


def test_store_events_fill_event_tables(store: Store, ex_a: Extraction) -> None:
    store.save(ex_a)
    (event,) = store.iter_rows("events")
    assert (event["type"], event["quad_class"], event["context"]) == ("CONSULT", 1, ["diplomatic"])
    assert TEXT_A[event["trigger_start"] : event["trigger_end"]] == event["trigger_text"] == "met"
    assert json.loads(event["evidence"]) == ex_a.events[0].evidence
    participants = [
        (r["role"], r["actor_key"], TEXT_A[r["start_char"] : r["end_char"]])
        for r in store.iter_rows("event_actors")
    ]
    assert participants == [
        ("actor", "A1", "Blinken"),
        ("claimant", None, "he"),
        ("recipient", "A2", "Volodymyr Zelensky"),
    ]


def test_store_record_failure_lists_newest_first(store: Store) -> None:
    store.record_failure(Failure("a.html", "read", "empty file"))
    store.record_failure(Failure("b.jsonl:3", "extract", "boom", article_id="abc"))
    rows = store.failures()
    assert [r["source"] for r in rows] == ["b.jsonl:3", "a.html"]
    assert rows[0]["article_id"] == "abc" and rows[1]["article_id"] is None
    assert rows[0]["at"].endswith("+00:00")
    assert [r["source"] for r in store.failures(stage="read")] == ["a.html"]
    assert store.stats()["failures_by_stage"] == {"extract": 1, "read": 1}


def test_store_delete_removes_article_and_children(filled: Store, ex_a: Extraction) -> None:
    assert filled.delete(ex_a.article.id) is True
    assert filled.delete(ex_a.article.id) is False
    assert filled.article(ex_a.article.id) is None
    stats = filled.stats()
    assert stats["events"] == 0 and stats["mentions"] == 1
    assert filled.search("Zelensky") == []


# --- migrations and opening ---------------------------------------------------------------------


def test_store_migrations_are_numbered_and_split() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2
    statements = split_statements(MIGRATIONS[0].sql)
    triggers = [s for s in statements if "CREATE TRIGGER" in s]
    assert len(triggers) == 3
    assert all(s.rstrip().endswith("END;") for s in triggers)


def test_store_fresh_database_is_at_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    with Store.open(path) as store:
        assert store.version == LATEST_VERSION
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert versions == list(range(1, LATEST_VERSION + 1))
    assert mode == "wal"
    # opening again applies nothing twice
    with Store.open(path) as store:
        assert store.version == LATEST_VERSION


def test_store_upgrades_v1_database_and_keeps_data(tmp_path: Path, ex_a: Extraction) -> None:
    path = tmp_path / "old.db"
    with Store.open(path, target_version=1) as old:
        assert old.version == 1
    # Rows as eventwire with schema 1 wrote them (it had no events tables).
    a = ex_a.article
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "events" not in tables
        conn.execute(
            "INSERT INTO articles (id, title, text, published, published_source, keywords, "
            "source, format, status, schema_version, extractor_version, ingested_at) "
            "VALUES (?, ?, ?, ?, 'unknown', '[]', 'old.txt', 'text', 'ok', '1.0', '0.0.1', "
            "'2024-01-01T00:00:00+00:00')",
            (a.id, a.title, a.text, a.published),
        )
        conn.execute(
            "INSERT INTO actors (article_id, seq, key, name, type) VALUES (?, 0, 'A1', ?, ?)",
            (a.id, "Antony Blinken", "PERSON"),
        )
    conn.close()
    with Store.open(path) as store:
        assert store.version == LATEST_VERSION
        loaded = store.article(a.id)
        assert loaded is not None
        assert loaded.article.text == a.text
        assert [x.name for x in loaded.actors] == ["Antony Blinken"]
        assert loaded.events == []
        assert [r["id"] for r in store.search("ceasefire")] == [a.id]
        # the new tables work
        store.save(ex_a)
        assert store.article(a.id) == ex_a
        assert store.stats()["event_actors"] == 3


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (LATEST_VERSION + 1, "9999_future.sql", "2030-01-01T00:00:00+00:00"),
        )
    conn.close()
    with pytest.raises(SchemaVersionError) as info:
        Store.open(path)
    message = str(info.value)
    assert str(path) in message
    assert f"version {LATEST_VERSION + 1}" in message
    assert "Upgrade eventwire" in message


def test_store_corrupt_file_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database, just some bytes\n" * 200)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert not isinstance(info.value, SchemaVersionError)
    assert str(path) in str(info.value)
    assert "not a SQLite database" in str(info.value)
    assert "EVENTWIRE_DB" in str(info.value)


def test_store_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    with pytest.raises(StoreError, match="not an eventwire one"):
        Store.open(path)


def test_store_missing_directory_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(StoreError, match="directory exists"):
        Store.open(path)


# --- reads --------------------------------------------------------------------------------------


def test_store_articles_filters_and_order(
    filled: Store, ex_a: Extraction, ex_b: Extraction, ex_c: Extraction
) -> None:
    ids = lambda rows: [r["id"] for r in rows]  # noqa: E731
    a, b, c = ex_a.article.id, ex_b.article.id, ex_c.article.id
    assert ids(filled.articles()) == [b, a, c]
    assert ids(filled.articles(limit=1, offset=1)) == [a]
    assert ids(filled.articles(since="2024-12-01")) == [b]
    assert ids(filled.articles(until="2024-11-30")) == [a]
    assert ids(filled.articles(since="2024-11-29", until="2024-12-02")) == [b, a]
    assert ids(filled.articles(until="2024-12-02T10:00:00")) == [a]
    assert ids(filled.articles(status="skipped")) == [c]
    row = filled.articles(since="2024-12-01")[0]
    assert "text" not in row
    assert row["chars"] == len(TEXT_B)
    assert (row["actors"], row["places"], row["quotes"]) == (1, 2, 0)
    assert row["keywords"] == ["test", "ünïcode"]
    with pytest.raises(ValueError, match="ISO 8601"):
        filled.articles(since="last tuesday")
    with pytest.raises(ValueError, match="status"):
        filled.articles(status="done")


def test_store_count_and_stats(filled: Store) -> None:
    assert filled.count_articles() == 3
    assert filled.count_articles("skipped") == 1
    stats = filled.stats()
    assert stats["articles_by_status"] == {"ok": 2, "skipped": 1}
    assert (stats["actors"], stats["mentions"], stats["places"], stats["quotes"]) == (3, 4, 3, 1)
    assert stats["schema_version"] == LATEST_VERSION


def test_store_actors_aggregate_across_articles(filled: Store) -> None:
    rows = filled.actors()
    assert rows[0] == {
        "id": "person:antony-blinken",
        "names": ["Antony Blinken"],
        "name": "Antony Blinken",
        "type": "PERSON",
        "country": "USA",
        "sector": "GOV",
        "role": "Secretary of State",
        "articles": 2,
        "mentions": 3,
    }
    assert [r["name"] for r in rows] == ["Antony Blinken", "Volodymyr Zelensky"]
    assert [r["name"] for r in filled.actors(country="ukr")] == ["Volodymyr Zelensky"]
    assert [r["name"] for r in filled.actors(name="BLINK")] == ["Antony Blinken"]
    assert filled.actors(type="org") == []
    # LIKE wildcards in the name are matched literally
    assert filled.actors(name="%") == []


def test_store_lists_take_a_query_or_its_fields(filled: Store) -> None:
    """Each list method takes its query object, or its fields as keywords as before them."""
    assert filled.actors(ActorQuery(country="ukr")) == filled.actors(country="ukr")
    assert filled.count_actors(ActorQuery(name="blink")) == filled.count_actors("blink") == 1
    assert filled.articles(ArticleQuery(since="2024-12-01"), limit=5) == filled.articles(
        since="2024-12-01", limit=5
    )
    assert filled.count_articles(query=ArticleQuery("skipped")) == 1
    assert filled.places(PlaceQuery(country="usa")) == filled.places(country="usa")
    assert filled.stories(StoryQuery(min_sources=1)) == filled.stories(min_sources=1)
    with pytest.raises(TypeError, match="not both"):
        filled.actors(ActorQuery(name="blink"), country="USA")
    with pytest.raises(TypeError):
        filled.places(colour="red")


def test_store_quotes_match_speaker_by_actor_name(filled: Store, ex_a: Extraction) -> None:
    rows = filled.quotes(speaker="blinken")
    assert len(rows) == 1
    row = rows[0]
    assert row["speaker_name"] == "he" and row["actor_name"] == "Antony Blinken"
    assert row["direct"] is True
    assert TEXT_A[row["start_char"] : row["end_char"]] == row["text"]
    assert row["title"] == ex_a.article.title
    assert filled.quotes(speaker="zelensky") == []


def test_store_places_and_times(filled: Store, ex_a: Extraction) -> None:
    places = filled.places()
    assert places[0]["name"] == "Kyiv" and places[0]["articles"] == 2
    assert [p["name"] for p in filled.places(country="usa")] == ["Washington"]
    times = filled.times(value="2024-11")
    assert [(t["text"], t["article_id"], t["anchored"]) for t in times] == [
        ("Friday", ex_a.article.id, True)
    ]
    assert filled.times(value="2023") == []


def test_store_search_ranks_and_snippets(filled: Store, ex_a: Extraction, ex_b: Extraction) -> None:
    rows = filled.search("ceasefire")
    # the title match ranks first
    assert [r["id"] for r in rows] == [ex_a.article.id, ex_b.article.id]
    assert rows[0]["score"] >= rows[1]["score"]
    assert "[ceasefire]" in rows[0]["snippet"].lower()
    # words are stemmed
    assert [r["id"] for r in filled.search("sanction")] == [ex_b.article.id]
    assert [r["id"] for r in filled.search('"new sanctions"')] == [ex_b.article.id]
    assert filled.search("   ") == []


@pytest.mark.parametrize("query", ["Kyiv-based", '"unterminated', "ceasefire AND", "a:b"])
def test_store_search_bad_query_says_how_to_quote(filled: Store, query: str) -> None:
    with pytest.raises(StoreError, match="double quotes"):
        filled.search(query)
    # the suggested quoting is accepted
    filled.search(quote_query(query))


def test_store_search_follows_resave(store: Store, ex_a: Extraction) -> None:
    store.save(ex_a)
    ex_a.article.title = "Quiet day"
    ex_a.article.text = ex_a.article.text.replace("ceasefire", "truce")
    store.save(ex_a)
    assert store.search("ceasefire") == []
    assert [r["id"] for r in store.search("truce")] == [ex_a.article.id]


# --- concurrency --------------------------------------------------------------------------------


def test_store_reader_not_blocked_by_writer(
    tmp_path: Path, ex_a: Extraction, ex_b: Extraction
) -> None:
    path = tmp_path / "shared.db"
    with Store.open(path) as writer, Store.open(path) as reader:
        writer.save(ex_a)
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        other.execute(
            "INSERT INTO failures (source, stage, message, at) VALUES ('x', 'read', 'm', 'now')"
        )
        started = time.monotonic()
        assert reader.article(ex_a.article.id) == ex_a
        assert reader.stats()["failures"] == 0  # uncommitted row invisible
        assert time.monotonic() - started < 2.0

        # a second writer waits for the lock (busy_timeout) instead of failing
        def release() -> None:
            time.sleep(0.5)
            other.execute("COMMIT")

        thread = threading.Thread(target=release)
        thread.start()
        started = time.monotonic()
        assert writer.save(ex_b) is True
        waited = time.monotonic() - started
        thread.join()
        other.close()
        assert waited >= 0.3
        assert reader.stats()["failures"] == 1
        assert reader.count_articles() == 2
