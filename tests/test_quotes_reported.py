"""Reported speech: clausal, infinitive and object complements of cue verbs,
'according to', parenthetical and closing reporting clauses."""

from __future__ import annotations

import pytest

from eventwire.stages.quotes import find_quotes, load_lexicon


def _reported(nlp, text):
    doc = nlp(text)
    doc.spans["mentions"] = []
    return [q for q in find_quotes(doc) if not q.direct]


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        (
            "The minister said that the border would close on Monday.",
            "that the border would close on Monday",
            "The minister",
            "said",
        ),
        (
            "She suggested in an interview with the BBC that lowering fares could ease traffic.",
            "that lowering fares could ease traffic",
            "She",
            "suggested in an interview",
        ),
        (
            "The envoy emphasized that the treaty cannot pass until the budget is approved.",
            "that the treaty cannot pass until the budget is approved",
            "The envoy",
            "emphasized",
        ),
        (
            "He posited that this plan could open the door to a deal.",
            "that this plan could open the door to a deal",
            "He",
            "posited",
        ),
        (
            "The governor urged council members to approve the budget during the session.",
            "council members to approve the budget during the session",
            "The governor",
            "urged",
        ),
        (
            "The secretary wrote in a letter that the program would end next year.",
            "that the program would end next year",
            "The secretary",
            "wrote in a letter",
        ),
        (
            "Officials said the talks would resume next week.",
            "the talks would resume next week",
            "Officials",
            "said",
        ),
        (
            "The border will stay closed until further notice, the ministry said.",
            "The border will stay closed until further notice",
            "the ministry",
            "said",
        ),
        (
            "It was announced by the ministry that the border would close.",
            "that the border would close",
            "the ministry",
            "announced",
        ),
    ],
)
def test_quotes_reported_clause_and_speaker(nlp, text, content, speaker, cue):
    quotes = _reported(nlp, text)
    assert [q.text for q in quotes] == [content]
    q = quotes[0]
    assert text[q.start : q.end] == content
    assert q.speaker is None  # no mentions were given: nominal speakers keep no key
    assert q.speaker_name == speaker
    assert text[q.speaker_start : q.speaker_end] == speaker
    assert text[q.cue_start : q.cue_end] == cue


def test_quotes_reported_conjoined_cue_shares_subject(nlp):
    text = (
        "The trade minister acknowledged the lack of support but stated that the proposal "
        "intended to send a clear message to investors."
    )
    quotes = {q.cue: q for q in _reported(nlp, text)}
    stated = quotes["stated"]
    assert stated.text == "that the proposal intended to send a clear message to investors"
    assert stated.speaker_name == "The trade minister"
    # "intended" lies inside what was stated: not a statement of its own.
    assert "intended" not in quotes


@pytest.mark.parametrize(
    "text, content, source",
    [
        (
            "According to Reuters, the talks failed after two days.",
            "the talks failed after two days",
            "Reuters",
        ),
        (
            "The talks failed after two days, according to officials.",
            "The talks failed after two days",
            "officials",
        ),
    ],
)
def test_quotes_according_to(nlp, text, content, source):
    (q,) = _reported(nlp, text)
    assert q.text == content
    assert q.cue.lower() == "according to"
    assert q.speaker_name == source


def test_quotes_parenthetical_cue(nlp):
    text = "Instead, he argued, the plan would raise the cost of every journey."
    (q,) = _reported(nlp, text)
    assert q.text == "the plan would raise the cost of every journey"
    assert q.cue == "argued" and q.speaker_name == "he"


def test_quotes_object_of_statement_verb(nlp):
    text = "Senator Smith accused the governor of hiding the report."
    (q,) = _reported(nlp, text)
    assert q.text == "the governor of hiding the report"
    assert q.cue == "accused"


def test_quotes_verb_outside_lexicon_is_no_cue(nlp):
    assert "eat" not in load_lexicon().verbs
    assert _reported(nlp, "The minister ate lunch before the talks began.") == []


def test_quotes_no_duplicate_content_spans(nlp):
    text = (
        "The minister said that the border would close, and the minister said that "
        "the border would close."
    )
    doc = nlp(text)
    doc.spans["mentions"] = []
    quotes = find_quotes(doc)
    spans = [(q.start, q.end) for q in quotes]
    assert len(spans) == len(set(spans))


def test_quotes_lexicon_rows_are_well_formed():
    lexicon = load_lexicon()
    allowed = {"clause", "inf", "object", "none"}
    for entry in list(lexicon.verbs.values()) + list(lexicon.phrases.values()):
        assert entry.complements and entry.complements <= allowed, entry
        assert entry.cls in {"speech", "writing", "cognition", "evidence"}, entry
    for verb in ["say", "tell", "write", "state", "argue", "stress", "emphasize", "acknowledge"]:
        assert lexicon.verbs[verb].takes_clause
    assert ("according", "to") in lexicon.phrases
