"""When and where: the date and place of an event.

A time expression (``TimeExpr`` from the times stage) or a place phrase
(``Place`` from the places stage) is attached when it hangs off the
trigger in the parse ("meeting *in Brussels* *next week*"), or off a nominal
event folded into it; a clause boundary stops the search. Otherwise the
publication date stands in (``date_source: article``) and the place stays
empty. Places attach only through the locative prepositions of
``event_rules.tsv``, so "war *with Russia*" has no place. Writes the date
and place fields of ``Event`` records.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.records import Event, Place, TimeExpr
from eventwire.stages.events.frames import Draft
from eventwire.stages.events.lexicon import PLACE_NOUNS, EventLexicon, Trigger


class Attacher:
    """Attaches to each event the time and place phrases that hang off its trigger."""

    def __init__(
        self,
        doc: Doc,
        times: list[TimeExpr],
        places: list[Place],
        published: str | None,
        triggers: dict[int, Trigger],
        absorbed: dict[int, Draft],
        lex: EventLexicon,
    ) -> None:
        self.times = [(t, doc.char_span(t.start, t.end, alignment_mode="expand")) for t in times]
        self.published = published
        self.triggers = triggers
        self.absorbed = absorbed
        self.lex = lex
        spans = [(p, doc.char_span(p.start, p.end, alignment_mode="expand")) for p in places]
        # only a place phrase that says where can place an event; judged once per phrase
        self.places = [
            (p, span) for p, span in spans if span is not None and self.is_locative(span)
        ]
        self.governors: dict[tuple[int, int], Token | None] = {}  # phrase -> its trigger

    def attach_date(self, draft: Draft, event: Event) -> None:
        """Date the event from a time phrase it governs, else from publication."""
        for t, span in self.times:
            # Only calendar values date an event; "now" (PRESENT_REF) does not.
            if t.type not in ("DATE", "TIME") or not t.value or not t.value[:1].isdigit():
                continue
            if self.is_governed_by(span, draft):
                event.date = t.value
                event.date_begin = t.begin or t.value
                event.date_end = t.end_value or t.value
                event.date_text = t.text
                event.date_source = "text"
                return
        if self.published:
            event.date = self.published[:10]
            event.date_begin = event.date_end = event.date
            event.date_source = "article"

    def attach_place(self, draft: Draft, event: Event) -> None:
        """Place the event at the first locative place phrase it governs."""
        for p, span in self.places:
            if self.is_governed_by(span, draft):
                event.place = p.name
                event.place_country = p.country
                event.lat, event.lon = p.lat, p.lon
                event.place_start, event.place_end = p.start, p.end
                return

    def is_locative(self, span: Span) -> bool:
        """A place phrase that says where: "in Brussels", "near the border",
        "in the port city of Jeddah", "in the capital, Kabul"."""
        root = span.root
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.lower_ in PLACE_NOUNS
        ):
            root = root.head.head  # "the port city of Jeddah": where the city is
        elif root.dep_ == "appos" and root.head.lower_ in PLACE_NOUNS:
            root = root.head  # "the capital, Kabul"
        if root.dep_ == "pobj":
            return root.head.lower_ in self.lex.place_preps
        return root.dep_ in ("npadvmod",)

    def is_governed_by(self, span: Span | None, draft: Draft) -> bool:
        """Does a phrase hang off this event's trigger (or off a nominal
        event folded into it, "host talks ... next month")?"""
        if span is None:
            return False
        key = (span.start, span.end)
        if key not in self.governors:
            self.governors[key] = self.governing_trigger(span)
        gov = self.governors[key]
        if gov is None:
            return False
        if gov.i == draft.tok.i:
            return True
        absorbed = self.absorbed.get(gov.i)
        return absorbed is not None and absorbed.tok.i == draft.tok.i

    def governing_trigger(self, span: Span | None) -> Token | None:
        """The event trigger a time or place phrase hangs off, if any."""
        if span is None:
            return None
        t = span.root
        steps = 0
        while t.head.i != t.i and steps < 8:
            t = t.head
            steps += 1
            trig = self.triggers.get(t.i)
            if trig is not None and trig.frame in ("event", "control"):
                return t
            if trig is not None and trig.frame == "light":
                # "held talks in Geneva on Monday": the talks are the event
                for c in t.children:
                    if c.dep_ in ("dobj", "nsubjpass") and c.i in self.triggers:
                        return c
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "xcomp", "relcl"):
                return None  # a clause boundary: "said that elections could be held next year"
        return None


def as_date(value: str | None) -> date | None:
    """First day of a TimeML value: 2024-12-03, 2024-12, 2024, 2024-W49."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if m:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    m = re.match(r"^(\d{4})-W(\d{2})$", value)
    if m:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return None
