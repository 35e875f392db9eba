"""Near-duplicate articles: MinHash signatures over word shingles, LSH, canonical links.

Reads article texts and publication dates; returns MinHash signatures (bytes,
for the store to keep) and ``DuplicateLink`` records. Writes nothing itself:
``stories.merge_store`` asks the ``Store`` to persist signatures and links.

Why these choices:

* Shingles are runs of ``SHINGLE_WORDS`` (5) lower-cased words. Five words
  are long enough that two independent reports of the same event share few of
  them (the VOA stories share under 0.1 of their shingles pairwise, mostly
  much less), short enough that a header, a footer or a dateline changes
  only a handful.
* ``NUM_PERM`` (128) permutations give a Jaccard estimate with a standard
  error of about 0.035 near 0.8, enough to separate copies (>= 0.9) from
  rewrites (< 0.6) without a second exact pass.
* An article is a duplicate when its estimated Jaccard similarity with a
  canonical article is at least ``THRESHOLD`` (0.8): a wire copy with another
  headline, dateline and a boilerplate line or two keeps well above it on
  articles of a few hundred words; an edited version that changed
  words in most sentences falls below it and is left to event clustering.
  docs/evaluation.md ("Cross-article merging") has the measured figures.
* The LSH index is built for the lower ``CANDIDATE_THRESHOLD`` (0.5) and
  every candidate is checked against the signature estimate: at 0.8 itself an
  index tuned for 0.8 misses more than half the pairs.
* Only canonical articles go into the index, so each article links directly to
  the canonical one (the earliest published, ties by id) and links never
  chain: a copy of a copy that drifted below the threshold of the original
  starts its own group.

Signatures depend only on the text, so they are computed once per article
and kept; linking the whole store again from stored signatures costs about
0.1 ms an article, and processing in publication order makes the links the
same however the articles arrived.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
THRESHOLD = 0.8
CANDIDATE_THRESHOLD = 0.5
# Names the parameters a stored signature was computed with; a signature of
# another scheme is recomputed rather than compared.
SCHEME = f"minhash-affine32-w{SHINGLE_WORDS}-p{NUM_PERM}-s{SEED}"

_WORD = re.compile(r"\w+")
_EMPTY = np.iinfo(np.uint32).max


@dataclass(frozen=True)
class DuplicateLink:
    """An article that is a near-duplicate of ``canonical_id`` (estimated Jaccard similarity)."""

    article_id: str
    canonical_id: str
    similarity: float


def shingle_text(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Return the ``size``-word shingles of ``text`` (one shorter shingle for a short text)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text or "").lower())
    if not words:
        return set()
    return {" ".join(words[i : i + size]).encode() for i in range(max(1, len(words) - size + 1))}


@functools.cache
def _permutations() -> np.ndarray:
    # Drawing the permutations is the slow part of a new MinHash: do it once.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def _minhash(hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme="affine32",
        permutations=_permutations(),
        hashvalues=hashvalues,
    )


def compute_signature(text: str) -> bytes:
    """Return the MinHash signature of ``text`` as ``NUM_PERM`` little-endian uint32 values."""
    minhash = _minhash()
    shingles = shingle_text(text)
    if shingles:
        minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype("<u4").tobytes()


def read_signature(blob: bytes) -> np.ndarray:
    """Return the hash values of a signature made by ``compute_signature``."""
    values = np.frombuffer(blob, dtype="<u4")
    if values.size != NUM_PERM:
        raise ValueError(
            f"a MinHash signature has {values.size} values, expected {NUM_PERM}; "
            f"recompute it with the current scheme ({SCHEME})"
        )
    return values.astype(np.uint32)


def is_empty_signature(values: np.ndarray) -> bool:
    """Is this the signature of a text without words (nothing to compare)?"""
    return bool(np.all(values == _EMPTY))


def estimate_similarity(a: bytes | np.ndarray, b: bytes | np.ndarray) -> float:
    """Return the Jaccard similarity of two texts estimated from their signatures."""
    va = read_signature(a) if isinstance(a, bytes) else a
    vb = read_signature(b) if isinstance(b, bytes) else b
    return float(np.count_nonzero(va == vb)) / NUM_PERM


def order_key(published: str | None, article_id: str) -> tuple[bool, str, str]:
    """Sort key of articles: earliest published first, undated last, ties by id."""
    return (published is None, published or "", article_id)


class DuplicateIndex:
    """Canonical articles in an LSH index; add articles earliest first to link them.

    ``add`` returns the link of a near-duplicate, or None for an article that
    becomes canonical itself (and joins the index).
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold={threshold} must be in (0, 1]")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=min(CANDIDATE_THRESHOLD, threshold), num_perm=NUM_PERM)
        self._values: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._values)

    def add(self, article_id: str, signature: bytes | np.ndarray) -> DuplicateLink | None:
        values = read_signature(signature) if isinstance(signature, bytes) else signature
        if is_empty_signature(values):
            return None
        minhash = _minhash(values)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(minhash):
            similarity = estimate_similarity(values, self._values[candidate])
            if similarity < self.threshold:
                continue
            # Highest similarity wins; among equals the canonical added first
            # (the earliest), so the choice does not depend on set order.
            rank = (-similarity, self._order[candidate])
            if best is None or rank < (-best[0], self._order[best[1]]):
                best = (similarity, candidate)
        if best is not None:
            return DuplicateLink(article_id, best[1], round(best[0], 4))
        self._order[article_id] = len(self._values)
        self._values[article_id] = values
        self._lsh.insert(article_id, minhash, check_duplication=False)
        return None


def link_duplicates(
    items: Iterable[tuple[str, str | None, bytes]], threshold: float = THRESHOLD
) -> list[DuplicateLink]:
    """Link every near-duplicate article to its canonical article.

    ``items`` are ``(article_id, published, signature)``; they are processed
    earliest published first (ties by id), so the result does not depend on
    their order. Returns one link per duplicate, sorted by article id.
    """
    index = DuplicateIndex(threshold)
    links = []
    for article_id, _published, signature in sorted(items, key=lambda x: order_key(x[1], x[0])):
        link = index.add(article_id, signature)
        if link is not None:
            links.append(link)
    return sorted(links, key=lambda link: link.article_id)


def group_duplicates(links: Iterable[DuplicateLink]) -> dict[str, str]:
    """Return ``article_id -> canonical_id`` for the duplicates among ``links``."""
    return {link.article_id: link.canonical_id for link in links}
