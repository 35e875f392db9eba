"""Speakers: resolving the cue's subject to an actor through doc.spans["mentions"].

Mentions are set by hand here so these tests do not depend on the actors stage.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from eventwire.stages.quotes import find_quotes


def test_quotes_speaker_resolved_to_mention_key(nlp, parse_with_mentions):
    text = "Olaf Scholz said that Germany would send more air defence systems."
    doc = parse_with_mentions(text, [("Olaf Scholz", "PERSON", "A1"), ("Germany", "COUNTRY", "A2")])
    (q,) = find_quotes(doc)
    assert q.speaker == "A1"
    assert q.speaker_name == "Olaf Scholz"
    assert text[q.speaker_start : q.speaker_end] == "Olaf Scholz"


def test_quotes_pronoun_takes_nearest_subject_person(nlp, parse_with_mentions):
    text = (
        "Olaf Scholz met Emmanuel Macron in Paris on Friday. "
        "He said that the two countries would coordinate their aid."
    )
    doc = parse_with_mentions(
        text, [("Olaf Scholz", "PERSON", "A1"), ("Emmanuel Macron", "PERSON", "A2")]
    )
    (q,) = find_quotes(doc)
    assert q.speaker == "A1"  # the subject of the previous sentence, not the nearest name
    assert q.speaker_name == "Olaf Scholz"
    assert text[q.speaker_start : q.speaker_end] == "He"


def test_quotes_pronoun_it_takes_organisation(nlp, parse_with_mentions):
    text = (
        "Olaf Scholz criticised the European Commission on Monday. "
        "It said that the rules would not change."
    )
    doc = parse_with_mentions(
        text, [("Olaf Scholz", "PERSON", "A1"), ("European Commission", "IGO", "A2")]
    )
    said = [q for q in find_quotes(doc) if q.cue == "said"]
    assert said[0].speaker == "A2"


def test_quotes_pronoun_without_antecedent_keeps_pronoun(nlp, parse_with_mentions):
    text = "She said that the vote would be held in March."
    doc = parse_with_mentions(text, [])
    (q,) = find_quotes(doc)
    assert q.speaker is None and q.speaker_name == "She"


def test_quotes_appositive_name_is_speaker(nlp, parse_with_mentions):
    text = "The foreign minister, Radoslaw Sikorski, said that the talks would resume on Friday."
    doc = parse_with_mentions(text, [("Radoslaw Sikorski", "PERSON", "A7")])
    (q,) = find_quotes(doc)
    assert q.speaker == "A7"


def test_quotes_relative_pronoun_speaker(nlp, parse_with_mentions):
    text = "Analysts praised Olaf Scholz, who said that the aid would continue next year."
    doc = parse_with_mentions(text, [("Olaf Scholz", "PERSON", "A1")])
    said = [q for q in find_quotes(doc) if q.cue == "said"]
    assert said[0].speaker == "A1"
    assert text[said[0].speaker_start : said[0].speaker_end] == "who"


def test_quotes_mentions_inside_quotes_are_not_antecedents(nlp, parse_with_mentions):
    text = (
        'The senator told reporters: "I spoke with Emmanuel Macron about the plan." '
        "He said that the talks were useful."
    )
    doc = parse_with_mentions(text, [("Emmanuel Macron", "PERSON", "A2")])
    reported = [q for q in find_quotes(doc) if not q.direct]
    assert reported[0].speaker != "A2"


def test_quotes_without_mentions_layer(nlp, parse_with_mentions):
    doc = nlp("The minister said that the border would close.")
    assert "mentions" not in doc.spans
    (q,) = find_quotes(doc)
    assert q.speaker is None and q.speaker_name == "The minister"


def test_quotes_speakers_need_no_other_stage_loaded():
    # `eventwire eval quotes` runs the quotes stage alone in a fresh process:
    # the pronoun resolver must not need another stage to have been imported
    code = textwrap.dedent(
        """
        from spacy.tokens import Span

        from eventwire.nlp import load_nlp
        from eventwire.stages.quotes import find_quotes

        nlp = load_nlp()
        doc = nlp("Olaf Scholz met Emmanuel Macron. He said that the aid would come soon.")
        doc.spans["mentions"] = [
            Span(doc, 0, 2, label="PERSON", kb_id="A1"),
            Span(doc, 3, 5, label="PERSON", kb_id="A2"),
        ]
        print(find_quotes(doc)[0].speaker)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "A1"
