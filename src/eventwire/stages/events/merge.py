"""Merging: mentions of the same event in one article become one event.

Two events merge when they have the same type and negation, compatible
actors, recipients, dates and places, and the same trigger word (or, for
nominal mentions, shared actors; or, in one sentence, participants one
within the other's); the merged event keeps as ``evidence`` the
sentence of every mention that names an actor, a date or a place of its own.
"The summit" with nothing else said joins the summit named before. A mention
the sense model doubts lends an event nothing. Reads and
updates ``Event`` records.
"""

from __future__ import annotations

import re
from datetime import date

from eventwire.records import Event
from eventwire.stages.events.attach import as_date

# A mention the sense model gives less than this (its confidence) lends
# nothing to an event it is compatible with: no evidence, participant,
# place, date or confidence; it is folded in unseen. Cross-validated on the
# tuning articles (fourteenth session), against 0 (every mention lends):
# best full F1 0.3277 -> 0.3321 at 0.05, 0.3333 at 0.1, 0.3263 at 0.2.
# 0.05, not 0.1: the two are within the noise, and at 0.1 a re-mention with
# no participants of its own but the event's exact dates (the seed
# article's "Foreign Ministerial Meeting ... on December 3-4", 0.098) was
# lost.
MERGE_MIN_CONFIDENCE = 0.05


def merge_events(events: list[Event], anaphoric: set[int] | frozenset = frozenset()) -> list[Event]:
    """Fold mentions of the same event in one article into one event.

    Events whose ids are in ``anaphoric`` ("the summit" with nothing else
    said about it) only join an earlier event with the same trigger word,
    whatever its type became ("will hold a summit" is an AGREE); alone they
    are dropped. The mentions the model doubts (``MERGE_MIN_CONFIDENCE``)
    are merged after the others: one compatible with an event of those is
    folded in without a trace (a sentence the model barely believes is no
    words behind a sure event, and lends it no participant); the others
    merge among themselves and stay, with their own low confidence.
    """
    sure: list[Event] = []
    doubted: list[Event] = []
    for ev in sorted(events, key=lambda e: e.trigger_start):
        is_sure = ev.confidence >= MERGE_MIN_CONFIDENCE or id(ev) in anaphoric
        (sure if is_sure else doubted).append(ev)
    merged = _fold(sure, anaphoric)
    doubted = [e for e in doubted if not any(_compatible(m, e) for m in merged)]
    return sorted(merged + _fold(doubted, anaphoric), key=lambda e: e.trigger_start)


def _fold(events: list[Event], anaphoric: set[int] | frozenset) -> list[Event]:
    """Merge ``events`` (in text order) among themselves."""
    merged: list[Event] = []
    for ev in events:
        if id(ev) in anaphoric:
            target = next(
                (m for m in reversed(merged) if m.trigger_lemma == ev.trigger_lemma), None
            )
            if target is not None:
                _add_evidence(target, ev)
            continue
        target = next((m for m in merged if _compatible(m, ev)), None)
        if target is None:
            merged.append(ev)
            continue
        filled = False
        for field_name, other_role in (("actors", "recipients"), ("recipients", "actors")):
            have, other = getattr(target, field_name), getattr(target, other_role)
            empty = not have
            for x in getattr(ev, field_name):
                # never an actor in both roles: an actor does nothing to itself;
                # a role the event lacked takes the mention's words too
                if (x.actor or empty) and not any(x.is_same_actor(h) for h in [*have, *other]):
                    have.append(x)
                    filled = filled or empty
        if filled or _says_something(ev):
            _add_evidence(target, ev)
        if target.place is None and ev.place is not None:
            target.place, target.place_country = ev.place, ev.place_country
            target.lat, target.lon = ev.lat, ev.lon
            target.place_start, target.place_end = ev.place_start, ev.place_end
        if ev.date_source == "text" and (target.date_source != "text" or _narrower(ev, target)):
            for f in ("date", "date_begin", "date_end", "date_text", "date_source"):
                setattr(target, f, getattr(ev, f))
        target.confidence = max(target.confidence, ev.confidence)
        for ctx in ev.context:
            if ctx not in target.context:
                target.context.append(ctx)
        target.mode = target.mode or ev.mode
        target.size = target.size or ev.size
    return merged


def _add_evidence(target: Event, mention: Event) -> None:
    """The mention's sentence as evidence of ``target``, once."""
    span = [mention.sentence_start, mention.sentence_end]
    if span not in target.evidence:
        target.evidence.append(span)


def _says_something(event: Event) -> bool:
    """Is a mention evidence of the event it joins? Only when it names an actor,
    a date or a place of its own: "revoking a green card is a legal process" is
    folded in without being shown as the words behind the event."""
    return (
        any(x.actor for x in [*event.actors, *event.recipients])
        or event.date_source == "text"
        or event.place is not None
    )


def _same_country(a: list, b: list) -> bool:
    """Parties of one country on both sides: "U.S. troops" and "the United
    States", "Russian forces" and "Russia" (the state and its arms)."""
    countries_a = {x.country for x in a if x.actor and x.country}
    return bool(countries_a & {x.country for x in b if x.actor and x.country})


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or a.modality != b.modality:
        return False
    keys_a = {x.actor for x in a.actors if x.actor}
    keys_b = {x.actor for x in b.actors if x.actor}
    if keys_a and keys_b and not (keys_a & keys_b or _same_country(a.actors, b.actors)):
        return False
    rec_a = {x.actor for x in a.recipients if x.actor}
    rec_b = {x.actor for x in b.recipients if x.actor}
    if rec_a and rec_b and not (rec_a & rec_b or _same_country(a.recipients, b.recipients)):
        return False
    if not (rec_a or rec_b) and a.recipients and b.recipients:
        # unresolved recipients ("a passenger train", "security forces"): the
        # same head word, or two events
        heads_a = {x.text.split()[-1].lower() for x in a.recipients if x.text.split()}
        heads_b = {x.text.split()[-1].lower() for x in b.recipients if x.text.split()}
        if not heads_a & heads_b:
            return False
    same_words = (a.trigger_lemma or a.trigger.lower()) == (b.trigger_lemma or b.trigger.lower())
    verbal = a.trigger_lemma != a.trigger.lower() or b.trigger_lemma != b.trigger.lower()
    # Two verbs are the same event only when they are the same verb; nominal
    # mentions ("the invitation") may also join an event with the same actors,
    # and so may two words of one sentence ("fired back, attacking X",
    # "killed and injured 50"): one event per type, source and target there.
    same_sentence = (
        a.sentence_start == b.sentence_start
        and _one_within(a.actors, b.actors)
        and _one_within(a.recipients, b.recipients)
        and bool(_names(a.actors) & _names(b.actors) or _names(a.recipients) & _names(b.recipients))
    )
    if not same_words and not same_sentence and (verbal or not keys_a & keys_b):
        return False
    if a.date_source == "text" and b.date_source == "text":
        ia, ib = _interval(a), _interval(b)
        if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
            return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return True


def _names(parts: list) -> set[str]:
    return {x.actor or x.text.lower() for x in parts}


def _one_within(a: list, b: list) -> bool:
    """One side's participants are among the other's, and what the other adds
    is resolved actors (which merging adds; unresolved words it would lose)."""
    names_a, names_b = _names(a), _names(b)
    if names_a <= names_b:
        return all(x.actor for x in b if (x.actor or x.text.lower()) not in names_a)
    if names_b <= names_a:
        return all(x.actor for x in a if (x.actor or x.text.lower()) not in names_b)
    return False


def _interval(event: Event) -> tuple[date, date] | None:
    begin, end = as_date(event.date_begin), as_date(event.date_end)
    if begin is None or end is None:
        return None
    if re.match(r"^\d{4}-W\d{2}$", event.date_end or ""):
        end = date.fromordinal(end.toordinal() + 6)
    elif re.match(r"^\d{4}$", event.date_end or ""):
        end = date(end.year, 12, 31)
    elif re.match(r"^\d{4}-\d{2}$", event.date_end or ""):
        end = date(end.year, end.month, 28)
    return begin, end


def _narrower(a: Event, b: Event) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return False
    return (ia[1] - ia[0]) < (ib[1] - ib[0])
