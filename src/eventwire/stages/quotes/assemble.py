"""Assemble the quote candidates into ``Quote`` records.

Reads the direct and reported candidates (``Found``) and the actor mentions;
keeps one quote per statement (``combine``), builds each ``Quote`` with its
text, cue and speaker (``build_quote``) and drops repeats of a span
(``deduplicate``). Writes nothing to the Doc.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.nlp import text_of
from eventwire.records import Quote
from eventwire.stages.quotes.attribution import Found, is_same_cue
from eventwire.stages.quotes.speakers import set_speaker

# Slack (characters) between a reported clause and the direct quote it wraps:
# "that" plus marks and punctuation.
_WRAP_SLACK = 8


def combine(direct: list[Found], reported: list[Found]) -> list[Found]:
    """One quote per statement, in text order.

    A reported clause that only wraps a direct quote yields to it; one that runs
    into a quote attributed elsewhere is a parse error and is dropped; a direct
    quote inside a longer reported clause is part of that report; a report nested
    in another's content ("X emphasized that Ukraine acknowledges ...") is part
    of what X said.
    """
    kept_reported = []
    for r in reported:
        wrapped = [d for d in direct if r.start <= d.start and d.end <= r.end]
        if wrapped and all(_only_wraps(r, d) for d in wrapped):
            continue
        if any(not is_same_cue(d.attribution, r.attribution) for d in wrapped):
            continue
        if any(d.start < r.end and r.start < d.end and r.start > d.start for d in direct):
            continue
        kept_reported.append(r)
    kept_direct = [
        d for d in direct if not any(r.start <= d.start and d.end <= r.end for r in kept_reported)
    ]
    kept_reported = [
        r for r in kept_reported if not any(o is not r and _is_nested(r, o) for o in kept_reported)
    ]
    return sorted(kept_direct + kept_reported, key=lambda f: (f.start, f.end))


def _is_nested(r: Found, o: Found) -> bool:
    """True when report ``r`` is part of what report ``o`` says. When each holds the
    other's cue ("X said ..., according to the paper"), the verb's report wins."""
    if r.attribution is None or o.attribution is None:
        return False
    if not o.start <= r.attribution.cue_char < o.end:
        return False
    if r.start <= o.attribution.cue_char < r.end:
        return r.attribution.according and not o.attribution.according
    return True


def _only_wraps(r: Found, d: Found) -> bool:
    return (d.start - r.start) + (r.end - d.end) <= _WRAP_SLACK


def build_quote(
    doc: Doc, found: Found, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> Quote:
    """The ``Quote`` of a candidate: its text (parts joined), cue and speaker."""
    if found.direct and len(found.parts) > 1:
        text = " ".join(text_of(doc)[s:e] for s, e in found.parts)
    else:
        text = text_of(doc)[found.start : found.end]
    quote = Quote(start=found.start, end=found.end, text=text, direct=found.direct)
    attribution = found.attribution
    if attribution is None:
        return quote
    cue = doc[attribution.cue_start : attribution.cue_end]
    quote.cue, quote.cue_start, quote.cue_end = cue.text, cue.start_char, cue.end_char
    if attribution.speaker is not None:
        set_speaker(quote, attribution.speaker, mentions, direct_spans)
    return quote


def deduplicate(quotes: list[Quote]) -> list[Quote]:
    """The quotes with the first of each span only."""
    seen: set[tuple[int, int]] = set()
    out = []
    for q in quotes:
        if (q.start, q.end) not in seen:
            seen.add((q.start, q.end))
            out.append(q)
    return out
