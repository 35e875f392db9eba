"""eventwire: news articles in, source-linked political event data out."""

from eventwire import _moved
from eventwire.records import (
    Actor,
    Article,
    Entity,
    Event,
    EventActor,
    Extraction,
    Failure,
    Mention,
    Place,
    Quote,
    TimeExpr,
)

__version__ = "0.1.0"

_moved.install()


def extract(text_or_path, published=None) -> Extraction:
    """Extract one article from text or a file path; nothing is stored.

    See ``eventwire.run.extract.extract``. Imported lazily so ``import eventwire``
    stays cheap (the spaCy model loads on first use).
    """
    from eventwire.run.extract import extract as _extract

    return _extract(text_or_path, published=published)


def open_store(path):
    """Open (creating or migrating) the store at ``path``; see ``eventwire.store.Store``."""
    from eventwire.store import Store

    return Store.open(path)


__all__ = [
    "Actor",
    "Article",
    "Entity",
    "Event",
    "EventActor",
    "Extraction",
    "Failure",
    "Mention",
    "Place",
    "Quote",
    "TimeExpr",
    "__version__",
    "extract",
    "open_store",
]
