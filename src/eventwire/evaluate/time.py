"""Evaluate the times stage against TimeML gold (TimeBank, AQUAINT ``.tml`` files).

Reads ``.tml`` files: the text of the ``<TEXT>`` element with the markup removed
(character offsets are counted in that text, entities decoded), its ``TIMEX3``
elements as gold, and the document creation time (the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"``), which anchors normalization and is not
itself scored. Runs the eventwire pipeline and ``find_times`` on each text and
returns extent precision/recall/F1 (overlap and strict), value precision/recall/F1
and type accuracy.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from eventwire.errors import EvaluationError
from eventwire.evaluate.metrics import prf
from eventwire.records import TimeExpr


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    path: Path
    text: str
    creation_time: str | None
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: Path) -> TimeMLDocument:
    """Read one TimeML file: the ``<TEXT>`` text, its TIMEX3s and the creation time."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"{path}: not a readable TimeML file ({exc})") from exc
    creation = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            creation = timex.get("value")
            break
    body = root.find("TEXT")
    if body is None:
        raise EvaluationError(f"{path}: no <TEXT> element; is this a TimeML (.tml) file?")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            parts.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and element.get("functionInDocument") != "CREATION_TIME":
            text = "".join(parts)[start:length]
            timexes.append(
                GoldTimex(start, length, text, element.get("type", ""), element.get("value", ""))
            )

    walk(body)
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimeMLDocument(Path(path), "".join(parts), creation, timexes)


def find_timeml_files(root: Path) -> list[Path]:
    """All ``.tml`` files under ``root``, sorted."""
    return sorted(Path(root).rglob("*.tml"))


def match_timexes(
    gold: list[GoldTimex], predicted: list[TimeExpr]
) -> list[tuple[GoldTimex, TimeExpr]]:
    """Pair predicted and gold expressions one to one by largest character overlap."""
    pairs = []
    used: set[int] = set()
    for pred in predicted:
        best, best_overlap = None, 0
        for i, g in enumerate(gold):
            if i in used:
                continue
            overlap = min(g.end, pred.end) - max(g.start, pred.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((gold[best], pred))
    return pairs


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    return prf(correct, predicted - correct, gold - correct)


def evaluate_time(paths: Iterable[Path], nlp: Language | None = None) -> dict[str, Any]:
    """Score ``find_times`` on TimeML files; ``nlp`` defaults to eventwire's pipeline.

    Returns counts and, for extents (overlap and strict), values (a prediction is
    correct when it overlaps a gold TIMEX3 with the same value) and types,
    precision/recall/F1; ``type_accuracy`` is over the overlap-matched pairs.
    """
    from eventwire.stages.times import find_times
    from eventwire.stages.times.lexicon import load_lexicon

    documents = [read_timeml(Path(p)) for p in paths]
    if not documents:
        raise EvaluationError("no TimeML files given; pass .tml paths (e.g. ../shared/gold/time)")
    if nlp is None:
        from eventwire.nlp import load_nlp

        nlp = load_nlp()
    load_lexicon()  # compiled once per process; keep it out of the per-document time
    started = time.perf_counter()
    n_gold = n_pred = overlap = strict = value_ok = type_ok = 0
    find_seconds = 0.0
    for gold_doc, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        t0 = time.perf_counter()
        predicted = find_times(doc, gold_doc.creation_time)
        find_seconds += time.perf_counter() - t0
        gold = gold_doc.timexes
        n_gold += len(gold)
        n_pred += len(predicted)
        spans = {(g.start, g.end) for g in gold}
        strict += sum((p.start, p.end) in spans for p in predicted)
        for g, p in match_timexes(gold, predicted):
            overlap += 1
            value_ok += g.value == p.value
            type_ok += g.type == p.type
    return {
        "documents": len(documents),
        "gold": n_gold,
        "predicted": n_pred,
        "extent_overlap": _prf(overlap, n_pred, n_gold),
        "extent_strict": _prf(strict, n_pred, n_gold),
        "value": _prf(value_ok, n_pred, n_gold),
        "type_accuracy": round(type_ok / overlap, 4) if overlap else 0.0,
        "seconds": round(time.perf_counter() - started, 2),
        "find_ms_per_document": round(1000 * find_seconds / len(documents), 3),
    }
