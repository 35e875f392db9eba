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
7. ``sense``: a learned model reads each candidate in context, decides its
   type (or that it is no event), ``roles`` chooses its source and target
   among the rules' answer and the sentence's other parties, and the two
   set ``confidence`` (a sentence-level judgement candidate,
   ``quoted.judged_sentences``, is typed ACCUSE or SUPPORT by the model
   alone, or dropped); then receiving
   verbs turn their roles round and a release takes the actor of the arrest
   before it (``rules``), an event answering an earlier one takes its actor
   as recipient (``answers``), participants that cannot be actors are
   dropped, and a place left as a participant takes its country;
8. ``merge``: mentions of the same event in one article become one event
   (same type and modality, compatible participants); an event left with no
   actor at all is dropped; last, an event with recipients and no source
   takes the source of the article's latest earlier event of its type
   (``answers.context_sources``), and an event the article leaves without a
   recipient gets its most-mentioned other actor, both marked inferred
   (``answers.context_recipients``); an event still without a source keeps
   only the chance that nobody did it as its confidence
   (``sense.doubt_sourceless``).

``lexicon`` loads the data files; ``build`` applies steps 3 to 6 to each draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

import eventwire.stages.doc  # noqa: F401  (registers the doc._ attributes read here)
from eventwire.records import Event
from eventwire.stages.events.answers import (
    answer_recipients,
    context_recipients,
    context_sources,
    shared_recipients,
)
from eventwire.stages.events.attach import Attacher
from eventwire.stages.events.build import EventBuilder
from eventwire.stages.events.frames import draft_events
from eventwire.stages.events.lexicon import EventLexicon, Trigger, load_event_lexicon
from eventwire.stages.events.merge import merge_events
from eventwire.stages.events.quoted import judged_sentences, quoted_blame, quoted_demands
from eventwire.stages.events.rules import (
    armed_attack,
    asked_of_the_doer,
    one_sided_fights,
    receiver_is_recipient,
    released_by_captor,
    the_country,
    visitor_first,
)
from eventwire.stages.events.sense import (
    apply_sense,
    doubt_sourceless,
    has_participants,
    keep_actor_participants,
    load_sense_models,
)
from eventwire.stages.events.size import parse_number

__all__ = [
    "EventLexicon",
    "Trigger",
    "find_events",
    "load_event_lexicon",
    "merge_events",
    "parse_number",
    "propose_events",
    "set_events",
]


def find_events(doc: Doc) -> list[Event]:
    """Code the events of an annotated ``doc`` (see ``eventwire.stages.doc``).

    Needs the actors stage (``doc._.actors``, ``doc.spans["mentions"]``);
    reads ``doc._.times``, ``doc._.places`` and ``doc._.published`` when set,
    and without them dates no event from its text, places none and leaves
    the publication date out.
    """
    found = propose_events(doc)
    events = found.events
    lex = load_event_lexicon()
    models = load_sense_models()
    if models is not None:
        kinds = {a.key: a.type for a in doc._.actors}
        armed = {id(e) for e in events if armed_attack(e)}
        events = apply_sense(
            doc, events, kinds, lex.quad, models, found.shifted, found.judged, armed
        )
    else:  # only the model reads a sentence-level judgement
        events = [e for e in events if id(e) not in found.judged]
    events = [receiver_is_recipient(doc, e, lex) for e in events]
    by_key = {a.key: a for a in doc._.actors}
    events = [visitor_first(doc, e, lex, by_key) for e in the_country(doc, events, by_key)]
    events = asked_of_the_doer(released_by_captor(events))
    events = answer_recipients(doc, events, lex)
    events = one_sided_fights(doc, shared_recipients(doc, events))
    events = keep_actor_participants(doc, events)
    # A mention with no actor left may still join an event named with its
    # actors ("the meeting"); alone, it is dropped.
    events = [e for e in merge_events(events, found.anaphoric) if has_participants(e)]
    events = context_recipients(doc, context_sources(events), by_key)
    if models is not None:
        events = doubt_sourceless(events, models)
    for n, event in enumerate(events, start=1):
        event.key = f"E{n}"
    return events


@dataclass
class Candidates:
    """The rules' events of one document before the sense model and merging.

    ``anaphoric``: ids of bare mentions ("the summit") that only join an
    earlier event; ``shifted``: ids of events a PLOVER type rule retyped
    (a conditional sanction is a THREATEN), whose type the model keeps.
    """

    events: list[Event]
    anaphoric: set[int]
    shifted: set[int]
    judged: set[int]


def propose_events(doc: Doc) -> Candidates:
    """The rules' candidates, one per trigger mention (``eventwire train`` labels these)."""
    actors = doc._.actors
    if actors is None:
        raise ValueError("find_events needs doc._.actors: run the actors stage on the Doc first")
    times, places, published = doc._.times or [], doc._.places or [], doc._.published
    lex = load_event_lexicon()
    drafts = draft_events(doc, actors, lex)
    said = quoted_blame(doc, drafts.by_token, drafts.resolver)
    said += quoted_demands(doc, drafts.by_token, drafts.resolver, lex)
    by_token = {**drafts.by_token, **{d.tok.i: d for d in said}}
    by_token.update((d.tok.i, d) for d in judged_sentences(doc, by_token, drafts.resolver))
    drafts = drafts._replace(by_token=dict(sorted(by_token.items())))
    attacher = Attacher(doc, times, places, published, drafts.triggers, drafts.absorbed, lex)
    builder = EventBuilder(drafts, attacher, actors, published, lex)
    events = [e for d in drafts.by_token.values() for e in builder.build(d)]
    return Candidates(events, builder.anaphoric, builder.shifted, builder.judged)


def set_events(doc: Doc) -> Doc:
    """The events stage on the Doc: code its events and write them to ``doc._.events``."""
    doc._.events = find_events(doc)
    return doc
