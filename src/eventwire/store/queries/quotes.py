"""Reads of quotes: who said what, with the speaking actor and the article.

Reads ``quotes``, ``actors`` (the speaker resolved to an actor) and
``articles``; writes nothing.
"""

from __future__ import annotations

from typing import Any

from eventwire.store.filters import Where, like_pattern
from eventwire.store.tables import select_sql


def _quote_filters(speaker: str | None, article_id: str | None) -> Where:
    """Quotes by a speaker (words as written or the actor's name) in an article (aliases q, ac)."""
    where = Where()
    if speaker:
        pattern = like_pattern(speaker)
        where.add(
            "(LOWER(q.speaker_name) LIKE ? ESCAPE '\\' OR LOWER(ac.name) LIKE ? ESCAPE '\\')",
            pattern,
            pattern,
        )
    return where.equal("q.article_id", article_id)


class QuoteQueries:
    """The part of ``Store`` that reads quotes."""

    def quotes(
        self,
        speaker: str | None = None,
        article_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """List quotes, newest article first, with their article and speaking actor.

        ``speaker`` matches a case-insensitive substring of the speaker as written
        or of the speaking actor's canonical name.
        """
        where = _quote_filters(speaker, article_id)
        return self._newest_first(
            f"SELECT {select_sql('quotes', 'q')}, ac.name AS actor_name, ac.type AS actor_type, "
            "ac.country AS actor_country, ar.title, ar.published, ar.url "
            "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
            "LEFT JOIN actors ac ON ac.article_id = q.article_id AND ac.key = q.speaker_key",
            where,
            "q",
            limit,
            offset,
            flags=("direct",),
        )

    def count_quotes(self, speaker: str | None = None, article_id: str | None = None) -> int:
        """Count the quotes that ``quotes(...)`` lists."""
        where = _quote_filters(speaker, article_id)
        return self._scalar(
            "SELECT COUNT(*) FROM quotes q LEFT JOIN actors ac ON ac.article_id = q.article_id "
            f"AND ac.key = q.speaker_key {where.sql()}",
            where.params,
        )
