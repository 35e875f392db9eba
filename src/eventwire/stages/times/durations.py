"""Rules for durations and sets: "three years", "several weeks", "every Monday", "weekly".

Each rule reads a pattern match of ``time_words.json`` and the lexicon and
returns a DURATION or SET ``TimeValue`` (``P3Y``, ``PXW``, ``XXXX-WXX-1``,
``P1W``); ``RULES`` maps rule names to them. None needs the anchor.
``format_duration`` writes a number of units as an ISO 8601 duration.
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.stages.times.lexicon import Lexicon
from eventwire.stages.times.values import GRANULARITY, Context, NotHandled, TimeValue
from eventwire.stages.times.words import parse_month, parse_number, unit_info


def format_duration(n: float, letter: str, is_time: bool) -> str:
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


def duration_granularity(value: str) -> str | None:
    letter = value[-1]
    if value.startswith("PT"):
        return "time"
    return {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(letter)


def _set(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if g.get("setword"):
        value = lex.set_words[g["setword"]]
        return TimeValue("SET", value, duration_granularity(value))
    if g.get("weekday"):
        return TimeValue("SET", f"XXXX-WXX-{lex.weekdays[g['weekday']]}", "day")
    if g.get("month"):
        return TimeValue("SET", f"XXXX-{parse_month(g['month'], lex):02d}", "month")
    if g.get("season"):
        return TimeValue("SET", f"XXXX-{lex.seasons[g['season']]}", "quarter")
    if g.get("part"):
        return TimeValue("SET", f"XXXX-XX-XXT{lex.parts_of_day[g['part']]}", "time")
    unit = g.get("unit") or g.get("units")
    granularity, letter, is_time = unit_info(unit, lex)
    n = parse_number(g["num"], lex) if g.get("num") else 1
    if letter == "WE":
        return TimeValue("SET", "XXXX-WXX-WE", "week")
    if "every other" in m.group(0):
        n *= 2
    return TimeValue("SET", format_duration(n, letter, is_time), GRANULARITY[granularity])


def _duration(m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]) -> TimeValue:
    g = m.groupdict()
    if params.get("needs_the") and not m.group(0).startswith("the "):
        raise NotHandled("no article")  # "last year" is a date, "the last year" a span
    unit = g.get("units") or g.get("unit")
    granularity, letter, is_time = unit_info(unit, lex)
    if letter == "WE":
        raise NotHandled(unit)
    n = parse_number(g["num"], lex) if g.get("num") else params.get("num", 1)
    if g.get("half"):
        n += 0.5
    if n <= 0 or (n >= 1000 and letter != "Y"):
        raise NotHandled(str(n))  # "the 1988 quarter" is not 1988 quarters
    return TimeValue("DURATION", format_duration(n, letter, is_time), GRANULARITY[granularity])


def _vague_duration(
    m: re.Match[str], ctx: Context, lex: Lexicon, params: dict[str, Any]
) -> TimeValue:
    g = m.groupdict()
    vague = g.get("vague")
    if vague is not None and vague not in lex.vague_numbers:
        raise NotHandled(vague)
    unit = g["units"]
    granularity, letter, is_time = unit_info(unit, lex)
    if letter == "WE":
        raise NotHandled(unit)
    if unit in lex.units and vague != "the":
        raise NotHandled(unit)  # "several year" is not English; a bare "year" is P1Y
    if vague == "the" and unit in lex.units:
        raise NotHandled(unit)  # "the year" is a date, handled by the_unit
    value = f"PTX{letter}" if is_time else f"PX{letter}"
    return TimeValue("DURATION", value, GRANULARITY[granularity])


# Rule name in time_words.json -> the function that applies it.
RULES = {
    "set": _set,
    "duration": _duration,
    "vague_duration": _vague_duration,
}
