"""Progress bars: the CLI's display of the progress the library reports.

Library functions (``run.service.ingest_paths``, ``run.dask.ingest_distributed``)
print nothing; they call a plain callable with counts: 0 when the work
starts, then the number of results done since the last call.
``progress_bar`` returns such a callable, drawing a transient rich bar on
stderr from its first call until the command is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(label: str, console: Console | None) -> Iterator[Callable[[int], None] | None]:
    """A progress callback drawing a bar labelled ``label`` on ``console``; None without one."""
    if console is None:
        yield None
        return
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None)
    started = False

    def advance(done: int) -> None:
        nonlocal started
        if not started:  # shown once the work starts, not while the command sets up
            bar.start()
            started = True
        bar.advance(task, done)

    try:
        yield advance
    finally:
        bar.stop()
