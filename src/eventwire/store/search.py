"""Full-text search over article titles and texts, in the FTS5 query syntax on both backends.

Reads the ``articles_fts`` index (SQLite) or the ``articles.search`` tsvector
(PostgreSQL); writes nothing. The documented query syntax is SQLite's FTS5:
words (all required), "phrases", ``prefix*``, ``AND``, ``OR``, ``NOT``,
parentheses and column filters (``title:``). PostgreSQL gets the same queries
through ``fts5_to_tsquery``, a small parser that translates them into
``to_tsquery`` input. (PostgreSQL's own ``websearch_to_tsquery`` has no
prefix search, ``NOT`` between terms, parentheses or column filters, so it
cannot stand in for it without changing what the documented queries find.)
``Searching`` is the part of ``Store`` that runs a search.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from eventwire.errors import StoreError

# Markers around matches in search_page snippets: control characters never found in text.
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"

_SEARCH_HINT = (
    'put words that contain punctuation in double quotes ("Kyiv-based"), '
    'quote a phrase as a whole ("foreign minister"), or use eventwire.store.quote_query '
    "to match the words literally"
)
# sqlite3 messages that mean the MATCH expression itself is malformed
FTS_SYNTAX_ERRORS = ("fts5", "syntax error", "no such column", "unterminated string", "unknown")
# The columns full-text search indexes, and the PostgreSQL weight their words carry.
_FTS_WEIGHTS = {"title": "A", "text": "B"}
_FTS_KEYWORDS = ("AND", "OR", "NOT")


def quote_query(query: str) -> str:
    """Return ``query`` as an FTS5 query that matches each word literally (all words required)."""
    words = query.split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class _SearchSyntaxError(ValueError):
    """A full-text query that is not valid FTS5 syntax (raised before PostgreSQL sees it)."""


class SearchSQL(NamedTuple):
    """The dialect-specific parts of a full-text query over articles (alias ``a``)."""

    source: str  # FROM ... WHERE ...: the matching articles
    params: list[Any]  # parameters of source
    snippet: str  # expression: matched words in context
    snippet_params: list[Any]
    score: str  # expression: relevance, higher is better
    order: str  # ORDER BY terms, best match first


class Searching:
    """The part of ``Store`` that runs full-text queries (the dialect writes their SQL)."""

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over article titles and texts, best match first.

        ``query`` uses FTS5 syntax: words (all required), ``"a phrase"``, ``OR``,
        ``NOT``, ``prefix*``, ``title:word``; PostgreSQL stores accept the same
        (``fts5_to_tsquery``), except ``NEAR`` and ``^``. Words are stemmed
        (``sanction`` finds ``sanctions``). Each dict has the article's id, title, published date,
        publisher, url, a ``snippet`` with matches in [brackets], and ``score``
        (higher is better). A malformed query raises ``StoreError`` saying how
        to quote it.
        """
        if not query.strip():
            return []
        return self._search(query, limit, offset, "[", "]", count=False)["items"]

    def _search(
        self, query: str, limit: int, offset: int, open_mark: str, close_mark: str, count: bool
    ) -> dict[str, Any]:
        """Run a full-text query: ``{"total": n or None, "items": [...]}``, best match first."""
        try:
            found = self._dialect.search_sql(query, open_mark, close_mark)
            with self._snapshot():
                total = None
                if count:
                    total = self._conn.execute(
                        f"SELECT COUNT(*) {found.source}", found.params
                    ).fetchone()[0]
                cursor = self._conn.execute(
                    "SELECT a.id, a.title, a.published, a.publisher, a.url, a.status, "
                    f"{found.snippet} AS snippet, {found.score} AS score {found.source} "
                    f"ORDER BY {found.order}, a.id LIMIT ? OFFSET ?",
                    [*found.snippet_params, *found.params, limit, offset],
                )
                names = [d[0] for d in cursor.description]
                items = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except (_SearchSyntaxError, *self._dialect.errors) as exc:
            if isinstance(exc, _SearchSyntaxError) or self._dialect.is_search_syntax_error(exc):
                raise StoreError(
                    f"search query {query!r} is not valid full-text syntax ({exc}); "
                    f"{_SEARCH_HINT}, e.g. {quote_query(query)}"
                ) from exc
            raise StoreError(f"cannot search {self.path}: {exc}") from exc
        return {"total": total, "items": items}

    def search_page(self, query: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Full-text search like ``search`` with the total count of matching articles.

        Each item's ``snippet`` marks matches with ``SNIPPET_OPEN`` and
        ``SNIPPET_CLOSE`` (control characters that do not occur in article
        text), so a caller can escape the text and then mark the matches.
        """
        if not query.strip():
            return {"total": 0, "items": []}
        return self._search(query, limit, offset, SNIPPET_OPEN, SNIPPET_CLOSE, count=True)


def fts5_to_tsquery(query: str) -> str:
    """Translate a full-text query in FTS5 syntax into ``to_tsquery`` input for PostgreSQL.

    Both backends thus accept the same queries: words (all required), "phrases",
    ``prefix*``, ``AND``, ``OR``, ``NOT``, parentheses and column filters
    (``title:``, ``text:``, ``{title text}:``, ``-title:``). ``NEAR`` and ``^``
    have no PostgreSQL equivalent and are refused. Raises ``_SearchSyntaxError``
    where FTS5 reports a syntax error, so a malformed query fails the same way on
    both. Returns "" for a query with no words (it matches nothing).
    """
    return _Fts5Parser(_fts5_tokens(query)).parse() or ""


def _is_bareword_char(char: str) -> bool:
    # FTS5 barewords: ASCII letters and digits, underscore, substitute, any non-ASCII.
    return char.isascii() and (char.isalnum() or char in "_\x1a") or not char.isascii()


def _fts5_tokens(query: str) -> list[tuple[str, str]]:
    """Split an FTS5 query into (kind, text) tokens: word, string, keyword or punctuation."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char in " \t\n\r\f\v":
            i += 1
        elif char == '"':
            parts, j = [], i + 1
            while True:
                k = query.find('"', j)
                if k < 0:
                    raise _SearchSyntaxError("unterminated string")
                parts.append(query[j:k])
                if not query.startswith('"', k + 1):
                    break
                parts.append('"')  # "" inside a string is one double quote
                j = k + 2
            tokens.append(("string", "".join(parts)))
            i = k + 1
        elif _is_bareword_char(char):
            j = i
            while j < len(query) and _is_bareword_char(query[j]):
                j += 1
            word = query[i:j]
            tokens.append(("keyword" if word in _FTS_KEYWORDS else "word", word))
            i = j
        elif char in "()*:+^{}-,":
            tokens.append((char, char))
            i += 1
        else:
            raise _SearchSyntaxError(f'syntax error near "{char}"')
    return tokens


class _Fts5Parser:
    """Recursive descent over FTS5 tokens, building tsquery text (None: matches nothing).

    FTS5 precedence, tightest first: NOT, AND (also implied between terms), OR.
    """

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def parse(self) -> str | None:
        if not self.tokens:
            return None
        result = self.parse_or(set(_FTS_WEIGHTS.values()))
        if self.at < len(self.tokens):
            raise _SearchSyntaxError(f'syntax error near "{self.tokens[self.at][1]}"')
        return result

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, kind: str) -> str:
        found, text = self.peek()
        if found != kind:
            raise _SearchSyntaxError(f'syntax error near "{text}"')
        self.at += 1
        return text

    def parse_or(self, weights: set[str]) -> str | None:
        result = self.parse_and(weights)
        while self.peek() == ("keyword", "OR"):
            self.at += 1
            right = self.parse_and(weights)
            if result is None or right is None:
                result = right if result is None else result
            else:
                result = f"({result} | {right})"
        return result

    def parse_and(self, weights: set[str]) -> str | None:
        result = self.parse_not(weights)
        while True:
            kind, text = self.peek()
            if (kind, text) == ("keyword", "AND"):
                self.at += 1
            elif kind not in ("word", "string", "(", "{", "-", "^"):
                return result
            right = self.parse_not(weights)
            result = None if result is None or right is None else f"({result} & {right})"

    def parse_not(self, weights: set[str]) -> str | None:
        result = self.parse_primary(weights)
        while self.peek() == ("keyword", "NOT"):
            self.at += 1
            right = self.parse_primary(weights)
            if result is not None and right is not None:
                result = f"({result} & !{right})"
        return result

    def parse_primary(self, weights: set[str]) -> str | None:
        kind, text = self.peek()
        if kind == "(":
            self.at += 1
            result = self.parse_or(weights)
            self.take(")")
            return result
        following = self.tokens[self.at + 1][0] if self.at + 1 < len(self.tokens) else "end"
        if kind == "^" or (kind, text, following) == ("word", "NEAR", "("):
            raise _SearchSyntaxError(f"{text} queries are not supported by the PostgreSQL store")
        if kind in ("{", "-") or (kind, following) == ("word", ":"):
            return self.parse_primary(weights & self.parse_columns())
        return self.parse_phrase(weights)

    def parse_columns(self) -> set[str]:
        """Read a column filter (``title:``, ``{title text}:``, ``-text:``); return its weights."""
        exclude = self.peek()[0] == "-"
        if exclude:
            self.at += 1
        if self.peek()[0] == "{":
            self.at += 1
            names = []
            while self.peek()[0] == "word":
                names.append(self.take("word"))
            self.take("}")
        else:
            names = [self.take("word")]
        self.take(":")
        for name in names:
            if name not in _FTS_WEIGHTS:
                raise _SearchSyntaxError(f"no such column: {name}")
        chosen = {_FTS_WEIGHTS[n] for n in names}
        return set(_FTS_WEIGHTS.values()) - chosen if exclude else chosen

    def parse_phrase(self, weights: set[str]) -> str | None:
        """Read ``term [*] (+ term [*])*``: words that must follow each other."""
        parts: list[str | None] = []
        while True:
            kind, text = self.peek()
            if kind not in ("word", "string"):
                raise _SearchSyntaxError(f'syntax error near "{text}"')
            self.at += 1
            prefix = self.peek()[0] == "*"
            if prefix:
                self.at += 1
            parts.append(_tsquery_term(text, prefix, weights))
            if self.peek()[0] != "+":
                break
            self.at += 1
        if not weights or any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _tsquery_term(text: str, prefix: bool, weights: set[str]) -> str | None:
    """Quote words for to_tsquery, which stems them; several words become a phrase."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    marks = "".join(sorted(weights)) if weights != set(_FTS_WEIGHTS.values()) else ""

    def quoted(word: str, star: bool) -> str:
        flags = ("*" if star else "") + marks
        escaped = word.replace("\\", "\\\\").replace("'", "''")
        return f"'{escaped}'" + (":" + flags if flags else "")

    if prefix:  # FTS5 applies * to the last word of a phrase only
        return " <-> ".join(quoted(w, i == len(words) - 1) for i, w in enumerate(words))
    return quoted(text, False)
