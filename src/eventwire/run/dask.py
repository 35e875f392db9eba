"""Distributed ingest on a Dask cluster (dask.distributed).

Reads input paths on the client (through ``ingest``), cuts the stream of
articles into partitions and sends them to Dask workers, which extract them
(through ``run.extract.extract_batch``) and either return the results to the
client, which saves them through the ingest service (``run.service``, with
``extract_on_cluster`` as its extractor) in partition order, one partition a
batch, or write one Parquet shard per partition (``eventwire.run.shards``)
for ``eventwire load``. Nothing is printed: progress goes to a callback.

Why the client reads and partitions the articles (rather than handing paths to
the workers): inputs are often a few large JSON Lines or feed files that paths
cannot split evenly; reading costs about 1 ms an article against about 200 ms
to extract it, so one reader keeps many workers busy; workers need no access
to the client's files; and the partitions are cut at the same batch
boundaries as the local path (``settings.batch_size`` articles per
``extract_batch`` call), so every article goes through spaCy in the same
batch as in a local run and the stored results are identical.

Each worker loads the model once (``ModelPlugin`` when it starts, and a
per-process cache for workers that joined before the plugin). Each partition
travels inside its task, not as scattered data, so when a worker dies
mid-partition the scheduler still holds the input and runs the partition
again on another worker; Dask's ``retries`` covers exceptions raised by the
task. Results are saved by stable article id and a retried partition is only
collected once, so no article is stored twice.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import logging
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import KilledWorker, WorkerPlugin
from spacy.language import Language

from eventwire.errors import ClusterError
from eventwire.ingest import read_paths
from eventwire.records import Article, Extraction, Failure
from eventwire.run.extract import extract_batch, warm_up
from eventwire.run.service import Extractor, IngestSummary, OnFailure, Progress, ingest
from eventwire.run.shards import write_shard
from eventwire.settings import Settings
from eventwire.store import Store

if TYPE_CHECKING:
    from distributed import Client

Result = Extraction | Failure

# Batches of settings.batch_size per partition: big enough that task overhead
# (a few ms) is noise against ~10 s of extraction, small enough to balance
# the last partitions across workers and to bound what a dead worker redoes.
BATCHES_PER_PARTITION = 4
# Attempts after the first for a partition whose task raised (Dask ``retries``).
# A worker that dies is handled by the scheduler (distributed.scheduler.allowed-failures).
RETRIES = 3
# Seconds to wait for a remote cluster to offer at least one worker.
WORKER_WAIT_S = 60.0
# glibc mallopt parameters (malloc.h) and the values a worker runs with; see tune_allocator.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 2**20
TRIM_THRESHOLD_BYTES = 64 * 2**20

log = logging.getLogger(__name__)


@dataclass
class Partition:
    """One unit of work: consecutive articles of the input, and read failures met before them."""

    index: int
    articles: list[Article]
    failures: list[Failure] = field(default_factory=list)


@dataclass
class PartitionResult:
    """What a worker sends back for a partition."""

    index: int
    results: list[Result]  # empty when the results went to a shard
    shard: str | None = None
    extracted: int = 0  # Extractions, skipped ones included
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class DistributedSummary(IngestSummary):
    """What a distributed ingest did; with ``out`` set, the results went to shards."""

    out: str | None = None
    shards: int = 0
    partitions: int = 0
    workers: int = 0

    def describe(self) -> str:
        if self.out is None:
            return super().describe() + f" on {self.workers} Dask workers"
        return (
            f"{self.new} articles extracted ({self.skipped} not extracted: not English), "
            f"{self.failed} failed, written to {self.shards} shards in {self.out} "
            f"{self.pace(self.new)} on {self.workers} Dask workers; "
            f"load them with 'eventwire load {self.out}'"
        )


# --- on the workers ------------------------------------------------------------------------


_MODEL: list[Language] = []
# The plugin loads in a helper thread while a task may already ask for the model.
_MODEL_LOCK = threading.Lock()


def load_worker_model() -> Language:
    """Return this process's model, loading it (and every stage's data) on first use."""
    with _MODEL_LOCK:
        if not _MODEL:
            tune_allocator()
            _MODEL.append(warm_up())
        return _MODEL[0]


def tune_allocator() -> bool:
    """Let glibc's malloc keep and reuse the large arrays spaCy allocates for every batch.

    A Dask nanny starts its worker with ``MALLOC_TRIM_THRESHOLD_=65536``
    (``distributed.nanny.pre-spawn-environ``), which also freezes glibc's
    mmap threshold at 128 KiB. Every large tensor of a batch is then mapped
    fresh from the kernel, page-faulted in and unmapped again: measured, 38
    times the page faults and 8 % more time per article than in a plain
    process. Raising both thresholds restores the plain-process behaviour
    and keeps at most ``TRIM_THRESHOLD_BYTES`` of free memory unreturned.
    Returns whether the settings were applied (glibc on Linux only).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl or another C library: leave it alone
        return False
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )


class ModelPlugin(WorkerPlugin):
    """A Dask worker plugin that loads the model when a worker starts.

    Loading in ``setup`` (in a thread, so the worker keeps answering the
    scheduler's heartbeats) means a restarted worker is ready before it
    takes a partition, and the first partition is not slower than the rest.
    """

    name = "eventwire-model"

    async def setup(self, worker: object) -> None:
        await asyncio.get_running_loop().run_in_executor(None, load_worker_model)


def process_partition(partition: Partition, settings: Settings, out: str | None) -> PartitionResult:
    """Extract one partition on this worker; write a shard to ``out`` or return the results.

    Articles go to ``extract_batch`` ``settings.batch_size`` at a time, as in a
    local run. Read failures carried by the partition come first in its results.
    """
    started = time.perf_counter()
    nlp = load_worker_model()
    results: list[Result] = list(partition.failures)
    for start in range(0, len(partition.articles), settings.batch_size):
        chunk = partition.articles[start : start + settings.batch_size]
        results.extend(extract_batch(nlp, chunk, settings))
    extractions = [r for r in results if isinstance(r, Extraction)]
    summary = PartitionResult(
        index=partition.index,
        results=results,
        extracted=len(extractions),
        skipped=sum(r.status == "skipped" for r in extractions),
        failures=[r for r in results if isinstance(r, Failure)],
    )
    if out is not None:
        summary.shard = str(write_shard(out, f"part-{partition.index:06d}", results))
        summary.results = []
    summary.seconds = time.perf_counter() - started
    return summary


# --- on the client -------------------------------------------------------------------------


def partition_items(items: Iterable[Article | Failure], size: int) -> Iterator[Partition]:
    """Cut a stream of articles and read failures into partitions of ``size`` articles.

    Failures ride with the partition that follows them, so they are reported
    in input order; trailing failures get a partition of their own.
    """
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    index = 0
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
            continue
        articles.append(item)
        if len(articles) == size:
            yield Partition(index, articles, failures)
            index += 1
            articles, failures = [], []
    if articles or failures:
        yield Partition(index, articles, failures)


@contextmanager
def open_client(
    scheduler: str | None = None, workers: int | None = None, *, quiet: bool = True
) -> Iterator[Client]:
    """Connect to the scheduler at ``scheduler``, or start a local cluster of ``workers``.

    A local cluster has ``workers`` worker processes of one thread each (spaCy
    holds the GIL, so threads would not add throughput) and is shut down on
    exit. Raises ``ClusterError`` when the scheduler cannot be reached.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it with "
                "'dask scheduler' and check the address and port (default 8786)"
            ) from exc
        with client:
            yield client
        return
    n = max(1, workers or 1)
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR if quiet else logging.WARNING,
    )
    with cluster, Client(cluster) as client:
        yield client


def prepare_client(client: Client, wait_s: float = WORKER_WAIT_S) -> int:
    """Register the model plugin and wait for a worker; return the number of worker threads."""
    try:
        client.wait_for_workers(1, timeout=wait_s)
    except TimeoutError as exc:
        raise ClusterError(
            f"the Dask scheduler at {client.scheduler.address} has no workers after "
            f"{wait_s:.0f} s; start some with 'dask worker {client.scheduler.address}'"
        ) from exc
    client.register_plugin(ModelPlugin(), name=ModelPlugin.name)
    return max(1, sum(client.nthreads().values()))


def run_partitions(
    client: Client,
    partitions: Iterable[Partition],
    settings: Settings,
    out: str | Path | None = None,
    *,
    task: Callable[[Partition, Settings, str | None], PartitionResult] = process_partition,
    retries: int = RETRIES,
    window: int | None = None,
) -> Iterator[PartitionResult]:
    """Run ``task`` on every partition on the cluster; yield the results in partition order.

    At most ``window`` partitions (default: twice the worker threads, plus
    two) are submitted and not yet collected, so the client never holds the
    whole input. ``task`` is ``process_partition``; tests pass one that kills
    its worker.
    """
    threads = max(1, sum(client.nthreads().values()))
    window = window or 2 * threads + 2
    run = uuid.uuid4().hex[:12]
    target = None if out is None else str(out)
    pending: deque = deque()
    source = iter(partitions)
    while True:
        for partition in itertools.islice(source, window - len(pending)):
            pending.append(
                client.submit(
                    task,
                    partition,
                    settings,
                    target,
                    key=f"eventwire-partition-{run}-{partition.index}",
                    retries=retries,
                    pure=False,
                )
            )
        if not pending:
            return
        future = pending.popleft()
        try:
            result = future.result()
        except KilledWorker as exc:
            raise ClusterError(
                f"a partition killed every worker that ran it ({exc}); the input is probably "
                "too large for a worker's memory: lower --batch-size or give workers more memory"
            ) from exc
        future.release()
        yield result


def _partition_size(settings: Settings, size: int | None = None) -> int:
    """Articles per partition: ``size`` (default: ``BATCHES_PER_PARTITION`` batches), whole batches.

    Whole spaCy batches per partition keep batch boundaries where a local run has them.
    """
    size = size or settings.batch_size * BATCHES_PER_PARTITION
    return -(-size // settings.batch_size) * settings.batch_size


def extract_on_cluster(
    client: Client,
    settings: Settings,
    size: int | None = None,
    *,
    task: Callable[[Partition, Settings, str | None], PartitionResult] = process_partition,
    summary: DistributedSummary | None = None,
) -> Extractor:
    """An extractor for ``service.ingest`` that runs on ``client``'s cluster, a partition a batch.

    Partitions hold ``size`` articles (as in ``ingest_distributed``); each
    partition run is counted in ``summary`` when given.
    """

    def extract(items: Iterable[Article | Failure]) -> Iterator[list[Result]]:
        partitions = partition_items(items, _partition_size(settings, size))
        for part in run_partitions(client, partitions, settings, task=task):
            if summary is not None:
                summary.partitions += 1
            yield part.results

    return extract


def ingest_distributed(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    out: str | Path | None = None,
    published: str | None = None,
    client: Client | None = None,
    partition_size: int | None = None,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
    task: Callable[[Partition, Settings, str | None], PartitionResult] = process_partition,
    force: bool = False,
) -> DistributedSummary:
    """Ingest ``paths`` on a Dask cluster into the store at ``settings.db`` or shards in ``out``.

    The cluster is ``client`` if given, else the scheduler at ``scheduler``,
    else a local cluster of ``workers`` processes (default ``settings.processes``).
    Partitions hold ``partition_size`` articles (default ``settings.batch_size``
    times ``BATCHES_PER_PARTITION``; always rounded up to whole batches).
    ``progress`` is called as in ``service.ingest``; articles the store holds
    from this version are not sent to the cluster unless ``force`` (shards
    written to ``out`` hold every article: there is no store to ask).
    """
    summary = DistributedSummary(out=None if out is None else str(out))
    started = time.perf_counter()
    if out is not None:
        # Each run writes to its own subfolder, so runs into one directory never
        # overwrite each other's shards; names sort in run order.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        out = Path(out) / f"{stamp}-{uuid.uuid4().hex[:6]}"
    items = read_paths(paths, settings, published=published)
    with ExitStack() as stack:
        # The store first: a bad --db fails before a cluster is started.
        store = None if out is not None else stack.enter_context(Store.open(settings.db))
        active = stack.enter_context(_client_for(client, scheduler, workers or settings.processes))
        summary.workers = prepare_client(active)
        if store is not None:
            extract = extract_on_cluster(
                active, settings, partition_size, task=task, summary=summary
            )
            ingest(
                items,
                settings,
                store,
                extract=extract,
                summary=summary,
                progress=progress,
                on_failure=on_failure,
                force=force,
            )
        else:
            if progress is not None:
                progress(0)
            partitions = partition_items(items, _partition_size(settings, partition_size))
            for part in run_partitions(active, partitions, settings, out, task=task):
                _count_shard(summary, part, on_failure)
                if progress is not None:
                    progress(part.extracted + len(part.failures))
    if out is not None:
        summary.out = str(out)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _client_for(client: Client | None, scheduler: str | None, workers: int) -> Iterator[Client]:
    if client is not None:
        yield client
        return
    with open_client(scheduler, workers) as opened:
        yield opened


def _count_shard(
    summary: DistributedSummary, part: PartitionResult, on_failure: OnFailure | None
) -> None:
    summary.partitions += 1
    summary.shards += part.shard is not None
    summary.new += part.extracted - part.skipped
    summary.skipped += part.skipped
    for failure in part.failures:
        summary.count("failed", failure, on_failure)
