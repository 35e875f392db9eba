"""Guess the language of an article body.

Reads: article text. Returns an ISO 639-1 code (langdetect's codes, e.g.
``en``, ``fr``, ``zh-cn``) and the detector's probability. The reader stores
the code on ``Article.language``; the pipeline decides what to extract.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect samples n-grams at random; a fixed seed makes the same text give
# the same answer on every run and in every worker process.
DetectorFactory.seed = 0

# Detection on the first few thousand characters is as reliable as on the
# whole text and keeps long articles cheap.
SAMPLE_CHARS = 4000
SHORT_TEXT_LANGUAGE = "en"
# Share of English function words above which a text is English without
# asking langdetect (running prose in English sits around 0.35-0.50; other
# languages written in Latin script rarely pass 0.05).
ENGLISH_SHARE = 0.2
_WORD = re.compile(r"[a-z']+")


@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The English function words of ``data/english_function_words.txt``."""
    text = resources.files("eventwire.data").joinpath("english_function_words.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def english_share(text: str) -> float:
    """Share of the words of ``text`` that are English function words."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    common = function_words()
    return sum(w in common for w in words) / len(words)


def detect_language(text: str, min_chars: int = 40) -> tuple[str, float]:
    """Return ``(language code, probability)`` for ``text``.

    Texts with fewer than ``min_chars`` letters are too short to judge: they
    are assumed English with probability 0.0, so a caller can tell a guess
    from a measurement.
    """
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return SHORT_TEXT_LANGUAGE, 0.0
    # Fast path: the n-gram detector costs tens of milliseconds per article,
    # more than the rest of ingest; plain English prose is obvious.
    share = english_share(sample[:1500])
    if share >= ENGLISH_SHARE:
        return "en", round(min(0.99, 0.5 + share), 4)
    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        return SHORT_TEXT_LANGUAGE, 0.0
    if not candidates:
        return SHORT_TEXT_LANGUAGE, 0.0
    best = candidates[0]
    return best.lang, round(float(best.prob), 4)
