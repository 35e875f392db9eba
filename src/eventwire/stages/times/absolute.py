"""Rules for calendar expressions: dates, months, years, decades, centuries,
quarters, seasons, holidays, and ranges of days or years.

Each rule reads a pattern match of ``time_words.json``, the ``Context`` and the
lexicon, and returns a ``TimeValue``; ``RULES`` maps rule names to them. A date
without a year ("Nov. 16", "in March") takes one from the anchor and the tense.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from dateutil.easter import easter

from eventwire.stages.times.calendar_math import nth_weekday, pick_year
from eventwire.stages.times.lexicon import Lexicon
from eventwire.stages.times.relative import reference_year
from eventwire.stages.times.values import (
    FUTURE,
    PAST,
    Context,
    NotHandled,
    TimeValue,
    dated,
    fmt_day,
    fmt_month,
    make_range,
    quarter_of,
    unanchored,
)
from eventwire.stages.times.words import parse_day, parse_month, parse_ordinal, parse_year


def _date(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    month = parse_month(g["month"], lex)
    day = parse_day(g["day"], lex) if g.get("day") else None
    hour, minute = g.get("hour"), g.get("minute")
    type_ = "TIME" if hour else "DATE"
    granularity = "time" if hour else ("day" if day else "month")
    if g.get("year"):
        year = parse_year(g["year"], ctx)
    else:
        if ctx.anchor is None:
            return unanchored(type_, granularity)
        year = pick_year(ctx, month, day)
        weekday = g.get("weekday")
        if weekday and day:
            # "Saturday, April 25": the weekday tells the year when the tense does not.
            for candidate in (year, year - 1, year + 1):
                try:
                    if date(candidate, month, day).isoweekday() == lex.weekdays[weekday]:
                        year = candidate
                        break
                except ValueError:
                    continue
    if day is None:
        return dated(fmt_month(year, month), "month")
    value = fmt_day(date(year, month, day))
    if hour:
        h, mi = int(hour), int(minute or 0)
        if h > 24 or mi > 59:
            raise NotHandled(hour)
        return TimeValue("TIME", f"{value}T{h:02d}:{mi:02d}", "time")
    return dated(value, "day")


def _numeric_date(
    m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    a, b = int(m.group("a")), int(m.group("b"))
    # US order (month/day) unless the first number cannot be a month.
    month, day = (a, b) if a <= 12 else (b, a)
    year_text = m.group("year")
    if year_text is None:
        if ctx.anchor is None:
            return unanchored("DATE", "day")
        year = pick_year(ctx, month, day)
    else:
        year = parse_year(year_text, ctx)
    return dated(fmt_day(date(year, month, day)), "day")


def _month(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    month = parse_month(m.group("month"), lex)
    rel, rel2 = m.group("rel"), m.group("rel2")
    if ctx.anchor is None:
        return unanchored("DATE", "month")
    a = ctx.anchor
    if rel2:
        year = a.year + {"this": 0, "last": -1, "next": 1}[rel2]
    elif rel in {"last", "this past", "past"}:
        year = a.year if month < a.month else a.year - 1
    elif rel in {"next", "this coming", "coming"}:
        year = a.year if month > a.month else a.year + 1
    elif rel == "this":
        year = a.year
    else:
        year = pick_year(ctx, month)
    return dated(fmt_month(year, month), "month")


def _year(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    return dated(f"{parse_year(m.group('year'), ctx):04d}", "year")


def _decade(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    text = m.group("decade")
    full = re.fullmatch(r"(\d{3})0s", text)
    if full:
        return dated(full.group(1), "decade")
    short = re.fullmatch(r"'?(\d)0s", text)
    words = ["twenties", "thirties", "forties", "fifties"]
    words += ["sixties", "seventies", "eighties", "nineties"]
    digit = int(short.group(1)) if short else words.index(text) + 2
    if ctx.anchor is not None:
        century = ctx.anchor.year // 100
        if century * 100 + digit * 10 > ctx.anchor.year:
            century -= 1
    else:
        century = 19 if digit >= 3 else 20
    return dated(f"{century:02d}{digit}", "decade")


def _century(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("ord"):
        number = parse_ordinal(g["ord"], lex)
        if number < 1:
            raise NotHandled(g["ord"])
        return dated(f"{number - 1:02d}", "century")
    rel = g.get("rel")
    if rel and rel.startswith("the "):
        return TimeValue("DURATION", "P100Y", "century")
    if ctx.anchor is None:
        return unanchored("DATE", "century")
    shift = {"last": -1, "next": 1}.get(rel or "", 0)
    return dated(f"{ctx.anchor.year // 100 + shift:02d}", "century")


def _quarter(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    part = g.get("part") or ("half" if g.get("hordn") else "quarter")
    if part == "period":
        raise NotHandled(part)
    if g.get("ordn"):
        number = int(g["ordn"])
    elif g.get("hordn"):
        number = int(g["hordn"])
    else:
        number = parse_ordinal(g["ord"], lex)
    limit = 2 if part.startswith("hal") else 4
    if number == -1:
        if not g.get("year"):
            raise NotHandled("last quarter")  # "last quarter" is the previous quarter
        number = limit
    if not 1 <= number <= limit:
        raise NotHandled(str(number))
    letter = "H" if part.startswith("hal") else "Q"
    if g.get("year"):
        year = parse_year(g["year"], ctx)
    else:
        if ctx.anchor is None:
            return unanchored("DATE", "quarter")
        a = ctx.anchor
        current = quarter_of(a) if letter == "Q" else (a.month - 1) // 6 + 1
        if g.get("ago"):
            year = reference_year(ctx) - 1
        elif g.get("rel2"):
            year = a.year + {"this": 0, "last": -1, "next": 1}[g["rel2"]]
        elif ctx.tense == PAST and number > current:
            year = a.year - 1
        else:
            # Results for a quarter are reported after it ends, and plans name
            # quarters of the current year far more often than of the next one.
            year = a.year
    return dated(f"{year:04d}-{letter}{number}", "quarter")


def _season(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    code = lex.seasons[g["season"]]
    if g.get("year"):
        return dated(f"{parse_year(g['year'], ctx):04d}-{code}", "quarter")
    if ctx.anchor is None:
        return unanchored("DATE", "quarter")
    a = ctx.anchor
    first, last = lex.season_months[code]
    in_season = (
        (first <= a.month <= last) if first <= last else (a.month >= first or a.month <= last)
    )
    started = a.month >= first if first <= last else True
    rel = g.get("rel")
    # YYYY-WI is the winter whose January is in YYYY (times.instants): in
    # December the winter under way is next year's.
    year = a.year + 1 if first > last and a.month >= first else a.year
    if rel in {"last", "this past", "past"}:
        if in_season or not started:
            year -= 1
    elif rel in {"next", "this coming", "coming"}:
        if in_season or started:
            year += 1
    elif rel in {None, "the"}:
        if ctx.tense == PAST and not started:
            year -= 1
        elif ctx.tense == FUTURE and started and not in_season:
            year += 1
    return dated(f"{year:04d}-{code}", "quarter")


def _holiday(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    spec = lex.holidays[g["holiday"]]

    def on(year: int) -> date:
        if "fixed" in spec:
            month, day = (int(x) for x in spec["fixed"].split("-"))
            return date(year, month, day)
        if "nth" in spec:
            month, weekday, n = spec["nth"]
            return nth_weekday(year, month, weekday, n)
        return easter(year) + timedelta(days=spec["easter"])

    if g.get("year"):
        return dated(fmt_day(on(parse_year(g["year"], ctx))), "day")
    if ctx.anchor is None:
        return unanchored("DATE", "day")
    a = ctx.anchor
    dates = [on(y) for y in (a.year - 1, a.year, a.year + 1)]
    rel = g.get("rel")
    if rel in {"last", "this past"} or (rel is None and ctx.tense == PAST):
        chosen = max(d for d in dates if d <= a)
    elif rel in {"next", "this coming"} or (rel is None and ctx.tense == FUTURE):
        chosen = min(d for d in dates if d >= a)
    elif rel == "this":
        chosen = dates[1]
    else:
        chosen = min(dates, key=lambda d: abs((d - a).days))
    return dated(fmt_day(chosen), "day")


def date_range(m: re.Match[str], ctx: Context, lex: Lexicon) -> TimeValue | None:
    g = m.groupdict()
    if g.get("year") and not g.get("month"):
        first = parse_year(g["year"], ctx)
        if g.get("year2"):
            second = parse_year(g["year2"], ctx)
        else:
            second = first // 100 * 100 + int(g["yy2"])
        if second <= first:
            raise NotHandled("backwards range")
        return make_range(dated(f"{first:04d}", "year"), dated(f"{second:04d}", "year"))
    month = parse_month(g["month"], lex)
    first_day, second_day = parse_day(g["day"], lex), parse_day(g["day2"], lex)
    if second_day <= first_day:
        raise NotHandled("backwards range")
    if g.get("year"):
        year = parse_year(g["year"], ctx)
    elif ctx.anchor is None:
        return TimeValue("DATE", None, "day", anchored=False)
    else:
        year = pick_year(ctx, month, first_day)
    begin = dated(fmt_day(date(year, month, first_day)), "day")
    end = dated(fmt_day(date(year, month, second_day)), "day")
    return make_range(begin, end)


# Rule name in time_words.json -> the function that applies it.
RULES = {
    "date": _date,
    "numeric_date": _numeric_date,
    "month": _month,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "season": _season,
    "holiday": _holiday,
}
