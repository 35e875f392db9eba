"""Extraction runs: articles in, one ``Extraction`` (or ``Failure``) per article out.

Reads ``Article`` records (from ``eventwire.ingest``), checks that each can
be extracted (``check_article``: language, length), parses the batch with
one ``nlp.pipe`` and runs the stages on each Doc (``pipeline.build_extraction``).
Non-English articles come back as ``Extraction`` with ``status="skipped"``
and a reason, so the store keeps them without extracting. ``extract_articles``
spreads batches over worker processes, each loading the model once (after
``warm_up`` in the parent, when workers are forked); ``extract`` reads and
extracts one text or file. Writes nothing.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import InputError
from eventwire.ingest import read_paths, read_text
from eventwire.records import Article, Extraction, Failure
from eventwire.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy and the stages (``eventwire.nlp``, ``eventwire.pipeline``) are imported when
# the first article is extracted: importing them takes about a second, which an ingest
# that finds every article stored already (a re-run) never needs to spend.

Result = Extraction | Failure
# Batches handed to the worker processes ahead of the one being collected, per process.
AHEAD_BATCHES = 2


def check_article(article: Article, settings: Settings) -> Result | None:
    """A result for an article that must not be parsed, else None."""
    if article.language and article.language != settings.language:
        return Extraction(
            article=article,
            status="skipped",
            reason=f"language '{article.language}' is not '{settings.language}'; "
            "stored without extraction",
        )
    if not article.text.strip():
        return Failure(article.source, "extract", "article has no body text", article.id)
    if len(article.text) > settings.max_article_chars:
        return Failure(
            article.source,
            "extract",
            f"body has {len(article.text):,} characters, more than the limit of "
            f"{settings.max_article_chars:,}; split it or raise EVENTWIRE_MAX_ARTICLE_CHARS",
            article.id,
        )
    return None


def extract_batch(nlp: Language, articles: list[Article], settings: Settings) -> list[Result]:
    """Extract a batch in this process: one ``nlp.pipe`` over the parseable articles."""
    from eventwire.pipeline import build_extraction

    results: list[Result | None] = [check_article(a, settings) for a in articles]
    todo = [i for i, r in enumerate(results) if r is None]
    docs = nlp.pipe((articles[i].text for i in todo), batch_size=settings.batch_size)
    for i, doc in zip(todo, docs, strict=True):
        try:
            results[i] = build_extraction(doc, articles[i])
        except Exception as exc:  # one bad article must not stop the batch
            results[i] = Failure(
                articles[i].source,
                "extract",
                f"extraction failed ({type(exc).__name__}: {exc}); please report this input",
                articles[i].id,
            )
    return [r for r in results if r is not None]


# A short text that touches every stage, so their lexicons and indexes load.
# Its title-case first line loads the headline parser's word lists too.
_WARM_TEXT = (
    "Ukraine Asks Allies For More Air Defence Systems\n\n"
    "Ukrainian Foreign Minister Andrii Sybiha said on Friday that Russia attacked Kyiv. "
    '"We will meet in Brussels next week," he told Reuters.'
)


def warm_up() -> Language:
    """Load the model and every stage's data once, in this process.

    Called before worker processes are forked so they share it all instead
    of each loading it again (the place index alone takes seconds).
    """
    from eventwire.nlp import load_nlp
    from eventwire.pipeline import build_extraction
    from eventwire.stages.actors.dictionary import load_actor_dictionary, user_actor_file

    nlp = load_nlp()
    load_actor_dictionary(user_actor_file()).prepare()
    build_extraction(nlp(_WARM_TEXT), Article(text=_WARM_TEXT, published="2024-11-29"))
    return nlp


_WORKER: dict[str, object] = {}


def _init_worker(settings: Settings) -> None:
    from eventwire.nlp import load_nlp

    _WORKER["nlp"] = load_nlp()
    _WORKER["settings"] = settings


def _work(articles: list[Article]) -> list[Result]:
    return extract_batch(_WORKER["nlp"], articles, _WORKER["settings"])  # type: ignore[arg-type]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def extract_articles(
    articles: Iterable[Article | Failure], settings: Settings | None = None
) -> Iterator[Result]:
    """Extract every article, in input order, on ``settings.processes`` processes.

    ``Failure`` records in the input (from ingest) pass straight through, so
    a caller can feed ``read_paths`` output in directly.
    """
    settings = settings or Settings()
    passthrough: list[Failure] = []

    def only_articles() -> Iterator[Article]:
        for item in articles:
            if isinstance(item, Failure):
                passthrough.append(item)
            else:
                yield item

    def drain() -> Iterator[Failure]:
        while passthrough:
            yield passthrough.pop(0)

    chunks = _chunks(only_articles(), settings.batch_size)
    first = next(chunks, None)
    if first is None:  # nothing to extract (all stored before): the model is never loaded
        yield from drain()
        return
    chunks = itertools.chain([first], chunks)
    if settings.processes <= 1:
        nlp = warm_up()
        for chunk in chunks:
            yield from drain()
            yield from extract_batch(nlp, chunk, settings)
        yield from drain()
        return
    fork = os.name == "posix"
    if fork:
        warm_up()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    with context.Pool(settings.processes, initializer=_init_worker, initargs=(settings,)) as pool:
        # The input is read here, in this thread, a few batches ahead of the workers
        # (Pool.imap would read all of it at once, in a thread of its own): memory
        # stays bounded on a large file, and the caller's generator (which may ask
        # the store what is stored already) runs in the caller's thread.
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= AHEAD_BATCHES * settings.processes:
                results = pending.popleft().get()
                yield from drain()
                yield from results
        while pending:
            results = pending.popleft().get()
            yield from drain()
            yield from results
    yield from drain()


def extract(text_or_path: str | Path, published: str | None = None) -> Extraction:
    """Extract one article from a string of text or from a file path.

    A path is read with the matching ingest reader (text, HTML, JSON Lines,
    feed; the first article of the file). ``published`` (ISO date) anchors
    relative dates when the input has none. Raises ``InputError`` when the
    input cannot be read or extracted.
    """
    settings = Settings(processes=1)
    path = Path(text_or_path) if isinstance(text_or_path, Path) else None
    if path is None and isinstance(text_or_path, str) and "\n" not in text_or_path:
        try:
            if Path(text_or_path).is_file():
                path = Path(text_or_path)
        except OSError:  # a long one-line text is not a file name
            path = None
    if path is not None:
        first = next(iter(read_paths([path], settings, published=published)), None)
        if first is None:
            raise InputError(str(path), "no article found in this file")
        if isinstance(first, Failure):
            raise InputError(first.source, first.message)
        article = first
    else:
        article = read_text(str(text_or_path), published=published)
    from eventwire.nlp import load_nlp

    result = extract_batch(load_nlp(), [article], settings)[0]
    if isinstance(result, Failure):
        raise InputError(result.source, result.message)
    return result
