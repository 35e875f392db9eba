"""Scoring actor identity: do the canonical ids merge the names that are one actor, only those?

Reads a labelled alias list (``gold/actors/aliases.tsv``: pairs of actor
names, each with its type, country and sector, labelled the same actor or
not, with a kind and a frozen/tuning split); writes nothing but a scratch
store in a temporary folder. Every distinct name is saved as an article of
its own (one actor), all into one store, so the ids come from the same rules
and registry as an ingest (``store/identity.py``); a pair is merged when both
names got one id. Returns pairwise merge precision and recall, overall and
per kind.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.records import Actor, Article, Extraction

SPLITS = ("frozen", "tuning", "all")
_COLUMNS = (
    "a_name a_type a_country a_sector b_name b_type b_country b_sector same kind split source"
).split()


@dataclass(frozen=True)
class AliasPair:
    """Two actor names (name, type, country, sector) and whether they are one actor."""

    a: tuple[str, str, str | None, str | None]
    b: tuple[str, str, str | None, str | None]
    same: bool
    kind: str
    split: str


def read_aliases(path: str | Path) -> list[AliasPair]:
    """The pairs of an alias list; ``EventwireError`` naming the file and line when malformed."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EventwireError(f"cannot read alias list {path}: {exc.strerror}") from exc
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != _COLUMNS:
        raise EventwireError(
            f"{path} is not an alias list: its header must be the columns {' '.join(_COLUMNS)}"
        )
    pairs = []
    for number, row in enumerate(reader, start=2):
        if row["same"] not in ("0", "1") or row["split"] not in SPLITS[:2]:
            raise EventwireError(
                f"{path}, row {number}: 'same' must be 0 or 1 and 'split' frozen or tuning"
            )
        sides = [
            (row[f"{s}_name"], row[f"{s}_type"], row[f"{s}_country"] or None,
             row[f"{s}_sector"] or None)
            for s in ("a", "b")
        ]  # fmt: skip
        pairs.append(AliasPair(sides[0], sides[1], row["same"] == "1", row["kind"], row["split"]))
    return pairs


def assign_ids(names: list[tuple[str, str, str | None, str | None]]) -> dict[tuple, str]:
    """The canonical id of each (name, type, country, sector), each saved as one article."""
    from eventwire.stages.actors.dictionary import load_actor_dictionary
    from eventwire.store import Store

    # the dictionary entry the actors stage would give each name (no date)
    dictionary = load_actor_dictionary()

    def ref_of(name: str, type: str) -> str | None:
        found = dictionary.lookup_person(name) if type == "PERSON" else dictionary.lookup(name)
        return found.ref if found is not None else None

    ids: dict[tuple, str] = {}
    with tempfile.TemporaryDirectory(prefix="eventwire-identity-") as folder:
        with Store.open(Path(folder) / "identity.db") as store:
            extractions = [
                Extraction(
                    article=Article(text=f"Identity probe {i}: {name}.", id=f"probe{i:06d}"),
                    actors=[Actor("A1", name, type, country, sector, ref=ref_of(name, type))],
                    status="ok",
                )
                for i, (name, type, country, sector) in enumerate(names)
            ]
            store.save_many(extractions)
            for i, name in enumerate(names):
                found = store.actor_ids_of(f"probe{i:06d}")
                ids[name] = found["A1"]
    return ids


def _score(pairs: list[AliasPair], ids: dict[tuple, str]) -> dict[str, Any]:
    merged_right = sum(p.same and ids[p.a] == ids[p.b] for p in pairs)
    merged = sum(ids[p.a] == ids[p.b] for p in pairs)
    same = sum(p.same for p in pairs)
    return {
        "pairs": len(pairs),
        "same": same,
        "merged": merged,
        "precision": round(merged_right / merged, 4) if merged else None,
        "recall": round(merged_right / same, 4) if same else None,
    }


def evaluate_aliases(path: str | Path, split: str = "all") -> dict[str, Any]:
    """Pairwise merge precision and recall on an alias list, overall and per kind.

    ``split`` is frozen, tuning or all. ``errors`` lists the pairs scored wrong:
    merged though different (``false_merge``) or apart though the same
    (``missed``), never the frozen part's (``frozen_errors`` counts them), so
    that nobody fixes what the frozen part shows.
    """
    if split not in SPLITS:
        raise EventwireError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    every = read_aliases(path)
    pairs = [p for p in every if split == "all" or p.split == split]
    names = sorted({side for p in every for side in (p.a, p.b)}, key=str)
    ids = assign_ids(names)
    kinds = sorted({p.kind for p in pairs})
    wrong = [p for p in pairs if p.same != (ids[p.a] == ids[p.b])]
    errors = [
        {
            "a": p.a[0],
            "b": p.b[0],
            "kind": p.kind,
            "error": "false_merge" if not p.same else "missed",
            "ids": [ids[p.a], ids[p.b]],
        }
        for p in wrong
        if p.split != "frozen"
    ]
    return {
        "split": split,
        **_score(pairs, ids),
        "by_kind": {k: _score([p for p in pairs if p.kind == k], ids) for k in kinds},
        "errors": errors,
        "frozen_errors": sum(p.split == "frozen" for p in wrong),
    }
