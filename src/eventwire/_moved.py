"""Old module paths, kept importable after the package layout changed.

``import eventwire.runner`` still works and gives the module that now lives at
``eventwire.run.service`` (the same module object, so patching either name
patches both), with a ``DeprecationWarning`` that names the new path. Names
that did not move (``eventwire.store``, ``eventwire.nlp``, ``eventwire.export``,
``eventwire.cli``) are packages whose ``__init__`` re-exports what they held.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings

MOVED = {
    "eventwire.actors": "eventwire.stages.actors",
    "eventwire.events": "eventwire.stages.events",
    "eventwire.places": "eventwire.stages.places",
    "eventwire.quotes": "eventwire.stages.quotes",
    "eventwire.times": "eventwire.stages.times",
    "eventwire.gazetteer": "eventwire.nlp.gazetteer",
    "eventwire.runner": "eventwire.run.service",
    "eventwire.distributed": "eventwire.run.dask",
    "eventwire.shards": "eventwire.run.shards",
    "eventwire.watch": "eventwire.run.watch",
    "eventwire.dedup": "eventwire.crossdoc.dedup",
    "eventwire.stories": "eventwire.crossdoc.stories",
    "eventwire.plover": "eventwire.export.plover",
    "eventwire.schema": "eventwire.export.schema",
    "eventwire.cli_common": "eventwire.cli.common",
    "eventwire.stories_cli": "eventwire.cli.stories",
    "eventwire.distributed_cli": "eventwire.cli.ingest",
    "eventwire.web.command": "eventwire.cli.serve",
}


def new_name(fullname: str) -> str | None:
    """Where an old dotted module name lives now, or None if it did not move."""
    for old, new in MOVED.items():
        if fullname == old or fullname.startswith(old + "."):
            return new + fullname[len(old) :]
    return None


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self.module = None

    def create_module(self, spec):
        self.module = importlib.import_module(self.target)
        self.saved = (self.module.__spec__, self.module.__loader__)
        return self.module

    def exec_module(self, module) -> None:
        # The import system stamped the old name's spec on the module; give it back its own.
        module.__spec__, module.__loader__ = self.saved


class MovedFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        moved = new_name(fullname)
        if moved is None:
            return None
        warnings.warn(
            f"{fullname} moved to {moved}; import it from there",
            DeprecationWarning,
            stacklevel=3,
        )
        return importlib.machinery.ModuleSpec(fullname, _Alias(moved))


def install() -> None:
    if not any(isinstance(f, MovedFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedFinder())
