"""Run an ingest job: read inputs, extract them, store the results.

Reads paths (through ``ingest``), extracts articles (through ``pipeline``)
and writes each result to the ``Store`` as it arrives: one transaction per
article, failures recorded in the store's failures table. Returns an
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
from eventwire.records import Extraction, Failure
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
                if isinstance(result, Failure):
                    _fail(store, summary, result, on_failure)
                else:
                    _save(store, summary, result, on_failure)
                if bar is not None and task is not None:
                    bar.advance(task)
        finally:
            if bar:
                bar.stop()
    summary.seconds = time.perf_counter() - started
    return summary


def _save(
    store: Store,
    summary: IngestSummary,
    result: Extraction,
    on_failure: Callable[[Failure], None] | None,
) -> None:
    try:
        is_new = store.save(result)
    except Exception as exc:  # the store rolled this article back; go on
        failure = Failure(
            result.article.source, "store", f"could not be stored: {exc}", result.article.id
        )
        _fail(store, summary, failure, on_failure)
        return
    if result.status == "skipped":
        summary.skipped += 1
    elif is_new:
        summary.new += 1
    else:
        summary.updated += 1


def _fail(
    store: Store,
    summary: IngestSummary,
    failure: Failure,
    on_failure: Callable[[Failure], None] | None,
) -> None:
    summary.failed += 1
    summary.failures.append(failure)
    store.record_failure(failure)
    if on_failure is not None:
        on_failure(failure)
