"""The pipeline: the stage order, and nothing else.

Runs the stages in order (``STAGES``) on an article parsed once with spaCy:

    nlp -> actors -> times -> places -> quotes -> events

Each stage's set step writes its records on the Doc (``doc._.actors``, ...;
the contract is in ``eventwire.stages.doc``) and ``build_extraction``
collects the ``Extraction`` from the Doc at the end. The set steps of
actors, times, places and quotes wrap their stage's ``find_*`` function
here; the events stage has its own (``stages.events.set_events``). Reads a
parsed ``Doc`` and its ``Article``; writes nothing.

Running it over many articles (batches, worker processes, ``extract()`` of
one text or file) lives in ``eventwire.run.extract``; the names it had here
(``extract``, ``extract_batch``, ``extract_articles``, ``warm_up``,
``check_article``) still import from this module, with a DeprecationWarning.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

from eventwire.records import Article, Extraction
from eventwire.stages.actors import find_actors
from eventwire.stages.doc import collect_extraction
from eventwire.stages.events import set_events
from eventwire.stages.places import find_places
from eventwire.stages.quotes import find_quotes
from eventwire.stages.times import find_times


def set_actors(doc: Doc) -> Doc:
    """Actors stage: ``doc._.actors`` and ``doc.spans["mentions"]``."""
    doc._.actors = find_actors(doc)
    return doc


def set_times(doc: Doc) -> Doc:
    """Times stage: ``doc._.times``, anchored on ``doc._.published``."""
    doc._.times = find_times(doc, doc._.published)
    return doc


def set_places(doc: Doc) -> Doc:
    """Places stage: ``doc._.places``."""
    doc._.places = find_places(doc)
    return doc


def set_quotes(doc: Doc) -> Doc:
    """Quotes stage: ``doc._.quotes``."""
    doc._.quotes = find_quotes(doc)
    return doc


# The stage order: each reads what the ones before it wrote on the Doc.
STAGES: tuple[Callable[[Doc], Doc], ...] = (
    set_actors,
    set_times,
    set_places,
    set_quotes,
    set_events,
)


def annotate(doc: Doc, published: str | None) -> Doc:
    """Run every stage, in order, on one parsed article published on ``published``."""
    doc._.published = published
    for stage in STAGES:
        stage(doc)
    return doc


def build_extraction(doc: Doc, article: Article) -> Extraction:
    """Run every stage on one parsed article and collect its ``Extraction``."""
    return collect_extraction(annotate(doc, article.published), article)


# Names that moved to eventwire.run.extract; importing them from here still works.
_MOVED = ("check_article", "extract", "extract_articles", "extract_batch", "warm_up")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(
            f"eventwire.pipeline.{name} moved to eventwire.run.extract.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module("eventwire.run.extract"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
