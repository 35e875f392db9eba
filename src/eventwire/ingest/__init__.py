"""Ingest: read files in every supported format into ``Article`` records.

Reads: paths, bytes or strings. Returns ``Article`` records (and ``Failure``
records for inputs that cannot be read). One reader module per format:
``text`` (scraped or plain text), ``html``, ``jsonl`` (JSON Lines and JSON),
``feed`` (RSS/Atom); ``files`` lists the input files (regular files only),
``decode`` handles gzip and encodings, ``sniff`` picks the reader,
``language`` sets ``Article.language``. JSON Lines are read a line at a time;
the other formats whole (see docs/ingest.md).
"""

from eventwire.ingest.core import read_bytes, read_paths, read_text
from eventwire.ingest.dates import normalize_published
from eventwire.ingest.language import detect_language

__all__ = [
    "detect_language",
    "normalize_published",
    "read_bytes",
    "read_paths",
    "read_text",
]
