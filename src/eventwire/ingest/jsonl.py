"""Read articles stored as JSON: JSON Lines (one record a line) or one .json file.

Reads: decoded text. Each record is an object with the story text and
optional metadata (id, url, title, published, author, section, keywords).
Yields one ``Article`` (format ``jsonl``, source ``path:line``) per record and
a ``Failure`` for each malformed line or record, going on with the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from eventwire.errors import EmptyInputError, FormatError, InputError
from eventwire.ingest.common import build_article
from eventwire.records import Article, Failure

# Field names that article dumps use for the same thing, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articleBody", "article_body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "published": (
        "published", "date", "published_at", "publish_date", "date_publish",
        "datePublished", "pubDate", "timestamp",
    ),
    "author": ("author", "authors", "byline", "creator"),
    "section": ("section", "category", "categories"),
    "publisher": ("publisher", "sitename", "site_name", "source_domain"),
    "keywords": ("keywords", "tags"),
    "image_url": ("image_url", "image", "image_url_main"),
    "subtitle": ("subtitle", "dek", "description", "summary"),
}  # fmt: skip


def parse_jsonl(
    text: str,
    source: str,
    published: str | None = None,
    min_language_chars: int = 40,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or ``Failure`` for each non-blank line of ``text``."""
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and other
    # characters that splitlines() would break a record on.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Failure(where, "read", _describe_json_error(exc, "line"))
            continue
        yield _read_record(record, where, published, min_language_chars)


def parse_json(
    text: str,
    source: str,
    published: str | None = None,
    min_language_chars: int = 40,
) -> Iterator[Article | Failure]:
    """Yield the articles of a .json file holding one record or a list of records."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            # Several objects one after another: JSON Lines with a .json name.
            yield from parse_jsonl(text, source, published, min_language_chars)
            return
        yield Failure(f"{source}:{exc.lineno}", "read", _describe_json_error(exc, "file"))
        return
    if isinstance(data, list):
        if not data:
            yield Failure(source, "read", "empty JSON list, no records to read")
        for number, record in enumerate(data, start=1):
            yield _read_record(record, f"{source}#record-{number}", published, min_language_chars)
    else:
        yield _read_record(data, source, published, min_language_chars)


def _read_record(
    record: Any, where: str, published: str | None, min_language_chars: int
) -> Article | Failure:
    try:
        return article_from_record(record, where, published, min_language_chars)
    except InputError as exc:
        return Failure(exc.source, "read", exc.reason)


def article_from_record(
    record: Any, source: str, published: str | None = None, min_language_chars: int = 40
) -> Article:
    """Return the ``Article`` a JSON record describes, or raise an ``InputError``."""
    if not isinstance(record, dict):
        raise FormatError(
            source,
            f"a JSON {type(record).__name__} where an article object was expected; "
            'give one object per line like {"title": ..., "text": ...}',
        )
    fields = {name: _first_value(record, aliases) for name, aliases in FIELD_ALIASES.items()}
    text = fields.pop("text")
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError(source, "record has no article text; put the story in a 'text' field")
    return build_article(
        text=text,
        source=source,
        fmt="jsonl",
        published=fields.pop("published"),
        published_source="metadata",
        fallback_published=published,
        min_language_chars=min_language_chars,
        author=_names(fields.pop("author")),
        section=_first_item(fields.pop("section")),
        **fields,
    )


def _first_value(record: dict[str, Any], aliases: tuple[str, ...]) -> Any:
    for key in aliases:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _names(value: Any) -> Any:
    """Author as text: lists of names or of {"name": ...} objects are joined."""
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        names = [v.get("name") if isinstance(v, dict) else v for v in value]
        return [n for n in names if isinstance(n, str)]
    return value


def _first_item(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _describe_json_error(exc: ValueError, unit: str) -> str:
    detail = f"{exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else exc
    rest = "the rest of the file is read" if unit == "line" else "no records were read"
    return f"malformed JSON ({detail}); fix or remove this {unit}, {rest}"
