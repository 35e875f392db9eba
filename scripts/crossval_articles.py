"""Cross-validate the sense model over the tuning articles, and the default cut with it.

The tuning part of the article gold is also training data of the shipped
sense model, so its scores are in-sample. This script gives the honest
estimate: the tuning articles are split into K folds (by article, fixed
seed); for each fold the type, participant and role models are fitted on every
labelled candidate of ``training/`` and ``training/gold_tuning`` except that
fold's articles (with the penalties the shipped model chose), and the fold's
articles are run through the whole pipeline with that model
(``EVENTWIRE_SENSE_MODEL``) and scored like ``eventwire eval articles``.
The pooled predictions give precision and recall at each confidence cut. The
default cut (``Settings.min_confidence``) follows the one-standard-error rule:
the highest cut (in steps of 0.01) whose full F1 is within one standard error
of the best F1, the error estimated by resampling the articles (bootstrap,
fixed seed); among cuts the data cannot tell apart, the surer events.

Run from the repository root (a quarter of an hour):
    python scripts/crossval_articles.py [--folds 5] [--json] [--folders F ...]
        [--dump RUN.pkl] [--models DIR]

``--dump`` keeps the pooled gold and predictions, for a paired comparison of
two runs with ``scripts/compare_runs.py``. ``--models DIR`` keeps each fold's
fitted model in DIR and reuses it when it is there: a change that touches
only inference (not features or training data) is then measured in a few
minutes; delete DIR after any change to what the models are fitted on.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import tempfile
from collections import defaultdict
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


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def article_counts(gold, predicted, cut: float) -> dict[str, tuple[int, int, int]]:
    """(right, shown, gold) full-match counts per article at a cut, gold noted
    doubtful left out, as ``eventwire eval articles`` counts them."""
    gold_of: dict[str, list] = defaultdict(list)
    pred_of: dict[str, list] = defaultdict(list)
    for g in gold:
        gold_of[g.doc].append(g)
    for p in predicted:
        if p.confidence >= cut:
            pred_of[p.doc].append(p)
    counts = {}
    for d in sorted(set(gold_of) | set(pred_of)):
        s = scorer._score(gold_of[d], pred_of[d], scorer.match(gold_of[d], pred_of[d], True), False)
        counts[d] = (s["matched"], s["predicted"], s["gold"])
    return counts


def pooled_f1(counts: dict[str, tuple[int, int, int]], docs: list[str]) -> float:
    """Full F1 of the articles ``docs`` (repeats count again) pooled."""
    tp, shown, found = (sum(counts.get(d, (0, 0, 0))[k] for d in docs) for k in range(3))
    return _f1(tp / shown if shown else 0.0, tp / found if found else 0.0)


def one_se_cut(gold, predicted, resamples: int = 300, seed: int = 13) -> dict:
    """The default cut by the one-standard-error rule (module docstring)."""
    cuts = [round(i * 0.01, 2) for i in range(36)]
    counts = {cut: article_counts(gold, predicted, cut) for cut in cuts}
    docs = sorted({g.doc for g in gold} | {p.doc for p in predicted})

    def f1(cut: float, sample: list[str]) -> float:
        return pooled_f1(counts[cut], sample)

    scores = {cut: f1(cut, docs) for cut in cuts}
    best = max(cuts, key=lambda c: scores[c])
    rng = random.Random(seed)
    boot = [f1(best, [rng.choice(docs) for _ in docs]) for _ in range(resamples)]
    mean = sum(boot) / len(boot)
    se = (sum((b - mean) ** 2 for b in boot) / len(boot)) ** 0.5
    cut = max(c for c in cuts if scores[c] >= scores[best] - se)
    return {
        "best_cut": best,
        "best_f1": round(scores[best], 4),
        "standard_error": round(se, 4),
        "cut": cut,
        "f1_at_cut": round(scores[cut], 4),
    }


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
    parser.add_argument("--dump", type=Path, help="pickle the pooled gold and predictions here")
    parser.add_argument("--models", type=Path, help="keep (and reuse) each fold's model here")
    args = parser.parse_args(argv)
    examples = []
    penalties = sense.load_sense_models().meta["penalties"]
    gold, predicted = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.models or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n, held in enumerate(fold_docs(args.split, args.folds)):
            path = folder / f"fold{n}.json"
            if not path.exists():
                if not examples:
                    for training in args.folders:
                        manifest, labels = trainer.read_folder(training)
                        examples += trainer.collect_examples(manifest, labels)
                kept = [ex for ex in examples if ex.doc not in held]
                models = trainer.fit_models(kept, penalties, {})
                path.write_text(json.dumps(models.to_json()), encoding="utf-8")
            os.environ["EVENTWIRE_SENSE_MODEL"] = str(path)
            sense.load_sense_models.cache_clear()
            articles = [a for g in GOLD for a in scorer.read_gold(g, None, held)]
            gold += [m for a in articles for m in a.mentions]
            predicted += scorer.extract_gold_articles(articles)
            print(f"fold {n}: {len(articles)} articles", file=sys.stderr)
    if args.dump:
        with args.dump.open("wb") as out:
            pickle.dump((gold, predicted), out)
    rows = scorer.confidence_table(gold, predicted, CUTS)
    for row in rows:
        row["full_f1"] = round(_f1(row["full_precision"], row["full_recall"]), 4)
    rule = one_se_cut(gold, predicted)
    if args.json:
        print(json.dumps({"cuts": rows, "default_cut": rule}, indent=2))
    else:
        print("cut    shown  full P  full R  full F1  type P  type R")
        for row in rows:
            print(
                f"{row['min_confidence']:<6} {row['predicted']:>5}  {row['full_precision']:.3f}"
                f"   {row['full_recall']:.3f}   {row['full_f1']:.3f}    "
                f"{row['type_precision']:.3f}   {row['type_recall']:.3f}"
            )
        print(
            f"best full F1 {rule['best_f1']:.4f} at {rule['best_cut']}, standard error "
            f"{rule['standard_error']:.4f}: default cut {rule['cut']} "
            f"(the highest within one standard error; F1 {rule['f1_at_cut']:.4f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
