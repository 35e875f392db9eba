"""Speakers: resolving the cue's subject to an actor through doc.spans["mentions"].

Mentions are set by hand here so these tests do not depend on the actors stage.
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.stages.quotes import find_quotes


def _with_mentions(nlp, text, mentions):
    """Parse ``text`` and mark every occurrence of each (surface, type, key) as a mention."""
    doc = nlp(text)
    spans = []
    for surface, label, key in mentions:
        start = text.find(surface)
        while start != -1:
            span = doc.char_span(start, start + len(surface))
            assert span is not None, surface
            spans.append(Span(doc, span.start, span.end, label=label, kb_id=key))
            start = text.find(surface, start + 1)
    doc.spans["mentions"] = sorted(spans, key=lambda s: s.start)
    return doc


def test_quotes_speaker_resolved_to_mention_key(nlp):
    text = "Olaf Scholz said that Germany would send more air defence systems."
    doc = _with_mentions(nlp, text, [("Olaf Scholz", "PERSON", "A1"), ("Germany", "COUNTRY", "A2")])
    (q,) = find_quotes(doc)
    assert q.speaker == "A1"
    assert q.speaker_name == "Olaf Scholz"
    assert text[q.speaker_start : q.speaker_end] == "Olaf Scholz"


def test_quotes_pronoun_takes_nearest_subject_person(nlp):
    text = (
        "Olaf Scholz met Emmanuel Macron in Paris on Friday. "
        "He said that the two countries would coordinate their aid."
    )
    doc = _with_mentions(
        nlp, text, [("Olaf Scholz", "PERSON", "A1"), ("Emmanuel Macron", "PERSON", "A2")]
    )
    (q,) = find_quotes(doc)
    assert q.speaker == "A1"  # the subject of the previous sentence, not the nearest name
    assert q.speaker_name == "Olaf Scholz"
    assert text[q.speaker_start : q.speaker_end] == "He"


def test_quotes_pronoun_it_takes_organisation(nlp):
    text = (
        "Olaf Scholz criticised the European Commission on Monday. "
        "It said that the rules would not change."
    )
    doc = _with_mentions(
        nlp, text, [("Olaf Scholz", "PERSON", "A1"), ("European Commission", "IGO", "A2")]
    )
    said = [q for q in find_quotes(doc) if q.cue == "said"]
    assert said[0].speaker == "A2"


def test_quotes_pronoun_without_antecedent_keeps_pronoun(nlp):
    text = "She said that the vote would be held in March."
    doc = _with_mentions(nlp, text, [])
    (q,) = find_quotes(doc)
    assert q.speaker is None and q.speaker_name == "She"


def test_quotes_appositive_name_is_speaker(nlp):
    text = "The foreign minister, Radoslaw Sikorski, said that the talks would resume on Friday."
    doc = _with_mentions(nlp, text, [("Radoslaw Sikorski", "PERSON", "A7")])
    (q,) = find_quotes(doc)
    assert q.speaker == "A7"


def test_quotes_relative_pronoun_speaker(nlp):
    text = "Analysts praised Olaf Scholz, who said that the aid would continue next year."
    doc = _with_mentions(nlp, text, [("Olaf Scholz", "PERSON", "A1")])
    said = [q for q in find_quotes(doc) if q.cue == "said"]
    assert said[0].speaker == "A1"
    assert text[said[0].speaker_start : said[0].speaker_end] == "who"


def test_quotes_mentions_inside_quotes_are_not_antecedents(nlp):
    text = (
        'The senator told reporters: "I spoke with Emmanuel Macron about the plan." '
        "He said that the talks were useful."
    )
    doc = _with_mentions(nlp, text, [("Emmanuel Macron", "PERSON", "A2")])
    reported = [q for q in find_quotes(doc) if not q.direct]
    assert reported[0].speaker != "A2"


def test_quotes_without_mentions_layer(nlp):
    doc = nlp("The minister said that the border would close.")
    assert "mentions" not in doc.spans
    (q,) = find_quotes(doc)
    assert q.speaker is None and q.speaker_name == "The minister"
