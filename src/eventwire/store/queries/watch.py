"""The inputs processed incrementally: which files and shards were read, and when.

Reads and writes the ``watched_files`` table, for ``eventwire.run.watch``
(files in a watched folder) and ``eventwire.run.shards`` (loaded shards).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.tables import utc_now

_WATCHED_COLUMNS = "kind, path, size, mtime_ns, content_hash, article_ids, failures, processed_at"


class WatchQueries:
    """The part of ``Store`` that remembers processed inputs."""

    def watched_files(self, kind: str = "file") -> dict[str, dict[str, Any]]:
        """Return the processed inputs of a kind ('file' or 'shard'), keyed by path."""
        rows = self._read_watched("kind = ? ORDER BY path", (kind,))
        return {row["path"]: row for row in rows}

    def watched_file(self, path: str, kind: str = "file") -> dict[str, Any] | None:
        """Return what was recorded about one processed input, or None."""
        rows = self._read_watched("kind = ? AND path = ?", (kind, path))
        return rows[0] if rows else None

    def _read_watched(self, condition: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        rows = self._fetch(
            f"SELECT {_WATCHED_COLUMNS} FROM watched_files WHERE {condition}", params
        )
        for row in rows:
            row["article_ids"] = json.loads(row["article_ids"])
        return rows

    def record_watched_file(
        self,
        path: str,
        *,
        kind: str = "file",
        size: int,
        mtime_ns: int,
        content_hash: str,
        article_ids: Iterable[str] = (),
        failures: int = 0,
    ) -> None:
        """Record (or replace) that an input was processed, with the article ids read from it."""
        ids = json.dumps(sorted(set(article_ids)))
        try:
            with self._transaction():
                self._conn.execute(
                    f"INSERT INTO watched_files ({_WATCHED_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (kind, path) DO UPDATE SET size = excluded.size, "
                    "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, "
                    "article_ids = excluded.article_ids, failures = excluded.failures, "
                    "processed_at = excluded.processed_at",
                    (kind, path, size, mtime_ns, content_hash, ids, failures, utc_now()),
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot record processed input {path} in {self.path}: {exc}") from exc
