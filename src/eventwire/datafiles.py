"""Read the package's data files (word lists, gazetteers, lexicons).

Every TSV in ``src/eventwire/data/`` has a header row and may start with
``#`` comment lines that explain it; values are stripped of surrounding
spaces, empty cells are empty strings.
"""

from __future__ import annotations

import csv
from importlib import resources


def read_tsv(filename: str) -> list[dict[str, str]]:
    """Rows of a package data TSV, as dicts keyed by the header."""
    text = resources.files("eventwire").joinpath("data", filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]
