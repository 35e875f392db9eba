"""Read inputs of any supported format into ``Article`` records.

Reads: paths (files, directories, .gz files), raw bytes or a string.
Yields ``Article`` records, and a ``Failure`` (stage "read") for every input,
record or feed entry that cannot be read; a bad input never stops the rest.
Formats: scraped or plain text, HTML pages, JSON Lines / JSON, RSS/Atom feeds,
each optionally gzipped.

Files are read as a stream of chunks (gunzipped as they come). JSON Lines
are read a line at a time, so a file of any size is read with one record in
memory (each line at most ``max_record_bytes``); the other formats are parsed
whole and are refused above ``max_input_bytes``. Only regular files are opened:
a named pipe, socket or device is skipped with a failure.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from eventwire.errors import (
    BinaryInputError,
    EmptyInputError,
    FormatError,
    InputError,
    InputTooLargeError,
)
from eventwire.ingest.dates import normalize_published
from eventwire.ingest.decode import (
    GZIP_MAGIC,
    SUPPORTED_HINT,
    GunzipStream,
    decode_text,
    is_gzip,
    line_encoding,
    looks_binary,
)
from eventwire.ingest.feed import parse_feed
from eventwire.ingest.files import iter_input_files, open_regular_file
from eventwire.ingest.html import parse_html
from eventwire.ingest.jsonl import parse_json, parse_jsonl, read_jsonl_stream
from eventwire.ingest.sniff import detect_format, is_json_lines, strip_gzip_suffix
from eventwire.ingest.text import parse_text
from eventwire.records import Article, Failure
from eventwire.settings import Settings

log = logging.getLogger(__name__)

READ = "read"
# Bytes read at a time from a file, and looked at to choose its reader.
CHUNK_BYTES = 1 << 20
HEAD_BYTES = 64 * 1024
TRUNCATED = "gzip data is truncated (the file ends early); re-download or re-compress it"


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
    return _guard(source, _read_stream(iter([data]), source, settings, option))


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
            handle = open_regular_file(item)
        except InputError as exc:
            yield Failure(exc.source, READ, exc.reason)
            continue
        with handle:
            chunks = iter(functools.partial(handle.read, CHUNK_BYTES), b"")
            yield from _guard(source, _read_stream(chunks, source, settings, published))


def _guard(source: str, articles: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """Turn any error while reading ``source`` into a ``Failure`` and stop that input only."""
    try:
        yield from articles
    except InputError as exc:
        yield Failure(exc.source, READ, exc.reason)
    except OSError as exc:
        yield Failure(source, READ, f"could not be read ({exc.strerror or exc}); check the disk")
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


def _read_stream(
    chunks: Iterator[bytes], source: str, settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    """Read one input given as a stream of byte chunks: JSON Lines a line at a time, else whole."""
    name = PurePath(source).name
    magic, chunks = _peek(chunks, len(GZIP_MAGIC))
    gunzip = None
    if is_gzip(magic):
        gunzip = GunzipStream(chunks, source, CHUNK_BYTES)
        chunks = iter(gunzip)
        name = strip_gzip_suffix(name)
    elif name.lower().endswith(".gz"):
        log.info("%s is named .gz but is not gzip data; reading it as it is", source)
        name = strip_gzip_suffix(name)
    head, chunks = _peek(chunks, HEAD_BYTES)
    if gunzip is not None and is_gzip(head):
        raise FormatError(source, "gzip inside gzip; decompress it once and read that")
    encoding = line_encoding(head) if head.strip() and is_json_lines(name, head) else None
    if encoding is not None:
        yield from _read_json_lines(head, chunks, source, encoding, settings, published, gunzip)
        return
    data = _read_whole(chunks, source, settings.max_input_bytes, gzipped=gunzip is not None)
    if gunzip is not None and gunzip.truncated:
        raise FormatError(source, TRUNCATED)
    text = decode_text(data, source)
    yield from _parse(text, source, name, settings, published)


def _read_json_lines(
    head: bytes,
    chunks: Iterator[bytes],
    source: str,
    encoding: str,
    settings: Settings,
    published: str | None,
    gunzip: GunzipStream | None,
) -> Iterator[Article | Failure]:
    if looks_binary(head):
        raise BinaryInputError(
            source, f"binary data, not JSON Lines (no JSON record at its start); {SUPPORTED_HINT}"
        )

    def ended_early() -> bool:
        return gunzip is not None and gunzip.truncated

    records = read_jsonl_stream(
        chunks,
        source,
        encoding,
        settings.max_record_bytes,
        published,
        settings.min_language_chars,
        ended_early,
    )
    empty = True
    for item in records:
        empty = False
        yield item
    if empty and not ended_early():
        raise EmptyInputError(source, f"no JSON records, only blank lines; {SUPPORTED_HINT}")
    if ended_early():
        yield Failure(source, READ, TRUNCATED + "; the records before the cut were read")


def _peek(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first ``size`` bytes of ``chunks`` (fewer if it is shorter), and all of it again."""
    taken: list[bytes] = []
    total = 0
    for chunk in chunks:
        taken.append(chunk)
        total += len(chunk)
        if total >= size:
            break
    head = b"".join(taken)
    return head[:size], itertools.chain([head], chunks)


def _read_whole(chunks: Iterator[bytes], source: str, limit: int, *, gzipped: bool) -> bytes:
    """All the bytes of ``chunks``, refusing more than ``limit`` without reading further."""
    taken: list[bytes] = []
    total = 0
    for chunk in chunks:
        taken.append(chunk)
        total += len(chunk)
        if total > limit:
            what = "decompresses to" if gzipped else "is"
            raise InputTooLargeError(
                source,
                f"{what} more than max_input_bytes ({limit:,} bytes); split it or raise "
                "EVENTWIRE_MAX_INPUT_BYTES (JSON Lines files have no such limit)",
            )
    return b"".join(taken)


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
