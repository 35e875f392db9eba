"""normalize_time: one expression against a publication date, TimeML values out."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages.times import TimeValue, normalize_time

ANCHOR = date(2024, 11, 29)  # a Friday, ISO week 2024-W48

# (text, anchor, tense, type, value, granularity)
CASES = [
    # explicit dates in the usual spellings
    ("December 3, 2024", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("3 December 2024", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("Dec. 3", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("Tuesday, Dec. 3", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("the 3rd of December", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("March eighth", date(1998, 3, 5), None, "DATE", "1998-03-08", "day"),
    ("12/03/2024", ANCHOR, None, "DATE", "2024-12-03", "day"),
    ("13/03/2024", ANCHOR, None, "DATE", "2024-03-13", "day"),
    ("2024-12-03", None, None, "DATE", "2024-12-03", "day"),
    ("08-15-90", None, None, "DATE", "1990-08-15", "day"),
    ("August 1988", ANCHOR, None, "DATE", "1988-08", "month"),
    ("Oct. 15, 1999", ANCHOR, None, "DATE", "1999-10-15", "day"),
    # months resolved by tense
    ("last March", ANCHOR, None, "DATE", "2024-03", "month"),
    ("next March", ANCHOR, None, "DATE", "2025-03", "month"),
    ("in March", ANCHOR, "past", "DATE", "2024-03", "month"),
    ("March", ANCHOR, "future", "DATE", "2025-03", "month"),
    ("December", ANCHOR, "past", "DATE", "2023-12", "month"),
    ("December", ANCHOR, "future", "DATE", "2024-12", "month"),
    ("mid-November", ANCHOR, None, "DATE", "2024-11", "month"),
    ("July last year", ANCHOR, None, "DATE", "2023-07", "month"),
    # years, decades, centuries
    ("2022", ANCHOR, None, "DATE", "2022", "year"),
    ("fiscal 1989", ANCHOR, None, "DATE", "1989", "year"),
    ("nineteen ninety-six", ANCHOR, None, "DATE", "1996", "year"),
    ("the year two thousand", ANCHOR, None, "DATE", "2000", "year"),
    ("in the 1990s", ANCHOR, None, "DATE", "199", "decade"),
    ("the nineties", ANCHOR, None, "DATE", "199", "decade"),
    ("the 20th century", ANCHOR, None, "DATE", "19", "century"),
    # weekdays
    ("Friday", ANCHOR, "past", "DATE", "2024-11-29", "day"),
    ("Friday", ANCHOR, "future", "DATE", "2024-11-29", "day"),
    ("Monday", ANCHOR, "future", "DATE", "2024-12-02", "day"),
    ("Monday", ANCHOR, "past", "DATE", "2024-11-25", "day"),
    ("Thursday", ANCHOR, None, "DATE", "2024-11-28", "day"),
    ("Saturday", ANCHOR, None, "DATE", "2024-11-30", "day"),
    ("last Friday", ANCHOR, None, "DATE", "2024-11-22", "day"),
    ("next Friday", ANCHOR, None, "DATE", "2024-12-06", "day"),
    # deictic words
    ("today", ANCHOR, None, "DATE", "2024-11-29", "day"),
    ("yesterday", ANCHOR, None, "DATE", "2024-11-28", "day"),
    ("tomorrow", ANCHOR, None, "DATE", "2024-11-30", "day"),
    ("tonight", ANCHOR, None, "TIME", "2024-11-29TNI", "time"),
    ("last night", ANCHOR, None, "TIME", "2024-11-28TNI", "time"),
    ("this morning", ANCHOR, None, "TIME", "2024-11-29TMO", "time"),
    ("now", ANCHOR, None, "DATE", "PRESENT_REF", None),
    ("currently", ANCHOR, None, "DATE", "PRESENT_REF", None),
    ("recently", ANCHOR, None, "DATE", "PAST_REF", None),
    ("the near future", ANCHOR, None, "DATE", "FUTURE_REF", None),
    # weeks, months, years relative to the anchor
    ("this week", ANCHOR, None, "DATE", "2024-W48", "week"),
    ("next week", ANCHOR, None, "DATE", "2024-W49", "week"),
    ("last week", ANCHOR, None, "DATE", "2024-W47", "week"),
    ("the weekend", ANCHOR, "past", "DATE", "2024-W47-WE", "week"),
    ("this weekend", ANCHOR, None, "DATE", "2024-W48-WE", "week"),
    ("next month", ANCHOR, None, "DATE", "2024-12", "month"),
    ("earlier this month", ANCHOR, None, "DATE", "2024-11", "month"),
    ("last year", ANCHOR, None, "DATE", "2023", "year"),
    ("this year", ANCHOR, None, "DATE", "2024", "year"),
    ("next year's first quarter", ANCHOR, None, "DATE", "2025-Q1", "quarter"),
    ("two days ago", ANCHOR, None, "DATE", "2024-11-27", "day"),
    ("three weeks later", ANCHOR, None, "DATE", "2024-W51", "week"),
    ("six months ago", ANCHOR, None, "DATE", "2024-05", "month"),
    ("a decade ago", ANCHOR, None, "DATE", "2014", "year"),
    # durations
    ("the past decade", ANCHOR, None, "DURATION", "P10Y", "decade"),
    ("the past three years", ANCHOR, None, "DURATION", "P3Y", "year"),
    ("three years", ANCHOR, None, "DURATION", "P3Y", "year"),
    ("six months", ANCHOR, None, "DURATION", "P6M", "month"),
    ("48 hours", ANCHOR, None, "DURATION", "PT48H", "time"),
    ("the last twenty four hours", ANCHOR, None, "DURATION", "PT24H", "time"),
    ("a minute and a half", ANCHOR, None, "DURATION", "PT1M30S", "time"),
    ("2 1/2 years", ANCHOR, None, "DURATION", "P2Y6M", "year"),
    ("two-year", ANCHOR, None, "DURATION", "P2Y", "year"),
    ("the first nine months", ANCHOR, None, "DURATION", "P9M", "month"),
    ("several years", ANCHOR, None, "DURATION", "PXY", "year"),
    ("weeks or months", ANCHOR, None, "DURATION", "PXW", "week"),
    # quarters, halves, seasons, holidays
    ("the third quarter", ANCHOR, None, "DATE", "2024-Q3", "quarter"),
    ("third-quarter", ANCHOR, None, "DATE", "2024-Q3", "quarter"),
    ("the fourth quarter of 1990", ANCHOR, None, "DATE", "1990-Q4", "quarter"),
    ("the fourth quarter", date(2025, 1, 20), "past", "DATE", "2024-Q4", "quarter"),
    ("the first half", ANCHOR, None, "DATE", "2024-H1", "quarter"),
    ("this summer", ANCHOR, None, "DATE", "2024-SU", "quarter"),
    ("last summer", date(2024, 7, 10), None, "DATE", "2023-SU", "quarter"),
    ("the winter of nineteen ninety-four", ANCHOR, None, "DATE", "1994-WI", "quarter"),
    ("Christmas", ANCHOR, None, "DATE", "2024-12-25", "day"),
    ("Thanksgiving", ANCHOR, "past", "DATE", "2024-11-28", "day"),
    # times of day
    ("9 a.m.", ANCHOR, None, "TIME", "2024-11-29T09:00", "time"),
    ("5 p.m. EST, Nov. 6", date(1989, 11, 2), None, "TIME", "1989-11-06T17:00", "time"),
    ("noon Thursday", ANCHOR, "past", "TIME", "2024-11-28T12:00", "time"),
    ("Thursday evening", ANCHOR, "past", "TIME", "2024-11-28TEV", "time"),
    ("midnight", ANCHOR, None, "TIME", "2024-11-29T24:00", "time"),
    # sets
    ("every week", ANCHOR, None, "SET", "P1W", "week"),
    ("every two weeks", ANCHOR, None, "SET", "P2W", "week"),
    ("each Thursday", ANCHOR, None, "SET", "XXXX-WXX-4", "day"),
    ("each July", ANCHOR, None, "SET", "XXXX-07", "month"),
    ("daily", ANCHOR, None, "SET", "P1D", "day"),
    # modifiers keep the value
    ("early 1991", ANCHOR, None, "DATE", "1991", "year"),
    ("the end of 1994", ANCHOR, None, "DATE", "1994", "year"),
    ("nearly forty years", ANCHOR, None, "DURATION", "P40Y", "year"),
    ("up to 180 days", ANCHOR, None, "DURATION", "P180D", "day"),
]


@pytest.mark.parametrize(("text", "anchor", "tense", "type_", "value", "granularity"), CASES)
def test_times_normalize_cases(text, anchor, tense, type_, value, granularity):
    result = normalize_time(text, anchor, tense)
    assert result is not None, text
    assert (result.type, result.value, result.granularity) == (type_, value, granularity)


@pytest.mark.parametrize(
    ("text", "value", "begin", "end", "granularity"),
    [
        ("December 3-4, 2024", "2024-12-03..2024-12-04", "2024-12-03", "2024-12-04", "day"),
        ("from March 3 to 5", "2025-03-03..2025-03-05", "2025-03-03", "2025-03-05", "day"),
        ("between 2019 and 2021", "2019..2021", "2019", "2021", "year"),
        ("2019-21", "2019..2021", "2019", "2021", "year"),
        ("3-4 December 2024", "2024-12-03..2024-12-04", "2024-12-03", "2024-12-04", "day"),
        ("Aug. 26 to Oct. 20", "2024-08-26..2024-10-20", "2024-08-26", "2024-10-20", "day"),
    ],
)
def test_times_normalize_ranges(text, value, begin, end, granularity):
    result = normalize_time(text, ANCHOR)
    assert result is not None
    assert (result.value, result.begin, result.end) == (value, begin, end)
    assert result.granularity == granularity and result.type == "DATE"


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("next week", date(2024, 12, 30), "2025-W02"),  # already ISO week 2025-W01
        ("next week", date(2020, 12, 28), "2021-W01"),  # from 2020-W53
        ("last week", date(2025, 1, 1), "2024-W52"),
        ("this week", date(2027, 1, 1), "2026-W53"),
        ("last month", date(2024, 1, 15), "2023-12"),
        ("next month", date(2024, 12, 5), "2025-01"),
        ("last year", date(2000, 1, 1), "1999"),
        ("yesterday", date(2024, 3, 1), "2024-02-29"),
        ("yesterday", date(2023, 3, 1), "2023-02-28"),
        ("tomorrow", date(2024, 12, 31), "2025-01-01"),
        ("Feb. 29, 2024", date(2024, 11, 29), "2024-02-29"),
        ("a month ago", date(2024, 3, 31), "2024-02"),
        ("Dec. 30", date(2025, 1, 3), "2024-12-30"),
        ("Jan. 2", date(2024, 12, 30), "2025-01-02"),
        ("the fourth quarter", date(2025, 1, 10), "2024-Q4"),
        ("Friday", date(2025, 1, 1), "2024-12-27"),
    ],
)
def test_times_normalize_year_boundaries(text, anchor, value):
    tense = "past" if text in {"the fourth quarter", "Friday"} else None
    result = normalize_time(text, anchor, tense)
    assert result is not None and result.value == value


def test_times_normalize_impossible_date_is_none():
    assert normalize_time("Feb. 29, 2023", ANCHOR) is None
    assert normalize_time("April 31, 2024", ANCHOR) is None


def test_times_normalize_datetime_anchor_keeps_the_clock():
    anchor = datetime(2024, 11, 29, 21, 50)
    assert normalize_time("two hours ago", anchor).value == "2024-11-29T19:50"
    assert normalize_time("today", anchor).value == "2024-11-29"


@pytest.mark.parametrize("text", ["next week", "Friday", "yesterday", "two days ago", "in March"])
def test_times_normalize_without_anchor_relative_is_unanchored(text):
    result = normalize_time(text, None, "past")
    assert result is not None
    assert result.value is None and result.anchored is False


@pytest.mark.parametrize(
    ("text", "value"),
    [("December 3, 2024", "2024-12-03"), ("1990s", "199"), ("three years", "P3Y")],
)
def test_times_normalize_without_anchor_absolute_resolves(text, value):
    result = normalize_time(text, None)
    assert result is not None and result.value == value and result.anchored is True


def test_times_normalize_reference_resolves_anaphora():
    quarter = normalize_time("the third quarter", date(1989, 10, 26))
    assert quarter.value == "1989-Q3"
    earlier = normalize_time("a year earlier", date(1989, 10, 26), reference=quarter)
    assert earlier.value == "1988-Q3"
    year = normalize_time("June 1998", date(2000, 1, 28))
    that = normalize_time("later that year", date(2000, 1, 28), reference=year)
    assert that.value == "1998"


@pytest.mark.parametrize("text", ["", "the", "banana", "58", "80486", "very", "-"])
def test_times_normalize_rejects_non_times(text):
    assert normalize_time(text, ANCHOR) is None


# -- property test ---------------------------------------------------------------

_WORDS = json.loads(
    resources.files("eventwire.data").joinpath("time_words.json").read_text(encoding="utf-8")
)
_RELS = ["this", "next", "last", "the past", "the next", "the following", "the previous"]
_UNITS = [u for u in _WORDS["units"] if not u.startswith("_")]
_RELATIVE = sorted(
    {k for k in _WORDS["deictic"] if not k.startswith("_")}
    | {f"{r} {u}" for r in _RELS for u in _UNITS}
    | {f"{r} {w}" for r in ["", "last", "next", "this"] for w in _WORDS["weekdays"]}
    | {f"{r} {m}" for r in ["in", "last", "next", "this"] for m in _WORDS["months"]}
    | {f"{n} {u}s {d}" for n in ["two", "3", "a"] for u in _UNITS for d in ["ago", "later"]}
    | {f"{r} {s}" for r in ["this", "last", "next"] for s in _WORDS["seasons"]}
    | {f"{m} {d}" for m in ["Feb.", "December", "Jan"] for d in ["1", "29", "31"]}
    | {"the weekend", "the quarter", "the third quarter", "tonight at 9 p.m.", "Christmas"}
)
_WELL_FORMED = re.compile(
    r"(?:\d{4}(?:-(?:\d\d(?:-\d\d(?:T(?:\d\d:\d\d|MO|AF|EV|NI|DT|MI))?)?|W\d\d(?:-WE)?"
    r"|Q[1-4]|H[12]|SP|SU|FA|WI))?|\d{2,3}|PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:T?\d+[YMWDHS])+(?:T\d+[HMS])?|PT?X[YMWDHSQECL]|XXXX-[\w-]+)"
)


def _is_well_formed(value: str) -> bool:
    parts = value.split("..")
    return 1 <= len(parts) <= 2 and all(_WELL_FORMED.fullmatch(p) for p in parts)


@settings(max_examples=300, deadline=None)
@given(
    anchor=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    text=st.sampled_from(_RELATIVE),
    tense=st.sampled_from([None, "past", "present", "future"]),
)
def test_times_normalize_relative_expressions_never_raise(anchor, text, tense):
    result = normalize_time(text, anchor, tense)
    assert result is None or isinstance(result, TimeValue)
    if result is not None and result.value is not None:
        assert _is_well_formed(result.value), (text, anchor, result)
    unanchored = normalize_time(text, None, tense)
    if unanchored is not None and unanchored.type in {"DATE", "TIME"}:
        assert unanchored.value is None or unanchored.value.endswith("_REF"), text


@settings(max_examples=200, deadline=None)
@given(anchor=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_times_normalize_next_week_is_the_following_iso_week(anchor):
    result = normalize_time("next week", anchor)
    year, week, _ = date.fromordinal(anchor.toordinal() + 7).isocalendar()
    assert result.value == f"{year:04d}-W{week:02d}"
