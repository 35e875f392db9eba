"""Gazetteer lookups: names, aliases, demonyms, capitals, organizations and data integrity."""

from __future__ import annotations

import pytest

from eventwire.datafiles import read_tsv
from eventwire.nlp.gazetteer import load_gazetteer, normalize_name


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Ukraine", "UKR"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("U.K.", "GBR"),
        ("Russian Federation", "RUS"),
        ("Russia's", "RUS"),
        ("Russia’s", "RUS"),
        ("DPRK", "PRK"),
        ("South Korea", "KOR"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Palestine", "PSE"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("UKRAINE", "UKR"),
    ],
)
def test_gazetteer_country_by_name(gaz, text, iso3):
    assert gaz.country_by_name(text).iso3 == iso3


@pytest.mark.parametrize("text", ["us", "Us", "uk", "who", "Narnia", "", "the"])
def test_gazetteer_country_by_name_rejects_words_and_unknowns(gaz, text):
    assert gaz.country_by_name(text) is None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Ukrainian", "UKR"),
        ("Ukrainians", "UKR"),
        ("North Korean", "PRK"),
        ("Russians", "RUS"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Briton", "GBR"),
        ("Palestinians", "PSE"),
    ],
)
def test_gazetteer_country_by_demonym(gaz, text, iso3):
    assert gaz.country_by_demonym(text).iso3 == iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Brussels", "BEL"),
        ("Moscow", "RUS"),
        ("Jerusalem", "ISR"),
        ("Belgrade", "SRB"),
        ("Astana", "KAZ"),
    ],
)
def test_gazetteer_country_by_capital(gaz, text, iso3):
    # A capital shared with a former state (Moscow: USSR) resolves to the current one.
    assert gaz.country_by_capital(text).iso3 == iso3


def test_gazetteer_capital_coordinates_are_the_city(gaz):
    bel = gaz.countries["BEL"]
    assert bel.capital == "Brussels"
    assert abs(bel.capital_lat - 50.85) < 0.1 and abs(bel.capital_lon - 4.35) < 0.1


@pytest.mark.parametrize(
    ("text", "name", "kind", "country"),
    [
        ("NATO", "North Atlantic Treaty Organization", "IGO", None),
        ("the U.N.", "United Nations", "IGO", None),
        ("UN", "United Nations", "IGO", None),
        ("Reuters", "Reuters", "MEDIA", "GBR"),
        ("Sky News", "Sky News", "MEDIA", "GBR"),
        ("AP", "Associated Press", "MEDIA", "USA"),
        ("Doctors Without Borders", "Doctors Without Borders", "NGO", None),
        ("MSF", "Doctors Without Borders", "NGO", None),
        ("WHO", "World Health Organization", "IGO", None),
    ],
)
def test_gazetteer_organization(gaz, text, name, kind, country):
    org = gaz.organization(text)
    assert (org.name, org.type, org.country) == (name, kind, country)


@pytest.mark.parametrize("text", ["who", "un", "ap"])
def test_gazetteer_organization_rejects_lowercase_short_acronyms(gaz, text):
    assert gaz.organization(text) is None


def test_gazetteer_organization_sectors_are_plover_sectors(gaz):
    # PLOVER's sector table has no IGO or NGO code: those are country codes
    plover = {r["sector"] for r in read_tsv("actors/cameo_sectors.tsv")}
    assert {o.type for o in gaz.organizations} == {"IGO", "NGO", "MEDIA", "COMPANY"}
    assert all(o.sector in plover for o in gaz.organizations if o.sector)
    assert all(o.sector == "JRN" for o in gaz.organizations if o.type == "MEDIA")
    assert all(o.sector == "BUS" and o.country for o in gaz.organizations if o.type == "COMPANY")
    assert all(o.sector for o in gaz.organizations if o.type == "NGO")
    sectors = {o.name: o.sector for o in gaz.organizations}
    assert sectors["World Health Organization"] == "MED"
    assert sectors["United Nations High Commissioner for Refugees"] == "REF"
    assert sectors["International Criminal Court"] == "JUD"
    assert sectors["Amnesty International"] == "SOC"
    assert sectors["North Atlantic Treaty Organization"] is None


def test_gazetteer_countries_are_complete_and_valid(gaz):
    states = [c for c in gaz.countries.values() if c.kind == "state"]
    assert len(gaz.countries) >= 250 and len(states) >= 195
    for c in gaz.countries.values():
        assert len(c.iso3) == 3 and c.iso3.isupper(), c
        assert len(c.iso2) == 2, c
        assert c.lat is not None and -90 <= c.lat <= 90, c
        assert c.lon is not None and -180 <= c.lon <= 180, c
        if c.kind == "state":
            assert c.capital and c.capital_lat is not None, c
    for org in gaz.organizations:
        assert org.country is None or org.country in gaz.countries, org


def test_gazetteer_names_do_not_collide_across_states(gaz):
    """A name or alias of one state must not be another state's name or alias."""
    owner: dict[str, str] = {}
    for c in gaz.countries.values():
        if c.kind != "state":
            continue
        for name in c.names:
            key = normalize_name(name).casefold()
            assert owner.setdefault(key, c.iso3) == c.iso3, (name, owner[key], c.iso3)


@pytest.mark.parametrize(
    ("text", "key"),
    [("  the  United States ", "United States"), ("Russia’s", "Russia"), ("NATO's", "NATO")],
)
def test_gazetteer_normalize_name(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Afganistan", "AFG"),  # a letter dropped
        ("Sweeden", "SWE"),  # a letter added
        ("Nigeira", "NGA"),  # two letters swapped
        ("Irak", None),  # too short to trust a slip
        ("Zambie", "ZMB"),
        ("Bambia", None),  # the first letter is never the slip
        ("Ukraine", None),  # a name the exact lookup finds is no slip
    ],
)
def test_gazetteer_country_by_misspelt_name(gaz, written, iso3):
    found = gaz.country_by_misspelt_name(written)
    assert (found.iso3 if found else None) == iso3
