"""Gazetteer patterns and their effect on the entities of the real pipeline."""

from __future__ import annotations

import pytest

from eventwire.nlp.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def patterns():
    return load_gazetteer().patterns()


def _find(patterns, text):
    return [p for p in patterns if p["pattern"] == text]


@pytest.mark.parametrize(
    ("text", "label", "code"),
    [
        ("Kyiv", "GPE", "UKR"),
        ("Ukraine", "GPE", "UKR"),
        ("Ukrainian", "NORP", "UKR"),
        ("North Korean", "NORP", "PRK"),
        ("NATO", "ORG", "North Atlantic Treaty Organization"),
        ("Sky News", "ORG", "Sky News"),
    ],
)
def test_gazetteer_patterns_label_and_id(patterns, text, label, code):
    found = _find(patterns, text)
    assert [(p["label"], p["id"]) for p in found] == [(label, code)]


@pytest.mark.parametrize(
    "text",
    ["US", "UN", "WHO", "Chad", "Turkey", "Georgia", "Jordan", "The Economist", "the Guardian"],
)
def test_gazetteer_patterns_case_sensitive_for_acronyms_and_words(patterns, text):
    found = _find(patterns, text)
    assert found and all(p["case_sensitive"] for p in found)


@pytest.mark.parametrize("text", ["Chad", "Jordan", "Georgia", "Turkey"])
def test_gazetteer_patterns_flag_given_names_and_words_as_weak(patterns, text):
    assert all(p["weak"] for p in _find(patterns, text))


def test_gazetteer_patterns_multiword_names_ignore_case(patterns):
    assert not _find(patterns, "United States")[0]["case_sensitive"]


def test_gazetteer_patterns_exclude_territory_capitals(patterns):
    # "Hamilton" (Bermuda) and "Douglas" (Isle of Man) are mostly people in the news.
    assert not _find(patterns, "Hamilton") and not _find(patterns, "Douglas")


def test_gazetteer_patterns_fix_seed_entities(nlp, seed_path):
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    ents = {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert ("Kyiv", "GPE", "UKR") in ents
    assert ("Brussels", "GPE", "BEL") in ents
    assert ("NATO", "ORG", "North Atlantic Treaty Organization") in ents
    assert ("Reuters", "ORG", "Reuters") in ents
    assert ("Sky News", "ORG", "Sky News") in ents


def test_gazetteer_patterns_keep_pronoun_us(nlp):
    doc = nlp("They told us the U.S. would help.")
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "GPE"] == [("U.S.", "USA")]
