"""The shapes of the JSON API's answers, as pydantic models for the OpenAPI schema.

``api.py`` declares them on its routes (``response_model``, ``responses``), so
the schema at ``/openapi.json`` says what each route answers, errors
included, and ``tests/test_api_schema.py`` (Schemathesis) checks every answer
against it. Lists are ``Page``s of plain objects: their items are the store's
records (see ``records.py`` and docs/api.md); models allow extra keys, so a
new field reaches clients without a change here. Reads and writes nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Problem(_Open):
    """One parameter that was refused, and why."""

    field: str
    problem: str


class ErrorDetail(_Open):
    status: int
    message: str
    problems: list[Problem] | None = None


class ErrorOut(_Open):
    """Every error of the API: its status and a message saying what to do."""

    error: ErrorDetail


def error_responses(**statuses: str) -> dict[int | str, dict[str, Any]]:
    return {
        int(code[1:]): {"model": ErrorOut, "description": text} for code, text in statuses.items()
    }


NOT_FOUND = error_responses(_404="Nothing by that id or name.")


class Page(_Open):
    """One page of a list: ``total`` counts every match, ``items`` holds this page's."""

    total: int
    items: list[dict[str, Any]]


class SearchOut(_Open):
    """Articles (full text), actors (name) and events (words) matching a query."""

    query: str
    articles: Page
    actors: Page
    events: Page


class GraphOut(_Open):
    """Actors and the weighted actor -> recipient edges between them."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class TimelineOut(_Open):
    """Event counts per period, by quad class or type."""

    interval: str
    by: str
    keys: list[Any]
    periods: list[dict[str, Any]]
    undated: int


class StoredArticle(_Open):
    """One article ``POST /api/articles`` stored, and where to read it."""

    id: str
    title: str | None
    status: str
    reason: str | None
    new: bool
    events: int
    api: str
    page: str


class IngestFailure(_Open):
    source: str
    stage: str
    message: str
    article_id: str | None = None


class IngestOut(_Open):
    """What ``POST /api/articles`` did with each input: counts, stored articles, failures."""

    new: int
    updated: int
    skipped: int
    failed: int
    articles: list[StoredArticle]
    failures: list[IngestFailure]
