"""Expand the paths a user gives into the input files to read.

Reads: file and directory paths. Yields files in a stable order: a file as
given, a directory walked recursively in sorted order, skipping hidden files
and folders and files of formats eventwire does not read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.ingest.sniff import EXTENSION_FORMATS, format_from_name

SUPPORTED_NAMES = ", ".join(sorted(EXTENSION_FORMATS)) + " (and the same with .gz)"


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield each file to read, or an ``InputError`` for a path that cannot be used."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield file
            if not found:
                yield InputError(
                    str(path),
                    f"directory holds no readable files; eventwire reads {SUPPORTED_NAMES}",
                )
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(str(path), "not a regular file; give a file or a directory")
        else:
            yield InputError(str(path), "no such file or directory; check the path")


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        # Sorting in place fixes the order os.walk descends in.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or format_from_name(name) is None:
                continue
            yield Path(folder) / name
