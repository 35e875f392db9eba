"""Actors: roles, countries, sectors and in-document coreference on the real model."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from eventwire.stages.actors import find_actors, load_actor_lexicon
from eventwire.stages.actors.search import country_of_place


def actors_of(nlp, text):
    doc = nlp(text)
    return doc, {a.name: a for a in find_actors(doc)}


@pytest.mark.parametrize(
    ("text", "name", "role", "country", "sector"),
    [
        (
            "Polish Foreign Minister Radoslaw Sikorski met reporters on Monday.",
            "Radoslaw Sikorski",
            "Foreign Minister",
            "POL",
            "GOV",
        ),
        (
            "Kenyan President William Ruto arrived in Addis Ababa.",
            "William Ruto",
            "President",
            "KEN",
            "GOV",
        ),
        (
            "The talks were led by Amara Okonjo, Nigeria's deputy minister of defense, "
            "who spoke briefly.",
            "Amara Okonjo",
            "deputy minister of defense",
            "NGA",
            "GOV",
        ),
        (
            "Brazilian General Paulo Mendes inspected the border posts.",
            "Paulo Mendes",
            "General",
            "BRA",
            "MIL",
        ),
    ],
)
def test_actors_role_country_sector(nlp, text, name, role, country, sector):
    _, found = actors_of(nlp, text)
    actor = found[name]
    assert actor.type == "PERSON"
    assert actor.role == role
    assert actor.country == country
    assert actor.sector == sector


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (
            "The talks were led by Amara Okonjo, Nigeria's deputy minister of defense, "
            "who spoke briefly.",
            "Amara Okonjo",
            "deputy minister",
        ),
        (
            "Kenya's foreign minister, Halima Wanjiru, flew to Addis Ababa on Monday.",
            "Halima Wanjiru",
            "foreign minister",
        ),
    ],
)
def test_actors_appositive_role_names_the_person(nlp, text, name, words):
    """The appositive's role words are a mention of the person, not a
    national group of their own ("Nigerian minister")."""
    _, found = actors_of(nlp, text)
    person = found[name]
    assert words in [m.text for m in person.mentions]
    assert not [a for a in found.values() if a.type == "GROUP"]


def test_actors_surname_is_same_actor(nlp):
    text = (
        "Moldovan Prime Minister Dorin Recean visited Chisinau airport. "
        "Recean said the new terminal would open in spring."
    )
    doc, found = actors_of(nlp, text)
    actor = found["Dorin Recean"]
    assert [m.text for m in actor.mentions] == ["Dorin Recean", "Recean"]
    assert "Recean" not in found
    keys = {span.kb_id_ for span in doc.spans["mentions"] if span.text == "Recean"}
    assert keys == {actor.key}


@pytest.mark.parametrize(
    ("text", "full", "short", "mentions"),
    [
        (  # a standfirst names the surname first; the body gives the full name
            "Recean pressed the airport plan, and Ostrova pushed back.\n\n"
            "Moldovan Prime Minister Dorin Recean visited Chisinau airport on Monday. "
            "The mayor, Vera Ostrova, said Recean had not asked her.",
            "Dorin Recean",
            "Recean",
            ["Recean", "Dorin Recean", "Recean"],
        ),
        (  # a headline names the given name first
            "Ingrid says she will stay in the race.\n\n"
            "Governor Ingrid Halvorsen spoke in Ohio on Friday. "
            "Halvorsen promised new grain silos.",
            "Ingrid Halvorsen",
            "Ingrid",
            ["Ingrid", "Ingrid Halvorsen", "Halvorsen"],
        ),
    ],
)
def test_actors_short_form_named_before_the_full_name(nlp, text, full, short, mentions):
    doc, found = actors_of(nlp, text)
    actor = found[full]
    assert [m.text for m in actor.mentions] == mentions
    assert short not in found
    assert {s.kb_id_ for s in doc.spans["mentions"] if s.text == short} == {actor.key}


def test_actors_short_form_the_dictionary_knows_as_another_person_stays_apart(nlp):
    text = (
        "Obama praised the new library on Monday.\n\n"
        "Michelle Obama opened the library in Chicago, and the former president spoke."
    )
    _, found = actors_of(nlp, text)
    assert found["Obama"].ref == "phx:BARACK_OBAMA"
    assert [m.text for m in found["Michelle Obama"].mentions] == ["Michelle Obama"]


def test_actors_surname_first_stays_apart_when_two_full_names_share_it(nlp):
    text = (
        "Okafor won the vote.\n\n"
        "Senator Ada Okafor and her brother, Emeka Okafor, both spoke on Tuesday."
    )
    _, found = actors_of(nlp, text)
    assert "Ada Okafor" in found and "Emeka Okafor" in found
    assert [m.text for m in found["Ada Okafor"].mentions] == ["Ada Okafor"]


def test_actors_surname_after_a_generational_suffix(nlp):
    text = (
        "Property developer Harlan Quimby III paid for the banner. "
        "Quimby Holdings was not involved. Quimby said he acted alone. "
        "Reporters later reached Quimby by phone."
    )
    _, found = actors_of(nlp, text)
    actor = found["Harlan Quimby III"]
    assert [m.text for m in actor.mentions][1:] == ["Quimby", "Quimby"]
    assert load_actor_lexicon().surname("Martin Luther King Jr.") == "King"
    assert load_actor_lexicon().surname("Quimby") == "Quimby"


def test_actors_igo_media_and_country(nlp):
    text = (
        "NATO said on Tuesday that Russia had moved troops, Reuters reported. "
        "The alliance called the move provocative."
    )
    _, found = actors_of(nlp, text)
    nato = found["North Atlantic Treaty Organization"] if "NATO" not in found else found["NATO"]
    assert (nato.type, nato.country) == ("IGO", "IGO")
    assert nato.sector is None  # PLOVER has no IGO sector; NATO's work has none of its own
    assert "The alliance" in [m.text for m in nato.mentions]
    assert found["Reuters"].type == "MEDIA"
    assert found["Reuters"].sector == "JRN"
    russia = next(a for a in found.values() if a.type == "COUNTRY")
    assert russia.country == "RUS"


def test_actors_group_with_demonym(nlp):
    _, found = actors_of(nlp, "Thousands of North Korean troops crossed into the region.")
    groups = [a for a in found.values() if a.type == "GROUP"]
    assert len(groups) == 1
    assert groups[0].country == "PRK"
    assert groups[0].sector == "MIL"


def test_actors_capital_is_not_a_person(nlp):
    text = "Areas under Kyiv's control were shelled, officials in Kyiv said."
    doc, found = actors_of(nlp, text)
    assert not any(a.type == "PERSON" and a.name == "Kyiv" for a in found.values())
    assert all(e.label_ != "PERSON" for e in doc.ents if e.text == "Kyiv")


def test_actors_event_names_are_not_actors(nlp):
    _, found = actors_of(
        nlp, "Delegates met at the Annual Energy Ministerial Meeting in Oslo on Friday."
    )
    assert not any("Meeting" in name for name in found)


def test_actors_keys_follow_first_mention(nlp):
    _, found = actors_of(nlp, "Germany and France signed the accord. Germany said it was fair.")
    by_key = sorted(found.values(), key=lambda a: int(a.key[1:]))
    assert [a.name for a in by_key][:2] == ["Germany", "France"]
    assert len(found["Germany"].mentions) == 2


def test_actors_lexicon_title_sector():
    lex = load_actor_lexicon()
    assert lex.title_sector("deputy prime minister for economic affairs") == "GOV"
    assert lex.title_sector("Chief Justice") == "JUD"
    assert lex.title_sector("weather") is None


def test_actors_title_with_of_and_no_split_org(nlp):
    _, found = actors_of(nlp, "Secretary of State Marco Rubio arrived in Riyadh on Monday.")
    assert found["Marco Rubio"].role == "Secretary of State"
    assert "State" not in found


def test_actors_group_tagged_as_person_is_an_organisation(nlp):
    _, found = actors_of(nlp, "Officials said al-Shabab militants attacked a base near Mogadishu.")
    group = found["al-Shabab"]
    assert (group.type, group.country, group.sector) == ("ORG", "SOM", "REB")


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Security forces in Somalia said they had retaken the town.", "SOM", "MIL"),
        ("Refugees from Liberia marched to the embassy on Monday.", "LBR", "REF"),
        ("Students across Indonesia rallied against the new law.", "IDN", "EDU"),
        # a region or city whose name lies in one country only
        ("Darfur rebels ambushed a supply convoy.", "SDN", "REB"),
        ("Gaza residents queued for water on Tuesday.", "PSE", "CVL"),
        # an ethnic minority placed in a country is that country's
        ("Ethnic Hungarians in Romania protested the new law.", "ROU", "CVL"),
        ("Hungarians protested in Budapest on Sunday.", "HUN", "CVL"),
        # placed by the national word of what it comes from
        ("Doctors from two American charities reached the camp.", "USA", "MED"),
    ],
)
def test_actors_bare_group_takes_the_country_it_is_in_or_from(nlp, text, country, sector):
    _, found = actors_of(nlp, text)
    groups = [a for a in found.values() if a.type == "GROUP"]
    assert [(g.country, g.sector) for g in groups] == [(country, sector)]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        # the word before the head says whose the group is
        ("Kenyan opposition leaders walked out of the session.", "OPP"),
        ("Kenyan student leaders called a strike.", "EDU"),
        ("Kenyan union leaders rejected the wage offer.", "LAB"),
        ("Kenyan religious leaders urged calm after the vote.", "REL"),
        ("Kenyan rebel commanders agreed to a truce.", "REB"),
        # a government word does not: government forces are forces
        ("Kenyan government forces retook the town.", "MIL"),
        ("Kenyan leaders met in Nairobi.", "GOV"),
    ],
)
def test_actors_a_group_word_before_the_head_gives_the_sector(nlp, text, sector):
    _, found = actors_of(nlp, text)
    groups = [a for a in found.values() if a.type == "GROUP"]
    assert [(g.country, g.sector) for g in groups] == [("KEN", sector)]


def test_actors_group_sector_of_an_unplaced_group(nlp):
    doc = nlp("Union leaders met church leaders and intelligence officials on Friday.")
    lex = load_actor_lexicon()
    assert lex.group_sector(doc[1]) == ("leaders", "LAB")  # "Union leaders"
    assert lex.group_sector(doc[4]) == ("leaders", "REL")  # "church leaders"
    assert lex.group_sector(doc[7]) == ("officials", "SPY")  # "intelligence officials"
    assert lex.group_sector(doc[8]) is None  # "on" is no noun


def test_actors_group_with_its_own_country_keeps_it(nlp):
    _, found = actors_of(nlp, "Russian troops in Belarus held drills near the border.")
    groups = [a for a in found.values() if a.type == "GROUP"]
    assert [(g.country, g.sector) for g in groups] == [("RUS", "MIL")]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("United Nations peacekeepers came under fire.", "United Nations peacekeepers", "UNO"),
        ("African Union troops killed six militants.", "African Union troops", "IGO"),
    ],
)
def test_actors_an_international_organisations_troops(nlp, text, name, country):
    _, found = actors_of(nlp, text)
    group = found[name]
    assert (group.type, group.country, group.sector) == ("GROUP", country, "MIL")


def test_actors_organisation_named_after_a_capital_is_of_its_country(nlp):
    _, found = actors_of(nlp, "Doctors at the Baghdad Teaching Hospital treated 40 people.")
    hospital = next(a for a in found.values() if "Hospital" in a.name)
    assert hospital.country == "IRQ"
    # a name several countries' places share decides nothing
    assert country_of_place("Springfield") is None
    assert country_of_place("Darfur") == "SDN"


def test_actors_misspelt_country_names_are_their_country(nlp):
    _, found = actors_of(nlp, "Pakistan turned down an offer from Afganistan on Monday.")
    assert {a.country for a in found.values() if a.type == "COUNTRY"} == {"PAK", "AFG"}


@pytest.mark.parametrize(
    ("text", "acting"),
    [
        ("Moscow said the talks had failed.", True),
        ("Ankara wants an agreement with Cairo on the sea border.", True),
        ("The bloc adopted sanctions against Tehran.", True),
        ("The minister flew to Cairo on Monday.", False),  # a destination is a place
        ("Talks were held in Cairo on Monday.", False),
    ],
)
def test_actors_a_capital_is_its_country_only_as_a_party(nlp, text, acting):
    _, found = actors_of(nlp, text)
    capitals = [a for a in found.values() if a.type == "COUNTRY" and a.sector == "GOV"]
    assert bool(capitals) == acting


def test_actors_a_title_alone_is_the_one_person_so_titled(nlp):
    _, found = actors_of(
        nlp,
        "Police detained journalist Sok Vanna in Phnom Penh. "
        "A court later charged the journalist with incitement.",
    )
    person = found["Sok Vanna"]
    assert "the journalist" in [m.text for m in person.mentions]
    # two people with the title: "the journalist" is neither
    _, found = actors_of(
        nlp,
        "Journalist Sok Vanna met journalist Chea Dara in Phnom Penh. "
        "The journalist was later detained.",
    )
    assert all("the journalist" not in [m.text.lower() for m in a.mentions] for a in found.values())


@pytest.mark.parametrize(
    ("text", "name", "short"),
    [
        (
            "The Kivu Farmers Union (KFU) marched in Bukavu. The KFU said the tax was unfair.",
            "Kivu Farmers Union",
            "KFU",
        ),
        (
            "Crown Prince Khalid bin Faris, widely known as KBF, met envoys. KBF said little.",
            "Khalid bin Faris",
            "KBF",
        ),
        (
            "Khalid bin Faris, known by his initials KBF, met envoys. Later KBF left.",
            "Khalid bin Faris",
            "KBF",
        ),
    ],
)
def test_actors_short_form_the_article_defines_is_the_same_actor(nlp, text, name, short):
    _, found = actors_of(nlp, text)
    assert short not in found
    texts = [m.text for m in found[name].mentions]
    assert texts.count(short) == 2


def test_actors_short_form_needs_its_definition(nlp):
    # capitals after a name with no parenthesis or "known as" are not its short form
    _, found = actors_of(nlp, "Khalid bin Faris met envoys. KBF said little.")
    assert "KBF" not in [m.text for m in found["Khalid bin Faris"].mentions]


def test_actors_multi_word_title_is_not_part_of_the_name(nlp):
    _, found = actors_of(nlp, "On Monday, Crown Prince Khalid bin Faris met envoys.")
    assert "Khalid bin Faris" in found
    assert found["Khalid bin Faris"].sector == "GOV"


def test_actors_town_the_model_tags_as_a_person_is_no_person(nlp):
    # a dictionary person shares the town's name; after "in" it is the town
    _, found = actors_of(nlp, "The Kivu Farmers Union protested in Goma on Monday.")
    assert "Goma" not in found
    # "from" names people as often as places
    _, found = actors_of(nlp, "A letter from Obama arrived on Monday.")
    assert found["Obama"].country == "USA"


def test_actors_the_militants_is_the_one_armed_group_named(nlp):
    text = (
        "The Allied Democratic Forces raided a market near Beni. "
        "Officials said the militants had fled, and the armed group later released a video."
    )
    _, found = actors_of(nlp, text)
    texts = [m.text.lower() for m in found["Allied Democratic Forces"].mentions]
    assert "the militants" in texts and "the armed group" in texts
    # two armed groups: "the militants" could be either, so it is neither
    text = "Boko Haram and the Islamic State both raided villages. The militants fled."
    _, found = actors_of(nlp, text)
    assert not any(m.text.lower() == "the militants" for a in found.values() for m in a.mentions)


def test_actors_named_group_of_several_words_the_model_splits(nlp):
    # the small model tags "Islamic" as a nationality and leaves "State" out
    _, found = actors_of(nlp, "The Islamic State claimed the bombing in Kabul.")
    assert (found["Islamic State"].country, found["Islamic State"].sector) == ("IMG", "REB")


def test_actors_country_troops_beside_an_international_body(nlp):
    # NATO is its own actor; the U.S. troops are mentioned by "U.S."
    _, found = actors_of(nlp, "The Taliban welcomed the withdrawal of U.S. and NATO troops.")
    assert (found["American troops"].country, found["American troops"].sector) == ("USA", "MIL")
    assert "NATO" in found


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        ("A British citizen was detained in Tehran on Monday.", "British citizen", "CVL"),
        ("A Syrian refugee was deported from Denmark.", "Syrian refugee", "REF"),
    ],
)
def test_actors_one_person_named_by_a_group_noun(nlp, text, name, sector):
    _, found = actors_of(nlp, text)
    assert found[name].sector == sector


def test_actors_former_name_of_a_state_is_the_state(nlp):
    _, found = actors_of(nlp, "Vietnamese troops fought Kampuchean guerrillas near the border.")
    assert found["Cambodian guerrillas"].country == "KHM"


def test_actors_a_known_surname_is_no_misspelt_country(nlp):
    # "Ghani" is one letter from "Ghana", but a known person's surname
    _, found = actors_of(nlp, "Ghani pointed a finger at the insurgents on Sunday.")
    assert "Ghana" not in found and found["Ghani"].country == "AFG"


def test_actors_group_named_with_the_place_when_the_demonym_names_a_person(nlp):
    # "Hong Konger" and "New Zealander" are people, not adjectives
    _, found = actors_of(nlp, "Hong Kong police and New Zealand officials met on Monday.")
    assert found["Hong Kong police"].country == "HKG"
    assert found["New Zealand officials"].country == "NZL"
    _, found = actors_of(nlp, "German officials met on Monday.")
    assert "German officials" in found


def test_actors_a_people_before_a_group_noun_is_coded_with_its_state(nlp):
    _, found = actors_of(nlp, "Karen guerrillas ambushed a convoy, and Yoruba leaders met.")
    assert (found["Karen guerrillas"].country, found["Karen guerrillas"].sector) == ("MMR", "REB")
    # a people's leaders are its elites, not a government
    assert (found["Yoruba leaders"].country, found["Yoruba leaders"].sector) == ("NGA", "ELI")
    assert "Karen" not in found
    # a woman called Karen is still a person
    _, found = actors_of(nlp, "Karen Bass spoke on Monday.")
    assert "Karen Bass" in found


def test_actors_every_people_row_has_a_country_and_a_source():
    from eventwire.datafiles import read_tsv
    from eventwire.nlp.gazetteer import load_gazetteer

    countries = load_gazetteer().countries
    for row in read_tsv("peoples.tsv"):
        assert row["country"] in countries, row
        assert row["source"].startswith("reference:"), row


def test_actors_the_court_is_the_one_court_named(nlp):
    text = "The Supreme Court of Ruritania heard the appeal. Later the court rejected it."
    doc, found = actors_of(nlp, text)
    court = found["Supreme Court of Ruritania"]
    assert any(m.text == "the court" for m in court.mentions)
    # two courts named: "the court" is neither
    text = (
        "The Supreme Court of Ruritania and the Constitutional Court of Ruritania met. "
        "Later the court rejected it."
    )
    _, found = actors_of(nlp, text)
    assert not any(m.text == "the court" for a in found.values() for m in a.mentions)


def test_actors_headline_words_are_not_part_of_a_name(nlp):
    text = (
        "Trump May Be Aligning With Putin on Syria\n\n"
        "Rudy Giuliani Wear ‘Make Mexico Great Again’ Hats\n\n"
        "Trump’s Putin Remarks ‘Troubling,’ Says Pence\n\n"
        "Charleston Church Shooting Survivors Explain Why Clinton Offers Needed Change\n\n"
        "Mohammed bin Salman met the envoys on Monday."
    )
    _, found = actors_of(nlp, text)
    assert "Mohammed bin Salman" in found
    for name in found:
        assert "‘" not in name and "’" not in name, name
        assert len(name.split()) <= 3, name
        assert not name.startswith("Trump "), name
    # particles and the inner words of a hyphenated name stay
    _, found = actors_of(nlp, "Maulana Fazl-ur-Rehman met Mohammed bin Salman.")
    assert "Maulana Fazl-ur-Rehman" in found and "Mohammed bin Salman" in found


def test_actors_a_title_with_words_before_it_is_the_one_person_it_fits(nlp):
    text = (
        "Sen. Bernie Sanders spoke on Monday. The Vermont senator called for a ceasefire. "
        "Russian President Vladimir Putin met U.S. President Joe Biden in Geneva. "
        "Later the Russian president criticized NATO."
    )
    _, found = actors_of(nlp, text)
    # "Sen." is a senator; the country before "president" says which president
    assert "The Vermont senator" in [m.text for m in found["Bernie Sanders"].mentions]
    assert "the Russian president" in [m.text for m in found["Vladimir Putin"].mentions]
    assert "Russia" not in found  # "Russian" names the president, not the state
    # ... also where the title alone makes a group ("the Russian foreign minister")
    text = (
        "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart. "
        "Later the Russian foreign minister criticized NATO."
    )
    _, found = actors_of(nlp, text)
    assert "the Russian foreign minister" in [m.text for m in found["Sergei Lavrov"].mentions]


def test_actors_a_head_of_state_named_by_title_alone(nlp):
    _, found = actors_of(nlp, "The Egyptian president met Jordan's king in Amman.")
    assert {(a.country, a.sector) for a in found.values() if a.type == "GROUP"} == {
        ("EGY", "GOV"),
        ("JOR", "GOV"),
    }
    assert "Egypt" not in found


def test_actors_a_government_of_a_place_is_that_country_s(nlp):
    _, found = actors_of(nlp, "The government of Sindh province deployed troops on Monday.")
    assert [(a.country, a.sector) for a in found.values()] == [("PAK", "GOV")]
    # "of" places only governments: supporters of a country are no group of it
    _, found = actors_of(nlp, "Supporters of Liberia cheered on Monday.")
    assert not any(a.type == "GROUP" for a in found.values())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a preposition or an adverb opening a sentence
        (
            "Ministers met in Lisbon on Monday. Beyond Moldova, the ministers discussed trade. "
            "Meanwhile Ruritania closed its border.",
            "Moldova",
        ),
        # a modal opening a question; an article before a name used as a noun
        (
            "Endgame: Will Sanders step aside before the convention? "
            "Senator Elena Varga pulled a Donald Trump on Monday and phoned every network.",
            "Donald Trump",
        ),
    ],
)
def test_actors_a_word_before_a_name_is_no_part_of_it(nlp, text, name):
    """The recogniser may take the word that opens a sentence or a question, or
    an article, into the name after it."""
    _, found = actors_of(nlp, text)
    opening = ("Beyond", "Meanwhile", "Will", "a")
    assert not any(found_name.split()[0] in opening for found_name in found), found
    assert name in found


def test_actors_armed_group_the_model_tags_as_a_person_is_the_group(nlp):
    # the small model tags "Boko Haram's" as a person; the dictionary's
    # armed-group file knows it
    _, found = actors_of(nlp, "The attack recalled Boko Haram's raid on a school in 2014.")
    group = found["Boko Haram"]
    assert (group.type, group.ref, group.country, group.sector) == (
        "ORG",
        "phx:BOKO_HARAM",
        "NGA",
        "REB",
    )


def test_actors_region_the_model_tags_as_a_person_is_no_actor(nlp):
    # "Sahel" is a region; a lone surname of the dictionary must not make it a person
    _, found = actors_of(nlp, "Leaders of the Sahel met on Friday.")
    assert found == {}


def test_actors_name_in_an_editors_brackets(nlp):
    # a quotation's editor writes "[U.N.]"; the brackets are no part of the name
    _, found = actors_of(nlp, "Aid groups asked the [U.N.] Security Council to act on Friday.")
    council = next(a for a in found.values() if a.country == "UNO")
    assert (council.name, council.type) == ("United Nations Security Council", "IGO")


def test_actors_a_word_of_a_longer_place_name_is_no_country(nlp):
    # "Jersey" alone is a country (JEY); "New Jersey" is a US state
    _, found = actors_of(nlp, "New Jersey Gov. Lena Marsh signed the budget on Friday.")
    assert found["Lena Marsh"].country == "USA"


def test_actors_surname_tagged_as_a_common_noun(nlp):
    # the tagger sometimes takes a known surname that is also an English word
    # for a noun ("Bishop met ..."): in a name's slot it is the person
    doc = nlp("Rwandan envoy Grace Bishop arrived on Monday. Bishop met the president.")
    start = next(t.i for t in doc if t.text == "Bishop" and t.i > 5)
    doc[start].pos_ = "NOUN"
    doc.ents = [Span(doc, 2, 4, label="PERSON")]
    found = {a.name: a for a in find_actors(doc)}
    assert [m.text for m in found["Grace Bishop"].mentions] == ["Grace Bishop", "Bishop"]


def test_actors_surname_tagged_as_an_organisation_with_a_possessive(nlp):
    # the model sometimes tags "Rubio's" ORG: the surname, possessive left off, is the person
    doc = nlp("Donors gave to Tenzin Kalden. Few gave to anyone except Kalden's campaign.")
    start = next(t.i for t in doc if t.text == "Kalden" and t.i > 5)
    doc.ents = [
        Span(doc, 3, 5, label="PERSON"),
        Span(doc, start, start + 2, label="ORG"),  # "Kalden" + "'s"
    ]
    found = {a.name: a for a in find_actors(doc)}
    assert set(found) == {"Tenzin Kalden"}
    assert [m.text for m in found["Tenzin Kalden"].mentions] == ["Tenzin Kalden", "Kalden"]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # a judge the dictionary does not know, in a story about one country
        (
            "Judge Marta Quispe opened an inquiry into Peruvian officials. "
            "Lima prosecutors backed her.",
            "Marta Quispe",
            "PER",
        ),
        # the article names two countries as often: no country is guessed
        (
            "Judge Marta Quispe opened an inquiry into Peruvian and Chilean officials.",
            "Marta Quispe",
            None,
        ),
        # a journalist is often a foreigner where quoted: never placed
        (
            "Reporter Marta Quispe wrote that Peruvian officials met in Lima.",
            "Marta Quispe",
            None,
        ),
    ],
)
def test_actors_an_uncoded_domestic_actor_takes_the_article_country(nlp, text, name, country):
    _, found = actors_of(nlp, text)
    assert found[name].country == country


def test_actors_the_people_of_an_organisation_take_its_country(nlp):
    _, found = actors_of(nlp, "Workers of the Kenya Ports Authority went on strike.")
    [group] = [a for a in found.values() if a.type == "GROUP"]
    assert (group.country, group.sector) == ("KEN", "LAB")


def test_actors_dictionary_person_tagged_org_is_a_person(nlp):
    # the small model tags "Carly Fiorina" ORG; the dictionary knows her
    text = "Carly Fiorina criticized the budget plan on Monday, and Fiorina said it would fail."
    doc, found = actors_of(nlp, text)
    actor = found["Carly Fiorina"]
    assert actor.type == "PERSON"
    assert [m.text for m in actor.mentions] == ["Carly Fiorina", "Fiorina"]
    assert "Carly Fiorina" in {e.text for e in doc.ents if e.label_ == "PERSON"}


def test_actors_person_takes_the_given_name_the_model_left_out(nlp):
    doc, found = actors_of(nlp, "The governor, Alejandro Ruiz Ferrer, asked the ministry for help.")
    assert "Alejandro Ruiz Ferrer" in found
    assert "Ruiz Ferrer" not in found
    assert found["Alejandro Ruiz Ferrer"].type == "PERSON"


def test_actors_social_platform_is_a_company_not_a_person(nlp):
    _, found = actors_of(nlp, "Donald Trump attacked Hillary Clinton on Twitter on Tuesday.")
    assert found["Twitter"].type == "ORG"
    assert found["Twitter"].sector == "BUS"


def test_actors_untagged_full_name_completes_a_one_word_person(nlp):
    # the model tags only the later "Marsh"; the first mention is the full name
    text = (
        "UN Special Envoy Helena Marsh said the convoy would leave at dawn. "
        '"We need the roads open," Marsh told reporters in Geneva.'
    )
    doc, found = actors_of(nlp, text)
    actor = found["Helena Marsh"]
    assert [m.text for m in actor.mentions] == ["Helena Marsh", "Marsh"]
    assert (actor.role, actor.country) == ("Special Envoy", "UNO")
    assert "Marsh" not in found
    assert "Helena Marsh" in {e.text for e in doc.ents if e.label_ == "PERSON"}
