"""Normalize one temporal expression into a TimeML (TIMEX3) value.

Reads the expression text, the anchor (publication date or datetime) and the tense
of the clause it sits in; returns a ``TimeValue`` (type, value, granularity, range
bounds, whether the anchor was needed and known) or None when the text is not a
temporal expression eventwire understands. The patterns and word lists come from
``data/time_words.json`` through ``times.lexicon``; the rules in ``absolute``,
``relative`` and ``durations`` turn a pattern match into a value; this module
peels modifiers, tries the rules in turn and composes clock times, parts of
the day and ranges from two expressions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from eventwire.stages.times.absolute import RULES as ABSOLUTE_RULES
from eventwire.stages.times.absolute import date_range
from eventwire.stages.times.durations import RULES as DURATION_RULES
from eventwire.stages.times.lexicon import Lexicon, load_lexicon
from eventwire.stages.times.relative import RULES as RELATIVE_RULES
from eventwire.stages.times.relative import deictic, on_reference_day
from eventwire.stages.times.values import (
    FUTURE,
    PAST,
    PRESENT,
    Context,
    NotHandled,
    TimeValue,
    fmt_day,
    make_range,
    unanchored,
)

_TENSE_ALIASES = {
    "past": PAST,
    "pres": PRESENT,
    "present": PRESENT,
    "fut": FUTURE,
    "future": FUTURE,
}
# Rule name in time_words.json -> the function that applies it.
_RULES: dict[str, Callable[..., TimeValue | None]] = {
    **ABSOLUTE_RULES,
    **RELATIVE_RULES,
    **DURATION_RULES,
}


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
    return _normalize_cached(cleaned, Context(day, clock, norm_tense, reference))


@functools.lru_cache(maxsize=8192)
def _normalize_cached(cleaned: str, ctx: Context) -> TimeValue | None:
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
    s: str, ctx: Context, lex: Lexicon, *, allow_range: bool = True
) -> TimeValue | None:
    n = lex.convert_numbers(s)
    entry = lex.deictic.get(s) or lex.deictic.get(n)
    if entry is not None:
        try:
            return deictic(entry, ctx)
        except (ValueError, OverflowError):
            return None
    for pattern in lex.patterns:
        m = pattern.regex.fullmatch(n)
        if m is None:
            continue
        try:
            result = _RULES[pattern.rule](m, ctx, lex, pattern.params)
        except (NotHandled, ValueError, OverflowError, KeyError):
            result = None
        if result is not None:
            return result
    try:
        result = _compose_clock(n, ctx, lex) or _compose_part_of_day(n, ctx, lex)
    except (NotHandled, ValueError, OverflowError, KeyError):
        result = None
    if result is not None or not allow_range:
        return result
    for pattern in lex.range_patterns:
        m = pattern.regex.fullmatch(n)
        if m is not None:
            try:
                result = date_range(m, ctx, lex)
            except (NotHandled, ValueError, OverflowError):
                result = None
            if result is not None:
                return result
    try:
        return _generic_range(n, ctx, lex)
    except (NotHandled, ValueError, OverflowError, KeyError):
        return None


def _generic_range(s: str, ctx: Context, lex: Lexicon) -> TimeValue | None:
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
                return make_range(first, second)
            start = body.find(sep, start + 1)
    return None


def _compose_clock(s: str, ctx: Context, lex: Lexicon) -> TimeValue | None:
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
        return _on_day_named(rest, hhmm, ctx, lex)
    return on_reference_day(ctx, hhmm)


def _compose_part_of_day(s: str, ctx: Context, lex: Lexicon) -> TimeValue | None:
    """ "Thursday evening", "yesterday afternoon", "the morning", "mid afternoon yesterday"."""
    m = lex.part_last.fullmatch(s) or lex.part_first.fullmatch(s)
    if m is None:
        return None
    code = lex.parts_of_day[m.group("part")]
    rest = m.group("rest")
    if rest in {"the", "this", "that"}:
        if ctx.anchor is None:
            return unanchored("TIME", "time")
        return TimeValue("TIME", f"{fmt_day(ctx.anchor)}T{code}", "time")
    return _on_day_named(rest, code, ctx, lex)


def _on_day_named(rest: str, time_of_day: str, ctx: Context, lex: Lexicon) -> TimeValue | None:
    """``time_of_day`` on the day ``rest`` names ("Thursday", "Nov. 9"), or None
    when ``rest`` names no day."""
    day = _match_whole(rest, ctx, lex, allow_range=False)
    if day is None or day.type != "DATE" or day.granularity != "day":
        return None
    if day.value is None:
        return unanchored("TIME", "time")
    return TimeValue("TIME", f"{day.value}T{time_of_day}", "time")
