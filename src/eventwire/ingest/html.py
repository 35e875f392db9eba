"""Read a news web page: main text with trafilatura, publication date with htmldate.

Reads: the decoded HTML of one page. Returns one ``Article`` (format
``html``) with the body as paragraphs separated by blank lines and the page
metadata: title, author, url, site name (publisher), first category
(section), tags (keywords), lead image and description (subtitle).

The date is taken from the page's metadata first (``published_source``
"metadata"); only if there is none does htmldate search the whole page
("htmldate").
"""

from __future__ import annotations

import re

import htmldate
import trafilatura

from eventwire.errors import FormatError
from eventwire.ingest.common import build_article
from eventwire.ingest.dates import normalize_published
from eventwire.records import Article

# Options measured on the article-body benchmark in ../shared/gold/html
# (python -m eventwire.evaluate.html): favor_precision with comments left out
# scored best (F1 0.967); the fast mode without fallbacks lost recall.
EXTRACT_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
}
# Fewer words than this is a scrap of navigation or a broken page, not a story.
MIN_BODY_WORDS = 5
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
# Metadata-only date search inside trafilatura; the slower whole-page search
# runs only when the metadata has no date.
_METADATA_DATE = {"extensive_search": False, "original_date": True, "outputformat": _DATE_FORMAT}
_MIDNIGHT = "T00:00:00"
_WORDS = re.compile(r"[^\W\d_]{2,}|\d+")
# Where pages state the publication time: Open Graph / article meta tags,
# schema.org microdata and JSON-LD.
_HEAD_CHARS = 200_000
_PUBLISHED_META = re.compile(
    r"""(?:(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|dc\.date\.issued)["'][^>]*?content\s*=\s*["']"""
    r"""|"datePublished"\s*:\s*")(?P<value>[^"'<>]{8,40})""",
    re.IGNORECASE,
)


def parse_html(
    html: str,
    source: str,
    published: str | None = None,
    min_language_chars: int = 40,
) -> Article:
    """Return the ``Article`` on an HTML page, or raise ``FormatError`` if it has no body."""
    if "<" not in html:
        raise FormatError(source, "not HTML: no markup found; give an .html page or a .txt file")
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            date_extraction_params=_METADATA_DATE,
            **EXTRACT_OPTIONS,
        )
    except (ValueError, TypeError, AttributeError, LookupError) as exc:
        # lxml and trafilatura raise these on markup they cannot build a tree from.
        raise FormatError(
            source, f"malformed HTML that cannot be parsed ({exc}); save the page again"
        ) from exc
    text = (getattr(document, "text", None) or "").strip()
    if len(_WORDS.findall(text)) < MIN_BODY_WORDS:
        raise FormatError(
            source,
            "malformed HTML or a page without an article: no body text could be extracted; "
            "check that the page holds a story, or save its text as .txt",
        )
    paragraphs = [line for line in text.split("\n") if line.strip()]
    if len(paragraphs) > 1 and _same_words(paragraphs[0], document.title):
        # The headline repeated as the first line is not body text.
        paragraphs = paragraphs[1:]
    date, date_source = _find_date(html, getattr(document, "date", None))
    categories = list(getattr(document, "categories", None) or [])
    return build_article(
        # trafilatura puts one paragraph per line; a blank line between
        # paragraphs matches the other readers.
        text="\n\n".join(paragraphs),
        source=source,
        fmt="html",
        published=date,
        published_source=date_source,
        fallback_published=published,
        min_language_chars=min_language_chars,
        title=document.title,
        author=document.author,
        url=document.url,
        publisher=document.sitename or document.hostname,
        section=categories[0] if categories else None,
        keywords=list(document.tags or []),
        image_url=document.image,
        subtitle=document.description,
    )


def _same_words(line: str, title: str | None) -> bool:
    return bool(title) and _WORDS.findall(line.lower()) == _WORDS.findall(title.lower())


def _find_date(html: str, metadata_date: str | None) -> tuple[str | None, str]:
    if metadata_date:
        return _add_time(html, _drop_midnight(metadata_date)), "metadata"
    try:
        found = htmldate.find_date(
            html, extensive_search=True, original_date=True, outputformat=_DATE_FORMAT
        )
    except (ValueError, TypeError):
        found = None
    return (_add_time(html, _drop_midnight(found)), "htmldate") if found else (None, "unknown")


def _add_time(html: str, day: str) -> str:
    """The publication time-stamp from the page's meta tags when htmldate found only its day.

    htmldate returns days; the time of day matters when a story says
    "tonight" or "this morning".
    """
    if "T" in day:
        return day
    head = html[:_HEAD_CHARS]
    for match in _PUBLISHED_META.finditer(head):
        stamp = normalize_published(match.group("value"))
        if stamp and stamp.startswith(day) and "T" in stamp:
            return stamp
    return day


def _drop_midnight(value: str) -> str:
    """htmldate reports a day without a time as midnight; keep only the day then."""
    return value[: -len(_MIDNIGHT)] if value.endswith(_MIDNIGHT) else value
