"""Parquet shards: write, read back equal, load into a real store idempotently."""

from __future__ import annotations

import io

import pytest
from backends import store_target  # noqa: F401  (fixture)
from conftest import SAMPLES

from eventwire.errors import InputError, StoreError
from eventwire.export import export
from eventwire.ingest import read_paths
from eventwire.records import Failure
from eventwire.run.extract import extract_batch
from eventwire.run.shards import list_shards, load_shards, read_shard, save_results, write_shard
from eventwire.settings import Settings
from eventwire.store import Store


@pytest.fixture(scope="module")
def results(nlp):
    settings = Settings(processes=1)
    articles = list(read_paths([SAMPLES / "05_harbour_post_stories.jsonl"], settings))
    articles += list(read_paths([SAMPLES / "08_sommet_paris_ukraine_fr.txt"], settings))
    extracted = extract_batch(nlp, articles, settings)
    return [Failure("inbox/broken.xml", "read", "feed has no entries"), *extracted]


def _jsonl(store: Store) -> str:
    buffer = io.StringIO()
    export(store, "jsonl", buffer)
    return buffer.getvalue()


def test_shards_roundtrip_equal(tmp_path, results):
    path = write_shard(tmp_path / "run", "part-000000", results)
    assert path.name == "part-000000.parquet"
    assert read_shard(path) == results
    assert [p.name for p in (tmp_path / "run").iterdir()] == ["part-000000.parquet"]


def test_shards_rewrite_replaces_the_shard(tmp_path, results):
    write_shard(tmp_path, "part-000001", results)
    write_shard(tmp_path, "part-000001", results[:2])  # a retried partition writes again
    assert read_shard(tmp_path / "part-000001.parquet") == results[:2]


def test_shards_list_skips_hidden_files(tmp_path, results):
    write_shard(tmp_path / "b", "part-000000", results[:1])
    write_shard(tmp_path / "a", "part-000001", results[:1])
    (tmp_path / "a" / ".part-000002.123.tmp.parquet").write_bytes(b"half")
    assert [p.relative_to(tmp_path).as_posix() for p in list_shards(tmp_path)] == [
        "a/part-000001.parquet",
        "b/part-000000.parquet",
    ]


def test_shards_bad_file_raises_input_error(tmp_path):
    bad = tmp_path / "part-000000.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="cannot be read as Parquet"):
        read_shard(bad)
    with pytest.raises(InputError, match="no such directory"):
        list_shards(tmp_path / "missing")


def test_shards_load_is_idempotent(tmp_path, results, store_target):  # noqa: F811
    write_shard(tmp_path / "shards", "part-000000", results)
    direct = tmp_path / "direct.db"
    with Store.open(direct) as store:
        for result in results[1:]:
            store.save(result)
        expected = _jsonl(store)
    with Store.open(store_target) as store:  # SQLite, then PostgreSQL
        first = load_shards(tmp_path / "shards", store)
        second = load_shards(tmp_path / "shards", store)
        assert (first.shards, first.new, first.skipped, first.failed) == (1, 2, 1, 1)
        assert (second.shards, second.unchanged, second.new, second.failed) == (0, 1, 0, 0)
        assert len(store.failures()) == 1
        assert _jsonl(store) == expected
        # A shard whose content changed is loaded again: its articles are replaced, not added.
        write_shard(tmp_path / "shards", "part-000000", results[1:2])
        third = load_shards(tmp_path / "shards", store)
        assert (third.shards, third.new, third.updated) == (1, 0, 1)
        assert store.count_articles() == 3


def test_save_results_reports_each_result_in_input_order(results, store_target, monkeypatch):  # noqa: F811
    from test_store_sqlite import make_extraction

    refused = make_extraction("Talks in Berlin went on.", places=[("Berlin", "DEU", -91.0, 13.4)])
    batch = [*results, refused]
    with Store.open(store_target) as store:  # SQLite, then PostgreSQL
        store.save(results[1])
        outcomes = save_results(store, batch)
        assert [outcome for outcome, _ in outcomes] == "failed updated new skipped failed".split()
        assert outcomes[0][1] == results[0]
        stored_failure = outcomes[4][1]
        assert stored_failure is not None and stored_failure.stage == "store"
        assert stored_failure.article_id == refused.article.id
        assert store.count_articles() == 3
        # store.failures() lists the newest first
        assert [f["article_id"] for f in store.failures()] == [refused.article.id, None]

        # A batch the database refuses as a whole is saved one article at a time.
        def refuse(*args, **kwargs):
            raise StoreError("database is locked")

        monkeypatch.setattr(store, "save_many", refuse)
        again = save_results(store, batch)
        assert [outcome for outcome, _ in again] == "failed updated updated skipped failed".split()
        assert store.count_articles() == 3


def test_shards_load_command(tmp_path, results):
    import typer
    from typer.testing import CliRunner

    from eventwire.cli.ingest import load, watch

    app = typer.Typer()
    app.command()(load)
    app.command()(watch)
    write_shard(tmp_path / "shards" / "run", "part-000000", results[1:])
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(app, ["load", str(tmp_path / "shards"), "--db", db])
    assert first.exit_code == 0, first.output
    assert "1 shards loaded" in first.output and "3 articles stored" in first.output
    again = runner.invoke(app, ["load", str(tmp_path / "shards"), "--db", db])
    assert "0 shards loaded (1 skipped" in again.output
    missing = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--db", db])
    assert missing.exit_code != 0 and isinstance(missing.exception, InputError)
