"""Evaluation of the times stage on TimeML: reading .tml files, matching, scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require

from eventwire.errors import EvaluationError
from eventwire.evaluate.time import (
    GoldTimex,
    evaluate_time,
    find_timeml_files,
    match_timexes,
    read_timeml,
)
from eventwire.records import TimeExpr

SMALL_TML = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>TEST0001</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
    'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>\n'
    "<TEXT>\n"
    'AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> '
    '<TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> '
    "that sales &lt;fell&gt; in "
    '<TIMEX3 tid="t2" type="DATE" value="1997-Q4">the fourth quarter</TIMEX3>.\n\n'
    'Results for <TIMEX3 tid="t3" type="DURATION" value="P1Y">the year</TIMEX3> follow '
    '<TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3>.\n'
    "</TEXT>\n</TimeML>\n"
)


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_evaluate_time_reads_text_offsets_exactly(tmp_path):
    doc = read_timeml(_write(tmp_path, "a.tml", SMALL_TML))
    assert doc.creation_time == "1998-01-08"
    assert [t.text for t in doc.timexes] == ["yesterday", "the fourth quarter", "the year", "now"]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert doc.text.startswith("\nAT&T said yesterday that sales <fell> in")
    assert "19980108" not in doc.text  # the DCT is not part of the text or the gold
    assert [t.value for t in doc.timexes] == ["1998-01-07", "1997-Q4", "P1Y", "PRESENT_REF"]


def test_evaluate_time_rejects_non_timeml(tmp_path):
    with pytest.raises(EvaluationError, match="TEXT"):
        read_timeml(_write(tmp_path, "b.tml", "<TimeML><DOCID>x</DOCID></TimeML>"))
    with pytest.raises(EvaluationError, match="not a readable"):
        read_timeml(_write(tmp_path, "c.tml", "<TimeML><TEXT>unclosed"))
    with pytest.raises(EvaluationError, match="no TimeML files"):
        evaluate_time([])


def test_evaluate_time_matches_one_to_one_by_overlap():
    gold = [GoldTimex(0, 9, "yesterday", "DATE", "v1"), GoldTimex(20, 30, "x" * 10, "DATE", "v2")]
    predicted = [
        TimeExpr(0, 5, "yeste", "DATE", "v1"),
        TimeExpr(2, 9, "sterday", "DATE", "v1"),
        TimeExpr(40, 45, "other", "DATE", "v3"),
    ]
    pairs = match_timexes(gold, predicted)
    assert [(g.value, p.text) for g, p in pairs] == [("v1", "yeste")]


def test_evaluate_time_scores_small_document(tmp_path, nlp):
    scores = evaluate_time([_write(tmp_path, "a.tml", SMALL_TML)], nlp=nlp)
    assert scores["documents"] == 1 and scores["gold"] == 4
    assert scores["extent_overlap"]["recall"] >= 0.75
    assert scores["value"]["recall"] >= 0.5
    assert 0.0 <= scores["value"]["precision"] <= 1.0


# Floors a little below the figures measured on 2026-12-04 (docs/evaluation.md, Times):
# TimeBank value F1 0.816, extent F1 0.949 overlap / 0.901 strict, type accuracy 0.965;
# AQUAINT value F1 0.725, extent F1 0.912 / 0.796, type accuracy 0.906.
@pytest.mark.parametrize(
    ("corpus", "files", "min_value", "min_overlap", "min_strict", "min_type"),
    [("TimeBank", 183, 0.80, 0.93, 0.88, 0.95), ("AQUAINT", 73, 0.70, 0.89, 0.77, 0.88)],
)
def test_evaluate_time_corpus_floor(
    gold_dir, nlp, corpus, files, min_value, min_overlap, min_strict, min_type
):
    paths = find_timeml_files(require(gold_dir / "time" / "TBAQ-cleaned" / corpus))
    assert len(paths) == files
    scores = evaluate_time(paths, nlp=nlp)
    assert scores["value"]["f1"] >= min_value, scores
    assert scores["extent_overlap"]["f1"] >= min_overlap, scores
    assert scores["extent_strict"]["f1"] >= min_strict, scores
    assert scores["type_accuracy"] >= min_type, scores
    assert scores["find_ms_per_document"] > 0  # speed itself: benchmarks, not tests
