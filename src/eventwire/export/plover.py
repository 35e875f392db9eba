"""PLOVER JSON records: one event in the exchange format of the PLOVER manual.

Reads an ``Extraction`` and one of its ``Event`` records; returns a dict
whose field names follow the manual's "Data Fields" chapter (``id``,
``date``, ``enddate``, ``actor``, ``recipient``, ``event``, ``mode``,
``context``, ``quad_code``, ``event_loc``, ``event_text``, ``text``,
``text_info``, ``cite_info``, ``size`` with ``dead``/``injured``/``arrested``).
eventwire's own additions keep their names: ``modality``, ``modality_cue``,
``claimed_by``, ``date_source``, ``confidence``, ``evidence``, and each
participant's ``actor_id``, its canonical id across articles (given by the
store; None for words no actor stands for, or an extraction never stored).
"""

from __future__ import annotations

import re
from typing import Any

from eventwire import __version__
from eventwire.records import Event, EventActor, Extraction
from eventwire.stages.times.instants import last_day, span_of

CODEBOOK = "plover-2021-draft-0.8"


def _entity(extraction: Extraction, part: EventActor, actor_ids: dict[str, str]) -> dict[str, Any]:
    actor = extraction.actor(part.actor) if part.actor else None
    return {
        "actor_id": actor_ids.get(part.actor) if part.actor else None,
        "code": part.country,
        "sector": part.sector,
        "entity_text": part.text,
        "identifier_text": part.name,
        "office": actor.role if actor else None,
        "start": part.start,
        "end": part.end,
        "inferred": part.inferred,
    }


def _day(value: str | None) -> str | None:
    """A YYYY-MM-DD date when the value names a day, else None."""
    if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _event_days(event: Event, published: str | None) -> tuple[str | None, str | None]:
    """PLOVER's ``date`` and ``enddate``: the first and last day the event's date covers
    (a week from its Monday to its Sunday), else the publication day and no end."""
    span = span_of(event.date, event.date_begin, event.date_end)
    if span is None:
        return _day(published), None
    begin, end = span.begin.date().isoformat(), last_day(span).isoformat()
    return begin, end if end != begin else None


def to_plover(
    extraction: Extraction, event: Event, actor_ids: dict[str, str] | None = None
) -> dict[str, Any]:
    """The PLOVER record of one event of one article.

    ``actor_ids`` maps the article's actor keys to their canonical ids
    (``Store.actor_ids_of``).
    """
    actor_ids = actor_ids or {}
    article = extraction.article
    text = article.text[event.sentence_start : event.sentence_end]
    begin, end = _event_days(event, article.published)
    record: dict[str, Any] = {
        "id": f"{article.id}-{event.key}",
        "has_event": True,
        "date": begin,
        "enddate": end,
        "date_value": event.date,
        "date_source": event.date_source,
        "actor": [_entity(extraction, a, actor_ids) for a in event.actors],
        "recipient": [_entity(extraction, r, actor_ids) for r in event.recipients],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "quad_code": event.quad_class,
        "event_text": [event.trigger],
        "modality": event.modality,
        "modality_cue": event.modality_cue,
        "claimed_by": (
            _entity(extraction, event.claimed_by, actor_ids) if event.claimed_by else None
        ),
        "event_loc": None,
        "size": _size(event.size),
        "text": text,
        "text_info": {
            "start": event.sentence_start,
            "end": event.sentence_end,
            "trigger_start": event.trigger_start,
            "trigger_end": event.trigger_end,
        },
        "evidence": [list(span) for span in event.evidence],
        "confidence": event.confidence,
        "cite_info": {
            "url": article.url,
            "title": article.title,
            "language": article.language,
            "publication": article.publisher,
            "coder": f"eventwire {__version__}",
            "codebook": CODEBOOK,
        },
        "article_id": article.id,
    }
    if event.place is not None:
        record["event_loc"] = {
            "extracted_place": article.text[event.place_start : event.place_end]
            if event.place_start is not None and event.place_end is not None
            else event.place,
            "resolved_place": event.place,
            "lat": event.lat,
            "lon": event.lon,
            "country_code": event.place_country,
        }
    return record


def _size(size: dict[str, Any] | None) -> dict[str, Any] | None:
    if not size:
        return None
    out = {k: size[k] for k in ("dead", "injured", "arrested") if k in size}
    if "value" in size:
        out[size.get("of", "people")] = size["value"]
        out["magnitude"] = size.get("magnitude")
        out["approximate"] = size.get("approximate")
        out["size_text"] = size.get("text")
    return out
