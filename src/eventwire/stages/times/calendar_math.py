"""Calendar arithmetic on dates: shifting by units, the n-th weekday of a month
(for holidays), and placing underspecified dates ("Friday", "Nov. 16", "March")
around the anchor.

Reads dates and the ``Context`` (anchor and tense); returns dates. Writes nothing.
The arithmetic is dateutil's ``relativedelta``: a month or year shift that lands
past a month's end stops at its last day (Jan. 31 + 1 month = Feb. 29 or 28).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from eventwire.stages.times.values import FUTURE, PAST, PRESENT, Context, NotHandled, fmt_day

# dateutil's weekdays by ISO number (1 = Monday), the numbering of the lexicon.
ISO_WEEKDAYS = {1: MO, 2: TU, 3: WE, 4: TH, 5: FR, 6: SA, 7: SU}
# How ``shift_date`` moves a date by one unit of each granularity.
_UNIT_STEPS = {
    "day": ("days", 1),
    "week": ("days", 7),
    "fortnight": ("days", 14),
    "quarter": ("months", 3),
    "year": ("months", 12),
    "decade": ("years", 10),
    "century": ("years", 100),
    "millennium": ("years", 1000),
}


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months; a day past the target month's end becomes its last."""
    return d + relativedelta(months=months)


def shift_date(d: date, granularity: str, n: float) -> date:
    """Move ``d`` by ``n`` units; fractions go down to months or days."""
    if granularity == "month":
        whole = int(n)
        return d + relativedelta(months=whole, days=round((n - whole) * 30))
    if granularity not in _UNIT_STEPS:
        raise NotHandled(granularity)
    field, size = _UNIT_STEPS[granularity]
    return d + relativedelta(**{field: round(size * n)})


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` of a month (1 = the first); ``n`` below 1 means the last."""
    if n > 0:
        return date(year, month, 1) + relativedelta(weekday=ISO_WEEKDAYS[weekday](n))
    return date(year, month, 1) + relativedelta(day=31, weekday=ISO_WEEKDAYS[weekday](-1))


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
            end = start + relativedelta(day=31)
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
    """The date a weekday name ("Friday", "last Friday", "next Friday") stands for."""
    a = ctx.anchor
    assert a is not None
    day = ISO_WEEKDAYS[weekday]
    if rel in {"last", "this past", "past"}:
        return a + relativedelta(days=-1, weekday=day(-1))
    if rel in {"next", "this coming", "coming"}:
        return a + relativedelta(days=+1, weekday=day(+1))
    if rel == "this":
        return a + timedelta(days=weekday - a.isoweekday())  # in the anchor's week
    if ctx.tense in {FUTURE, PRESENT}:
        # Wire style names the day even when it is today ("will travel on Thursday");
        # the present tense announces a schedule ("the summit opens Monday").
        return a + relativedelta(weekday=day(+1))
    if ctx.tense == PAST:
        return a + relativedelta(weekday=day(-1))
    # No tense: news mostly reports what happened, so take the past one unless
    # the day is tomorrow.
    if (weekday - a.isoweekday()) % 7 == 1:
        return a + timedelta(days=1)
    return a + relativedelta(weekday=day(-1))


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
        # February 29 moved to a common year becomes February 28.
        return fmt_day(date.fromisoformat(value) + relativedelta(years=years))
    return f"{year:04d}{rest}"
