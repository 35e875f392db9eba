"""The tables the store writes and reads: their columns, and rows to records and back.

Reads nothing and writes nothing: it describes the flat tables (the columns of
every table, in SQL column order, mirroring the migrations) and builds the SQL
text and the values that the rest of ``eventwire.store`` sends, from records
(``eventwire.records``) to rows and back.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
from datetime import UTC, datetime
from typing import Any, NamedTuple

from eventwire.records import Event, EventActor
from eventwire.stages.times.instants import instant_text, last_day, span_of


def _read_version() -> str:
    try:
        return importlib.metadata.version("eventwire")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


EXTRACTOR_VERSION = _read_version()

ARTICLE_STATUSES = ("ok", "skipped")


class _Col(NamedTuple):
    """One column of a flat table: its name, its value kind, the record field it holds."""

    name: str
    kind: str  # str | int | float | bool | list (a JSON array of strings in SQL)
    field: str | None = None


def _cols(spec: str) -> tuple[_Col, ...]:
    """Parse whitespace-separated ``column[:kind][=field]`` items (kind defaults to str).

    Without ``=field`` the column is not filled from a record attribute but
    computed by the store (ids, positions, timestamps).
    """
    cols = []
    for item in spec.split():
        name, _, fld = item.partition("=")
        name, _, kind = name.partition(":")
        cols.append(_Col(name, kind or "str", fld or None))
    return tuple(cols)


# Columns of every table the store reads and exports, in SQL column order. They
# mirror the migrations; the INSERT statements and the exporters are built from them.
TABLES: dict[str, tuple[_Col, ...]] = {
    "articles": _cols(
        "id=id title=title subtitle=subtitle text=text url=url published=published "
        "published_source=published_source publisher=publisher section=section author=author "
        "image_url=image_url keywords:list=keywords language=language source=source "
        "format=format status reason schema_version extractor_version ingested_at"
    ),
    "entities": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text label=label "
        "source=source"
    ),
    "actors": _cols(
        "article_id seq:int key=key name=name type=type country=country sector=sector role=role "
        "ref=ref cameo=cameo actor_id name_key"
    ),
    "mentions": _cols(
        "article_id actor_seq:int seq:int actor_key=actor start_char:int=start end_char:int=end "
        "text=text kind=kind"
    ),
    "times": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text type=type "
        "value=value granularity=granularity begin=begin end_value=end_value "
        "anchored:bool=anchored"
    ),
    "places": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text name=name "
        "country=country lat:float=lat lon:float=lon feature=feature geonameid:int=geonameid"
    ),
    "quotes": _cols(
        "article_id seq:int start_char:int=start end_char:int=end text=text direct:bool=direct "
        "speaker_key=speaker speaker_name=speaker_name speaker_start:int=speaker_start "
        "speaker_end:int=speaker_end cue=cue cue_start:int=cue_start cue_end:int=cue_end"
    ),
    # events.raw and the JSON columns are filled by event_rows
    "events": _cols(
        "id article_id seq:int key=key type=type quad_class:int=quad_class trigger_text=trigger "
        "trigger_start:int=trigger_start trigger_end:int=trigger_end "
        "sentence_start:int=sentence_start sentence_end:int=sentence_end mode=mode "
        "context:list=context modality=modality modality_cue=modality_cue date=date "
        "date_begin=date_begin date_end=date_end date_text=date_text date_source=date_source "
        "place=place place_country=place_country lat:float=lat lon:float=lon "
        "place_start:int=place_start place_end:int=place_end size=size "
        "confidence:float=confidence evidence=evidence raw"
    ),
    "event_actors": _cols(
        "event_id role seq:int actor_key=actor text=text start_char:int=start end_char:int=end "
        "name=name country=country sector=sector actor_id"
    ),
    "failures": _cols("id:int source stage message article_id at"),
}

ORDER_BY = {
    "articles": "id",
    "mentions": "article_id, actor_seq, seq",
    "events": "article_id, seq",
    "event_actors": "event_id, role, seq",
    "failures": "id",
}
# Tables holding what was extracted from one article, deleted before it is re-saved.
CHILD_TABLES = ("mentions", "actors", "entities", "times", "places", "quotes", "events")

# Columns of events that only serve its filters and sorts (migrations 0007 and 0008),
# after those of TABLES: the days it starts and ends, its participants' search keys and
# the instants its date covers. Not exported.
_EVENT_MATCH_COLUMNS = ("day", "day_end", "actor_keys", "recipient_keys", "begins_at", "ends_at")


def insert_sql(table: str, skip: tuple[str, ...] = ()) -> str:
    names = [c.name for c in TABLES[table] if c.name not in skip]
    if table == "events":
        names += _EVENT_MATCH_COLUMNS
    marks = ", ".join("?" for _ in names)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"


def select_sql(table: str, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + c.name for c in TABLES[table])


def check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")


def check_status(status: str) -> None:
    if status not in ARTICLE_STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(ARTICLE_STATUSES)}")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_python(value: Any, kind: str) -> Any:
    """Convert a SQL value of a column kind back to the Python value records hold."""
    if value is None:
        return None
    if kind == "bool":
        return bool(value)
    if kind == "list":
        return json.loads(value)
    return value


def to_sql(value: Any, kind: str) -> Any:
    """Convert a record value to the SQL value of a column kind (lists and dicts as JSON)."""
    if value is None:
        return None
    if kind in ("str", "list") and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_record(cls: type, table: str, row: dict[str, Any]) -> Any:
    """Build a record from a row, using the field names of the table's columns."""
    return cls(**{c.field: to_python(row[c.name], c.kind) for c in TABLES[table] if c.field})


def _fields_of(record: Any) -> dict[str, Any]:
    """A dataclass record's fields as a dict, shallow: json.dumps visits the nested ones."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"{type(record).__name__} is not JSON serializable")
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _event_json(event: Event) -> str:
    """``json.dumps(event.to_dict())``, without the deep copies of ``dataclasses.asdict``.

    Saving spent half its time copying events only to serialize the copies.
    """
    return json.dumps(_fields_of(event), ensure_ascii=False, default=_fields_of)


def _participant_keys(participants: list[EventActor]) -> str | None:
    """The search key of an event's participants in one role (see migration 0007)."""
    if not participants:
        return None
    return (
        "".join(
            f"\x1e{p.country or ''}\x1f{(p.name or '').lower()}\x1f{p.text.lower()}"
            for p in participants
        )
        + "\x1e"
    )


class EventSpan(NamedTuple):
    """What the store sorts and filters an event's date by (migration 0008): the first
    and last day it reaches into (``YYYY-MM-DD``) and the instants it begins and ends
    (ISO 8601, the end excluded). All None when the event has no calendar date."""

    day: str | None
    day_end: str | None
    begins_at: str | None
    ends_at: str | None


NO_SPAN = EventSpan(None, None, None, None)


def event_span(date: str | None, date_begin: str | None, date_end: str | None) -> EventSpan:
    """The span of an event dated ``date`` (a TimeML value), from the beginning of
    ``date_begin`` (else ``date``) to the end of ``date_end`` (else ``date``)."""
    span = span_of(date, date_begin, date_end)
    if span is None:
        return NO_SPAN
    return EventSpan(
        span.begin.date().isoformat(),
        last_day(span).isoformat(),
        instant_text(span.begin),
        instant_text(span.end),
    )


def event_rows(
    article_id: str, seq: int, event: Event, actor_ids: dict[str, str] | None = None
) -> tuple[tuple, list[tuple]]:
    """Map one Event to its ``events`` row and one ``event_actors`` row per participant.

    ``actor_ids`` maps the article's actor keys to their canonical ids (migration 0009).
    """
    actor_ids = actor_ids or {}
    event_id = f"{article_id}:{seq + 1}"
    typed = [to_sql(getattr(event, c.field), c.kind) for c in TABLES["events"] if c.field]
    raw = _event_json(event)
    span = event_span(event.date, event.date_begin, event.date_end)
    keys = (_participant_keys(event.actors), _participant_keys(event.recipients))
    row = (event_id, article_id, seq, *typed, raw, span.day, span.day_end, *keys)
    row += (span.begins_at, span.ends_at)
    roles = [("actor", event.actors), ("recipient", event.recipients)]
    if event.claimed_by is not None:
        roles.append(("claimant", [event.claimed_by]))
    fields = [c for c in TABLES["event_actors"] if c.field]
    links = [
        (
            event_id,
            role,
            i,
            *(to_sql(getattr(p, c.field), c.kind) for c in fields),
            actor_ids.get(p.actor) if p.actor else None,
        )
        for role, participants in roles
        for i, p in enumerate(participants)
    ]
    return row, links
