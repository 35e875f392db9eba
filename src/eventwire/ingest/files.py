"""Expand the paths a user gives into the input files to read, and open them.

Reads: file and directory paths. Yields files in a stable order: a file as
given, a directory walked recursively in sorted order, skipping hidden files
and folders and files of formats eventwire does not read. Only regular files
are read: a named pipe, socket or device (given, or found in a folder) is
reported and never opened, since opening a pipe blocks until someone writes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import InputError
from eventwire.ingest.sniff import EXTENSION_FORMATS, format_from_name

SUPPORTED_NAMES = ", ".join(sorted(EXTENSION_FORMATS)) + " (and the same with .gz)"


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield each file to read, or an ``InputError`` for a path that cannot be used.

    Opening a named pipe would block: those, sockets and devices come out as
    an ``InputError`` whatever their name, found in a folder or given.
    """
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
            yield _not_regular(path, path.stat().st_mode)
        else:
            yield InputError(str(path), "no such file or directory; check the path")


def open_regular_file(path: Path) -> BinaryIO:
    """Open ``path`` for reading, or raise ``InputError`` if it is not a regular file.

    The file is opened without blocking and checked again once open, so a
    regular file swapped for a named pipe after the walk cannot hang ingest.
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(
            source, f"cannot be opened ({exc.strerror or exc}); check permissions"
        ) from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(path, mode)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _not_regular(path: Path, mode: int) -> InputError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return InputError(
        str(path), f"{kind}, not a regular file: skipped without reading; give files or folders"
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _walk(root: Path) -> Iterator[Path | InputError]:
    for folder, dirs, files in os.walk(root):
        # Sorting in place fixes the order os.walk descends in.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                mode = path.stat().st_mode
            except OSError:  # a dangling link, or removed since the listing: opening says why
                mode = stat.S_IFREG
            if not stat.S_ISREG(mode):
                yield _not_regular(path, mode)
            elif format_from_name(name) is not None:
                yield path
