"""Score the places stage against geoparsing gold corpora (LGL, TR-News, GeoVirus).

Reads one corpus XML file from ``gold/geo``. Two layouts are understood, and
a file in any other layout is refused with an ``EvaluationError``:

* LGL and TR-News: ``<article>`` with ``<text>`` and ``<toponyms>``, each
  ``<toponym>`` holding ``<start>``, ``<end>``, ``<phrase>`` and, when the
  annotators could place it, a ``<gaztag>`` with ``<lat>``/``<lon>``;
* GeoVirus: ``<article>`` with ``<text>`` and ``<locations>``, each
  ``<location>`` holding ``<name>``, ``<start>``, ``<end>``, ``<lat>``, ``<lon>``.

Writes nothing; runs ``nlp`` and ``places.find_places`` on every text and
returns a dict of scores:

* ``precision``/``recall``/``f1``: toponym detection, a predicted place matching
  a gold toponym when their character spans overlap (each used at most once);
* ``recall_nominal``: recall over gold toponyms that are not demonyms
  ("Russian" is a toponym in TR-News, but our places stage leaves demonyms out);
* ``accuracy_161km``: of the matched gold toponyms that have coordinates, the
  share whose predicted coordinates lie within 161 km (100 miles);
* ``median_error_km``: the median distance over the same pairs (unplaced
  predictions count as 20,000 km);
* ``end_to_end``: detection and resolution together. A gold toponym counts as
  found (``correct``) only when a predicted place overlaps its span and lies
  within 161 km of its coordinates; recall is over all gold toponyms (those the
  annotators left without coordinates, ``gold_unplaced``, can never be found,
  so recall cannot reach 1), precision over all predicted places.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from eventwire.errors import EvaluationError
from eventwire.evaluate.metrics import pair_greedily, prf
from eventwire.nlp.gazetteer import load_gazetteer
from eventwire.records import Place
from eventwire.stages.places import distance_km, find_places

ACCURACY_KM = 161.0
UNPLACED_KM = 20000.0
LAYOUTS = (
    "LGL/TR-News (<article> with <text> and <toponyms><toponym>)",
    "GeoVirus (<article> with <text> and <locations><location>)",
)


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _layout_error(path: Path, found: str) -> EvaluationError:
    return EvaluationError(
        f"{path}: unknown geo gold layout ({found}); known layouts: {'; '.join(LAYOUTS)}"
    )


def _toponym(top: ET.Element) -> GoldToponym:
    tag = top.find("gaztag")
    return GoldToponym(
        int(top.findtext("start")),
        int(top.findtext("end")),
        top.findtext("phrase") or "",
        _float(tag.findtext("lat")) if tag is not None else None,
        _float(tag.findtext("lon")) if tag is not None else None,
    )


def _location(loc: ET.Element) -> GoldToponym:
    return GoldToponym(
        int(loc.findtext("start")),
        int(loc.findtext("end")),
        loc.findtext("name") or "",
        _float(loc.findtext("lat")),
        _float(loc.findtext("lon")),
    )


def read_geo_corpus(path: Path) -> list[GoldArticle]:
    """Read an LGL / TR-News / GeoVirus XML file into gold articles.

    Every ``<article>`` must have a ``<text>`` and the toponym list of one known
    layout (the same layout throughout the file); anything else is refused
    rather than read as an article without toponyms."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"{path}: cannot read geo gold XML ({exc})") from exc
    elements = list(root.iter("article"))
    if not elements:
        raise _layout_error(path, f"no <article> elements under <{root.tag}>")
    if elements[0].find("toponyms") is not None:
        container, item, read = "toponyms", "toponym", _toponym
    elif elements[0].find("locations") is not None:
        container, item, read = "locations", "location", _location
    else:
        children = ", ".join(f"<{c.tag}>" for c in elements[0]) or "no children"
        raise _layout_error(path, f"the first <article> holds {children}")
    articles = []
    for number, art in enumerate(elements, 1):
        if art.find("text") is None or art.find(container) is None:
            raise _layout_error(path, f"<article> {number} has no <text> or no <{container}>")
        try:
            toponyms = [read(top) for top in art.find(container).iter(item)]
        except (TypeError, ValueError) as exc:
            found = f"a <{item}> in <article> {number} without a numeric <start> and <end>"
            raise _layout_error(path, found) from exc
        articles.append(GoldArticle(art.findtext("text") or "", toponyms))
    return articles


def match_toponyms(
    gold: list[GoldToponym], predicted: list[Place]
) -> list[tuple[GoldToponym, Place]]:
    """Pair gold and predicted toponyms whose spans overlap, largest overlap first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            amount = min(g.end, p.end) - max(g.start, p.start)
            if amount > 0:
                pairs.append((amount, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    return [(gold[i], predicted[j]) for i, j in pair_greedily((i, j) for _, i, j in pairs)]


def _error_km(gold: GoldToponym, place: Place) -> float:
    if place.lat is None or place.lon is None:
        return UNPLACED_KM
    return distance_km(gold.lat, gold.lon, place.lat, place.lon)


def evaluate_geo(path: Path, nlp: Language | None = None, limit: int | None = None) -> dict:
    """Run nlp + ``find_places`` over a geo gold corpus and score detection and resolution."""
    if nlp is None:
        from eventwire.nlp import load_nlp

        nlp = load_nlp()
    began = time.perf_counter()
    articles = read_geo_corpus(Path(path))[:limit]
    gaz = load_gazetteer()
    n_gold = n_pred = n_match = 0
    n_nominal = n_nominal_match = n_correct = n_unplaced = 0
    errors: list[float] = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        predicted = find_places(doc)
        matched = match_toponyms(article.toponyms, predicted)
        n_gold += len(article.toponyms)
        n_pred += len(predicted)
        n_match += len(matched)
        nominal = [t for t in article.toponyms if not gaz.country_by_demonym(t.text)]
        n_nominal += len(nominal)
        n_nominal_match += sum(1 for g, _ in matched if not gaz.country_by_demonym(g.text))
        placed = [_error_km(g, p) for g, p in matched if g.lat is not None and g.lon is not None]
        errors += placed
        n_correct += sum(1 for e in placed if e <= ACCURACY_KM)
        n_unplaced += sum(1 for t in article.toponyms if t.lat is None or t.lon is None)
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(1 for e in errors if e <= ACCURACY_KM)
    return {
        "corpus": Path(path).name,
        "articles": len(articles),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_nominal": round(n_nominal_match / n_nominal, 4) if n_nominal else 0.0,
        "resolved_pairs": len(errors),
        "accuracy_161km": round(within / len(errors), 4) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "end_to_end": prf(n_correct, n_pred - n_correct, n_gold - n_correct)
        | {"correct": n_correct, "gold_unplaced": n_unplaced},
        "seconds": round(time.perf_counter() - began, 1),
    }
