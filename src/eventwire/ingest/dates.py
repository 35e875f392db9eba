"""Normalize publication dates found in inputs to ISO 8601.

Reads: one date string as a header, metadata field or feed gives it
("29/11/2024 21h50", "2025-03-14 20:30:26Z", "Tue, 04 Mar 2025 09:15:00 GMT",
"March 4, 2025"). Returns ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``, or None
when the string is not a day-precise date.

Time zone suffixes are dropped, not converted: the wall-clock time where the
story was filed is what "today" and "tomorrow" in the story refer to.
"""

from __future__ import annotations

import calendar
import email.utils
import re
from datetime import date, datetime

_TZ = r"(?:\s*(?:Z|UTC|GMT|[A-Z]{2,4}T|[+-]\d{2}:?\d{2}))?"
_TIME = (
    r"(?:[T\s,]+(?:at\s+)?(?P<hour>\d{1,2})(?:[h:.](?P<minute>\d{2})?)"
    r"(?::(?P<second>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?" + _TZ + r")?"
)

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME, re.I)
# 29/11/2024, 29.11.2024, 29-11-2024: day first unless that is impossible.
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})" + _TIME, re.I)

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(list(calendar.day_name) + list(calendar.day_abbr)) + r")\.?,?\s+)?"
_MONTH_FIRST = re.compile(
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I
)
_DAY_FIRST = re.compile(
    _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME,
    re.I,
)


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
    for parse in (_parse_iso, _parse_numeric, _parse_month_name, _parse_rfc822):
        result = parse(text, dayfirst)
        if result:
            return result
    return None


def _parse_iso(text: str, dayfirst: bool) -> str | None:
    match = _ISO.fullmatch(text)
    if not match:
        return None
    return _build(match, int(match["year"]), int(match["month"]), int(match["day"]))


def _parse_numeric(text: str, dayfirst: bool) -> str | None:
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    if a > 12 or (dayfirst and b <= 12):
        day, month = a, b
    else:
        month, day = a, b
    return _build(match, int(match["year"]), month, day)


def _parse_month_name(text: str, dayfirst: bool) -> str | None:
    match = _MONTH_FIRST.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if not match:
        return None
    month = _MONTHS[match["month_name"].lower()]
    return _build(match, int(match["year"]), month, int(match["day"]))


def _parse_rfc822(text: str, dayfirst: bool) -> str | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return _format(parsed.date(), parsed.hour, parsed.minute, parsed.second or None)


def _build(match: re.Match[str], year: int, month: int, day: int) -> str | None:
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


def _format(day: date, hour: int, minute: int, second: int | None) -> str:
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return stamp if second is None else f"{stamp}:{second:02d}"
