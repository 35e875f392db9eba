"""Distributed ingest on a real Dask LocalCluster (2 worker processes) against the local path.

One cluster is shared by the module. Each test compares the JSON Lines export
(and the failures table) of a distributed run with those of a local run
(``run.service.ingest_paths``, one process) over the same real inputs.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, VOA, require

from eventwire.export import export
from eventwire.records import Article, Failure
from eventwire.run.dask import (
    Partition,
    PartitionResult,
    ingest_distributed,
    partition_items,
    prepare_client,
    process_partition,
)
from eventwire.run.service import ingest_paths
from eventwire.run.shards import list_shards, load_shards
from eventwire.settings import Settings
from eventwire.store import Store

pytest.importorskip("distributed")

# Small batches and partitions: the inputs are a few dozen articles and the
# tests need several partitions per run.
BATCH = 4
VOA_SLICE = 16


def _settings(db: Path) -> Settings:
    return Settings(db=str(db), processes=1, batch_size=BATCH)


def _snapshot(db: Path) -> tuple[str, list[tuple]]:
    """The JSON Lines export and the failures (source, stage, message, article id) of a store."""
    buffer = io.StringIO()
    with Store.open(db) as store:
        export(store, "jsonl", buffer)
        failures = sorted(
            (f["source"], f["stage"], f["message"], f["article_id"])
            for f in store.iter_rows("failures")
        )
    return buffer.getvalue(), failures


def _copy_samples(folder: Path) -> Path:
    folder.mkdir()
    for item in SAMPLES.iterdir():
        if item.name != "README.md":
            shutil.copy(item, folder / item.name)
    (folder / "09_empty.txt").write_text("", encoding="utf-8")  # a read failure
    return folder


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as active,
    ):
        yield active


@pytest.fixture(scope="module")
def samples_dir(tmp_path_factory) -> Path:
    return _copy_samples(tmp_path_factory.mktemp("inputs") / "samples")


@pytest.fixture(scope="module")
def local_samples(samples_dir, tmp_path_factory) -> tuple[str, list[tuple]]:
    db = tmp_path_factory.mktemp("local") / "local.db"
    ingest_paths([samples_dir], _settings(db))
    return _snapshot(db)


@pytest.fixture(scope="module")
def voa_slice(tmp_path_factory) -> Path:
    lines = require(VOA).read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path_factory.mktemp("voa") / "voa_slice.jsonl"
    path.write_text("".join(lines[:VOA_SLICE]), encoding="utf-8")
    return path


def test_distributed_partition_items_keeps_order_and_failures():
    items = [Failure("a", "read", "bad")] + [Article(text=f"story {i}") for i in range(5)]
    items.append(Failure("b", "read", "bad"))
    parts = list(partition_items(items, 2))
    assert [len(p.articles) for p in parts] == [2, 2, 1]
    assert [p.index for p in parts] == [0, 1, 2]
    assert [f.source for f in parts[0].failures] == ["a"]
    assert [f.source for f in parts[-1].failures] == ["b"]
    flat = [a.text for p in parts for a in p.articles]
    assert flat == [f"story {i}" for i in range(5)]


def test_distributed_partition_items_rejects_empty_partitions():
    with pytest.raises(ValueError, match="at least 1"):
        list(partition_items([], 0))


def test_distributed_ingest_matches_local_byte_for_byte(client, samples_dir, voa_slice, tmp_path):
    inputs = [samples_dir, voa_slice]
    local_db, dist_db = tmp_path / "local.db", tmp_path / "dist.db"
    local = ingest_paths(inputs, _settings(local_db))
    summary = ingest_distributed(inputs, _settings(dist_db), client=client, partition_size=BATCH)
    assert summary.workers == 2
    assert summary.partitions > 2
    assert (summary.new, summary.skipped, summary.failed) == (
        local.new,
        local.skipped,
        local.failed,
    )
    local_jsonl, local_failures = _snapshot(local_db)
    dist_jsonl, dist_failures = _snapshot(dist_db)
    assert local_jsonl.count("\n") == local.stored
    assert dist_jsonl.encode("utf-8") == local_jsonl.encode("utf-8")
    assert dist_failures == local_failures


def _die_once(
    partition: Partition, settings: Settings, out: str | None, *, marker: str, victim: int
) -> PartitionResult:
    """Kill this worker process the first time partition ``victim`` runs."""
    if partition.index == victim and not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        os._exit(1)
    return process_partition(partition, settings, out)


def test_distributed_worker_death_loses_and_duplicates_nothing(
    client, samples_dir, local_samples, tmp_path
):
    marker = tmp_path / "partition-1-died"
    task = functools.partial(_die_once, marker=str(marker), victim=1)
    db = tmp_path / "dist.db"
    summary = ingest_distributed(
        [samples_dir], _settings(db), client=client, task=task, partition_size=BATCH
    )
    assert marker.exists(), "the victim partition never ran"
    assert int(marker.read_text()) != os.getpid()  # it was a worker process that died
    assert summary.partitions >= 3
    # A partition collected twice would show up as articles "already present".
    assert summary.updated == 0
    assert _snapshot(db) == local_samples
    # Run again, as after a dead client: no stored article is sent to the cluster (only
    # the read failures, in one partition of their own).
    again = ingest_distributed([samples_dir], _settings(db), client=client, partition_size=BATCH)
    assert (again.new, again.updated, again.skipped) == (0, 0, 0)
    assert again.unchanged == summary.stored
    assert (again.failed, again.partitions) == (summary.failed, int(summary.failed > 0))
    assert _snapshot(db)[0] == local_samples[0]  # the read failures are recorded once more


def test_distributed_shards_load_into_the_same_store(client, samples_dir, local_samples, tmp_path):
    out = tmp_path / "shards"
    summary = ingest_distributed(
        [samples_dir],
        _settings(tmp_path / "unused.db"),
        client=client,
        out=out,
        partition_size=BATCH,
    )
    assert not (tmp_path / "unused.db").exists()
    shards = list_shards(out)
    assert len(shards) == summary.shards == summary.partitions
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no temporary file left
    db = tmp_path / "loaded.db"
    with Store.open(db) as store:
        first = load_shards(out, store)
        again = load_shards(out, store)
    assert first.shards == len(shards) and (first.new, first.skipped) == (
        summary.new,
        summary.skipped,
    )
    assert (again.shards, again.unchanged, again.new, again.failed) == (0, len(shards), 0, 0)
    assert _snapshot(db) == local_samples


def _page_faults_reallocating(megabytes: int = 4, times: int = 16) -> int:
    """Minor page faults this process takes to allocate, fill and free a buffer ``times`` times."""
    import resource

    import numpy

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(times):
        buffer = numpy.ones(megabytes * 2**18, dtype=numpy.float32)
        del buffer
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not os.uname().sysname == "Linux", reason="glibc malloc tuning is Linux-only")
def test_distributed_workers_reuse_large_buffers_instead_of_mapping_them_afresh(client):
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, under which glibc
    # maps large buffers fresh from the kernel every time (256 page faults per
    # MiB), as it did for spaCy's batch tensors. Once prepared, a worker must
    # reuse freed buffers as a plain process does.
    assert any(
        env.get("MALLOC_TRIM_THRESHOLD_") for env in client.run(lambda: dict(os.environ)).values()
    ), "the cluster no longer sets MALLOC_TRIM_THRESHOLD_: this test checks nothing"
    prepare_client(client)
    faults = client.run(_page_faults_reallocating)
    assert len(faults) == 2
    # 16 fresh mappings of 4 MiB take 16 x 1,024 = 16,384 faults; reuse takes a few hundred.
    assert all(n < 4_000 for n in faults.values()), faults
