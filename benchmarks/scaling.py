"""Scaling: distributed ingest on 1, 2 and N local Dask workers, against bare spaCy.

Measures on the VOA corpus (../shared/corpus/voa/voa_stories.jsonl, repeated
to --articles articles with distinct ids), for each worker count k:

  (a) eventwire: ``ingest --workers k`` (``eventwire.run.dask``): the client
      reads and partitions the JSON Lines file, k worker processes extract,
      the client writes every result to a fresh SQLite store (or, with
      --shards, the workers write Parquet shards);
  (b) bare spaCy: ``nlp.pipe`` of the same model over the same texts with
      n_process=k and the same batch size, in a child process of its own;
  (c) the peak resident memory (RSS) of each Dask worker process during (a),
      sampled with psutil every 0.2 s.

and prints articles/s, the scaling efficiency of (a) against one worker
(rate_k / (k * rate_1); target >= 0.85 at 2 workers), the ratio a/b (target
>= 0.80) and the peak RSS per worker (target <= 1 GB). Cluster start-up and
model loading are not timed: a long-running cluster pays them once. (b)
includes the start of its k - 1 forked processes, about a second a round.

The corpus is cut into --rounds slices, and every slice runs through each
configuration in turn (a and b at every k, one cluster per k kept up
throughout), so a slow spell of a shared machine falls on all of them
alike instead of on whichever ran then; the figures are sums over rounds.

Run: ``python benchmarks/scaling.py`` (5,000 articles: about 65 minutes on
2 cores) or ``python benchmarks/scaling.py --articles 300`` for a quick look.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "corpus" / "voa" / "voa_stories.jsonl"
# Records per corpus file.
PER_FILE = 1000


def make_corpus(source: Path, n: int, folder: Path, rounds: int) -> list[tuple[Path, list[str]]]:
    """Write ``n`` records of ``source`` (repeated, each with its own url) as ``rounds`` slices.

    Each slice is a folder of JSON Lines files of at most ``PER_FILE`` records
    (under the ingest size limit per file). Returns, per slice, its folder and
    its texts in input order.
    """
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    bounds = [round(r * n / rounds) for r in range(rounds + 1)]
    slices = []
    for r in range(rounds):
        out = folder / f"corpus-{r:02d}"
        out.mkdir()
        texts = []
        for first in range(bounds[r], bounds[r + 1], PER_FILE):
            with (out / f"part-{first // PER_FILE:04d}.jsonl").open("w", encoding="utf-8") as fh:
                for i in range(first, min(bounds[r + 1], first + PER_FILE)):
                    rec = dict(records[i % len(records)])
                    rec["id"] = f"{rec['id']}-{i}"
                    # A distinct url gives a distinct article id, so every copy is stored.
                    rec["url"] = f"{rec.get('url', '')}?copy={i}"
                    texts.append(rec["text"])
                    fh.write(json.dumps(rec) + "\n")
        slices.append((out, texts))
    return slices


class WorkerMonitor:
    """Samples the peak RSS of some processes in a thread, and reads their CPU time."""

    def __init__(self, pids: list[int], every: float = 0.2) -> None:
        import psutil

        self._procs = {pid: psutil.Process(pid) for pid in pids}
        self.peak = dict.fromkeys(pids, 0)
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for pid, proc in self._procs.items():
                try:
                    self.peak[pid] = max(self.peak[pid], proc.memory_info().rss)
                except Exception:  # a worker that died and was replaced
                    pass
            self._stop.wait(self._every)

    def cpu_seconds(self) -> float:
        """CPU seconds (user + system) the processes have used so far."""
        total = 0.0
        for proc in self._procs.values():
            try:
                times = proc.cpu_times()
            except Exception:  # a worker that died and was replaced
                continue
            total += times.user + times.system
        return total

    def __enter__(self) -> WorkerMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class EventwireRun:
    """A local Dask cluster of k workers, kept up across rounds, and what its ingests took.

    Cluster start-up and model loading happen in ``__enter__`` and are not timed.
    """

    def __init__(self, workers: int, batch_size: int, folder: Path, shards: bool) -> None:
        self.workers = workers
        self.batch_size = batch_size
        self.folder = folder
        self.shards = shards
        self.seconds = 0.0
        self.cpu = 0.0  # worker CPU seconds
        self.client_cpu = 0.0
        self._stack = ExitStack()

    def __enter__(self) -> EventwireRun:
        from eventwire.run.dask import open_client, prepare_client

        self.client = self._stack.enter_context(open_client(workers=self.workers))
        prepare_client(self.client)  # loads the model on every worker
        pids = list(self.client.run(os.getpid).values())
        self.monitor = self._stack.enter_context(WorkerMonitor(pids))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def ingest(self, corpus: Path) -> None:
        """Ingest one slice into this run's store (or shards), adding to the totals."""
        from eventwire.run.dask import ingest_distributed
        from eventwire.settings import Settings

        db = self.folder / f"bench-{self.workers}.db"
        out = self.folder / f"shards-{self.workers}" if self.shards else None
        settings = Settings(db=str(db), processes=self.workers, batch_size=self.batch_size)
        cpu = self.monitor.cpu_seconds()
        client_cpu = time.process_time()
        started = time.perf_counter()
        summary = ingest_distributed([corpus], settings, client=self.client, out=out)
        self.seconds += time.perf_counter() - started
        self.client_cpu += time.process_time() - client_cpu
        self.cpu += self.monitor.cpu_seconds() - cpu
        if summary.failed:
            raise SystemExit(
                f"benchmark ingest had {summary.failed} failures: {summary.failures[:3]}"
            )

    @property
    def peaks(self) -> list[int]:
        return list(self.monitor.peak.values())


@functools.lru_cache(maxsize=1)
def bare_nlp() -> Language:
    from eventwire.nlp import load_bare_nlp

    return load_bare_nlp()


def _pipe_seconds(texts: list[str], processes: int, batch_size: int, conn: Connection) -> None:
    nlp = bare_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        pass
    conn.send(time.perf_counter() - started)
    conn.close()


def time_bare(texts: list[str], processes: int, batch_size: int) -> float:
    """Return the seconds ``nlp.pipe`` takes over ``texts`` (model already loaded).

    It runs in a child forked for the purpose, so that the one-process run
    does not share a GIL with the threads of this process (the local
    clusters' schedulers and the memory monitors), as a Dask worker does not.
    """
    bare_nlp()  # loaded before the fork, and not timed
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_pipe_seconds, args=(texts, processes, batch_size, send))
    child.start()
    send.close()
    seconds = receive.recv()
    child.join()
    return seconds


def describe_machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    memory = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average {load}"
    )


def parse_counts(text: str) -> list[int]:
    counts = sorted({int(x) for x in text.split(",") if x.strip()})
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("give worker counts >= 1, e.g. 1,2,4")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=VOA)
    parser.add_argument("--articles", type=int, default=5000, help="articles per run")
    parser.add_argument(
        "--workers",
        type=parse_counts,
        default=parse_counts(f"1,2,{os.cpu_count() or 1}"),
        help="worker counts, comma-separated (default 1,2,<cores>)",
    )
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--shards", action="store_true", help="workers write Parquet shards")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare spaCy runs")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="slices of the corpus; each slice runs every configuration in turn (default 5)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} not found: the VOA corpus lives in ../shared", file=sys.stderr)
        return 2
    print(describe_machine())
    print(
        f"articles: {args.articles}, batch size: {args.batch_size}, "
        f"sink: {'Parquet shards' if args.shards else 'SQLite store'}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        slices = make_corpus(args.corpus, args.articles, folder, args.rounds)
        runs = [
            stack.enter_context(EventwireRun(k, args.batch_size, folder, args.shards))
            for k in args.workers
        ]
        bare = dict.fromkeys(args.workers, 0.0)
        for r, (corpus, texts) in enumerate(slices, 1):
            for run in runs:
                run.ingest(corpus)
                if not args.no_bare:
                    bare[run.workers] += time_bare(texts, run.workers, args.batch_size)
            done = sum(len(t) for _, t in slices[:r])
            rates = ", ".join(f"{run.workers} workers {done / run.seconds:.2f}" for run in runs)
            print(f"  round {r}/{args.rounds} ({done} articles): articles/s {rates}", flush=True)
        for run in runs:
            seconds = None if args.no_bare else bare[run.workers]
            rows.append((run.workers, run.seconds, seconds, run.peaks, run.cpu, run.client_cpu))
    n = args.articles
    k0, t0, b0, _, cpu0, _ = rows[0]
    base = n / t0 / k0  # per-worker rate of the smallest count
    print()
    print(
        "workers  eventwire a/s  efficiency  CPU eff.  bare a/s  bare eff.  ratio  "
        "worker CPU s/article  client CPU s  peak RSS per worker (MB)"
    )
    for k, ours, bare, peaks, cpu, client_cpu in rows:
        rate = n / ours
        bare_rate = f"{n / bare:8.2f}" if bare else f"{'-':>8}"
        bare_eff = f"{(n / bare) / (k * n / b0 / k0):9.2f}" if bare and b0 else f"{'-':>9}"
        ratio = f"{rate / (n / bare):5.2f}" if bare else f"{'-':>5}"
        peak = ", ".join(f"{p / 2**20:.0f}" for p in peaks)
        print(
            f"{k:7d}  {rate:13.2f}  {rate / (k * base):10.2f}  {cpu0 / cpu:8.2f}  "
            f"{bare_rate}  {bare_eff}  {ratio}  "
            f"{cpu / n:20.3f}  {client_cpu:12.1f}  {peak}"
        )
    print(
        "efficiency: articles/s at k workers / (k x articles/s per worker at the smallest k); "
        "CPU eff.: worker CPU per article at the smallest k / at k (overhead of scaling out, "
        "whatever else runs on the machine); bare eff.: efficiency of bare spaCy (what the "
        "machine allowed during the run)"
    )
    print("targets: efficiency >= 0.85 at 2 workers, ratio >= 0.80, peak RSS <= 1024 MB")
    print(describe_machine().split("; ")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
