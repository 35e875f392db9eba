"""Score cross-article merging on a real corpus plus synthetic rewrites of it.

Reads a JSON Lines corpus (``../shared/corpus/voa/voa_stories.jsonl``),
rewrites a seeded share of its articles (``evaluate.rewrites``: copies,
edited copies, paraphrases from other outlets), extracts originals and
rewrites with the pipeline, then scores:

* duplicate detection (``dedup``), over article pairs. Gold duplicates are an
  original with its ``copy`` and ``edit`` rewrites; a ``paraphrase`` tells the
  same facts in other words and is not a duplicate. Predicted duplicates are
  two articles linked to the same canonical article. Also per kind: the share
  of rewrites linked to their original, and the similarity of each kind to its
  original at a few thresholds.
* event merging (``stories``), over pairs of events from different articles.
  Gold: an event of a rewrite and the event of its original that it retells
  (same type, and its trigger maps into that event's trigger or one of its
  evidence sentences), and two rewrites of one original event. Predicted: two
  events in the same story. Precision counts every other merged pair as
  wrong, including events of two different corpus articles that really are the
  same event (several stories cover one train hijacking), so it is a lower
  bound; those merges are also counted and listed on their own.

Run it: ``python -m eventwire.evaluate.merging [CORPUS] [--share 1.0] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from eventwire.crossdoc.dedup import (
    THRESHOLD,
    compute_signature,
    estimate_similarity,
    link_duplicates,
)
from eventwire.crossdoc.stories import WINDOW_DAYS, Story, build_stories
from eventwire.errors import EvaluationError
from eventwire.evaluate.rewrites import KINDS, Rewrite, make_rewrites
from eventwire.records import Article, Event, Extraction, Failure
from eventwire.settings import Settings

# Kinds of rewrite that are near-duplicates of their original.
DUPLICATE_KINDS = ("copy", "edit")
SWEEP = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def read_corpus(path: Path, limit: int | None = None) -> list[Article]:
    """Read the corpus articles (JSON Lines), in file order, at most ``limit``."""
    from eventwire.ingest import read_paths

    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: corpus not found; pass the voa_stories.jsonl file")
    items = read_paths([path], Settings(processes=1))
    articles = [a for a in items if isinstance(a, Article)]
    if not articles:
        raise EvaluationError(f"{path}: no article could be read")
    return articles[:limit]


def _pair_scores(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(sorted(set(g)), 2)}  # type: ignore[misc]


def score_duplicates(
    originals: list[Article], rewrites: list[Rewrite], threshold: float = THRESHOLD
) -> dict[str, Any]:
    """Score near-duplicate detection on originals and rewrites (see the module docstring)."""
    articles = originals + [r.article for r in rewrites]
    signatures = {a.id: compute_signature(a.text) for a in articles}
    items = [(a.id, a.published, signatures[a.id]) for a in articles]
    gold_groups: dict[str, list[str]] = {a.id: [a.id] for a in originals}
    for r in rewrites:
        if r.kind in DUPLICATE_KINDS:
            gold_groups[r.original_id].append(r.article.id)
    gold = _pairs(gold_groups.values())

    def predicted(at: float) -> tuple[set[tuple[str, str]], dict[str, str]]:
        head = {link.article_id: link.canonical_id for link in link_duplicates(items, at)}
        groups: dict[str, list[str]] = defaultdict(list)
        for a in articles:
            groups[head.get(a.id, a.id)].append(a.id)
        return _pairs(groups.values()), head

    found, head = predicted(threshold)
    result: dict[str, Any] = {
        "threshold": threshold,
        "articles": len(articles),
        "pairs": _pair_scores(len(found & gold), len(found - gold), len(gold - found)),
    }
    linked: dict[str, list[bool]] = defaultdict(list)
    similarity: dict[str, list[float]] = defaultdict(list)
    for r in rewrites:
        root_r = head.get(r.article.id, r.article.id)
        root_o = head.get(r.original_id, r.original_id)
        linked[r.kind].append(root_r == root_o)
        similarity[r.kind].append(
            estimate_similarity(signatures[r.original_id], signatures[r.article.id])
        )
    result["linked"] = {k: round(sum(v) / len(v), 4) for k, v in sorted(linked.items())}
    result["similarity"] = {
        k: {
            "min": min(v),
            "median": sorted(v)[len(v) // 2],
            "max": max(v),
        }
        for k, v in sorted(similarity.items())
    }
    originals_max = 0.0
    for a, b in combinations(originals, 2):
        originals_max = max(originals_max, estimate_similarity(signatures[a.id], signatures[b.id]))
    result["similarity"]["between originals"] = {"max": originals_max}
    result["sweep"] = {}
    for at in SWEEP:
        pairs, _ = predicted(at)
        result["sweep"][str(at)] = _pair_scores(
            len(pairs & gold), len(pairs - gold), len(gold - pairs)
        )
    result["canonical"] = head
    return result


def match_event(event: Event, rewrite: Rewrite, original: Extraction) -> Event | None:
    """Return the event of the original that an event of a rewrite retells, or None.

    Same type, and the rewrite's trigger maps to the original's trigger (best)
    or into one of its evidence sentences; ties go to the earlier event.
    """
    offset = rewrite.to_original(event.trigger_start)
    if offset is None:
        return None
    best: tuple[int, int] | None = None
    for i, candidate in enumerate(original.events):
        if candidate.type != event.type:
            continue
        if (
            candidate.trigger_start
            <= offset
            < max(candidate.trigger_end, candidate.trigger_start + 1)
        ):
            score = 2
        elif any(s <= offset < e for s, e in candidate.evidence) or (
            candidate.sentence_start <= offset < candidate.sentence_end
        ):
            score = 1
        else:
            continue
        if best is None or (-score, i) < (-best[0], best[1]):
            best = (score, i)
    return original.events[best[1]] if best else None


def score_stories(
    originals: list[Extraction],
    rewrites: list[tuple[Rewrite, Extraction]],
    canonical: dict[str, str],
    window_days: int = WINDOW_DAYS,
) -> dict[str, Any]:
    """Cluster all events into stories and score the merging (see the module docstring)."""
    by_id = {ex.article.id: ex for ex in originals}
    extractions = originals + [ex for _, ex in rewrites]
    stories = build_stories(extractions, canonical, window_days)
    family = {ex.article.id: ex.article.id for ex in originals}
    kind_of: dict[str, str] = {ex.article.id: "original" for ex in originals}
    # gold class of an event: the original event it is (or retells)
    gold: dict[tuple[str, str], tuple[str, str]] = {}
    for ex in originals:
        for event in ex.events:
            gold[(ex.article.id, event.key)] = (ex.article.id, event.key)
    retold: dict[str, list[bool]] = defaultdict(list)
    for rewrite, ex in rewrites:
        family[ex.article.id] = rewrite.original_id
        kind_of[ex.article.id] = rewrite.kind
        original = by_id[rewrite.original_id]
        matched = set()
        for event in ex.events:
            target = match_event(event, rewrite, original)
            if target is not None:
                gold[(ex.article.id, event.key)] = (original.article.id, target.key)
                matched.add(target.key)
            else:
                gold[(ex.article.id, event.key)] = (ex.article.id, event.key)
        retold[rewrite.kind].append(len(matched) / len(original.events) if original.events else 1)
    story_of = {(r.article_id, r.key): s.id for s in stories for r in s.reports}
    # a report with no resolved participant or no usable date can only merge as a copy
    placeable = {
        (r.article_id, r.key)
        for s in stories
        for r in s.reports
        if (r.actors or r.recipients) and r.interval is not None
    }

    merged = _cross_article_pairs(story_of)
    gold_pairs = _cross_article_pairs(gold)
    wrong = merged - gold_pairs
    cross = {p for p in wrong if family[p[0][0]] != family[p[1][0]]}
    per_kind: dict[str, list[bool]] = defaultdict(list)
    both_placeable = {p for p in gold_pairs if p[0] in placeable and p[1] in placeable}
    for a, b in gold_pairs:
        kinds = {kind_of[a[0]], kind_of[b[0]]} - {"original"}
        label = "+".join(sorted(kinds)) if kinds else "original"
        per_kind[label].append((a, b) in merged)
    mixed = [s for s in stories if len({family[r.article_id] for r in s.reports}) > 1]
    return {
        "window_days": window_days,
        "events": len(story_of),
        "stories": len(stories),
        "pairs": _pair_scores(len(merged & gold_pairs), len(wrong), len(gold_pairs - merged)),
        "wrong pairs across originals": len(cross),
        "wrong pairs within one original's family": len(wrong) - len(cross),
        "recall where both events are placeable": round(
            len(both_placeable & merged) / max(1, len(both_placeable)), 4
        ),
        "gold pairs with both events placeable": round(
            len(both_placeable) / max(1, len(gold_pairs)), 4
        ),
        "recall by kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(per_kind.items()) if v},
        "events retold by kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(retold.items())},
        "stories joining several originals": len(mixed),
        "examples across originals": [_describe(s, by_id) for s in mixed[:60]],
    }


def _cross_article_pairs(
    group_of: dict[tuple[str, str], Any],
) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """The pairs of events (article id, event key) from two articles that ``group_of``
    puts in one group (a story, a gold class), each pair in sorted order."""
    groups: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for event_ref, group in group_of.items():
        groups[group].append(event_ref)
    return {
        (a, b) for refs in groups.values() for a, b in combinations(sorted(refs), 2) if a[0] != b[0]
    }


def _describe(story: Story, by_id: dict[str, Extraction]) -> dict[str, Any]:
    data = story.to_dict()
    titles = sorted(
        {by_id[r.article_id].article.title or "" for r in story.reports if r.article_id in by_id}
    )
    return {
        "type": data["type"],
        "actors": data["actor_codes"],
        "recipients": data["recipient_codes"],
        "dates": [data["date_begin"], data["date_end"]],
        "titles": titles,
    }


def extract_all(articles: list[Article], processes: int = 1) -> dict[str, Extraction]:
    """Extract articles with the pipeline; return extractions by article id."""
    from eventwire.run.extract import extract_articles

    settings = Settings(processes=processes)
    done = {}
    for result in extract_articles(articles, settings):
        if isinstance(result, Failure):
            raise EvaluationError(f"{result.source}: extraction failed: {result.message}")
        done[result.article.id] = result
    return done


def evaluate_merging(
    corpus: Path,
    share: float = 1.0,
    limit: int | None = None,
    kinds: Iterable[str] = KINDS,
    seed: int = 0,
    threshold: float = THRESHOLD,
    window_days: int = WINDOW_DAYS,
    processes: int = 1,
) -> dict[str, Any]:
    """Score duplicate detection and event merging; see the module docstring.

    ``limit`` keeps the first N corpus articles, ``share`` rewrites that share of
    them (a seeded sample) in each of ``kinds``.
    """
    started = time.perf_counter()
    originals = read_corpus(corpus, limit)
    rewrites = make_rewrites(originals, kinds, share, seed)
    dup = score_duplicates(originals, rewrites, threshold)
    canonical = dup.pop("canonical")
    extracted = extract_all(originals + [r.article for r in rewrites], processes)
    stories = score_stories(
        [extracted[a.id] for a in originals],
        [(r, extracted[r.article.id]) for r in rewrites],
        canonical,
        window_days,
    )
    return {
        "corpus": str(corpus),
        "originals": len(originals),
        "rewrites": dict(Counter(r.kind for r in rewrites)),
        "seed": seed,
        "duplicates": dup,
        "stories": stories,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", nargs="?", default="../shared/corpus/voa/voa_stories.jsonl", type=Path
    )
    parser.add_argument("--share", type=float, default=1.0, help="share of articles rewritten")
    parser.add_argument("--limit", type=int, default=None, help="first N corpus articles only")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument(
        "--window", dest="window_days", metavar="WINDOW", type=int, default=WINDOW_DAYS, help="days"
    )
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        # Each option is stored under the parameter it sets (--window: window_days).
        result = evaluate_merging(**vars(args))
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
