"""Settings, declared once with defaults and help text.

``Settings`` is the one options object passed down through ingest,
extraction and the store. Each field can be set from the environment as
``EVENTWIRE_<NAME>`` (upper case) and from CLI options of the same name.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any


def _setting(default: Any, help: str) -> Any:
    """A setting's field: its default and the help text the CLI shows (``SETTINGS_HELP``)."""
    return field(default=default, metadata={"help": help})


def _default_processes() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class Settings:
    db: str = _setting("eventwire.db", "SQLite file (or database URL) the store writes to.")
    processes: int = field(
        default_factory=_default_processes,
        metadata={"help": "Worker processes for extraction; default: all cores."},
    )
    batch_size: int = _setting(16, "Articles per spaCy batch (nlp.pipe batch_size).")
    max_input_bytes: int = _setting(
        20 * 1024 * 1024,
        "Largest input read whole (text, HTML, JSON, feed; after gunzip); larger "
        "ones are refused. JSON Lines files are read a line at a time and have no limit.",
    )
    max_record_bytes: int = _setting(
        4 * 1024 * 1024, "Longest JSON Lines record (one line); a longer line is one failure."
    )
    max_article_chars: int = _setting(
        200_000, "Longest article body extracted; longer bodies are refused."
    )
    min_language_chars: int = _setting(40, "Shortest text on which language detection is trusted.")
    min_confidence: float = _setting(
        0.25, "Events below this confidence are hidden unless asked for (--all, ?all=1)."
    )
    language: str = _setting("en", "Language eventwire extracts; others are stored with a reason.")
    public_extract: bool = _setting(
        False,
        "Let callers without the token use POST /api/extract and the paste form "
        "of `eventwire serve` (rate-limited, size-capped, queued).",
    )
    public_extract_chars: int = _setting(
        20_000, "Longest text or HTML a caller without the token may extract."
    )
    extract_per_minute: int = _setting(
        6, "Extractions one client without the token may ask for per minute."
    )
    extract_queue: int = _setting(4, "Extractions the server runs or holds at once; more get 503.")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            env = os.environ.get(f"EVENTWIRE_{f.name.upper()}")
            if env is not None:
                values[f.name] = _parse(f.default, env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(default: object, value: str) -> object:
    """An environment value as the type of the setting's default (``bool("0")`` would be True)."""
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return type(default)(value) if default is not dataclasses.MISSING else int(value)


SETTINGS_HELP = {f.name: f.metadata.get("help", "") for f in dataclasses.fields(Settings)}
