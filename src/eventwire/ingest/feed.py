"""Read RSS and Atom feed files with feedparser.

Reads: decoded feed XML (the whole file: at most ``max_input_bytes``). Yields
one ``Article`` (format ``feed``, source ``path#entry-N``) per entry, with the
entry's full content or else its summary stripped of HTML, and a ``Failure``
for an entry without text. When the XML is malformed, feedparser's recovery
can drop the entries after a broken one, so such a feed is read again an
item at a time: each ``<item>`` or ``<entry>`` is parsed alone under the
feed's header, and a broken one fails without taking the others with it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from eventwire.errors import FormatError, InputError
from eventwire.ingest.common import build_article, convert_html_fragment
from eventwire.records import Article, Failure

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")
# One item of an RSS feed or entry of an Atom feed, found in the text of a malformed feed.
_ITEM = re.compile(r"<(item|entry)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_ATOM_ROOT = re.compile(r"<feed[\s>]", re.I)
_RDF_ROOT = re.compile(r"<rdf:rdf[\s>]", re.I)


def parse_feed(
    text: str,
    source: str,
    published: str | None = None,
    min_language_chars: int = 40,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or ``Failure`` for each entry of the feed in ``text``."""
    parsed = _parse_xml(text)
    entries = parsed.get("entries") or []
    items = list(_ITEM.finditer(text)) if parsed.get("bozo") else []
    if items:
        yield from _parse_items(text, items, source, published, min_language_chars)
        return
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"malformed feed ({_one_line(problem)})" if problem else "feed has no entries"
        raise FormatError(source, f"{reason}; give a valid RSS or Atom file")
    publisher = (parsed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, start=1):
        yield _read_numbered(entry, source, number, publisher, published, min_language_chars)


def _parse_xml(text: str) -> Any:
    # The text is already decoded: declare it UTF-8 and hand feedparser a
    # stream, since a plain string that looks like a URL or a file name
    # would make feedparser fetch or open it.
    data = _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")
    return feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)


def _parse_items(
    text: str, items: list[re.Match[str]], source: str, published: str | None, min_chars: int
) -> Iterator[Article | Failure]:
    """Parse each item of a malformed feed alone, under the feed's header."""
    head = text[: items[0].start()]
    close = "</feed>" if _ATOM_ROOT.search(head) else "</channel></rss>"
    if _RDF_ROOT.search(head):
        close = "</rdf:RDF>"
    publisher = (_parse_xml(head + close).get("feed") or {}).get("title")
    for number, item in enumerate(items, start=1):
        parsed = _parse_xml(head + item.group(0) + close)
        entries = parsed.get("entries") or []
        if len(entries) != 1:
            problem = _one_line(parsed.get("bozo_exception") or "no entry")
            yield Failure(
                f"{source}#entry-{number}",
                "read",
                f"malformed feed entry ({problem}); fix or remove it, the other entries are read",
            )
            continue
        yield _read_numbered(entries[0], source, number, publisher, published, min_chars)


def _read_numbered(
    entry: Any,
    source: str,
    number: int,
    publisher: str | None,
    published: str | None,
    min_chars: int,
) -> Article | Failure:
    try:
        return _read_entry(entry, f"{source}#entry-{number}", publisher, published, min_chars)
    except InputError as exc:
        return Failure(exc.source, "read", exc.reason)


def _read_entry(
    entry: Any, source: str, publisher: str | None, published: str | None, min_chars: int
) -> Article:
    text = convert_html_fragment(_entry_html(entry))
    if not text:
        raise FormatError(source, "feed entry has no content or summary text; nothing to extract")
    terms = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
    return build_article(
        text=text,
        source=source,
        fmt="feed",
        published=entry.get("published") or entry.get("updated"),
        published_source="metadata",
        fallback_published=published,
        min_language_chars=min_chars,
        title=entry.get("title"),
        url=entry.get("link"),
        author=entry.get("author"),
        publisher=publisher,
        section=terms[0] if terms else None,
        keywords=terms,
        image_url=_entry_image(entry),
    )


def _entry_html(entry: Any) -> str:
    """The longest full content of an entry, else its summary."""
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_image(entry: Any) -> str | None:
    for media in list(entry.get("media_content") or []) + list(entry.get("media_thumbnail") or []):
        if media.get("url") and media.get("medium", "image") == "image":
            return media["url"]
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return link.get("href")
    return None


def _one_line(problem: object) -> str:
    return " ".join(str(problem).split())[:160]
