"""TimeML values as instants and as words: when a value begins and ends, and how to say it.

Reads a TimeML value as the times stage writes it (``2025-02-17``, ``2025-W08``,
``2015-FA``, ``2016-10-31TNI``, ``2016-10-15TMO..2016-10-17TMO``, ``P3Y``,
``PRESENT_REF``, ``XXXX-WXX-1``...) and returns either the interval it covers,
as naive datetimes, the end excluded (``interval_of``, ``instants_of``), or a
phrase for people (``describe_time``: "week of 17 Feb 2025", "autumn 2015",
"31 Oct 2016, night"). Pure functions: the store sorts and filters events by
these instants, the CLI and the web pages show the phrases, and JSON keeps
the TimeML value. The hours of a part of day and the names of seasons and
parts of day come from ``data/time_words.json``.

A value partly unknown (``1998-XX``, ``199X``) covers the period its known part
names; values with no place on the calendar (durations, sets, ``*_REF``,
``XXXX``) have no interval.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any, NamedTuple

from eventwire.stages.times.lexicon import DATA_FILE

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def instant_text(moment: datetime) -> str:
    """An instant as ISO 8601 text with a four-digit year (``strftime`` writes
    year 999 as "999", which would sort after "1000")."""
    return moment.isoformat(timespec="seconds")


# One calendar value, the parts of a range excluded. Groups: year, then one of
# month(-day(-time)), week(-weekend or weekday), quarter/half, season.
_VALUE = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d\d)(?:-(?P<day>\d\d)"
    r"(?:T(?:(?P<hour>\d\d)(?::(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?)?"
    r"|(?P<part>[A-Z]{2})))?)?"
    r"|-W(?P<week>\d\d)(?:-(?P<weekend>WE)|-(?P<weekday>[1-7]))?"
    r"|-(?P<period>[QH])(?P<number>\d)"
    r"|-(?P<season>SP|SU|FA|WI))?"
)
_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")
_DURATION = re.compile(r"P(?:T?)(?:[\dX.]+[YMWDHSEQCL])+(?:T(?:[\dX.]+[HMS])+)?")
_DURATION_PART = re.compile(r"([\dX.]+)([YMWDHSEQCL])")
_REF_NAMES = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_UNIT_NAMES = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "E": "decade",
    "C": "century",
    "L": "millennium",
    "Q": "quarter",
}
_TIME_UNIT_NAMES = {"H": "hour", "M": "minute", "S": "second"}
_SET_ADVERBS = {"P1D": "daily", "P1W": "weekly", "P1M": "monthly", "P1Y": "yearly"}
_SET_ADVERBS["PT1H"] = "hourly"


class Interval(NamedTuple):
    """The instants a time value covers: ``begin`` included, ``end`` excluded."""

    begin: datetime
    end: datetime


@functools.cache
def _words() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return {
        key: data[key]
        for key in ("season_months", "season_names", "part_of_day_hours", "part_of_day_names")
    }


def interval_of(value: str | None) -> Interval | None:
    """Return the instants a TimeML value covers, or None when it has no place on the calendar.

    ``2025-W08`` covers 2025-02-17 00:00 to 2025-02-24 00:00; ``2016-10-31TNI``
    21:00 that day to 06:00 the next; a range ``a..b`` from the beginning of
    ``a`` to the end of ``b``. Durations, sets, ``*_REF`` and values whose year
    is unknown give None, as does anything that is not a TimeML value.
    """
    if not value:
        return None
    value = value.strip()
    if ".." in value:
        first, _, last = value.partition("..")
        begin, end = interval_of(first), interval_of(last)
        if begin is None or end is None or end.end <= begin.begin:
            return None
        return Interval(begin.begin, end.end)
    try:
        return _single_interval(_known_part(value))
    except (ValueError, OverflowError, KeyError):
        return None  # a day 31 of a 30-day month, a year past 9999


def instants_of(value: str | None) -> tuple[str, str] | None:
    """``interval_of`` as ISO 8601 text (``2025-02-17T00:00:00``), which sorts as it should."""
    found = interval_of(value)
    if found is None:
        return None
    return instant_text(found.begin), instant_text(found.end)


def span_of(value: str | None, begin: str | None, end: str | None) -> Interval | None:
    """The instants an event dated ``value`` covers (``Event.date``, ``date_begin``,
    ``date_end``): from the beginning of ``begin`` (else ``value``) to the end of
    ``end`` (else ``value``); one known by its end alone lies on that end."""
    first = interval_of(begin or value or end)
    last = interval_of(end or begin or value)
    if first is None or last is None or last.end <= first.begin:
        return None
    return Interval(first.begin, last.end)


def last_day(interval: Interval) -> date:
    """The last day an interval reaches into (its end is excluded)."""
    return (interval.end - timedelta(microseconds=1)).date()


def _known_part(value: str) -> str:
    """A value cut before its first unknown part: ``1998-05-XX`` -> ``1998-05``."""
    if "X" not in value:
        return value
    return value[: value.index("X")].rstrip("-WQHT")


def _single_interval(value: str) -> Interval | None:
    if _DECADE.fullmatch(value):
        start = int(value) * 10
        return Interval(_start_of_year(start), _start_of_year(start + 10))
    if _CENTURY.fullmatch(value):
        start = int(value) * 100
        return Interval(_start_of_year(start), _start_of_year(start + 100))
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    g = m.groupdict()
    year = int(g["year"])
    if g["week"]:
        monday = datetime.combine(
            date.fromisocalendar(year, int(g["week"]), 1), datetime.min.time()
        )
        if g["weekend"]:
            return Interval(monday + timedelta(days=5), monday + timedelta(days=7))
        if g["weekday"]:
            day = monday + timedelta(days=int(g["weekday"]) - 1)
            return Interval(day, day + timedelta(days=1))
        return Interval(monday, monday + timedelta(days=7))
    if g["period"]:
        size = 3 if g["period"] == "Q" else 6
        number = int(g["number"])
        if not 1 <= number <= 12 // size:
            return None
        first = _start_of_month(year, (number - 1) * size + 1)
        return Interval(first, _add_months(first, size))
    if g["season"]:
        first_month, last_month = _words()["season_months"][g["season"]]
        first_year = year - 1 if first_month > last_month else year
        first = _start_of_month(first_year, first_month)
        return Interval(first, _add_months(first, (last_month - first_month) % 12 + 1))
    if not g["month"]:
        return Interval(_start_of_year(year), _start_of_year(year + 1))
    month = int(g["month"])
    if not g["day"]:
        first = _start_of_month(year, month)
        return Interval(first, _add_months(first, 1))
    day = datetime(year, month, int(g["day"]))
    if g["part"]:
        first_hour, last_hour = _words()["part_of_day_hours"][g["part"]]
        return Interval(day + timedelta(hours=first_hour), day + timedelta(hours=last_hour))
    if g["hour"] is None:
        return Interval(day, day + timedelta(days=1))
    hour, minute, second = int(g["hour"]), int(g["minute"] or 0), int(g["second"] or 0)
    if hour > 24 or minute > 59 or second > 59 or (hour == 24 and minute + second):
        return None
    moment = day + timedelta(hours=hour, minutes=minute, seconds=second)
    step = {"second": 1, "minute": 60}.get(
        "second" if g["second"] else "minute" if g["minute"] else "hour", 3600
    )
    return Interval(moment, moment + timedelta(seconds=step))


def _start_of_year(year: int) -> datetime:
    return datetime(year, 1, 1)


def _start_of_month(year: int, month: int) -> datetime:
    return datetime(year, month, 1)


def _add_months(start: datetime, months: int) -> datetime:
    index = start.year * 12 + start.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1)


# -- words -----------------------------------------------------------------------


def describe_time(value: str | None, type: str | None = None) -> str:
    """Say a TimeML value for people: "17 Feb 2025", "week of 17 Feb 2025", "autumn 2015",
    "31 Oct 2016, night", "15–17 Oct 2016", "3 years", "every Monday", "now".

    ``type`` is the TIMEX3 type: a ``SET`` reads as a repetition ("every
    summer"). A value this function does not know is returned as it is, so
    nothing is hidden; None and "" give "".
    """
    if not value:
        return ""
    value = value.strip()
    if value in _REF_NAMES:
        return _REF_NAMES[value]
    if ".." in value:
        first, _, last = value.partition("..")
        return _describe_range(first, last)
    if _DURATION.fullmatch(value):
        if type == "SET":
            return _SET_ADVERBS.get(value) or "every " + _describe_duration(value, single="")
        return _describe_duration(value)
    if value.startswith("XXXX"):
        return _describe_unanchored(value, repeated=type == "SET")
    # A partly unknown value reads as the period its known part names: 1998-XX is "1998".
    return _describe_single(_known_part(value)) or value


def _describe_single(value: str) -> str | None:
    if _DECADE.fullmatch(value):
        return f"the {value}0s"
    if _CENTURY.fullmatch(value):
        return f"{_ordinal(int(value) + 1)} century"
    m = _VALUE.fullmatch(value)
    if m is None or interval_of(value) is None:
        return None
    g = m.groupdict()
    year = g["year"]
    if g["week"]:
        span = interval_of(value)
        assert span is not None
        if g["weekend"]:
            return f"weekend of {_day_words(span.begin.date())}"
        if g["weekday"]:
            return _day_words(span.begin.date())
        return f"week of {_day_words(span.begin.date())}"
    if g["period"]:
        if g["period"] == "Q":
            return f"Q{g['number']} {year}"
        return f"{'first' if g['number'] == '1' else 'second'} half of {year}"
    if g["season"]:
        name = _words()["season_names"][g["season"]]
        if g["season"] == "WI":
            return f"{name} {int(year) - 1}–{year[2:]}"
        return f"{name} {year}"
    if not g["month"]:
        return year
    month = int(g["month"])
    if not g["day"]:
        return f"{_MONTHS[month - 1]} {year}"
    day = _day_words(date(int(year), month, int(g["day"])))
    if g["part"]:
        return f"{day}, {_words()['part_of_day_names'][g['part']]}"
    if g["hour"] is not None:
        clock = f"{g['hour']}:{g['minute'] or '00'}"
        if g["second"]:
            clock += f":{g['second']}"
        return f"{day}, {'midnight' if clock.startswith('24:00') else clock}"
    return day


def describe_event_date(item: dict[str, Any]) -> str:
    """Say the date of an event or a story (a dict with ``date_begin``, ``date_end``
    and, for an event, ``date``): its range when it has one, else its value."""
    begin, end = item.get("date_begin"), item.get("date_end")
    if begin and end and begin != end:
        return describe_time(f"{begin}..{end}")
    return describe_time(begin or end or item.get("date"))


def _describe_range(first: str, last: str) -> str:
    a, b = _VALUE.fullmatch(first), _VALUE.fullmatch(last)
    plain_days = (
        a is not None
        and b is not None
        and a["day"]
        and b["day"]
        and not (a["hour"] or a["part"] or b["hour"] or b["part"])
    )
    if plain_days and interval_of(first) and interval_of(last):
        assert a is not None and b is not None
        if a["year"] == b["year"] and a["month"] == b["month"]:
            return f"{int(a['day'])}–{_day_words(date.fromisoformat(last))}"
        if a["year"] == b["year"]:
            return f"{int(a['day'])} {_MONTHS[int(a['month']) - 1]} – {describe_time(last)}"
    return f"{describe_time(first)} – {describe_time(last)}"


def _describe_duration(value: str, single: str = "1 ") -> str:
    """ "P3Y" -> "3 years", "PXW" -> "weeks", "P1Y6M" -> "1 year 6 months", "PT48H" -> "48 hours".

    With ``single`` "" a one-unit duration reads "week" (for "every week")."""
    date_part, _, time_part = value[1:].partition("T")
    words = []
    for part, names in ((date_part, _UNIT_NAMES), (time_part, _TIME_UNIT_NAMES)):
        for number, letter in _DURATION_PART.findall(part):
            unit = names.get(letter, letter)
            plural = (
                "centuries"
                if unit == "century"
                else "millennia"
                if unit == "millennium"
                else unit + "s"
            )
            if number == "X":
                words.append(plural)
            elif number in {"1", "1.0"}:
                words.append(f"{single}{unit}")
            else:
                words.append(f"{number} {plural}")
    return " ".join(words) or value


def _describe_unanchored(value: str, *, repeated: bool) -> str:
    """ "XXXX-WXX-1" -> "every Monday" (a set) or "a Monday"; "XXXX-SU" -> "every summer"."""
    rest = value[4:]
    if m := re.fullmatch(r"-WXX-([1-7])", rest):
        thing = _WEEKDAYS[int(m[1]) - 1]
    elif m := re.fullmatch(r"-(\d\d)", rest):
        thing = _MONTH_NAMES[int(m[1]) - 1] if 1 <= int(m[1]) <= 12 else None
    elif m := re.fullmatch(r"-(SP|SU|FA|WI)", rest):
        thing = _words()["season_names"][m[1]]
    elif m := re.fullmatch(r"-XX-XXT([A-Z]{2})", rest):
        thing = _words()["part_of_day_names"].get(m[1])
    elif rest == "-WXX-WE":
        thing = "weekend"
    else:
        thing = None
    if thing is None:
        return "date unknown" if not repeated else value
    return f"every {thing}" if repeated else f"{thing} (year unknown)"


def _day_words(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year:04d}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
