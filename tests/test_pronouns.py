"""Pronoun resolution (stages.actors.pronouns) and what it gives event participants.

Hand-written sentences on the real model: the resolver alone on mentions set
by hand, then the whole pipeline through ``annotate``.
"""

from __future__ import annotations

import pytest

from eventwire.pipeline import annotate
from eventwire.records import Quote
from eventwire.stages.actors.pronouns import first_person_speaker, resolve_pronoun


def _parsed(parse, text, mentions):
    doc = parse(text, mentions)
    return doc, list(doc.spans["mentions"])


def _token(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_pronouns_agreement_skips_the_nearer_actor_of_the_wrong_kind(nlp, parse_with_mentions):
    text = "Elena Varga visited the Foreign Ministry on Monday. She praised its staff."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Elena Varga", "PERSON", "A1"), ("Foreign Ministry", "ORG", "A2")],
    )
    assert resolve_pronoun(_token(doc, "She"), mentions).kb_id_ == "A1"
    assert resolve_pronoun(_token(doc, "its"), mentions).kb_id_ == "A2"


def test_pronouns_object_pronoun_is_not_its_own_clause_subject(nlp, parse_with_mentions):
    text = "Paolo Greco met Ivan Horvat in Rome. Later Greco criticized him sharply."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [
            ("Paolo Greco", "PERSON", "A1"),
            ("Ivan Horvat", "PERSON", "A2"),
            ("Greco", "PERSON", "A1"),
        ],
    )
    assert resolve_pronoun(_token(doc, "him"), mentions).kb_id_ == "A2"


def test_pronouns_prefer_the_subject_over_the_nearest_mention(nlp, parse_with_mentions):
    text = "Amara Osei spoke with Lukas Brandt by phone. He said the talks went well."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Amara Osei", "PERSON", "A1"), ("Lukas Brandt", "PERSON", "A2")],
    )
    assert resolve_pronoun(_token(doc, "He"), mentions).kb_id_ == "A1"


def test_pronouns_the_subjects_owner_counts_as_subject(nlp, parse_with_mentions):
    text = "Hamas officials ignored questions from Reuters because they had banned the agency."
    doc, mentions = _parsed(
        parse_with_mentions, text, [("Hamas", "ORG", "A1"), ("Reuters", "ORG", "A2")]
    )
    assert resolve_pronoun(_token(doc, "they"), mentions).kb_id_ == "A1"


def test_pronouns_it_does_not_take_a_plural_group(nlp, parse_with_mentions):
    text = "The rebels attacked the Northern Council. It condemned the raid."
    doc, mentions = _parsed(
        parse_with_mentions, text, [("rebels", "GROUP", "A1"), ("Northern Council", "ORG", "A2")]
    )
    assert resolve_pronoun(_token(doc, "It"), mentions).kb_id_ == "A2"


@pytest.mark.parametrize(
    ("text", "pronoun", "expected"),
    [
        # a country is "it": "they" skips it for the senate's aides
        (
            "Kenya hosted Senate aides on Monday. Later they briefed the Farm Workers Union.",
            "they",
            "Senate",
        ),
        ("Kenya hosted Senate aides on Monday. Later it recalled its envoy.", "it", "Kenya"),
    ],
)
def test_pronouns_they_is_no_country(nlp, parse_with_mentions, text, pronoun, expected):
    found = [("Kenya", "COUNTRY", "Kenya"), ("Senate", "ORG", "Senate")]
    doc, mentions = _parsed(parse_with_mentions, text, found)
    assert resolve_pronoun(_token(doc, pronoun), mentions).kb_id_ == expected


def test_pronouns_mentions_inside_a_quotation_are_not_antecedents_outside_it(
    nlp, parse_with_mentions
):
    text = '"Tomas Ruiz is wrong," Clara Weiss said. She left the room.'
    doc, mentions = _parsed(
        parse_with_mentions, text, [("Tomas Ruiz", "PERSON", "A1"), ("Clara Weiss", "PERSON", "A2")]
    )
    quoted = [(0, text.index(",") + 2)]
    assert resolve_pronoun(_token(doc, "She"), mentions, quoted).kb_id_ == "A2"


def test_pronouns_nothing_fitting_gives_none(nlp, parse_with_mentions):
    text = "Hana Sato arrived late. It rained all day."
    doc, mentions = _parsed(parse_with_mentions, text, [("Hana Sato", "PERSON", "A1")])
    assert resolve_pronoun(_token(doc, "It"), mentions) is None
    assert resolve_pronoun(_token(doc, "Hana"), mentions) is None


def test_pronouns_a_he_beyond_the_window_is_the_person_named_most(nlp, parse_with_mentions):
    # a profile: its subject named twice, a passer-by once, then four
    # sentences with no one in them before "he"; an "it" that far is left alone
    text = (
        "Tomas Lindqvist grew up on a farm. Lindqvist met Karl Berg at school. "
        "The winters were long. The roads were poor. The harvests failed twice. "
        "Prices rose every year. In 1990 he left for the city. It was cold."
    )
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [
            ("Tomas Lindqvist", "PERSON", "A1"),
            ("Lindqvist", "PERSON", "A1"),
            ("Karl Berg", "PERSON", "A2"),
        ],
    )
    assert resolve_pronoun(_token(doc, "he"), mentions).kb_id_ == "A1"
    assert resolve_pronoun(_token(doc, "It"), mentions) is None


def test_pronouns_they_may_stand_for_two_persons_named_together(nlp, parse_with_mentions):
    text = "Maria Lopez and John Carter met reporters on Monday. They rejected the plan."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Maria Lopez", "PERSON", "A1"), ("John Carter", "PERSON", "A2")],
    )
    assert resolve_pronoun(_token(doc, "They"), mentions).kb_id_ in ("A1", "A2")
    # one person alone is no "they"
    doc, mentions = _parsed(
        parse_with_mentions,
        "Maria Lopez met reporters on Monday. They rejected the plan.",
        [("Maria Lopez", "PERSON", "A1")],
    )
    assert resolve_pronoun(_token(doc, "They"), mentions) is None


def test_pronouns_first_person_in_a_quotation_is_its_speaker(nlp, parse_with_mentions):
    text = '"We will not give up," said Marta Kovac.'
    doc = nlp(text)
    quote = Quote(start=1, end=text.index(",") + 1, text="", direct=True, speaker="A1")
    assert first_person_speaker(_token(doc, "We"), [quote]) == "A1"
    assert first_person_speaker(_token(doc, "give"), [quote]) is None
    outside = Quote(start=0, end=0, text="", direct=True, speaker="A1")
    assert first_person_speaker(_token(doc, "We"), [outside]) is None


def test_pronouns_quoted_we_becomes_the_speaker_of_an_event(nlp, parse_with_mentions):
    text = (
        "Chilean President Gabriel Boric met Argentine President Javier Milei on Monday. "
        '"We will sign a border agreement with Argentina next month," Boric said.'
    )
    events = annotate(nlp(text), "2025-03-14")._.events
    agree = [e for e in events if e.type == "AGREE" and e.actors]
    assert agree, [(e.type, e.trigger) for e in events]
    assert agree[0].actors[0].name == "Gabriel Boric"
    assert agree[0].actors[0].text == "We"


def test_pronouns_accusation_by_she_is_not_given_to_the_accused(nlp, parse_with_mentions):
    text = (
        "Senator Ruth Calloway criticized Governor Dale Pruitt on Monday. "
        "She accused him of hiding the budget from voters."
    )
    events = annotate(nlp(text), "2025-03-14")._.events
    accuse = [e for e in events if e.type == "ACCUSE" and e.trigger == "accused"]
    assert accuse, [(e.type, e.trigger) for e in events]
    assert [a.name for a in accuse[0].actors] == ["Ruth Calloway"]
    assert [a.name for a in accuse[0].recipients] == ["Dale Pruitt"]


def test_pronouns_it_takes_a_name_that_looks_plural(nlp, parse_with_mentions):
    # a name is one actor, whatever its last word; a plural group noun is not
    text = "Doctors Without Borders said on Friday that its clinic had closed."
    doc, mentions = _parsed(parse_with_mentions, text, [("Doctors Without Borders", "ORG", "A1")])
    assert resolve_pronoun(_token(doc, "its"), mentions).kb_id_ == "A1"
    text = "The rebels said on Friday that its clinic had closed."
    doc, mentions = _parsed(parse_with_mentions, text, [("rebels", "GROUP", "A1")])
    assert resolve_pronoun(_token(doc, "its"), mentions) is None


def test_pronouns_he_and_she_agree_with_the_persons_sex(nlp, parse_with_mentions):
    # the subject of the sentence before would win, but "he" is not Laura
    # Bianchi and "her" is not Tom Reyes (given names, a title)
    text = "Senator Laura Bianchi met Governor Tom Reyes on Friday. He said she had lied."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Laura Bianchi", "PERSON", "A1"), ("Tom Reyes", "PERSON", "A2")],
    )
    assert resolve_pronoun(_token(doc, "He"), mentions).kb_id_ == "A2"
    assert resolve_pronoun(_token(doc, "she"), mentions).kb_id_ == "A1"
    text = "Mrs. Okafor welcomed Daniel Price to Lagos. Later he thanked her."
    doc, mentions = _parsed(
        parse_with_mentions, text, [("Okafor", "PERSON", "A1"), ("Daniel Price", "PERSON", "A2")]
    )
    assert resolve_pronoun(_token(doc, "her"), mentions).kb_id_ == "A1"
    # no sign of sex: either pronoun may take the person
    text = "Okoro met the envoy. She left early."
    doc, mentions = _parsed(parse_with_mentions, text, [("Okoro", "PERSON", "A1")])
    assert resolve_pronoun(_token(doc, "She"), mentions).kb_id_ == "A1"


def test_pronouns_person_sex_reads_names_titles_and_all_mentions(nlp, parse_with_mentions):
    from eventwire.stages.actors.sex import name_sex, person_sex

    assert name_sex(["Hillary", "Clinton"]) == "f"
    assert name_sex(["President", "Barack", "Obama"]) == "m"
    assert name_sex(["Mrs.", "Clinton"]) == "f"
    assert name_sex(["Warren"]) is None  # a bare surname says nothing
    assert name_sex(["Dana", "Perino"]) is None  # a name of either sex is not listed
    text = "Elizabeth Warren spoke first. Then Warren left."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Elizabeth Warren", "PERSON", "A1"), ("Warren", "PERSON", "A1")],
    )
    assert person_sex(doc, mentions[1]) == "f"


def test_pronouns_his_in_the_object_is_the_subjects(nlp, parse_with_mentions):
    # "announced his candidacy": the one who announces, not the nearer Dunne
    text = "Governor Mark Ellison praised Senator Paul Dunne and announced his candidacy."
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Mark Ellison", "PERSON", "A1"), ("Paul Dunne", "PERSON", "A2")],
    )
    assert resolve_pronoun(_token(doc, "his"), mentions).kb_id_ == "A1"


def test_pronouns_a_main_subject_pronoun_hands_on_its_referent(nlp, parse_with_mentions):
    """ "He ... that Horvat ... He ...": the second "he" is the first one's
    referent, not the subject of the clause in between."""
    text = (
        "Paolo Greco spoke on the radio. He argued that Ivan Horvat is winning the race. "
        "He blamed the broadcasters for the silence."
    )
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Paolo Greco", "PERSON", "A1"), ("Ivan Horvat", "PERSON", "A2")],
    )
    assert resolve_pronoun(_token(doc, "He", 1), mentions).kb_id_ == "A1"


def test_pronouns_a_quoted_third_person_is_not_the_speaker(nlp, parse_with_mentions):
    text = 'Elena Varga thanked Mira Kos. "She kept her word," Varga said.'
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Elena Varga", "PERSON", "A1"), ("Mira Kos", "PERSON", "A2"), ("Varga", "PERSON", "A1")],
    )
    start = text.index('"')
    quoted = [(start, text.index('"', start + 1) + 1)]
    she = _token(doc, "She")
    assert resolve_pronoun(she, mentions, quoted, {quoted[0]: "A1"}).kb_id_ == "A2"


def test_pronouns_a_country_named_as_a_place_is_no_antecedent(nlp, parse_with_mentions):
    text = (
        "The Kellan Group met the Danish trade minister in Estonia. "
        "Their second meeting took place in Finland. It was brief."
    )
    doc, mentions = _parsed(
        parse_with_mentions,
        text,
        [("Kellan Group", "ORG", "A1"), ("Estonia", "COUNTRY", "A2"), ("Finland", "COUNTRY", "A3")],
    )
    assert resolve_pronoun(_token(doc, "Their"), mentions).kb_id_ == "A1"
    assert resolve_pronoun(_token(doc, "It"), mentions).kb_id_ == "A1"


FRONTED = (
    "Norway protested on Monday. After weeks of denying it would expel them, "
    "Portugal sent the envoys home. In its reply, Norway recalled its ambassador."
)
FRONTED_MENTIONS = [
    ("Norway", "COUNTRY", "A1"),
    ("Portugal", "COUNTRY", "A2"),
    ("Norway", "COUNTRY", "A1"),
]
PERSONS = "Tomas Berg spoke first. After he left the stage, Maria Lind criticized the plan."
PERSONS_MENTIONS = [("Tomas Berg", "PERSON", "A1"), ("Maria Lind", "PERSON", "A2")]


@pytest.mark.parametrize(
    ("text", "mentions", "word", "key"),
    [
        # a pronoun in a phrase or clause put before the main subject looks ahead to it
        (FRONTED, FRONTED_MENTIONS, "it", "A2"),
        (FRONTED, FRONTED_MENTIONS, "its", "A1"),
        # ... when it fits: "he" before a woman's name looks back
        (PERSONS, PERSONS_MENTIONS, "he", "A1"),
    ],
)
def test_pronouns_a_fronted_pronoun_looks_ahead_to_the_main_subject(
    parse_with_mentions, text, mentions, word, key
):
    doc, found = _parsed(parse_with_mentions, text, mentions)
    assert resolve_pronoun(_token(doc, word), found).kb_id_ == key
