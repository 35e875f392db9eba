"""The ingest service: read, extract and save articles; the one place the three are wired.

Reads inputs (paths through ``ingest.read_paths``, or articles and read
failures already in hand), extracts them (by default ``run.extract.extract_articles``
on ``settings.processes`` processes; ``run.dask`` passes an extractor that runs
on a Dask cluster) and saves the results through the ``Store`` in batches
(``shards.save_results``: one transaction a batch, a savepoint per article,
failures recorded in the store's failures table). Returns an ``IngestSummary``
of the outcomes and failures. The CLI's ``ingest`` and ``watch``, the Dask
path and the web app's ``POST /api/articles`` all save through here.

Before anything is parsed, ``ingest`` looks up each article's id (a hash of
its text and URL) in the store: an article already stored by this eventwire
version is counted "unchanged" and not extracted again, so re-running an
ingest after a crash, or on a folder that grew, costs only what is new.
``force=True`` extracts and replaces them all the same.

Nothing is printed: progress goes to a plain callable that is called with 0
when the work starts and then with the number of results saved since its last
call; failures and per-article outcomes go to callbacks as well.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.ingest import read_paths
from eventwire.ingest.core import READ
from eventwire.records import Article, Extraction, Failure
from eventwire.run.extract import Result, extract_articles
from eventwire.run.shards import save_results
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.tables import EXTRACTOR_VERSION

# Called with 0 when the work starts, then with the number of results saved since the last call.
Progress = Callable[[int], None]
OnFailure = Callable[[Failure], None]
# Called once per result saved, with its outcome ("new", "updated", "skipped" or "failed"),
# and once per article found stored already ("unchanged": an Extraction holding only the
# article, since nothing was extracted).
OnSaved = Callable[[Result, str], None]
# Articles looked up in the store at a time before extraction.
LOOKUP_BATCH = 64
# Turns a stream of articles (and read failures) into batches of results, in input order.
Extractor = Callable[[Iterable[Article | Failure]], Iterable[Sequence[Result]]]


@dataclass
class IngestSummary:
    """What an ingest job did."""

    new: int = 0
    updated: int = 0
    skipped: int = 0  # stored without extraction (not English)
    failed: int = 0
    unchanged: int = 0  # stored before by this version: not read into the pipeline again
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.skipped

    def count(
        self,
        outcome: str,
        failure: Failure | None,
        on_failure: OnFailure | None = None,
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
        return (
            f"{self.stored} articles stored ({self.new} new, {self.updated} already present, "
            f"{self.skipped} not extracted: not English), {self.unchanged} unchanged "
            f"(stored before), {self.failed} failed, {self.pace(self.stored)}"
        )

    def pace(self, articles: int) -> str:
        """The time taken and ``articles`` per second: "in 2.0 s (5.0 articles/s)"."""
        rate = articles / self.seconds if self.seconds else 0.0
        return f"in {self.seconds:.1f} s ({rate:.1f} articles/s)"


def save_batches(
    store: Store,
    batches: Iterable[Sequence[Result]],
    summary: IngestSummary | None = None,
    *,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
    on_saved: OnSaved | None = None,
) -> IngestSummary:
    """Save each batch of results through ``store`` and count the outcomes in ``summary``."""
    summary = summary if summary is not None else IngestSummary()
    for batch in batches:
        for result, (outcome, failure) in zip(batch, save_results(store, batch), strict=True):
            summary.count(outcome, failure, on_failure)
            if on_saved is not None:
                on_saved(result, outcome)
        if progress is not None:
            progress(len(batch))
    return summary


def extract_locally(settings: Settings) -> Extractor:
    """The default extractor: ``run.extract.extract_articles`` on ``settings.processes``."""

    def extract(items: Iterable[Article | Failure]) -> Iterator[list[Result]]:
        return in_batches(extract_articles(items, settings), settings.batch_size)

    return extract


def in_batches(results: Iterable[Result], size: int) -> Iterator[list[Result]]:
    """Group results into batches of ``size`` articles; read failures ride along uncounted.

    The pipeline hands back its results a spaCy batch at a time, read failures
    passed through in between; counting only the articles makes each batch end
    where a spaCy batch ends, so no result waits for the next batch to be saved.
    """
    batch: list[Result] = []
    articles = 0
    for result in results:
        batch.append(result)
        articles += not (isinstance(result, Failure) and result.stage == READ)
        if articles >= size:
            yield batch
            batch, articles = [], 0
    if batch:
        yield batch


def skip_stored(
    items: Iterable[Article | Failure],
    store: Store,
    summary: IngestSummary,
    *,
    progress: Progress | None = None,
    on_saved: OnSaved | None = None,
) -> Iterator[Article | Failure]:
    """Yield ``items`` without the articles ``store`` holds from this eventwire version.

    Those are counted as ``unchanged`` in ``summary`` and reported to
    ``on_saved`` and ``progress``; ids are looked up ``LOOKUP_BATCH`` at a time.
    """
    it = iter(items)
    while group := list(itertools.islice(it, LOOKUP_BATCH)):
        ids = [item.id for item in group if isinstance(item, Article)]
        known = store.stored_ids(ids, EXTRACTOR_VERSION) if ids else set()
        unchanged = 0
        for item in group:
            if isinstance(item, Article) and item.id in known:
                unchanged += 1
                if on_saved is not None:
                    on_saved(Extraction(article=item), "unchanged")
            else:
                yield item
        summary.unchanged += unchanged
        if progress is not None and unchanged:
            progress(unchanged)


def ingest(
    items: Iterable[Article | Failure],
    settings: Settings,
    store: Store,
    *,
    extract: Extractor | None = None,
    summary: IngestSummary | None = None,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
    on_saved: OnSaved | None = None,
    force: bool = False,
) -> IngestSummary:
    """Extract ``items`` (with ``extract``, default ``extract_locally``) and save them to ``store``.

    Articles stored before by this eventwire version are skipped before
    extraction (``skip_stored``) unless ``force``. Read failures among
    ``items`` are recorded in the store as they come. Outcomes are added to
    ``summary`` (a new ``IngestSummary`` by default), which is returned; its
    ``seconds`` is left to the caller.
    """
    summary = summary if summary is not None else IngestSummary()
    if progress is not None:
        progress(0)
    if not force:
        items = skip_stored(items, store, summary, progress=progress, on_saved=on_saved)
    batches = (extract or extract_locally(settings))(items)
    return save_batches(
        store, batches, summary, progress=progress, on_failure=on_failure, on_saved=on_saved
    )


def ingest_paths(
    paths: Iterable[str | Path],
    settings: Settings,
    published: str | None = None,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
    force: bool = False,
) -> IngestSummary:
    """Ingest every article under ``paths`` into the store at ``settings.db``.

    With ``force``, articles already stored by this version are extracted again.
    """
    started = time.perf_counter()
    items = read_paths(paths, settings, published=published)
    with Store.open(settings.db) as store:
        summary = ingest(
            items, settings, store, progress=progress, on_failure=on_failure, force=force
        )
    summary.seconds = time.perf_counter() - started
    return summary
