"""Cross-article event clustering on hand-built extractions."""

from __future__ import annotations

import dataclasses
import random

import pytest

from eventwire.crossdoc.stories import (
    Participant,
    build_stories,
    event_interval,
    factuality,
    read_interval,
    read_participant,
    source_key,
)
from eventwire.records import Article, Event, EventActor, Extraction


def party(name, country=None, sector=None, key="A1"):
    """A resolved participant (``key`` None: words the coder could not resolve)."""
    return EventActor(text=name, start=0, end=len(name), actor=key, name=name, country=country,
                      sector=sector)  # fmt: skip


def event(key, type_, actors=(), recipients=(), date=None, modality="asserted", place=None,
          sentence=(0, 40), trigger="attacked"):  # fmt: skip
    return Event(
        key=key,
        type=type_,
        quad_class=4,
        trigger=trigger,
        trigger_start=sentence[0],
        trigger_end=sentence[0] + len(trigger),
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        trigger_lemma=trigger.removesuffix("ed"),
        actors=list(actors),
        recipients=list(recipients),
        modality=modality,
        date=date,
        date_begin=date,
        date_end=date,
        date_source="text" if date else "article",
        place_country=place,
        evidence=[list(sentence)],
    )


def article(name, published, events, host=None, text=None):
    url = f"https://{host or name}.example/{name}" if host is not False else None
    body = text or ("Russian forces attacked Kyiv on Friday, officials said. " * 3)
    return Extraction(
        article=Article(text=body, url=url, published=published, id=name), events=list(events)
    )


RUS = party("Russia", "RUS", "MIL")
UKR = party("Ukraine", "UKR", None, key="A2")
POL = party("Poland", "POL", key="A3")
UKR_MIL = party("Ukrainian army", "UKR", "MIL", key="A4")
KREMLIN = party("Kremlin", "RUS", "GOV", key="A5")
GUNMEN = party("gunmen", key=None)


def members(stories):
    return sorted(sorted((r.article_id, r.key) for r in s.reports) for s in stories)


def test_stories_merge_one_event_across_sources():
    dyad = ([RUS], [UKR])
    stories = build_stories(
        [
            article("a", "2024-11-29T10:00:00", [event("E1", "ASSAULT", *dyad, "2024-11-29")]),
            article("b", "2024-11-30T09:00:00", [event("E3", "ASSAULT", *dyad, "2024-11-30")]),
            article("c", "2024-11-29T15:00:00", [event("E1", "ASSAULT", *dyad)]),
        ]
    )
    assert len(stories) == 1
    story = stories[0].to_dict()
    assert (story["sources"], story["articles"], story["reports"]) == (3, 3, 3)
    assert story["first_reported"] == "2024-11-29T10:00:00"
    assert story["last_reported"] == "2024-11-30T09:00:00"
    assert (story["date_begin"], story["date_end"]) == ("2024-11-29", "2024-11-30")
    assert story["actor_codes"] == ["RUSMIL"] and story["recipient_codes"] == ["UKR"]
    # Names are matched lower-cased but shown as the articles wrote them.
    assert story["recipient_names"] == ["Ukraine"]
    assert {p["name"] for p in story["participants"]} == {RUS.name, "Ukraine"}
    assert [m["article_id"] for m in story["members"]] == ["a", "c", "b"]


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (event("E1", "PROTEST", [RUS], [UKR], "2024-11-29"), "another type"),
        (event("E1", "ASSAULT", [RUS], [POL], "2024-11-29"), "another recipient"),
        (event("E1", "ASSAULT", [UKR_MIL], [UKR], "2024-11-29"), "other actor"),
        (event("E1", "ASSAULT", [RUS], [UKR], "2024-12-03"), "four days later"),
        (event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", place="POL"), "another country"),
        (event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", modality="negated"), "negated"),
        (event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", modality="hypothetical"), "irrealis"),
        (event("E1", "ASSAULT", [KREMLIN], [], "2024-11-29"), "other sector"),
        (event("E1", "ASSAULT", [RUS], [UKR], "2024"), "a year: not placed"),
        (event("E1", "ASSAULT", [GUNMEN], [], "2024-11-29"), "unresolved"),
    ],
)  # fmt: skip
def test_stories_keep_different_events_apart(second, why):
    first = event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", place="UKR")
    stories = build_stories(
        [article("a", "2024-11-29", [first]), article("b", "2024-11-29", [second])]
    )
    assert len(stories) == 2, why


@pytest.mark.parametrize(
    "second",
    [
        event("E1", "ASSAULT", [party("Russia", "RUS")], [], "2024-11-30"),  # no sector: any
        event("E1", "ASSAULT", [], [party("Ukraine", "UKR", "GOV")], "2024-11-28"),
        event("E1", "ASSAULT", [party("Russia", None, None)], [UKR], "2024-11-29"),  # by name
        event("E1", "ASSAULT", [RUS], [UKR], "2024-11"),  # a month overlaps the day
        event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", modality="reported"),
    ],
)
def test_stories_merge_compatible_reports(second):
    first = event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", place="UKR")
    stories = build_stories(
        [article("a", "2024-11-29", [first]), article("b", "2024-11-29", [second])]
    )
    assert members(stories) == [[("a", "E1"), ("b", "E1")]]


def test_stories_take_at_most_one_event_per_article():
    # the coder kept two ASSAULT events apart in article a: two stories
    a = article(
        "a",
        "2024-11-29",
        [
            event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29", trigger="attacked"),
            event(
                "E2", "ASSAULT", [RUS], [UKR], "2024-11-29", trigger="shelled", sentence=(41, 80)
            ),
        ],
    )
    b = article("b", "2024-11-30", [event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29",
                                          trigger="shelled")])  # fmt: skip
    stories = build_stories([a, b])
    # b's report joins the story whose trigger word it shares
    assert members(stories) == [[("a", "E1")], [("a", "E2"), ("b", "E1")]]


def test_stories_first_report_anchors_the_dates():
    # reports a day apart each: the third is 4 days after the first and starts a story
    days = ["2024-11-01", "2024-11-03", "2024-11-05"]
    stories = build_stories(
        [article(f"a{i}", d, [event("E1", "ASSAULT", [RUS], [UKR], d)]) for i, d in enumerate(days)]
    )
    assert members(stories) == [[("a0", "E1"), ("a1", "E1")], [("a2", "E1")]]


def test_stories_duplicates_join_canonical_story_as_one_source():
    unresolved = [party("gunmen", key=None)]
    text = "Gunmen stormed a hotel in central Somalia on Tuesday, police said."
    original = article("a", "2024-11-29T08:00", [event("E1", "ASSAULT", unresolved)], text=text)
    copy = article("b", "2024-11-29T11:00", [event("E1", "ASSAULT", unresolved)], host="wire",
                   text=text + " Copyright Wire.")  # fmt: skip
    apart = build_stories([original, copy])
    assert len(apart) == 2  # nothing resolved: no evidence they are one event
    stories = build_stories([original, copy], canonical={"b": "a"})
    assert len(stories) == 1
    story = stories[0].to_dict()
    assert (story["sources"], story["articles"]) == (1, 2)


def test_stories_same_host_counts_one_source():
    one = [event("E1", "ASSAULT", [RUS], [UKR], "2024-11-29")]
    stories = build_stories(
        [article("a", "2024-11-29", one, host="wire"), article("b", "2024-11-29", one, host="wire")]
    )
    assert (stories[0].sources, stories[0].articles) == (1, 2)


def test_stories_do_not_depend_on_input_order():
    extractions = [
        article(
            f"a{i}",
            f"2024-11-{10 + i % 5:02d}T0{i % 9}:00",
            [
                event("E1", "ASSAULT", [RUS], [UKR], f"2024-11-{10 + i % 4:02d}"),
                event("E2", "CONSULT", [UKR], [party("Poland", "POL", "GOV")], trigger="met"),
            ],
        )
        for i in range(12)
    ]
    expected = [(s.id, [r.event_id for r in s.reports]) for s in build_stories(extractions)]
    for seed in range(3):
        shuffled = extractions[:]
        random.Random(seed).shuffle(shuffled)
        assert [
            (s.id, [r.event_id for r in s.reports]) for s in build_stories(shuffled)
        ] == expected


def test_stories_read_participants_dates_and_sources():
    assert read_participant(party("gunmen", key=None)) is None
    ukraine = read_participant(party("Ukraine", "ukr", "gov"))
    assert ukraine == Participant("UKR", "GOV", "ukraine")
    assert ukraine.display == "Ukraine"
    assert ukraine == Participant("UKR", "GOV", "ukraine", label="UKRAINE")  # label: display only
    assert Participant("RUS").matches(Participant("RUS", "MIL"))
    assert not Participant("RUS", "GOV").matches(Participant("RUS", "MIL"))
    rubio = Participant("USA", "GOV", "marco rubio")
    assert not rubio.matches(Participant("USA", "GOV", "donald trump"))
    assert rubio.matches(Participant("USA", None, "united states"))
    assert rubio.matches(Participant("USA", "GOV", None))
    assert read_interval("2024-02") == (
        read_interval("2024-02-01")[0],
        read_interval("2024-02-29")[0],
    )
    assert read_interval("2024-W01")[1] - read_interval("2024-W01")[0] == 6
    assert read_interval("PRESENT_REF") is None
    assert event_interval(event("E1", "ASSAULT", date="2024"), "2024-11-29T10:00") is None
    undated = event("E1", "ASSAULT", date="PRESENT_REF")
    day = read_interval("2024-11-29")[0]
    assert event_interval(undated, "2024-11-29T10:00") == (day - 1, day)
    assert event_interval(undated, None) is None
    assert source_key("https://www.voanews.com/a/x.html", "VOA", "id1") == "voanews.com"
    assert source_key(None, " VOA ", "id1") == "voa"
    assert source_key(None, None, "id1") == "article:id1"
    assert [factuality(m) for m in ("negated", "requested", "scheduled")] == [
        "negated",
        "irrealis",
        "factual",
    ]


def test_stories_reject_negative_window():
    with pytest.raises(ValueError, match="window"):
        build_stories([article("a", "2024-11-29", [event("E1", "ASSAULT", [RUS])])], window_days=-1)


def test_stories_whole_country_needs_the_same_words_and_days():
    from eventwire.records import Actor

    def report(name, published, trigger, date):
        ex = article(name, published, [event("E1", "REQUEST", [party("United States", "USA")],
                                             date=date, trigger=trigger)])  # fmt: skip
        ex.actors = [Actor("A1", "United States", "COUNTRY", "USA")]
        return ex

    same = [report("a", "2025-03-11", "urged", "2025-03-11"),
            report("b", "2025-03-11", "urged", "2025-03-11")]  # fmt: skip
    assert len(build_stories(same)) == 1
    other_words = [report("a", "2025-03-11", "urged", "2025-03-11"),
                   report("b", "2025-03-11", "asked", "2025-03-11")]  # fmt: skip
    assert len(build_stories(other_words)) == 2
    next_day = [report("a", "2025-03-11", "urged", "2025-03-11"),
                report("b", "2025-03-12", "urged", "2025-03-12")]  # fmt: skip
    assert len(build_stories(next_day)) == 2


# People and countries of the agreement tests (our own names and events).
USA = party("United States", "USA", key="A6")
TRUMP = party("Donald Trump", "USA", "GOV", key="A7")
TRUMP_AGAIN = party("Donald Trump", "USA", "GOV", key="A8")  # a mention not linked to A7
OBAMACARE = party("Obamacare", key=None)


def test_stories_report_must_agree_with_every_report_not_the_union():
    # Each report is like the one before; the third shares nothing with the first but
    # Trump, and tells of another act ("criticized" Obamacare, not "blamed" Russia).
    chain = [
        article("a", "2017-01-09T10:00", [event("E1", "ACCUSE", [USA], [RUS], "2017-01-09",
                                                trigger="blamed")]),
        article("b", "2017-01-09T12:00", [event("E1", "ACCUSE", [TRUMP], [RUS], "2017-01-09",
                                                trigger="blamed")]),
        article("c", "2017-01-09T14:00", [event("E1", "ACCUSE", [TRUMP], [OBAMACARE],
                                                "2017-01-09", trigger="criticized")]),
    ]  # fmt: skip
    assert members(build_stories(chain)) == [[("a", "E1"), ("b", "E1")], [("c", "E1")]]


def test_stories_one_shared_role_needs_the_same_words_or_place():
    first = event("E1", "AGREE", [TRUMP], [], "2025-03-11", trigger="proposed")
    other = event("E1", "AGREE", [TRUMP], [], "2025-03-11", trigger="helped")
    same_place = event("E1", "AGREE", [TRUMP], [], "2025-03-11", trigger="helped", place="UKR")
    apart = build_stories(
        [article("a", "2025-03-11", [first]), article("b", "2025-03-11", [other])]
    )
    assert len(apart) == 2
    placed = dataclasses.replace(first, place_country="UKR")
    joined = build_stories(
        [article("a", "2025-03-11", [placed]), article("b", "2025-03-11", [same_place])]
    )
    assert len(joined) == 1


def test_stories_modes_of_one_type_are_two_events():
    blamed = dataclasses.replace(event("E1", "ACCUSE", [TRUMP], [RUS], "2017-01-09"), mode="allege")
    criticized = dataclasses.replace(blamed, mode="disapprove")
    stories = build_stories(
        [article("a", "2017-01-09", [blamed]), article("b", "2017-01-09", [criticized])]
    )
    assert len(stories) == 2
    unknown = dataclasses.replace(blamed, mode=None)
    assert len(build_stories([article("a", "2017-01-09", [blamed]),
                              article("b", "2017-01-09", [unknown])])) == 1  # fmt: skip


def test_stories_never_link_an_actor_to_itself():
    # The coder left two unlinked mentions of Trump as actor and recipient.
    selfish = event("E1", "ACCUSE", [TRUMP], [TRUMP_AGAIN], "2017-01-09", trigger="criticized")
    (story,) = build_stories([article("a", "2017-01-09", [selfish])])
    assert story.to_dict()["recipient_codes"] == []
    # Trump criticized (nobody resolved); the United States criticized Trump: the actor of
    # one is the recipient of the other, so they are two events, never "Trump -> Trump".
    one = event("E1", "ACCUSE", [TRUMP], [OBAMACARE], "2017-01-09", trigger="criticized")
    two = event("E1", "ACCUSE", [USA], [TRUMP_AGAIN], "2017-01-09", trigger="criticized")
    stories = build_stories([article("a", "2017-01-09", [one]), article("b", "2017-01-09", [two])])
    assert len(stories) == 2
    for found in stories:
        parts = found.to_dict()["participants"]
        actors = {(p["code"], p["name"]) for p in parts if p["role"] == "actor"}
        assert actors.isdisjoint((p["code"], p["name"]) for p in parts if p["role"] == "recipient")


def test_stories_event_actor_same_actor():
    assert TRUMP.is_same_actor(TRUMP_AGAIN)  # two keys, one name
    assert not TRUMP.is_same_actor(party("Marco Rubio", "USA", "GOV", key="A9"))
    ministry = party("Defence Ministry", "RUS", "MIL", key="A1")
    assert not ministry.is_same_actor(party("Defence Ministry", "UKR", "MIL", key="A2"))
    assert not OBAMACARE.is_same_actor(OBAMACARE)  # unresolved words are nobody
