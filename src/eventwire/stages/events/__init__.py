"""Events: who did what to whom, when and where, in the PLOVER ontology.

Reads a parsed ``Doc`` after the actors, times and places stages (their
``doc._.actors``, ``doc._.times``, ``doc._.places``, ``doc.spans["mentions"]``
and ``doc._.published``, see ``eventwire.stages.doc``) and the data files of
``lexicon``; ``set_events`` writes ``doc._.events``, a list of ``Event``. The
coder is a dictionary-and-rules coder over the dependency parse, one
module per step (see docs/events.md):

1. ``triggers``: verbs and nouns in the lexicon, with the words that must
   hang off them ("call on", "hold talks", "impose sanctions", "air strike");
2. ``participants``: the actor and recipient of each trigger, resolved to
   the actors stage's actors; ``frames``: one draft per trigger, linked to
   the control, transparent and reporting verbs above it;
3. ``rules``: PLOVER's type-shifting rules (future, refused, official protest);
4. ``modality``: negated, hypothetical, requested, scheduled, reported,
   historical, else asserted, with its cue;
5. ``attach``: the dates and places that hang off the trigger;
6. ``size``: counts on participants and casualties;
7. ``merge``: mentions of the same event in one article become one event.

``lexicon`` loads the data files; ``build`` applies steps 3 to 6 to each draft.
"""

from __future__ import annotations

from spacy.tokens import Doc

import eventwire.stages.doc  # noqa: F401  (registers the doc._ attributes read here)
from eventwire.records import Event
from eventwire.stages.events.attach import Attacher
from eventwire.stages.events.build import EventBuilder
from eventwire.stages.events.frames import draft_events
from eventwire.stages.events.lexicon import EventLexicon, Trigger, load_event_lexicon
from eventwire.stages.events.merge import merge_events
from eventwire.stages.events.size import parse_number

__all__ = [
    "EventLexicon",
    "Trigger",
    "find_events",
    "load_event_lexicon",
    "merge_events",
    "parse_number",
    "set_events",
]


def find_events(doc: Doc) -> list[Event]:
    """Code the events of an annotated ``doc`` (see ``eventwire.stages.doc``).

    Needs the actors stage (``doc._.actors``, ``doc.spans["mentions"]``);
    reads ``doc._.times``, ``doc._.places`` and ``doc._.published`` when set,
    and without them dates no event from its text, places none and leaves
    the publication date out.
    """
    actors = doc._.actors
    if actors is None:
        raise ValueError("find_events needs doc._.actors: run the actors stage on the Doc first")
    times, places, published = doc._.times or [], doc._.places or [], doc._.published
    lex = load_event_lexicon()
    drafts = draft_events(doc, actors, lex)
    attacher = Attacher(doc, times, places, published, drafts.triggers, drafts.absorbed, lex)
    builder = EventBuilder(drafts, attacher, actors, published, lex)
    events = [e for d in drafts.by_token.values() for e in builder.build(d)]
    events = merge_events(events, builder.anaphoric)
    for n, event in enumerate(events, start=1):
        event.key = f"E{n}"
    return events


def set_events(doc: Doc) -> Doc:
    """The events stage on the Doc: code its events and write them to ``doc._.events``."""
    doc._.events = find_events(doc)
    return doc
