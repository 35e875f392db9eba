"""Write the tuning part of the article gold as a training folder (``training/gold_tuning``).

Each gold mention becomes a label row (docs/events.md, "Training data"): the
trigger's character offsets (its first occurrence inside the first place the
sentence occurs in the article), the type as ``label``, the modality, the
source and target words (with the ``*_name`` the annotator gave after a
" / "), and the note ("doubtful" rows are left out of training by
``eventwire train``). The manifest marks every article ``exhaustive``: a
candidate no gold trigger covers is a non-event. Only the tuning part of
``--split`` is written; the frozen part is never training data.

Run from the repository root:
    python scripts/gold_to_labels.py [--out training/gold_tuning]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from eventwire.evaluate.articles import read_split
from eventwire.stages.events.train import write_rows

GOLD = [Path("../shared/gold/articles"), Path("gold/articles")]


def participant(item: dict, role: str) -> str | None:
    words, name = item.get(role), item.get(f"{role}_name")
    if words and name and name != words:
        return f"{words} / {name}"
    return words or name


def label_rows(folder: Path, docs: set[str]) -> tuple[list[dict], list[dict]]:
    """(manifest entries, label rows) of one gold folder's articles in ``docs``."""
    entries = {
        e["doc"]: e
        for e in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if e["doc"] in docs
    }
    texts = {doc: (folder / e["file"]).read_text(encoding="utf-8") for doc, e in entries.items()}
    rows = []
    for number, line in enumerate((folder / "gold.jsonl").open(encoding="utf-8"), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item["doc"] not in entries:
            continue
        text = texts[item["doc"]]
        at = text.find(item["sentence"])
        trigger = item.get("trigger") or ""
        offset = item["sentence"].find(trigger) if trigger else -1
        if at < 0 or offset < 0:
            raise SystemExit(f"{folder / 'gold.jsonl'}:{number}: sentence or trigger not found")
        row = {
            "doc": item["doc"],
            "start": at + offset,
            "end": at + offset + len(trigger),
            "trigger": trigger,
            "label": item["type"],
            "modality": item.get("modality"),
            "source": participant(item, "source"),
            "target": participant(item, "target"),
        }
        if item.get("note"):
            row["note"] = item["note"]
        rows.append(row)
    return list(entries.values()), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=Path, default=Path("gold/articles/split.json"))
    parser.add_argument("--out", type=Path, default=Path("training/gold_tuning"))
    args = parser.parse_args(argv)
    docs = read_split(args.split, "tuning") or set()
    manifest, labels = [], []
    for folder in GOLD:
        entries, rows = label_rows(folder, docs)
        for entry in entries:
            file = os.path.relpath(folder / entry["file"], args.out)
            manifest.append(
                {
                    "doc": entry["doc"],
                    "file": file,
                    "published": entry["published"],
                    "title": entry.get("title"),
                    "exhaustive": True,
                }
            )
        labels += rows
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    count = write_rows(args.out / "labels.jsonl", labels)
    print(f"{args.out}: {len(manifest)} articles, {count} labels", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
