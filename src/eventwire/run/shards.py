"""Parquet shards: extraction results written by workers, loaded into a store later.

Reads and writes Parquet files in a shard directory. A distributed ingest
with ``--out DIR`` writes one shard per partition of its input, in a
subfolder of DIR per run (``DIR/<UTC time>-<random>/part-000000.parquet``, see
``eventwire.run.dask``); ``eventwire load DIR`` reads them all into the
store, in name order.

A shard holds one row per result, in the order the pipeline returned them:

    seq         int     position in the partition
    kind        string  "extraction" or "failure"
    article_id  string  the article id (null for a file that could not be read)
    record      string  the result as JSON: ``Extraction.to_dict()`` or ``Failure.to_dict()``

A shard is written to a hidden temporary file and renamed into place, so a
reader never sees half a shard, and a partition that is retried (its worker
died) overwrites its shard with the same rows. Loading is idempotent: articles
are saved by their stable ids, and a shard whose content was loaded before is
skipped (the store remembers each loaded shard's hash), so its failures are
not recorded twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import InputError
from eventwire.records import Extraction, Failure
from eventwire.store import Store

Result = Extraction | Failure

SHARD_SUFFIX = ".parquet"
# The kind under which the store's watched_files table remembers loaded shards.
SHARD_KIND = "shard"
_COLUMNS = ("seq", "kind", "article_id", "record")


def _schema():  # pyarrow is imported on use: plain ingest never needs it
    import pyarrow as pa

    return pa.schema(
        [
            ("seq", pa.int64()),
            ("kind", pa.string()),
            ("article_id", pa.string()),
            ("record", pa.string()),
        ]
    )


def write_shard(directory: Path | str, name: str, results: Sequence[Result]) -> Path:
    """Write ``results`` to ``directory/name.parquet`` atomically; return the shard's path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}{SHARD_SUFFIX}"
    rows = [_to_row(seq, result) for seq, result in enumerate(results)]
    table = pa.Table.from_pylist(rows, schema=_schema())
    # Hidden and unique per writer: load skips it, and two attempts of one
    # partition (a worker presumed dead that was only slow) never share a file.
    temporary = folder / f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with temporary.open("wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _to_row(seq: int, result: Result) -> dict[str, object]:
    if isinstance(result, Failure):
        kind, article_id = "failure", result.article_id
    else:
        kind, article_id = "extraction", result.article.id
    record = json.dumps(result.to_dict(), ensure_ascii=False)
    return {"seq": seq, "kind": kind, "article_id": article_id, "record": record}


def read_shard(path: Path | str) -> list[Result]:
    """Return the results stored in one shard, in their original order.

    Raises ``InputError`` when the file is not a shard written by eventwire.
    """
    import pyarrow.parquet as pq

    source = str(path)
    try:
        table = pq.read_table(source)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise InputError(
            source, f"cannot be read as Parquet ({exc}); remove it or write the shard again"
        ) from exc
    missing = [c for c in _COLUMNS if c not in table.column_names]
    if missing:
        raise InputError(
            source,
            f"is not an eventwire shard (no column {', '.join(missing)}); "
            "shards are written by 'eventwire ingest --out DIR'",
        )
    rows = sorted(table.select(list(_COLUMNS)).to_pylist(), key=lambda r: r["seq"])
    results: list[Result] = []
    for row in rows:
        data = json.loads(row["record"])
        if row["kind"] == "failure":
            results.append(Failure(**data))
        elif row["kind"] == "extraction":
            results.append(Extraction.from_dict(data))
        else:
            raise InputError(source, f"row {row['seq']} has unknown kind {row['kind']!r}")
    return results


def list_shards(directory: Path | str) -> list[Path]:
    """Return the shards under ``directory`` (one subfolder per ingest run) in name order.

    Hidden files, such as shards still being written, are left out.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(str(folder), "no such directory; give the --out DIR of an ingest")
    return sorted(
        p
        for p in folder.rglob(f"*{SHARD_SUFFIX}")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def hash_file(path: Path | str) -> str:
    """Return the SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class LoadSummary:
    """What ``load_shards`` did."""

    shards: int = 0  # shards read
    unchanged: int = 0  # shards skipped: loaded before with the same content
    new: int = 0
    updated: int = 0
    skipped: int = 0  # stored without extraction (not English)
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.shards} shards loaded ({self.unchanged} skipped: loaded before), "
            f"{self.new + self.updated + self.skipped} articles stored ({self.new} new, "
            f"{self.updated} already present, {self.skipped} not extracted: not English), "
            f"{self.failed} failures recorded"
        )


def load_shards(
    directory: Path | str,
    store: Store,
    on_failure: Callable[[Failure], None] | None = None,
) -> LoadSummary:
    """Load every shard in ``directory`` into ``store``; shards loaded before are skipped."""
    summary = LoadSummary()
    for path in list_shards(directory):
        key = str(path.resolve())
        stat = path.stat()
        digest = hash_file(path)
        known = store.watched_file(key, kind=SHARD_KIND)
        if known is not None and known["content_hash"] == digest:
            summary.unchanged += 1
            continue
        ids: list[str] = []
        failed = 0
        results = read_shard(path)
        for result, (outcome, failure) in zip(results, save_results(store, results), strict=True):
            if failure is not None:
                summary.failures.append(failure)
                if on_failure is not None:
                    on_failure(failure)
            if outcome == "failed":
                failed += 1
                continue
            ids.append(result.article.id)  # type: ignore[union-attr]
            summary.new += outcome == "new"
            summary.updated += outcome == "updated"
            summary.skipped += outcome == "skipped"
        store.record_watched_file(
            key,
            kind=SHARD_KIND,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            content_hash=digest,
            article_ids=ids,
            failures=failed,
        )
        summary.failed += failed
        summary.shards += 1
    return summary


def save_results(store: Store, results: Sequence[Result]) -> list[tuple[str, Failure | None]]:
    """Write many pipeline results to ``store``; see ``Store.save_results``."""
    return store.save_results(results)


def save_result(store: Store, result: Result) -> tuple[str, Failure | None]:
    """Write one pipeline result to ``store``; see ``Store.save_result``."""
    return store.save_result(result)
