"""Re-ingest skips articles stored before, before parsing: a run killed with SIGKILL resumes
with only the remainder, and a re-run of an unchanged file costs a fraction of a fresh one."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from backends import (
    execute_raw,
    store_target,  # noqa: F401  (fixture)
)
from conftest import SAMPLES, VOA, require

from eventwire.ingest import read_paths
from eventwire.run.service import ingest
from eventwire.settings import Settings
from eventwire.store import Store

# Articles of the VOA corpus ingested by the kill test, and the batch size: small batches
# so that some are committed well before the run ends.
ARTICLES = 24
BATCH = 4
# The timed ratio the issue asks for: a re-run under a fifth of a fresh ingest.
MAX_RERUN_SHARE = 0.2


def run_ingest(path: Path, db: Path, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    command = [sys.executable, "-m", "eventwire", "ingest", str(path), "--db", str(db)]
    command += ["--quiet", "--processes", "1", "--batch-size", str(BATCH), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return done, seconds


def stored_ids(db: Path) -> set[str]:
    """Article ids committed to ``db``, read without opening a Store (no migration, read-only)."""
    if not db.exists():
        return set()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            return {row[0] for row in conn.execute("SELECT id FROM articles")}
        except sqlite3.OperationalError:  # the schema is still being created
            return set()


def test_ingest_resume_after_kill_and_timed_rerun(tmp_path):
    source = tmp_path / "voa.jsonl"
    lines = require(VOA).read_text(encoding="utf-8").splitlines()[:ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    fresh_db = tmp_path / "fresh.db"
    fresh, fresh_seconds = run_ingest(source, fresh_db)
    assert f"{ARTICLES} new" in fresh.stdout
    expected = stored_ids(fresh_db)
    assert len(expected) == ARTICLES

    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "eventwire", "ingest", str(source), "--db", str(db)]
    command += ["--quiet", "--processes", "1", "--batch-size", str(BATCH)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while len(stored_ids(db)) < 2 * BATCH and time.monotonic() < deadline:
            assert process.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    before = stored_ids(db)
    assert 2 * BATCH <= len(before) < ARTICLES and before <= expected

    resumed, _ = run_ingest(source, db)
    remainder = ARTICLES - len(before)
    assert f"{remainder} articles stored ({remainder} new" in resumed.stdout, resumed.stdout
    assert f"{len(before)} unchanged" in resumed.stdout
    assert stored_ids(db) == expected

    rerun, rerun_seconds = run_ingest(source, db)
    assert "0 articles stored (0 new, 0 already present" in rerun.stdout
    assert f"{ARTICLES} unchanged" in rerun.stdout
    assert rerun_seconds < MAX_RERUN_SHARE * fresh_seconds, (rerun_seconds, fresh_seconds)


INPUTS = [SAMPLES / "05_harbour_post_stories.jsonl", SAMPLES / "01_geneva_sudan_talks.txt"]


def test_ingest_resume_older_version_and_force_extract_again(store_target):  # noqa: F811
    settings = Settings(processes=1)
    articles = list(read_paths(INPUTS, settings))
    with Store.open(store_target) as store:
        first = ingest(articles, settings, store)
        assert (first.new, first.unchanged) == (len(articles), 0)
        again = ingest(articles, settings, store)
        assert (again.new, again.updated, again.unchanged) == (0, 0, len(articles))
        forced = ingest(articles, settings, store, force=True)
        assert (forced.updated, forced.unchanged) == (len(articles), 0)
    # A store written by another eventwire version: that article is extracted again.
    older = "UPDATE articles SET extractor_version = '0.0.1' WHERE id = ?"
    execute_raw(store_target, [(older, (articles[0].id,))])
    outcomes: list[tuple[str, str]] = []
    with Store.open(store_target) as store:
        summary = ingest(
            articles,
            settings,
            store,
            on_saved=lambda result, outcome: outcomes.append((result.article.id, outcome)),
        )
        assert store.count_articles() == len(articles)
    assert (summary.updated, summary.unchanged) == (1, len(articles) - 1)
    assert sorted(outcomes) == sorted(
        [(articles[0].id, "updated")] + [(a.id, "unchanged") for a in articles[1:]]
    )
