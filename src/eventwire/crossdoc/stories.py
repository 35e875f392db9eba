"""Story events: the reports of one real-world event across articles, merged into one.
One module because its rules of identity (below), the scores that order the
candidate stories and the merge that applies them are one algorithm tuned
as a whole: each part only makes sense read next to the others.

Reads events with their article's publication time, URL, publisher and
duplicate link (from ``Extraction`` records, or from the rows
``Store.iter_story_inputs`` returns) and returns ``Story`` records: one per
real-world event, with its number of sources and articles, first and last
report time and every report (article id + event key) as evidence.
``merge_store`` runs the whole step on a store: MinHash signatures for new
articles, duplicate links (``dedup``), then the stories, which the ``Store``
writes in place of the previous ones.

Two reports are the same story event when all of these hold:

* the same PLOVER type, the same mode where both have one ("allege" and
  "disapprove" are two kinds of ACCUSE), and the same factuality: negated, irrealis
  (hypothetical or requested) or factual (everything else), so "X did not
  attack" and "X may attack" never join "X attacked";
* what follows holds between the new report and every report already in
  the story, not only the story's participants and words put together
  (a chain of reports, each like the one before, would join unrelated events);
* a shared participant in the same role, and when both sides know actors
  (or recipients), at least one of them shared; the actor of one is never the
  recipient of the other, and a recipient that is the event's own actor is
  dropped (an actor does nothing to itself). Participants compare by
  resolved actor name, or by country and sector (a missing sector matches any
  sector of that country); two differently named actors of one sector are two
  actors (two ministers of one government). A whole country ("Russia", "the
  United States") only identifies an event together with the other role, or
  with the same trigger word on overlapping days: on its own it matches too
  many events. Words the coder could not resolve ("the militants") say nothing
  about identity and are not compared;
* dates: the event's interval (``date_begin``..``date_end``, else its date,
  else the publication day and the day before, when news reported without a
  date usually happened) within ``WINDOW_DAYS`` of the interval of the
  story's first report. Comparing with the first report, not with every
  member, keeps a daily recurring dyad from chaining into one endless story.
  A report dated more vaguely than a month ("in 2020"), or not at all, cannot
  be placed and is never merged with another article's;
* the same place country, or one of them unknown;
* at most one event per article: the coder already merged the mentions of one
  event within an article, so two events of one article are two events.

An event of a near-duplicate article first joins the story of the canonical
article's event with the same type and the same sentence words, so copies
never add stories; a duplicate counts as the same source as its canonical
article. Sources are told apart by URL host, else publisher, else article.

Articles are processed earliest published first (ties by id); the events of
one article go to candidate stories best score first (shared participants,
same place, same trigger word, closeness in days), ties by story age, so the
result is the same however the input was ordered.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from eventwire.crossdoc.dedup import (
    SCHEME,
    THRESHOLD,
    compute_signature,
    link_duplicates,
    order_key,
)
from eventwire.ingest.common import url_host
from eventwire.records import Event, EventActor, Extraction

if TYPE_CHECKING:
    from eventwire.store import Store

WINDOW_DAYS = 2
# Dates vaguer than this ("2024", "the 2010s") do not place an event in time.
MAX_SPAN_DAYS = 31
# Stories are indexed by the weeks their first report covers.
_BLOCK_DAYS = 7
_IRREALIS = {"hypothetical", "requested"}
_WORD = re.compile(r"\w+")
_TIMEML_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_TIMEML_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TIMEML_YEAR = re.compile(r"^(\d{4})$")
_TIMEML_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_TIMEML_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


# --- participants, dates, sources ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Participant:
    """What identifies an actor or recipient across articles: country, sector, actor name."""

    country: str | None = None
    sector: str | None = None
    name: str | None = None  # lower-cased canonical name of a resolved actor
    national: bool = False  # a whole country ("Russia", "the United States")
    # The name as the article wrote it, for people to read; not part of the identity.
    label: str | None = field(default=None, compare=False)

    @property
    def display(self) -> str | None:
        """The name to show: as written in the first report that named the actor."""
        return self.label or self.name

    @property
    def code(self) -> str:
        """CAMEO-style code ("RUSMIL", "USA"), else the name."""
        if self.country:
            return self.country + (self.sector or "")
        return self.name or ""

    def strength(self, other: Participant) -> int:
        """How surely the two are the same actor.

        3: the same named actor; 2: the same country and sector, one unnamed
        ("Russian troops" and "the Russian army"); 1: the same country with a
        sector unknown, or a whole country on either side ("Russia" stands for
        its government, army and people alike); 0: not the same (other
        countries, other sectors, or two differently named actors of one sector,
        such as two ministers of one government).
        """
        if self.country and self.country == other.country and (self.national or other.national):
            return 1
        if self.name and self.name == other.name:
            return 3
        if not self.country or self.country != other.country:
            return 0
        if self.sector and other.sector:
            return 2 if self.sector == other.sector and not (self.name and other.name) else 0
        return 1

    def matches(self, other: Participant) -> bool:
        return self.strength(other) > 0

    def is_same_actor(self, other: Participant) -> bool:
        """True when both name one actor: one country as a whole, one name, or one
        country and sector that neither names ("Russian troops", "the Russian army")."""
        if self.national and other.national:
            return self.country == other.country
        if self.name or other.name:
            return self.name == other.name
        return self.country == other.country and self.sector == other.sector

    def block_keys(self) -> tuple[str, ...]:
        keys = []
        if self.country:
            keys.append("c:" + self.country)
        if self.name:
            keys.append("n:" + self.name)
        return tuple(keys)

    def sort_key(self) -> tuple[str, str, str, bool]:
        return (self.country or "", self.sector or "", self.name or "", self.national)


def read_participant(
    part: EventActor, country_keys: Collection[str] = frozenset()
) -> Participant | None:
    """Return the identity of an event participant, or None when the coder resolved nothing.

    ``country_keys`` are the keys of the article's actors of type COUNTRY.
    """
    label = part.name.strip() if part.actor and part.name and part.name.strip() else None
    name = label.lower() if label else None
    country = part.country.strip().upper() if part.country and part.country.strip() else None
    if not name and not country:
        return None
    sector = part.sector.strip().upper() if part.sector and part.sector.strip() else None
    national = bool(country) and (part.actor in country_keys or (not name and not sector))
    return Participant(country, sector, name, national, label)


def _participants(
    parts: Iterable[EventActor],
    country_keys: Collection[str],
    besides: tuple[Participant, ...] = (),
) -> tuple[Participant, ...]:
    """The identities of ``parts``, without those that are an actor of ``besides``."""
    found = {
        p
        for p in (read_participant(x, country_keys) for x in parts)
        if p is not None and not any(p.is_same_actor(q) for q in besides)
    }
    return tuple(sorted(found, key=Participant.sort_key))


def read_interval(value: str | None) -> tuple[int, int] | None:
    """Return the first and last day (ordinals) a TimeML date value covers, or None."""
    if not value:
        return None
    try:
        if m := _TIMEML_DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            return day, day
        if m := _TIMEML_MONTH.match(value):
            first = date(int(m[1]), int(m[2]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        if m := _TIMEML_YEAR.match(value):
            return date(int(m[1]), 1, 1).toordinal(), date(int(m[1]), 12, 31).toordinal()
        if m := _TIMEML_WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1).toordinal()
            return monday, monday + 6
        if m := _TIMEML_QUARTER.match(value):
            first = date(int(m[1]), 3 * int(m[2]) - 2, 1)
            end = date(int(m[1]) + int(m[2]) // 4, 3 * int(m[2]) % 12 + 1, 1)
            return first.toordinal(), end.toordinal() - 1
    except ValueError:
        return None
    return None


def event_interval(event: Event, published: str | None) -> tuple[int, int] | None:
    """Return the days (ordinals) an event took place on, or None when the report cannot say.

    An event without a date of its own took place on the publication day or
    the day before (a story published at 02:00 UTC tells of "Tuesday"
    evening); one dated more vaguely than ``MAX_SPAN_DAYS`` is not placed.
    """
    if event.date_source != "article":
        begin = read_interval(event.date_begin) or read_interval(event.date)
        end = read_interval(event.date_end) or read_interval(event.date)
        if begin and end and begin[0] <= end[1]:
            return (begin[0], end[1]) if end[1] - begin[0] < MAX_SPAN_DAYS else None
    day = read_interval(published[:10] if published else None)
    return (day[0] - 1, day[1]) if day else None


def source_key(url: str | None, publisher: str | None, article_id: str) -> str:
    """Name the source of an article: URL host, else publisher, else the article itself."""
    host = url_host(url)
    if host:
        return host
    if publisher and publisher.strip():
        return publisher.strip().lower()
    return "article:" + article_id


def factuality(modality: str | None) -> str:
    """Group a modality: negated, irrealis (hypothetical, requested) or factual."""
    if modality == "negated":
        return "negated"
    return "irrealis" if modality in _IRREALIS else "factual"


def _sentence_key(text: str) -> str:
    words = " ".join(_WORD.findall((text or "").lower()))
    return hashlib.sha1(words.encode()).hexdigest()[:16]


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


# --- reports and stories ---------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    """One event as one article reports it: what clustering compares."""

    event_id: str
    article_id: str
    key: str
    seq: int
    type: str
    quad_class: int | None
    factuality: str
    mode: str | None  # PLOVER mode, a subtype of the type ("allege", "disapprove")
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    interval: tuple[int, int] | None
    dated: bool  # the interval comes from a date in the text, not from publication
    place: str | None
    place_country: str | None
    lemma: str
    sentence: str  # hash of the words of the sentence that first reports it
    published: str | None
    source: str
    canonical_id: str  # the article itself unless it is a near-duplicate


def build_report(
    event: Event,
    article_id: str,
    seq: int,
    published: str | None,
    source: str,
    sentence: str = "",
    canonical_id: str | None = None,
    country_keys: Collection[str] = frozenset(),
) -> Report:
    """Return the report of one event (``seq``: its position in the article's events).

    ``country_keys`` are the keys of the article's actors of type COUNTRY.
    A recipient that is one of the actors (two mentions of one actor the coder
    did not link) is dropped: an actor does nothing to itself.
    """
    actors = _participants(event.actors, country_keys)
    return Report(
        event_id=f"{article_id}:{seq + 1}",
        article_id=article_id,
        key=event.key,
        seq=seq,
        type=event.type,
        quad_class=event.quad_class,
        factuality=factuality(event.modality),
        mode=event.mode,
        actors=actors,
        recipients=_participants(event.recipients, country_keys, besides=actors),
        interval=event_interval(event, published),
        dated=event.date_source != "article" and event_interval(event, None) is not None,
        place=event.place,
        place_country=event.place_country,
        lemma=(event.trigger_lemma or event.trigger or "").lower(),
        sentence=_sentence_key(sentence),
        published=published,
        source=source,
        canonical_id=canonical_id or article_id,
    )


def reports_from_extractions(
    extractions: Iterable[Extraction], canonical: dict[str, str] | None = None
) -> list[Report]:
    """Return the reports of every event of ``extractions``.

    ``canonical`` maps a near-duplicate article id to its canonical article id
    (``dedup.group_duplicates``); a duplicate takes the source of its canonical
    article when that article is among ``extractions``.
    """
    canonical = canonical or {}
    items = list(extractions)
    sources = {
        ex.article.id: source_key(ex.article.url, ex.article.publisher, ex.article.id)
        for ex in items
    }
    reports = []
    for ex in items:
        article = ex.article
        head = canonical.get(article.id, article.id)
        source = sources.get(head, sources[article.id])
        countries = {a.key for a in ex.actors if a.type == "COUNTRY"}
        for seq, event in enumerate(ex.events):
            sentence = article.text[event.sentence_start : event.sentence_end]
            reports.append(
                build_report(
                    event, article.id, seq, article.published, source, sentence, head, countries
                )
            )
    return reports


def reports_from_rows(rows: Iterable[dict[str, Any]]) -> Iterator[Report]:
    """Return the reports of the rows ``Store.iter_story_inputs`` yields."""
    for row in rows:
        head = row.get("canonical_id") or row["article_id"]
        source = source_key(row.get("source_url"), row.get("source_publisher"), head)
        yield build_report(
            Event.from_dict(json.loads(row["raw"])),
            row["article_id"],
            row["seq"],
            row.get("published"),
            source,
            row.get("sentence") or "",
            head,
            row.get("country_keys") or (),
        )


@dataclass
class Story:
    """One real-world event and every report of it."""

    id: str
    type: str
    quad_class: int | None
    factuality: str
    anchor: tuple[int, int] | None  # days of the first report
    reports: list[Report] = field(default_factory=list)
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    place_country: str | None = None
    lemmas: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)

    def add(self, report: Report) -> list[Participant]:
        """Add a report; return the participants it brought that the story did not have.

        A participant already in the other role is not added: a story never
        has an actor act on itself (clustering keeps such reports apart; this
        holds for near-duplicates too, which join by their sentence).
        """
        self.reports.append(report)
        self.article_ids.add(report.article_id)
        self.lemmas.add(report.lemma)
        self.place_country = self.place_country or report.place_country
        new = []
        for mine, theirs, other in (
            (self.actors, report.actors, self.recipients),
            (self.recipients, report.recipients, self.actors),
        ):
            for p in theirs:
                if p not in mine and not any(p.is_same_actor(q) for q in other):
                    mine.append(p)
                    new.append(p)
        return new

    @property
    def sources(self) -> int:
        return len({r.source for r in self.reports})

    @property
    def articles(self) -> int:
        return len(self.article_ids)

    def to_dict(self) -> dict[str, Any]:
        """Return the story as the store writes it, ``members`` being its reports."""
        # dates the texts give, else those read from publication
        days = [r.interval for r in self.reports if r.interval and r.dated]
        days = days or [r.interval for r in self.reports if r.interval]
        published = sorted(r.published for r in self.reports if r.published)
        places = Counter(r.place for r in self.reports if r.place)
        place = min(places, key=lambda p: (-places[p], p)) if places else None

        def codes(parts: list[Participant]) -> list[str]:
            return sorted({p.code for p in parts if p.code})

        def names(parts: list[Participant]) -> list[str]:
            return sorted({p.display for p in parts if p.display}, key=str.lower)

        return {
            "id": self.id,
            "type": self.type,
            "quad_class": self.quad_class,
            "factuality": self.factuality,
            "actor_codes": codes(self.actors),
            "recipient_codes": codes(self.recipients),
            "actor_names": names(self.actors),
            "recipient_names": names(self.recipients),
            "date_begin": _iso(min(d[0] for d in days)) if days else None,
            "date_end": _iso(max(d[1] for d in days)) if days else None,
            "first_reported": published[0] if published else None,
            "last_reported": published[-1] if published else None,
            "place": place,
            "place_country": self.place_country,
            "sources": self.sources,
            "articles": self.articles,
            "reports": len(self.reports),
            "participants": [
                {
                    "role": role,
                    "code": p.code,
                    "country": p.country,
                    "sector": p.sector,
                    "name": p.display,
                }
                for role, parts in (("actor", self.actors), ("recipient", self.recipients))
                for p in sorted(parts, key=Participant.sort_key)
            ],  # fmt: skip
            "members": [
                {"article_id": r.article_id, "event_key": r.key, "event_id": r.event_id}
                for r in self.reports
            ],
        }


def _story_id(seed: Report) -> str:
    return "S" + hashlib.sha1(seed.event_id.encode()).hexdigest()[:15]


def _blocks(interval: tuple[int, int], pad: int = 0) -> range:
    return range((interval[0] - pad) // _BLOCK_DAYS, (interval[1] + pad) // _BLOCK_DAYS + 1)


class _Clusterer:
    """Assign reports to stories, one article at a time (articles earliest first)."""

    def __init__(self, window_days: int) -> None:
        if window_days < 0:
            raise ValueError(f"window_days={window_days} must be 0 or more")
        self.window = window_days
        self.stories: list[Story] = []
        self._index: dict[tuple, list[int]] = defaultdict(list)
        self._story_of: dict[str, int] = {}  # event id -> story
        self._reports_of: dict[str, list[Report]] = {}  # article id -> its reports

    def add_article(self, reports: list[Report]) -> None:
        assigned: dict[str, int] = {}
        used: set[int] = set()
        self._join_canonical(reports, assigned, used)
        options = []
        for rank, report in enumerate(reports):
            if report.event_id in assigned:
                continue
            for s in self._candidates(report):
                if s in used:
                    continue
                score = self._score(report, self.stories[s])
                if score is not None:
                    options.append((-score, rank, s))
        for _neg, rank, s in sorted(options):
            report = reports[rank]
            if report.event_id not in assigned and s not in used:
                assigned[report.event_id] = s
                used.add(s)
        for report in reports:
            s = assigned.get(report.event_id)
            if s is None:
                s = len(self.stories)
                self.stories.append(
                    Story(
                        _story_id(report),
                        report.type,
                        report.quad_class,
                        report.factuality,
                        report.interval,
                    )
                )
            story = self.stories[s]
            self._index_story(s, story.add(report))
            self._story_of[report.event_id] = s
        self._reports_of[reports[0].article_id] = reports

    def _join_canonical(
        self, reports: list[Report], assigned: dict[str, int], used: set[int]
    ) -> None:
        """Put the events of a near-duplicate in the stories of its canonical article's events.

        An event pairs with the canonical event of the same type and factuality
        told in the same sentence words, else with the one at the same rank
        among those with its trigger word (an edited sentence, same events in
        the same order).
        """
        head = reports[0].canonical_id
        if head == reports[0].article_id or head not in self._reports_of:
            return
        originals = self._reports_of[head]

        def kind(r: Report) -> tuple[str, str]:
            return (r.type, r.factuality)

        def ranks(among: list[Report]) -> dict[str, int]:
            seen: Counter[tuple[str, str, str]] = Counter()
            found = {}
            for r in among:
                found[r.event_id] = seen[(*kind(r), r.lemma)]
                seen[(*kind(r), r.lemma)] += 1
            return found

        rank = ranks(originals) | ranks(reports)

        for by_sentence in (True, False):
            for report in reports:
                if report.event_id in assigned:
                    continue
                for original in originals:
                    s = self._story_of[original.event_id]
                    if s in used or kind(original) != kind(report):
                        continue
                    if by_sentence:
                        if original.sentence != report.sentence:
                            continue
                    elif (
                        original.lemma != report.lemma
                        or rank[original.event_id] != rank[report.event_id]
                    ):
                        continue
                    assigned[report.event_id] = s
                    used.add(s)
                    break

    def _index_story(self, s: int, participants: list[Participant]) -> None:
        story = self.stories[s]
        if story.anchor is None:
            return
        for p in participants:
            for key in p.block_keys():
                for block in _blocks(story.anchor):
                    self._index[(story.type, story.factuality, key, block)].append(s)

    def _candidates(self, report: Report) -> list[int]:
        if report.interval is None:
            return []
        found: set[int] = set()
        for p in report.actors + report.recipients:
            for key in p.block_keys():
                for block in _blocks(report.interval, self.window):
                    found.update(self._index.get((report.type, report.factuality, key, block), ()))
        return sorted(found)

    def _score(self, report: Report, story: Story) -> float | None:
        """Return how well a report fits a story, or None when it cannot be the same event.

        The report must be the same event as every report of the story
        (``_same_event``), not only as the story's participants and words put
        together: matching the union would let a chain of reports, each like
        the one before, join unrelated events.
        """
        gap = _gap(report.interval, story.anchor)
        if gap is None or gap > self.window:
            return None
        if not all(_same_event(report, member) for member in story.reports):
            return None
        actor = _best(report.actors, story.actors)
        recipient = _best(report.recipients, story.recipients)
        same_words = report.lemma in story.lemmas
        score = float(actor + recipient)
        if report.place_country and report.place_country == story.place_country:
            score += 1.0
        if same_words:
            score += 0.5
        return score - gap / (self.window + 1)


def _best(mine: Iterable[Participant], theirs: Iterable[Participant]) -> int:
    theirs = list(theirs)
    return max((p.strength(q) for p in mine for q in theirs), default=0)


def _same_event(report: Report, other: Report) -> bool:
    """True when two reports (of one type and factuality) can tell of one event.

    Their place countries and modes do not differ; in each role both know, they share a
    participant; neither's actor is the other's recipient; and they share a
    participant. One role matched only at the country level ("Russia", "U.S.
    officials") is too common to identify an event unless the trigger words
    agree and the days overlap too; one role matched, the other unknown to
    either, needs the same trigger word or the same place country ("Trump
    proposed" and "Trump helped" are two events).
    """
    if report.place_country and other.place_country:
        if report.place_country != other.place_country:
            return False
    if report.mode and other.mode and report.mode != other.mode:
        return False
    actor = _best(report.actors, other.actors)
    recipient = _best(report.recipients, other.recipients)
    if (report.actors and other.actors and not actor) or (
        report.recipients and other.recipients and not recipient
    ):
        return False
    for mine, theirs in ((report.actors, other.recipients), (report.recipients, other.actors)):
        if any(p.is_same_actor(q) for p in mine for q in theirs):
            return False
    if max(actor, recipient) < 2 and not (actor and recipient):
        if not (actor or recipient) or report.lemma != other.lemma:
            return False
        return _gap(report.interval, other.interval) == 0
    if not (actor and recipient):
        same_place = report.place_country and report.place_country == other.place_country
        return report.lemma == other.lemma or bool(same_place)
    return True


def _gap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """Days between two intervals (0 when they overlap); None when one is unknown."""
    if a is None or b is None:
        return None
    return max(0, a[0] - b[1], b[0] - a[1])


def cluster_reports(reports: Iterable[Report], window_days: int = WINDOW_DAYS) -> list[Story]:
    """Group reports into stories; return them in order of their first report."""
    by_article: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_article[report.article_id].append(report)
    clusterer = _Clusterer(window_days)
    for article_id in sorted(by_article, key=lambda a: order_key(by_article[a][0].published, a)):
        clusterer.add_article(sorted(by_article[article_id], key=lambda r: r.seq))
    return clusterer.stories


def build_stories(
    extractions: Iterable[Extraction],
    canonical: dict[str, str] | None = None,
    window_days: int = WINDOW_DAYS,
) -> list[Story]:
    """Cluster the events of ``extractions`` into stories (see the module docstring)."""
    return cluster_reports(reports_from_extractions(extractions, canonical), window_days)


# --- the whole step on a store ---------------------------------------------------------------


@dataclass
class MergeSummary:
    """What ``merge_store`` did."""

    signed: int = 0  # articles whose signature was computed in this run
    articles: int = 0
    duplicates: int = 0
    reports: int = 0
    stories: int = 0
    merged: int = 0  # stories reported by more than one article
    seconds: float = 0.0

    def describe(self) -> str:
        return (
            f"{self.articles} articles ({self.signed} newly signed), {self.duplicates} "
            f"near-duplicates linked; {self.reports} events merged into {self.stories} stories "
            f"({self.merged} reported by several articles) in {self.seconds:.1f} s"
        )


def merge_store(
    store: Store, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS
) -> MergeSummary:
    """Link near-duplicate articles and (re)build the story events of the whole store.

    Signatures are computed only for articles that have none yet; links and
    stories are recomputed from all of them, so the result is the same as a
    fresh run over the same articles.
    """
    started = time.perf_counter()
    summary = MergeSummary()
    for batch in store.articles_without_signature(SCHEME):
        store.save_signatures(
            [(article_id, compute_signature(text)) for article_id, text in batch], SCHEME
        )
        summary.signed += len(batch)
    signatures = list(store.signatures(SCHEME))
    summary.articles = len(signatures)
    links = link_duplicates(signatures, threshold)
    summary.duplicates = len(links)
    store.replace_duplicate_links(links)
    stories = cluster_reports(reports_from_rows(store.iter_story_inputs()), window_days)
    summary.reports = sum(len(s.reports) for s in stories)
    summary.stories = len(stories)
    summary.merged = sum(1 for s in stories if s.articles > 1)
    store.replace_stories(s.to_dict() for s in stories)
    summary.seconds = time.perf_counter() - started
    return summary
