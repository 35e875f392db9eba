"""Seed acceptance: quotes of the seed article, with mentions from the actors stage."""

from __future__ import annotations

import pytest

from eventwire.stages.quotes import find_quotes


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_path):
    actors_stage = pytest.importorskip("eventwire.stages.actors")
    raw = seed_path.read_text(encoding="utf-8")
    body = raw[raw.index("Ukrainian Foreign Minister") : raw.index("The views expressed")]
    doc = nlp(body)
    actors = actors_stage.find_actors(doc)
    return body, actors, find_quotes(doc)


def _key(actors, surname):
    (actor,) = [a for a in actors if surname in a.name]
    return actor.key


def test_quotes_seed_direct_quote_by_sybiha(seed_quotes):
    body, actors, quotes = seed_quotes
    (q,) = [q for q in quotes if q.direct]
    assert q.text.rstrip(",") == "The invitation should not be seen as an escalation"
    assert body[q.start : q.end] == q.text
    assert q.speaker_name == "Sybiha"
    assert q.speaker == _key(actors, "Sybiha")
    assert q.cue == "wrote"


def test_quotes_seed_pronoun_he_is_zelenskiy(seed_quotes):
    body, actors, quotes = seed_quotes
    (q,) = [q for q in quotes if q.text.startswith("that offering NATO membership to Ukraine")]
    assert not q.direct
    assert q.cue.startswith("suggested")
    assert body[q.speaker_start : q.speaker_end] == "He"
    assert q.speaker == _key(actors, "Zelenskiy")
    assert "Zelenskiy" in q.speaker_name


def test_quotes_seed_stefanishyna_stated(seed_quotes):
    body, actors, quotes = seed_quotes
    (q,) = [q for q in quotes if q.cue == "stated"]
    assert q.text.startswith("that Sybiha's letter intended to deliver a strong political signal")
    assert not q.direct
    assert q.speaker_name == "Olga Stefanishyna"
    assert q.speaker == _key(actors, "Stefanishyna")


def test_quotes_seed_scare_quotes_are_not_quotes(seed_quotes):
    _body, _actors, quotes = seed_quotes
    for q in quotes:
        assert q.text not in {"victory plan", "irreversible"}
        if q.direct:
            assert "victory plan" not in q.text and "irreversible" not in q.text


def test_quotes_seed_every_span_is_evidence(seed_quotes):
    body, _actors, quotes = seed_quotes
    assert len({(q.start, q.end) for q in quotes}) == len(quotes)
    for q in quotes:
        assert body[q.start : q.end] == q.text
        assert body[q.cue_start : q.cue_end] == q.cue
        if q.speaker_start is not None:
            assert q.speaker_end > q.speaker_start
