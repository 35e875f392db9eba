"""Evaluation of the quotes stage on BRAT attribution data (PolNeAR)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLD, require

from eventwire.errors import EvaluationError
from eventwire.evaluate.quotes import (
    GoldAttribution,
    evaluate_quotes,
    parse_brat,
    read_polnear,
    score_document,
)
from eventwire.records import Quote

TEXT = (
    "The minister said that the border would close.\n\n"
    '"We have no choice," the minister said. "None at all."\n'
)
# Offsets into TEXT: content 18-45, source 0-12, cue 13-17; the quoted parts
# 48-68 and 88-102 (with their marks) form one discontinuous content, source
# 69-81, cue 82-86.
ANN = (
    "T1\tSource 0 12\tThe minister\n"
    "T2\tCue 13 17\tsaid\n"
    "T3\tContent 18 45\tthat the border would close\n"
    "T4\tAttribution 13 17\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    'T5\tContent 48 68;88 102\t"We have no choice," "None at all."\n'
    "T6\tSource 69 81\tthe minister\n"
    "T7\tCue 82 86\tsaid\n"
    "T8\tAttribution 82 86\tsaid\n"
    "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6\n"
    "T9\tDiscard 0 3\tThe\n"
)


def _corpus(tmp_path: Path, annotators=("ab12",)) -> Path:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "doc-one.txt").write_text(TEXT, encoding="utf-8")
    for i, name in enumerate(annotators):
        ann = ANN if i == 0 else "T1\tContent 0 3\tThe\nE1\tAttribution:T1 Content:T1\n"
        (split / "attributions" / f"doc-one_{name}.ann").write_text(ann, encoding="utf-8")
    return split


def test_evaluate_quotes_parses_discontinuous_spans():
    gold = parse_brat(ANN)
    assert len(gold) == 2
    assert TEXT[gold[0].content[0][0] : gold[0].content[0][1]] == "that the border would close"
    assert TEXT[gold[0].source[0][0] : gold[0].source[0][1]] == "The minister"
    assert gold[1].content == [(48, 68), (88, 102)]
    assert gold[1].bounds == (48, 102)
    assert TEXT[82:86] == "said" and gold[1].cue == [(82, 86)]


def test_evaluate_quotes_skips_span_text_continuation_lines():
    ann = "T1\tContent 0 9\tline one\nline two\nE1\tAttribution:T1 Content:T1\n"
    (gold,) = parse_brat(ann)
    assert gold.content == [(0, 9)] and gold.source == []


def test_evaluate_quotes_rejects_bad_input(tmp_path):
    with pytest.raises(EvaluationError, match="not a BRAT"):
        parse_brat("T1\tContent zero nine\tx\n")
    with pytest.raises(EvaluationError, match="text/"):
        read_polnear(tmp_path)
    split = _corpus(tmp_path)
    (split / "text" / "doc-one.txt").unlink()
    with pytest.raises(EvaluationError, match="no matching text"):
        read_polnear(split)


def test_evaluate_quotes_first_annotator_is_gold(tmp_path):
    (doc,) = read_polnear(_corpus(tmp_path, annotators=("aa11", "bb22")))
    assert doc.name == "doc-one"
    assert len(doc.attributions) == 2


def test_evaluate_quotes_scores_exact_overlap_and_speaker():
    gold = parse_brat(ANN)
    predicted = [
        # exact after stripping edges; speaker overlaps the gold source
        Quote(18, 45, TEXT[18:45], False, speaker_start=0, speaker_end=12),
        # overlaps the discontinuous quote but not exactly; wrong speaker span
        Quote(49, 66, TEXT[49:66], True, speaker_start=0, speaker_end=3),
        # a second prediction on the same gold counts once
        Quote(89, 101, TEXT[89:101], True),
        # overlaps nothing
        Quote(0, 3, "The", False),
    ]
    counts = score_document(TEXT, gold, predicted)
    assert counts["exact_tp"] == 1
    assert counts["overlap_tp"] == 2
    assert counts["predicted"] == 4 and counts["gold"] == 2
    assert (counts["speaker_ok"], counts["speaker_total"]) == (1, 2)


def test_evaluate_quotes_gold_without_source_not_in_speaker_accuracy():
    gold = [GoldAttribution(content=[(18, 45)])]
    counts = score_document(TEXT, gold, [Quote(18, 45, TEXT[18:45], False)])
    assert counts["overlap_tp"] == 1 and counts["speaker_total"] == 0


def test_evaluate_quotes_end_to_end_small_corpus(tmp_path, nlp):
    scores = evaluate_quotes(_corpus(tmp_path), nlp)
    assert scores["documents"] == 1 and scores["gold"] == 2
    assert scores["overlap"]["recall"] == 1.0
    assert scores["overlap"]["precision"] == 1.0
    # The quote continued after "the minister said." is one prediction whose
    # outer bounds match the discontinuous gold once the marks are stripped.
    assert scores["exact"]["f1"] == 1.0
    assert scores["speaker_accuracy"] == 1.0


def test_evaluate_quotes_polnear_dev_floor(nlp):
    """The pinned floor on PolNeAR dev (84 articles); measured 0.746 overlap F1."""
    dev = require(GOLD / "quotes" / "polnear" / "dev")
    scores = evaluate_quotes(dev, nlp)
    assert scores["documents"] == 84
    assert scores["overlap"]["f1"] >= 0.72
    assert scores["overlap"]["precision"] >= 0.88
    assert scores["exact"]["f1"] >= 0.50
    assert scores["speaker_accuracy"] >= 0.85
