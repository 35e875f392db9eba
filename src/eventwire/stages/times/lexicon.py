"""The time lexicon: word lists and patterns from ``data/time_words.json``, compiled once.

Reads ``eventwire/data/time_words.json``; returns a ``Lexicon`` holding the word
tables, the compiled expression patterns and the text-cleaning helpers that put
an expression into the canonical form those patterns are written against.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

DATA_FILE = "time_words.json"

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NON_DECIMAL_POINT = re.compile(r"\.(?!(?<=\d\.)\d)")
_PUNCT = re.compile(r"[,;!?\"()\[\]{}]")
_NON_CLOCK_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")
_FINAL_POSSESSIVE = re.compile(r"(?:'s|s'|')$")
_AM_PM = re.compile(r"\b(a|p) m\b")


@dataclass(frozen=True)
class Pattern:
    """One compiled expression pattern and the rule (handler) it feeds."""

    regex: re.Pattern[str]
    rule: str
    params: dict[str, Any]


def _alternation(words: list[str] | Any) -> str:
    """Regex alternation of the words, longest first so "sept" wins over "sep"."""
    items = sorted({w for w in words if not w.startswith("_")}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in items)


class Lexicon:
    """Word tables and compiled patterns for normalizing temporal expressions."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.months: dict[str, int] = data["months"]
        self.weekdays: dict[str, int] = data["weekdays"]
        self.numbers: dict[str, int] = data["numbers"]
        self.multipliers: dict[str, int] = data["multipliers"]
        self.number_phrases: dict[str, float] = data["number_phrases"]
        self.vague_numbers: set[str] = set(data["vague_numbers"])
        self.ordinals: dict[str, int] = data["ordinals"]
        self.units: dict[str, list[Any]] = {
            k: v for k, v in data["units"].items() if not k.startswith("_")
        }
        self.plural_units: dict[str, str] = data["plural_units"]
        self.seasons: dict[str, str] = data["seasons"]
        self.season_months: dict[str, list[int]] = data["season_months"]
        self.parts_of_day: dict[str, str] = data["parts_of_day"]
        self.clock_words: dict[str, str] = data["clock_words"]
        self.set_words: dict[str, str] = data["set_words"]
        self.holidays: dict[str, dict[str, Any]] = {
            k: v for k, v in data["holidays"].items() if not k.startswith("_")
        }
        self.relative_words: dict[str, int] = {
            k: v for k, v in data["relative_words"].items() if not k.startswith("_")
        }
        self.deictic: dict[str, dict[str, Any]] = {
            k: v for k, v in data["deictic"].items() if not k.startswith("_")
        }
        mods = data["modifiers"]
        self.leading_mods: list[tuple[str, str | None]] = sorted(
            ((k, v) for k, v in mods["leading"].items()), key=lambda kv: -len(kv[0])
        )
        self.trailing_mods: list[tuple[str, str | None]] = sorted(
            ((k, v) for k, v in mods["trailing"].items()), key=lambda kv: -len(kv[0])
        )
        self.range_separators: list[str] = data["range_separators"]
        self.range_openers: list[str] = data["range_openers"]
        self.not_time_adjectives: set[str] = set(data["not_times"]["adjectives"])
        self.age_regex = re.compile(data["not_times"]["age_pattern"], re.IGNORECASE)
        cues = data["tense_cues"]
        self.prospective_verbs: set[str] = set(cues["prospective_verbs"])
        self.commitment_verbs: set[str] = set(cues.get("commitment_verbs", []))
        self.reporting_verbs: set[str] = set(cues["reporting_verbs"])
        self.tense_before: list[tuple[list[str], str]] = sorted(
            ((k.split(), v) for k, v in cues["before_expression"].items()),
            key=lambda kv: -len(kv[0]),
        )
        self.trim_leading: list[str] = sorted(data["trim"]["leading"], key=len, reverse=True)
        self.trim_trailing: set[str] = set(data["trim"]["trailing"])
        # leading phrases by first word, longest first
        self.trim_leading_words: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.trim_leading:
            words = tuple(phrase.split())
            self.trim_leading_words.setdefault(words[0], []).append(words)

        self.fragments = self._build_fragments()
        self.patterns = [self._compile(p) for p in data["patterns"]]
        self.range_patterns = [self._compile(p) for p in data["range_patterns"]]
        clock = self._expand(data["clock_pattern"])
        parts = _alternation(self.parts_of_day)
        # time of day before or after a day: "5 p.m. EST Nov. 9", "Friday at 10:30"
        self.clock_first = re.compile(rf"(?P<clock>{clock})(?:(?: on)? (?P<rest>.+))?")
        self.clock_last = re.compile(rf"(?P<rest>.+?) (?:at )?(?P<clock>{clock})")
        # part of day before or after a day: "Thursday evening", "the morning of May 2"
        self.part_last = re.compile(rf"(?P<rest>.+?) (?:in the |at )?(?P<part>{parts})")
        self.part_first = re.compile(rf"(?P<part>{parts})(?: of| on)? (?P<rest>.+)")
        self.text_regex = self._compile_text_patterns(data["extra_text_patterns"])
        self._number_word = re.compile(
            rf"\b(?:{_alternation([*self.numbers, *self.multipliers])})"
            rf"(?:(?: and | |-)(?:{_alternation([*self.numbers, *self.multipliers])}))*\b"
        )
        names = _alternation([*self.months, *self.weekdays])
        self._hyphen = re.compile(rf"(?<=\D)-|-(?=\D)(?!(?:{names})\b)")

    # -- pattern compilation -------------------------------------------------

    def _build_fragments(self) -> dict[str, str]:
        units = [u for u in self.units]
        plural = list(self.plural_units)
        day_words = [w for w, n in self.ordinals.items() if 1 <= n <= 31]
        return {
            "MONTH": rf"(?:{_alternation(self.months)})",
            "MONTH_WORDS": rf"(?:{_alternation(self.months)})",
            "WEEKDAY": rf"(?:{_alternation(self.weekdays)})",
            "DAY": rf"(?:(?:[012]?[1-9]|[123]0|31)(?:st|nd|rd|th)?|{_alternation(day_words)})",
            "YEAR": r"(?:(?:1[0-9]|20|21)\d\d|'\d\d)",
            "NUM": r"(?:\d+(?:\.\d+)?(?: 1/2| and a half| and 1/2)?|\d+ 1/2|"
            rf"{_alternation(self.number_phrases)}(?: and a half)?)",
            "UNIT": rf"(?:{_alternation(units)})",
            "UNITS": rf"(?:{_alternation(units + plural)})",
            "ORD": rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alternation(self.ordinals)})",
            "SEASON": rf"(?:{_alternation(self.seasons)})",
            "PART": rf"(?:{_alternation(self.parts_of_day)})",
            "REL": rf"(?:{_alternation(self.relative_words)})",
            "HOLIDAY": rf"(?:{_alternation(self.holidays)})",
            "DECADE": r"(?:\d{3}0s|'?\d0s|(?:twenties|thirties|forties|fifties|sixties|"
            r"seventies|eighties|nineties))",
            "CLOCKWORD": rf"(?:{_alternation(self.clock_words)})",
            "TZ": rf"(?:{_alternation(self.data['time_zones'])})",
            "SETWORD": rf"(?:{_alternation(self.set_words)})",
        }

    def _expand(self, template: str) -> str:
        """Replace {NAME} / {NAME:group} placeholders by named-group regex fragments."""

        def replace(match: re.Match[str]) -> str:
            name, _, group = match.group(1).partition(":")
            fragment = self.fragments[name]
            if name in {"MONTH_WORDS", "TZ", "CLOCKWORD"} and not group:
                return fragment
            return f"(?P<{group or name.lower()}>{fragment})"

        return re.sub(r"\{([A-Z_]+(?::\w+)?)\}", replace, template)

    def _compile(self, spec: dict[str, Any]) -> Pattern:
        params = {k: v for k, v in spec.items() if k not in {"pattern", "rule"}}
        return Pattern(re.compile(self._expand(spec["pattern"])), spec["rule"], params)

    def _compile_text_patterns(self, spec: dict[str, Any]) -> re.Pattern[str]:
        # Case-sensitive alternatives are embedded as they are; case-insensitive ones
        # get a scoped (?i:...) flag so one compiled regex scans the article once.
        parts = [f"(?:{p})" for p in spec["case_sensitive"]]
        parts += [f"(?i:{p})" for p in spec["case_insensitive"]]
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")

    # -- text cleaning ---------------------------------------------------------

    def clean(self, text: str) -> str:
        """Canonical form of an expression: lower case, no commas or periods
        (except inside numbers), hyphens between words as spaces."""
        s = text.lower().translate(_QUOTES)
        s = _DASHES.sub("-", s)
        s = _NON_DECIMAL_POINT.sub(" ", s)
        s = _PUNCT.sub(" ", s)
        s = _NON_CLOCK_COLON.sub(" ", s)
        s = _SPACED_HYPHEN.sub("-", s)
        # A hyphen stays between two numbers ("3-4", "2019-21") and before a month or
        # weekday after a number ("26-oct 20"); elsewhere it joins words ("two-year").
        s = self._hyphen.sub(" ", s)
        s = _SPACES.sub(" ", s).strip()
        s = _FINAL_POSSESSIVE.sub(lambda m: "s" if m.group(0) == "s'" else "", s).rstrip()
        return _AM_PM.sub(r"\1m", s)

    def convert_numbers(self, s: str) -> str:
        """Spell number words as digits: "twenty four" -> "24", "nineteen ninety six" ->
        "1996", "twenty first" -> "21st"; "a hundred" -> "100"."""
        s = re.sub(rf"\b(?:a|an) (?=(?:{_alternation(self.multipliers)})\b)", "one ", s)

        def replace(match: re.Match[str]) -> str:
            words = re.split(r" and | |-", match.group(0))
            value = self._number_value(words)
            if value is None:
                return match.group(0)
            return str(value)

        s = self._number_word.sub(replace, s)
        # "21 first" (from "twenty first") -> "21st"
        s = re.sub(
            r"\b(\d*0) (first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b",
            lambda m: f"{int(m.group(1)) + self.ordinals[m.group(2)]}th",
            s,
        )
        return s

    def _number_value(self, words: list[str]) -> int | None:
        total = 0
        current = 0
        high: int | None = None  # first half of a spoken year ("nineteen" ninety-six)
        for word in words:
            if word in self.numbers:
                value = self.numbers[word]
                if current >= 10 and value >= 10 and current < 100 and high is None:
                    high, current = current, value
                elif current and value >= 10 and current % 10 == 0 and current < 100:
                    return None  # "twenty thirty": not a number
                else:
                    current += value
            elif word in self.multipliers:
                mult = self.multipliers[word]
                if mult >= 1000:
                    total += max(current, 1) * mult
                    current = 0
                else:
                    current = max(current, 1) * mult
            else:
                return None
        if high is not None:
            return high * 100 + current
        return total + current


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and compile the time lexicon (once per process)."""
    raw = resources.files("eventwire.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return Lexicon(json.loads(raw))
