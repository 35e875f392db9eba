"""Normalize publication dates found in inputs to ISO 8601.

Reads: one date string as a header, metadata field or feed gives it
("29/11/2024 21h50", "2025-03-14 20:30:26Z", "Tue, 04 Mar 2025 09:15:00 GMT",
"March 4, 2025"). Returns ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``, or None
when the string is not a day-precise date.

ISO 8601 stamps, what metadata and JSON feeds mostly carry, are read here; every
other spelling by dateparser (English, absolute dates only: "yesterday" is no
publication date), which is as accurate on the inputs eventwire has seen and
reads more layouts ("21:50 29/11/2024", "2024/11/29"); see
``benchmarks/published_dates.py`` for the comparison with the regular
expressions it replaced.

Time zone suffixes are dropped, not converted: the wall-clock time where the
story was filed is what "today" and "tomorrow" in the story refer to.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

_TZ = r"(?:\s*(?:Z|UTC|GMT|[A-Z]{2,4}T|[+-]\d{2}:?\d{2}))?"
_TIME = (
    r"(?:[T\s,]+(?:at\s+)?(?P<hour>\d{1,2})(?:[h:.](?P<minute>\d{2})?)"
    r"(?::(?P<second>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?" + _TZ + r")?"
)
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME, re.IGNORECASE)
# "21:50", "21h50", "21.50" (not the "29.11" of "29.11.2024"), "9 pm": the
# string gives a time of day, which dateparser's midnight cannot tell.
_TIME_GIVEN = re.compile(r"(?<![\d.])\d{1,2}[:h.]\d\d(?![\d.])|\d\s*[ap]\.?m\b", re.IGNORECASE)
_SECONDS_GIVEN = re.compile(r"\d:\d\d:\d\d")


def normalize_published(value: object, dayfirst: bool = True) -> str | None:
    """Return ``value`` as an ISO date or date-time string, or None if it is no date.

    ``dayfirst`` settles ``03/04/2025`` (3 April when True); a number above 12
    settles it either way.
    """
    if isinstance(value, datetime):
        return _format(value.date(), value.hour, value.minute, value.second or None)
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    match = _ISO.fullmatch(text)
    if match:
        return _build(match, int(match["year"]), int(match["month"]), int(match["day"]))
    return _parse_other(text, dayfirst)


def _build(match: re.Match[str], year: int, month: int, day: int) -> str | None:
    """The ISO string of a regular-expression match with a ``_TIME`` part."""
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    if match["hour"] is None:
        return day_value.isoformat()
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    second = int(match["second"]) if match["second"] else None
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        return None
    return _format(day_value, hour, minute, second)


def _parse_other(text: str, dayfirst: bool) -> str | None:
    """Any other spelling, read by dateparser."""
    parsed = _date_parser(dayfirst).get_date_data(text).date_obj
    if parsed is None:
        return None
    if not _TIME_GIVEN.search(text):
        return parsed.date().isoformat()
    second = parsed.second if _SECONDS_GIVEN.search(text) else None
    return _format(parsed.date(), parsed.hour, parsed.minute, second)


@functools.lru_cache(maxsize=2)
def _date_parser(dayfirst: bool) -> Any:
    # Imported here: reading the language data costs a fifth of a second, paid
    # only by inputs with a date that is not ISO 8601.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY" if dayfirst else "MDY",
            "RETURN_AS_TIMEZONE_AWARE": False,  # keep the wall-clock time
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )


def _format(day: date, hour: int, minute: int, second: int | None) -> str:
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return stamp if second is None else f"{stamp}:{second:02d}"
