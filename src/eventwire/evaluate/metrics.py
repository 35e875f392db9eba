"""Scoring helpers shared by the evaluations: per-class P/R/F1, macro-F1,
accuracy and a confusion matrix from (gold, predicted) label pairs;
``pair_greedily``: one-to-one matching of gold and predicted spans, best pair
first; and ``overlaps``: does a predicted participant cover a marked gold span.

A prediction of ``None`` (the coder found nothing) counts against the gold
class's recall and is shown as ``NONE`` in the confusion matrix, but it is
not a false positive of any class.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from eventwire.records import EventActor

NONE = "NONE"
Spans = dict[str, list[tuple[int, int]]]  # actor key -> character spans of its mentions


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def pair_greedily(ranked: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Walk ``(gold index, predicted index)`` pairs, best first, and yield each pair
    whose gold and prediction are both still unused: a one-to-one matching."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for i, j in ranked:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            yield i, j


def score_labels(pairs: Iterable[tuple[str, str | None]]) -> dict:
    """Per-class scores, macro-F1 (over gold classes), accuracy and confusion."""
    pairs = [(g, p if p is not None else NONE) for g, p in pairs]
    classes = sorted({g for g, _ in pairs})
    per_class = {}
    for c in classes:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        per_class[c] = prf(tp, fp, fn) | {"support": tp + fn}
    correct = sum(1 for g, p in pairs if g == p)
    confusion = Counter(pairs)
    return {
        "n": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_class.values()) / len(classes), 4)
        if classes
        else 0.0,
        "per_class": per_class,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "labels": classes,
    }


def confusion_rows(result: dict) -> tuple[list[str], list[list[int]]]:
    """The confusion matrix of ``score_labels`` as rows (gold) x columns (predicted)."""
    gold = result["labels"]
    predicted = sorted({k.split("->")[1] for k in result["confusion"]} | set(gold))
    rows = []
    for g in gold:
        rows.append([result["confusion"].get(f"{g}->{p}", 0) for p in predicted])
    return predicted, rows


def overlaps(parts: list[EventActor], span: tuple[int, int] | None, mentions: Spans) -> bool:
    """Do any participants overlap ``span``: by their own words, or by any
    mention of the actor they resolve to ("its" resolved to North Korea,
    "it" to Slovakia where "Slovakia" is marked)?"""
    if span is None:
        return False
    for p in parts:
        ranges = [(p.start, p.end)] + (mentions.get(p.actor, []) if p.actor else [])
        if any(s < span[1] and span[0] < e for s, e in ranges):
            return True
    return False
