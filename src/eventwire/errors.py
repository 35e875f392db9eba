"""Exceptions raised by eventwire.

Every message names the input it is about and says what to do next.

    EventwireError
    ├── InputError              an input cannot be read as an article
    │   ├── EmptyInputError         the file or record has no text
    │   ├── BinaryInputError        the bytes are not text in any encoding
    │   ├── FormatError             malformed JSON line, HTML, feed or gzip
    │   ├── InputTooLargeError      over settings.max_input_bytes (read whole)
    │   └── LanguageError           not English: stored, not extracted
    ├── ModelError              the spaCy model package is missing or broken
    ├── StoreError              the database cannot be opened, migrated or written
    │   └── SchemaVersionError      the database was written by a newer eventwire
    ├── ClusterError            the Dask cluster cannot be reached or has no workers
    └── EvaluationError         gold data is missing or in an unknown format
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input cannot be turned into an article."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}")


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class FormatError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class LanguageError(InputError):
    def __init__(self, source: str, language: str) -> None:
        self.language = language
        super().__init__(
            source,
            f"language detected as '{language}', not English; stored without extraction "
            "(eventwire extracts English only)",
        )


class ModelError(EventwireError):
    pass


class StoreError(EventwireError):
    pass


class SchemaVersionError(StoreError):
    pass


class ClusterError(EventwireError):
    """The Dask cluster cannot be reached or has no workers."""


class EvaluationError(EventwireError):
    pass
