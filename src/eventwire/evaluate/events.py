"""Score the event coder on PLOVER gold data (``eventwire eval events``).

Reads two gold formats:

* PLOVER GSR JSON (``PLOVER_GSR_CAMEO.json``): one record per coded sentence,
  its ``textInfo.markup`` marking ``(SRC: ...)``, ``(TAR: ...)`` and
  ``(SRC/TAR: ...)``. Old labels are mapped: DEMAND -> REQUEST, DISAPPROVE
  and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
* PLV-style TSV (``PLV_train.tsv``): ``marked_sentence`` with ``<s>...</s>``
  (source) and ``<t>...</t>`` (target), and a ``gold_root`` column (event
  type) or ``gold_penta`` (quad class 1-4).

Two scores:

* dyad mode: given the marked source and target, which event type links
  them (``evaluate.dyad.code_dyad``). CONCEDE and RETREAT count as YIELD, which
  is material cooperation (quad class 2) as in CAMEO's quad classes. Scored as
  per-class P/R/F1, macro-F1, accuracy, a confusion matrix and, where gold
  types or quad classes are known, quad-class accuracy.
* open mode: run the actors stage and the event coder on the bare sentence
  (nothing from the gold goes in) and keep the events at or above the
  default confidence cut, as a user sees them; a sentence is a hit when some
  event has the gold type (YIELD as above), an actor that overlaps the
  marked source and, when a target is marked, a recipient that overlaps it
  (for reciprocal types, CONSULT, COOPERATE, AGREE and SUPPORT, a co-actor
  may overlap it). A participant overlaps when its words or any mention of
  the actor it resolves to do ("it" resolved to Slovakia). Precision counts
  every event shown (a sentence has one gold event, so another real event
  in it counts against us: the figure is a lower bound); recall counts gold
  sentences.

Dyad mode is type choice given the gold participants: it says how well the
coder picks a type, not how well eventwire finds events. What users see is
scored by ``eventwire eval articles`` (``evaluate.articles``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import EvaluationError
from eventwire.evaluate.metrics import overlaps, prf, score_labels

OLD_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
YIELD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "YIELD": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


@dataclass
class GoldEvent:
    """One gold sentence: text, marked source/target spans, type and/or quad class."""

    id: str
    text: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    type: str | None  # mapped PLOVER type (YIELD for CONCEDE/RETREAT)
    quad: int | None


def dyad_label(event_type: str | None) -> str | None:
    if event_type is None:
        return None
    event_type = OLD_LABELS.get(event_type, event_type)
    return YIELD.get(event_type, event_type)


_MARK = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC)\s*:\s*([^()]*)\)")


def strip_markup(markup: str) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Plain text from GSR markup and the character spans of each tag."""
    out: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {"SRC": [], "TAR": []}
    pos = 0
    length = 0
    for m in _MARK.finditer(markup):
        before = markup[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(2).strip()
        start = length
        out.append(inner)
        length += len(inner)
        for tag in m.group(1).split("/"):
            if tag in spans:
                spans[tag].append((start, length))
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), spans


def _cover(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def read_gsr(path: Path) -> Iterator[GoldEvent]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for rec in data:
        label = rec.get("event")
        info = rec.get("textInfo")
        markup = info.get("markup") if isinstance(info, dict) else None
        if not label or label == "DOCUMENT" or not markup:
            continue
        text, spans = strip_markup(markup)
        source = _cover(spans["SRC"])
        if source is None:
            continue
        target = _cover([s for s in spans["TAR"] if s not in spans["SRC"]]) or _cover(spans["TAR"])
        event_type = dyad_label(label)
        yield GoldEvent(rec.get("id", ""), text, source, target, event_type, QUAD.get(event_type))


_TAG = re.compile(r"</?[st]>\s*", re.IGNORECASE)


def _strip_tags(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    opened: dict[str, int] = {}
    pos = 0
    length = 0
    for m in re.finditer(r"<(/?)([st])>", marked, re.IGNORECASE):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        tag = m.group(2).lower()
        if m.group(1):
            start = opened.pop(tag, length)
            # trim whitespace inside the marked span
            inner = "".join(out)[start:length]
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            spans[tag] = (start + lead, length - trail)
        else:
            opened[tag] = length
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def read_plv(path: Path) -> Iterator[GoldEvent]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            marked = row.get("marked_sentence") or ""
            if "<s>" not in marked.lower():
                continue
            text, spans = _strip_tags(marked)
            root = (row.get("gold_root") or "").strip() or None
            quad_text = (row.get("gold_penta") or "").strip()
            quad = int(quad_text) if quad_text.isdigit() else None
            event_type = dyad_label(root)
            if quad is None and event_type is not None:
                quad = QUAD.get(event_type)
            yield GoldEvent(
                row.get("sentence_id") or row.get("") or "",
                text,
                spans.get("s"),
                spans.get("t"),
                event_type,
                quad,
            )


def read_gold(path: Path) -> list[GoldEvent]:
    """Gold sentences from a GSR .json or a PLV-style .tsv file."""
    if not path.exists():
        raise EvaluationError(f"{path}: no such file; pass a PLOVER GSR .json or PLV .tsv file")
    if path.suffix == ".json":
        return list(read_gsr(path))
    if path.suffix in (".tsv", ".txt"):
        return list(read_plv(path))
    raise EvaluationError(
        f"{path}: unknown gold format; expected PLOVER GSR JSON (.json) or PLV TSV (.tsv)"
    )


def evaluate_events(path: Path, mode: str = "both", limit: int | None = None) -> dict:
    """Dyad and/or open-mode scores of the coder on one gold file."""
    from eventwire.evaluate.dyad import code_dyad
    from eventwire.nlp import load_nlp
    from eventwire.pipeline import set_actors
    from eventwire.settings import Settings
    from eventwire.stages.events import find_events

    cut = Settings.from_env().min_confidence
    gold = read_gold(path)[:limit] if limit else read_gold(path)
    if not gold:
        raise EvaluationError(f"{path}: no gold sentences with a marked source found")
    nlp = load_nlp()
    dyad_pairs: list[tuple[str, str | None]] = []
    quad_pairs: list[tuple[str, str | None]] = []
    open_tp = open_pred = open_gold = 0
    for g, doc in zip(gold, nlp.pipe(g.text for g in gold), strict=True):
        actors = set_actors(doc)._.actors
        if mode in ("dyad", "both"):
            predicted = dyad_label(code_dyad(doc, g.source, g.target))
            if g.type is not None:
                dyad_pairs.append((g.type, predicted))
            if g.quad is not None:
                quad_pairs.append((str(g.quad), str(QUAD[predicted]) if predicted else None))
        if mode in ("open", "both") and g.type is not None:
            # no times, places or publication date
            events = [e for e in find_events(doc) if e.confidence >= cut]
            spans = {a.key: [(m.start, m.end) for m in a.mentions] for a in actors}
            open_gold += 1
            open_pred += len(events)
            open_tp += any(_open_hit(e, g, spans) for e in events)
    result: dict = {"file": str(path), "sentences": len(gold)}
    if dyad_pairs:
        result["dyad"] = score_labels(dyad_pairs)
    if quad_pairs:
        result["quad"] = score_labels(quad_pairs)
    if mode in ("open", "both") and open_gold:
        scores = prf(open_tp, max(open_pred - open_tp, 0), open_gold - open_tp)
        result["open"] = scores | {
            "hits": open_tp,
            "predicted": open_pred,
            "gold": open_gold,
            "min_confidence": cut,
        }
    return result


RECIPROCAL = {"CONSULT", "COOPERATE", "AGREE", "SUPPORT"}


def _open_hit(event, gold: GoldEvent, spans: dict) -> bool:
    """Gold type, actor over the marked source, recipient over the marked
    target. For reciprocal types PLOVER lists all parties as actors
    ("Canada and Costa Rica agreed"), so the target may be an actor there."""
    if dyad_label(event.type) != gold.type or not overlaps(event.actors, gold.source, spans):
        return False
    if gold.target is None or overlaps(event.recipients, gold.target, spans):
        return True
    return event.type in RECIPROCAL and overlaps(event.actors, gold.target, spans)
