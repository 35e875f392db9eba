"""Calendar arithmetic on dates: shifting by units, holidays, and placing
underspecified dates ("Friday", "Nov. 16", "March") around the anchor.

Reads dates and the ``Context`` (anchor and tense); returns dates. Writes nothing.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from eventwire.stages.times.values import FUTURE, PAST, PRESENT, Context, NotHandled, fmt_day


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def shift_date(d: date, granularity: str, n: float) -> date:
    """Move ``d`` by ``n`` units; fractions go down to months or days."""
    if granularity == "day":
        return d + timedelta(days=round(n))
    if granularity == "week":
        return d + timedelta(days=round(7 * n))
    if granularity == "fortnight":
        return d + timedelta(days=round(14 * n))
    if granularity == "month":
        whole = int(n)
        shifted = add_months(d, whole)
        return shifted + timedelta(days=round((n - whole) * 30))
    if granularity == "quarter":
        return add_months(d, round(3 * n))
    if granularity == "year":
        return add_months(d, round(12 * n))
    if granularity == "decade":
        return _add_years(d, round(10 * n))
    if granularity == "century":
        return _add_years(d, round(100 * n))
    if granularity == "millennium":
        return _add_years(d, round(1000 * n))
    raise NotHandled(granularity)


def easter(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


# Where, relative to the anchor, an underspecified date ("Nov. 16") is expected to
# lie for each tense, in days: the candidate year nearest this point wins. Past
# tense still allows a date a few weeks ahead ("the offer was extended to Nov. 16").
_EXPECTED_OFFSET_DAYS = {PAST: -120, PRESENT: 60, FUTURE: 120, None: 0}


def pick_year(ctx: Context, month: int, day: int | None = None) -> int:
    """The year of an underspecified date. A month alone follows the tense strictly
    (past tense: the latest such month not after the anchor's; future: the first
    not before it); a month and day goes to the year that puts it nearest where
    the tense expects it; without a tense, the nearest."""
    a = ctx.anchor
    assert a is not None
    if day is None and ctx.tense in {PAST, FUTURE}:
        if ctx.tense == PAST:
            return a.year if month <= a.month else a.year - 1
        return a.year if month >= a.month else a.year + 1
    target = a + timedelta(days=_EXPECTED_OFFSET_DAYS.get(ctx.tense, 0))
    best, best_distance = None, None
    for year in (a.year - 1, a.year, a.year + 1):
        if day is None:
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
            if start <= target <= end:
                return year
            distance = min(abs((start - target).days), abs((end - target).days))
        else:
            try:
                distance = abs((date(year, month, day) - target).days)
            except ValueError:
                continue  # February 29 outside a leap year
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    if best is None:
        raise NotHandled("no such date")
    return best


def resolve_weekday(ctx: Context, weekday: int, rel: str | None) -> date:
    a = ctx.anchor
    assert a is not None
    today = a.isoweekday()
    back = (today - weekday) % 7
    ahead = (weekday - today) % 7
    if rel in {"last", "this past", "past"}:
        return a - timedelta(days=back or 7)
    if rel in {"next", "this coming", "coming"}:
        return a + timedelta(days=ahead or 7)
    if rel == "this":
        return a + timedelta(days=weekday - today)
    if ctx.tense in {FUTURE, PRESENT}:
        # Wire style names the day even when it is today ("will travel on Thursday");
        # the present tense announces a schedule ("the summit opens Monday").
        return a + timedelta(days=ahead)
    if ctx.tense == PAST:
        return a - timedelta(days=back)
    # No tense: news mostly reports what happened, so take the past one unless
    # the day is tomorrow.
    if ahead == 1:
        return a + timedelta(days=1)
    return a - timedelta(days=back)


def start_of(value: str) -> date | None:
    """First day of a calendar value ("1995" -> 1995-01-01, "1989-Q3" -> 1989-07-01)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4]))?", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(4):
        return date(year, 3 * int(m.group(4)) - 2, 1)
    return date(year, int(m.group(2) or 1), int(m.group(3) or 1))


def shift_value(value: str, years: int) -> str | None:
    """Move a TimeML calendar value by whole years, keeping its granularity."""
    m = re.fullmatch(r"(\d{4})(-.*)?", value)
    if not m:
        return None
    rest = m.group(2) or ""
    if rest.startswith("-W"):
        return None
    year = int(m.group(1)) + years
    if re.fullmatch(r"-\d\d-\d\d", rest):
        month, day = int(rest[1:3]), int(rest[4:6])
        day = min(day, calendar.monthrange(year, month)[1])
        return fmt_day(date(year, month, day))
    return f"{year:04d}{rest}"
