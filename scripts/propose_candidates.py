"""Write the rules' event candidates of a training folder's articles, for labelling.

Reads a training folder's ``manifest.json`` (docs/events.md, "Training data")
and runs each article not yet labelled (no ``labels*.jsonl`` row for it)
through the shipped pipeline up to the rules' candidates
(``stages.events.train.propose_candidates``, the same function ``eventwire
train`` uses). Writes one JSON object per candidate, split over ``--files``
files by article (``to_label_<n>.jsonl``, numbered from ``--first``), so that
several annotators can each take a file:

    {"id", "doc", "start", "end", "trigger", "proposed", "mode",
     "sentence_marked", "source", "target", "modality"}

``sentence_marked`` is the trigger's sentence with the trigger in ``[[ ]]``;
``proposed``, ``source``, ``target`` and ``modality`` are what the rules
proposed. An annotator writes a ``labels_<n>.jsonl`` row per candidate with
the same ``id``, ``doc``, ``start``, ``end``, ``trigger`` and the ``label``
(training/README.md).

Run from the repository root (``training/extra`` was made so):
    python scripts/propose_candidates.py training/extra --files 3 --first 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventwire.evaluate.articles import read_manifest
from eventwire.nlp import load_nlp
from eventwire.stages.events.train import propose_candidates, read_labels, write_rows


def marked(text: str, start: int, end: int, sent_start: int, sent_end: int) -> str:
    return f"{text[sent_start:start]}[[{text[start:end]}]]{text[end:sent_end]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--first", type=int, default=0, help="number of the first file")
    args = parser.parse_args(argv)
    manifest = args.folder / "manifest.json"
    labelled = set(read_labels(sorted(args.folder.glob("labels*.jsonl"))))
    nlp = load_nlp()
    by_file: list[list[dict]] = [[] for _ in range(args.files)]
    counter = sum(
        1 for p in args.folder.glob("to_label_*.jsonl") for line in p.open() if line.strip()
    )
    articles = [(e, a) for e, a in read_manifest(manifest) if a.id not in labelled]
    for n, (_, article) in enumerate(articles):
        doc = nlp(article.text)
        events, _, _, _ = propose_candidates(doc, article)
        rows = by_file[n % args.files]
        for event in sorted(events, key=lambda e: e.trigger_start):
            counter += 1
            rows.append(
                {
                    "id": f"c{counter:05d}",
                    "doc": article.id,
                    "start": event.trigger_start,
                    "end": event.trigger_end,
                    "trigger": event.trigger,
                    "proposed": event.type,
                    "mode": event.mode,
                    "sentence_marked": marked(
                        article.text,
                        event.trigger_start,
                        event.trigger_end,
                        event.sentence_start,
                        event.sentence_end,
                    ),
                    "source": "; ".join(a.text for a in event.actors) or None,
                    "target": "; ".join(r.text for r in event.recipients) or None,
                    "modality": event.modality,
                }
            )
    for i, rows in enumerate(by_file):
        path = args.folder / f"to_label_{args.first + i}.jsonl"
        print(f"{path}: {write_rows(path, rows)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
