"""Answers: an event that answers what someone said before is addressed to them.

"Clinton and the DNC rejected the allegation", "Trump denied the request",
"Greece also supported the call": the object is a speech-act noun that points
back to an earlier event of the article (an accusation, a request), and the
one who made it is the recipient. ``answered_noun`` in ``event_rules.tsv``
lists those nouns with the event types they point back to. Runs after the
sense model has settled the types; changes recipients only where the event
has no actor among them. Last, an event that still has none is given the
article's most prominent other actor, marked inferred (``context_recipients``);
an event with recipients and no source takes the source of the latest
earlier event of its type, marked inferred too (``context_sources``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from eventwire.records import Actor, Event, EventActor
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


def shared_recipients(doc: Doc, events: list[Event]) -> list[Event]:
    """ "Trump denied the request and asked instead for full denuclearization":
    a verb coordinated with an earlier one, with no actor among its own
    recipients, is addressed to the earlier verb's recipients (the ones
    its subject was dealing with), never to its own actors."""
    by_trigger = {e.trigger_start: e for e in events}
    for event in events:
        if any(r.actor for r in event.recipients):
            continue
        span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        if span is None or span.root.dep_ != "conj" or span.root.pos_ != "VERB":
            continue
        first = by_trigger.get(span.root.head.idx)
        if first is None:
            continue
        given = [
            r
            for r in first.recipients
            if r.actor and not any(r.is_same_actor(a) for a in event.actors)
        ]
        if given:
            event.recipients = given + event.recipients
    return events


# Types whose mentions nearly always have a recipient in the article, named in
# the sentence or not (in the tuning part of the article gold 3-14 % of the
# mentions of each has none); a mobilisation or a protest often has none.
CONTEXT_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN SANCTION COERCE ASSAULT".split()
)


def context_sources(events: list[Event]) -> list[Event]:
    """ "Gunmen stormed a hotel in the capital ... Three guards were killed":
    the second sentence leaves the attacker to the first, and a reader (and
    the annotators of the article gold) names them. An event with recipients
    and no source takes the sources the sentence names of the latest earlier
    event of its type (one named in its own sentence, not inferred), marked
    ``inferred``, unless one of them is among its recipients; their words
    are the earlier event's. Runs after merging and before
    ``context_recipients``."""
    latest: dict[str, list[EventActor]] = {}
    for event in sorted(events, key=lambda e: e.trigger_start):
        if not event.actors and event.recipients:
            given = latest.get(event.type, [])
            if given and not any(g.is_same_actor(r) for g in given for r in event.recipients):
                event.actors = [replace(g, inferred=True) for g in given]
            continue
        named = [a for a in event.actors if a.actor and not a.inferred]
        if named:
            latest[event.type] = named
    return events


def context_recipients(doc: Doc, events: list[Event], actors: dict[str, Actor]) -> list[Event]:
    """ "Opposition parties rejected the budget", "Turkey condemned the raid":
    the sentence leaves the recipient to the article, and a reader (and the
    annotators of the article gold) takes it from there. An event of
    ``CONTEXT_TYPES`` with an actor and no recipient left gets
    the article's most-mentioned actor (``doc.spans["mentions"]``; ties: the
    first named) that is not one of its actors, nor the state or body they
    belong to, and not a news medium, those
    named in the event's own sentence first, marked ``inferred``; its words
    are that actor's first mention in the sentence, else its latest before
    the trigger (else its first). Runs last, after merging and every rule that
    finds a recipient in the text."""
    counts: dict[str, int] = {}
    for span in doc.spans.get("mentions", []):
        counts[span.kb_id_] = counts.get(span.kb_id_, 0) + 1
    ranked = [
        actors[key]
        for key in sorted(counts, key=lambda k: -counts[k])
        if key in actors and actors[key].type != "MEDIA" and actors[key].mentions
    ]
    for event in events:
        if event.type not in CONTEXT_TYPES or event.recipients or not event.actors:
            continue
        own = event.actors
        start, end = event.sentence_start, event.sentence_end
        inside = {a.key: [m for m in a.mentions if start <= m.start < end] for a in ranked}
        # a stable sort: the sentence's actors first, each group in rank order
        for actor in sorted(ranked, key=lambda a: not inside[a.key]):
            before = [m for m in actor.mentions if m.start < event.trigger_start]
            named = inside[actor.key]
            words = named[0] if named else before[-1] if before else actor.mentions[0]
            guess = EventActor(
                words.text,
                words.start,
                words.end,
                actor=actor.key,
                name=actor.name,
                country=actor.country,
                sector=actor.sector,
                inferred=True,
            )
            if not any(guess.is_same_actor(a) for a in own) and not _party_of(actor, own, actors):
                event.recipients = [guess, *event.recipients]
                break
    return events


# Sectors that act for a state ("Ukrainian officials", "Pakistani troops"):
# such a source and its state are one party (PLOVER sector codes).
STATE_ARMS = frozenset({"GOV", "MIL", "COP", "SPY"})


def _party_of(actor: Actor, own: list[EventActor], actors: dict[str, Actor]) -> bool:
    """Is ``actor`` one party with one of ``own``: the state its government
    or forces act for ("Ukrainian officials" and Ukraine; not a rebel group
    or a candidate and their country), the international body of its
    officers or organs ("European Union ministers" and the European Union,
    "the UN Security Council" and the UN), or a
    state's own officials ("Ukraine" and "Ukrainian officials")? Then it is
    no recipient of theirs."""
    if actor.type == "COUNTRY":  # its government and forces, not its rebels or candidates
        return any(a.country == actor.country and a.sector in STATE_ARMS for a in own)
    if actor.type == "IGO":  # by its own code ("UNO"); by its name where it is shared ("IGO")
        if actor.country and actor.country != "IGO":
            return any(a.country == actor.country for a in own)
        return any((a.name or "").startswith(f"{actor.name} ") for a in own)
    if actor.type == "GROUP" and actor.country and actor.sector in STATE_ARMS:
        return any(
            a.actor in actors and actors[a.actor].type == "COUNTRY" and a.country == actor.country
            for a in own
        )
    return False
