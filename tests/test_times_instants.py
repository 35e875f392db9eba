"""times.instants: the instants a TimeML value covers and the words people read for it.

Pure functions, tested on values we write, on every kind of value the times stage
writes (normalizing phrases of our own against a fixed anchor), and with
hypothesis over days of the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from eventwire.stages.times import normalize_time
from eventwire.stages.times.instants import (
    describe_event_date,
    describe_time,
    instants_of,
    interval_of,
    span_of,
)

CASES = [
    # value, begins, ends (excluded), words
    ("2025-02-17", "2025-02-17T00:00:00", "2025-02-18T00:00:00", "17 Feb 2025"),
    ("2025-W08", "2025-02-17T00:00:00", "2025-02-24T00:00:00", "week of 17 Feb 2025"),
    ("2025-W08-WE", "2025-02-22T00:00:00", "2025-02-24T00:00:00", "weekend of 22 Feb 2025"),
    ("2025-W08-3", "2025-02-19T00:00:00", "2025-02-20T00:00:00", "19 Feb 2025"),
    ("2020-W53", "2020-12-28T00:00:00", "2021-01-04T00:00:00", "week of 28 Dec 2020"),
    ("2015-FA", "2015-09-01T00:00:00", "2015-12-01T00:00:00", "autumn 2015"),
    ("2015-SP", "2015-03-01T00:00:00", "2015-06-01T00:00:00", "spring 2015"),
    ("2015-SU", "2015-06-01T00:00:00", "2015-09-01T00:00:00", "summer 2015"),
    ("2016-WI", "2015-12-01T00:00:00", "2016-03-01T00:00:00", "winter 2015–16"),
    ("2016-10-31TNI", "2016-10-31T21:00:00", "2016-11-01T06:00:00", "31 Oct 2016, night"),
    ("2016-10-31TMO", "2016-10-31T05:00:00", "2016-10-31T12:00:00", "31 Oct 2016, morning"),
    ("2016-10-31TAF", "2016-10-31T12:00:00", "2016-10-31T18:00:00", "31 Oct 2016, afternoon"),
    ("2016-10-31TEV", "2016-10-31T17:00:00", "2016-10-31T22:00:00", "31 Oct 2016, evening"),
    ("2016-10-31TDT", "2016-10-31T06:00:00", "2016-10-31T18:00:00", "31 Oct 2016, daytime"),
    ("2016-10-31TMI", "2016-10-31T11:00:00", "2016-10-31T14:00:00", "31 Oct 2016, midday"),
    (
        "2016-10-15TMO..2016-10-17TMO",
        "2016-10-15T05:00:00",
        "2016-10-17T12:00:00",
        "15 Oct 2016, morning – 17 Oct 2016, morning",
    ),
    ("2016-10-15..2016-10-17", "2016-10-15T00:00:00", "2016-10-18T00:00:00", "15–17 Oct 2016"),
    ("2016-10-30..2016-11-02", "2016-10-30T00:00:00", "2016-11-03T00:00:00", "30 Oct – 2 Nov 2016"),
    ("2015..2019", "2015-01-01T00:00:00", "2020-01-01T00:00:00", "2015 – 2019"),
    ("2024-11..2025-01", "2024-11-01T00:00:00", "2025-02-01T00:00:00", "Nov 2024 – Jan 2025"),
    ("2024-11-29T21:50", "2024-11-29T21:50:00", "2024-11-29T21:51:00", "29 Nov 2024, 21:50"),
    ("2024-11-29T09", "2024-11-29T09:00:00", "2024-11-29T10:00:00", "29 Nov 2024, 09:00"),
    ("2024-11-29T21:50:30", "2024-11-29T21:50:30", "2024-11-29T21:50:31", "29 Nov 2024, 21:50:30"),
    ("2024-11-29T24:00", "2024-11-30T00:00:00", "2024-11-30T00:01:00", "29 Nov 2024, midnight"),
    ("2024-02", "2024-02-01T00:00:00", "2024-03-01T00:00:00", "Feb 2024"),
    ("2024-12", "2024-12-01T00:00:00", "2025-01-01T00:00:00", "Dec 2024"),
    ("2024-Q4", "2024-10-01T00:00:00", "2025-01-01T00:00:00", "Q4 2024"),
    ("2024-H1", "2024-01-01T00:00:00", "2024-07-01T00:00:00", "first half of 2024"),
    ("2024", "2024-01-01T00:00:00", "2025-01-01T00:00:00", "2024"),
    ("201", "2010-01-01T00:00:00", "2020-01-01T00:00:00", "the 2010s"),
    ("19", "1900-01-01T00:00:00", "2000-01-01T00:00:00", "20th century"),
    ("1998-XX", "1998-01-01T00:00:00", "1999-01-01T00:00:00", "1998"),
    ("1998-05-XX", "1998-05-01T00:00:00", "1998-06-01T00:00:00", "May 1998"),
    ("1998-WXX", "1998-01-01T00:00:00", "1999-01-01T00:00:00", "1998"),
    ("199X", "1990-01-01T00:00:00", "2000-01-01T00:00:00", "the 1990s"),
]


@pytest.mark.parametrize(("value", "begins", "ends", "words"), CASES, ids=[c[0] for c in CASES])
def test_times_instants_of_calendar_values(value: str, begins: str, ends: str, words: str) -> None:
    assert instants_of(value) == (begins, ends)
    assert describe_time(value) == words


NO_PLACE = [
    ("PRESENT_REF", None, "now"),
    ("PAST_REF", None, "the past"),
    ("FUTURE_REF", None, "the future"),
    ("P3Y", None, "3 years"),
    ("PXY", None, "years"),
    ("P1Y6M", None, "1 year 6 months"),
    ("PT48H", None, "48 hours"),
    ("PTXH", None, "hours"),
    ("PXE", None, "decades"),
    ("PXC", None, "centuries"),
    ("P1W", "SET", "weekly"),
    ("P2W", "SET", "every 2 weeks"),
    ("XXXX-WXX-1", "SET", "every Monday"),
    ("XXXX-03", "SET", "every March"),
    ("XXXX-SU", "SET", "every summer"),
    ("XXXX-XX-XXTNI", "SET", "every night"),
    ("XXXX-WXX-WE", "SET", "every weekend"),
    ("XXXX", "DATE", "date unknown"),
]


@pytest.mark.parametrize(("value", "type_", "words"), NO_PLACE, ids=[c[0] for c in NO_PLACE])
def test_times_instants_values_without_a_place_on_the_calendar(
    value: str, type_: str | None, words: str
) -> None:
    assert interval_of(value) is None
    assert describe_time(value, type_) == words


@pytest.mark.parametrize(
    "value",
    ["", None, "2024-02-30", "2024-13", "2024-Q5", "2024-W54", "next week", "2024-11-29T25:00"],
)
def test_times_instants_refuse_what_is_not_a_date(value: str | None) -> None:
    assert interval_of(value) is None
    assert describe_time(value) == (value or "")  # shown as it is, never hidden


def test_times_instants_backwards_range_has_no_interval() -> None:
    assert interval_of("2016-10-17..2016-10-15") is None


def test_times_instants_event_dates_read_as_ranges() -> None:
    assert describe_event_date({"date": "2025-W08"}) == "week of 17 Feb 2025"
    event = {"date": "2016-10-15..2016-10-17", "date_begin": "2016-10-15", "date_end": "2016-10-17"}
    assert describe_event_date(event) == "15–17 Oct 2016"
    story = {"date_begin": "2025-02-17", "date_end": "2025-02-17"}
    assert describe_event_date(story) == "17 Feb 2025"
    assert describe_event_date({}) == ""


# Phrases of our own, each normalizing (against a Wednesday, 19 Feb 2025) to a
# different kind of value the times stage writes.
PHRASES = [
    "Feb. 12",
    "March 2024",
    "2019",
    "the 1990s",
    "the 20th century",
    "the third quarter",
    "the first half of 2023",
    "last autumn",
    "this winter",
    "next week",
    "last weekend",
    "Friday night",
    "yesterday morning",
    "Monday evening",
    "at 9:30 a.m. Tuesday",
    "noon Thursday",
    "midnight Friday",
    "Feb. 3-5",
    "from 2015 to 2019",
    "now",
    "recently",
    "soon",
    "three years",
    "several weeks",
    "every Monday",
    "weekly",
    "each summer",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_times_instants_cover_every_value_the_stage_writes(phrase: str) -> None:
    found = normalize_time(phrase, date(2025, 2, 19), "past")
    assert found is not None and found.value, phrase
    words = describe_time(found.value, found.type)
    # words, not the TimeML value (but for a year, which reads the same)
    assert words and (words != found.value or found.value.isdigit()), f"{phrase}: {found.value}"
    span = interval_of(found.value)
    if found.type in {"DATE", "TIME"} and found.value[:1].isdigit():
        # every calendar value the stage writes has instants, in the right order
        assert span is not None, f"{phrase} -> {found.value}"
        assert span.begin < span.end
    else:
        assert span is None


@pytest.mark.parametrize(
    ("anchor", "phrase", "value"),
    [
        (date(2016, 1, 20), "this winter", "2016-WI"),
        (date(2016, 12, 20), "this winter", "2017-WI"),
        (date(2016, 12, 20), "last winter", "2016-WI"),
        (date(2016, 6, 20), "last winter", "2016-WI"),
        (date(2016, 6, 20), "next winter", "2017-WI"),
    ],
)
def test_times_winter_is_named_by_its_january(anchor: date, phrase: str, value: str) -> None:
    found = normalize_time(phrase, anchor)
    assert found is not None and found.value == value
    span = interval_of(value)
    assert span is not None and span.begin.year == int(value[:4]) - 1


@given(st.dates(min_value=date(1, 1, 8), max_value=date(9998, 12, 1)))
@example(date(1000, 1, 1))  # its ISO week is in year 999: instants keep four-digit years
def test_times_instants_contain_their_day(day: date) -> None:
    iso = day.isocalendar()
    values = [
        day.isoformat(),
        day.isoformat()[:7],
        day.isoformat()[:4],
        f"{iso[0]:04d}-W{iso[1]:02d}",
        f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
    ]
    moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=12)
    for value in values:
        span = interval_of(value)
        assert span is not None, value
        assert span.begin <= moment < span.end, value
        # the text of the instants sorts as the instants do
        begins, ends = instants_of(value) or ("", "")
        assert begins < ends


def test_times_instants_span_of_an_event() -> None:
    span = span_of("2016-10-15TMO..2016-10-17TMO", "2016-10-15TMO", "2016-10-17TMO")
    assert span == (datetime(2016, 10, 15, 5), datetime(2016, 10, 17, 12))
    assert span_of("2025-W08", None, None) == (datetime(2025, 2, 17), datetime(2025, 2, 24))
    assert span_of(None, None, "2024-03-20") == (datetime(2024, 3, 20), datetime(2024, 3, 21))
    assert span_of(None, None, None) is None
    assert span_of(None, "2024-03-20", "2024-03-10") is None  # backwards
