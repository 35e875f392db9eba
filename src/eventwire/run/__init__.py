"""Running extraction and ingest jobs: extraction runs (``extract.py``: batches, worker
processes, one text or file), the ingest service (``service.py``: read -> extract ->
save) and its drivers: a Dask cluster (``dask.py``), Parquet shards (``shards.py``) and
a watched folder or feed (``watch.py``)."""
