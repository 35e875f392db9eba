"""The ingest service (``run.service``): batches end where spaCy batches end, every result's
outcome and the progress are reported, and the web intake saves through it."""

from __future__ import annotations

import pytest
from conftest import SAMPLES
from test_store_sqlite import make_extraction

from eventwire.ingest import read_paths
from eventwire.records import Failure
from eventwire.run.extract import extract_batch
from eventwire.run.service import in_batches, ingest, save_batches
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.web.intake import save_results as save_posted

INPUTS = [SAMPLES / "05_harbour_post_stories.jsonl", SAMPLES / "08_sommet_paris_ukraine_fr.txt"]


@pytest.fixture(scope="module")
def results(nlp):
    """A read failure, two extractions and one article skipped (French), in that order."""
    settings = Settings(processes=1)
    articles = [a for path in INPUTS for a in read_paths([path], settings)]
    extracted = extract_batch(nlp, articles, settings)
    return [Failure("inbox/broken.xml", "read", "feed has no entries"), *extracted]


def test_ingest_service_batches_count_articles_not_read_failures():
    read = Failure("inbox/a.xml", "read", "feed has no entries")
    failed = Failure("inbox/b.txt", "extract", "article has no body text", "b")
    items = [read, "a1", "a2", read, "a3", failed, "a4"]
    assert list(in_batches(items, 2)) == [[read, "a1", "a2"], [read, "a3", failed], ["a4"]]


def test_ingest_service_saves_batches_and_reports_each_result(tmp_path, results):
    outcomes, progress, failures = [], [], []
    with Store.open(tmp_path / "service.db") as store:
        summary = save_batches(
            store,
            [results[:2], results[2:]],
            progress=progress.append,
            on_failure=failures.append,
            on_saved=lambda result, outcome: outcomes.append(outcome),
        )
        assert store.count_articles() == 3
        assert len(store.failures()) == 1
    assert outcomes == ["failed", "new", "new", "skipped"]
    assert progress == [2, 2]
    assert (summary.new, summary.updated, summary.skipped, summary.failed) == (2, 0, 1, 1)
    assert summary.failures == failures == [results[0]]


def test_ingest_service_extracts_and_saves_articles(tmp_path, results):
    settings = Settings(processes=1, batch_size=2)
    items = [results[0], *[a for path in INPUTS for a in read_paths([path], settings)]]
    progress: list[int] = []
    with Store.open(tmp_path / "ingest.db") as store:
        summary = ingest(items, settings, store, progress=progress.append)
        stored = sorted(e.article.id for e in store.iter_extractions())
        assert stored == sorted(r.article.id for r in results[1:])
    assert progress[0] == 0 and sum(progress) == len(items)
    assert (summary.new, summary.skipped, summary.failed) == (2, 1, 1)


def test_ingest_service_web_intake_saves_each_article_in_a_savepoint(tmp_path, results):
    # The store refuses this article (a latitude out of range); the others are saved.
    refused = make_extraction("Talks in Berlin went on.", places=[("Berlin", "DEU", -91.0, 13.4)])
    with Store.open(tmp_path / "web.db") as store:
        first = save_posted(store, [*results, refused])
        assert [first[k] for k in ("new", "updated", "skipped", "failed")] == [2, 0, 1, 2]
        assert [a["new"] for a in first["articles"]] == [True, True, True]
        assert [f["stage"] for f in first["failures"]] == ["read", "store"]
        again = save_posted(store, results[1:])
        assert [again[k] for k in ("new", "updated", "skipped", "failed")] == [0, 2, 1, 0]
        assert [a["new"] for a in again["articles"]] == [False, False, False]
        assert store.count_articles() == 3
