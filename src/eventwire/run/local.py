"""Run an ingest job: read inputs, extract them, store the results.

Reads paths (through ``ingest``), extracts articles (through ``pipeline``)
and writes each result to the ``Store`` as it arrives (``shards.save_result``):
one transaction per article, failures recorded in the store's failures table. Returns an
``IngestSummary``. The CLI's ``ingest`` command is a thin call to
``ingest_paths``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eventwire.ingest import read_paths
from eventwire.pipeline import extract_articles
from eventwire.records import Failure
from eventwire.run.shards import save_result
from eventwire.settings import Settings
from eventwire.store import Store


@dataclass
class IngestSummary:
    """What an ingest job did."""

    new: int = 0
    updated: int = 0
    skipped: int = 0  # stored without extraction (not English)
    failed: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.skipped

    def count(
        self,
        outcome: str,
        failure: Failure | None,
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        """Add one result's outcome ("new", "updated", "skipped" or "failed")."""
        if failure is None:
            setattr(self, outcome, getattr(self, outcome) + 1)
            return
        self.failed += 1
        self.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    def describe(self) -> str:
        rate = self.stored / self.seconds if self.seconds else 0.0
        return (
            f"{self.stored} articles stored ({self.new} new, {self.updated} already present, "
            f"{self.skipped} not extracted: not English), {self.failed} failed, "
            f"in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


def ingest_paths(
    paths: Iterable[str | Path],
    settings: Settings,
    published: str | None = None,
    progress: Console | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into the store at ``settings.db``."""
    summary = IngestSummary()
    started = time.perf_counter()
    results = extract_articles(read_paths(paths, settings, published=published), settings)
    with Store.open(settings.db) as store:
        bar = (
            Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=progress,
                transient=True,
            )
            if progress is not None
            else None
        )
        task = bar.add_task("ingest", total=None) if bar else None
        if bar:
            bar.start()
        try:
            for result in results:
                summary.count(*save_result(store, result), on_failure)
                if bar is not None and task is not None:
                    bar.advance(task)
        finally:
            if bar:
                bar.stop()
    summary.seconds = time.perf_counter() - started
    return summary
