"""Find the temporal expressions of a parsed article and normalize them.

Reads a spaCy ``Doc`` (DATE/TIME entities from the model, tokens, tags, morphology
and the dependency parse) and the publication date string; returns
``records.TimeExpr`` records with character offsets into the article text.

Candidates are the model's DATE and TIME entities plus the lexicon's text patterns
for what the model misses ("now", "recently", weekday names, "next week"). Each
candidate is trimmed to a TimeML extent (signals such as "from" and possessive
"'s" stay out), split when it joins two expressions ("the quarter ended Sept. 30"),
and normalized with the tense of the verb that governs it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc, Span, Token

from eventwire.records import TimeExpr
from eventwire.stages.times.lexicon import Lexicon, load_lexicon
from eventwire.stages.times.normalize import normalize_time
from eventwire.stages.times.values import FUTURE, PAST, PRESENT, TimeValue

_MODEL_LABELS = {"DATE", "TIME"}
# Gaps across which two candidates form one expression: "noon Thursday",
# "5 p.m. EST, Nov. 6"; "weeks or months", "from 2015 to 2019".
_CLOSE_GAP = re.compile(r"[ ,]*(?:(?:at|on) )?")
_OR_GAP = re.compile(r" (?:or|and|to|through|until) ")
_RANGE_OPENER = re.compile(r"\b(?:[Ff]rom|[Bb]etween) $")
# Words the model leaves out before "week('s)", "year('s)" or a weekday.
_DETERMINERS = {"the", "this", "that", "last", "next", "each", "every", "past", "coming"}
_DETERMINERS |= {"previous", "following"}
# Words that join two temporal expressions inside one model entity.
_SPLITTERS = {"ended", "ending", "of", "to", "through", "and", "or", "from", "since", "until"}
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
_PERFECT_AUX = {"has", "have", "'ve", "'s", "had"}
# Granularities that set the period a story talks about ("the third quarter").
_REFERENCE_GRANULARITIES = {"quarter", "month", "year", "day", "week"}


def find_times(doc: Doc, published: str | None) -> list[TimeExpr]:
    """Return the temporal expressions of ``doc`` normalized against ``published``.

    ``published`` is an ISO 8601 date or datetime string ("2024-11-29",
    "2024-11-29T21:50") or None; without it relative expressions are returned with
    ``value`` None and ``anchored`` False.
    """
    lex = load_lexicon()
    anchor = parse_published(published)
    found: list[TimeExpr] = []
    reference: TimeValue | None = None
    text = doc.text  # Doc.text is rebuilt from the tokens on every access
    for start, end in _candidates(doc, text, lex):
        for piece_start, piece_end, value, own in _resolve(doc, start, end, anchor, reference, lex):
            # The value's type, value, granularity, begin and anchored; its ``end`` (the
            # range's last bound) is ``end_value`` here, where ``end`` is an offset.
            expr = TimeExpr.from_fields(
                value,
                start=piece_start,
                end=piece_end,
                text=text[piece_start:piece_end],
                end_value=value.end,
            )
            found.append(expr)
            if (
                value.type == "DATE"
                and value.value
                and value.granularity in _REFERENCE_GRANULARITIES
                and not value.begin
                and own
            ):
                reference = value
    return found


def parse_published(published: str | None) -> date | datetime | None:
    """The anchor of a publication date string, or None when absent or unreadable."""
    if not published:
        return None
    text = published.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if "T" not in text and " " not in text:
        return moment.date()
    return moment.replace(tzinfo=None)


_Piece = tuple[int, int, TimeValue, bool]


def _normalize(
    span: Span, anchor: date | datetime | None, reference: TimeValue | None
) -> tuple[TimeValue | None, bool]:
    """Normalize a span with the tense of its clause. The flag is False when the value
    came from the reference time, so that "a year earlier" does not become the
    reference of the next "a year earlier"."""
    tense = _tense(span)
    value = normalize_time(span.text, anchor, tense, reference=reference)
    if value is None or reference is None:
        return value, True
    return value, normalize_time(span.text, anchor, tense) == value


# -- candidates ------------------------------------------------------------------


def _candidates(doc: Doc, text: str, lex: Lexicon) -> list[tuple[int, int]]:
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _MODEL_LABELS]
    extra = []
    for m in lex.text_regex.finditer(text):
        s, e = m.span()
        words = m.group(0).split()
        if len(words) > 1 and all(w[0].isupper() for w in words):
            continue  # a title: ABC's "This Week"
        overlapping = [(a, b) for a, b in spans if a < e and s < b]
        if not overlapping:
            extra.append((s, e))
        elif all(s <= a and b <= e for a, b in overlapping) and (s, e) not in overlapping:
            # "Thursday evening" where the model found "Thursday" and "evening"
            spans = [x for x in spans if x not in overlapping]
            extra.append((s, e))
    spans = sorted(spans + extra)
    return _merge_adjacent(text, spans)


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join "noon" + "Thursday", "5 p.m. EST" + "Nov. 6" into one expression when
    the joined text normalizes to a time or a day, and "weeks" + "or" + "months"
    when it normalizes to a duration."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            gap = text[prev_end:start]
            if _CLOSE_GAP.fullmatch(gap):
                joined = normalize_time(text[prev_start:end], date(2000, 1, 1))
                if (
                    joined is not None
                    and joined.type in {"TIME", "DATE"}
                    and (joined.granularity in {"day", "time"})
                ):
                    merged[-1] = (prev_start, end)
                    continue
            elif _OR_GAP.fullmatch(gap):
                joined = normalize_time(text[prev_start:end], date(2000, 1, 1))
                if joined is not None and joined.type == "DURATION":
                    merged[-1] = (prev_start, end)
                    continue
                # "from 2015 to 2019", "between May 1 and May 3": one range
                if _RANGE_OPENER.search(text, max(0, prev_start - 9), prev_start):
                    if joined is not None and joined.begin is not None:
                        merged[-1] = (prev_start, end)
                        continue
        merged.append((start, end))
    return merged


# -- extents ------------------------------------------------------------------------


def _resolve(
    doc: Doc,
    start: int,
    end: int,
    anchor: date | datetime | None,
    reference: TimeValue | None,
    lex: Lexicon,
) -> list[_Piece]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    span = _trim(_extend(span, lex), lex)
    if span is None or _is_not_time(span, lex):
        return []
    value, own = _normalize(span, anchor, reference)
    if value is not None:
        return [(span.start_char, span.end_char, _as_frequency(span, value), own)]
    pieces = _split(span, anchor, reference, lex)
    if pieces:
        return pieces
    return _shrink(span, anchor, reference)


def _trim(span: Span, lex: Lexicon) -> Span | None:
    """Drop signals, possessors and focus words from the edges ("from", "its", "just",
    a final "'s") as TimeML extents leave them out."""
    doc = span.doc
    start, end = span.start, span.end
    words = [t.lower_ for t in span]
    lo, hi = 0, len(words)
    changed = True
    while changed and lo < hi:
        changed = False
        for phrase in lex.trim_leading_words.get(words[lo], ()):
            n = len(phrase)
            if hi - lo > n and tuple(words[lo : lo + n]) == phrase:
                lo += n
                changed = True
                break
    while lo < hi and (doc[start + hi - 1].is_punct or words[hi - 1] in lex.trim_trailing):
        hi -= 1
    while lo < hi and doc[start + lo].is_punct:
        lo += 1
    if lo >= hi:
        return None
    start, end = span.start + lo, span.start + hi
    # "a two day rally", "a 20th century democrat": TimeML leaves the article out of
    # a temporal expression that modifies a noun.
    if (
        hi - lo >= 3
        and words[lo] in {"a", "an", "the"}
        and words[hi - 1] in lex.units
        and end < len(doc)
        and doc[end].pos_ == "NOUN"
        and any(t.like_num or t.lower_ in lex.ordinals for t in doc[start + 1 : end - 1])
    ):
        start += 1
    return doc[start:end]


def _extend(span: Span, lex: Lexicon) -> Span:
    """Take in the determiner the model left out: "the week('s)", "this year('s)"."""
    doc = span.doc
    start = span.start
    first = doc[start].lower_
    if first in lex.units or first in lex.plural_units or first in lex.weekdays:
        while start > 0 and doc[start - 1].lower_ in _DETERMINERS and span.start - start < 2:
            start -= 1
    # "this year's third quarter", "last year's quarter"
    if (
        start >= 3
        and doc[start - 1].lower_ in {"'s", "\u2019s"}
        and doc[start - 2].lower_ == "year"
        and doc[start - 3].lower_ in {"this", "last", "next"}
    ):
        start -= 3
    return doc[start : span.end]


def _as_frequency(span: Span, value: TimeValue) -> TimeValue:
    """ "$33 million a year", "50,000 CDs a year": "a year" after a quantity is a rate."""
    if value.type != "DURATION" or len(span) != 2 or span[0].lower_ not in {"a", "an", "per"}:
        return value
    before = span.doc[span.start - 1] if span.start else None
    if before is None or not (before.like_num or before.pos_ in {"NOUN", "PROPN", "NUM"}):
        return value
    return normalize_time(f"every {span[1].lower_}", None) or value


def _is_not_time(span: Span, lex: Lexicon) -> bool:
    text = span.text.lower()
    if text in lex.not_time_adjectives and span.root.pos_ in {"ADJ", "NOUN"}:
        return True  # "annual meeting", "its initial quarterly": not a time
    following = span.doc[span.end : span.end + 2].text
    return bool(lex.age_regex.fullmatch(text) or lex.age_regex.match(f"{text} {following}"))


def _split(
    span: Span,
    anchor: date | datetime | None,
    reference: TimeValue | None,
    lex: Lexicon,
) -> list[_Piece]:
    """ "the quarter ended Sept. 30" -> "the quarter" and "Sept. 30"."""
    cuts = [t.i for t in span if t.lower_ in _SPLITTERS and span.start < t.i < span.end - 1]
    if not cuts:
        return []
    pieces = []
    bounds = [span.start, *cuts, span.end]
    for i in range(len(bounds) - 1):
        lo = bounds[i] + (1 if i else 0)
        part = span.doc[lo : bounds[i + 1]]
        if not len(part):
            continue
        part = _trim(part, lex)
        if part is None:
            continue
        value, own = _normalize(part, anchor, reference)
        if value is None:
            continue
        after = span.doc[part.end].lower_ if part.end < len(span.doc) else ""
        if after in {"ended", "ending"} and value.type == "DATE" and value.granularity == "year":
            # "the year ended Sept. 30" is the twelve months up to that day
            value = TimeValue("DURATION", "P1Y", "year")
        pieces.append((part.start_char, part.end_char, value, own))
    return pieces


def _shrink(
    span: Span, anchor: date | datetime | None, reference: TimeValue | None
) -> list[_Piece]:
    """Drop words from the left ("coup d'etat last year"), then from the right, until
    what is left is understood."""
    doc = span.doc
    for lo in range(span.start + 1, span.end):
        if doc[lo].is_punct:
            continue
        part = doc[lo : span.end]
        value, own = _normalize(part, anchor, reference)
        if value is not None:
            return [(part.start_char, part.end_char, value, own)]
    for hi in range(span.end - 1, span.start, -1):
        part = doc[span.start : hi]
        value, own = _normalize(part, anchor, reference)
        if value is not None:
            return [(part.start_char, part.end_char, value, own)]
    return []


# -- tense ----------------------------------------------------------------------------


def _tense(span: Span) -> str | None:
    """Tense of the clause governing the expression: "past", "present", "future", or
    None when there is none or the expression modifies a noun ("a June agreement").
    A cue right before the expression ("until Friday", "since March") wins."""
    lex = load_lexicon()
    doc = span.doc
    for words, tense in lex.tense_before:
        n = len(words)
        if span.start >= n and [t.lower_ for t in doc[span.start - n : span.start]] == words:
            return tense
    token = span.root
    if token.dep_ in {"compound", "amod", "nmod", "poss"} and token.head.pos_ in {"NOUN", "PROPN"}:
        return None
    for _ in range(8):
        if token.pos_ in {"VERB", "AUX"} and token not in span:
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    tense = _verb_tense(token, depth=0, lex=lex)
    if tense == PRESENT and token.lemma_.lower() in lex.reporting_verbs:
        return PAST  # "officials say Tuesday": the saying is reported, so it is past
    return tense


def _verb_tense(verb: Token, depth: int, lex: Lexicon) -> str | None:
    if verb.lemma_.lower() in lex.prospective_verbs:
        return FUTURE  # "has scheduled a news conference Thursday", "set for April"
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "cop"}]
    words = {c.lower_ for c in aux}
    if verb.lemma_.lower() in lex.commitment_verbs:
        # "promises talks Friday" looks ahead; "vowed on Friday" dates the vow.
        past = verb.tag_ == "VBD" or bool(words & _PERFECT_AUX)
        if not past:
            return FUTURE
    if words & _FUTURE_AUX:
        return FUTURE
    if "to" in words:
        # An infinitive ("plans to meet Friday") points ahead of the clause governing
        # it; under a past clause ("was set to resume Monday") it may lie on either
        # side of the publication date.
        head = verb.head
        if depth < 3 and head is not verb:
            return None if _verb_tense(head, depth + 1, lex) == PAST else FUTURE
        return FUTURE
    if words & _PERFECT_AUX:
        return PAST
    if any(c.tag_ == "VBD" for c in aux) or verb.tag_ == "VBD":
        return PAST
    if any(c.tag_ in {"VBZ", "VBP"} for c in aux):
        return PRESENT
    if verb.tag_ == "VBN":
        return PAST  # a reduced relative: "a letter obtained by Reuters on Friday"
    if verb.tag_ in {"VBZ", "VBP"}:
        return PRESENT
    return None
