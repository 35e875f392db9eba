"""Acceptance on the seed article: the whole path through the public API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import eventwire


@pytest.fixture(scope="module")
def seed(seed_path):
    return eventwire.extract(seed_path)


def by_name(ex, name):
    return next(a for a in ex.actors if a.name == name)


def test_pipeline_seed_metadata(seed):
    a = seed.article
    assert a.title == "Ukraine Urges NATO Membership Invitation Amid Ongoing Conflict"
    assert a.publisher == "ICARO Media Group"
    assert a.section == "Politics"
    assert a.published.startswith("2024-11-29T21:50")
    assert a.image_url.startswith("https://icaro.icaromediagroup.com/system/images/photos/16409305")
    assert "The views expressed" not in a.text
    assert not a.text.rstrip().endswith("Related")
    assert a.text.rstrip().endswith("NATO's leading member.")


@pytest.mark.parametrize(
    ("name", "country", "sector", "role"),
    [
        ("Andrii Sybiha", "UKR", "GOV", "Foreign Minister"),
        ("Volodymyr Zelenskiy", "UKR", "GOV", "President"),
        ("Vladimir Putin", "RUS", "GOV", None),
        ("Olga Stefanishyna", "UKR", "GOV", "deputy prime minister for NATO affairs"),
        ("Donald Trump", "USA", None, "President-elect"),
    ],
)
def test_pipeline_seed_persons(seed, name, country, sector, role):
    actor = by_name(seed, name)
    assert actor.type == "PERSON"
    assert actor.country == country
    if sector:
        assert actor.sector == sector
    if role:
        assert actor.role == role


def test_pipeline_seed_organisations(seed):
    types = {a.name: a.type for a in seed.actors}
    nato = next(a for a in seed.actors if any(m.text == "NATO" for m in a.mentions))
    assert nato.type == "IGO"
    assert types["Reuters"] == "MEDIA"
    assert types["Sky News"] == "MEDIA"


def test_pipeline_seed_no_false_persons_or_places(seed):
    assert not any(a.type == "PERSON" and a.name == "Kyiv" for a in seed.actors)
    assert not any(e.label == "PERSON" and e.text == "Kyiv" for e in seed.entities)
    assert not any(p.text == "Sybiha" for p in seed.places)
    sybiha = by_name(seed, "Andrii Sybiha")
    assert len(sybiha.mentions) >= 4  # the surname mentions are coreferent


def test_pipeline_seed_places(seed):
    places = {p.text: p for p in seed.places}
    assert places["Kyiv"].country == "UKR"
    assert places["Brussels"].country == "BEL"
    assert places["Brussels"].lat == pytest.approx(50.85, abs=0.2)
    assert places["Brussels"].lon == pytest.approx(4.35, abs=0.2)


def test_pipeline_seed_times(seed):
    values = {t.text: t for t in seed.times}
    assert values["next week"].value == "2024-W49"
    assert values["Friday"].value == "2024-11-29"
    rng = values["December 3-4, 2024"]
    assert (rng.begin, rng.end_value) == ("2024-12-03", "2024-12-04")
    assert values["2022"].value == "2022"


def test_pipeline_seed_quotes(seed):
    direct = [q for q in seed.quotes if q.direct]
    quote = next(q for q in direct if "should not be seen as an escalation" in q.text)
    assert quote.text.startswith("The invitation should not be seen as an escalation")
    assert quote.speaker == by_name(seed, "Andrii Sybiha").key
    assert quote.cue == "wrote"
    zelenskiy = by_name(seed, "Volodymyr Zelenskiy").key
    assert any(
        not q.direct and q.speaker == zelenskiy and "offering NATO membership" in q.text
        for q in seed.quotes
    )
    stefanishyna = by_name(seed, "Olga Stefanishyna").key
    assert any(q.speaker == stefanishyna for q in seed.quotes)
    assert not any(q.text.strip('"') in ("victory plan", "irreversible") for q in seed.quotes)


def test_pipeline_seed_offsets_point_at_words(seed):
    text = seed.article.text
    for actor in seed.actors:
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text
    for item in [*seed.times, *seed.places, *seed.quotes, *seed.entities]:
        assert text[item.start : item.end] == item.text


def test_pipeline_seed_cli_json(seed_path):
    proc = subprocess.run(
        [sys.executable, "-m", "eventwire", "extract", str(seed_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["article"]["title"] == seed_path.read_text().splitlines()[0]
    assert {a["name"] for a in data["actors"]} >= {"Andrii Sybiha", "Vladimir Putin"}


def test_pipeline_seed_stages_write_the_doc_contract(nlp, seed):
    from eventwire.pipeline import STAGES, annotate
    from eventwire.stages.doc import ATTRIBUTES, collect_extraction

    assert [s.__name__ for s in STAGES] == [f"set_{name}" for name in ATTRIBUTES[1:]]
    doc = annotate(nlp(seed.article.text), seed.article.published)
    assert doc._.published == seed.article.published
    for name in ATTRIBUTES[1:]:
        assert getattr(doc._, name) == getattr(seed, name), name
    assert collect_extraction(doc, seed.article) == seed
