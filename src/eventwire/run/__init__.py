"""Running ingest jobs: read -> extract -> save, locally, on Dask, from shards or a watch."""
