"""Getting data out: files (JSON Lines, CSV, Parquet), PLOVER records, the JSON Schema."""

from eventwire.export.files import export

__all__ = ["export"]
