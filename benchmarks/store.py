"""Store speed: write and query synthetic events in SQLite and PostgreSQL.

Builds --events synthetic events (default 1,000,000) spread over articles of
--per-article events each (default 10, so 100,000 articles), with realistic
shapes: actors and recipients drawn from the gazetteer's countries and a pool of
people and organisations (a few appear often, most rarely), PLOVER types with
their quad classes, articles arriving in publication order over two years with
events dated on or just before that day (mostly days, some month ranges, some
undated), places with coordinates, claimants and article texts that the
sentence offsets point into. Then, for each backend:

  * writes them through ``Store.save_many`` (the ingest path) and prints events/s;
  * times, best of --runs, an events query filtered by actor and date range (a
    month) with its total, as ``eventwire events --actor --since --until`` and
    ``GET /api/events`` run it (target < 100 ms), the first page of events with
    no filter (what ``eventwire events`` and the web UI show first), and the
    timeline aggregate over all events (``Store.timeline``, target < 1 s).

PostgreSQL is --pg (default: EVENTWIRE_TEST_PG, else
postgresql://postgres@127.0.0.1:5432/test); the benchmark writes to a schema of
its own and drops it afterwards. Run: ``python benchmarks/store.py`` (add
``--events 100000`` for a quick run; ``--keep FILE --backends sqlite`` keeps the
SQLite store, and a second run with it only times the queries).
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources
import itertools
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from eventwire.records import Actor, Article, Event, EventActor, Extraction, Mention, Place
from eventwire.store import Store

PG_DEFAULT = os.environ.get("EVENTWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
SENTENCE = "{actor} {verb} {recipient} in {place} on {day}."
VERBS = {1: "met with", 2: "sent aid to", 3: "accused", 4: "attacked"}
SECTORS = ("GOV", "MIL", "GOV", "OPP", "BUS", "CVL", None)


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a data file of the eventwire package, without comments and header."""
    text = (importlib.resources.files("eventwire") / "data" / name).read_text("utf-8")
    rows = list(
        csv.reader((ln for ln in text.splitlines() if not ln.startswith("#")), dialect="excel-tab")
    )
    return rows[1:]


def load_vocabulary(rng: random.Random) -> dict[str, list]:
    """Event types with quad classes, countries with capitals, and named actors."""
    types = [(r[1], int(r[2])) for r in read_tsv("event_rules.tsv") if r and r[0] == "quad"]
    countries = []
    for row in read_tsv("countries.tsv"):
        if len(row) >= 10 and row[3] == "state" and row[8] and row[9]:
            countries.append((row[0], row[2], row[6] or row[2], float(row[8]), float(row[9])))
    rng.shuffle(countries)  # which countries news names most: any, not the first letters
    people = []
    for i in range(600):
        code, *_ = pick(rng, countries)
        kind = "PERSON" if i % 3 else "ORG"
        name = f"{'Minister' if kind == 'PERSON' else 'Agency'} {chr(65 + i % 26)}. Name{i}"
        people.append((name, kind, code))
    return {"types": types, "countries": countries, "people": people}


def pick(rng: random.Random, items: list) -> object:
    """An item, the first ones far more often than the last (news names a few actors a lot).

    Item i is drawn with weight 1 / (i + 3): the first of 190 countries gets about 8%
    of the draws, the hundredth 0.2%.
    """
    key = (id(items), len(items))
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(itertools.accumulate(1 / (i + 3) for i in range(len(items))))
    return rng.choices(items, cum_weights=_CUMULATIVE[key])[0]


_CUMULATIVE: dict[tuple[int, int], list[float]] = {}


def synthetic_extractions(
    n_events: int, per_article: int = 10, seed: int = 7
) -> Iterator[Extraction]:
    """Yield articles holding ``n_events`` events in all, ``per_article`` each."""
    rng = random.Random(seed)
    vocab = load_vocabulary(rng)
    countries, people, types = vocab["countries"], vocab["people"], vocab["types"]
    articles = (n_events + per_article - 1) // per_article
    for number in range(articles):
        count = min(per_article, n_events - number * per_article)
        # Articles arrive roughly in publication order, as feeds deliver them.
        offset = min(DAYS - 1, number * DAYS // articles + rng.randrange(3))
        published = FIRST_DAY + timedelta(days=offset)
        cast = [pick(rng, countries) for _ in range(3)] + [pick(rng, people) for _ in range(3)]
        actors, parts, sentences = [], [], []
        for i, who in enumerate(cast):
            name, kind, code = (who[1], "COUNTRY", who[0]) if len(who) == 5 else who
            actors.append(Actor(f"A{i + 1}", name, kind, code, rng.choice(SECTORS)))
        text = ""
        events = []
        for seq in range(count):
            event_type, quad = rng.choice(types)
            actor, recipient = rng.sample(range(len(actors)), 2)
            place = pick(rng, countries)
            day = published - timedelta(days=rng.randrange(4))
            sentence = SENTENCE.format(
                actor=actors[actor].name,
                verb=VERBS[quad],
                recipient=actors[recipient].name,
                place=place[2],
                day=day.strftime("%B %d"),
            )
            start = len(text)
            text += sentence + " "
            end = start + len(sentence)
            sentences.append((start, end))
            roll = rng.random()
            if roll < 0.86:  # a day: begin = end = date
                when = dict(
                    date=day.isoformat(), date_begin=day.isoformat(), date_end=day.isoformat()
                )
            elif roll < 0.93:  # a month: a range
                month = day.isoformat()[:7]
                last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                when = dict(date=month, date_begin=f"{month}-01", date_end=last.isoformat())
            else:  # no date at all
                when = {}
            a_start = start
            a_end = a_start + len(actors[actor].name)
            r_start = sentence.index(actors[recipient].name, len(actors[actor].name)) + start
            r_end = r_start + len(actors[recipient].name)
            for key, (s, e) in ((actor, (a_start, a_end)), (recipient, (r_start, r_end))):
                parts.append((key, s, e))
            events.append(
                Event(
                    key=f"E{seq + 1}",
                    type=event_type,
                    quad_class=quad,
                    trigger=VERBS[quad].split()[0],
                    trigger_start=a_end + 1,
                    trigger_end=a_end + 1 + len(VERBS[quad].split()[0]),
                    sentence_start=start,
                    sentence_end=end,
                    actors=[_participant(actors[actor], text, a_start, a_end)],
                    recipients=[_participant(actors[recipient], text, r_start, r_end)],
                    modality=rng.choice(("asserted",) * 6 + ("scheduled", "reported", "negated")),
                    claimed_by=(
                        _participant(actors[0], text, a_start, a_end)
                        if rng.random() < 0.2
                        else None
                    ),
                    date_source="text" if when else "unknown",
                    place=place[2],
                    place_country=place[0],
                    lat=place[3],
                    lon=place[4],
                    confidence=round(rng.uniform(0.3, 0.95), 2),
                    evidence=[[start, end]],
                    **when,
                )
            )
        for i, actor in enumerate(actors):
            actor.mentions = [
                Mention(s, e, text[s:e], actor.key) for key, s, e in parts if key == i
            ][:3]
        capital = pick(rng, countries)
        body = text.strip()
        title = f"{actors[0].name} and {actors[1].name}: talks in {capital[2]}"
        yield Extraction(
            article=Article(
                text=body,
                title=title,
                url=f"https://news.example/{published.isoformat()}/{number}",
                published=published.isoformat(),
                published_source="meta",
                publisher=f"Wire {number % 40}",
                source=f"synthetic/{number}.json",
                format="jsonl",
                language="en",
                id=f"syn{number:08d}",
            ),
            actors=actors,
            places=[
                Place(s, e, text[s:e], capital[2], capital[0], capital[3], capital[4], "city")
                for s, e in _find(body, capital[2])[:1]
            ],
            events=events,
        )


def _participant(actor: Actor, text: str, start: int, end: int) -> EventActor:
    return EventActor(actor.name, start, end, actor.key, actor.name, actor.country, actor.sector)


def _find(text: str, needle: str) -> list[tuple[int, int]]:
    at = text.find(needle)
    return [] if at < 0 else [(at, at + len(needle))]


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    """Best wall time of ``runs`` calls (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def bench(target: str, n_events: int, per_article: int, runs: int) -> dict[str, object]:
    started = time.perf_counter()
    with Store.open(target) as store:
        write_s = analyze_s = None  # None: a kept store of the right size, not written again
        if store.stats()["events"] != n_events:
            report = store.save_many(synthetic_extractions(n_events, per_article))
            write_s = time.perf_counter() - started
            assert not report.failures, report.failures[:3]
            analyze_s, _ = best_of(1, store.analyze)
        stats = store.stats()
        assert stats["events"] == n_events, stats
        # A frequent actor and a one-month range in the middle of the two years.
        actor = next(iter(store.top_actors(limit=1)))["country"] or "USA"
        since, until = "2024-03-01", "2024-03-31"
        query_s, found = best_of(
            runs, lambda: store.events(actor=actor, since=since, until=until, limit=50)
        )
        timeline_s, timeline = best_of(runs, store.timeline)
        # The first page of `eventwire events` and of the web UI's events page.
        first_s, first = best_of(runs, lambda: store.events(limit=50))
    return {
        "write_s": write_s,
        "events_per_s": n_events / write_s if write_s else None,
        "analyze_s": analyze_s,
        "query": f"events(actor={actor!r}, since={since}, until={until}, limit=50)",
        "query_ms": query_s * 1000,
        "query_total": found["total"],
        "first_page_ms": first_s * 1000,
        "first_page_total": first["total"],
        "timeline_ms": timeline_s * 1000,
        "timeline_periods": len(timeline["periods"]),
        "timeline_events": sum(p["total"] for p in timeline["periods"]) + timeline["undated"],
        "rows": {k: stats[k] for k in ("articles", "events", "event_actors", "actors")},
    }


def print_result(name: str, result: dict[str, object]) -> None:
    print(f"\n{name}")
    print(f"  rows written         {result['rows']}")
    if result["write_s"] is None:
        print("  write                skipped: the kept store already holds these events")
    else:
        print(
            f"  write                {result['write_s']:.1f} s, "
            f"{result['events_per_s']:,.0f} events/s (then analyze {result['analyze_s']:.1f} s)"
        )
    print(
        f"  events query         {result['query_ms']:.1f} ms  (target < 100 ms; "
        f"{result['query']}, total {result['query_total']:,})"
    )
    print(
        f"  first page           {result['first_page_ms']:.1f} ms  (events(limit=50), no "
        f"filter, newest first, total {result['first_page_total']:,})"
    )
    print(
        f"  timeline aggregate   {result['timeline_ms']:.0f} ms  (target < 1000 ms; "
        f"{result['timeline_periods']} days, {result['timeline_events']:,} events)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to write")
    parser.add_argument("--per-article", type=int, default=10, help="events per article")
    parser.add_argument("--runs", type=int, default=5, help="query runs; the best counts")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL")
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--dir", type=Path, default=None, help="folder for the SQLite file")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="SQLite file to write and keep; a kept file of the right size is only queried",
    )
    args = parser.parse_args()
    print(
        f"eventwire store benchmark: {args.events:,} events, {args.per_article} per article; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"
    )
    for backend in args.backends.split(","):
        if backend == "sqlite" and args.keep is not None:
            result = bench(str(args.keep), args.events, args.per_article, args.runs)
            print_result(f"SQLite ({args.keep})", result)
        elif backend == "sqlite":
            with tempfile.TemporaryDirectory(dir=args.dir) as folder:
                result = bench(
                    str(Path(folder) / "bench.db"), args.events, args.per_article, args.runs
                )
            print_result(f"SQLite (file in {args.dir or tempfile.gettempdir()})", result)
        elif backend == "postgresql":
            import psycopg

            schema = f"ew_bench_{uuid.uuid4().hex[:8]}"
            url = f"{args.pg}{'&' if '?' in args.pg else '?'}schema={schema}"
            try:
                result = bench(url, args.events, args.per_article, args.runs)
                with psycopg.connect(args.pg) as conn:
                    version = conn.execute("SHOW server_version").fetchone()[0]
            finally:
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            print_result(f"PostgreSQL {version} ({args.pg})", result)
        else:
            parser.error(f"unknown backend {backend!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
