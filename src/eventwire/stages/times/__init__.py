"""The times stage: find temporal expressions in a parsed article and normalize them.

Reads a spaCy ``Doc`` (its DATE/TIME entities, tokens, morphology and dependency
parse) and the article's publication date; returns ``records.TimeExpr`` records
with TimeML-style values. ``normalize_time`` is the pure normalizer behind it,
usable on its own; the word lists and patterns live in ``data/time_words.json``.
"""

from eventwire.stages.times.find import find_times
from eventwire.stages.times.normalize import normalize_time
from eventwire.stages.times.values import TimeValue

__all__ = ["TimeValue", "find_times", "normalize_time"]
