"""Lay the evidence of an extraction over its article text, for the article view.

Reads an ``Extraction`` (article text plus records with character offsets)
and returns plain data for the templates: the text cut into ``Segment``s,
each carrying the annotations that cover it, and the side-panel items that
point at those annotations. Nothing here builds HTML: the template escapes
every segment's text (autoescape), so article text never reaches the page as
markup, whatever it contains.

An annotation has an id (``ev-E1``, ``q-3``, ``a-A2``, ``t-0``, ``p-1``,
``n-5``) and one or more ranges, each with a role. Visible roles (mention,
entity, time, place, quote, trigger) are styled all the time; the other roles
(the sentence, participants, speaker and cue of an event or quote) only light
up when the annotation is selected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventwire.records import Event, EventActor, Extraction
from eventwire.stages.times.instants import describe_event_date, describe_time

# Roles styled without a selection; the others show only while selected.
VISIBLE_ROLES = ("mention", "entity", "time", "place", "quote", "trigger")
# The layers a reader can switch on and off, with the label of each switch.
LAYERS = {
    "trigger": "Event triggers",
    "quote": "Quotes",
    "mention": "Actors",
    "time": "Times",
    "place": "Places",
    "entity": "Entities",
}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Mark:
    """One range of an annotation: ``text[start:end]`` plays ``role`` in annotation ``ann``."""

    start: int
    end: int
    ann: str
    role: str
    css: str = ""  # extra classes for a visible role (type of actor, label, quad class)


@dataclass
class Segment:
    """A run of text covered by the same set of marks (none for plain text)."""

    text: str
    classes: str = ""
    anns: str = ""  # space-separated "ann:role" tokens, read by the page's script


@dataclass
class PanelItem:
    """One line of the side panel; ``ann`` is the annotation it selects."""

    ann: str
    label: str
    detail: str = ""
    badge: str = ""
    css: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def make_ann_id(prefix: str, key: object) -> str:
    """Return an annotation id safe in an HTML attribute and a URL fragment."""
    return f"{prefix}-{_UNSAFE_ID.sub('_', str(key))}"


def _slug(value: str | None) -> str:
    return _UNSAFE_ID.sub("_", (value or "other").lower())


def _participant_marks(ann: str, role: str, people: list[EventActor]) -> list[Mark]:
    return [Mark(p.start, p.end, ann, role) for p in people]


def collect_marks(extraction: Extraction) -> list[Mark]:
    """Return every mark of an extraction: events, quotes, actors, times, places, entities."""
    marks: list[Mark] = []
    for event in extraction.events:
        ann = make_ann_id("ev", event.key)
        marks.append(
            Mark(
                event.trigger_start,
                event.trigger_end,
                ann,
                "trigger",
                f"quad{event.quad_class or 0}",
            )
        )
        for start, end in event.evidence or [[event.sentence_start, event.sentence_end]]:
            marks.append(Mark(start, end, ann, "sentence"))
        marks += _participant_marks(ann, "actor", event.actors)
        marks += _participant_marks(ann, "recipient", event.recipients)
        if event.place_start is not None and event.place_end is not None:
            marks.append(Mark(event.place_start, event.place_end, ann, "where"))
        time = _event_time(extraction, event)
        if time is not None:
            marks.append(Mark(time[0], time[1], ann, "when"))
    for seq, quote in enumerate(extraction.quotes):
        ann = make_ann_id("q", seq)
        marks.append(Mark(quote.start, quote.end, ann, "quote", "direct" if quote.direct else ""))
        if quote.speaker_start is not None and quote.speaker_end is not None:
            marks.append(Mark(quote.speaker_start, quote.speaker_end, ann, "speaker"))
        if quote.cue_start is not None and quote.cue_end is not None:
            marks.append(Mark(quote.cue_start, quote.cue_end, ann, "cue"))
    for actor in extraction.actors:
        ann = make_ann_id("a", actor.key)
        for mention in actor.mentions:
            marks.append(Mark(mention.start, mention.end, ann, "mention", f"t-{_slug(actor.type)}"))
    for seq, time in enumerate(extraction.times):
        marks.append(Mark(time.start, time.end, make_ann_id("t", seq), "time"))
    for seq, place in enumerate(extraction.places):
        marks.append(Mark(place.start, place.end, make_ann_id("p", seq), "place"))
    for seq, entity in enumerate(extraction.entities):
        marks.append(
            Mark(
                entity.start,
                entity.end,
                make_ann_id("n", seq),
                "entity",
                f"l-{_slug(entity.label)}",
            )
        )
    return marks


def _event_time(extraction: Extraction, event: Event) -> tuple[int, int] | None:
    """Return the offsets of the time expression that dates an event, if its words are known."""
    if event.date_source != "text" or not event.date_text:
        return None
    spans = event.evidence or [[event.sentence_start, event.sentence_end]]
    for time in extraction.times:
        inside = any(s <= time.start and time.end <= e for s, e in spans)
        if inside and (time.text == event.date_text or event.date_text in time.text):
            return time.start, time.end
    return None


def split_segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks that cover it.

    Marks outside the text or empty are dropped, so bad offsets never break the page.
    """
    size = len(text)
    kept = [m for m in marks if 0 <= m.start < m.end <= size]
    cuts = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for mark in kept:
        starting.setdefault(mark.start, []).append(mark)
    open_marks: list[Mark] = []
    segments: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        open_marks = [m for m in open_marks if m.end > left] + starting.get(left, [])
        piece = text[left:right]
        if not open_marks:
            segments.append(Segment(piece))
            continue
        classes = ["hl"]
        for mark in open_marks:
            if mark.role in VISIBLE_ROLES:
                classes.append(f"k-{mark.role}")
                if mark.css:
                    classes.append(mark.css)
        tokens = dict.fromkeys(f"{m.ann}:{m.role}" for m in open_marks)
        segments.append(Segment(piece, " ".join(dict.fromkeys(classes)), " ".join(tokens)))
    return segments


def _names(people: list[EventActor]) -> str:
    return ", ".join((p.name or p.text) + (" (inferred)" if p.inferred else "") for p in people)


def _snippet(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def build_panel(extraction: Extraction) -> dict[str, list[PanelItem]]:
    """Return the side-panel sections: events, quotes, actors, times, places, entities."""
    text = extraction.article.text
    events = []
    for event in extraction.events:
        who = _names(event.actors) or "?"
        whom = _names(event.recipients)
        label = f"{who} → {whom}" if whom else who
        details = [f"“{event.trigger}”", event.modality]
        if event.date:
            when = describe_event_date(vars(event))
            details.append(f"{event.date_text} ({when})" if event.date_text else when)
        if event.place:
            details.append(event.place)
        details.append(f"confidence {event.confidence:.2f}")
        events.append(
            PanelItem(
                make_ann_id("ev", event.key),
                label,
                " · ".join(d for d in details if d),
                badge=event.type,
                css=f"quad{event.quad_class or 0}",
                extra={"key": event.key, "quad": QUAD_NAMES.get(event.quad_class, "")},
            )
        )
    quotes = [
        PanelItem(
            make_ann_id("q", seq),
            quote.speaker_name or "unknown speaker",
            _snippet(quote.text),
            badge="quote" if quote.direct else "reported",
        )
        for seq, quote in enumerate(extraction.quotes)
    ]
    actors = [
        PanelItem(
            make_ann_id("a", actor.key),
            actor.name,
            " · ".join(
                x for x in (actor.role, actor.country, actor.sector, f"{len(actor.mentions)}×") if x
            ),
            badge=actor.type,
            css=f"t-{_slug(actor.type)}",
        )
        for actor in extraction.actors
        if actor.mentions
    ]
    times = [
        PanelItem(
            make_ann_id("t", seq), time.text, describe_time(time.value, time.type), badge=time.type
        )
        for seq, time in enumerate(extraction.times)
    ]
    places = [
        PanelItem(
            make_ann_id("p", seq),
            place.text,
            " · ".join(x for x in (place.name, place.country, place.feature) if x),
        )
        for seq, place in enumerate(extraction.places)
    ]
    entities = [
        PanelItem(make_ann_id("n", seq), entity.text, "", badge=entity.label)
        for seq, entity in enumerate(extraction.entities)
        if 0 <= entity.start < entity.end <= len(text)
    ]
    return {
        "events": events,
        "quotes": quotes,
        "actors": actors,
        "times": times,
        "places": places,
        "entities": entities,
    }


def split_sentence(item: dict[str, Any]) -> list[tuple[str, bool]]:
    """Cut an event's sentence into (words, is_trigger) parts for a table cell."""
    sentence = item.get("sentence") or ""
    start = (item.get("trigger_start") or 0) - (item.get("sentence_start") or 0)
    end = (item.get("trigger_end") or 0) - (item.get("sentence_start") or 0)
    if not (0 <= start < end <= len(sentence)):
        return [(sentence, False)]
    return [(sentence[:start], False), (sentence[start:end], True), (sentence[end:], False)]


def split_snippet(snippet: str, open_mark: str, close_mark: str) -> list[tuple[str, bool]]:
    """Cut a search snippet into (words, is_match) parts at its match markers."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(open_mark)):
        if i == 0:
            parts.append((chunk, False))
            continue
        match, _, rest = chunk.partition(close_mark)
        parts += [(match, True), (rest, False)]
    return [p for p in parts if p[0]]
