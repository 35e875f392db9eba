"""TimeML values: the ``TimeValue`` record and the formatting of calendar values.

Reads dates and granularities; returns TimeML value strings (``2024-11-29``,
``2024-W48``, ``2024-Q3``, ``2024-11-29..2024-11-30``) and ``TimeValue``
records. Also holds what every rule module shares: the tense names, the
``Context`` a rule reads (anchor, clock, tense, reference time) and the
``NotHandled`` a rule raises when its words make no valid time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

PAST, PRESENT, FUTURE = "past", "present", "future"
# Granularity reported for each unit granularity of the lexicon.
GRANULARITY = {
    "second": "time",
    "minute": "time",
    "hour": "time",
    "day": "day",
    "weekend": "week",
    "week": "week",
    "fortnight": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "millennium": "century",
}


@dataclass(frozen=True)
class TimeValue:
    """A normalized temporal expression.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` a TimeML value
    (``2024-11-29``, ``2024-W49``, ``P3Y``, ``PRESENT_REF``, ``2024-12-03..2024-12-04``)
    or None when a relative expression had no anchor. ``begin``/``end`` are the
    bounds of a range and None otherwise. ``anchored`` is False when the value
    needed the publication date and it was unknown. ``mod`` is TimeML's modifier
    (START, END, MID, APPROX, LESS_THAN, ...).
    """

    type: str
    value: str | None
    granularity: str | None = None
    begin: str | None = None
    end: str | None = None
    anchored: bool = True
    mod: str | None = None


@dataclass(frozen=True)
class Context:
    """What a rule reads besides the words: the anchor day, its time of day (when
    the publication date has one), the tense and the time talked about last."""

    anchor: date | None
    clock: datetime | None
    tense: str | None
    reference: TimeValue | None


class NotHandled(Exception):
    """A rule matched the pattern but the words do not make a valid time."""


def fmt_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def fmt_week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def dated(value: str, granularity: str, type_: str = "DATE") -> TimeValue:
    return TimeValue(type_, value, granularity)


def unanchored(type_: str, granularity: str | None) -> TimeValue:
    return TimeValue(type_, None, granularity, anchored=False)


def value_at(d: date, granularity: str) -> str:
    """The TimeML value of the period of ``granularity`` that contains ``d``."""
    if granularity == "day":
        return fmt_day(d)
    if granularity in {"week", "fortnight"}:
        return fmt_week(d)
    if granularity == "month":
        return fmt_month(d.year, d.month)
    if granularity == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity in {"century", "millennium"}:
        return f"{d.year // 100:02d}"
    raise NotHandled(granularity)


def make_range(begin: TimeValue, end: TimeValue) -> TimeValue:
    value = f"{begin.value}..{end.value}"
    return TimeValue(begin.type, value, begin.granularity, begin=begin.value, end=end.value)
