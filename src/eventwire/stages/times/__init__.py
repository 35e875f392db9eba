"""The times stage: find temporal expressions in a parsed article and normalize them.

Reads a spaCy ``Doc`` (its DATE/TIME entities, tokens, morphology and dependency
parse) and the article's publication date; returns ``records.TimeExpr`` records
with TimeML-style values. ``normalize_time`` is the pure normalizer behind it,
usable on its own; the word lists and patterns live in ``data/time_words.json``.
``instants`` turns a TimeML value into the instants it covers and into words
for people; the store and the front-ends import it alone, so the names below
load (with spaCy) only when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.stages.times.find import find_times
    from eventwire.stages.times.normalize import normalize_time
    from eventwire.stages.times.values import TimeValue

__all__ = ["TimeValue", "find_times", "normalize_time"]
_HOMES = {
    "find_times": "eventwire.stages.times.find",
    "normalize_time": "eventwire.stages.times.normalize",
    "TimeValue": "eventwire.stages.times.values",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
