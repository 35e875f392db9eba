"""Incremental ingest: watch a directory or a feed file and ingest what is new.

Reads the files under a directory (recursively, the formats ``ingest``
reads) or one file (an RSS/Atom feed or a JSON Lines file that grows), polls
them every few seconds, and extracts and saves new articles through the
ingest service (``run.service.ingest``). The store's ``watched_files`` table records,
per file, its size, mtime, content hash and the ids of the articles read
from it, so:

* a file is ingested once: a poll skips files whose size and mtime match
  the record, and files whose content hash matches it (only touched);
* a file that changed (a feed that gained entries) is read again and only
  the articles whose ids are not recorded for it are ingested;
* a file is read only once its size and mtime are the same in two
  consecutive polls, so a file still being written is left for later;
* a restart loses nothing and redoes nothing: the state is in the store. A
  file's record is written after all its articles are stored, so a crash in
  between makes the next run read it again, and since articles are saved by
  stable id that stores nothing twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import InputError
from eventwire.ingest import read_paths
from eventwire.ingest.files import iter_input_files
from eventwire.records import Article, Failure
from eventwire.run.service import Result, ingest
from eventwire.run.shards import hash_file
from eventwire.settings import Settings
from eventwire.store import Store

# Seconds between polls by default.
DEFAULT_INTERVAL = 5.0
# Longest wait, with --once, between the two looks that show a file is no
# longer being written.
ONCE_SETTLE_S = 1.0
# The kind under which watched files are recorded in the store.
FILE_KIND = "file"


@dataclass(frozen=True)
class FileStat:
    """What a poll sees of a file without reading it."""

    size: int
    mtime_ns: int


@dataclass
class PollReport:
    """What one poll (or a whole watch, added up) did."""

    files: int = 0  # files read (new or changed)
    waiting: int = 0  # files seen but not yet stable: read at a later poll
    new: int = 0  # articles stored for the first time
    updated: int = 0  # articles stored again (already present from another input)
    skipped: int = 0  # stored without extraction (not English)
    seen: int = 0  # articles already ingested (from this file, or stored before): not extracted
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, other: PollReport) -> None:
        for name in ("files", "new", "updated", "skipped", "seen", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.waiting = other.waiting
        self.failures.extend(other.failures)

    def describe(self) -> str:
        return (
            f"{self.files} files read, {self.new} new articles stored ({self.updated} already "
            f"present, {self.skipped} not extracted: not English, {self.seen} seen before), "
            f"{self.failed} failed, {self.waiting} files still being written"
        )


class Watcher:
    """Polls one directory or file and ingests what is new into an open store."""

    def __init__(
        self,
        target: str | Path,
        store: Store,
        settings: Settings,
        *,
        published: str | None = None,
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        self.target = Path(target)
        self.store = store
        self.settings = settings
        self.published = published
        self.on_failure = on_failure
        # Stats from the previous poll: a file is stable when they did not change.
        self._last: dict[str, FileStat] = {}

    def poll(self) -> PollReport:
        """Look once; read every new or changed file that is stable since the last poll."""
        report = PollReport()
        known = self.store.watched_files(FILE_KIND)
        current = scan_files(self.target)
        ready: dict[str, FileStat] = {}
        for key, stat in current.items():
            row = known.get(key)
            if row is not None and (row["size"], row["mtime_ns"]) == (stat.size, stat.mtime_ns):
                continue
            if self._last.get(key) != stat:
                report.waiting += 1
                continue
            ready[key] = stat
        self._last = current
        if ready:
            self._process(ready, known, report)
        return report

    def _process(
        self, ready: dict[str, FileStat], known: dict[str, dict], report: PollReport
    ) -> None:
        """Read the ready files, extract their new articles together, record each file."""
        articles: list[Article] = []
        owners: dict[str, list[str]] = {}  # article id -> files waiting for it
        pending: dict[str, set[str]] = {}  # file -> ids not yet stored
        records: dict[str, dict] = {}  # file -> what to record once its articles are in
        for key, stat in ready.items():
            try:
                digest = hash_file(key)
            except OSError:  # removed or made unreadable since the scan: look again next poll
                continue
            row = known.get(key)
            done = set(row["article_ids"]) if row else set()
            records[key] = {"stat": stat, "hash": digest, "ids": set(done), "failures": 0}
            if row is not None and row["content_hash"] == digest:
                records[key]["failures"] = row["failures"]
                self._record(key, records[key])  # only touched: note the new mtime
                continue
            report.files += 1
            waiting: set[str] = set()
            for item in read_paths([key], self.settings, published=self.published):
                if isinstance(item, Failure):
                    self._fail(item, report)
                    records[key]["failures"] += 1
                elif item.id in done:
                    report.seen += 1
                else:
                    records[key]["ids"].add(item.id)
                    if item.id not in owners:
                        articles.append(item)
                    owners.setdefault(item.id, []).append(key)
                    waiting.add(item.id)
            pending[key] = waiting
            if not waiting:
                self._record(key, records[key])

        def saved(result: Result, outcome: str) -> None:
            article_id = result.article_id if isinstance(result, Failure) else result.article.id
            for key in owners.pop(article_id or "", []):
                if isinstance(result, Failure):
                    records[key]["failures"] += 1
                pending[key].discard(article_id)
                if not pending[key]:
                    self._record(key, records[key])

        if not articles:
            return
        summary = ingest(
            articles, self.settings, self.store, on_failure=self.on_failure, on_saved=saved
        )
        for name in ("new", "updated", "skipped", "failed"):
            setattr(report, name, getattr(report, name) + getattr(summary, name))
        report.seen += summary.unchanged  # stored before, from another file or run
        report.failures.extend(summary.failures)

    def _record(self, key: str, record: dict) -> None:
        stat: FileStat = record["stat"]
        self.store.record_watched_file(
            key,
            kind=FILE_KIND,
            size=stat.size,
            mtime_ns=stat.mtime_ns,
            content_hash=record["hash"],
            article_ids=record["ids"],
            failures=record["failures"],
        )

    def _fail(self, failure: Failure, report: PollReport) -> None:
        self.store.record_failure(failure)
        report.failed += 1
        report.failures.append(failure)
        if self.on_failure is not None:
            self.on_failure(failure)

    def run(
        self,
        interval: float = DEFAULT_INTERVAL,
        *,
        once: bool = False,
        settle: float | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> PollReport:
        """Poll every ``interval`` seconds until ``should_stop()``; return the totals.

        With ``once``, look twice ``settle`` seconds apart (default: the
        interval, at most ``ONCE_SETTLE_S``), ingest what is stable, and return.
        """
        total = PollReport()
        if once:
            self.poll()  # the first look only learns sizes: nothing is stable yet
            time.sleep(min(interval, ONCE_SETTLE_S) if settle is None else settle)
            total.add(self.poll())
            if on_poll is not None:
                on_poll(total)
            return total
        while True:
            report = self.poll()
            total.add(report)
            if on_poll is not None:
                on_poll(report)
            if should_stop is not None and should_stop():
                return total
            time.sleep(interval)


def scan_files(target: Path) -> dict[str, FileStat]:
    """Return the readable files under ``target`` (or ``target`` itself) by absolute path."""
    found: dict[str, FileStat] = {}
    if not target.exists():
        return found
    for item in iter_input_files([target]):
        if isinstance(item, InputError):  # an empty directory: nothing to do yet
            continue
        try:
            stat = item.stat()
        except OSError:  # removed between listing and stat
            continue
        found[str(item.resolve())] = FileStat(stat.st_size, stat.st_mtime_ns)
    return found


def watch_path(
    target: str | Path,
    settings: Settings,
    *,
    interval: float = DEFAULT_INTERVAL,
    once: bool = False,
    published: str | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> PollReport:
    """Watch ``target`` and ingest what is new into the store at ``settings.db``.

    Runs until ``should_stop()`` returns True (or, with ``once``, after one
    round). Raises ``InputError`` when ``target`` does not exist.
    """
    path = Path(target)
    if not path.exists():
        raise InputError(str(path), "no such file or directory; give a folder or a feed file")
    with Store.open(settings.db) as store:
        watcher = Watcher(path, store, settings, published=published, on_failure=on_failure)
        return watcher.run(interval, once=once, on_poll=on_poll, should_stop=should_stop)
