"""The actor dictionary: Phoenix conversion, dated roles, the user's file, and
the actors stage using it on the real model (our own sentences)."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources

import pytest
from conftest import ROOT, SHARED, require

from eventwire.errors import ActorDictionaryError
from eventwire.pipeline import annotate
from eventwire.stages.actors.dictionary import (
    ActorDictionary,
    code_cameo,
    load_actor_dictionary,
    normalize_name,
)

USER_FILE = """\
# my corrections
ref\tname\taliases\tcountry\tsector\tcameo\tstart\tend\tsource
me:AMARA_OKONJO\tAmara Okonjo\tOkonjo\tNGA\tGOV\tNGAGOV\t2023-06-01\t\tmy notes
me:AMARA_OKONJO\t\t\tNGA\tELI\t\t\t\tmy notes
phx:BARACK_OBAMA\t\t\tUSA\tEDU\t\t\t\tmy notes
"""


def actors_on(nlp, text, published):
    doc = annotate(nlp(text), published)
    return {a.name: a for a in doc._.actors}


@pytest.mark.parametrize(
    ("cameo", "country", "sector"),
    [
        ("USAGOVMIL", "USA", "GOV"),
        # PLOVER has no IGO or NGO sector: an IGO's comes from its work (UNICEF's
        # KID is none, UNHCR's REF is REF), an NGO is civil society unless it says more
        ("IGOUNOKID", "UNO", None),
        ("IGOEUREEC", "EUR", None),
        ("IGOUNOREF", "UNO", "REF"),
        ("IGOUNODEV", "UNO", None),
        ("NGOHRIAMN", "NGO", "SOC"),
        ("NGOHLH", "NGO", "MED"),
        ("ANGREB", "AGO", "REB"),  # CAMEO's Angola code
        ("GBRMED", "GBR", "JRN"),  # CAMEO MED is the media
        ("FRAHLH", "FRA", "MED"),
        ("ELI", None, "ELI"),
    ],
)
def test_actor_dictionary_codes_cameo(cameo, country, sector):
    assert code_cameo(cameo) == (country, sector)


def test_actor_dictionary_roles_follow_the_date():
    d = load_actor_dictionary(None)
    in_office = d.lookup("Barack Obama", "2016-10-09T12:00")
    assert (in_office.ref, in_office.country, in_office.sector) == (
        "phx:BARACK_OBAMA",
        "USA",
        "GOV",
    )
    assert in_office.cameo == "USAGOV"
    assert d.lookup("Obama", "2018-03-01").sector == "ELI"
    # a surname two known actors share finds neither
    assert d.lookup("Clinton") is None
    assert d.lookup_person("Clinton") is None
    # a unique surname, or the same first name and surname, finds the full name
    assert d.lookup_person("Bouteflika").ref == "phx:ABDELAZIZ_BOUTEFLIKA"
    assert d.lookup_person("Carlos Menem").country == "ARG"
    assert d.lookup_person("Juan Menem") is None


@pytest.mark.parametrize(
    ("name", "on", "sector"),
    [
        # US election figures Phoenix lacks (manual rows), coded by the date
        ("Ted Cruz", "2016-02-01", "LEG"),
        ("Loretta Lynch", "2015-03-01", "JUD"),
        ("Loretta Lynch", "2016-03-01", "GOV"),
        ("Loretta Lynch", "2018-03-01", "ELI"),
        ("Debbie Wasserman Schultz", "2016-03-01", "PTY"),
        ("Debbie Wasserman Schultz", "2017-03-01", "LEG"),
    ],
)
def test_actor_dictionary_knows_the_us_election_figures(name, on, sector):
    found = load_actor_dictionary(None).lookup(name, on)
    assert (found.ref.startswith("ew:"), found.country, found.sector) == (True, "USA", sector)


def test_actor_dictionary_names_are_normalised():
    assert normalize_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert normalize_name("J.D.  Vance") == normalize_name("J D Vance")
    d = load_actor_dictionary(None)
    assert d.lookup("F.B.I.").ref == d.lookup("FBI").ref
    # manual rows win over Phoenix names: the DEA is not the FBI
    assert d.lookup("DEA").ref != d.lookup("FBI").ref


def test_actor_dictionary_every_row_has_its_provenance():
    folder = resources.files("eventwire").joinpath("data", "actors")
    for name, pattern in (
        ("phoenix.tsv", r"Phoenix\.(Countries|International|MilNonState)\.actors\.txt:\d+"),
        ("manual.tsv", r"manual"),
    ):
        lines = folder.joinpath(name).read_text(encoding="utf-8").splitlines()
        rows = [ln.split("\t") for ln in lines if ln and not ln.startswith(("#", "ref\t"))]
        assert rows, name
        for row in rows:
            assert len(row) == 9, row
            assert re.fullmatch(pattern, row[8]), row
    assert "MIT License" in folder.joinpath("LICENSE.phoenix").read_text(encoding="utf-8")


def test_actor_dictionary_conversion_is_reproducible(tmp_path):
    phoenix = require(SHARED / "dictionaries" / "phoenix")
    out = tmp_path / "phoenix.tsv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "phoenix_actors.py"), "--phoenix", str(phoenix),
         "--out", str(out)],
        check=True, capture_output=True, env={"PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    shipped = resources.files("eventwire").joinpath("data", "actors", "phoenix.tsv")
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def test_actor_dictionary_user_file_overrides(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(USER_FILE, encoding="utf-8")
    d = load_actor_dictionary(str(path))
    assert d.lookup("Okonjo", "2024-01-01").sector == "GOV"
    assert d.lookup("Amara Okonjo", "2020-01-01").sector == "ELI"  # default role
    # the user's rows replace the shipped roles of a ref, and keep its names
    assert d.lookup("Obama", "2016-10-09").sector == "EDU"
    # the package dictionary is unchanged for everyone else
    assert load_actor_dictionary(None).lookup("Obama", "2016-10-09").sector == "GOV"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\tcountry\nJane Doe\tUSA\n", "no 'ref' column"),
        ("ref\tname\n\tJane Doe\n", "has no ref"),
    ],
)
def test_actor_dictionary_bad_user_file(tmp_path, text, message):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorDictionaryError, match=message) as err:
        load_actor_dictionary(str(path))
    assert str(path) in str(err.value)
    with pytest.raises(ActorDictionaryError, match="cannot read"):
        load_actor_dictionary(str(tmp_path / "missing.tsv"))


def test_actor_dictionary_later_layer_wins_names():
    d = ActorDictionary()
    d.add_text("ref\tname\taliases\tcountry\tsector\nx:A\tAnna Berg\tBerg\tSWE\tGOV\n", "one")
    d.add_text("ref\tname\taliases\tcountry\tsector\ny:B\tBo Berg\tBerg\tNOR\tLEG\n", "two")
    assert d.lookup("Berg").ref == "y:B"
    assert d.lookup("Anna Berg").country == "SWE"


def test_actors_stage_codes_by_article_date(nlp):
    text = "Barack Obama spoke to reporters in Chicago on Tuesday."
    then = actors_on(nlp, text, "2016-10-09")["Barack Obama"]
    assert (then.ref, then.country, then.sector, then.cameo) == (
        "phx:BARACK_OBAMA",
        "USA",
        "GOV",
        "USAGOV",
    )
    later = actors_on(nlp, text, "2018-06-01")["Barack Obama"]
    assert (later.ref, later.sector, later.cameo) == ("phx:BARACK_OBAMA", "ELI", "USAELI")
    assert then.to_dict()["ref"] == "phx:BARACK_OBAMA"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Former President Barack Obama spoke to reporters in Chicago.", "Barack Obama"),
        ("Petro Poroshenko, a former president, spoke to reporters in Kyiv.", "Petro Poroshenko"),
        ("Ex-President Petro Poroshenko spoke to reporters in Kyiv.", "Petro Poroshenko"),
        ("Former Foreign Minister Dmytro Kuleba spoke to reporters in Kyiv.", "Dmytro Kuleba"),
    ],
)
def test_actors_stage_past_titles_win(nlp, text, name):
    actor = actors_on(nlp, text, "2016-10-09")[name]
    assert actor.sector == "ELI"
    assert actor.cameo is None or actor.cameo.endswith("ELI")


def test_actors_stage_reads_the_user_file(nlp, tmp_path, monkeypatch):
    path = tmp_path / "mine.tsv"
    path.write_text(USER_FILE, encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_ACTORS", str(path))
    actor = actors_on(nlp, "Amara Okonjo arrived in Lagos on Monday.", "2024-02-01")["Amara Okonjo"]
    assert (actor.ref, actor.country, actor.sector, actor.cameo) == (
        "me:AMARA_OKONJO",
        "NGA",
        "GOV",
        "NGAGOV",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Senior Polish and Czech diplomats agreed to meet again in June.",
            {("POL", "GOV"), ("CZE", "GOV")},
        ),
        ("Palestinians protested outside the building on Friday.", {("PSE", "CVL")}),
        ("The Khartoum government rejected the plan on Sunday.", {("SDN", "GOV")}),
        ("Moscow said on Monday that it would not attend.", {("RUS", "GOV")}),
        ("Congolese rebel leaders met in a village near the border.", {("COD", "REB")}),
        ("Israeli raids continued overnight, residents said.", {("ISR", None)}),
    ],
)
def test_actors_stage_national_groups(nlp, text, expected):
    found = {(a.country, a.sector) for a in actors_on(nlp, text, None).values()}
    assert expected <= found


def test_ingest_refuses_a_bad_actor_file(tmp_path):
    import typer
    from typer.testing import CliRunner

    from eventwire.cli.ingest import ingest

    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcountry\nJane Doe\tUSA\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Kenyan officials met on Monday in Nairobi to discuss the budget.\n")
    app = typer.Typer()
    app.command()(ingest)
    result = CliRunner().invoke(
        app, [str(article), "--db", str(tmp_path / "x.db"), "--actors", str(bad)]
    )
    assert result.exit_code == 2
    assert "no 'ref' column" in result.output
    assert not (tmp_path / "x.db").exists()


def test_actor_dictionary_docs_example_is_true():
    d = load_actor_dictionary(str(ROOT / "docs" / "my_actors.tsv"))
    assert d.lookup("Keir Starmer", "2022-05-01").sector == "OPP"
    assert d.lookup("Starmer", "2025-05-01").cameo == "GBRGOV"
    assert d.lookup("Okonjo", "2024-01-01").ref == "me:AMARA_OKONJO"


def test_actors_stage_title_country_is_no_actor_of_its_own(nlp):
    actors = actors_on(nlp, "Kenyan leader William Ruto arrived in Addis Ababa.", None)
    assert actors["William Ruto"].country == "KEN"
    assert not any(a.type == "COUNTRY" and a.country == "KEN" for a in actors.values())


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("Emanuel Macron", "ew:EMMANUEL_MACRON"),  # a letter dropped from the given name
        ("Angela Merkle", "phx:ANGELA_MERKEL"),  # two letters swapped
        ("Hilary Clinton", "phx:HILLARY_CLINTON"),
        ("Benjamin Netanyahoo", None),  # two slips are not one
        ("Vladimir Putn", None),  # too short a word to trust one slip
        ("Donald Trump Jr.", None),  # the son is not the father
        ("Angela Smith", None),  # a known given name alone finds nobody
    ],
)
def test_actor_dictionary_finds_a_name_with_one_slip(written, ref):
    found = load_actor_dictionary(None).lookup_person(written)
    assert (found.ref if found else None) == ref


def test_actor_dictionary_slip_never_crosses_a_known_surname():
    d = ActorDictionary()
    d.add_text(
        "ref\tname\tcountry\tsector\n"
        "t:MARK_KELLY\tMark Kelly\tUSA\tLEG\n"
        "t:JANE_KELLEY\tJane Kelley\tUSA\tBUS\n"
        "t:RUTH_OKONJO\tRuth Okonjo\tNGA\tGOV\n",
        "test",
    )
    # "Kelley" is some known person's surname: Mark Kelley may be someone else
    assert d.lookup_person("Mark Kelley") is None
    assert d.lookup_person("Ruth Okonjoh").ref == "t:RUTH_OKONJO"
    assert d.lookup_person("Ruth Okonjoh", "2020-01-01").country == "NGA"


def test_actor_dictionary_prepare_builds_the_surname_index_before_any_lookup():
    # warm_up builds it before workers are forked; the answers stay the same,
    # and rows added later are seen
    d = ActorDictionary()
    d.add_text("ref\tname\tcountry\tsector\nt:RUTH_OKONJO\tRuth Okonjo\tNGA\tGOV\n", "test")
    d.prepare()
    assert d._by_surname == {"okonjo": "t:RUTH_OKONJO"}
    assert d.lookup_person("Okonjo").ref == "t:RUTH_OKONJO"
    d.add_text("ref\tname\tcountry\tsector\nt:ADA_OKONJO\tAda Okonjo\tNGA\tBUS\n", "more")
    assert d.lookup_person("Okonjo") is None  # now two people share the surname


def test_actor_dictionary_a_lone_given_name_is_nobodys_surname():
    # "Bill" or "Bernie" alone is someone's first name; a dictionary person
    # whose surname it happens to be is not who the article means
    d = ActorDictionary()
    d.add_text(
        "ref\tname\tcountry\tsector\n"
        "t:TOMAS_BILL\tTomas Ndong Bill\tGNQ\tGOV\n"
        "t:RUTH_OKONJO\tRuth Okonjo\tNGA\tGOV\n"
        "t:BILL\tBill\tUSA\tBUS\n",
        "test",
    )
    assert d.lookup_person("Bill").ref == "t:BILL"  # a row named so is found
    d = ActorDictionary()
    d.add_text("ref\tname\tcountry\tsector\nt:TOMAS_BILL\tTomas Ndong Bill\tGNQ\tGOV\n", "test")
    assert d.lookup_person("Bill") is None
    assert d.lookup_person("BILL.") is None  # the word the surname index would read
    assert d.lookup_person("Tomas Bill").ref == "t:TOMAS_BILL"
    assert load_actor_dictionary(None).lookup_person("Bernie") is None
    assert load_actor_dictionary(None).lookup_person("Kerry").name == "John Kerry"
