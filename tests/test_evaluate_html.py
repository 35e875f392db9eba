"""The HTML reader on the article-body benchmark in ../shared/gold/html."""

from __future__ import annotations

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate.html import evaluate_html, score_page

# Measured 0.9686 F1 (precision 0.9661, recall 0.9712) on all 181 pages with
# `python -m eventwire.evaluate.html`; a drop below this floor fails.
F1_FLOOR = 0.96


def test_evaluate_html_full_gold_set_meets_floor(gold_dir):
    scores = evaluate_html(gold_dir / "html")
    assert scores["count"] == 181
    assert scores["failures"] == 0
    assert scores["f1"] >= F1_FLOOR
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95


def test_evaluate_html_scoring_matches_definition():
    gold = "one two three four five six"
    assert score_page(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = score_page(gold, "one two three four five")
    # gold shingles: 3; predicted: 2, both correct -> tp 2, fn 1, normalized by 3.
    assert (round(tp, 4), fp, round(fn, 4)) == (round(2 / 3, 4), 0.0, round(1 / 3, 4))
    assert score_page("", "") == (0.0, 0.0, 0.0)


def test_evaluate_html_missing_gold_raises(tmp_path):
    with pytest.raises(EvaluationError, match="ground-truth.json"):
        evaluate_html(tmp_path)
