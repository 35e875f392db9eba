"""Near-duplicate detection's data: MinHash signatures of articles and duplicate links.

Reads and writes ``article_signatures`` and ``duplicate_links`` for
``eventwire.crossdoc.dedup``; reads ``articles`` (their texts to sign).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.errors import StoreError
from eventwire.store.filters import Where


class SignatureQueries:
    """The part of ``Store`` that keeps article signatures and duplicate links."""

    def articles_without_signature(
        self, scheme: str, batch: int = 500
    ) -> Iterator[list[tuple[str, str]]]:
        """Yield batches of ``(article id, text)`` with no MinHash signature of ``scheme``.

        Batches follow article ids, so signatures saved between two batches do
        not shift the next one.
        """
        last = ""
        while True:
            rows = self._fetch(
                "SELECT a.id, a.text FROM articles a LEFT JOIN article_signatures g "
                "ON g.article_id = a.id AND g.scheme = ? "
                "WHERE g.article_id IS NULL AND a.id > ? ORDER BY a.id LIMIT ?",
                (scheme, last, batch),
            )
            if not rows:
                return
            yield [(r["id"], r["text"]) for r in rows]
            last = rows[-1]["id"]

    def save_signatures(self, rows: Iterable[tuple[str, bytes]], scheme: str) -> None:
        """Store ``(article id, signature)`` pairs, replacing signatures of another scheme."""
        try:
            with self._transaction():
                self._conn.executemany(
                    "INSERT INTO article_signatures (article_id, scheme, signature) "
                    "VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                    "scheme = excluded.scheme, signature = excluded.signature",
                    [(article_id, scheme, signature) for article_id, signature in rows],
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot write signatures to {self.path}: {exc}") from exc

    def signatures(self, scheme: str) -> Iterator[tuple[str, str | None, bytes]]:
        """Yield ``(article id, published, signature)`` of every article signed with ``scheme``."""
        with self._snapshot():
            for row in self._stream(
                "SELECT g.article_id, a.published, g.signature FROM article_signatures g "
                "JOIN articles a ON a.id = g.article_id WHERE g.scheme = ? ORDER BY g.article_id",
                (scheme,),
            ):
                yield row["article_id"], row["published"], bytes(row["signature"])

    def replace_duplicate_links(self, links: Iterable[Any]) -> int:
        """Replace all duplicate links with ``links`` (objects with ``article_id``,
        ``canonical_id`` and ``similarity``, such as ``dedup.DuplicateLink``); return their number.
        """
        rows = [(x.article_id, x.canonical_id, float(x.similarity)) for x in links]
        try:
            with self._transaction():
                self._dialect.lock_tables(self._conn, "duplicate_links")
                self._conn.execute("DELETE FROM duplicate_links")
                self._conn.executemany(
                    "INSERT INTO duplicate_links (article_id, canonical_id, similarity) "
                    "VALUES (?, ?, ?)",
                    rows,
                )
        except self._dialect.errors as exc:
            raise StoreError(f"cannot write duplicate links to {self.path}: {exc}") from exc
        return len(rows)

    def duplicate_links(self, article_id: str | None = None) -> list[dict[str, Any]]:
        """List duplicate links (all, or those of the group ``article_id`` belongs to).

        Each dict has ``article_id``, ``canonical_id``, ``similarity`` and the
        duplicate's ``title``, ``published`` and ``url``, sorted by publication.
        """
        where = Where()
        if article_id:
            where.add(
                "d.canonical_id = COALESCE((SELECT canonical_id FROM duplicate_links "
                "WHERE article_id = ?), ?)",
                article_id,
                article_id,
            )
        return self._fetch(
            "SELECT d.article_id, d.canonical_id, d.similarity, a.title, a.published, a.url "
            f"FROM duplicate_links d JOIN articles a ON a.id = d.article_id {where.sql()} "
            "ORDER BY d.canonical_id, (a.published IS NULL), a.published, d.article_id",
            where.params,
        )
