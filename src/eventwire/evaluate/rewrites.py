"""Synthetic rewrites of real articles: copies and paraphrases that keep the facts.

Reads ``Article`` records and the rules in ``data/rewrites.json`` (synonyms,
abbreviations, invented outlets, headline prefixes, boilerplate); returns
``Rewrite`` records: a new ``Article`` from another outlet plus the map from
its characters back to the original's, which the merging evaluation uses to
tell which event of the rewrite reports which event of the original.

Three kinds, from lightest to heaviest, each deterministic for a seed:

* ``copy``: a wire re-publication. Same body plus the outlet's footer line,
  a headline prefix, another URL and publisher, published 1-6 hours later.
* ``edit``: a lightly edited copy. A copy with a dateline ("OUTLET — "),
  up to three synonym substitutions and one boilerplate sentence inserted
  after the second sentence; 2-12 hours later.
* ``paraphrase``: the same facts in other words. The listed synonyms
  substituted outside quotations (nine matches in ten), adjacent sentences
  after the lead swapped (half of the pairs), one or two boilerplate
  sentences added, a dateline and a new headline; 3-30 hours later.

Nothing here changes numbers, dates, names or quoted words, so every event of
the original is still told by the rewrite.
"""

from __future__ import annotations

import bisect
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import resources

from eventwire.records import Article

KINDS = ("copy", "edit", "paraphrase")
# Hours after the original at which each kind is published (lowest, highest).
_DELAY_HOURS = {"copy": (1, 6), "edit": (2, 12), "paraphrase": (3, 30)}
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]$")


@dataclass(frozen=True)
class RewriteRules:
    """The word lists of ``data/rewrites.json``."""

    synonyms: dict[str, str]
    abbreviations: frozenset[str]
    outlets: tuple[dict[str, str], ...]
    headline_prefixes: tuple[str, ...]
    boilerplate: tuple[str, ...]
    footers: tuple[str, ...]
    pattern: re.Pattern[str] = field(repr=False, compare=False, default=re.compile("(?!)"))


@cache
def load_rules() -> RewriteRules:
    """Read ``data/rewrites.json`` once."""
    text = resources.files("eventwire.data").joinpath("rewrites.json").read_text("utf-8")
    data = json.loads(text)
    synonyms = {k.lower(): v for k, v in data["synonyms"].items()}
    # Longest first, so "more than" wins over a shorter entry at the same place.
    words = sorted(synonyms, key=lambda w: (-len(w), w))
    # Whole words only, and not part of a hyphenated word ("cross-country").
    alternatives = "|".join(re.escape(w) for w in words)
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)
    return RewriteRules(
        synonyms=synonyms,
        abbreviations=frozenset(a.lower() for a in data["abbreviations"]),
        outlets=tuple(data["outlets"]),
        headline_prefixes=tuple(data["headline_prefixes"]),
        boilerplate=tuple(data["boilerplate"]),
        footers=tuple(data["footers"]),
        pattern=pattern,
    )


@dataclass
class Rewrite:
    """A rewritten article and where its characters come from in the original.

    ``segments`` are ``(start, end, original_start, original_end)``: a piece of
    the rewrite text copied from (or substituted for) that piece of the
    original; text the rewrite added has no segment.
    """

    article: Article
    original_id: str
    kind: str
    segments: list[tuple[int, int, int, int]]

    def to_original(self, offset: int) -> int | None:
        """Map a character offset of the rewrite to the original's, or None for added text."""
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        start, end, o_start, o_end = self.segments[i]
        if offset >= end:
            return None
        if end - start == o_end - o_start:
            return o_start + offset - start
        return o_start  # a substituted word: its first character


def split_sentences(text: str, rules: RewriteRules | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence of ``text`` (spaces between them excluded)."""
    rules = rules or load_rules()
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start : m.start() + 1]
        last = _LAST_WORD.search(head)
        word = last.group(1).lower().rstrip(".") if last else ""
        # "U.S. officials", "Gen. Smith", "J. Smith": a period that ends a word, not a sentence
        if text[m.start()] == "." and (word in rules.abbreviations or re.fullmatch(r"[a-z]", word)):
            continue
        end = m.start() + len(m.group(0).rstrip())
        spans.append((start, end))
        start = m.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return [s for s in spans if s[1] > s[0]]


class _Builder:
    """Build a rewrite text piece by piece, keeping the map back to the original."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[tuple[int, int, int, int]] = []

    def add(self, text: str, original: tuple[int, int] | None = None) -> None:
        if not text:
            return
        if original is not None:
            self.segments.append((self.length, self.length + len(text), *original))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _match_case(word: str, replacement: str) -> str:
    if word.isupper() and len(word) > 1:
        return replacement.upper()
    if word[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _substitutions(
    text: str, span: tuple[int, int], rules: RewriteRules
) -> list[tuple[int, int, str]]:
    """Return the synonym matches ``(start, end, replacement)`` in a sentence, outside quotes."""
    start, end = span
    quoted = [(m.start() + start, m.end() + start) for m in _QUOTED.finditer(text[start:end])]
    found = []
    for m in rules.pattern.finditer(text, start, end):
        if any(q0 <= m.start() < q1 for q0, q1 in quoted):
            continue
        found.append(
            (m.start(), m.end(), _match_case(m.group(0), rules.synonyms[m.group(0).lower()]))
        )
    return found


def _add_sentence(
    builder: _Builder, text: str, span: tuple[int, int], chosen: set[tuple[int, int, str]]
) -> None:
    """Append one original sentence, with the chosen substitutions applied."""
    position = span[0]
    for s, e, replacement in sorted(x for x in chosen if span[0] <= x[0] < span[1]):
        builder.add(text[position:s], (position, s))
        builder.add(replacement, (s, e))
        position = e
    builder.add(text[position : span[1]], (position, span[1]))


def _published_later(published: str | None, hours: float) -> str | None:
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return published
    later = when + timedelta(hours=hours)
    return later.replace(tzinfo=None).isoformat(timespec="seconds")


def _slug(title: str | None, fallback: str) -> str:
    words = re.findall(r"[a-z0-9]+", (title or "").lower())[:8]
    return "-".join(words) or fallback


def rewrite_article(
    article: Article, kind: str, seed: int = 0, rules: RewriteRules | None = None
) -> Rewrite:
    """Return a ``kind`` rewrite of ``article`` (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not one of {', '.join(KINDS)}")
    rules = rules or load_rules()
    rng = random.Random(f"{seed}:{article.id}:{kind}")
    outlet = rng.choice(rules.outlets)
    year = (article.published or "2025")[:4]

    def fill(template: str) -> str:
        return template.replace("{outlet}", outlet["name"]).replace("{year}", year)

    text = article.text
    sentences = split_sentences(text, rules)
    order = list(range(len(sentences)))
    chosen: set[tuple[int, int, str]] = set()
    inserts: dict[int, list[str]] = {}  # after sentence i (in new order): added sentences
    if kind == "edit":
        matches = [m for span in sentences for m in _substitutions(text, span, rules)]
        chosen = set(rng.sample(matches, min(3, len(matches))))
        inserts[min(1, len(order) - 1)] = [fill(rng.choice(rules.boilerplate))]
    elif kind == "paraphrase":
        matches = [m for span in sentences for m in _substitutions(text, span, rules)]
        chosen = {m for m in matches if rng.random() < 0.9}
        i = 1
        while i + 1 < len(order):
            if rng.random() < 0.5:
                order[i], order[i + 1] = order[i + 1], order[i]
                i += 2
            else:
                i += 1
        for line in rng.sample(rules.boilerplate, rng.choice((1, 2))):
            inserts.setdefault(rng.randrange(1, max(2, len(order))), []).append(fill(line))

    builder = _Builder()
    if kind != "copy":
        builder.add(f"{outlet['name'].upper()} — ")
    for position, index in enumerate(order):
        if position:
            builder.add(" ")
        _add_sentence(builder, text, sentences[index], chosen)
        for line in inserts.get(position, []):
            builder.add(" " + line)
    if kind != "paraphrase":
        builder.add(" " + fill(rng.choice(rules.footers)))

    title = article.title or ""
    if kind == "paraphrase" and title:
        title_builder = _Builder()
        subs = set(_substitutions(title, (0, len(title)), rules))
        _add_sentence(title_builder, title, (0, len(title)), subs)
        title = title_builder.text()
    title = rng.choice(rules.headline_prefixes) + title if title else title
    low, high = _DELAY_HOURS[kind]
    body = builder.text()
    slug = _slug(title, article.id)
    new = Article(
        text=body,
        title=title or None,
        url=f"https://{outlet['host']}/{year}/{slug}-{rng.randrange(10**6, 10**7)}",
        published=_published_later(article.published, rng.uniform(low, high)),
        published_source=article.published_source,
        publisher=outlet["name"],
        section=article.section,
        author=None,
        keywords=list(article.keywords),
        language=article.language,
        source=f"rewrite:{kind}:{article.id}",
        format=article.format,
    )
    return Rewrite(new, article.id, kind, builder.segments)


def make_rewrites(
    articles: Iterable[Article],
    kinds: Iterable[str] = KINDS,
    share: float = 1.0,
    seed: int = 0,
) -> list[Rewrite]:
    """Rewrite a seeded sample (``share`` of the articles, by id) in each of ``kinds``."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share={share} must be between 0 and 1")
    pool = sorted(articles, key=lambda a: a.id)
    chosen = random.Random(seed).sample(pool, round(len(pool) * share))
    rules = load_rules()
    return [
        rewrite_article(article, kind, seed, rules)
        for article in sorted(chosen, key=lambda a: a.id)
        for kind in kinds
    ]
