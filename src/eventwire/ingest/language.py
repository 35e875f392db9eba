"""Guess the language of an article body.

Reads: article text. Returns an ISO 639-1 code (langdetect's codes, e.g.
``en``, ``fr``, ``zh-cn``) and the detector's probability. The reader stores
the code on ``Article.language``; the pipeline decides what to extract.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect samples n-grams at random; a fixed seed makes the same text give
# the same answer on every run and in every worker process.
DetectorFactory.seed = 0

# Detection on the first few thousand characters is as reliable as on the
# whole text and keeps long articles cheap.
SAMPLE_CHARS = 4000
SHORT_TEXT_LANGUAGE = "en"


def detect_language(text: str, min_chars: int = 40) -> tuple[str, float]:
    """Return ``(language code, probability)`` for ``text``.

    Texts with fewer than ``min_chars`` letters are too short to judge: they
    are assumed English with probability 0.0, so a caller can tell a guess
    from a measurement.
    """
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return SHORT_TEXT_LANGUAGE, 0.0
    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        return SHORT_TEXT_LANGUAGE, 0.0
    if not candidates:
        return SHORT_TEXT_LANGUAGE, 0.0
    best = candidates[0]
    return best.lang, round(float(best.prob), 4)
