"""The extraction stages, in pipeline order: actors, times, places, quotes, events.

Each stage reads the spaCy ``Doc`` (and what earlier stages put on it) and
returns records; none imports the pipeline, the store or a front-end.
"""
