"""Decide which reader an input needs, from its name and its first characters.

Reads: a file name (``.gz`` already removed) and the decoded text. Returns
one of ``text``, ``html``, ``jsonl``, ``json``, ``feed``.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

# Extensions eventwire reads; directories are walked for these (and their .gz).
EXTENSION_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_ROOT = re.compile(r"<(!doctype\s+html|html)[\s>]", re.I)
_HTML_TAG = re.compile(r"<(head|body|title|meta|p|div|article|section|br|h[1-6])[\s>/]", re.I)


def strip_gzip_suffix(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def format_from_name(name: str) -> str | None:
    """The format an extension promises, or None for an unknown extension."""
    return EXTENSION_FORMATS.get(PurePath(strip_gzip_suffix(name)).suffix.lower())


def detect_format(name: str, text: str) -> str:
    """Return the reader for ``text``: the extension decides, else the content."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    by_name = format_from_name(name)
    if by_name == "feed":
        # A .xml file may be an XHTML page rather than a feed.
        return "html" if _looks_html(head) and not _FEED_ROOT.search(head) else "feed"
    if by_name:
        return by_name
    if _FEED_ROOT.search(head) and not _HTML_ROOT.search(head):
        return "feed"
    if _looks_html(head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            return "json"
        return "jsonl"
    return "text"


def is_json_lines(name: str, head: bytes) -> bool:
    """True when an input named ``name`` starting with ``head`` is JSON Lines, read line by line.

    Besides what ``detect_format`` calls JSON Lines, a .json file whose first
    line is a whole JSON object and whose next line starts another is one.
    """
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    fmt = detect_format(name, text)
    if fmt != "json":
        return fmt == "jsonl"
    lines = [line for line in text.split("\n")[:-1] if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except ValueError:
        return False


def _looks_html(head: str) -> bool:
    return bool(_HTML_ROOT.search(head)) or (head.startswith("<") and bool(_HTML_TAG.search(head)))
