"""Score eventwire's HTML reader on the article-body extraction benchmark.

Reads: ``gold/html`` (``html/<id>.html.gz`` pages and ``ground-truth.json``
mapping each id to its ``articleBody``). Runs ``eventwire.ingest.read_bytes``
on every page and compares the body it extracts with the gold body the way
that benchmark does: both texts are split into word tokens (``\\w+``), turned
into 4-token shingles, and each page contributes true positive, false
positive and false negative shingle counts normalized to sum to one (so long
pages weigh no more than short ones). Precision, recall and F1 are computed
from the sums over pages; ``accuracy`` is the share of pages extracted
without a single wrong or missing shingle.

Run it: ``python -m eventwire.evaluate.html [GOLD_DIR] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from eventwire.errors import EvaluationError
from eventwire.ingest import read_bytes
from eventwire.records import Article
from eventwire.settings import Settings

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def count_shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of the ``size``-token shingles of ``text`` (one shorter shingle for a short text)."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def score_page(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalized (tp, fp, fn) shingle shares of one page; they sum to 1 (or are all 0)."""
    true = count_shingles(gold)
    pred = count_shingles(predicted)
    true.pop((), None)
    pred.pop((), None)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def find_benchmark(gold_dir: Path) -> Path:
    """The folder holding ``ground-truth.json``: ``gold_dir`` itself or ``gold_dir/html``."""
    for folder in (gold_dir, gold_dir / "html"):
        if (folder / "ground-truth.json").is_file() and (folder / "html").is_dir():
            return folder
    raise EvaluationError(
        f"{gold_dir}: no ground-truth.json with an html/ folder beside it; "
        "point to the article-extraction benchmark folder (gold/html)"
    )


def evaluate_html(gold_dir: Path, limit: int | None = None) -> dict[str, float | int]:
    """Return precision, recall, F1, accuracy, mean page F1 and page count on the benchmark."""
    folder = find_benchmark(Path(gold_dir))
    try:
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{folder}/ground-truth.json cannot be read: {exc}") from exc
    settings = Settings()
    totals = [0.0, 0.0, 0.0]
    page_f1s: list[float] = []
    exact = failures = 0
    started = time.perf_counter()
    for key in sorted(truth)[:limit]:
        page = folder / "html" / f"{key}.html.gz"
        predicted = _extract_body(page, settings)
        failures += predicted is None
        tp, fp, fn = score_page(truth[key].get("articleBody") or "", predicted or "")
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        page_f1s.append(_f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0))
        exact += tp > 0 and fp == 0 and fn == 0
    if not page_f1s:
        raise EvaluationError(f"{folder}/ground-truth.json lists no pages")
    tp, fp, fn = totals
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
        "accuracy": round(exact / len(page_f1s), 4),
        "mean_page_f1": round(sum(page_f1s) / len(page_f1s), 4),
        "count": len(page_f1s),
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _extract_body(page: Path, settings: Settings) -> str | None:
    try:
        data = page.read_bytes()
    except OSError:
        return None
    for item in read_bytes(data, str(page), settings):
        if isinstance(item, Article):
            return item.text
    return None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the HTML reader on gold/html.")
    default = Path(__file__).resolve().parents[3].parent / "shared" / "gold" / "html"
    parser.add_argument("gold_dir", nargs="?", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_html(args.gold_dir, args.limit), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
