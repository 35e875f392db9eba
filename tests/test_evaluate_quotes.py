"""Evaluation of the quotes stage on BRAT attribution data (PolNeAR)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLD, require

from eventwire.errors import EvaluationError
from eventwire.evaluate.quotes import (
    JACCARD_MIN,
    GoldAttribution,
    content_tokens,
    evaluate_quotes,
    jaccard,
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
    # "We have no choice" shares 4 of the 7 words of the discontinuous gold;
    # "None at all" only 3, and "The" 1 of the 5 words of the first gold.
    assert counts["jaccard_tp"] == 2
    assert counts["predicted"] == 4 and counts["gold"] == 2
    assert (counts["overlap_speaker_ok"], counts["overlap_speaker_total"]) == (1, 2)
    assert (counts["jaccard_speaker_ok"], counts["jaccard_speaker_total"]) == (1, 2)


def test_evaluate_quotes_gold_without_source_not_in_speaker_accuracy():
    gold = [GoldAttribution(content=[(18, 45)])]
    counts = score_document(TEXT, gold, [Quote(18, 45, TEXT[18:45], False)])
    assert counts["overlap_tp"] == 1 and counts["overlap_speaker_total"] == 0
    assert counts["jaccard_tp"] == 1 and counts["jaccard_speaker_total"] == 0


def test_evaluate_quotes_content_tokens_and_jaccard():
    assert content_tokens(TEXT, [(0, 17)]) == {"the", "minister", "said"}
    # A discontinuous span gives the words of all its parts, without the quote marks.
    assert content_tokens(TEXT, [(48, 68), (88, 102)]) == {
        "we", "have", "no", "choice", "none", "at", "all",
    }  # fmt: skip
    gold = content_tokens(TEXT, [(18, 45)])  # that the border would close
    assert jaccard(gold, content_tokens(TEXT, [(23, 45)])) == 0.8
    assert jaccard(gold, content_tokens(TEXT, [(23, 33)])) == 0.4  # "the border"
    assert jaccard(frozenset({"the"}), frozenset({"The".lower()})) == 1.0
    assert jaccard(frozenset(), frozenset()) == 0.0


@pytest.mark.parametrize(
    ("start", "end", "matches"),
    [
        (18, 45, True),  # the whole content: 1.0
        (23, 39, True),  # "the border would": 3 of 5 words, 0.6
        (27, 45, True),  # "border would close": 0.6
        (23, 33, False),  # "the border": 0.4, though it overlaps
        (0, 46, True),  # with "The minister said": 5 of 7 words
        (0, len(TEXT), False),  # the whole text overlaps but is no match
    ],
)
def test_evaluate_quotes_jaccard_rule(start, end, matches):
    gold = [GoldAttribution(content=[(18, 45)])]
    counts = score_document(TEXT, gold, [Quote(start, end, TEXT[start:end], False)])
    assert counts["overlap_tp"] == 1
    assert counts["jaccard_tp"] == int(matches)


def test_evaluate_quotes_jaccard_half_counts():
    # "the border would close" against "the border": 2 of 4 words, exactly the threshold.
    gold = [GoldAttribution(content=[(23, 45)])]
    counts = score_document(TEXT, gold, [Quote(23, 33, TEXT[23:33], False)])
    assert JACCARD_MIN == 0.5 and counts["jaccard_tp"] == 1


def test_evaluate_quotes_jaccard_one_to_one_highest_first():
    # Two predictions on one gold: only the better one is matched. One prediction
    # on two golds goes to the gold it resembles most, leaving the other unmatched.
    gold = [GoldAttribution(content=[(18, 45)], source=[(0, 12)])]
    predicted = [
        Quote(23, 45, TEXT[23:45], False),  # 0.8, no speaker
        Quote(18, 45, TEXT[18:45], False, speaker_start=4, speaker_end=12),  # 1.0
    ]
    counts = score_document(TEXT, gold, predicted)
    assert counts["jaccard_tp"] == 1
    assert (counts["jaccard_speaker_ok"], counts["jaccard_speaker_total"]) == (1, 1)
    two_gold = [GoldAttribution(content=[(23, 45)]), GoldAttribution(content=[(18, 45)])]
    counts = score_document(TEXT, two_gold, [Quote(18, 45, TEXT[18:45], False)])
    assert counts["jaccard_tp"] == 1 and counts["predicted"] == 1


def test_evaluate_quotes_end_to_end_small_corpus(tmp_path, nlp):
    scores = evaluate_quotes(_corpus(tmp_path), nlp)
    assert scores["documents"] == 1 and scores["gold"] == 2
    assert scores["overlap"]["recall"] == 1.0
    assert scores["overlap"]["precision"] == 1.0
    # The continued quote's words include "the minister said": 7 of 10, a match.
    assert scores["jaccard"]["f1"] == 1.0
    # The quote continued after "the minister said." is one prediction whose
    # outer bounds match the discontinuous gold once the marks are stripped.
    assert scores["exact"]["f1"] == 1.0
    assert scores["overlap"]["speaker_accuracy"] == 1.0
    assert scores["jaccard"]["speaker_accuracy"] == 1.0


def test_evaluate_quotes_polnear_dev_floor(nlp):
    """The pinned floors on PolNeAR dev (84 articles), measured 2026-12-04: Jaccard
    (the headline) P 0.818 R 0.553 F1 0.660, speaker accuracy 0.901; overlap F1 0.747."""
    dev = require(GOLD / "quotes" / "polnear" / "dev")
    scores = evaluate_quotes(dev, nlp)
    assert scores["documents"] == 84
    assert scores["jaccard"]["f1"] >= 0.64
    assert scores["jaccard"]["precision"] >= 0.80
    assert scores["jaccard"]["recall"] >= 0.53
    assert scores["jaccard"]["speaker_accuracy"] >= 0.88
    assert scores["overlap"]["f1"] >= 0.72
    assert scores["overlap"]["precision"] >= 0.88
    assert scores["exact"]["f1"] >= 0.50
    assert scores["overlap"]["speaker_accuracy"] >= 0.85


def test_evaluate_quotes_command_prints_jaccard_first(tmp_path, nlp):
    from typer.testing import CliRunner

    from eventwire.cli.evaluate import eval_app

    result = CliRunner().invoke(eval_app, ["quotes", str(_corpus(tmp_path))])
    assert result.exit_code == 0, result.output
    rows = [line.split()[1] for line in result.output.splitlines() if line.startswith("│ ")]
    assert rows == ["jaccard", "overlap", "exact"]
