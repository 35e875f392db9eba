"""Export tests: write each format from a real store, read it back with its own reader.

The ``store`` fixture runs each test on both backends (SQLite and PostgreSQL, see
``backends.py``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from backends import store_target  # noqa: F401  (fixture)

from eventwire.export import export
from eventwire.records import (
    Actor,
    Article,
    Event,
    EventActor,
    Extraction,
    Mention,
    Place,
    Quote,
    TimeExpr,
)
from eventwire.store import Store

TEXT_1 = 'Chancellor Olaf Scholz visited Paris on Monday. "Europe must act," Scholz said.'
TEXT_2 = "The United Nations met in Geneva, Switzerland, in March 2023."


def build_extractions() -> list[Extraction]:
    scholz = Actor(
        "A1",
        "Olaf Scholz",
        "PERSON",
        "DEU",
        "GOV",
        "Chancellor",
        mentions=[
            Mention(11, 22, "Olaf Scholz", "A1"),
            Mention(67, 73, "Scholz", "A1", "surname"),
        ],
    )
    first = Extraction(
        article=Article(
            text=TEXT_1, title="Scholz in Paris", published="2024-03-04", keywords=["eu", "été"]
        ),
        actors=[scholz],
        places=[Place(31, 36, "Paris", "Paris", "FRA", 48.85341, 2.3488, "city", 2988507)],
        times=[TimeExpr(40, 46, "Monday", "DATE", "2024-03-04", "day")],
        quotes=[Quote(49, 65, "Europe must act,", True, "A1", "Scholz", 67, 73, "said", 74, 78)],
        events=[
            Event(
                key="E1",
                type="DEMAND",
                quad_class=1,
                trigger="said",
                trigger_start=74,
                trigger_end=78,
                sentence_start=48,
                sentence_end=79,
                actors=[EventActor("Scholz", 67, 73, "A1", "Olaf Scholz", "DEU", "GOV")],
                size={"people": 3},
                evidence=[[48, 79]],
            )
        ],
    )
    second = Extraction(
        article=Article(text=TEXT_2, title=None, published=None),
        actors=[
            Actor(
                "A1",
                "United Nations",
                "IGO",
                None,
                "IGO",
                None,
                mentions=[Mention(4, 18, "United Nations", "A1")],
            )
        ],
        places=[
            Place(26, 32, "Geneva", "Geneva", "CHE", 46.20222, 6.14569, "city", 2660646),
            Place(34, 45, "Switzerland", "Switzerland", "CHE", None, None, "country", None),
        ],
        times=[TimeExpr(50, 60, "March 2023", "DATE", "2023-03", "month", anchored=False)],
        status="ok",
    )
    return [first, second]


@pytest.fixture
def store(store_target: str):  # noqa: F811
    with Store.open(store_target) as opened:
        for extraction in build_extractions():
            opened.save(extraction)
        yield opened


def test_export_jsonl_reads_back_as_extractions(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export(store, "jsonl", out) == 2
    lines = out.read_text("utf-8").splitlines()
    loaded = [Extraction.from_dict(json.loads(line)) for line in lines]
    expected = sorted(build_extractions(), key=lambda e: e.article.id)
    assert loaded == expected
    assert "été" in out.read_text("utf-8")  # written as UTF-8, not \u escapes


def test_export_jsonl_is_deterministic(store: Store, tmp_path: Path) -> None:
    export(store, "jsonl", tmp_path / "one.jsonl")
    # saving again changes ingested_at but not the exported extractions
    for extraction in reversed(build_extractions()):
        store.save(extraction)
    stream = io.StringIO()
    export(store, "jsonl", stream)
    assert stream.getvalue() == (tmp_path / "one.jsonl").read_text("utf-8")


@pytest.mark.parametrize(
    "table",
    ["articles", "actors", "mentions", "quotes", "places", "times", "events", "event_actors"],
)
def test_export_csv_matches_store_rows(store: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    written = export(store, "csv", out, table=table)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = list(store.iter_rows(table))
    assert written == len(rows) == len(expected) > 0
    assert list(rows[0]) == [name for name, _ in store.table_columns(table)]
    for row, want in zip(rows, expected, strict=True):
        for name, kind in store.table_columns(table):
            value = want[name]
            if value is None:
                assert row[name] == ""
            elif kind == "bool":
                assert row[name] == ("true" if value else "false")
            elif kind == "list":
                assert json.loads(row[name]) == value
            elif kind in ("int", "float"):
                assert type(value)(row[name]) == value
            else:
                assert row[name] == value


def test_export_csv_keeps_text_with_newlines_and_quotes(tmp_path: Path) -> None:
    text = 'Line one, with a comma.\nLine "two".'
    with Store.open(tmp_path / "nl.db") as store:
        store.save(Extraction(article=Article(text=text, title='Quotes, "and" commas')))
        stream = io.StringIO(newline="")
        export(store, "csv", stream, table="articles")
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert rows[0]["text"] == text
    assert rows[0]["title"] == 'Quotes, "and" commas'


@pytest.mark.parametrize(
    "table",
    ["articles", "actors", "mentions", "quotes", "places", "times", "events", "event_actors"],
)
def test_export_parquet_matches_store_rows(store: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    written = export(store, "parquet", out, table=table)
    read = pq.read_table(out)
    assert read.column_names == [name for name, _ in store.table_columns(table)]
    assert read.to_pylist() == list(store.iter_rows(table))
    assert written == read.num_rows > 0


def test_export_parquet_types_and_empty_table(store: Store, tmp_path: Path) -> None:
    export(store, "parquet", tmp_path / "places.parquet", table="places")
    schema = pq.read_schema(tmp_path / "places.parquet")
    assert str(schema.field("lat").type) == "double"
    assert str(schema.field("geonameid").type) == "int64"
    export(store, "parquet", tmp_path / "articles.parquet", table="articles")
    assert (
        str(pq.read_schema(tmp_path / "articles.parquet").field("keywords").type)
        == "list<element: string>"
    )
    # an empty table still gets a typed file
    assert export(store, "parquet", tmp_path / "failures.parquet", table="failures") == 0
    empty = pq.read_table(tmp_path / "failures.parquet")
    assert empty.num_rows == 0 and "message" in empty.column_names


def test_export_parquet_to_binary_stream(store: Store) -> None:
    buffer = io.BytesIO()
    export(store, "parquet", buffer, table="actors")
    buffer.seek(0)
    names = pq.read_table(buffer).column("name").to_pylist()
    assert names == [row["name"] for row in store.iter_rows("actors")]
    assert sorted(names) == ["Olaf Scholz", "United Nations"]


@pytest.mark.parametrize(
    ("fmt", "table", "message"),
    [
        (
            "xlsx",
            "articles",
            "unknown export format 'xlsx'; choose one of jsonl, plover, csv, parquet",
        ),
        ("csv", "people", "unknown table 'people'"),
        ("jsonl", "actors", "jsonl exports whole articles"),
    ],
)
def test_export_rejects_unknown_format_or_table(
    store: Store, tmp_path: Path, fmt: str, table: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        export(store, fmt, tmp_path / "x.out", table=table)
    assert not (tmp_path / "x.out").exists()


def test_export_parquet_refuses_text_stream(store: Store) -> None:
    with pytest.raises(ValueError, match="binary"):
        export(store, "parquet", io.StringIO(), table="actors")
