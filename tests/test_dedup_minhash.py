"""Near-duplicate detection: MinHash signatures, LSH candidates, canonical links."""

from __future__ import annotations

import random

import pytest

from eventwire.crossdoc.dedup import (
    NUM_PERM,
    THRESHOLD,
    DuplicateIndex,
    compute_signature,
    estimate_similarity,
    link_duplicates,
    shingle_text,
)

# A vocabulary of distinct words, so shingle sets and their Jaccard are known exactly.
_WORDS = [f"w{i}" for i in range(5000)]


def _text(start: int, n: int) -> str:
    return " ".join(_WORDS[start : start + n])


def _jaccard(a: str, b: str) -> float:
    sa, sb = shingle_text(a), shingle_text(b)
    return len(sa & sb) / len(sa | sb)


def test_dedup_signature_is_stable_and_sized():
    text = "Russian forces struck the Ukrainian capital overnight, officials said on Friday."
    first = compute_signature(text)
    assert first == compute_signature(text)
    assert len(first) == NUM_PERM * 4
    assert first != compute_signature(text.replace("Friday", "Saturday"))


def test_dedup_shingles_ignore_case_and_punctuation():
    assert shingle_text("The U.N. Security Council met.") == shingle_text(
        "the u n security  council MET"
    )
    assert shingle_text("") == set()
    assert shingle_text("two words") == {b"two words"}


@pytest.mark.parametrize(("extra", "overlap"), [(10, 200), (60, 200), (200, 200), (400, 100)])
def test_dedup_similarity_estimates_jaccard(extra, overlap):
    a = _text(0, overlap + extra)
    b = _text(extra, overlap + extra)
    true = _jaccard(a, b)
    assert abs(estimate_similarity(compute_signature(a), compute_signature(b)) - true) < 0.15


def test_dedup_links_copy_to_earliest_published():
    story = _text(0, 300)
    items = [
        ("b-copy", "2024-11-30T08:00:00", compute_signature("Wire header. " + story)),
        ("a-original", "2024-11-29T12:00:00", compute_signature(story)),
        ("c-other", "2024-11-29T09:00:00", compute_signature(_text(1000, 300))),
    ]
    links = link_duplicates(items)
    assert [(x.article_id, x.canonical_id) for x in links] == [("b-copy", "a-original")]
    assert links[0].similarity >= THRESHOLD
    assert link_duplicates(list(reversed(items))) == links


def test_dedup_ties_broken_by_id_and_undated_last():
    signature = compute_signature(_text(0, 200))
    same_day = [("z", "2024-01-01", signature), ("m", "2024-01-01", signature)]
    assert [(x.article_id, x.canonical_id) for x in link_duplicates(same_day)] == [("z", "m")]
    undated = [("a", None, signature), ("b", "2024-01-02", signature)]
    assert [(x.article_id, x.canonical_id) for x in link_duplicates(undated)] == [("a", "b")]


def test_dedup_links_point_at_canonical_articles_only():
    base = _text(0, 200)
    first, second = base + " " + _text(3000, 5), base + " " + _text(3000, 10)
    links = link_duplicates(
        [
            ("a", "2024-01-01", compute_signature(base)),
            ("b", "2024-01-02", compute_signature(first)),
            ("c", "2024-01-03", compute_signature(second)),
        ]
    )
    assert {x.article_id: x.canonical_id for x in links} == {"b": "a", "c": "a"}


def test_dedup_rewritten_text_below_threshold_is_not_linked():
    rng = random.Random(7)
    words = _text(0, 300).split()
    # change one word in five: the kind of rewrite that is a new article, not a copy
    rewritten = " ".join(w if rng.random() > 0.2 else w.upper() + "x" for w in words)
    index = DuplicateIndex()
    assert index.add("a", compute_signature(" ".join(words))) is None
    assert index.add("b", compute_signature(rewritten)) is None
    assert len(index) == 2


def test_dedup_empty_text_is_never_a_duplicate():
    index = DuplicateIndex()
    assert index.add("a", compute_signature("")) is None
    assert index.add("b", compute_signature("  ")) is None
    assert len(index) == 0


def test_dedup_rejects_bad_threshold_and_signature():
    with pytest.raises(ValueError, match="threshold"):
        DuplicateIndex(threshold=0)
    with pytest.raises(ValueError, match="signature"):
        DuplicateIndex().add("a", b"\x00" * 12)
