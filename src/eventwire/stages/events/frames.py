"""Frames: one draft event per trigger, linked to the verbs that govern it.

Each trigger with a type becomes a ``Draft`` holding its participants. Then
every draft is linked to the trigger above it in the parse: a reporting verb
("said that ...") lends its speaker as ``claimed_by``, a transparent verb
("plans to ...") its subject and any future or negating sense, a control
verb ("urged NATO to ...") takes the draft as its complement and its mode
from it. A draft folded into the event that governs it ("agreed to meet" is
one AGREE) is marked absorbed. Reads the ``Doc``, the actors and the
lexicon; returns ``Drafts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token

from eventwire.records import Actor, EventActor
from eventwire.stages.events.lexicon import EventLexicon, Trigger
from eventwire.stages.events.mentions import MentionResolver
from eventwire.stages.events.participants import SUBJECT_DEPS, Participants
from eventwire.stages.events.triggers import find_triggers, has_event_object

# The frame of a sentence-level judgement draft (``quoted.judged_sentences``):
# no lexicon entry, only the sense model reads it.
JUDGEMENT = "judgement"
# What a judgement may be: blame or praise; any other reading drops it.
JUDGED_TYPES = ("ACCUSE", "SUPPORT")


@dataclass
class Draft:
    """An event being coded: its trigger, type, participants and what governs it."""

    tok: Token
    trigger: Trigger
    type: str
    mode: str | None
    actors: list[EventActor]
    recipients: list[EventActor]
    modality: str = "asserted"
    modality_cue: str | None = None
    claimed_by: EventActor | None = None
    embedded_under: Draft | None = None
    future_cue: str | None = None  # a governing "plans to", "prepared to"
    negated_by: str | None = None  # a governing "failed to"
    under_report: bool = False  # inside what someone "said"
    stated: bool = False  # the words themselves are the act (quoted blame): asserted


class Drafts(NamedTuple):
    """The drafts of one document with the triggers they came from."""

    triggers: dict[int, Trigger]  # token index -> lexicon entry
    by_token: dict[int, Draft]  # token index -> draft, in document order
    absorbed: dict[int, Draft]  # nominal trigger -> event it is part of
    resolver: MentionResolver  # the document's mentions, for steps that add drafts


def draft_events(doc: Doc, actors: list[Actor], lex: EventLexicon) -> Drafts:
    """Every trigger in the document as a draft event, frames linked."""
    triggers = find_triggers(doc, lex)
    participants = Participants(doc, actors, triggers, lex)
    drafts: dict[int, Draft] = {}
    for i in sorted(triggers):
        tok, trig = doc[i], triggers[i]
        if trig.frame in ("report", "transparent", "none"):
            continue
        if trig.frame == "light" and (not trig.type or has_event_object(tok, triggers, lex)):
            continue
        if trig.pos in ("VERB", "ADJ"):
            found_actors, recipients = participants.verb_participants(tok)
        else:
            found_actors, recipients = participants.noun_participants(tok, trig)
        drafts[i] = Draft(tok, trig, trig.type, trig.mode, found_actors, recipients)
    # Control verbs take their mode from what they govern; reporting
    # verbs lend their speaker as the source of claim.
    for draft in drafts.values():
        link_frames(draft, drafts, triggers, participants, lex)
        governor = draft.embedded_under
        if governor is not None and _said_before(draft, governor) and not draft.recipients:
            # "de Blasio rejected criticism from Trump": the criticism was of him
            draft.recipients = list(governor.actors)
    return Drafts(triggers, drafts, _absorbed(drafts), participants.resolver)


def _absorbed(drafts: dict[int, Draft]) -> dict[int, Draft]:
    """Drafts that are part of the event governing them, keyed by token index."""
    absorbed: dict[int, Draft] = {}
    for draft in drafts.values():
        governor = draft.embedded_under
        if governor is not None and (
            governor.type in ("AGREE", "THREATEN", "REJECT")
            or (governor.type == draft.type and draft.trigger.pos == "NOUN")
        ):
            if _said_before(draft, governor):
                continue
            absorbed[draft.tok.i] = governor
        elif draft.trigger.pos == "NOUN" and draft.tok.dep_ in SUBJECT_DEPS:
            head = drafts.get(draft.tok.head.i)
            if head is not None and head.type == draft.type:
                absorbed[draft.tok.i] = head
    return absorbed


# Speech acts a rejection can answer: "rejected criticism from Trump" is
# Trump's criticism, coded on its own, and the rejection of it.
ANSWERABLE = frozenset({"ACCUSE", "REQUEST", "THREATEN"})


def _said_before(draft: Draft, governor: Draft) -> bool:
    """A named speech act that a rejection answers ("denied the allegations by
    the army"): an event of its own, not the content of the rejection."""
    return (
        governor.type == "REJECT"
        and draft.trigger.pos == "NOUN"
        and draft.type in ANSWERABLE
        and any(a.actor for a in draft.actors)
    )


def link_frames(
    draft: Draft,
    drafts: dict[int, Draft],
    triggers: dict[int, Trigger],
    participants: Participants,
    lex: EventLexicon,
) -> None:
    """Link an event to the verbs above it in its sentence.

    Walks up the dependency tree through verbs that are not events
    (and light verbs) to the first trigger: a reporting verb lends its
    speaker as source of claim, a transparent verb its subject and any
    future sense, a control verb makes this event its complement. A
    nominal event that is the object of a verb event hangs under it.
    """
    tok = draft.tok
    if draft.trigger.pos == "NOUN" and tok.dep_ in ("dobj", "nsubjpass"):
        governor = drafts.get(tok.head.i)
        if governor is not None and governor.trigger.pos != "NOUN":
            draft.embedded_under = governor
            return
    t = tok
    steps = 0
    while t.head.i != t.i and steps < 6:
        child, t = t, t.head
        steps += 1
        trig = triggers.get(t.i)
        if trig is None or trig.frame == "light":
            if t.pos_ in ("VERB", "AUX") and child.dep_ not in ("xcomp", "conj", "dobj"):
                return
            continue
        if trig.frame == "report" and child.dep_ in (
            "ccomp",
            "xcomp",
            "advcl",
            "parataxis",
            "dobj",
        ):
            draft.under_report = True
            speakers = participants.verb_participants(t)[0]
            if speakers and not (
                draft.actors and speakers[0].actor and speakers[0].actor == draft.actors[0].actor
            ):
                draft.claimed_by = speakers[0]
            if not draft.actors and child.dep_ == "dobj":
                draft.actors = speakers
            return
        if trig.frame == "transparent":
            # "wants to meet": the wanting subject does it; "wants Kyiv to
            # withdraw": the clause has its own
            controlled = not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children
            ) and not any(c.dep_ == "dobj" for c in t.children)
            if not draft.actors:
                draft.actors = [
                    a
                    for a in participants.verb_participants(t)[0]
                    if not (a.start <= tok.idx < a.end)
                ]
            shifted = lex.governor_type.get(f"{t.lemma_.lower()}:{draft.type}")
            if shifted:
                draft.type = shifted
            elif t.lemma_.lower() in lex.future_governors and controlled:
                # "plans to visit", "would like to meet": an intent, AGREE
                # for a cooperative act (rules.shift_type)
                draft.future_cue = draft.future_cue or t.text
            if t.lemma_.lower() in lex.negating_governors:
                draft.negated_by = draft.negated_by or t.text
            continue
        nominal_control = (
            trig.pos == "NOUN"
            and trig.type in ("REQUEST", "THREATEN", "AGREE", "REJECT")
            and child.dep_ in ("acl", "ccomp")
        )  # "its demand that Israel ease restrictions"
        if nominal_control or (
            trig.frame == "control" and child.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep")
        ):
            governor = drafts.get(t.i)
            if governor is None:
                return
            draft.embedded_under = governor
            if not governor.recipients and governor.type != "REQUEST":
                # "refused to remove sanctions on Iran": Iran is the recipient
                governor.recipients = list(draft.recipients)
            key = f"{governor.type}:{draft.type}"
            governor.type = lex.embedded_type.get(key, governor.type)
            if governor.type == "THREATEN":
                governor.mode = governor.mode or lex.threat_mode.get(draft.type)
            else:
                governor.mode = governor.mode or lex.embedded_mode.get(key)
            return
        return
