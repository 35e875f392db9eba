"""Read articles stored as JSON: JSON Lines (one record a line) or one .json file.

Reads: a stream of JSON Lines bytes, read a line at a time (``read_jsonl_stream``:
no limit on the file, ``max_record_bytes`` on each line), or decoded text.
Each record is an object with the story text and optional metadata (id,
url, title, published, author, section, keywords). Yields one ``Article``
(format ``jsonl``, source ``path:line``) per record and a ``Failure`` naming
the line for each bad one (NUL bytes, not UTF-8, malformed JSON, too large,
no text), going on with the rest.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
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
REST_IS_READ = "the rest of the file is read"


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
        if line.strip():
            yield _read_line(line, f"{source}:{lineno}", published, min_language_chars)


def read_jsonl_stream(
    chunks: Iterable[bytes],
    source: str,
    encoding: str,
    max_record_bytes: int,
    published: str | None = None,
    min_language_chars: int = 40,
    ended_early: Callable[[], bool] = lambda: False,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or ``Failure`` for each non-blank line of a stream of bytes.

    Only one line is held at a time; a line longer than ``max_record_bytes``
    is skipped without being kept. ``ended_early()`` is asked once the
    chunks are exhausted: a stream cut short (truncated gzip) drops its last,
    partial line.
    """
    for lineno, raw in iter_lines(chunks, max_record_bytes, ended_early):
        where = f"{source}:{lineno}"
        if raw is None:
            yield Failure(
                where,
                "read",
                f"record is larger than max_record_bytes ({max_record_bytes:,} bytes); "
                f"split it or raise EVENTWIRE_MAX_RECORD_BYTES, {REST_IS_READ}",
            )
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        if b"\x00" in raw:
            yield Failure(
                where,
                "read",
                f"binary data (NUL bytes), not a JSON record; remove this line, {REST_IS_READ}",
            )
            continue
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            yield Failure(
                where,
                "read",
                f"not valid {encoding} text (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} "
                f"of the line); save the file as UTF-8, {REST_IS_READ}",
            )
            continue
        yield _read_line(line, where, published, min_language_chars)


def iter_lines(
    chunks: Iterable[bytes], limit: int, ended_early: Callable[[], bool] = lambda: False
) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, bytes)`` for each line of ``chunks``, split on ``\\n`` only.

    A line longer than ``limit`` bytes comes out as ``(number, None)`` and its
    bytes are dropped as they arrive. A last line without a newline is
    yielded unless ``ended_early()`` says the stream was cut.
    """
    buffer = bytearray()
    oversize = False
    lineno = 1
    for chunk in chunks:
        start = 0
        while (cut := chunk.find(b"\n", start)) >= 0:
            piece = chunk[start:cut]
            if oversize or len(buffer) + len(piece) > limit:
                yield lineno, None
            else:
                buffer += piece
                yield lineno, bytes(buffer)
            buffer.clear()
            oversize = False
            lineno += 1
            start = cut + 1
        if not oversize:
            buffer += chunk[start:]
            if len(buffer) > limit:
                oversize = True
                buffer.clear()
    if (buffer or oversize) and not ended_early():
        yield lineno, None if oversize else bytes(buffer)


def _read_line(
    line: str, where: str, published: str | None, min_language_chars: int
) -> Article | Failure:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Failure(where, "read", _describe_json_error(exc, "line"))
    return _read_record(record, where, published, min_language_chars)


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
    rest = REST_IS_READ if unit == "line" else "no records were read"
    return f"malformed JSON ({detail}); fix or remove this {unit}, {rest}"
