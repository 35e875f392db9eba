"""Answers: an event that answers what someone said before is addressed to them.

"Clinton and the DNC rejected the allegation", "Trump denied the request",
"Greece also supported the call": the object is a speech-act noun that points
back to an earlier event of the article (an accusation, a request), and the
one who made it is the recipient. ``answered_noun`` in ``event_rules.tsv``
lists those nouns with the event types they point back to. Runs after the
sense model has settled the types; changes recipients only where the event
has no actor among them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.records import Event
from eventwire.stages.events.lexicon import EventLexicon

# How many sentences back an answered event may be.
MAX_SENTENCES_BACK = 4
DETERMINERS = {"the", "this", "that", "these", "those", "such"}


def answer_recipients(doc: Doc, events: list[Event], lex: EventLexicon) -> list[Event]:
    """Give each answering event the actors of the event it answers."""
    ordered = sorted(events, key=lambda e: e.trigger_start)
    sentence_of = {s.start_char: n for n, s in enumerate(doc.sents)}
    for event in ordered:
        if any(r.actor for r in event.recipients):
            continue
        kinds = _answered_types(doc, event, lex)
        if not kinds:
            continue
        here = sentence_of.get(event.sentence_start, 0)
        for earlier in reversed(ordered):
            if earlier.trigger_start >= event.trigger_start:
                continue
            if here - sentence_of.get(earlier.sentence_start, 0) > MAX_SENTENCES_BACK:
                break
            if earlier.type in kinds and any(a.actor for a in earlier.actors):
                doers = [a for a in earlier.actors if a.actor]
                own = {a.actor for a in event.actors}
                if not any(d.actor in own for d in doers):
                    event.recipients = doers + event.recipients
                break
    return events


def _answered_types(doc: Doc, event: Event, lex: EventLexicon) -> set[str]:
    """The event types the trigger's object points back to ("the allegation": ACCUSE)."""
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None:
        return set()
    for obj in span.root.children:
        if obj.dep_ not in ("dobj", "nsubjpass"):
            continue
        kinds = lex.answered_noun.get(obj.lemma_.lower())
        if kinds and any(d.lower_ in DETERMINERS for d in obj.lefts):
            return set(kinds.split(","))
    return set()
