"""Score the quotes stage against BRAT attribution annotations (PolNeAR).

Reads: a split directory of the PolNeAR corpus (``dev/`` or ``train/``) with
``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``. Each ``.ann``
holds ``T`` lines (``Source``, ``Cue``, ``Content`` spans, possibly
discontinuous as ``a b;c d``) and ``E`` lines tying them into one attribution.
Where several annotators annotated one article, the first file in name order
is the gold.

Writes nothing; returns a dict of scores, each with precision, recall and F1:

* ``jaccard`` (the headline): a prediction matches a gold attribution when the
  Jaccard index of their content token sets (lower-cased ``\\w+`` words; a
  discontinuous gold content contributes the words of all its parts) is at
  least 0.5; each gold and each prediction is matched at most once (highest
  Jaccard first);
* ``overlap``: predicted and gold contents share at least one character; each
  gold and each prediction is matched at most once (largest overlap first);
* ``exact``: a predicted content span equals a gold content span after both are
  stripped of edge quote marks, punctuation and spaces (discontinuous gold
  spans are compared by their outer bounds).

``jaccard`` and ``overlap`` also hold ``speaker_accuracy``: over their matched
pairs whose gold attribution has a Source (``speaker_pairs``), the share whose
predicted speaker span overlaps the gold Source.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.errors import EvaluationError
from eventwire.evaluate.metrics import pair_greedily
from eventwire.records import Quote
from eventwire.stages.quotes import find_quotes

_EDGE_CHARS = " \t\n\"“”'‘’«».,;:!?—–-"
_ANN_LINE = re.compile(r"^[TE]\d+\t")
_WORD = re.compile(r"\w+")
JACCARD_MIN = 0.5
_FALLBACK_MENTION_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "COUNTRY", "NORP": "COUNTRY"}


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)

    @property
    def bounds(self) -> tuple[int, int]:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


@dataclass
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]


def read_polnear(split_dir: Path) -> list[GoldDocument]:
    """Read one PolNeAR split (a directory with ``text/`` and ``attributions/``)."""
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError(
            f"{split_dir}: expected 'text/' and 'attributions/' subdirectories "
            "(a PolNeAR split such as gold/quotes/polnear/dev)"
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        chosen.setdefault(name, ann)
    docs = []
    for name, ann in sorted(chosen.items()):
        txt = text_dir / f"{name}.txt"
        if not txt.exists():
            raise EvaluationError(f"{ann}: no matching text file {txt.name} in {text_dir}")
        text = txt.read_text(encoding="utf-8")
        docs.append(GoldDocument(name, text, parse_brat(ann.read_text(encoding="utf-8"), ann)))
    if not docs:
        raise EvaluationError(f"{split_dir}: no .ann files found in {ann_dir}")
    return docs


def parse_brat(content: str, origin: Path | str = "<string>") -> list[GoldAttribution]:
    """Turn the T and E lines of one .ann file into attributions with a Content span."""
    spans: dict[str, list[tuple[int, int]]] = {}
    attributions = []
    for line_no, line in enumerate(content.splitlines(), 1):
        # A span whose text holds a newline continues on the next lines: skip those.
        if not _ANN_LINE.match(line):
            continue
        parts = line.split("\t")
        try:
            if line.startswith("T"):
                _label, _, ranges = parts[1].partition(" ")
                spans[parts[0]] = [
                    (int(a), int(b)) for a, b in (r.split() for r in ranges.split(";"))
                ]
            elif line.startswith("E"):
                roles = dict(arg.split(":", 1) for arg in parts[1].split())
                attributions.append(roles)
        except (IndexError, ValueError) as exc:
            raise EvaluationError(f"{origin}:{line_no}: not a BRAT T or E line: {line!r}") from exc
    gold = []
    for roles in attributions:
        content_id = roles.get("Content")
        if content_id is None or content_id not in spans:
            continue
        gold.append(
            GoldAttribution(
                content=spans[content_id],
                source=spans.get(roles.get("Source", ""), []),
                cue=spans.get(roles.get("Cue", ""), []),
            )
        )
    return gold


def add_mentions(doc: Doc) -> Doc:
    """Give the doc its actor mentions: ``actors.find_actors`` when that stage exists,
    else one mention per PERSON/ORG/GPE/NORP entity keyed by its text."""
    try:
        from eventwire.stages.actors import find_actors
    except ImportError:
        mentions = [
            Span(doc, e.start, e.end, label=_FALLBACK_MENTION_LABELS[e.label_], kb_id=e.text)
            for e in doc.ents
            if e.label_ in _FALLBACK_MENTION_LABELS
        ]
        doc.spans["mentions"] = mentions
        return doc
    find_actors(doc)
    return doc


def _normalize(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    return start, end


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def content_tokens(text: str, spans: list[tuple[int, int]]) -> frozenset[str]:
    """The set of lower-cased word tokens in the ``spans`` of ``text``."""
    return frozenset(w.lower() for s, e in spans for w in _WORD.findall(text[s:e]))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard index of two token sets (0.0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def _speaker_counts(
    gold: list[GoldAttribution], predicted: list[Quote], ranked: list[tuple[int, int]]
) -> dict[str, int]:
    """Match (gold, predicted) pairs one to one in ``ranked`` order; count matches and
    speakers right over the matched pairs whose gold has a Source."""
    tp = total = ok = 0
    for j, i in pair_greedily(ranked):
        tp += 1
        if gold[j].source:
            total += 1
            q = predicted[i]
            if q.speaker_start is not None and q.speaker_end is not None:
                ok += _overlap([(q.speaker_start, q.speaker_end)], gold[j].source) > 0
    return {"tp": tp, "speaker_total": total, "speaker_ok": ok}


def score_document(
    text: str, gold: list[GoldAttribution], predicted: list[Quote]
) -> dict[str, int]:
    """Counts for one document (summed over the corpus by ``evaluate_quotes``)."""
    gold_exact = {_normalize(text, *g.bounds) for g in gold}
    pred_exact = [_normalize(text, q.start, q.end) for q in predicted]
    exact_tp = len({p for p in pred_exact if p in gold_exact})
    gold_tokens = [content_tokens(text, g.content) for g in gold]
    overlaps, jaccards = [], []
    for i, q in enumerate(predicted):
        tokens = content_tokens(text, [(q.start, q.end)])
        for j, g in enumerate(gold):
            amount = _overlap([(q.start, q.end)], g.content)
            if amount > 0:
                overlaps.append((amount, i, j))
            index = jaccard(tokens, gold_tokens[j])
            if index >= JACCARD_MIN:
                jaccards.append((index, i, j))
    counts = {"gold": len(gold), "predicted": len(predicted), "exact_tp": exact_tp}
    for name, pairs in (("overlap", overlaps), ("jaccard", jaccards)):
        ranked = [(j, i) for _score, i, j in sorted(pairs, reverse=True)]
        counts |= {f"{name}_{k}": v for k, v in _speaker_counts(gold, predicted, ranked).items()}
    return counts


def _match_scores(totals: dict[str, int], name: str) -> dict[str, float | int]:
    tp, speakers = totals.get(f"{name}_tp", 0), totals.get(f"{name}_speaker_total", 0)
    ok = totals.get(f"{name}_speaker_ok", 0)
    return _prf(tp, totals.get("predicted", 0), tp, totals.get("gold", 0)) | {
        "speaker_accuracy": round(ok / speakers, 4) if speakers else 0.0,
        "speaker_pairs": speakers,
    }


def evaluate_quotes(dir: Path, nlp: Language | None = None) -> dict:
    """Run nlp + mentions + ``find_quotes`` over a PolNeAR split and score the contents."""
    if nlp is None:
        from eventwire.nlp import load_nlp

        nlp = load_nlp()
    began = time.perf_counter()
    docs = read_polnear(Path(dir))
    totals: dict[str, int] = {}
    for gold_doc, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        predicted = find_quotes(add_mentions(doc))
        for key, value in score_document(gold_doc.text, gold_doc.attributions, predicted).items():
            totals[key] = totals.get(key, 0) + value
    exact_tp = totals.get("exact_tp", 0)
    return {
        "documents": len(docs),
        "gold": totals.get("gold", 0),
        "predicted": totals.get("predicted", 0),
        "jaccard": _match_scores(totals, "jaccard"),
        "overlap": _match_scores(totals, "overlap"),
        "exact": _prf(exact_tp, totals.get("predicted", 0), exact_tp, totals.get("gold", 0)),
        "seconds": round(time.perf_counter() - began, 1),
    }
