"""Read inputs of any supported format into ``Article`` records.

Reads: paths (files, directories, .gz files), raw bytes or a string.
Yields ``Article`` records, and a ``Failure`` (stage "read") for every input,
record or feed entry that cannot be read; a bad input never stops the rest.
Formats: scraped or plain text, HTML pages, JSON Lines / JSON, RSS/Atom feeds,
each optionally gzipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from eventwire.errors import FormatError, InputError, InputTooLargeError
from eventwire.ingest.dates import normalize_published
from eventwire.ingest.decode import decode_text, gunzip_limited, is_gzip
from eventwire.ingest.feed import parse_feed
from eventwire.ingest.files import iter_input_files
from eventwire.ingest.html import parse_html
from eventwire.ingest.jsonl import parse_json, parse_jsonl
from eventwire.ingest.sniff import detect_format, strip_gzip_suffix
from eventwire.ingest.text import parse_text
from eventwire.records import Article, Failure
from eventwire.settings import Settings

log = logging.getLogger(__name__)

READ = "read"


def read_paths(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    published: str | None = None,
) -> Iterator[Article | Failure]:
    """Yield the articles in ``paths`` and a ``Failure`` for each input that cannot be read.

    Directories are read recursively in sorted order, skipping hidden files
    and files of unsupported types. ``published`` (any date spelling) is the
    publication date assumed for articles that carry none.
    Raises ``InputError`` at once if ``published`` is not a date.
    """
    settings = settings or Settings()
    option = _check_published_option(published)
    return _read_paths(paths, settings, option)


def read_bytes(
    data: bytes,
    source: str,
    settings: Settings | None = None,
    published: str | None = None,
) -> Iterator[Article | Failure]:
    """Yield the articles in ``data``; the format is sniffed from the bytes and ``source``'s name.

    Never raises for bad data: every problem comes out as a ``Failure``.
    """
    settings = settings or Settings()
    option = _check_published_option(published)
    return _guard(source, _read_bytes(data, source, settings, option))


def read_text(
    text: str,
    source: str = "<string>",
    published: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Return the ``Article`` in ``text`` (scraped-text layout or plain text).

    Raises ``EmptyInputError`` when there is no body and ``InputError`` when
    ``published`` is not a date.
    """
    settings = settings or Settings()
    return parse_text(
        text,
        source=source,
        published=_check_published_option(published),
        url=url,
        min_language_chars=settings.min_language_chars,
    )


def _check_published_option(published: str | None) -> str | None:
    if published is None:
        return None
    iso = normalize_published(published)
    if iso is None:
        raise InputError(
            "--published",
            f"cannot read '{published}' as a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        )
    return iso


def _read_paths(
    paths: Iterable[str | Path], settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    for item in iter_input_files(paths):
        if isinstance(item, InputError):
            yield Failure(item.source, READ, item.reason)
            continue
        source = str(item)
        try:
            data = _read_file(item, settings.max_input_bytes)
        except InputError as exc:
            yield Failure(exc.source, READ, exc.reason)
            continue
        yield from _guard(source, _read_bytes(data, source, settings, published))


def _read_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, checking its size before anything is read."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputTooLargeError(
                source,
                f"file is {size:,} bytes, more than max_input_bytes ({limit:,}); "
                "split it or raise EVENTWIRE_MAX_INPUT_BYTES",
            )
        with path.open("rb") as handle:
            # Read at most one byte past the limit: the file may grow after stat().
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            source, f"cannot be opened ({exc.strerror or exc}); check permissions"
        ) from exc
    if len(data) > limit:
        raise InputTooLargeError(
            source, f"file is larger than max_input_bytes ({limit:,}); split it"
        )
    return data


def _guard(source: str, articles: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """Turn any error while reading ``source`` into a ``Failure`` and stop that input only."""
    try:
        yield from articles
    except InputError as exc:
        yield Failure(exc.source, READ, exc.reason)
    except RecursionError:
        yield Failure(source, READ, "markup nested too deeply to parse; give a simpler file")
    except Exception as exc:  # noqa: BLE001
        # A parser bug on odd input must not stop a batch of thousands of
        # files; the failure names the exception so it can be reported.
        log.exception("unexpected error reading %s", source)
        yield Failure(
            source,
            READ,
            f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:160]}); "
            "please report this with the file",
        )


def _read_bytes(
    data: bytes, source: str, settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    limit = settings.max_input_bytes
    if len(data) > limit:
        raise InputTooLargeError(
            source,
            f"input is {len(data):,} bytes, more than max_input_bytes ({limit:,}); split it",
        )
    name = PurePath(source).name
    truncated = False
    if is_gzip(data):
        unpacked = gunzip_limited(data, limit, source)
        data, truncated = unpacked.data, unpacked.truncated
        name = strip_gzip_suffix(name)
        if is_gzip(data):
            raise FormatError(source, "gzip inside gzip; decompress it once and read that")
    elif name.lower().endswith(".gz"):
        log.info("%s is named .gz but is not gzip data; reading it as it is", source)
        name = strip_gzip_suffix(name)
    if truncated:
        yield from _read_truncated(data, source, name, settings, published)
        return
    text = decode_text(data, source)
    yield from _parse(text, source, name, settings, published)


def _read_truncated(
    data: bytes, source: str, name: str, settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    """Keep the whole lines of a truncated JSON Lines file; refuse other truncated files."""
    message = "gzip data is truncated (the file ends early); re-download or re-compress it"
    cut = data.rfind(b"\n")
    if cut > 0:
        head = data[: cut + 1]
        try:
            text = decode_text(head, source)
        except InputError:
            text = ""
        if text and detect_format(name, text) == "jsonl":
            yield from parse_jsonl(text, source, published, settings.min_language_chars)
            message += "; the records before the cut were read"
    yield Failure(source, READ, message)


def _parse(
    text: str, source: str, name: str, settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    fmt = detect_format(name, text)
    min_chars = settings.min_language_chars
    if fmt == "html":
        yield parse_html(text, source, published, min_chars)
    elif fmt == "jsonl":
        yield from parse_jsonl(text, source, published, min_chars)
    elif fmt == "json":
        yield from parse_json(text, source, published, min_chars)
    elif fmt == "feed":
        yield from parse_feed(text, source, published, min_chars)
    else:
        yield parse_text(text, source, published, min_language_chars=min_chars)
