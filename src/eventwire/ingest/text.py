"""Read plain text and scraped-text articles.

Reads: the text of one article. Two layouts are understood:

* scraped text: headline, blank line, then a header of optional image URL,
  publisher, section, a timestamp (``29/11/2024 21h50``) and an optional
  ``### subheading``, then the body;
* plain text: an optional headline line, then the body.

A first line is the headline when it is short and one sentence at most
(``is_headline``). In plain text, a first line that ends like a sentence (a
full stop, or "!" or "?" inside closing quotes) must also stand as a
paragraph of its own and show a headline sign (``reads_as_title``): title
case (``data/headline_words.tsv``), a dateline opening the next paragraph
("NEW YORK (AFP) -"), a "Speaker: ..." opening, a phrase in single quotes, or
the headline future ("Minister to visit ..."). docs/ingest.md gives the
rule's hits and misses on real articles.

Returns one ``Article`` (format ``text``). Lines that sites append after the
story (disclaimers, "Related", sharing prompts; ``data/boilerplate.tsv``) are
removed from the end of the body.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from eventwire.datafiles import read_tsv
from eventwire.errors import EmptyInputError
from eventwire.ingest.common import build_article, normalize_body
from eventwire.ingest.dates import normalize_published
from eventwire.records import Article

# A header field (publisher, section) is a short label, not a sentence.
MAX_FIELD_CHARS = 60
MAX_FIELD_WORDS = 8
# Header lines looked at before the body must have started.
MAX_HEADER_LINES = 8
MAX_HEADLINE_CHARS = 200
MAX_HEADLINE_WORDS = 30
MIN_HEADLINE_WORDS = 2
# Trailing boilerplate lines are short; a long last line is story text.
MAX_BOILERPLATE_CHARS = 300

_URL = re.compile(r"https?://\S+")
_IMAGE_URL = re.compile(
    r"\.(jpe?g|png|gif|webp|avif)\b|/(images?|photos?|media|uploads?|img)/", re.I
)
_PAGE_URL = re.compile(r"\.(s?html?|php|aspx?)(\?|#|$)|/(article|news|story)s?/", re.I)
_BYLINE = re.compile(r"(?:by|written by)\s+(?P<name>[A-Z][^\n]{1,60})")
_SUBHEADING = re.compile(r"#{1,6}\s+(?P<text>.+)")
_SENTENCE_END = re.compile(r"[.,;:]$|[.!?][\"'”’)]$")
# A line that goes on (a clause ends with a comma, semicolon or colon) is no headline.
_CLAUSE_END = re.compile(r"[,;:]$")
# A line that ends as a sentence does: a full stop, or "!" / "?" inside closing quotes.
_CLOSED_SENTENCE = re.compile(r"\.[\"'”’)\]]*$|[!?][\"'”’)\]]+$")
# Two sentences: a word of three lower-case letters or more, a full stop and a capital
# ("Gov. Noem" and "U.S. Army" are not breaks).
_SENTENCE_BREAK = re.compile(r"[a-z]{3,}[.!?][\"'”’)]?\s+[\"“‘(]?[A-Z]")
# Quoted words, left out when looking for a break: "'Meth. We're On It': ..." is one sentence.
_QUOTED = re.compile(r"‘[^’]*’|“[^”]*”|\"[^\"]*\"|(?:^|(?<=\s))'[^']*'(?=[\s.,:;!?]|$)")
# Headline signs for a first line that ends as a sentence does.
_AGENCY_DATELINE = re.compile(r"(?:[A-Z][\w.,'’ /-]{0,50}?\s*)?\([A-Z][\w .&-]{0,30}\)\s*[—–-]")
_DASH_DATELINE = re.compile(r"(?P<place>[^\W\d_][\w.,'’ /-]{1,50}?)\s*[—–-]{1,2}\s")
_NAME = r"[A-Z][\w'’.-]*"
_SPEAKER_COLON = re.compile(rf"(?:{_NAME}\s+){{0,3}}{_NAME}:\s")  # "Sanders: Brexit's message"
# "Clinton to call for ...", not "Residents to the north of ...": a verb follows "to".
_HEADLINE_FUTURE = re.compile(
    rf"(?:{_NAME}\s+){{0,3}}{_NAME}\s+to\s+(?!(?:the|a|an|his|her|its|their|this|that|these|those|"
    r"our|my|your)\b)[a-z]+\b"
)
_SINGLE_QUOTED = re.compile(r"‘[^’]*\s[^’]*’|(?:^|\s)'[^']*\s[^']*'(?=[\s.,:;!?]|$)")
_WORD_START = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=1)
def load_boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Trailing boilerplate line patterns from ``data/boilerplate*.tsv``."""
    patterns: list[re.Pattern[str]] = []
    folder = resources.files("eventwire") / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("boilerplate") and entry.name.endswith(".tsv")):
            continue
        lines = entry.read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines if line.strip() and not line.startswith("#")]
        for row in rows[1:]:  # rows[0] is the column header
            pattern = row.split("\t", 1)[0].strip()
            patterns.append(re.compile(pattern, re.IGNORECASE))
    return tuple(patterns)


def parse_text(
    text: str,
    source: str = "<string>",
    published: str | None = None,
    url: str | None = None,
    min_language_chars: int = 40,
) -> Article:
    """Return the ``Article`` in ``text`` (scraped-text layout or plain text).

    ``published`` is used only when the text has no timestamp header.
    Raises ``EmptyInputError`` when there is no body.
    """
    lines = normalize_body(text).split("\n")
    if not lines or not lines[0].strip():
        raise EmptyInputError(source, "empty input, no text to read; give an article's text")
    header = _read_header(lines)
    if header is None:
        header = _read_plain_start(lines)
    body_lines = strip_trailing_boilerplate(lines[header.pop("body_start") :])
    body = "\n".join(body_lines)
    if not body.strip():
        raise EmptyInputError(
            source, "only a headline or header, no article body; check that the file holds a story"
        )
    header_url = header.pop("url", None)
    return build_article(
        text=body,
        source=source,
        fmt="text",
        published=header.pop("published", None),
        published_source="header",
        fallback_published=published,
        min_language_chars=min_language_chars,
        url=url or header_url,
        **header,
    )


def strip_trailing_boilerplate(lines: list[str]) -> list[str]:
    """Drop blank and boilerplate lines from the end of ``lines``."""
    patterns = load_boilerplate_patterns()
    end = len(lines)
    while end > 0:
        line = lines[end - 1].strip()
        if not line or (
            len(line) <= MAX_BOILERPLATE_CHARS and any(p.fullmatch(line) for p in patterns)
        ):
            end -= 1
            continue
        break
    return lines[:end]


def _read_header(lines: list[str]) -> dict[str, object] | None:
    """Fields of a scraped-text header after the headline, or None if there is none.

    A header needs a timestamp, an image URL or a ``###`` subheading; short
    label lines before the timestamp are publisher, then section.
    """
    if not is_headline(lines[0].strip()):
        return None
    fields: dict[str, object] = {"title": lines[0].strip()}
    labels: list[str] = []
    seen = 0
    strong = False
    after_timestamp = False
    index = 1
    while index < len(lines) and seen < MAX_HEADER_LINES:
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        seen += 1
        subheading = _SUBHEADING.fullmatch(line)
        if subheading:
            fields["subtitle"] = subheading["text"].strip()
            strong = True
            break
        if _URL.fullmatch(line):
            # The layout's URL line is the lead image; a link to a page is the story's URL.
            key = "url" if _PAGE_URL.search(line) and not _IMAGE_URL.search(line) else "image_url"
            fields.setdefault(key, line)
            strong = True
            continue
        stamp = normalize_published(line) if len(line) <= MAX_FIELD_CHARS else None
        if stamp and "published" not in fields:
            fields["published"] = line
            strong = after_timestamp = True
            continue
        byline = _BYLINE.fullmatch(line)
        if byline and not after_timestamp and "author" not in fields:
            fields["author"] = byline["name"].strip()
            continue
        if not after_timestamp and _is_label(line):
            labels.append(line)
            continue
        index -= 1  # this line is the first line of the body
        break
    if not strong:
        return None
    if labels:
        fields["publisher"] = labels[0]
    if len(labels) > 1:
        fields["section"] = labels[1]
    fields["body_start"] = index
    return fields


def _read_plain_start(lines: list[str]) -> dict[str, object]:
    """Headline and byline of plain text: the first line if it reads as a headline."""
    first = lines[0].strip()
    rest_has_text = any(line.strip() for line in lines[1:])
    if not (rest_has_text and reads_as_title(first, _next_paragraph(lines))):
        return {"body_start": 0}
    fields: dict[str, object] = {"title": first}
    index = 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    byline = _BYLINE.fullmatch(lines[index].strip()) if index < len(lines) else None
    if byline:
        fields["author"] = byline["name"].strip()
        index += 1
    fields["body_start"] = index
    return fields


def _next_paragraph(lines: list[str]) -> str | None:
    """The paragraph after the first line, if a blank line separates them (else None)."""
    if len(lines) < 3 or lines[1].strip():
        return None
    paragraph = []
    for line in lines[2:]:
        if not line.strip():
            break
        paragraph.append(line.strip())
    return " ".join(paragraph) or None


def is_headline(line: str) -> bool:
    """True for a short line of two words or more, not ending as a clause goes on, and of
    one sentence unless it is in title case ("Stock Falls. Why You Should Not Worry").

    Enough for the first line of the scraped-text layout, whose header (a
    timestamp, image URL or subheading) confirms it; plain text asks
    ``reads_as_title``.
    """
    words = [w for w in line.split() if _WORD_START.search(w)]
    return (
        len(line) <= MAX_HEADLINE_CHARS
        and MIN_HEADLINE_WORDS <= len(words)
        and len(line.split()) <= MAX_HEADLINE_WORDS
        and not _CLAUSE_END.search(line)
        and (not _SENTENCE_BREAK.search(_QUOTED.sub("", line)) or is_title_case(line))
    )


def reads_as_title(line: str, next_paragraph: str | None) -> bool:
    """True when the first line of plain text is its headline.

    A headline-shaped line (``is_headline``) that does not end as a sentence
    does is one. One that ends with a full stop is the first sentence of the
    story unless it stands alone (``next_paragraph`` follows a blank line) and
    shows a headline sign: title case, a dateline opening the next paragraph,
    a "Speaker:" opening, a phrase in single quotes, or the headline future.
    """
    if not is_headline(line):
        return False
    if not _CLOSED_SENTENCE.search(line):
        return True
    if not next_paragraph:
        return False
    return (
        is_title_case(line)
        or opens_with_dateline(next_paragraph)
        or _SPEAKER_COLON.match(line) is not None
        or _HEADLINE_FUTURE.match(line) is not None
        or _SINGLE_QUOTED.search(line) is not None
    )


def opens_with_dateline(paragraph: str) -> bool:
    """True for "New York (AFP) – ...", "(Reuters) — ..." or "VALPARAÍSO — ...": a story starts."""
    if _AGENCY_DATELINE.match(paragraph):
        return True
    dash = _DASH_DATELINE.match(paragraph)
    return dash is not None and dash["place"].isupper()


def is_title_case(line: str) -> bool:
    """True when every word after the first starts with a capital, but for headline small words.

    "Talks Resume in Vienna After Ceasefire." is title case; "Talks resumed in
    Vienna." is not. Needs three words with letters.
    """
    small = headline_small_words()
    words = [w.lstrip("\"'“‘(#[") for w in line.split()]
    words = [w for w in words if w and _WORD_START.match(w)]
    if len(words) < 3:
        return False
    return all(w[0].isupper() or w.lower().rstrip(".,:;!?'’\"”)") in small for w in words[1:])


@functools.lru_cache(maxsize=1)
def headline_small_words() -> frozenset[str]:
    """Words title case leaves in lower case, from ``data/headline_words.tsv``."""
    return frozenset(row["word"].lower() for row in read_tsv("headline_words.tsv"))


def _is_label(line: str) -> bool:
    return (
        len(line) <= MAX_FIELD_CHARS
        and len(line.split()) <= MAX_FIELD_WORDS
        and not _SENTENCE_END.search(line)
        and not line.endswith("?")
    )
