"""Drafts to ``Event`` records: type rules, date and place, modality, size, contexts, confidence.

``EventBuilder`` applies the steps to each draft of a document in turn and
returns the events it reports: none for a draft absorbed into the event
governing it or with nobody taking part, and a REQUEST besides the event
when a speaker says someone "must" do it. A bare nominal mention ("the
summit") is kept aside as anaphoric, for ``merge_events`` to join to an
event named before. Reads the drafts; returns ``Event`` records without keys.
"""

from __future__ import annotations

from eventwire.nlp import sentence_of
from eventwire.records import Actor, Event
from eventwire.stages.events.attach import Attacher
from eventwire.stages.events.frames import JUDGEMENT, Draft, Drafts
from eventwire.stages.events.lexicon import EventLexicon
from eventwire.stages.events.modality import find_modality, temporal_modality
from eventwire.stages.events.rules import demanded_by, find_contexts, shift_type, state_actor
from eventwire.stages.events.size import find_size


class EventBuilder:
    """Builds the events of one document's drafts."""

    def __init__(
        self,
        drafts: Drafts,
        attacher: Attacher,
        actors: list[Actor],
        published: str | None,
        lex: EventLexicon,
    ) -> None:
        self.triggers = drafts.triggers
        self.absorbed = drafts.absorbed
        self.attacher = attacher
        self.actors = {a.key: a for a in actors}
        self.published = published
        self.lex = lex
        self.anaphoric: set[int] = set()  # ids of "the summit" events that need an antecedent
        self.shifted: set[int] = set()  # ids of events a PLOVER type rule retyped
        self.judged: set[int] = set()  # ids of sentence-level judgement events

    def build(self, draft: Draft) -> list[Event]:
        """The events one draft reports: itself, and a REQUEST when a speaker
        says someone "must" do it."""
        if draft.tok.i in self.absorbed:
            return []  # "agreed to meet" is one AGREE event, not also a CONSULT
        shifted = shift_type(draft, self.triggers, self.lex, self.actors)
        refused = shifted == "REJECT" and draft.type != "REJECT"
        was = draft.type
        draft.type = shifted
        event = self.build_one(draft)
        if event is None:
            return []
        if draft.trigger.frame == JUDGEMENT:
            self.judged.add(id(event))
        if shifted != was:
            self.shifted.add(id(event))
            if (was, shifted) == ("COERCE", "SANCTION"):
                event.mode = "discontinue"  # a trade ban is an embargo
            elif shifted == "ACCUSE":
                event.mode = "disapprove"  # words of blame, not a blow
        if refused:
            event.modality = "reported" if draft.claimed_by else "asserted"
            event.modality_cue = draft.claimed_by.text if draft.claimed_by else None
            event.mode = event.mode or self.lex.embedded_mode.get(f"REJECT:{draft.trigger.type}")
        events = [event]
        speaker = demanded_by(draft, self.triggers, self.lex)
        if speaker is not None:
            demand = self.build_one(
                Draft(
                    draft.tok,
                    draft.trigger,
                    "REQUEST",
                    self.lex.embedded_mode.get(f"REQUEST:{draft.type}"),
                    [speaker],
                    draft.actors,
                    stated=True,  # the saying is the request: "must"/"should" mark it, not a doubt
                )
            )
            if demand is not None:
                event.modality, event.modality_cue = "requested", speaker.text
                events.insert(0, demand)
        return events

    def build_one(self, draft: Draft) -> Event | None:
        """The event of one draft as it stands, or None when nobody takes part."""
        tok, trig = draft.tok, draft.trigger
        sent = sentence_of(tok)
        event = Event(
            key="",
            type=draft.type,
            quad_class=self.lex.quad[draft.type],
            trigger=tok.text,
            trigger_start=tok.idx,
            trigger_end=tok.idx + len(tok.text),
            trigger_lemma=tok.lemma_.lower(),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            mode=draft.mode,
            actors=draft.actors,
            # an actor does nothing to itself, nor do the same words found twice
            recipients=[
                r
                for r in draft.recipients
                if not any(
                    r.is_same_actor(a) or (r.start, r.end) == (a.start, a.end) for a in draft.actors
                )
            ],
            claimed_by=draft.claimed_by,
        )
        self.attacher.attach_date(draft, event)
        self.attacher.attach_place(draft, event)
        state = state_actor(event, self.lex, self.actors)
        if state is not None:
            event.actors = [state]
        if trig.pos != "NOUN" and not (event.actors or event.recipients):
            return None  # nobody did it to anybody: nothing to code
        if trig.pos == "NOUN" and not (event.actors or event.recipients):
            if event.date_source != "text" and event.place is None:
                # A bare noun is not an event report by itself, but "the
                # summit" may point back to a summit the article named.
                if not any(c.lower_ in ("the", "this", "that") for c in tok.lefts):
                    return None
                self.anaphoric.add(id(event))
        if draft.stated:
            event.modality, event.modality_cue = "asserted", None
        else:
            event.modality, event.modality_cue = find_modality(tok, draft, self.lex)
        if event.modality == "asserted" and event.date_source == "text" and self.published:
            event.modality = temporal_modality(event, self.published) or "asserted"
            if event.modality != "asserted":
                event.modality_cue = event.date_text
        event.size = find_size(draft, self.lex)
        event.context = find_contexts(trig, sent, self.lex)
        if event.type == "CONSULT" and event.mode is None:
            if any(a.country in ("IGO", "UNO", "EUR") for a in event.actors):
                event.mode = "multilateral"
        event.confidence = _confidence(draft, event)
        event.evidence = [[sent.start_char, sent.end_char]]
        return event


def _confidence(draft: Draft, event: Event) -> float:
    score = 0.35
    if any(a.actor for a in event.actors):
        score += 0.25
    elif event.actors:
        score += 0.1
    if any(r.actor for r in event.recipients):
        score += 0.15
    if draft.trigger.pos == "VERB":
        score += 0.1
    if len(draft.trigger.words) > 1:
        score += 0.1
    return round(min(score, 0.95), 2)
