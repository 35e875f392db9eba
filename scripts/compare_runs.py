"""Compare two cross-validation runs article by article (paired bootstrap).

Both runs must come from ``scripts/crossval_articles.py --dump`` over the same
folds, so that each article was held out in both. At a confidence cut, the
script prints each run's shown and right events (full match, gold noted
doubtful left out, as ``eventwire eval articles`` counts them), the change in
full F1, and a 95 % interval for that change from resampling the articles
(the same resample applied to both runs). An interval that straddles zero
means the data cannot tell the runs apart.

    python scripts/compare_runs.py BEFORE.pkl AFTER.pkl [--cut 0.18]
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from pathlib import Path

from crossval_articles import article_counts, pooled_f1  # scripts/ is on the path


def per_article(path: Path, cut: float) -> dict[str, tuple[int, int, int]]:
    """(right, shown, gold) full-match counts per article at the cut."""
    with path.open("rb") as handle:
        gold, predicted = pickle.load(handle)
    return article_counts(gold, predicted, cut)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--cut", type=float, default=0.18)
    parser.add_argument("--resamples", type=int, default=1000)
    args = parser.parse_args(argv)
    a, b = per_article(args.before, args.cut), per_article(args.after, args.cut)
    docs = sorted(set(a) | set(b))
    gold_a = sum(v[2] for v in a.values())
    gold_b = sum(v[2] for v in b.values())
    if gold_a != gold_b:
        print(f"error: the runs score different gold ({gold_a}, {gold_b})", file=sys.stderr)
        return 2
    for name, counts in (("before", a), ("after", b)):
        right = sum(v[0] for v in counts.values())
        shown = sum(v[1] for v in counts.values())
        score = pooled_f1(counts, docs)
        print(f"{name:<7} right {right:>5} of {shown:>5} shown, gold {gold_a}, full F1 {score:.4f}")
    rng = random.Random(13)
    deltas = []
    for _ in range(args.resamples):
        sample = [rng.choice(docs) for _ in docs]
        deltas.append(pooled_f1(b, sample) - pooled_f1(a, sample))
    deltas.sort()
    low, high = deltas[int(0.025 * len(deltas))], deltas[int(0.975 * len(deltas)) - 1]
    change = pooled_f1(b, docs) - pooled_f1(a, docs)
    print(f"change in full F1 at {args.cut}: {change:+.4f} (95 % {low:+.4f} to {high:+.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
