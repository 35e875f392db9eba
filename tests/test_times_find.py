"""find_times on parsed documents: extents, tense, anchoring and the seed article."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import require

from eventwire.stages.times import find_times
from eventwire.stages.times.find import parse_published

PUBLISHED = "2024-11-29T21:50"  # a Friday evening


def _times(nlp, text: str, published: str | None = PUBLISHED) -> dict[str, tuple]:
    doc = nlp(text)
    found = find_times(doc, published)
    for t in found:
        assert text[t.start : t.end] == t.text  # offsets are exact character offsets
    return {t.text: (t.type, t.value) for t in found}


def test_times_find_tense_resolves_weekdays(nlp):
    times = _times(
        nlp,
        "The minister met his counterpart on Thursday. The talks will resume on Monday "
        "and a decision is expected next week.",
    )
    assert times["Thursday"] == ("DATE", "2024-11-28")
    assert times["Monday"] == ("DATE", "2024-12-02")
    assert times["next week"] == ("DATE", "2024-W49")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Chile vowed on Wednesday to answer the tariffs.", "2024-11-27"),  # the day of the vow
        ("Chile has pledged on Wednesday to open its ports.", "2024-11-27"),
        ("Chile promises new talks on Wednesday.", "2024-12-04"),  # what is promised
        ("Chile threatens to close the border on Wednesday.", "2024-12-04"),
    ],
)
def test_times_find_commitment_verbs_follow_their_tense(nlp, text, value):
    assert _times(nlp, text)["Wednesday"] == ("DATE", value)


def test_times_find_adds_expressions_the_model_misses(nlp):
    times = _times(nlp, "Prices are now falling, and they recently hit a low, traders said.")
    assert times.get("now") == ("DATE", "PRESENT_REF")
    assert times.get("recently") == ("DATE", "PAST_REF")


def test_times_find_trims_possessive_and_signals(nlp):
    times = _times(
        nlp,
        "Turnout in last year's election was low. Voting runs from Monday through Wednesday.",
    )
    assert times["last year"] == ("DATE", "2023")
    assert not any(text.startswith("from") for text in times)
    assert not any(text.endswith("'s") for text in times)


def test_times_find_splits_period_ended_date(nlp):
    times = _times(nlp, "Net income rose 5% in the quarter ended Sept. 30, the company said.")
    assert times.get("Sept. 30") == ("DATE", "2024-09-30")
    assert "the quarter" in times


def test_times_find_keeps_ranges_whole(nlp):
    times = _times(nlp, "The summit takes place on June 10-11, 2025 in Lisbon.")
    assert times["June 10-11, 2025"] == ("DATE", "2025-06-10..2025-06-11")


def test_times_find_durations_and_times_of_day(nlp):
    times = _times(nlp, "The ceasefire lasted 48 hours. Voting starts at 9 a.m. on Sunday.")
    assert times["48 hours"] == ("DURATION", "PT48H")
    assert any(v == ("TIME", "2024-12-01T09:00") for v in times.values()), times


def test_times_find_skips_ages(nlp):
    times = _times(nlp, "A 52-year-old man was arrested. The suspect, 37 years old, fled.")
    assert not any("old" in text for text in times)


def test_times_find_without_publication_date(nlp):
    doc = nlp("The minister met his counterpart on Friday and will visit Kyiv on March 3, 2025.")
    found = {t.text: t for t in find_times(doc, None)}
    assert found["Friday"].value is None and found["Friday"].anchored is False
    assert found["March 3, 2025"].value == "2025-03-03"
    assert found["March 3, 2025"].anchored is True


def test_times_find_anaphoric_year_earlier(nlp):
    times = _times(
        nlp,
        "The company earned $5 million in the third quarter, up from $3 million a year earlier.",
        "1989-10-26",
    )
    assert times["the third quarter"] == ("DATE", "1989-Q3")
    assert times["a year earlier"] == ("DATE", "1988-Q3")


@pytest.mark.parametrize(
    ("published", "anchor"),
    [
        ("2024-11-29T21:50", datetime(2024, 11, 29, 21, 50)),
        ("2024-11-29 21:50:00", datetime(2024, 11, 29, 21, 50)),
        ("2024-11-29T21:50:00Z", datetime(2024, 11, 29, 21, 50)),
        ("2024-11-29", date(2024, 11, 29)),
        ("2024-11-29Tgarbage", date(2024, 11, 29)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_times_find_parse_published(published, anchor):
    assert parse_published(published) == anchor


def test_times_find_seed_acceptance(nlp, seed_path):
    raw = require(seed_path).read_text(encoding="utf-8")
    body = raw[raw.index("Ukrainian Foreign Minister") : raw.index("The views expressed")]
    doc = nlp(body.strip())
    found = find_times(doc, "2024-11-29T21:50")
    by_text = {t.text: t for t in found}
    assert by_text["next week"].value == "2024-W49"
    assert by_text["Friday"].value == "2024-11-29"
    summit = by_text["December 3-4, 2024"]
    assert summit.value == "2024-12-03..2024-12-04"
    assert (summit.begin, summit.end_value, summit.granularity) == (
        "2024-12-03",
        "2024-12-04",
        "day",
    )
    assert by_text["2022"].value == "2022"
    for t in found:
        assert doc.text[t.start : t.end] == t.text
