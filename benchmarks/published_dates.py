"""Publication dates: the regular expressions eventwire used, dateparser, and both.

``normalize_published`` turns a date string as inputs give it ("2025-03-14
20:30:26Z", "Fri, 14 Mar 2025 20:30:26 GMT", "29/11/2024 21h50") into
``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``, or None when the string is not a
day-precise date. The text reader also asks it of every header line ("World",
"Meridian Wire"), so saying None to a line that is no date matters as much as
reading a date. Three parsers are compared:

  regex       the code eventwire had: ISO 8601, dd/mm/yyyy, month names and
              RFC 822 by regular expressions and ``email.utils`` (kept here);
  dateparser  dateparser alone, with eventwire's input clean-up and output form;
  eventwire   ``normalize_published`` as it is: ISO 8601 by regular expression,
              every other spelling by dateparser.

Inputs:

  observed  every string the ingest path hands to ``normalize_published``
            while reading samples/, the seed, ../shared/gold/articles/texts,
            the HTML benchmark pages (../shared/gold/html/html: trafilatura's
            and htmldate's dates, meta tags) and the VOA corpus ``published``
            fields. Recorded by wrapping the function where ingest calls it.
  labelled  the spellings of tests/test_ingest_*.py and more written here
            with the answer by hand (LABELLED); the VOA corpus's headlines,
            sections, bylines and tags, which are no date; and every observed
            string whose answer follows from ISO 8601 alone.

Prints, for each parser: accuracy on the labelled strings (same day and same
time of day, or the same None; a missing seconds field counts as :00), the
labelled non-dates it read as dates, how many observed strings it reads
exactly as ``regex`` did (the exports hold those), microseconds per call (best
of --repeat rounds) over the observed calls and over all strings, and the
strings where regex and eventwire differ. Run: ``python benchmarks/published_dates.py``.
"""

from __future__ import annotations

import argparse
import calendar
import collections
import email.utils
import importlib
import json
import re
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

from eventwire.ingest import dates

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = [
    ROOT / "samples",
    SHARED / "seeds",
    SHARED / "gold" / "articles" / "texts",
    SHARED / "gold" / "html" / "html",
    SHARED / "corpus" / "voa" / "voa_stories.jsonl",
]
VOA = SOURCES[-1]
# Modules that call normalize_published on what an input gives.
CALLERS = ("common", "core", "text", "html")

# Hand-labelled strings: tests/test_ingest_formats.py, tests/test_ingest_text.py,
# the header lines of the samples, and more spellings seen in news inputs.
LABELLED: dict[str, str | None] = {
    "2025-03-14 20:30:26Z": "2025-03-14T20:30:26",
    "2025-03-14T20:30:26.120+02:00": "2025-03-14T20:30:26",
    "Fri, 14 Mar 2025 20:30:26 GMT": "2025-03-14T20:30:26",
    "March 14, 2025": "2025-03-14",
    "14 March 2025 8:30 pm": "2025-03-14T20:30",
    "14/03/2025 20h30": "2025-03-14T20:30",
    "03/14/2025": "2025-03-14",
    "2025-02-30": None,
    "yesterday": None,
    "2025": None,
    "29/11/2024 21h50": "2024-11-29T21:50",
    "29/11/2024 9:50": "2024-11-29T09:50",
    "2024-11-29 21:50": "2024-11-29T21:50",
    "November 29, 2024": "2024-11-29",
    "03/03/2025 10h00": "2025-03-03T10:00",
    "14/01/2025 7:45": "2025-01-14T07:45",
    "next week": None,
    "Tuesday, March 4, 2025": "2025-03-04",
    "4 Mar 2025": "2025-03-04",
    "Sept. 4, 2025": "2025-09-04",
    "Mar. 4, 2025 9:15 a.m.": "2025-03-04T09:15",
    "04.03.2025": "2025-03-04",
    "2025-3-4": "2025-03-04",
    "12/31/2024 11:59 PM": "2024-12-31T23:59",
    "4th March 2025": "2025-03-04",
    "March 4, 2025 at 9:15 am": "2025-03-04T09:15",
    "19 Nov 2019 07:09 GMT": "2019-11-19T07:09",
    "November 19, 2019, 07:47 PM EST": "2019-11-19T19:47",
    "November 20, 2019 12:32": "2019-11-20T12:32",
    "Sat, 22 Mar 2025 18:30:00 +0900": "2025-03-22T18:30:00",
    "Tue Nov 19 2019 03:05:46 GMT+0000": "2019-11-19T03:05:46",
    "20 minutes ago": None,
    "1741953026": None,
    "May Day protests turn violent": None,
    "March on Washington": None,
    "June": None,
    "Monday": None,
    "World": None,
    "Politics": None,
    "Americas": None,
    "Europe": None,
    "Meridian Wire": None,
    "ICARO Media Group": None,
    "By Jane Doe": None,
    # More spellings of news sites and wires, labelled by hand.
    "29.11.2024 21.50": "2024-11-29T21:50",
    "2024-11-29 at 9:50 p.m.": "2024-11-29T21:50",
    "2024-11-29 21:50 UTC": "2024-11-29T21:50",
    "November 29, 2024 9:50 PM EDT": "2024-11-29T21:50",
    "Published 29 November 2024": "2024-11-29",
    "November 29th, 2024": "2024-11-29",
    "29 November, 2024": "2024-11-29",
    "Nov 29 2024": "2024-11-29",
    "2024/11/29": "2024-11-29",
    "29-11-2024": "2024-11-29",
    "11/29/24": "2024-11-29",
    "Friday 29 November 2024 21.50 GMT": "2024-11-29T21:50",
    "29 Nov 2024 | 21:50": "2024-11-29T21:50",
    "2024-11-29T21:50:00.000000Z": "2024-11-29T21:50:00",
    "Fri Nov 29 21:50:00 UTC 2024": "2024-11-29T21:50:00",
    "29/11/2024 - 21:50": "2024-11-29T21:50",
    "Friday, November 29, 2024 - 21:50": "2024-11-29T21:50",
    "November 29, 2024 / 9:50 PM": "2024-11-29T21:50",
    "29 NOV 2024": "2024-11-29",
    "NOVEMBER 29, 2024": "2024-11-29",
    "2024-11-29 21:50:00 +0100": "2024-11-29T21:50:00",
    "Fri, 29 Nov 2024 21:50:00 -0500": "2024-11-29T21:50:00",
    "05/06/2024": "2024-06-05",
    "November 29 2024 21:50": "2024-11-29T21:50",
    "29.11.2024": "2024-11-29",
    "21:50 29/11/2024": "2024-11-29T21:50",
    "9:50 PM, Nov 29, 2024": "2024-11-29T21:50",
    "2024-11-29 9:50 AM": "2024-11-29T09:50",
    "Nov 29, 2024, 9:50 p.m. ET": "2024-11-29T21:50",
    "13/13/2024": None,
    "31/04/2024": None,
    "Nov. 29": None,
    "Monday, Nov. 25": None,
    "April 2025": None,
    "May 2024 report": None,
    "Section 5": None,
    "10:30": None,
    "Page 2 of 3": None,
    "1 of 12": None,
    "Thursday": None,
    "12 dead in Gaza strike": None,
    "3 killed, 12 wounded": None,
    "2 May protests": None,
    "Posted 3 hours ago": None,
}
_ISO = re.compile(
    r"(?P<day>\d{4}-\d\d-\d\d)(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d))?"
    r"(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?"
)
_OUTPUT = re.compile(
    r"(?P<day>\d{4}-\d\d-\d\d)(?:T(?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d))?)?"
)

# The spellings the regex parser read besides ISO 8601 (day first, as dayfirst=True).
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})" + dates._TIME, re.I)
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(list(calendar.day_name) + list(calendar.day_abbr)) + r")\.?,?\s+)?"
_MONTH_FIRST = re.compile(
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + dates._TIME,
    re.I,
)
_DAY_FIRST = re.compile(
    _WEEKDAY
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH
    + r",?\s+(?P<year>\d{4})"
    + dates._TIME,
    re.I,
)

Moment = tuple[str, tuple[int, int, int] | None] | None


def moment(iso: str | None, pattern: re.Pattern[str] = _OUTPUT) -> Moment:
    """(day, (hour, minute, second) or None) of an ISO string; None for None."""
    if iso is None:
        return None
    m = pattern.fullmatch(iso)
    if m is None:
        raise ValueError(f"not ISO: {iso!r}")
    if m["hour"] is None:
        return m["day"], None
    return m["day"], (int(m["hour"]), int(m["minute"]), int(m["second"] or 0))


def truth_of(value: str, labels: dict[str, str | None]) -> tuple[bool, Moment]:
    """(known, answer): the label, or what ISO 8601 alone says."""
    if value in labels:
        return True, moment(labels[value])
    m = _ISO.fullmatch(value)
    if m is None:
        return False, None
    try:
        date.fromisoformat(m["day"])
    except ValueError:
        return True, None
    return True, moment(value, _ISO)


def header_lines() -> set[str]:
    """Lines a text file's header holds that are no date: the VOA corpus's
    headlines, sections, bylines and topic tags."""
    if not VOA.exists():
        return set()
    lines = set()
    for line in VOA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines.update(record.get(key) or "" for key in ("title", "section", "author"))
        lines.update(tag.strip() for tag in (record.get("keywords") or "").split(","))
    return {line for line in lines if line.strip()}


def collect_observed() -> collections.Counter[str]:
    """Every string the ingest path hands to normalize_published, with counts."""
    from eventwire.ingest import read_paths
    from eventwire.ingest.dates import normalize_published
    from eventwire.settings import Settings

    seen: collections.Counter[str] = collections.Counter()

    def recording(value: object, *args: object, **kwargs: object) -> str | None:
        if isinstance(value, str):
            seen[value] += 1
        return normalize_published(value, *args, **kwargs)

    modules = [importlib.import_module(f"eventwire.ingest.{name}") for name in CALLERS]
    for module in modules:
        module.normalize_published = recording
    try:
        paths = [path for path in SOURCES if path.exists()]
        for missing in set(SOURCES) - set(paths):
            print(f"skipped (absent): {missing}")
        for _ in read_paths(paths, Settings()):
            pass
    finally:
        for module in modules:
            module.normalize_published = normalize_published
    return seen


def parse_with_regex(value: str) -> str | None:
    """The parser eventwire had before dateparser, for the comparison."""
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    for parse in (_regex_iso, _regex_numeric, _regex_month_name, _regex_rfc822):
        result = parse(text)
        if result:
            return result
    return None


def _regex_iso(text: str) -> str | None:
    match = dates._ISO.fullmatch(text)
    return (
        dates._build(match, int(match["year"]), int(match["month"]), int(match["day"]))
        if match
        else None
    )


def _regex_numeric(text: str) -> str | None:
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    day, month = (a, b) if a > 12 or b <= 12 else (b, a)
    return dates._build(match, int(match["year"]), month, day)


def _regex_month_name(text: str) -> str | None:
    match = _MONTH_FIRST.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if not match:
        return None
    month = _MONTHS[match["month_name"].lower()]
    return dates._build(match, int(match["year"]), month, int(match["day"]))


def _regex_rfc822(text: str) -> str | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return dates._format(parsed.date(), parsed.hour, parsed.minute, parsed.second or None)


def parse_with_dateparser(value: str) -> str | None:
    """dateparser alone, with normalize_published's clean-up and output form."""
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    return dates._parse_other(text, dayfirst=True)


def time_per_call(parse: Callable[[str], str | None], values: list[str], repeat: int) -> float:
    """Best-of-``repeat`` microseconds per call over ``values``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for value in values:
            parse(value)
        best = min(best, time.perf_counter() - start)
    return best / len(values) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="timing rounds (best is kept)")
    ap.add_argument("--show", type=int, default=30, help="differences to list")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")  # third-party deprecation notes would cut the table

    observed = collect_observed()
    labels = {**dict.fromkeys(header_lines()), **LABELLED}
    values = sorted(set(observed) | set(labels))
    parsers: dict[str, Callable[[str], str | None]] = {
        "regex": parse_with_regex,
        "dateparser": parse_with_dateparser,
        "eventwire": dates.normalize_published,
    }
    results = {name: {v: parse(v) for v in values} for name, parse in parsers.items()}
    labelled = {v: truth for v in values for known, truth in [truth_of(v, labels)] if known}
    print(
        f"{len(observed)} distinct observed strings ({sum(observed.values())} calls); "
        f"{len(labelled)} labelled, {sum(t is None for t in labelled.values())} of them no date"
    )
    print(f"{'':<62}{'us/call':>19}")
    print(
        f"{'parser':<11} {'accuracy':>17} {'false dates':>12} {'same as regex':>19}"
        f" {'observed':>10} {'all':>8}"
    )
    observed_calls = list(observed.elements())
    for name, parse in parsers.items():
        out = results[name]
        right = sum(moment(out[v]) == truth for v, truth in labelled.items())
        false_dates = sum(truth is None and out[v] is not None for v, truth in labelled.items())
        same = sum(out[v] == results["regex"][v] for v in observed)
        speed_observed = time_per_call(parse, observed_calls, args.repeat)
        speed = time_per_call(parse, values, args.repeat)
        print(
            f"{name:<11} {right:>4}/{len(labelled):<4} {right / len(labelled):>7.1%} "
            f"{false_dates:>12} {same:>5}/{len(observed):<4} {same / len(observed):>7.1%} "
            f"{speed_observed:>10.1f} {speed:>8.1f}"
        )
    differ = [v for v in values if results["regex"][v] != results["eventwire"][v]]
    print(f"\n{len(differ)} strings read differently by regex and eventwire [right answer]:")
    for value in differ[: args.show]:
        known, truth = truth_of(value, labels)
        right = "?" if not known else labels.get(value, "ISO 8601" if truth else None)
        print(f"  {value!r}: {results['regex'][value]} / {results['eventwire'][value]} [{right}]")


if __name__ == "__main__":
    main()
