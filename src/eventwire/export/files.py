"""Export the store to files: JSON Lines, CSV or Parquet.

Reads a ``Store``; writes one file (or stream) per call.

* ``jsonl``: one full ``Extraction`` dict per line (``Extraction.from_dict``
  reads it back), sorted by article id, so two exports of the same database
  are byte-identical.
* ``plover``: one PLOVER JSON record per event (field names of the PLOVER
  manual, see ``eventwire.export.plover``), sorted by article id and event key.
* ``csv`` and ``parquet``: one flat table per call (``articles``, ``actors``,
  ``mentions``, ``quotes``, ``places``, ``times``, ``entities``, ``events``,
  ``event_actors``, ``failures``), columns as in the database (see
  ``Store.table_columns``). In CSV, lists are JSON arrays, booleans
  ``true``/``false`` and missing values empty; Parquet keeps real types.

``min_confidence`` (the CLI passes ``Settings.min_confidence`` unless
``--all``) leaves out the events below that confidence: from each extraction
(jsonl), from the PLOVER records, and from the ``events`` and
``event_actors`` tables; the other tables are exported whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from eventwire.records import Extraction
from eventwire.store import TABLES, Store

FORMATS = ("jsonl", "plover", "csv", "parquet")
EXPORT_TABLES = tuple(TABLES)
# Rows per Parquet row group: bounds memory use on large databases.
PARQUET_BATCH = 10_000


def export(
    store: Store,
    fmt: str,
    out: Path | str | IO[Any],
    table: str = "articles",
    min_confidence: float | None = None,
) -> int:
    """Write ``table`` (csv, parquet) or all extractions (jsonl) to ``out``; return rows written.

    ``out`` is a path or an open stream: a text stream for jsonl and csv, a
    binary stream for parquet. Events below ``min_confidence`` are left out
    (None: all). Raises ValueError for an unknown format or table.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")
    if fmt == "plover":
        with _open_text(out) as stream:
            return write_plover(store, stream, min_confidence)
    if fmt == "jsonl":
        if table != "articles":
            raise ValueError(
                f"jsonl exports whole articles with everything extracted from them; "
                f"table {table!r} applies to csv and parquet only"
            )
        with _open_text(out) as stream:
            return write_jsonl(store, stream, min_confidence)
    if fmt == "csv":
        with _open_text(out) as stream:
            return write_csv(store, table, stream, min_confidence)
    return write_parquet(store, table, out, min_confidence)


def _extractions(store: Store, min_confidence: float | None) -> Iterator[Extraction]:
    """The store's extractions, sorted by article id, without events below the cut."""
    for extraction in store.iter_extractions():
        yield extraction.without_events_below(min_confidence)


def write_jsonl(store: Store, stream: TextIO, min_confidence: float | None = None) -> int:
    """Write one Extraction dict per line, sorted by article id."""
    count = 0
    for extraction in _extractions(store, min_confidence):
        stream.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_plover(store: Store, stream: TextIO, min_confidence: float | None = None) -> int:
    """Write one PLOVER record per event, sorted by article id and event key."""
    from eventwire.export.plover import to_plover

    count = 0
    for extraction in _extractions(store, min_confidence):
        ids = store.actor_ids_of(extraction.article.id)
        for event in sorted(extraction.events, key=lambda e: int(e.key[1:] or 0)):
            record = to_plover(extraction, event, ids)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(store: Store, table: str, stream: TextIO, min_confidence: float | None = None) -> int:
    """Write a flat table as CSV with a header row."""
    columns = store.table_columns(table)
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in columns])
    count = 0
    for row in store.iter_rows(table, min_confidence=min_confidence):
        writer.writerow([_format_csv(row[name]) for name, _ in columns])
        count += 1
    return count


def write_parquet(
    store: Store, table: str, out: Path | str | IO[bytes], min_confidence: float | None = None
) -> int:
    """Write a flat table as Parquet with a typed schema (also when the table is empty)."""
    if isinstance(out, io.TextIOBase):
        raise ValueError("parquet is binary: pass a file path or a stream opened in 'wb' mode")
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    columns = store.table_columns(table)
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    sink = str(out) if isinstance(out, Path) else out
    count = 0
    with pq.ParquetWriter(sink, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in store.iter_rows(table, min_confidence=min_confidence):
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _format_csv(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


@contextmanager
def _open_text(out: Path | str | IO[Any]) -> Iterator[TextIO]:
    """Yield a text stream for ``out``, opening (and closing) it when it is a path."""
    if isinstance(out, str | Path):
        # newline="" lets the csv module write its own line endings, and keeps
        # jsonl lines "\n" on every platform.
        with open(out, "w", encoding="utf-8", newline="") as stream:
            yield stream
    else:
        yield out
