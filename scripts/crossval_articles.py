"""Cross-validate the sense model over the tuning articles, and the default cut with it.

The tuning part of the article gold is also training data of the shipped
sense model, so its scores are in-sample. This script gives the honest
estimate: the tuning articles are split into K folds (by article, fixed
seed); for each fold the type and participant models are fitted on every
labelled candidate of ``training/`` and ``training/gold_tuning`` except that
fold's articles (with the penalties the shipped model chose), and the fold's
articles are run through the whole pipeline with that model
(``EVENTWIRE_SENSE_MODEL``) and scored like ``eventwire eval articles``.
The pooled predictions give precision and recall at each confidence cut: the
default cut (``Settings.min_confidence``) is the one with the best full F1.

Run from the repository root (a few minutes):
    python scripts/crossval_articles.py [--folds 5] [--json] [--folders F ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

from eventwire.evaluate import articles as scorer
from eventwire.stages.events import sense
from eventwire.stages.events import train as trainer

GOLD = [Path("../shared/gold/articles/gold.jsonl"), Path("gold/articles/gold.jsonl")]
CUTS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]


def fold_docs(split: Path, folds: int, seed: int = 13) -> list[set[str]]:
    docs = sorted(scorer.read_split(split, "tuning") or ())
    random.Random(seed).shuffle(docs)
    return [set(docs[i::folds]) for i in range(folds)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--split", type=Path, default=Path("gold/articles/split.json"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--folders",
        type=Path,
        nargs="+",
        default=[Path("training"), Path("training/gold_tuning")],
        help="training folders (default: what the shipped model is fitted on)",
    )
    args = parser.parse_args(argv)
    examples = []
    for folder in args.folders:
        manifest, labels = trainer.read_folder(folder)
        examples += trainer.collect_examples(manifest, labels)
    penalties = sense.load_sense_models().meta["penalties"]
    gold, predicted = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n, held in enumerate(fold_docs(args.split, args.folds)):
            kept = [ex for ex in examples if ex.doc not in held]
            models = sense.SenseModels(
                trainer.fit_model(trainer.type_rows(kept), penalties["type"]),
                trainer.fit_model(trainer.participant_rows(kept), penalties["participants"]),
                {},
            )
            path = Path(tmp) / f"fold{n}.json"
            path.write_text(json.dumps(models.to_json()), encoding="utf-8")
            os.environ["EVENTWIRE_SENSE_MODEL"] = str(path)
            sense.load_sense_models.cache_clear()
            articles = [a for g in GOLD for a in scorer.read_gold(g, None, held)]
            gold += [m for a in articles for m in a.mentions]
            predicted += scorer.extract_gold_articles(articles)
            print(f"fold {n}: {len(articles)} articles", file=sys.stderr)
    rows = scorer.confidence_table(gold, predicted, CUTS)
    for row in rows:
        p, r = row["full_precision"], row["full_recall"]
        row["full_f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print("cut    shown  full P  full R  full F1  type P  type R")
        for row in rows:
            print(
                f"{row['min_confidence']:<6} {row['predicted']:>5}  {row['full_precision']:.3f}"
                f"   {row['full_recall']:.3f}   {row['full_f1']:.3f}    "
                f"{row['type_precision']:.3f}   {row['type_recall']:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
