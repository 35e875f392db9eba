"""Running ingest jobs: the ingest service (``service.py``: read -> extract -> save) and
its drivers: a Dask cluster (``dask.py``), Parquet shards (``shards.py``) and a watched
folder or feed (``watch.py``)."""
