"""Jinja filters and globals of the web UI: dates, numbers, links that keep the query.

Reads values from the store's dicts; returns plain strings (the templates
escape them). No HTML is built here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request

from eventwire.stages.times.instants import describe_event_date, describe_time
from eventwire.web.highlight import QUAD_NAMES, split_sentence, split_snippet


def format_day(value: str | None) -> str:
    """Say an ISO day or a TimeML value for people: ``3 Dec 2024``, ``Dec 2024``,
    ``week of 17 Feb 2025``, ``autumn 2015`` (``times.instants.describe_time``)."""
    return describe_time(value)


def format_published(value: str | None) -> str:
    """Format a publication timestamp: ``29 Nov 2024 21:50``."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = format_day(moment.date().isoformat())
    return day if len(value) <= 10 else f"{day} {moment:%H:%M}"


def format_number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else ("" if value is None else str(value))


def quote_path(value: str) -> str:
    """Quote a value for one path segment (actor names may contain '/' or '?')."""
    return quote(value, safe="")


def names_of(people: list[dict[str, Any]] | None) -> str:
    return ", ".join(p.get("name") or p.get("text") or "?" for p in people or [])


def url_with(request: Request, **changes: Any) -> str:
    """Return the current URL's path and query with ``changes`` applied (None removes a key)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def event_link(item: dict[str, Any], least: float | None = None) -> str:
    """Link to an event's words in its article.

    An event below the confidence cut ``least`` links to the article page with
    every event shown (``?all=1``), so the words it points at are marked.
    """
    hidden = least is not None and (item.get("confidence") or 0.0) < least
    return (
        f"/articles/{quote_path(item['article_id'])}{'?all=1' if hidden else ''}#ev-{item['key']}"
    )


def safe_url(value: str | None) -> str:
    """Return a web link only when it is http(s); ``javascript:`` and the like become ''."""
    if value and re.match(r"^https?://", value.strip(), re.I):
        return value.strip()
    return ""


FILTERS = {
    "day": format_day,
    "event_date": describe_event_date,
    "published": format_published,
    "number": format_number,
    "qp": quote_path,
    "names": names_of,
    "sentence_parts": split_sentence,
    "safe_url": safe_url,
}
# The main navigation: (page key, path, label).
NAV = [
    ("dashboard", "/", "Dashboard"),
    ("events", "/events", "Events"),
    ("stories", "/stories", "Stories"),
    ("articles", "/articles", "Articles"),
    ("actors", "/actors", "Actors"),
    ("quotes", "/quotes", "Quotes"),
    ("network", "/network", "Network"),
    ("map", "/map", "Map"),
    ("calendar", "/calendar", "Calendar"),
    ("search", "/search", "Search"),
    ("extract", "/extract", "Paste"),
]
GLOBALS = {
    "url_with": url_with,
    "event_link": event_link,
    "quad_names": QUAD_NAMES,
    "split_snippet": split_snippet,
    "nav": NAV,
}
