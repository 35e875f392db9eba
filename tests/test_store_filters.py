"""EventQuery: the filters of ``Store.events`` given as one object or as keywords.

Runs on a real SQLite store holding a few hand-built events that differ in
type, participants, date, modality and place.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from eventwire.records import Article, Event, EventActor, Extraction
from eventwire.store import EventQuery, Store

TEXT = (
    "Ukraine attacked a depot near Belgorod. Russia and Ukraine met in Istanbul. "
    "The United States will visit Kyiv next week."
)


def _participant(words: str, country: str) -> EventActor:
    start = TEXT.index(words)
    return EventActor(words, start, start + len(words), None, words, country)


# key, type, quad class, trigger, actor, recipient, more fields
EVENTS = [
    ("E1", "ASSAULT", 4, "attacked", ("Ukraine", "UKR"), None, {"date": "2024-03-02"}),
    (
        "E2",
        "CONSULT",
        1,
        "met",
        ("Russia", "RUS"),
        ("Ukraine", "UKR"),
        {"date_begin": "2024-03-05", "date_end": "2024-03-07", "place": "Istanbul"},
    ),
    (
        "E3",
        "CONSULT",
        1,
        "visit",
        ("The United States", "USA"),
        None,
        {"modality": "scheduled", "date": "2024-04-10", "date_source": "text"},
    ),
]
PLACE_COUNTRIES = {"E1": ("Belgorod", "RUS"), "E2": ("Istanbul", "TUR")}


def _event(key, type, quad, trigger, actor, recipient, fields) -> Event:
    start = TEXT.index(trigger)
    place, country = PLACE_COUNTRIES.get(key, (None, None))
    return Event(
        key=key,
        type=type,
        quad_class=quad,
        trigger=trigger,
        trigger_start=start,
        trigger_end=start + len(trigger),
        sentence_start=TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0,
        sentence_end=TEXT.index(".", start) + 1,
        actors=[_participant(*actor)],
        recipients=[_participant(*recipient)] if recipient else [],
        **({"place": place, "place_country": country} | fields),
    )


@pytest.fixture
def store(tmp_path: Path):
    article = Article(text=TEXT, title="Three events", published="2024-03-08", source="t.txt")
    with Store.open(tmp_path / "eventwire.db") as opened:
        opened.save(Extraction(article=article, events=[_event(*row) for row in EVENTS]))
        yield opened


QUERIES = [
    {},
    {"type": "consult"},
    {"actor": "ukr"},
    {"actor": "russia", "since": "2024-03-01", "until": "2024-03-31"},
    {"recipient": "UKR"},
    {"country": "tur"},
    {"modality": "scheduled"},
    {"since": "2024-03-06"},
    {"until": "2024-03-04"},
    {"text": "depot"},
    {"quad_class": 1},
    {"place": "istan"},
    {"involving": "Ukraine"},
    {"type": "CONSULT", "country": "USA", "since": "2024-04-01"},
]


@pytest.mark.parametrize("filters", QUERIES, ids=[",".join(q) or "none" for q in QUERIES])
@pytest.mark.parametrize("sort", ["-date", "type"])
def test_store_filters_event_query_matches_keywords(store: Store, filters: dict, sort: str) -> None:
    by_keywords = store.events(**filters, sort=sort)
    by_query = store.events(EventQuery(**filters), sort=sort)
    assert by_query == by_keywords


def test_store_filters_event_query_finds_what_it_names(store: Store) -> None:
    def keys(query: EventQuery) -> list[str]:
        return sorted(item["key"] for item in store.events(query)["items"])

    assert keys(EventQuery()) == ["E1", "E2", "E3"]
    assert keys(EventQuery(actor="UKR")) == ["E1"]
    assert keys(EventQuery(recipient="ukraine")) == ["E2"]
    assert keys(EventQuery(country="RUS")) == ["E1", "E2"]
    # E2 lasts from the 5th to the 7th: it overlaps a range starting on the 6th
    assert keys(EventQuery(since="2024-03-06", until="2024-03-31")) == ["E2"]
    assert keys(EventQuery(modality="scheduled", type="consult")) == ["E3"]


def test_store_filters_event_query_is_frozen_and_exclusive(store: Store) -> None:
    query = EventQuery(type="ASSAULT")
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.type = "CONSULT"  # type: ignore[misc]
    with pytest.raises(TypeError, match="not both"):
        store.events(query, actor="UKR")
    with pytest.raises(TypeError):
        store.events(colour="red")
