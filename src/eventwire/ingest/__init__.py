"""Ingest: read files in every supported format into ``Article`` records."""
