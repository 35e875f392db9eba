"""The penalty search of ``eventwire train`` against a search from scratch, in one run.

``eventwire train`` without ``--penalty`` chooses each model's L2 penalty by
five-fold cross-validation over articles (``train.cross_validate``): each
fold's rows become matrices once, the penalties are fitted from the largest
down, each fit starting from the weights of the one before, and the held-out
rows are scored by one matrix product. The baseline here is the plain search
the same module did before: for every penalty and fold a model fitted from
zero (``fit_model``) and the held-out rows scored one by one. Both run on the
same labelled candidates (the first --articles articles of the training
folders, parsed once, not timed); the script prints each search's seconds
per model, the ratio, and the penalty each chose (they should agree).

    python benchmarks/train_search.py [--articles 150] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from eventwire.stages.events import train as trainer

ROOT = Path(__file__).resolve().parent.parent


def plain_search(examples, rows_of, penalties=trainer.PENALTIES, k: int = 5) -> dict:
    """Each penalty and fold fitted from zero; held-out rows scored one by one."""
    results = {}
    for penalty in penalties:
        loss = hits = n = 0.0
        for held in trainer._folds(examples, k):
            rows = rows_of([ex for ex in examples if ex.doc not in held])
            model = trainer.fit_model(rows, penalty)
            for features, label in rows_of([ex for ex in examples if ex.doc in held]):
                probs = model.probabilities(features)
                loss -= float(np.log(probs.get(label, 0.0) + 1e-12))
                hits += max(probs, key=probs.get) == label
                n += 1
        results[penalty] = {"log_loss": round(loss / n, 4), "accuracy": round(hits / n, 4)}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders",
        type=Path,
        nargs="*",
        default=[ROOT / "training", ROOT / "training" / "gold_tuning"],
    )
    parser.add_argument("--articles", type=int, default=150, help="articles to use")
    args = parser.parse_args(argv)
    examples = []
    for folder in args.folders:
        manifest, labels = trainer.read_folder(folder)
        examples += trainer.collect_examples(manifest, labels)
    docs = sorted({ex.doc for ex in examples})[: args.articles]
    kept = set(docs)
    examples = [ex for ex in examples if ex.doc in kept]
    print(f"{len(examples)} candidates from {len(docs)} articles")
    print("model         rows  plain s  search s  ratio  chosen (plain, search)")
    for name, rows_of in (
        ("type", trainer.type_rows),
        ("participants", trainer.participant_rows),
        ("roles", trainer.roles_rows),
    ):
        started = time.perf_counter()
        plain = plain_search(examples, rows_of)
        middle = time.perf_counter()
        searched = trainer.cross_validate(examples, rows_of)
        done = time.perf_counter()
        rows = len(rows_of(examples))
        a, b = middle - started, done - middle
        print(
            f"{name:<12} {rows:>6}  {a:>7.1f}  {b:>8.1f}  {b / a:>5.2f}  "
            f"{trainer._best(plain)}, {trainer._best(searched)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
