"""Helpers every reader shares: build the ``Article`` record, strip HTML fragments.

Reads: fields a reader found. Returns an ``Article`` with normalized text, an
ISO ``published`` value with its source, and ``language`` set.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from eventwire.errors import EmptyInputError
from eventwire.ingest.dates import normalize_published
from eventwire.ingest.language import detect_language
from eventwire.records import Article

_BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "figure", "figcaption",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\W\d_]")


def normalize_body(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_field(value: object) -> str | None:
    """A metadata value as one stripped line, or None when it is empty or not text."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)) and str(v))
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def clean_keywords(value: object) -> list[str]:
    """Keywords from a list or a comma-separated string, stripped, duplicates dropped."""
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return []
    keywords: list[str] = []
    for item in items:
        word = clean_field(item)
        if word and word not in keywords:
            keywords.append(word)
    return keywords


def url_host(url: str | None) -> str | None:
    """The host of ``url`` without "www." ("https://www.voanews.com/a/x" -> "voanews.com")."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:  # a malformed address ("http://[::1")
        return None
    return host.removeprefix("www.") or None


def build_article(
    *,
    text: str,
    source: str,
    fmt: str,
    published: object = None,
    published_source: str = "metadata",
    fallback_published: str | None = None,
    min_language_chars: int = 40,
    **fields: object,
) -> Article:
    """Return the ``Article`` for one story, or raise ``EmptyInputError`` if it has no body.

    ``published`` is the date the input carries (credited to
    ``published_source``); ``fallback_published`` is the caller's option,
    used only when the input carries none. An article without a publisher
    is credited to the host of its URL ("apnews.com").
    """
    body = normalize_body(text)
    if not _LETTERS.search(body):
        raise EmptyInputError(
            source, "no article body (no words) in this input; check that it holds a story"
        )
    iso = normalize_published(published)
    if iso:
        how = published_source
    else:
        iso = normalize_published(fallback_published)
        how = "option" if iso else "unknown"
    language, _ = detect_language(body, min_chars=min_language_chars)
    values = {key: clean_field(value) for key, value in fields.items() if key != "keywords"}
    if not values.get("publisher") and values.get("url"):
        values["publisher"] = url_host(values["url"])
    return Article(
        text=body,
        published=iso,
        published_source=how,
        keywords=clean_keywords(fields.get("keywords")),
        language=language,
        source=source,
        format=fmt,
        **values,
    )


def convert_html_fragment(fragment: str) -> str:
    """Plain text of an HTML snippet (a feed summary), one paragraph per block element."""
    if "<" not in fragment:
        return normalize_body(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        element.text = "\n\n" + (element.text or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    paragraphs = (_SPACES.sub(" ", p).strip() for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
