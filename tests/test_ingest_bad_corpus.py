"""The bad-input corpus (tests/data/bad_inputs) ingests with no crash: every good record is
stored and every bad record or file is one named failure, counted exactly against the
manifest next to it (tests/data/bad_inputs.manifest.json). What cannot live in git joins it
here, in a temporary folder: a named pipe and a sparse 50 MB text file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from eventwire.ingest import read_paths
from eventwire.records import Article, Failure
from eventwire.settings import Settings
from eventwire.store import Store

CORPUS = ROOT / "tests" / "data" / "bad_inputs"
MANIFEST = json.loads((ROOT / "tests" / "data" / "bad_inputs.manifest.json").read_text("utf-8"))
EXPECTED = MANIFEST["files"]
PIPE = "pipe.jsonl"
HUGE = "huge.txt"
# Failures of the files made in a temporary folder, named relative to it.
GENERATED_FAILURES = [PIPE, HUGE]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


@pytest.fixture
def pipe_folder(tmp_path: Path) -> Path:
    """A named pipe (reading it must not block) and a sparse file over max_input_bytes."""
    folder = tmp_path / "spool"
    folder.mkdir()
    os.mkfifo(folder / PIPE)
    with (folder / HUGE).open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    return folder


def where(source: str, folders: tuple[Path, ...]) -> str:
    """A failure's source relative to the folder it came from ("nul_line.jsonl:3")."""
    for folder in folders:
        prefix = f"{folder}{os.sep}"
        if source.startswith(prefix):
            return source[len(prefix) :]
    return source


def test_ingest_bad_corpus_manifest_lists_every_file():
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.iterdir())


def test_ingest_bad_corpus_reads_every_good_record_and_names_every_bad_one(pipe_folder):
    items: list[Article | Failure] = []
    reader = threading.Thread(
        target=lambda: items.extend(read_paths([CORPUS, pipe_folder], Settings())), daemon=True
    )
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "reading blocked (the named pipe was opened?)"
    folders = (CORPUS, pipe_folder)
    articles = [where(a.source, folders) for a in items if isinstance(a, Article)]
    stored = Counter(source.split(":")[0].split("#")[0] for source in articles)
    failures = sorted(where(f.source, folders) for f in items if isinstance(f, Failure))
    assert dict(stored) == {name: e["stored"] for name, e in EXPECTED.items() if e["stored"]}
    assert failures == sorted(
        GENERATED_FAILURES + [f for e in EXPECTED.values() for f in e["failures"]]
    )
    for failure in (i for i in items if isinstance(i, Failure)):
        assert failure.stage == "read" and failure.message and "\n" not in failure.message


def test_ingest_bad_corpus_cli_stores_good_records_and_records_failures(tmp_path, pipe_folder):
    db = tmp_path / "corpus.db"
    command = [sys.executable, "-m", "eventwire", "ingest", str(CORPUS), str(pipe_folder)]
    command += ["--db", str(db), "--quiet", "--processes", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # something failed, as it should
    assert "Traceback" not in done.stderr
    want_stored = sum(e["stored"] for e in EXPECTED.values())
    want_failed = len(GENERATED_FAILURES) + sum(len(e["failures"]) for e in EXPECTED.values())
    assert f"{want_stored} articles stored" in done.stdout, done.stdout
    assert f"{want_failed} failed" in done.stdout, done.stdout
    with Store.open(db) as store:
        assert store.count_articles() == want_stored
        assert store.count_articles("skipped") == 1  # the French article
        recorded = store.failures(limit=1000)
        titles = {a["title"] for a in store.articles(limit=100)}
    folders = (CORPUS, pipe_folder)
    assert sorted(where(f["source"], folders) for f in recorded) == sorted(
        GENERATED_FAILURES + [f for e in EXPECTED.values() for f in e["failures"]]
    )
    assert "Officials Restore [server] Access After [/bold] Outage" in titles
    assert "Council vote \u202eevil\u202c postponed" in titles
