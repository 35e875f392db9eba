"""eventwire: news articles in, source-linked political event data out."""

from eventwire.records import (
    Actor,
    Article,
    Entity,
    Extraction,
    Failure,
    Mention,
    Place,
    Quote,
    TimeExpr,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Entity",
    "Extraction",
    "Failure",
    "Mention",
    "Place",
    "Quote",
    "TimeExpr",
    "__version__",
]
