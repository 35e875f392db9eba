"""Titles of plain-text articles: the first-line rule eventwire had against the one it has.

The text reader takes the first line of a plain-text article for its title
when the line reads as a headline. Two rules are compared:

  before     the rule eventwire had (kept here): a line of at most 200
             characters and 30 words that does not end with ``. , ; :`` (nor
             with ``.``, ``!`` or ``?`` before a closing quote);
  eventwire  ``ingest.text.reads_as_title`` as it is, through ``read_text``.

Inputs (plain text as a user would have it; each with the title it should get):

  gold articles   ../shared/gold/articles/texts as they are; the manifest
                  gives each title, expected when the file starts with it
                  (PolNeAR files do, with a final full stop; VOA texts start
                  with the story, so no title is expected);
  pages + title   the 181 pages of ../shared/gold/html: the page's title (as
                  eventwire's HTML reader finds it), a blank line, then the
                  hand-made main text of ground-truth.json;
  pages, body     the same main texts alone: any title found is false;
  VOA + title     ../shared/corpus/voa: headline, blank line, story;
  VOA + title.    the same with a full stop added to each headline (built
                  here: how PolNeAR and many archives write headlines);
  VOA, body       the stories alone;
  VOA, lead       the stories with their first sentence made a paragraph of
                  its own (built here: wire copy often has one-sentence
                  paragraphs), the hardest case for a rule that accepts a
                  first line ending with a full stop; any title is false.

Prints, per input set and rule: articles, titles expected, titles found
right, titles missed, false titles (found where none is expected, or a
different line); how many VOA lead sentences are headline-shaped; and the
false titles of eventwire's rule on the body-only sets. Run: ``python benchmarks/titles.py``.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from eventwire.errors import InputError
from eventwire.ingest import read_bytes, read_text
from eventwire.ingest.text import is_headline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "gold"
VOA = SHARED / "corpus" / "voa" / "voa_stories.jsonl"

_OLD_SENTENCE_END = re.compile(r"[.,;:]$|[.!?][\"'”’)]$")


def title_before(text: str) -> str | None:
    """The title the rule eventwire had gives a plain text (its first line, or None)."""
    lines = [line.strip() for line in text.strip().split("\n")]
    first = lines[0]
    shaped = (
        0 < len(first) <= 200 and len(first.split()) <= 30 and not _OLD_SENTENCE_END.search(first)
    )
    return first if shaped and any(lines[1:]) else None


def title_now(text: str) -> str | None:
    try:
        return read_text(text).title
    except InputError:
        return None


def same(a: str | None, b: str | None) -> bool:
    return (a is None) == (b is None) and (a is None or a.split() == b.split())


def gold_articles() -> list[tuple[str, str | None]]:
    manifest = json.loads((GOLD / "articles" / "manifest.json").read_text(encoding="utf-8"))
    cases = []
    for entry in manifest:
        text = (GOLD / "articles" / entry["file"]).read_text(encoding="utf-8")
        first = text.strip().split("\n")[0].strip()
        title = entry["title"]
        starts_with_title = first.rstrip(".").split() == title.rstrip(".").split()
        cases.append((text, first if starts_with_title else None))
    return cases


def gold_pages() -> list[tuple[str, str]]:
    """(page title, main text) of the HTML benchmark pages that have both."""
    truth = json.loads((GOLD / "html" / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((GOLD / "html" / "html").iterdir()):
        body = (truth.get(path.name.split(".")[0]) or {}).get("articleBody") or ""
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        read = next(iter(read_bytes(data, path.name.removesuffix(".gz"))), None)
        title = getattr(read, "title", None)
        if title and body.strip():
            pages.append((title.strip(), body.strip()))
    return pages


def voa() -> list[tuple[str, str]]:
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]
    return [(s["title"].strip(), s["text"].strip()) for s in stories if s.get("title")]


_FIRST_SENTENCE_END = re.compile(r"([a-z0-9]{2}[.!?][\"”’]?)\s+(?=[\"“‘]?[A-Z])")


def _lead_paragraph(story: str) -> str:
    """The story with a blank line after its first sentence."""
    return _FIRST_SENTENCE_END.sub("\\1\n\n", story, count=1)


def score(cases: list[tuple[str, str | None]], rule) -> dict[str, int]:
    counts = {"articles": len(cases), "expected": 0, "right": 0, "missed": 0, "false": 0}
    for text, expected in cases:
        found = rule(text)
        counts["expected"] += expected is not None
        if expected is not None and same(found, expected):
            counts["right"] += 1
        elif found is not None:
            counts["false"] += 1
        elif expected is not None:
            counts["missed"] += 1
    return counts


def main() -> None:
    pages = gold_pages()
    stories = voa()
    sets = {
        "gold articles": gold_articles(),
        "pages + title": [(f"{t}\n\n{b}", t) for t, b in pages],
        "pages, body": [(b, None) for _, b in pages],
        "VOA + title": [(f"{t}\n\n{b}", t) for t, b in stories],
        "VOA + title.": [(f"{t.rstrip('.')}.\n\n{b}", f"{t.rstrip('.')}.") for t, b in stories],
        "VOA, body": [(b, None) for _, b in stories],
        "VOA, lead": [(_lead_paragraph(b), None) for _, b in stories],
    }
    header = f"{'input':<15} {'rule':<10} {'articles':>8} {'expected':>8} {'right':>6} "
    print(header + f"{'missed':>6} {'false':>6}")
    for name, cases in sets.items():
        for label, rule in (("before", title_before), ("eventwire", title_now)):
            c = score(cases, rule)
            print(
                f"{name:<15} {label:<10} {c['articles']:>8} {c['expected']:>8} {c['right']:>6} "
                f"{c['missed']:>6} {c['false']:>6}"
            )
    shaped = sum(is_headline(text.split("\n")[0]) for text, _ in sets["VOA, lead"])
    print(f"\nVOA, lead: {shaped} first sentences are headline-shaped (is_headline)")
    print("\nfalse titles of eventwire's rule on the body-only sets:")
    for name in ("pages, body", "VOA, body", "VOA, lead"):
        for text, _ in sets[name]:
            found = title_now(text)
            if found is not None:
                print(f"  {name}: {found!r}")


if __name__ == "__main__":
    main()
