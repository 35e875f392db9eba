"""Rules for relative and anaphoric expressions: "yesterday", "last Friday",
"next week", "three years ago", "a year earlier", "that day", "the quarter".

Each rule reads a pattern match of ``time_words.json``, the ``Context`` (anchor,
clock, tense, and the reference time the discourse is about) and the lexicon,
and returns a ``TimeValue``; ``RULES`` maps rule names to them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import SA, relativedelta

from eventwire.stages.times.calendar_math import (
    ISO_WEEKDAYS,
    add_months,
    resolve_weekday,
    shift_date,
    shift_value,
    start_of,
)
from eventwire.stages.times.durations import format_duration
from eventwire.stages.times.lexicon import Lexicon
from eventwire.stages.times.values import (
    FUTURE,
    GRANULARITY,
    Context,
    NotHandled,
    TimeValue,
    dated,
    fmt_day,
    fmt_week,
    quarter_of,
    unanchored,
    value_at,
)
from eventwire.stages.times.words import parse_number, parse_ordinal, parse_year, unit_info


def deictic(entry: dict[str, Any], ctx: Context) -> TimeValue:
    if "ref" in entry:
        return TimeValue("DATE", entry["ref"], None, anchored=ctx.anchor is not None)
    if "weekend" in entry:
        if ctx.anchor is None:
            return unanchored("DATE", "week")
        return weekend_value(ctx, "this")
    part = entry.get("part")
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return unanchored(type_, "time" if part else "day")
    day = ctx.anchor + timedelta(days=entry["days"])
    if part:
        return TimeValue("TIME", f"{fmt_day(day)}T{part}", "time")
    return dated(fmt_day(day), "day")


def reference_year(ctx: Context) -> int:
    ref = ctx.reference
    if ref is not None and ref.value and re.match(r"\d{4}", ref.value):
        return int(ref.value[:4])
    if ctx.anchor is None:
        raise NotHandled("no anchor")
    return ctx.anchor.year


def _weekday(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    if rel == "that":
        return _dated_reference(ctx, "day")
    weekday = lex.weekdays[m.group("weekday")]
    ref = ctx.reference
    if rel in _ANAPHORIC_RELS and ref is not None and ref.granularity == "day" and ref.value:
        # "the previous Friday" after "Friday": the Friday before that one
        base = date.fromisoformat(ref.value)
        step = -1 if rel.endswith("previous") else 1
        day = base + relativedelta(days=step, weekday=ISO_WEEKDAYS[weekday](step))
        return dated(fmt_day(day), "day")
    if ctx.anchor is None:
        return unanchored("DATE", "day")
    rel = {"the previous": "last", "previous": "last", "the following": "next"}.get(rel, rel)
    rel = "next" if rel == "following" else rel
    day = resolve_weekday(ctx, weekday, rel)
    return dated(fmt_day(day), "day")


def _dated_reference(ctx: Context, granularity: str) -> TimeValue:
    """ "that year", "that day": the period of the time talked about last."""
    ref = ctx.reference
    if ref is not None and ref.value:
        if ref.granularity == granularity:
            return replace(ref, begin=None, end=None, mod=None)
        start = start_of(ref.value)
        if start is not None and _RANK.get(ref.granularity or "", 99) < _RANK.get(granularity, -1):
            return dated(value_at(start, granularity), granularity)
    return TimeValue("DATE", None, granularity, anchored=ctx.anchor is not None)


def weekend_value(ctx: Context, rel: str | None) -> TimeValue:
    """The weekend ("this", "last", "next" or, by the tense, the nearest) as ``YYYY-Www-WE``."""
    a = ctx.anchor
    assert a is not None
    today = a.isoweekday()
    if rel in {"this", "this coming"}:
        saturday = a + timedelta(days=6 - today)
    elif rel in {"last", "this past", "past", "the past", "the last"}:
        # On a Sunday the weekend under way is "this" one: "last" is the one before.
        saturday = a + relativedelta(days=-1, weekday=SA(-2 if today == 7 else -1))
    elif rel in {"next", "coming", "the next", "the coming"}:
        saturday = a + relativedelta(days=+1, weekday=SA(+1))
    elif ctx.tense == FUTURE:
        saturday = a + relativedelta(weekday=SA(+1))
    else:
        saturday = a + relativedelta(weekday=SA(-1))
    return dated(f"{fmt_week(saturday)}-WE", "week")


def _weekend(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    if rel == "that":
        return _dated_reference(ctx, "week")
    if ctx.anchor is None:
        return unanchored("DATE", "week")
    return weekend_value(ctx, rel)


def _shift(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    rel = m.group("rel")
    unit = m.group("unit")
    granularity, letter, is_time = unit_info(unit, lex)
    shift = lex.relative_words[rel]
    if rel == "the" and unit in {"day", "week", "month", "year", "quarter"}:
        return _the_unit_value(unit, ctx)
    if granularity == "weekend":
        if ctx.anchor is None:
            return unanchored("DATE", "week")
        return weekend_value(ctx, rel)
    if is_time:
        if shift == 0:
            return TimeValue("DATE", "PRESENT_REF", None, anchored=ctx.anchor is not None)
        raise NotHandled(unit)
    if granularity == "fortnight":
        granularity, shift = "week", shift * 2
    base = ctx.anchor
    ref = ctx.reference
    if rel in _ANAPHORIC_RELS and ref is not None and ref.value:
        # "the following year", "the previous day": counted from the time talked about
        start = start_of(ref.value)
        if start is not None and _RANK.get(ref.granularity or "", 99) <= _RANK[granularity]:
            base = start
    if base is None:
        return unanchored("DATE", GRANULARITY[granularity])
    target = shift_date(base, granularity, shift)
    return dated(value_at(target, granularity), GRANULARITY[granularity])


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


def _the_unit_value(unit: str, ctx: Context) -> TimeValue:
    """ "the year", "the quarter": the period the story is about."""
    granularity = GRANULARITY[unit]
    ref = ctx.reference
    if ref is not None and ref.granularity == granularity and ref.value and ref.type == "DATE":
        return replace(ref, begin=None, end=None, mod=None)
    if ctx.anchor is None:
        return unanchored("DATE", granularity)
    day = ctx.anchor
    if unit == "quarter" and ctx.tense != FUTURE:
        # Quarterly results are reported after the quarter closes.
        day = add_months(day, -3)
    return dated(value_at(day, granularity), granularity)


def on_reference_day(ctx: Context, time_of_day: str) -> TimeValue:
    """A time of day ("07:00", "MO") on the day talked about last, else on the
    anchor day: "polls open at 7 a.m." after "on 5 November" is that day's 7 a.m.,
    "in the morning" after "Friday" that Friday's morning."""
    ref = ctx.reference
    if ref is not None and ref.granularity == "day" and ref.value:
        return TimeValue("TIME", f"{ref.value}T{time_of_day}", "time")
    if ctx.anchor is None:
        return unanchored("TIME", "time")
    return TimeValue("TIME", f"{fmt_day(ctx.anchor)}T{time_of_day}", "time")


def _the_unit(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    unit = m.group("unit")
    if unit in lex.parts_of_day:
        return on_reference_day(ctx, lex.parts_of_day[unit])  # "in the morning"
    if unit == "night":
        raise NotHandled(unit)
    if not m.group(0).startswith("the "):
        # A bare "year" or "week" is a one-unit duration ("a bad week for Asia").
        granularity, letter, is_time = unit_info(unit, lex)
        return TimeValue("DURATION", format_duration(1, letter, is_time), granularity)
    return _the_unit_value(unit, ctx)


def _year_ago(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("num"):
        value = format_duration(int(g["num"]), "M", False)
        return TimeValue("DURATION", value, "month")
    ref = ctx.reference
    if ref is not None and ref.value and re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12])", ref.value):
        return dated(shift_value(ref.value, -1) or ref.value, ref.granularity or "quarter")
    if ctx.anchor is None:
        return unanchored("DATE", "year")
    if m.group(0).endswith("quarter"):
        reported = add_months(ctx.anchor, -3)
        return dated(f"{reported.year - 1:04d}-Q{quarter_of(reported)}", "quarter")
    return dated(f"{ctx.anchor.year - 1:04d}", "year")


def _unit_end(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    """ "year-end", "the month end": the current period, marked as its end."""
    unit = m.group("unit")
    granularity = GRANULARITY[unit]
    if ctx.anchor is None:
        return TimeValue("DATE", None, granularity, anchored=False, mod="END")
    return TimeValue("DATE", value_at(ctx.anchor, granularity), granularity, mod="END")


def _year_period(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    """ "the 1988 quarter", "last year's quarter": that year's part the story talks about."""
    g = m.groupdict()
    if g.get("year"):
        year = parse_year(g["year"], ctx)
    elif ctx.anchor is None:
        return unanchored("DATE", "quarter")
    else:
        year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["rel2"]]
    period = g["period"]
    ref = ctx.reference
    if period != "half" and ref is not None and ref.value:
        found = re.fullmatch(r"\d{4}(-Q[1-4]|-H[12])", ref.value)
        if found:
            return dated(f"{year:04d}{found.group(1)}", "quarter")
    if period == "quarter" and ctx.anchor is not None:
        reported = quarter_of(add_months(ctx.anchor, -3))
        return dated(f"{year:04d}-Q{reported}", "quarter")
    return dated(f"{year:04d}", "year")


def _anaphor(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    """ "that year", "the same day": the period already talked about."""
    unit = m.group("unit")
    if unit in {"period", "time"}:
        ref = ctx.reference
        if ref is not None and ref.value:
            return replace(ref, begin=None, end=None, mod=None)
        return TimeValue("DATE", None, None, anchored=ctx.anchor is not None)
    return _dated_reference(ctx, GRANULARITY[unit])


def _latest_period(
    m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    """ "the latest period", "the latest quarter": the quarter being reported."""
    if ctx.anchor is None:
        return unanchored("DATE", "quarter")
    return dated(value_at(add_months(ctx.anchor, -3), "quarter"), "quarter")


def _ordinal_unit(
    m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    """ "the second day (of the offensive)": a date counted from an event, not from
    the calendar; its value is unknown."""
    if parse_ordinal(m.group("ord"), lex) < 1:
        raise NotHandled("last")  # "last year" is relative to the anchor
    granularity = GRANULARITY[m.group("unit")] if m.group("unit") in GRANULARITY else "day"
    return TimeValue("DATE", None, granularity, anchored=ctx.anchor is not None)


def _offset(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    direction = g["dir"]
    sign = -1 if direction in {"ago", "earlier", "before", "back", "prior", "previously"} else 1
    if direction == "before that":
        sign = -1
    unit = g.get("units") or g.get("unit")
    granularity, letter, is_time = unit_info(unit, lex)
    if g.get("vague") is not None:
        if g["vague"] not in lex.vague_numbers:
            raise NotHandled(g["vague"])
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return TimeValue("DATE", ref, None, anchored=ctx.anchor is not None)
    n = parse_number(g["num"], lex) if g.get("num") else params.get("num", 1)
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
        shifted = shift_value(ref.value, int(sign * n))
        if shifted is not None:
            return dated(shifted, ref.granularity)
    if is_time:
        if ctx.clock is None:
            if ctx.anchor is None:
                return unanchored("TIME", "time")
            return dated(fmt_day(ctx.anchor), "day")
        delta = {"H": timedelta(hours=n), "M": timedelta(minutes=n), "S": timedelta(seconds=n)}
        moment = ctx.clock + sign * delta[letter]
        return TimeValue("TIME", moment.strftime("%Y-%m-%dT%H:%M"), "time")
    if ctx.anchor is None:
        return unanchored("DATE", GRANULARITY[granularity])
    if granularity == "weekend":
        raise NotHandled(unit)
    target = shift_date(ctx.anchor, granularity, sign * n)
    # "a decade ago" is about the year ten years back, not the whole decade
    out_granularity = "year" if granularity in {"decade", "century", "millennium"} else granularity
    if n != int(n):
        out_granularity = {"year": "month", "month": "day", "week": "day"}.get(
            granularity, granularity
        )
    return dated(value_at(target, out_granularity), GRANULARITY[out_granularity])


# Rule name in time_words.json -> the function that applies it.
RULES = {
    "weekday": _weekday,
    "weekend": _weekend,
    "shift": _shift,
    "offset": _offset,
    "year_ago": _year_ago,
    "the_unit": _the_unit,
    "unit_end": _unit_end,
    "year_period": _year_period,
    "anaphor": _anaphor,
    "latest_period": _latest_period,
    "ordinal_unit": _ordinal_unit,
}
