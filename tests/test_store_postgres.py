"""The PostgreSQL store on the real server: opening, migrations, concurrency, parity.

The behaviours both backends share run on both from test_store_sqlite.py,
test_store_roundtrip.py, test_export_formats.py and test_stories_store.py (their
fixtures come from ``backends.py``), and the API from test_store_postgres_api.py.
Here: what only PostgreSQL has (URLs, schemas, several processes writing at once),
the PostgreSQL counterparts of the SQLite-file tests, full-text query translation,
and every read method giving the same answer on both backends for the same data.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from backends import (  # noqa: F401  (pg_url, store_target: fixtures)
    execute_raw,
    pg_url,
    postgres_schema,
    require_postgres,
    store_target,
)

from eventwire.errors import SchemaVersionError, StoreError
from eventwire.records import Actor, Article, Event, EventActor, Extraction, Mention
from eventwire.store import (
    LATEST_VERSION,
    MIGRATIONS,
    ActorQuery,
    ArticleQuery,
    Store,
    fts5_to_tsquery,
    is_postgres_url,
    load_migrations,
)
from eventwire.web import views

ROOT = Path(__file__).resolve().parent.parent


def test_store_postgres_urls_select_the_backend() -> None:
    assert is_postgres_url("postgresql://u@h:5432/db") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("eventwire.db") and not is_postgres_url(Path("postgres.db"))


def test_store_postgres_migrations_match_sqlite_versions() -> None:
    postgres = load_migrations("postgresql")
    assert [(m.version, m.name) for m in postgres] == [(m.version, m.name) for m in MIGRATIONS]


# --- opening and migrations ------------------------------------------------------------------


def test_store_postgres_fresh_schema_is_at_latest_version(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        assert (store.version, store.backend) == (LATEST_VERSION, "postgresql")
        assert store.stats()["articles"] == 0
    import psycopg

    server, _, schema = pg_url.partition("?schema=")
    with psycopg.connect(server) as conn:
        versions = conn.execute(
            f'SELECT version FROM "{schema}".schema_migrations ORDER BY version'
        ).fetchall()
    assert [v for (v,) in versions] == list(range(1, LATEST_VERSION + 1))
    with Store.open(pg_url) as store:  # opening again applies nothing twice
        assert store.version == LATEST_VERSION


def test_store_postgres_upgrades_v1_schema_and_keeps_data(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url, target_version=1) as old:
        assert old.version == 1
    text = "Talks on a ceasefire opened in Doha on Monday with envoys of both sides."
    execute_raw(
        pg_url,
        [
            (
                "INSERT INTO articles (id, title, text, published, published_source, keywords, "
                "source, format, status, schema_version, extractor_version, ingested_at) VALUES "
                "('old1', 'Doha talks', ?, '2024-05-06', 'unknown', '[]', 'old.txt', 'text', "
                "'ok', '1.0', '0.0.1', '2024-01-01T00:00:00+00:00')",
                (text,),
            ),
            (
                "INSERT INTO actors (article_id, seq, key, name, type) VALUES ('old1', 0, 'A1', "
                "'Qatar', 'COUNTRY')",
                (),
            ),
        ],  # fmt: skip
    )
    with Store.open(pg_url) as store:
        assert store.version == LATEST_VERSION
        loaded = store.article("old1")
        assert loaded is not None and loaded.article.text == text
        assert [a.name for a in loaded.actors] == ["Qatar"] and loaded.events == []
        assert [r["id"] for r in store.search("ceasefire")] == ["old1"]
        assert store.events() == {"total": 0, "items": []}  # the newer tables work


def test_store_postgres_refuses_newer_schema(pg_url: str) -> None:  # noqa: F811
    Store.open(pg_url).close()
    execute_raw(
        pg_url,
        [
            (
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (LATEST_VERSION + 1, "9999_future.sql", "2030-01-01T00:00:00+00:00"),
            )
        ],
    )
    with pytest.raises(SchemaVersionError, match=f"version {LATEST_VERSION + 1}") as info:
        Store.open(pg_url)
    assert "Upgrade eventwire" in str(info.value) and "schema=" in str(info.value)


def test_store_postgres_foreign_schema_is_refused(pg_url: str) -> None:  # noqa: F811
    server, _, schema = pg_url.partition("?schema=")
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE TABLE "{schema}".customers (id INTEGER)')
    with pytest.raises(StoreError, match="not an eventwire one") as info:
        Store.open(pg_url)
    assert "customers" in str(info.value) and "--db" in str(info.value)


def test_store_postgres_unreachable_server_says_what_to_check() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://someone:secret@127.0.0.1:1/nothing?connect_timeout=2")
    message = str(info.value)
    assert "cannot connect to PostgreSQL at postgresql://someone:***@127.0.0.1:1/" in message
    assert "secret" not in message and "EVENTWIRE_DB" in message


def test_store_postgres_refuses_a_schema_name_that_is_not_plain() -> None:
    with pytest.raises(StoreError, match="not a plain SQL name"):
        Store.open('postgresql://u@127.0.0.1/db?schema=x";DROP TABLE y;--')


def test_store_postgres_schemas_keep_stores_apart() -> None:
    with postgres_schema() as first_url, postgres_schema() as second_url:
        with Store.open(first_url) as first, Store.open(second_url) as second:
            first.save(version_of("shared-id", 0))
            assert first.count_articles() == 1
            assert second.count_articles() == 0 and second.search("envoy") == []
            second.save(version_of("shared-id", 1))
            assert first.article("shared-id") == version_of("shared-id", 0)
            assert second.article("shared-id") == version_of("shared-id", 1)


def test_store_postgres_refuses_nul_characters_per_article(pg_url: str) -> None:  # noqa: F811
    # PostgreSQL text cannot hold NUL; the article is refused like any invalid one.
    bad = Extraction(article=Article(text="A text with a \x00 inside.", id="nul"))
    good = version_of("fine", 0)
    with Store.open(pg_url) as store:
        with pytest.raises(StoreError, match="article nul"):
            store.save(bad)
        report = store.save_many([bad, good])
        assert (report.new, [f.article_id for f in report.failures]) == (1, ["nul"])
        assert store.count_articles() == 1 and store.failures()[0]["stage"] == "store"


def test_store_postgres_watched_files_upsert(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        store.record_watched_file("in/a.jsonl", size=10, mtime_ns=2**62, content_hash="h1")
        store.record_watched_file(
            "in/a.jsonl", size=20, mtime_ns=2**62 + 1, content_hash="h2", article_ids=["b", "a"]
        )
        row = store.watched_file("in/a.jsonl")
    assert (row["size"], row["mtime_ns"], row["article_ids"]) == (20, 2**62 + 1, ["a", "b"])


# --- several processes at once -----------------------------------------------------------------

WRITERS = 3
SHARED_IDS = [f"shared-{i:02d}" for i in range(30)]


def version_of(article_id: str, writer: int) -> Extraction:
    """What writer ``writer`` saves under ``article_id``: each writer's version differs."""
    people = [f"Envoy {name}" for name in ("Ana Diaz", "Bo Lee", "Cy Moss", "Di Park")][
        : writer + 2
    ]
    text = f"Version {writer} of {article_id}. " + " ".join(
        f"{person} met the mediator in Doha." for person in people
    )
    actors, events = [], []
    for i, person in enumerate(people):
        start = text.index(person)
        key = f"A{i + 1}"
        actors.append(Actor(key, person, "PERSON", "QAT", "GOV", None, mentions=[
            Mention(start, start + len(person), person, key)
        ]))  # fmt: skip
        sentence_end = text.index(".", start) + 1
        events.append(
            Event(
                key=f"E{i + 1}",
                type="CONSULT",
                quad_class=1,
                trigger="met",
                trigger_start=start + len(person) + 1,
                trigger_end=start + len(person) + 4,
                sentence_start=start,
                sentence_end=sentence_end,
                actors=[EventActor(person, start, start + len(person), key, person, "QAT")],
                date=f"2024-06-{writer + 10}",
                date_begin=f"2024-06-{writer + 10}",
                date_end=f"2024-06-{writer + 10}",
                evidence=[[start, sentence_end]],
            )
        )
    article = Article(text=text, title=f"Talks, take {writer}", published="2024-06-20")
    article.id = article_id
    return Extraction(article=article, actors=actors, events=events)


def ids_of(writer: int) -> list[str]:
    return SHARED_IDS + [f"own-{writer}-{i:02d}" for i in range(15)]


def run_writer(url: str, writer: int, results: multiprocessing.Queue) -> None:
    """Save this writer's articles twice, in batches then one by one, in shuffled orders."""
    rng = random.Random(writer)
    ids = ids_of(writer)
    with Store.open(url) as store:
        rng.shuffle(ids)
        report = store.save_many((version_of(i, writer) for i in ids), batch=4)
        rng.shuffle(ids)
        # every article exists by now: each save replaces one
        replaced = sum(not store.save(version_of(i, writer)) for i in ids)
    results.put(("writer", writer, report.new + report.updated, len(report.failures), replaced))


def run_reader(url: str, stop: multiprocessing.Event, results: multiprocessing.Queue) -> None:
    """Read while the writers write: each article must be one writer's version, whole.

    In every version each actor has one mention and one event with one participant,
    so counts read from one snapshot agree unless a reader saw part of a save.
    """
    reads = torn = 0
    candidates = SHARED_IDS + [i for w in range(WRITERS) for i in ids_of(w)[len(SHARED_IDS) :]]
    while True:
        try:
            store = Store.open(url)  # the schema may not exist yet
            break
        except StoreError:
            time.sleep(0.05)
    with store:
        while not stop.is_set() or reads < 50:
            for article_id in random.sample(candidates, 10):
                loaded = store.article(article_id)
                if loaded is None:
                    continue
                reads += 1
                if all(loaded != version_of(article_id, w) for w in range(WRITERS)):
                    torn += 1
            stats = store.stats()
            reads += 1
            counts = {stats[k] for k in ("actors", "mentions", "events", "event_actors")}
            torn += len(counts) != 1
    results.put(("reader", reads, torn))


def test_store_postgres_concurrent_writers_lose_and_double_nothing(pg_url: str) -> None:  # noqa: F811
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    stop = context.Event()
    reader = context.Process(target=run_reader, args=(pg_url, stop, results))
    writers = [
        context.Process(target=run_writer, args=(pg_url, w, results)) for w in range(WRITERS)
    ]
    reader.start()
    for process in writers:  # all open the same fresh schema at once: it is migrated once
        process.start()
    for process in writers:
        process.join(timeout=120)
    stop.set()
    reader.join(timeout=60)
    assert [p.exitcode for p in [*writers, reader]] == [0] * (WRITERS + 1)
    outcomes = [results.get(timeout=5) for _ in range(WRITERS + 1)]
    for kind, *figures in outcomes:
        if kind == "writer":
            writer, saved_in_batches, failed, replaced = figures
            assert (saved_in_batches, failed, replaced) == (
                len(ids_of(writer)),
                0,
                len(ids_of(writer)),
            )
        else:
            reads, torn = figures
            assert reads >= 50 and torn == 0
    with Store.open(pg_url) as store:
        everything = {i for w in range(WRITERS) for i in ids_of(w)}
        assert store.count_articles() == len(everything)
        final = {}
        for article_id in everything:
            loaded = store.article(article_id)
            owners = [w for w in range(WRITERS) if article_id in ids_of(w)]
            matches = [w for w in owners if loaded == version_of(article_id, w)]
            assert matches, f"{article_id} is no writer's version"
            final[article_id] = loaded
        stats = store.stats()
        assert stats["events"] == sum(len(x.events) for x in final.values())
        assert stats["event_actors"] == stats["events"]
        assert stats["mentions"] == stats["actors"] == stats["events"]
        assert stats["failures"] == 0 and stats["schema_version"] == LATEST_VERSION


# --- full-text queries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("ceasefire", "'ceasefire'"),
        ("ceasefire talks", "('ceasefire' & 'talks')"),
        ("a AND b OR c", "(('a' & 'b') | 'c')"),
        ("a OR b c", "('a' | ('b' & 'c'))"),
        ("a NOT b", "('a' & !'b')"),
        ('"new sanctions"', "'new sanctions'"),
        ('"it\'s"', "'it''s'"),
        ("sanct*", "'sanct':*"),
        ('"new sanc"*', "'new' <-> 'sanc':*"),
        ('"a" + "b"', "('a' <-> 'b')"),
        ("title:ceasefire", "'ceasefire':A"),
        ("text:(a OR b)", "('a':B | 'b':B)"),
        ("{title text}: a", "'a'"),
        ("-title: a", "'a':B"),
        ("(a)", "'a'"),
        ('""', ""),
        ("and or not", "(('and' & 'or') & 'not')"),
    ],
)
def test_store_postgres_fts5_queries_translate(query: str, tsquery: str) -> None:
    assert fts5_to_tsquery(query) == tsquery


@pytest.mark.parametrize(
    "query",
    ["Kyiv-based", '"unterminated', "ceasefire AND", "a:b", "NOT a", "()", "a OR", "U.S.", "^a"],
)
def test_store_postgres_fts5_syntax_errors_are_refused(query: str) -> None:
    from eventwire.store import _SearchSyntaxError

    with pytest.raises(_SearchSyntaxError):
        fts5_to_tsquery(query)


SEARCH_TEXTS = {
    "t1": (
        "Ceasefire talks resume",
        "Envoys met in Doha to discuss a ceasefire and new sanctions.",
    ),
    "t2": ("Markets", "Sanctioned banks reported losses; the ceasefire did not hold."),
    "t3": ("Harvest news", "Farmers sanction a plan to sell grain. Talks went on."),
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ceasefire", {"t1", "t2"}),
        ("sanction", {"t1", "t2", "t3"}),  # stemmed: sanctions, sanctioned
        ('"new sanctions"', {"t1"}),
        ("ceasefire NOT markets", {"t1"}),
        ("grain OR doha", {"t1", "t3"}),
        ("title:ceasefire", {"t1"}),
        ("text:ceasefire", {"t1", "t2"}),
        ("-text: talks", {"t1"}),
        ("talk*", {"t1", "t3"}),
        ("a", {"t1", "t3"}),  # no stop words, as in FTS5
    ],
)
def test_store_postgres_search_finds_what_sqlite_finds(
    store_target: str,  # noqa: F811
    query: str,
    expected: set[str],
) -> None:
    with Store.open(store_target) as store:
        for article_id, (title, text) in SEARCH_TEXTS.items():
            store.save(Extraction(article=Article(text=text, title=title, id=article_id)))
        found = store.search(query)
        page = store.search_page(query)
    assert {r["id"] for r in found} == expected
    assert page["total"] == len(expected)
    assert all(r["score"] > 0 for r in found)
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)


# --- the same answers on both backends -----------------------------------------------------------


def load_benchmark():
    """benchmarks/store.py, whose synthetic events cover every shape the reads handle."""
    spec = importlib.util.spec_from_file_location(
        "benchmark_store", ROOT / "benchmarks" / "store.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def twin_stores(tmp_path_factory: pytest.TempPathFactory):
    """The same 1,500 synthetic events saved to a SQLite file and a PostgreSQL schema."""
    require_postgres()
    extractions = list(load_benchmark().synthetic_extractions(1500, per_article=6, seed=3))
    path = tmp_path_factory.mktemp("twins") / "twins.db"
    with postgres_schema() as url, Store.open(path) as sqlite, Store.open(url) as postgres:
        for store in (sqlite, postgres):
            report = store.save_many(extractions)
            assert report.failures == [] and report.new == len(extractions)
        yield sqlite, postgres


READS = [
    ("totals", {}),
    ("articles", {"limit": 1000}),
    ("articles", {"since": "2024-01-01", "until": "2024-02-15", "limit": 1000}),
    ("actors", {"limit": 1000}),
    ("actors", {"country": "npl"}),
    ("places", {"limit": 1000}),
    ("article_page", {"query": ArticleQuery(), "page": views.Paging(20, 40)}),
    ("actor_page", {"query": ActorQuery(), "page": views.Paging(30)}),
    ("events", {"limit": 1000}),
    ("events", {"sort": "date", "limit": 1000}),
    ("events", {"sort": "-confidence", "limit": 300, "offset": 100}),
    ("events", {"actor": "name", "since": "2024-03-01", "until": "2024-04-30", "limit": 1000}),
    ("events", {"since": "2023-06-15", "limit": 1000}),
    ("events", {"until": "2023-02-01T12:00:00", "limit": 1000}),
    ("events", {"recipient": "minister", "quad_class": 3, "limit": 1000}),
    ("events", {"country": "NPL", "modality": "scheduled", "limit": 1000}),
    ("events", {"text": "attacked", "type": "ASSAULT", "limit": 1000}),
    ("events", {"place": "a", "sort": "-published", "limit": 1000}),
    ("event_facets", {}),
    ("timeline", {}),
    ("timeline", {"interval": "week", "by": "type", "since": "2024-01-01"}),
    ("timeline", {"interval": "month", "until": "2023-12-31"}),
    ("calendar", {"limit": 1000}),
    ("calendar", {"after": "2024-01-01", "until": "2024-06-30", "limit": 1000}),
    ("actor_graph", {"limit": 50}),
    ("actor_graph", {"since": "2024-05-01"}),
    ("top_actors", {"limit": 25}),
    ("place_points", {"limit": 1000}),
    ("quote_page", {}),
    ("failures", {}),
]


@pytest.mark.parametrize(
    ("method", "arguments"), READS, ids=[f"{m}-{i}" for i, (m, _) in enumerate(READS)]
)
def test_store_postgres_reads_match_sqlite(twin_stores, method: str, arguments: dict) -> None:
    sqlite, postgres = twin_stores
    if hasattr(views, method):  # a page's view, read through the store's methods
        expected = getattr(views, method)(sqlite, **arguments)
        got = getattr(views, method)(postgres, **arguments)
    else:
        expected = getattr(sqlite, method)(**arguments)
        got = getattr(postgres, method)(**arguments)
    assert _without_save_times(got) == _without_save_times(expected)
    if isinstance(expected, dict) and "total" in expected:
        assert expected["total"] > 0 or method == "quote_page"


def test_store_postgres_actor_detail_and_rows_match_sqlite(twin_stores) -> None:
    sqlite, postgres = twin_stores
    for top in sqlite.top_actors(limit=5):
        assert views.actor_detail(postgres, top["name"]) == views.actor_detail(sqlite, top["name"])
    for table in ("articles", "actors", "mentions", "places", "events", "event_actors"):
        assert _without_save_times(list(postgres.iter_rows(table))) == _without_save_times(
            list(sqlite.iter_rows(table))
        )
    first = next(sqlite.iter_extractions())
    assert postgres.article(first.article.id) == first
    assert postgres.event(first.article.id, "E1") == sqlite.event(first.article.id, "E1")


def _without_save_times(value: object) -> object:
    """Drop ``ingested_at`` (the moment of each save) from nested results."""
    if isinstance(value, dict):
        return {k: _without_save_times(v) for k, v in value.items() if k != "ingested_at"}
    if isinstance(value, list):
        return [_without_save_times(v) for v in value]
    return value


DATED = {  # key: (date, date_begin, date_end)
    "day": ("2024-03-10", "2024-03-10", "2024-03-10"),
    "day-before": ("2024-02-28", "2024-02-28", "2024-02-28"),
    "day-after": ("2024-04-01", "2024-04-01", "2024-04-01"),
    "last-day": ("2024-03-31", "2024-03-31", "2024-03-31"),
    "month": ("2024-03", "2024-03-01", "2024-03-31"),
    "spans-start": ("2024-02", "2024-02-01", "2024-03-02"),
    "spans-all": ("2024", "2024-01-01", "2024-12-31"),
    "spans-end": ("2024-W13", "2024-03-25", "2024-04-07"),
    "ended-before": ("2024-02", "2024-02-01", "2024-02-29"),
    "undated": (None, None, None),
    "end-only": (None, None, "2024-03-20"),
    "date-only": ("2024-03-05", None, None),
    "timed": ("2024-03-31T18:00", "2024-03-31T18:00", "2024-03-31T18:00"),
}


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2024-03-01", "2024-03-31"),
        ("2024-03-01", None),
        (None, "2024-03-31"),
        ("2024-03-15", "2024-03-31T12:00:00"),
        ("2024-04-02", "2024-04-30"),
    ],
)
def test_store_postgres_date_filters_keep_overlapping_events(
    store_target: str,  # noqa: F811
    since: str | None,
    until: str | None,
) -> None:
    """events(since, until) keeps an event whose end is on or after since and whose start is
    before the end of until, however the query is spelled for the indexes."""
    text = "The envoy met the minister."
    events = [
        Event(key=key, type="CONSULT", quad_class=1, trigger="met", trigger_start=10,
              trigger_end=13, sentence_start=0, sentence_end=len(text), date=d,
              date_begin=b, date_end=e)
        for key, (d, b, e) in DATED.items()
    ]  # fmt: skip
    with Store.open(store_target) as store:
        store.save(Extraction(article=Article(text=text, id="dates"), events=events))
        found = {item["key"] for item in store.events(since=since, until=until, limit=100)["items"]}
        counted = (
            sum(p["total"] for p in store.timeline(since=since, until=until)["periods"])
            + store.timeline(since=since, until=until)["undated"]
        )
    upper = until
    if until is not None and len(until) == 10:
        upper = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
    expected = set()
    for key, (d, b, e) in DATED.items():
        # an event known by its end alone is placed on that day
        start, end = b or d or e, e or b or d
        after = since is None or (end is not None and end >= since)
        if until is None:
            before = True
        elif len(until) == 10:
            before = start is not None and start < upper
        else:
            before = start is not None and start <= upper
        if after and before:
            expected.add(key)
    assert found == expected and counted == len(expected)


def _event_ids(store: Store, **filters: object) -> set[str]:
    return {item["id"] for item in store.events(limit=100_000, **filters)["items"]}


def test_store_dated_participant_filters_agree_with_the_participant_rows(twin_stores) -> None:
    """events(actor/recipient, since, until) reads the events' search keys (migration 0007);
    it finds what the participant rows and the date filter find apart, on both backends."""
    for store in twin_stores:
        top = [a["country"] for a in store.top_actors(limit=3) if a["country"]]
        name = store.top_actors(limit=20)[-1]["name"]
        values = [*top, top[0].lower(), name.split()[-1].upper(), name[1:4], "no such actor"]
        values.append(top[0] + "\x1f")  # a separator of the search keys
        ranges = [
            ("2024-03-01", "2024-03-31"),
            ("2023-06-15", None),
            (None, "2023-09-30"),
            ("2024-02-10", "2024-02-10T23:00:00"),
        ]
        checked = 0
        for since, until in ranges:
            dated = _event_ids(store, since=since, until=until)
            for value in values:
                for role in ("actor", "recipient"):
                    expected = _event_ids(store, **{role: value}) & dated
                    got = _event_ids(store, **{role: value, "since": since, "until": until})
                    assert got == expected, (role, value, since, until)
                    checked += bool(expected)
            both = _event_ids(store, actor=top[0], recipient=top[1])
            assert _event_ids(store, actor=top[0], recipient=top[1], since=since, until=until) == (
                both & dated
            )
        assert checked >= 10  # the filters found events, not only empty sets


# What the migrations after 0007 add, undone to take a store back to schema 6.
UNDO_AFTER_7 = (
    "DROP TABLE actor_ids",
    "DROP TABLE actor_keys",
    "DROP TABLE actor_overrides",
    "DROP INDEX actors_actor_id",
    "DROP INDEX actors_name_key",
    "DROP INDEX event_actors_actor_id",
    *(f"ALTER TABLE actors DROP COLUMN {c}" for c in ("ref", "cameo", "actor_id", "name_key")),
    "ALTER TABLE event_actors DROP COLUMN actor_id",
)


def test_store_migration_7_fills_the_search_keys_of_stored_events(store_target: str) -> None:  # noqa: F811
    """A store written before migrations 0007 and 0008 gets the same days, instants and
    keys a save writes."""
    extractions = list(load_benchmark().synthetic_extractions(120, per_article=6, seed=5))
    columns = "id, day, day_end, actor_keys, recipient_keys, begins_at, ends_at"
    with Store.open(store_target) as store:
        store.save_many(extractions)
        saved = store._fetch(f"SELECT {columns} FROM events ORDER BY id")
        # Back to schema 6, as an older eventwire left it (with the indexes 0008 drops).
        sqlite_6 = [s for s in MIGRATIONS[5].sql.split(";") if "CREATE INDEX events_" in s]
        with store._transaction():
            for statement in (
                "DROP INDEX events_match",
                "DROP INDEX events_match_span",
                "DROP INDEX events_begins_quad",
                "DROP INDEX events_begins_type",
                *(f"ALTER TABLE events DROP COLUMN {c}" for c in columns.split(", ")[1:]),
                *UNDO_AFTER_7,
                "CREATE INDEX events_date ON events (date)",
                "CREATE INDEX events_date_begin ON events (date_begin)",
                *(s[s.index("CREATE") :] for s in sqlite_6),
                "DELETE FROM schema_migrations WHERE version >= 7",
            ):
                store._conn.execute(statement)
            if store.path.startswith("postgresql"):
                store._conn.execute("DROP FUNCTION instr(text, text)")
    with Store.open(store_target) as store:
        assert store.version == LATEST_VERSION
        assert store._fetch(f"SELECT {columns} FROM events ORDER BY id") == saved
    assert any(row["actor_keys"] for row in saved) and any(
        row["day"] != row["day_end"] for row in saved
    )


def test_store_unfiltered_pages_by_date_are_slices_of_the_full_order(twin_stores) -> None:
    """The first pages of all events by date come from the day index (without sorting
    every event); they are the same slices of the order the general query gives."""
    for store in twin_stores:
        for sort in ("-date", "date"):
            everything = store.events(sort=sort, limit=100_000)  # general query: sorts all
            ids = [item["id"] for item in everything["items"]]
            undated = sum(
                item["date"] is None and item["date_begin"] is None for item in everything["items"]
            )
            assert undated > 0 and everything["total"] == len(ids) == 1500
            for offset, limit in ((0, 50), (7, 13), (600, 100), (len(ids) - undated - 5, 20)):
                page = store.events(sort=sort, limit=limit, offset=offset)
                assert page["total"] == len(ids)
                assert [item["id"] for item in page["items"]] == ids[offset : offset + limit]
                assert page["items"] == everything["items"][offset : offset + limit]
