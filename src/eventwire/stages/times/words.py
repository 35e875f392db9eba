"""Read numbers, months, days, years and units from the words of an expression.

Reads one matched word ("sept", "twenty first", "'98", "two and a half",
"fortnights") and the lexicon's word lists; returns the number, or raises
``NotHandled`` when the word is out of range. Writes nothing.
"""

from __future__ import annotations

import re

from eventwire.stages.times.lexicon import Lexicon
from eventwire.stages.times.values import Context, NotHandled


def parse_month(word: str, lex: Lexicon) -> int:
    if word.isdigit():
        month = int(word)
    else:
        month = lex.months[word]
    if not 1 <= month <= 12:
        raise NotHandled(word)
    return month


def parse_day(word: str, lex: Lexicon) -> int:
    digits = re.match(r"\d+", word)
    day = int(digits.group(0)) if digits else lex.ordinals[word]
    if not 1 <= day <= 31:
        raise NotHandled(word)
    return day


def parse_year(word: str, ctx: Context) -> int:
    if word.startswith("'") or len(word) == 2:
        yy = int(word.lstrip("'"))
        if ctx.anchor is not None:
            century = ctx.anchor.year // 100 * 100
            year = century + yy
            return year - 100 if year > ctx.anchor.year + 10 else year
        return 1900 + yy if yy >= 30 else 2000 + yy
    return int(word)


def parse_ordinal(word: str, lex: Lexicon) -> int:
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else lex.ordinals[word]


def parse_number(word: str, lex: Lexicon) -> float:
    word = word.strip()
    half = 0.0
    for tail in (" and a half", " 1/2", " and 1/2"):
        if word.endswith(tail):
            word, half = word[: -len(tail)], 0.5
    if word in lex.number_phrases:
        return lex.number_phrases[word] + half
    return float(word) + half


def unit_info(word: str, lex: Lexicon) -> tuple[str, str, bool]:
    singular = lex.plural_units.get(word, word)
    granularity, letter, is_time = lex.units[singular]
    if singular == "fortnight":
        return "week", "W", False
    return granularity, letter, is_time
