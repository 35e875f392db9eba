"""Plain records that flow between pipeline stages and into the store.

Every stage reads an ``Article`` (ingest) or a parsed spaCy ``Doc`` and returns
these records. They are plain dataclasses so they pickle across worker
processes, serialize to JSON with ``to_dict`` and round-trip with ``from_dict``.

Offsets (``start``/``end``) are always character offsets into ``Article.text``
(the article body), end-exclusive, so ``article.text[start:end]`` is the
evidence for the item.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Self

SCHEMA_VERSION = "1.0"
# The closed sets of values some fields take (the command line offers them as choices).
ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY", "IGO", "MEDIA", "GROUP")
MODALITIES = (
    "asserted", "negated", "hypothetical", "scheduled", "requested", "reported", "historical"
)  # fmt: skip


class _Record:
    """What the records share: ``to_dict``, their fields as plain dicts and lists (for JSON),
    and ``from_fields``, a record built from a stage's working dataclass."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_fields(cls, source: Any, **overrides: Any) -> Self:
        """A record of this class taking the fields it shares by name with dataclass ``source``.

        ``overrides`` give the fields ``source`` lacks and win over the ones it has: a
        field of ``source`` that means something else here (``TimeValue.end``, a bound,
        against ``TimeExpr.end``, an offset) must be given. Values are not copied, only
        passed on.
        """
        shared = _init_fields(cls) & _init_fields(type(source))
        values = {name: getattr(source, name) for name in shared if name not in overrides}
        return cls(**values, **overrides)


@functools.cache
def _init_fields(cls: type) -> frozenset[str]:
    """The names of the fields dataclass ``cls`` is built from."""
    return frozenset(f.name for f in dataclasses.fields(cls) if f.init)


def compute_article_id(text: str, url: str | None = None) -> str:
    """Return a stable id: hash of whitespace/case-normalized text and the url.

    The same story re-ingested (even re-wrapped or with different whitespace)
    gets the same id, so ingest is idempotent.
    """
    norm = unicodedata.normalize("NFKC", text or "")
    norm = re.sub(r"\s+", " ", norm).strip().lower()
    digest = hashlib.sha256()
    digest.update(norm.encode("utf-8"))
    digest.update(b"\x00")
    digest.update((url or "").strip().encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass
class Article(_Record):
    """One news article as read by an ingest reader.

    ``published`` is an ISO 8601 string (``YYYY-MM-DD`` or
    ``YYYY-MM-DDTHH:MM[:SS]``) or None when unknown; ``published_source`` says
    where it came from (``header``, ``metadata``, ``htmldate``, ``option``,
    ``unknown``).
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str = "unknown"
    publisher: str | None = None
    section: str | None = None
    author: str | None = None
    image_url: str | None = None
    subtitle: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    source: str = "<string>"  # path, path:line, or feed path#entry
    format: str = "text"  # text | html | jsonl | feed
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = compute_article_id(self.text, self.url)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(**{k: v for k, v in data.items() if k in _FIELDS[cls]})


@dataclass
class Failure(_Record):
    """An input that could not be read or extracted, with a one-line reason."""

    source: str
    stage: str  # read | language | extract | store
    message: str
    article_id: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class Mention:
    """A span of text that refers to an actor (name, surname, pronoun-free)."""

    start: int
    end: int
    text: str
    actor: str  # key of the Actor in Extraction.actors
    kind: str = "name"  # name | surname | nominal | demonym | acronym


@dataclass
class Actor(_Record):
    """One canonical actor per document: person, organisation or country.

    ``type`` is one of ``ACTOR_TYPES``: PERSON, ORG, COUNTRY, IGO, MEDIA or GROUP
    (people of a country and sector: "Russian troops"). ``country`` is ISO 3166
    alpha-3 or a PLOVER non-state code (IGO, UNO, EUR, NGO, IMG), ``sector``
    a PLOVER sector code (GOV, MIL, JUD, COP, LEG, REB, PTY, JRN, BUS, CVL, SOC,
    ...; None when PLOVER gives the actor none, as NATO), ``role`` the title or
    role taken from the text ("Foreign Minister").
    ``ref`` is the actor dictionary's id ("phx:BARACK_OBAMA"), the same in
    every article, None when the actor is in no dictionary; ``cameo`` the
    dictionary's CAMEO code for the actor on the article's date ("USAGOV").
    The canonical id of the actor across articles is given by the store
    (``crossdoc/identity.py``), not kept here.
    """

    key: str  # document-local key, e.g. "A1"
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    ref: str | None = None
    cameo: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Entity(_Record):
    """A named-entity span as tagged by the model and corrected by the gazetteer."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, DATE, ...
    source: str = "model"  # model | gazetteer


@dataclass
class TimeExpr(_Record):
    """A temporal expression normalized against the publication date.

    ``value`` is TimeML-style: ``2024-11-29``, ``2024-W49``, ``2024-12``,
    ``2022``, ``PRESENT_REF``, ``P3D``... ``type`` is DATE, TIME, DURATION or
    SET. For ranges ("December 3-4, 2024") ``begin``/``end_value`` hold the
    bounds and ``value`` is ``begin..end``. ``granularity`` is day, week,
    month, quarter, year, decade, century, time or None. ``anchored`` is
    False when the publication date was unknown and a relative expression
    could not be resolved.
    """

    start: int
    end: int
    text: str
    type: str
    value: str | None
    granularity: str | None = None
    begin: str | None = None
    end_value: str | None = None
    anchored: bool = True


@dataclass
class Place(_Record):
    """A toponym resolved offline to a place."""

    start: int
    end: int
    text: str
    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    feature: str  # country | city | admin1 | region | continent | other
    geonameid: int | None = None


@dataclass
class Quote(_Record):
    """Who said what: a direct quote or reported speech."""

    start: int  # content span
    end: int
    text: str
    direct: bool
    speaker: str | None = None  # Actor key
    speaker_name: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass
class EventActor:
    """One actor or recipient of an event, with the words that name it.

    ``actor`` is the key of the resolved ``Actor`` when there is one; an
    unresolved participant ("diplomats") keeps its words and any country and
    sector the words give. ``inferred``: the sentence does not name it; a
    recipient so marked is the article's most prominent other actor (one the
    sentence leaves to context), ``text``/``start``/``end`` its latest mention
    before the trigger; a source so marked is the source of the article's
    latest earlier event of the type, with that event's words.
    """

    text: str
    start: int
    end: int
    actor: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    inferred: bool = False

    def is_same_actor(self, other: EventActor) -> bool:
        """True when both are one resolved actor: the same key, or the same name and no
        other country (two mentions the actors stage did not link; two countries'
        "Defence Ministry" stay two). An actor does nothing to itself."""
        if not (self.actor and other.actor):
            return False
        if self.actor == other.actor:
            return True
        if self.country and other.country and self.country != other.country:
            return False
        mine, theirs = (self.name or "").strip().lower(), (other.name or "").strip().lower()
        return bool(mine) and mine == theirs


@dataclass
class Event(_Record):
    """Who did what to whom, when and where, in the PLOVER ontology.

    ``modality`` is one of ``MODALITIES`` (asserted, negated, hypothetical,
    scheduled, requested, reported or historical), with ``modality_cue`` the word that set it.
    ``date`` is a TimeML value from an attached time expression
    (``date_source`` "text") or else the publication date ("article").
    ``evidence`` lists every ``[start, end]`` sentence span that reports it
    (one per mention, merged within the article).
    """

    key: str
    type: str
    quad_class: int
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_start: int
    sentence_end: int
    trigger_lemma: str | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[EventActor] = field(default_factory=list)
    recipients: list[EventActor] = field(default_factory=list)
    modality: str = "asserted"
    modality_cue: str | None = None
    claimed_by: EventActor | None = None
    date: str | None = None
    date_begin: str | None = None
    date_end: str | None = None
    date_text: str | None = None
    date_source: str = "unknown"  # text | article | unknown
    place: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_start: int | None = None
    place_end: int | None = None
    size: dict[str, Any] | None = None
    confidence: float = 0.5
    evidence: list[list[int]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["actors"] = [EventActor(**a) for a in data.get("actors", [])]
        data["recipients"] = [EventActor(**a) for a in data.get("recipients", [])]
        if data.get("claimed_by"):
            data["claimed_by"] = EventActor(**data["claimed_by"])
        return cls(**data)


@dataclass
class Extraction(_Record):
    """Everything eventwire extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # "ok", or "skipped" when the article is stored but not extracted
    # (non-English text); ``reason`` then says why.
    status: str = "ok"
    reason: str | None = None
    schema_version: str = SCHEMA_VERSION

    def actor(self, key: str) -> Actor | None:
        for a in self.actors:
            if a.key == key:
                return a
        return None

    def without_events_below(self, min_confidence: float | None) -> Extraction:
        """This extraction without its events below ``min_confidence`` (None: itself).

        What users are shown by default (``Settings.min_confidence``): exports and
        the article pages leave out low-confidence events unless asked for all.
        """
        if min_confidence is None:
            return self
        kept = [e for e in self.events if e.confidence >= min_confidence]
        return dataclasses.replace(self, events=kept)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        actors = []
        for a in data.get("actors", []):
            a = dict(a)
            a["mentions"] = [Mention(**m) for m in a.get("mentions", [])]
            actors.append(Actor(**a))
        return cls(
            article=Article.from_dict(data["article"]),
            entities=[Entity(**e) for e in data.get("entities", [])],
            actors=actors,
            times=[TimeExpr(**t) for t in data.get("times", [])],
            places=[Place(**p) for p in data.get("places", [])],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            status=data.get("status", "ok"),
            reason=data.get("reason"),
            schema_version=data.get("schema_version", SCHEMA_VERSION),
        )


_FIELDS = {Article: {f.name for f in dataclasses.fields(Article)}}
