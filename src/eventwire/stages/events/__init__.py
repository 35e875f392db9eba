"""Events: who did what to whom, when and where, in the PLOVER ontology.

Reads a parsed ``Doc`` after the actors, times and places stages (it uses
``doc.spans["mentions"]`` and the ``Actor``, ``TimeExpr`` and ``Place``
records) and the data files of ``lexicon``. Returns ``Event`` records. The
coder is a dictionary-and-rules coder over the dependency parse, one
module per step (see docs/events.md):

1. ``triggers``: verbs and nouns in the lexicon, with the words that must
   hang off them ("call on", "hold talks", "impose sanctions", "air strike");
2. ``participants``: the actor and recipient of each trigger, resolved to
   the actors stage's actors;
3. ``frames``: one draft per trigger, linked to the control, transparent
   and reporting verbs above it;
4. ``rules``: PLOVER's type-shifting rules (future, refused, official protest);
5. ``modality``: negated, hypothetical, requested, scheduled, reported,
   historical, else asserted, with its cue;
6. ``attach``: the dates and places that hang off the trigger;
7. ``size``: counts on participants and casualties;
8. ``merge``: mentions of the same event in one article become one event.

``build`` applies steps 4 to 7 to each draft.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.records import Actor, Event, Place, TimeExpr
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
]


def find_events(
    doc: Doc,
    actors: list[Actor],
    times: list[TimeExpr],
    places: list[Place],
    published: str | None,
) -> list[Event]:
    """Code the events of ``doc``. Needs ``doc.spans["mentions"]`` from actors."""
    lex = load_event_lexicon()
    drafts = draft_events(doc, actors, lex)
    attacher = Attacher(doc, times, places, published, drafts.triggers, drafts.absorbed, lex)
    builder = EventBuilder(drafts, attacher, actors, published, lex)
    events = [e for d in drafts.by_token.values() for e in builder.build(d)]
    events = merge_events(events, builder.anaphoric)
    for n, event in enumerate(events, start=1):
        event.key = f"E{n}"
    return events
