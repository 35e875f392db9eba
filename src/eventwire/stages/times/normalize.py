"""Normalize one temporal expression into a TimeML (TIMEX3) value.

Reads the expression text, the anchor (publication date or datetime) and the tense
of the clause it sits in; returns a ``TimeValue`` (type, value, granularity, range
bounds, whether the anchor was needed and known) or None when the text is not a
temporal expression eventwire understands. The patterns and word lists come from
``data/time_words.json`` through ``times.lexicon``; the rules here turn a pattern
match into calendar arithmetic.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from eventwire.stages.times.lexicon import Lexicon, load_lexicon

PAST, PRESENT, FUTURE = "past", "present", "future"
_TENSE_ALIASES = {
    "past": PAST,
    "pres": PRESENT,
    "present": PRESENT,
    "fut": FUTURE,
    "future": FUTURE,
}

# Duration letters of units below a day go after ISO 8601's "T".
_TIME_LETTERS = {"H", "M", "S"}
# Granularity reported for each unit granularity of the lexicon.
_GRANULARITY = {
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
class _Context:
    anchor: date | None
    clock: datetime | None
    tense: str | None
    reference: TimeValue | None


class _NotHandled(Exception):
    """A rule matched the pattern but the words do not make a valid time."""


def normalize_time(
    text: str,
    anchor: date | datetime | None,
    tense: str | None = None,
    *,
    reference: TimeValue | None = None,
) -> TimeValue | None:
    """Normalize one temporal expression against ``anchor`` (the publication date).

    ``tense`` ("past", "present", "future" or None) decides which way an
    underspecified date ("Friday", "in March") is resolved. ``reference`` is the
    time the discourse is about, used by anaphoric expressions ("a year earlier",
    "the year-ago quarter"). Returns None when the text is not understood.
    """
    lex = load_lexicon()
    cleaned = lex.clean(text)
    if not cleaned:
        return None
    clock = anchor if isinstance(anchor, datetime) else None
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    norm_tense = _TENSE_ALIASES.get((tense or "").lower()) if tense else None
    if clock is not None and clock.hour == 0 and clock.minute == 0 and clock.second == 0:
        clock = None  # a bare date given as datetime carries no time of day
    return _normalize_cached(cleaned, _Context(day, clock, norm_tense, reference))


@functools.lru_cache(maxsize=8192)
def _normalize_cached(cleaned: str, ctx: _Context) -> TimeValue | None:
    lex = load_lexicon()
    result = _match_whole(cleaned, ctx, lex)
    if result is not None:
        return result
    # Peel modifiers ("early", "nearly", "the end of", "or so") one at a time:
    # the longest expression that is understood wins.
    rest, mod = cleaned, None
    while True:
        stripped, found = _strip_modifier(rest, lex)
        if stripped is None:
            return None
        rest = stripped
        mod = mod or found
        result = _match_whole(rest, ctx, lex)
        if result is not None:
            return replace(result, mod=mod) if mod and not result.mod else result


def _strip_modifier(s: str, lex: Lexicon) -> tuple[str | None, str | None]:
    for word, mod in lex.leading_mods:
        if s.startswith(word + " ") and len(s) > len(word) + 1:
            return s[len(word) + 1 :], mod
    for word, mod in lex.trailing_mods:
        if s.endswith(" " + word) and len(s) > len(word) + 1:
            return s[: -len(word) - 1], mod
    return None, None


def _match_whole(
    s: str, ctx: _Context, lex: Lexicon, *, allow_range: bool = True
) -> TimeValue | None:
    n = lex.convert_numbers(s)
    entry = lex.deictic.get(s) or lex.deictic.get(n)
    if entry is not None:
        try:
            return _deictic(entry, ctx)
        except (ValueError, OverflowError):
            return None
    for pattern in lex.patterns:
        m = pattern.regex.fullmatch(n)
        if m is None:
            continue
        try:
            result = _RULES[pattern.rule](m, ctx, lex, pattern.params)
        except (_NotHandled, ValueError, OverflowError, KeyError):
            result = None
        if result is not None:
            return result
    try:
        result = _compose_clock(n, ctx, lex) or _compose_part_of_day(n, ctx, lex)
    except (_NotHandled, ValueError, OverflowError, KeyError):
        result = None
    if result is not None or not allow_range:
        return result
    for pattern in lex.range_patterns:
        m = pattern.regex.fullmatch(n)
        if m is not None:
            try:
                result = _range(m, ctx, lex)
            except (_NotHandled, ValueError, OverflowError):
                result = None
            if result is not None:
                return result
    try:
        return _generic_range(n, ctx, lex)
    except (_NotHandled, ValueError, OverflowError, KeyError):
        return None


# -- calendar helpers -----------------------------------------------------------


def _fmt_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _fmt_week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _add_years(d: date, years: int) -> date:
    return _add_months(d, 12 * years)


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, n: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + n
    return index // 4, index % 4 + 1


def _dated(value: str, granularity: str, type_: str = "DATE") -> TimeValue:
    return TimeValue(type_, value, granularity)


def _unanchored(type_: str, granularity: str | None) -> TimeValue:
    return TimeValue(type_, None, granularity, anchored=False)


def _value_at(d: date, granularity: str) -> str:
    """The TimeML value of the period of ``granularity`` that contains ``d``."""
    if granularity == "day":
        return _fmt_day(d)
    if granularity in {"week", "fortnight"}:
        return _fmt_week(d)
    if granularity == "month":
        return _fmt_month(d.year, d.month)
    if granularity == "quarter":
        return f"{d.year:04d}-Q{_quarter_of(d)}"
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity in {"century", "millennium"}:
        return f"{d.year // 100:02d}"
    raise _NotHandled(granularity)


def _shift_date(d: date, granularity: str, n: float) -> date:
    """Move ``d`` by ``n`` units; fractions go down to months or days."""
    if granularity == "day":
        return d + timedelta(days=round(n))
    if granularity == "week":
        return d + timedelta(days=round(7 * n))
    if granularity == "fortnight":
        return d + timedelta(days=round(14 * n))
    if granularity == "month":
        whole = int(n)
        shifted = _add_months(d, whole)
        return shifted + timedelta(days=round((n - whole) * 30))
    if granularity == "quarter":
        return _add_months(d, round(3 * n))
    if granularity == "year":
        return _add_months(d, round(12 * n))
    if granularity == "decade":
        return _add_years(d, round(10 * n))
    if granularity == "century":
        return _add_years(d, round(100 * n))
    if granularity == "millennium":
        return _add_years(d, round(1000 * n))
    raise _NotHandled(granularity)


def _easter(year: int) -> date:
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


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
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


def _pick_year(ctx: _Context, month: int, day: int | None = None) -> int:
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
        raise _NotHandled("no such date")
    return best


def _resolve_weekday(ctx: _Context, weekday: int, rel: str | None) -> date:
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


# -- value parsing helpers -------------------------------------------------------


def _parse_month(word: str, lex: Lexicon) -> int:
    if word.isdigit():
        month = int(word)
    else:
        month = lex.months[word]
    if not 1 <= month <= 12:
        raise _NotHandled(word)
    return month


def _parse_day(word: str, lex: Lexicon) -> int:
    digits = re.match(r"\d+", word)
    day = int(digits.group(0)) if digits else lex.ordinals[word]
    if not 1 <= day <= 31:
        raise _NotHandled(word)
    return day


def _parse_year(word: str, ctx: _Context) -> int:
    if word.startswith("'") or len(word) == 2:
        yy = int(word.lstrip("'"))
        if ctx.anchor is not None:
            century = ctx.anchor.year // 100 * 100
            year = century + yy
            return year - 100 if year > ctx.anchor.year + 10 else year
        return 1900 + yy if yy >= 30 else 2000 + yy
    return int(word)


def _parse_ordinal(word: str, lex: Lexicon) -> int:
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else lex.ordinals[word]


def _parse_number(word: str, lex: Lexicon) -> float:
    word = word.strip()
    half = 0.0
    for tail in (" and a half", " 1/2", " and 1/2"):
        if word.endswith(tail):
            word, half = word[: -len(tail)], 0.5
    if word in lex.number_phrases:
        return lex.number_phrases[word] + half
    return float(word) + half


def _unit_info(word: str, lex: Lexicon) -> tuple[str, str, bool]:
    singular = lex.plural_units.get(word, word)
    granularity, letter, is_time = lex.units[singular]
    if singular == "fortnight":
        return "week", "W", False
    return granularity, letter, is_time


def _format_duration(n: float, letter: str, is_time: bool) -> str:
    """ISO 8601 duration: 3 Y -> P3Y, 48 H -> PT48H, 1.5 Y -> P1Y6M, 2 E (decades) ->
    P20Y, 3 Q (quarters) -> P9M."""
    scale = {"E": ("Y", 10), "C": ("Y", 100), "L": ("Y", 1000), "Q": ("M", 3)}
    if letter in scale:
        letter, factor = scale[letter]
        n = n * factor
    whole = int(n)
    frac = n - whole
    smaller = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False)}
    smaller_time = {"H": ("M", 60), "M": ("S", 60)}
    prefix = "PT" if is_time else "P"
    if frac < 1e-9:
        return f"{prefix}{whole}{letter}"
    if is_time and letter in smaller_time:
        sub, factor = smaller_time[letter]
        part = round(frac * factor)
        return f"PT{whole}{letter}{part}{sub}" if whole else f"PT{part}{sub}"
    if letter == "D":
        part = round(frac * 24)
        return f"P{whole}DT{part}H" if whole else f"PT{part}H"
    if letter in smaller:
        sub, factor, _ = smaller[letter]
        part = round(frac * factor)
        return f"P{whole}{letter}{part}{sub}" if whole else f"P{part}{sub}"
    return f"{prefix}{n:g}{letter}"


# -- rules -------------------------------------------------------------------------

Rule = Any


def _deictic(entry: dict[str, Any], ctx: _Context) -> TimeValue:
    if "ref" in entry:
        return TimeValue("DATE", entry["ref"], None, anchored=ctx.anchor is not None)
    if "weekend" in entry:
        if ctx.anchor is None:
            return _unanchored("DATE", "week")
        return _weekend_value(ctx, "this")
    part = entry.get("part")
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return _unanchored(type_, "time" if part else "day")
    day = ctx.anchor + timedelta(days=entry["days"])
    if part:
        return TimeValue("TIME", f"{_fmt_day(day)}T{part}", "time")
    return _dated(_fmt_day(day), "day")


def _date(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    month = _parse_month(g["month"], lex)
    day = _parse_day(g["day"], lex) if g.get("day") else None
    hour, minute = g.get("hour"), g.get("minute")
    type_ = "TIME" if hour else "DATE"
    granularity = "time" if hour else ("day" if day else "month")
    if g.get("year"):
        year = _parse_year(g["year"], ctx)
    else:
        if ctx.anchor is None:
            return _unanchored(type_, granularity)
        year = _pick_year(ctx, month, day)
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
        return _dated(_fmt_month(year, month), "month")
    value = _fmt_day(date(year, month, day))
    if hour:
        h, mi = int(hour), int(minute or 0)
        if h > 24 or mi > 59:
            raise _NotHandled(hour)
        return TimeValue("TIME", f"{value}T{h:02d}:{mi:02d}", "time")
    return _dated(value, "day")


def _numeric_date(
    m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    a, b = int(m.group("a")), int(m.group("b"))
    # US order (month/day) unless the first number cannot be a month.
    month, day = (a, b) if a <= 12 else (b, a)
    year_text = m.group("year")
    if year_text is None:
        if ctx.anchor is None:
            return _unanchored("DATE", "day")
        year = _pick_year(ctx, month, day)
    else:
        year = _parse_year(year_text, ctx)
    return _dated(_fmt_day(date(year, month, day)), "day")


def _month(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    month = _parse_month(m.group("month"), lex)
    rel, rel2 = m.group("rel"), m.group("rel2")
    if ctx.anchor is None:
        return _unanchored("DATE", "month")
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
        year = _pick_year(ctx, month)
    return _dated(_fmt_month(year, month), "month")


def _year(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    return _dated(f"{_parse_year(m.group('year'), ctx):04d}", "year")


def _decade(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    text = m.group("decade")
    full = re.fullmatch(r"(\d{3})0s", text)
    if full:
        return _dated(full.group(1), "decade")
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
    return _dated(f"{century:02d}{digit}", "decade")


def _century(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("ord"):
        number = _parse_ordinal(g["ord"], lex)
        if number < 1:
            raise _NotHandled(g["ord"])
        return _dated(f"{number - 1:02d}", "century")
    rel = g.get("rel")
    if rel and rel.startswith("the "):
        return TimeValue("DURATION", "P100Y", "century")
    if ctx.anchor is None:
        return _unanchored("DATE", "century")
    shift = {"last": -1, "next": 1}.get(rel or "", 0)
    return _dated(f"{ctx.anchor.year // 100 + shift:02d}", "century")


def _quarter(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    part = g.get("part") or ("half" if g.get("hordn") else "quarter")
    if part == "period":
        raise _NotHandled(part)
    if g.get("ordn"):
        number = int(g["ordn"])
    elif g.get("hordn"):
        number = int(g["hordn"])
    else:
        number = _parse_ordinal(g["ord"], lex)
    limit = 2 if part.startswith("hal") else 4
    if number == -1:
        if not g.get("year"):
            raise _NotHandled("last quarter")  # "last quarter" is the previous quarter
        number = limit
    if not 1 <= number <= limit:
        raise _NotHandled(str(number))
    letter = "H" if part.startswith("hal") else "Q"
    if g.get("year"):
        year = _parse_year(g["year"], ctx)
    else:
        if ctx.anchor is None:
            return _unanchored("DATE", "quarter")
        a = ctx.anchor
        current = _quarter_of(a) if letter == "Q" else (a.month - 1) // 6 + 1
        if g.get("ago"):
            year = _reference_year(ctx) - 1
        elif g.get("rel2"):
            year = a.year + {"this": 0, "last": -1, "next": 1}[g["rel2"]]
        elif ctx.tense == PAST and number > current:
            year = a.year - 1
        else:
            # Results for a quarter are reported after it ends, and plans name
            # quarters of the current year far more often than of the next one.
            year = a.year
    return _dated(f"{year:04d}-{letter}{number}", "quarter")


def _reference_year(ctx: _Context) -> int:
    ref = ctx.reference
    if ref is not None and ref.value and re.match(r"\d{4}", ref.value):
        return int(ref.value[:4])
    if ctx.anchor is None:
        raise _NotHandled("no anchor")
    return ctx.anchor.year


def _season(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    code = lex.seasons[g["season"]]
    if g.get("year"):
        return _dated(f"{_parse_year(g['year'], ctx):04d}-{code}", "quarter")
    if ctx.anchor is None:
        return _unanchored("DATE", "quarter")
    a = ctx.anchor
    first, last = lex.season_months[code]
    in_season = (
        (first <= a.month <= last) if first <= last else (a.month >= first or a.month <= last)
    )
    started = a.month >= first if first <= last else True
    rel = g.get("rel")
    year = a.year
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
    return _dated(f"{year:04d}-{code}", "quarter")


def _holiday(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    spec = lex.holidays[g["holiday"]]

    def on(year: int) -> date:
        if "fixed" in spec:
            month, day = (int(x) for x in spec["fixed"].split("-"))
            return date(year, month, day)
        if "nth" in spec:
            month, weekday, n = spec["nth"]
            return _nth_weekday(year, month, weekday, n)
        return _easter(year) + timedelta(days=spec["easter"])

    if g.get("year"):
        return _dated(_fmt_day(on(_parse_year(g["year"], ctx))), "day")
    if ctx.anchor is None:
        return _unanchored("DATE", "day")
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
    return _dated(_fmt_day(chosen), "day")


def _weekday(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    if rel == "that":
        return _dated_reference(ctx, "day")
    weekday = lex.weekdays[m.group("weekday")]
    ref = ctx.reference
    if rel in _ANAPHORIC_RELS and ref is not None and ref.granularity == "day" and ref.value:
        # "the previous Friday" after "Friday": the Friday before that one
        base = date.fromisoformat(ref.value)
        if rel.endswith("previous"):
            return _dated(
                _fmt_day(base - timedelta(days=(base.isoweekday() - weekday) % 7 or 7)), "day"
            )
        return _dated(
            _fmt_day(base + timedelta(days=(weekday - base.isoweekday()) % 7 or 7)), "day"
        )
    if ctx.anchor is None:
        return _unanchored("DATE", "day")
    rel = {"the previous": "last", "previous": "last", "the following": "next"}.get(rel, rel)
    rel = "next" if rel == "following" else rel
    day = _resolve_weekday(ctx, weekday, rel)
    return _dated(_fmt_day(day), "day")


def _dated_reference(ctx: _Context, granularity: str) -> TimeValue:
    """ "that year", "that day": the period of the time talked about last."""
    ref = ctx.reference
    if ref is not None and ref.value:
        if ref.granularity == granularity:
            return replace(ref, begin=None, end=None, mod=None)
        start = _start_of(ref.value)
        if start is not None and _RANK.get(ref.granularity or "", 99) < _RANK.get(granularity, -1):
            return _dated(_value_at(start, granularity), granularity)
    return TimeValue("DATE", None, granularity, anchored=ctx.anchor is not None)


def _weekend_value(ctx: _Context, rel: str | None) -> TimeValue:
    a = ctx.anchor
    assert a is not None
    today = a.isoweekday()
    if rel in {"this", "this coming"}:
        saturday = a + timedelta(days=6 - today)
    elif rel in {"last", "this past", "past", "the past", "the last"}:
        saturday = a - timedelta(days=(today - 6) % 7 or 7)
        if today == 7:
            saturday -= timedelta(days=7)
    elif rel in {"next", "coming", "the next", "the coming"}:
        saturday = a + timedelta(days=(6 - today) % 7 or 7)
    elif ctx.tense == FUTURE:
        saturday = a + timedelta(days=(6 - today) % 7)
    else:
        saturday = a - timedelta(days=(today - 6) % 7)
    return _dated(f"{_fmt_week(saturday)}-WE", "week")


def _weekend(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    if rel == "that":
        return _dated_reference(ctx, "week")
    if ctx.anchor is None:
        return _unanchored("DATE", "week")
    return _weekend_value(ctx, rel)


def _set(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("setword"):
        value = lex.set_words[g["setword"]]
        return TimeValue("SET", value, _duration_granularity(value))
    if g.get("weekday"):
        return TimeValue("SET", f"XXXX-WXX-{lex.weekdays[g['weekday']]}", "day")
    if g.get("month"):
        return TimeValue("SET", f"XXXX-{_parse_month(g['month'], lex):02d}", "month")
    if g.get("season"):
        return TimeValue("SET", f"XXXX-{lex.seasons[g['season']]}", "quarter")
    if g.get("part"):
        return TimeValue("SET", f"XXXX-XX-XXT{lex.parts_of_day[g['part']]}", "time")
    unit = g.get("unit") or g.get("units")
    granularity, letter, is_time = _unit_info(unit, lex)
    n = _parse_number(g["num"], lex) if g.get("num") else 1
    if letter == "WE":
        return TimeValue("SET", "XXXX-WXX-WE", "week")
    if "every other" in m.group(0):
        n *= 2
    return TimeValue("SET", _format_duration(n, letter, is_time), _GRANULARITY[granularity])


def _duration_granularity(value: str) -> str | None:
    letter = value[-1]
    if value.startswith("PT"):
        return "time"
    return {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(letter)


def _shift(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    unit = m.group("unit")
    granularity, letter, is_time = _unit_info(unit, lex)
    shift = lex.relative_words[rel]
    if rel == "the" and unit in {"day", "week", "month", "year", "quarter"}:
        return _the_unit_value(unit, ctx)
    if granularity == "weekend":
        if ctx.anchor is None:
            return _unanchored("DATE", "week")
        return _weekend_value(ctx, rel)
    if is_time:
        if shift == 0:
            return TimeValue("DATE", "PRESENT_REF", None, anchored=ctx.anchor is not None)
        raise _NotHandled(unit)
    if granularity == "fortnight":
        granularity, shift = "week", shift * 2
    base = ctx.anchor
    ref = ctx.reference
    if rel in _ANAPHORIC_RELS and ref is not None and ref.value:
        # "the following year", "the previous day": counted from the time talked about
        start = _start_of(ref.value)
        if start is not None and _RANK.get(ref.granularity or "", 99) <= _RANK[granularity]:
            base = start
    if base is None:
        return _unanchored("DATE", _GRANULARITY[granularity])
    target = _shift_date(base, granularity, shift)
    return _dated(_value_at(target, granularity), _GRANULARITY[granularity])


_ANAPHORIC_RELS = {
    "following",
    "the following",
    "previous",
    "the previous",
    "prior",
    "the prior",
    "the preceding",
}
_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5, "century": 6}


def _start_of(value: str) -> date | None:
    """First day of a calendar value ("1995" -> 1995-01-01, "1989-Q3" -> 1989-07-01)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4]))?", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(4):
        return date(year, 3 * int(m.group(4)) - 2, 1)
    return date(year, int(m.group(2) or 1), int(m.group(3) or 1))


def _the_unit_value(unit: str, ctx: _Context) -> TimeValue:
    """ "the year", "the quarter": the period the story is about."""
    granularity = _GRANULARITY[unit]
    ref = ctx.reference
    if ref is not None and ref.granularity == granularity and ref.value and ref.type == "DATE":
        return replace(ref, begin=None, end=None, mod=None)
    if ctx.anchor is None:
        return _unanchored("DATE", granularity)
    day = ctx.anchor
    if unit == "quarter" and ctx.tense != FUTURE:
        # Quarterly results are reported after the quarter closes.
        day = _add_months(day, -3)
    return _dated(_value_at(day, granularity), granularity)


def _the_unit(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    unit = m.group("unit")
    if unit in lex.parts_of_day:
        ref = ctx.reference
        if ref is not None and ref.granularity == "day" and ref.value:
            # "in the morning" after "Friday": that Friday's morning
            return TimeValue("TIME", f"{ref.value}T{lex.parts_of_day[unit]}", "time")
        if ctx.anchor is None:
            return _unanchored("TIME", "time")
        return TimeValue("TIME", f"{_fmt_day(ctx.anchor)}T{lex.parts_of_day[unit]}", "time")
    if unit == "night":
        raise _NotHandled(unit)
    if not m.group(0).startswith("the "):
        # A bare "year" or "week" is a one-unit duration ("a bad week for Asia").
        granularity, letter, is_time = _unit_info(unit, lex)
        return TimeValue("DURATION", _format_duration(1, letter, is_time), granularity)
    return _the_unit_value(unit, ctx)


def _year_ago(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("num"):
        value = _format_duration(int(g["num"]), "M", False)
        return TimeValue("DURATION", value, "month")
    ref = ctx.reference
    if ref is not None and ref.value and re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12])", ref.value):
        return _dated(_shift_value(ref.value, -1) or ref.value, ref.granularity or "quarter")
    if ctx.anchor is None:
        return _unanchored("DATE", "year")
    if m.group(0).endswith("quarter"):
        reported = _add_months(ctx.anchor, -3)
        return _dated(f"{reported.year - 1:04d}-Q{_quarter_of(reported)}", "quarter")
    return _dated(f"{ctx.anchor.year - 1:04d}", "year")


def _unit_end(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    """ "year-end", "the month end": the current period, marked as its end."""
    unit = m.group("unit")
    granularity = _GRANULARITY[unit]
    if ctx.anchor is None:
        return TimeValue("DATE", None, granularity, anchored=False, mod="END")
    return TimeValue("DATE", _value_at(ctx.anchor, granularity), granularity, mod="END")


def _year_period(
    m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    """ "the 1988 quarter", "last year's quarter": that year's part the story talks about."""
    g = m.groupdict()
    if g.get("year"):
        year = _parse_year(g["year"], ctx)
    elif ctx.anchor is None:
        return _unanchored("DATE", "quarter")
    else:
        year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["rel2"]]
    period = g["period"]
    ref = ctx.reference
    if period != "half" and ref is not None and ref.value:
        found = re.fullmatch(r"\d{4}(-Q[1-4]|-H[12])", ref.value)
        if found:
            return _dated(f"{year:04d}{found.group(1)}", "quarter")
    if period == "quarter" and ctx.anchor is not None:
        reported = _quarter_of(_add_months(ctx.anchor, -3))
        return _dated(f"{year:04d}-Q{reported}", "quarter")
    return _dated(f"{year:04d}", "year")


def _anaphor(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    """ "that year", "the same day": the period already talked about."""
    unit = m.group("unit")
    if unit in {"period", "time"}:
        ref = ctx.reference
        if ref is not None and ref.value:
            return replace(ref, begin=None, end=None, mod=None)
        return TimeValue("DATE", None, None, anchored=ctx.anchor is not None)
    return _dated_reference(ctx, _GRANULARITY[unit])


def _latest_period(
    m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    """ "the latest period", "the latest quarter": the quarter being reported."""
    if ctx.anchor is None:
        return _unanchored("DATE", "quarter")
    return _dated(_value_at(_add_months(ctx.anchor, -3), "quarter"), "quarter")


def _ordinal_unit(
    m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    """ "the second day (of the offensive)": a date counted from an event, not from
    the calendar; its value is unknown."""
    if _parse_ordinal(m.group("ord"), lex) < 1:
        raise _NotHandled("last")  # "last year" is relative to the anchor
    granularity = _GRANULARITY[m.group("unit")] if m.group("unit") in _GRANULARITY else "day"
    return TimeValue("DATE", None, granularity, anchored=ctx.anchor is not None)


def _shift_value(value: str, years: int) -> str | None:
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
        return _fmt_day(date(year, month, day))
    return f"{year:04d}{rest}"


def _offset(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    direction = g["dir"]
    sign = -1 if direction in {"ago", "earlier", "before", "back", "prior", "previously"} else 1
    if direction == "before that":
        sign = -1
    unit = g.get("units") or g.get("unit")
    granularity, letter, is_time = _unit_info(unit, lex)
    if g.get("vague") is not None:
        if g["vague"] not in lex.vague_numbers:
            raise _NotHandled(g["vague"])
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return TimeValue("DATE", ref, None, anchored=ctx.anchor is not None)
    n = _parse_number(g["num"], lex) if g.get("num") else params.get("num", 1)
    if g.get("half"):
        n += 0.5
    ref = ctx.reference
    if (
        granularity == "year"
        and n == int(n)
        and ref is not None
        and ref.value
        and re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12])", ref.value)
    ):
        # "a year earlier" after "the third quarter": the same quarter a year before.
        shifted = _shift_value(ref.value, int(sign * n))
        if shifted is not None:
            return _dated(shifted, ref.granularity)
    if is_time:
        if ctx.clock is None:
            if ctx.anchor is None:
                return _unanchored("TIME", "time")
            return _dated(_fmt_day(ctx.anchor), "day")
        delta = {"H": timedelta(hours=n), "M": timedelta(minutes=n), "S": timedelta(seconds=n)}
        moment = ctx.clock + sign * delta[letter]
        return TimeValue("TIME", moment.strftime("%Y-%m-%dT%H:%M"), "time")
    if ctx.anchor is None:
        return _unanchored("DATE", _GRANULARITY[granularity])
    if granularity == "weekend":
        raise _NotHandled(unit)
    target = _shift_date(ctx.anchor, granularity, sign * n)
    # "a decade ago" is about the year ten years back, not the whole decade
    out_granularity = "year" if granularity in {"decade", "century", "millennium"} else granularity
    if n != int(n):
        out_granularity = {"year": "month", "month": "day", "week": "day"}.get(
            granularity, granularity
        )
    return _dated(_value_at(target, out_granularity), _GRANULARITY[out_granularity])


def _duration(m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if params.get("needs_the") and not m.group(0).startswith("the "):
        raise _NotHandled("no article")  # "last year" is a date, "the last year" a span
    unit = g.get("units") or g.get("unit")
    granularity, letter, is_time = _unit_info(unit, lex)
    if letter == "WE":
        raise _NotHandled(unit)
    n = _parse_number(g["num"], lex) if g.get("num") else params.get("num", 1)
    if g.get("half"):
        n += 0.5
    if n <= 0 or (n >= 1000 and letter != "Y"):
        raise _NotHandled(str(n))  # "the 1988 quarter" is not 1988 quarters
    return TimeValue("DURATION", _format_duration(n, letter, is_time), _GRANULARITY[granularity])


def _vague_duration(
    m: re.Match[str], ctx: _Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    g = m.groupdict()
    vague = g.get("vague")
    if vague is not None and vague not in lex.vague_numbers:
        raise _NotHandled(vague)
    unit = g["units"]
    granularity, letter, is_time = _unit_info(unit, lex)
    if letter == "WE":
        raise _NotHandled(unit)
    if unit in lex.units and vague != "the":
        raise _NotHandled(unit)  # "several year" is not English; a bare "year" is P1Y
    if vague == "the" and unit in lex.units:
        raise _NotHandled(unit)  # "the year" is a date, handled by the_unit
    value = f"PTX{letter}" if is_time else f"PX{letter}"
    return TimeValue("DURATION", value, _GRANULARITY[granularity])


def _range(m: re.Match[str], ctx: _Context, lex: Lexicon) -> TimeValue | None:
    g = m.groupdict()
    if g.get("year") and not g.get("month"):
        first = _parse_year(g["year"], ctx)
        if g.get("year2"):
            second = _parse_year(g["year2"], ctx)
        else:
            second = first // 100 * 100 + int(g["yy2"])
        if second <= first:
            raise _NotHandled("backwards range")
        return _make_range(_dated(f"{first:04d}", "year"), _dated(f"{second:04d}", "year"))
    month = _parse_month(g["month"], lex)
    first_day, second_day = _parse_day(g["day"], lex), _parse_day(g["day2"], lex)
    if second_day <= first_day:
        raise _NotHandled("backwards range")
    if g.get("year"):
        year = _parse_year(g["year"], ctx)
    elif ctx.anchor is None:
        return TimeValue("DATE", None, "day", anchored=False)
    else:
        year = _pick_year(ctx, month, first_day)
    begin = _dated(_fmt_day(date(year, month, first_day)), "day")
    end = _dated(_fmt_day(date(year, month, second_day)), "day")
    return _make_range(begin, end)


def _make_range(begin: TimeValue, end: TimeValue) -> TimeValue:
    value = f"{begin.value}..{end.value}"
    return TimeValue(begin.type, value, begin.granularity, begin=begin.value, end=end.value)


def _generic_range(s: str, ctx: _Context, lex: Lexicon) -> TimeValue | None:
    """ "Aug. 26 to Oct. 20", "from today through Nov. 17": two expressions joined."""
    body = s
    for opener in lex.range_openers:
        if body.startswith(opener):
            body = body[len(opener) :]
            break
    for sep in lex.range_separators:
        start = body.find(sep)
        while start > 0:
            left, right = body[:start], body[start + len(sep) :]
            first = _match_whole(left, ctx, lex, allow_range=False)
            second = _match_whole(right, ctx, lex, allow_range=False) if first else None
            if (
                first is not None
                and second is not None
                and first.type in {"DATE", "TIME"}
                and first.type == second.type
                and first.granularity == second.granularity
            ):
                if first.value is None or second.value is None:
                    return TimeValue(first.type, None, first.granularity, anchored=False)
                if "REF" in first.value or "REF" in second.value:
                    return None
                return _make_range(first, second)
            start = body.find(sep, start + 1)
    return None


def _compose_clock(s: str, ctx: _Context, lex: Lexicon) -> TimeValue | None:
    """ "9 a.m.", "5 p.m. EST Nov. 9", "noon Thursday", "Friday at 10:30"."""
    m = lex.clock_first.fullmatch(s) or lex.clock_last.fullmatch(s)
    if m is None:
        return None
    g = m.groupdict()
    if g.get("clockword"):
        hhmm = lex.clock_words[g["clockword"]]
    else:
        hour = int(g.get("hour") or g.get("hour24") or g.get("hourw"))
        minute = int(g.get("minute") or g.get("minute24") or 0)
        ampm = g.get("ampm")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return None
        hhmm = f"{hour:02d}:{minute:02d}"
    rest = g.get("rest")
    if rest:
        day = _match_whole(rest, ctx, lex, allow_range=False)
        if day is None or day.type != "DATE" or day.granularity != "day":
            return None
        if day.value is None:
            return _unanchored("TIME", "time")
        return TimeValue("TIME", f"{day.value}T{hhmm}", "time")
    ref = ctx.reference
    if ref is not None and ref.granularity == "day" and ref.value:
        # "polls open at 7 a.m." after "on 5 November": that day's 7 a.m.
        return TimeValue("TIME", f"{ref.value}T{hhmm}", "time")
    if ctx.anchor is None:
        return _unanchored("TIME", "time")
    return TimeValue("TIME", f"{_fmt_day(ctx.anchor)}T{hhmm}", "time")


def _compose_part_of_day(s: str, ctx: _Context, lex: Lexicon) -> TimeValue | None:
    """ "Thursday evening", "yesterday afternoon", "the morning", "mid afternoon yesterday"."""
    m = lex.part_last.fullmatch(s) or lex.part_first.fullmatch(s)
    if m is None:
        return None
    code = lex.parts_of_day[m.group("part")]
    rest = m.group("rest")
    if rest in {"the", "this", "that"}:
        if ctx.anchor is None:
            return _unanchored("TIME", "time")
        return TimeValue("TIME", f"{_fmt_day(ctx.anchor)}T{code}", "time")
    day = _match_whole(rest, ctx, lex, allow_range=False)
    if day is None or day.type != "DATE" or day.granularity != "day":
        return None
    if day.value is None:
        return _unanchored("TIME", "time")
    return TimeValue("TIME", f"{day.value}T{code}", "time")


_RULES: dict[str, Rule] = {
    "date": _date,
    "numeric_date": _numeric_date,
    "month": _month,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "season": _season,
    "holiday": _holiday,
    "weekday": _weekday,
    "weekend": _weekend,
    "set": _set,
    "shift": _shift,
    "offset": _offset,
    "duration": _duration,
    "vague_duration": _vague_duration,
    "year_ago": _year_ago,
    "the_unit": _the_unit,
    "unit_end": _unit_end,
    "year_period": _year_period,
    "anaphor": _anaphor,
    "latest_period": _latest_period,
    "ordinal_unit": _ordinal_unit,
}
