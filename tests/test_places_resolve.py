"""The places stage on hand-written sentences and the seed article, with the real model."""

from __future__ import annotations

import pytest

from eventwire.stages.places import distance_km, find_places, fold_name, load_place_index


def _places(nlp, text):
    return find_places(nlp(text))


def _by_text(places):
    return {p.text: p for p in places}


def test_places_seed_article(nlp, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    places = find_places(nlp(text))
    by_text = _by_text(places)
    assert by_text["Kyiv"].country == "UKR" and by_text["Kyiv"].feature == "city"
    brussels = by_text["Brussels"]
    assert brussels.country == "BEL"
    assert distance_km(brussels.lat, brussels.lon, 50.85, 4.35) < 5
    assert "Sybiha" not in by_text
    for p in places:
        assert text[p.start : p.end] == p.text


@pytest.mark.parametrize(
    ("sentence", "toponym", "iso3", "feature"),
    [
        ("Protesters gathered in Kiev on Sunday.", "Kiev", "UKR", "city"),
        ("The summit was held in Ukraine last year.", "Ukraine", "UKR", "country"),
        ("Fighting continued in the Gaza Strip overnight.", "Gaza Strip", "PSE", "region"),
        ("Storms hit Queensland and New South Wales.", "Queensland", "AUS", "admin1"),
        ("Prices rose across the Middle East.", "Middle East", None, "region"),
    ],
)
def test_places_resolve_kinds(nlp, sentence, toponym, iso3, feature):
    place = _by_text(_places(nlp, sentence))[toponym]
    assert (place.country, place.feature) == (iso3, feature)
    assert place.lat is not None and place.lon is not None


def test_places_country_as_actor_is_not_a_place(nlp):
    places = _by_text(_places(nlp, "Russia invaded Ukraine in 2022."))
    assert "Russia" not in places
    assert places["Ukraine"].country == "UKR"


def test_places_possessive_country_is_not_a_place(nlp):
    places = _by_text(_places(nlp, "Troops crossed the border after Russia's invasion of Ukraine."))
    assert "Russia" not in places and "Ukraine" in places


def test_places_demonyms_are_not_places(nlp):
    assert _places(nlp, "Ukrainian and North Korean officials met.") == []


def test_places_qualifier_after_comma_decides(nlp):
    texas = _by_text(_places(nlp, "The fire started in Paris, Texas, on Monday."))["Paris"]
    france = _by_text(_places(nlp, "The fire started in Paris on Monday."))["Paris"]
    assert texas.country == "USA" and france.country == "FRA"


def test_places_context_decides_georgia(nlp):
    us = _places(
        nlp, "Voters in Atlanta, Texas and Florida went to the polls. Georgia counted late."
    )
    caucasus = _places(nlp, "Officials in Tbilisi said the Armenian border with Georgia was calm.")
    assert _by_text(us)["Georgia"].country == "USA"
    assert _by_text(caucasus)["Georgia"].country == "GEO"


def test_places_dateline_is_a_place(nlp):
    places = _by_text(_places(nlp, "BEIRUT, Lebanon (AP) — A blast shook the port on Tuesday."))
    assert places["BEIRUT"].country == "LBN" and places["BEIRUT"].feature == "city"


def test_places_us_county_is_placed_in_its_state(nlp):
    places = _places(nlp, "Deputies in Dallas County, Texas, arrested two men.")
    county = next(p for p in places if p.text.startswith("Dallas County"))
    assert county.country == "USA" and county.lat is not None
    assert distance_km(county.lat, county.lon, 32.77, -96.8) < 161


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("St. Louis", "saint louis"),
        ("Bogotá", "bogota"),
        ("Port-au-Prince", "port au prince"),
        ("the Hague", "hague"),
    ],
)
def test_places_fold_name(text, key):
    assert fold_name(text) == key


def test_places_index_knows_capitals():
    index = load_place_index()
    kyiv = [c for c in index.candidates("Kyiv") if c.feature == "city" and c.country == "UKR"]
    assert kyiv and kyiv[0].capital
