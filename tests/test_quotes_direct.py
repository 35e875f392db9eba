"""Direct quotes: quote marks, attribution cues around them, split quotes, scare quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.stages.quotes import find_quote_marks, find_quotes


def _quotes(nlp, text):
    doc = nlp(text)
    doc.spans["mentions"] = []
    return find_quotes(doc)


def _direct(nlp, text):
    return [q for q in _quotes(nlp, text) if q.direct]


def test_quotes_marks_pair_straight_curly_and_typewriter():
    text = "He said \"one two\" and “three four” and ''five six'' then."
    marks = find_quote_marks(text)
    assert [text[m.start : m.end] for m in marks] == ["one two", "three four", "five six"]
    assert all(m.closed for m in marks)


def test_quotes_marks_unclosed_quote_runs_to_paragraph_end():
    text = '"We will stay, and we will fight on the beaches\n"We shall never surrender."'
    marks = find_quote_marks(text)
    assert text[marks[0].start : marks[0].end] == "We will stay, and we will fight on the beaches"
    assert not marks[0].closed
    assert text[marks[1].start : marks[1].end] == "We shall never surrender."


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        (
            '"The new tariffs should not be seen as a punishment," Okafor wrote in his letter.',
            "The new tariffs should not be seen as a punishment",
            "Okafor",
            "wrote",
        ),
        (
            "“The talks will resume next week,” said Emmanuel Macron, the French president.",
            "The talks will resume next week",
            "Emmanuel Macron",
            "said",
        ),
        (
            'The minister told reporters: "We have no plans to leave the alliance."',
            "We have no plans to leave the alliance.",
            "The minister",
            "told",
        ),
        (
            "''Tell me what is going to happen with imports,'' Mr. Ferriola said.",
            "Tell me what is going to happen with imports",
            "Mr. Ferriola",
            "said",
        ),
    ],
)
def test_quotes_direct_attributed_to_cue_subject(nlp, text, content, speaker, cue):
    quotes = _direct(nlp, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == content
    assert text[q.start : q.end] == content  # the span excludes the quote marks
    assert q.speaker_name == speaker
    assert text[q.speaker_start : q.speaker_end] == speaker
    assert q.cue == cue and text[q.cue_start : q.cue_end] == cue


def test_quotes_multi_sentence_quote_is_one_quote(nlp):
    text = "“We are ready. We will defend our land,” the commander told reporters in Kyiv."
    (q,) = _direct(nlp, text)
    assert q.text == "We are ready. We will defend our land"
    assert q.speaker_name == "the commander"


def test_quotes_split_around_attribution_is_one_quote(nlp):
    text = '"We will win," said the minister, "and we will not stop."'
    (q,) = _quotes(nlp, text)
    assert q.direct
    assert q.text == "We will win and we will not stop."
    assert text[q.start : q.end].startswith("We will win")
    assert text[q.start : q.end].endswith("we will not stop.")
    assert q.speaker_name == "the minister"


def test_quotes_next_sentence_continues_same_quote(nlp):
    text = '"The border will close," the minister said. "We have no choice."'
    (q,) = _quotes(nlp, text)
    assert q.text == "The border will close We have no choice."
    assert q.cue == "said"


def test_quotes_quote_after_cue_sentence_takes_its_speaker(nlp):
    text = (
        "The spokesman wrote to the committee on Friday.\n\n"
        '"The new tariffs should not be seen as a punishment of our neighbours."'
    )
    (q,) = _direct(nlp, text)
    assert q.text == "The new tariffs should not be seen as a punishment of our neighbours."
    assert q.speaker_name == "The spokesman"
    assert q.cue == "wrote"


@pytest.mark.parametrize(
    "text",
    [
        'The mayor has been campaigning for a broader "green deal" to cut traffic.',
        'The council declared the plan "irreversible", but no budget has been set.',
        "The so-called “Self-Determination Initiative” was rejected by voters.",
    ],
)
def test_quotes_scare_quotes_are_not_quotes(nlp, text):
    assert _direct(nlp, text) == []


def test_quotes_short_reply_tied_by_comma_is_a_quote(nlp):
    text = '"No," the senator said.'
    (q,) = _direct(nlp, text)
    assert q.text == "No"
    assert q.speaker_name == "the senator"


def test_quotes_unattributed_quotation_is_dropped(nlp):
    # A quoted sentence with no cue in it or in the sentence before.
    text = 'The crowd cheered.\n\n"This land is ours and we will keep it" was painted on a wall.'
    assert _direct(nlp, text) == []


def test_quotes_fragment_inside_report_is_reported_speech(nlp):
    text = 'Reid said both Rubio and Cruz are "non-entities in the Senate."'
    (q,) = _quotes(nlp, text)
    assert not q.direct
    assert q.text.startswith('both Rubio and Cruz are "non-entities in the Senate')
    assert q.text.endswith('"')  # the closing mark stays with its opening one
    assert q.speaker_name == "Reid"


@given(st.text(alphabet=st.sampled_from(list("ab ,.\n\"“”'«»:")), max_size=60))
def test_quotes_marks_spans_are_well_formed(text):
    for m in find_quote_marks(text):
        assert 0 <= m.open_pos < m.start <= m.end <= m.close_end <= len(text)
        assert "\n" not in text[m.start : m.end]
        assert text[m.start : m.end] == text[m.start : m.end].strip()


@pytest.mark.parametrize(
    "text",
    ["", '"', '""', "“”", "Said.", '"Said," said.', "According to", "\n\n“\n”\n", "'' ''"],
)
def test_quotes_odd_inputs_give_valid_spans(nlp, text):
    for q in _quotes(nlp, text):
        assert 0 <= q.start < q.end <= len(text)
