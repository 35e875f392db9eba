"""Turn articles sent to the web app (pasted or posted) into extractions, and store them.

Reads ``ArticleIn`` payloads (text or HTML with optional metadata), builds
``Article`` records with the ingest readers (``read_text`` for text,
``read_bytes`` for HTML), extracts them with ``run.extract.extract_batch`` using
the app's one spaCy pipeline, and for ``POST /api/articles`` saves the
results through the ingest service (``run.service.save_batches``: the batch in
one transaction, a savepoint per article, failures in the store's failures
table), as ``eventwire ingest`` does.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire.errors import EmptyInputError, InputError
from eventwire.ingest import read_bytes, read_text
from eventwire.records import Article, Extraction, Failure
from eventwire.run.extract import extract_batch
from eventwire.run.service import Result, save_batches
from eventwire.store import Store
from eventwire.web.deps import WebConfig


class ArticleIn(BaseModel):
    """One article sent to the API: ``text`` (plain or scraped text) or ``html``, not both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Ukraine's foreign minister urged NATO on Friday to invite Kyiv "
                    "to join the alliance at a meeting in Brussels on December 3-4.",
                    "title": "Ukraine urges NATO invitation",
                    "published": "2024-11-29",
                }
            ]
        },
    )

    text: str | None = Field(None, description="Article body as plain text.")
    html: str | None = Field(None, description="A whole HTML page; the body is extracted.")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(
        None, description="Publication date (ISO); anchors relative dates such as 'Friday'."
    )
    publisher: str | None = None


class ArticlesIn(BaseModel):
    """A batch of articles for ``POST /api/articles``."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn]


def build_article(payload: ArticleIn, source: str, config: WebConfig) -> Article:
    """Return the Article a payload describes; raise ``InputError`` when it has none."""
    has_text = bool(payload.text and payload.text.strip())
    has_html = bool(payload.html and payload.html.strip())
    if has_text == has_html:
        raise EmptyInputError(
            source, "send the article as 'text' or as 'html' (exactly one of them, not empty)"
        )
    if has_html:
        first = next(
            iter(
                read_bytes(
                    payload.html.encode("utf-8"),
                    f"{source}.html",
                    config.settings,
                    published=payload.published,
                )
            ),
            None,
        )
        if first is None:
            raise EmptyInputError(source, "no article text found in the HTML")
        if isinstance(first, Failure):
            raise InputError(source, first.message)
        article = first
        if payload.url and not article.url:
            article = Article(**(article.to_dict() | {"url": payload.url, "id": ""}))
    else:
        article = read_text(
            payload.text,
            source=source,
            published=payload.published,
            url=payload.url,
            settings=config.settings,
        )
    if payload.title:
        article.title = payload.title
    if payload.publisher:
        article.publisher = payload.publisher
    return article


def extract_payloads(
    payloads: list[ArticleIn], config: WebConfig, source: str = "api"
) -> list[Extraction | Failure]:
    """Extract every payload in order; a payload that cannot be read becomes a Failure."""
    articles: list[Article] = []
    slots: list[Extraction | Failure | None] = []
    for i, payload in enumerate(payloads):
        name = f"{source}:{i + 1}" if len(payloads) > 1 else source
        try:
            articles.append(build_article(payload, name, config))
            slots.append(None)
        except InputError as exc:
            slots.append(Failure(exc.source, "read", exc.reason))
    nlp = config.load_nlp()
    with config.nlp_lock:  # one spaCy pipeline, used by one request at a time
        results = iter(extract_batch(nlp, articles, config.settings))
    return [slot if slot is not None else next(results) for slot in slots]


def save_results(store: Store, results: list[Extraction | Failure]) -> dict[str, Any]:
    """Save extractions and record failures; return counts and one line per stored article."""
    # The service reports a skipped (not English) article as "skipped" whether it
    # was stored before or not; the response says which.
    present = {
        r.article.id
        for r in results
        if isinstance(r, Extraction) and r.status == "skipped" and store.article(r.article.id)
    }
    articles: list[dict[str, Any]] = []

    def describe(result: Result, outcome: str) -> None:
        if isinstance(result, Failure) or outcome == "failed":
            return
        article = result.article
        is_new = article.id not in present if outcome == "skipped" else outcome == "new"
        articles.append(
            {
                "id": article.id,
                "title": article.title,
                "status": result.status,
                "reason": result.reason,
                "new": is_new,
                "events": len(result.events),
                "api": f"/api/articles/{article.id}",
                "page": f"/articles/{article.id}",
            }
        )

    summary = save_batches(store, [results], on_saved=describe)
    return {
        "new": summary.new,
        "updated": summary.updated,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "articles": articles,
        "failures": [failure.to_dict() for failure in summary.failures],
    }
