"""View-models of the web pages: what a page and its JSON twin show, read from a ``Store``.

Each function takes an open ``Store``, asks it questions (its read methods;
no SQL here) and shapes the answers for one page of the web UI and its twin
under /api: pages of a list with their total, the dashboard, one actor, the
actor network and the map. Reads the store only; writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from eventwire.stages.times.instants import describe_time
from eventwire.store import ActorQuery, ArticleQuery, EventQuery, Store, period_of
from eventwire.web.filters import event_link, quote_path


def dashboard(
    store: Store, interval: str | None, by: str, min_confidence: float | None = None
) -> dict[str, Any]:
    """Totals, the event timeline, top actors, latest events and latest articles.

    With no ``interval``, a timeline over a few months is shown by day and a
    longer one by week. Events below ``min_confidence`` are neither counted nor shown.
    """
    timeline = store.timeline("day", by, min_confidence=min_confidence)
    periods = timeline["periods"]
    span = (
        date.fromisoformat(periods[-1]["period"]) - date.fromisoformat(periods[0]["period"])
        if periods
        else None
    )
    if interval is None:
        # Days read well over a few months; longer spans are grouped by week.
        interval = "week" if span is not None and span.days > 92 else "day"
    # Every period between the first and the last is a bar, empty ones too, so that
    # the axis is in time order and to scale; too many bars are grouped coarser.
    while span is not None and interval != "month" and span / _PERIOD_DAYS[interval] > _MAX_BARS:
        interval = "month" if interval == "week" else "week"
    if interval != "day":
        timeline = store.timeline(interval, by, min_confidence=min_confidence)
    timeline["periods"] = _every_period(timeline["periods"], interval)
    return {
        "totals": store.totals(min_confidence),
        "timeline": timeline,
        "top_actors": store.top_actors(10, min_confidence),
        "top_actors_by_articles": store.actors(limit=10),
        "latest_events": store.events(
            EventQuery(min_confidence=min_confidence), sort="-published", limit=10
        ),
        "latest_articles": store.articles(limit=8),
    }


# The dashboard's timeline: at most this many bars (but by month), and the days of a period.
_MAX_BARS = 1500
_PERIOD_DAYS = {"day": timedelta(days=1), "week": timedelta(days=7)}


def _every_period(periods: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    """``periods`` (in time order) with an empty one for each period missing between them."""
    if not periods:
        return periods
    found = {p["period"]: p for p in periods}
    out, current, last = [], periods[0]["period"], periods[-1]["period"]
    while current <= last:
        out.append(found.get(current) or {"period": current, "total": 0, "counts": {}})
        if interval == "month":
            year, month = int(current[:4]), int(current[5:7])
            current = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
        else:
            current = (date.fromisoformat(current) + _PERIOD_DAYS[interval]).isoformat()
    return out


@dataclass(frozen=True)
class Paging:
    """One page of a list: ``limit`` items from ``offset``."""

    limit: int = 50
    offset: int = 0

    def pager(self, found: dict[str, Any]) -> dict[str, Any]:
        """Where this page of ``found`` (``{"total", "items"}``) stands, for the pager under it."""
        total, limit, offset = found["total"], self.limit, self.offset
        return {
            "total": total,
            "first": offset + 1 if total else 0,
            "last": min(offset + limit, total),
            "prev": max(offset - limit, 0) if offset > 0 else None,
            "next": offset + limit if offset + limit < total else None,
        }


# The first page of a list, of the default size.
FIRST = Paging()


def article_page(
    store: Store, query: ArticleQuery, page: Paging, least: float | None = None
) -> dict[str, Any]:
    """One page of ``store.articles(query)`` with the total count and event counts of each item.

    The event counts leave out the events below the confidence cut ``least``.
    """
    items = store.articles(query, limit=page.limit, offset=page.offset)
    total = store.count_articles(query)
    counts = store.events_per_article([item["id"] for item in items], least)
    for item in items:
        item["events"] = counts.get(item["id"], 0)
    return {"total": total, "items": items}


def story(store: Store, story_id: str, least: float | None = None) -> dict[str, Any] | None:
    """Read one story and add links: its page, and each report's words in its article.

    A report below the confidence cut ``least`` links to its article with every event shown.
    """
    found = store.story(story_id)
    if found is None:
        return None
    for report in found["reports"]:
        report["page"] = event_link(report, least)
    return found | {"page": "/stories/" + quote_path(story_id)}


def actor_page(
    store: Store, query: ActorQuery, page: Paging, least: float | None = None
) -> dict[str, Any]:
    """One page of ``store.actors(query)`` with the total, event counts and top counterparts.

    Event counts and counterparts come from the events at the confidence cut ``least`` or above.
    """
    items = store.actors(query, limit=page.limit, offset=page.offset)
    total = store.count_actors(query)
    counts = store.actor_event_counts(sorted({item["id"] for item in items}), least)
    for item in items:
        item["events"] = counts.get(item["id"], 0)
        item["counterparts"] = (
            [c["name"] for c in store.counterparts(item["id"], 3, least)] if item["events"] else []
        )
    return {"total": total, "items": items}


def quote_page(
    store: Store, speaker: str | None = None, article_id: str | None = None, page: Paging = FIRST
) -> dict[str, Any]:
    """One page of ``store.quotes(...)`` with the total count."""
    items = store.quotes(speaker=speaker, article_id=article_id, **asdict(page))
    return {"total": store.count_quotes(speaker, article_id), "items": items}


def actor_detail(
    store: Store, name: str, limit: int = 50, min_confidence: float | None = None
) -> dict[str, Any] | None:
    """Return everything about one actor, or None: ``name`` is its canonical id or name
    (or the words of event participants no actor stands for).

    Groups the actor's rows across articles by canonical id: its id, canonical
    name and the names it was seen under (``names``), types, country, sector and
    role, article and mention counts, the events it takes part in (newest
    first, up to ``limit``) with ``events_total``, its events per month
    (``timeline``), its counterparts (actors it acts on and that act on it,
    with counts) and its quotes. Events below ``min_confidence`` are left out.
    """
    with store.snapshot():
        actor_id = store.actor_id_of(name)
        key = actor_id or name
        rows = store.actor_rows(actor_id) if actor_id else []
        if not rows and not store.count_participations(key):
            return None
        found = store.events(EventQuery(involving=key, min_confidence=min_confidence), limit=limit)
        dates = store.actor_event_days(key, min_confidence)
        counterparts = store.counterparts(key, min_confidence=min_confidence)
        quotes = store.actor_quotes(key, limit)
        articles = store.actor_articles(key, limit)
        identity = store.actor_identity(actor_id) if actor_id else {}
    by_month: dict[str, int] = {}
    for row in dates:
        month = period_of(row["begins_at"], row["ends_at"], "month")
        if month is not None:
            by_month[month] = by_month.get(month, 0) + row["n"]

    def most_common(column: str) -> str | None:
        values = [r[column] for r in rows if r[column]]
        return max(sorted(set(values)), key=values.count) if values else None

    names = identity.get("names") or [name]
    return {
        "id": actor_id,
        "name": identity.get("name") or name,
        "names": names,
        "types": sorted({r["type"] for r in rows}),
        "country": most_common("country"),
        "sector": most_common("sector"),
        "role": most_common("role"),
        "articles": len({r["article_id"] for r in rows}),
        "mentions": sum(r["mentions"] for r in rows),
        "events_total": found["total"],
        "events": found["items"],
        "timeline": [{"period": k, "count": by_month[k]} for k in sorted(by_month)],
        "counterparts": counterparts,
        "quotes": quotes,
        "article_list": articles,
    }


def actor_graph(
    store: Store,
    limit: int = 100,
    since: str | date | None = None,
    until: str | date | None = None,
    samples: int = 8,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    """Return who acts on whom: ``{"nodes": [...], "edges": [...]}``, heaviest edges first.

    An edge goes from an event's actor to its recipient (both resolved to an
    actor or a country); ``weight`` counts events, ``quads`` splits them by
    quad class, ``events`` lists up to ``samples`` of them (newest first) so
    each edge points at its evidence. Only the ``limit`` heaviest edges and
    their nodes are returned; ``events`` on a node counts its events on
    those edges. Events below ``min_confidence`` are left out.
    """
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for pair in store.participant_pairs(since, until, min_confidence):
        if pair["source"] == pair["target"]:
            continue
        edge = edges.setdefault(
            (pair["source"], pair["target"]),
            {
                "source": pair["source"],
                "target": pair["target"],
                "weight": 0,
                "quads": {},
                "types": {},
                "events": [],
                "_ids": set(),
            },
        )
        if pair["id"] in edge["_ids"]:
            continue
        edge["_ids"].add(pair["id"])
        edge["weight"] += 1
        quad = str(pair["quad_class"])
        edge["quads"][quad] = edge["quads"].get(quad, 0) + 1
        edge["types"][pair["type"]] = edge["types"].get(pair["type"], 0) + 1
        if len(edge["events"]) < samples:
            edge["events"].append(
                {k: pair[k] for k in ("article_id", "key", "type", "date", "title")}
                | {"trigger": pair["trigger_text"], "when": describe_time(pair["date"])}
            )
        for side in ("source", "target"):
            node = nodes.setdefault(
                pair[side],
                {
                    "id": pair[side],
                    "country": None,
                    "type": None,
                    "_events": set(),
                    "_words": [],
                },
            )
            node["_words"].append(pair[f"{side}_text"])
            node["country"] = node["country"] or pair[f"{side}_country"]
            node["type"] = node["type"] or pair[f"{side}_type"]
    top = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))
    top = top[:limit]
    for edge in top:
        for side in ("source", "target"):
            nodes[edge[side]]["_events"] |= edge["_ids"]
        del edge["_ids"]
    used = {edge[side] for edge in top for side in ("source", "target")}
    node_list = []
    for name in sorted(used):
        node = nodes[name]
        node["events"] = len(node.pop("_events"))
        node["label"] = _short_label(name, node.pop("_words"))
        node_list.append(node)
    return {"nodes": node_list, "edges": top}


def place_points(
    store: Store,
    country: str | None = None,
    limit: int = 500,
    offset: int = 0,
    samples: int = 5,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    """Places with coordinates for the map: ``{"total": n, "items": [...]}``, most cited first.

    Each item has the place's name, country, feature, lat and lon, counts of
    ``articles`` and ``mentions`` naming it and of ``events`` located
    there, and ``mentioned`` / ``located`` samples (newest first) pointing
    at the words in an article. Events below ``min_confidence`` are left out.
    """
    with store.snapshot():
        mentions = store.place_mentions(country)
        located = store.event_places(country, min_confidence)
    points: dict[tuple[str, str], dict[str, Any]] = {}

    def point(row: dict[str, Any], feature: str | None) -> dict[str, Any]:
        return points.setdefault(
            (row["name"], row["country"] or ""),
            {
                "name": row["name"],
                "country": row["country"],
                "feature": feature,
                "lat": row["lat"],
                "lon": row["lon"],
                "articles": 0,
                "mentions": 0,
                "events": 0,
                "mentioned": [],
                "located": [],
                "_articles": set(),
            },
        )

    for row in mentions:
        item = point(row, row["feature"])
        item["mentions"] += 1
        if row["article_id"] not in item["_articles"]:
            item["_articles"].add(row["article_id"])
            if len(item["mentioned"]) < samples:
                item["mentioned"].append(
                    {
                        "article_id": row["article_id"],
                        "seq": row["seq"],
                        "start": row["start_char"],
                        "end": row["end_char"],
                        "text": row["text"],
                        "title": row["title"],
                    }
                )
    for row in located:
        item = point(row, None)
        item["events"] += 1
        if len(item["located"]) < samples:
            item["located"].append(
                {k: row[k] for k in ("article_id", "key", "type", "date", "title")}
                | {"trigger": row["trigger_text"], "when": describe_time(row["date"])}
            )
    for item in points.values():
        item["articles"] = len(item.pop("_articles"))
    ranked = sorted(
        points.values(),
        key=lambda i: (-(i["events"] + i["articles"]), -i["mentions"], i["name"]),
    )
    return {"total": len(ranked), "items": ranked[offset : offset + limit]}


def _short_label(name: str, words: list[str]) -> str:
    """Return the acronym the text uses for a long name ("NATO"), else the name."""
    acronyms = [w for w in words if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", w or "")]
    if acronyms and len(name.split()) >= 2:
        return max(sorted(set(acronyms)), key=acronyms.count)
    return name
