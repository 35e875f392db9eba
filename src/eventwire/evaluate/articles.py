"""Score what the shipped pipeline prints for whole articles (``eventwire eval articles``).

Reads exhaustive article-level gold (GUIDE.md in ../shared/gold/articles: one
JSON line per event mention with ``doc``, ``sentence``, ``type``, ``source``,
``source_name``, ``target``, ``target_name``, ``modality``, ``note``) and a
manifest per gold file (``doc``, ``file``, ``published``, ``title``). Each
article is extracted by the real pipeline with the manifest's publication
date and nothing else from the gold; every event it outputs is scored once per
evidence span (one mention per sentence that reports it).

A predicted mention matches a gold mention when

* its sentence span overlaps the gold sentence in the same article;
* the types are equal, or one is AGREE and the other a cooperative type
  (CONSULT, SUPPORT, COOPERATE, AID, CONCEDE, RETREAT) with modality
  "scheduled" on either side;
* ("full" score only) each gold participant that is given shares a content
  word with the predicted participant's words, canonical name or country
  (names, aliases and demonyms of its ISO code): case-insensitive, dots
  dropped, titles and function words ignored, and two words of 5+ letters
  with the same first five letters count as one ("Russian" / "Russia");
  an empty gold participant accepts anything.

Matching is one-to-one, greedy in gold order. Precision = matched predictions
/ predictions shown; recall = matched gold / gold. Without doubtful items,
gold mentions noted "doubtful" and the predictions matched to them leave both
counts. Scores are reported at the default confidence cut
(``Settings.min_confidence``) and over all events, with a table of precision
and recall by confidence.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from eventwire.errors import EvaluationError
from eventwire.evaluate.metrics import prf
from eventwire.records import Article, Event, EventActor, Extraction

COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
CUTS = tuple(round(0.05 * i, 2) for i in range(20))
# Written forms whose dots carry meaning: expand before dots are dropped.
_ABBREVIATIONS = {
    "u.s.a.": "united states",
    "u.s.": "united states",
    "u.k.": "united kingdom",
    "u.n.": "united nations",
    "e.u.": "european union",
}
_ABBREVIATION = re.compile(
    "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)), re.IGNORECASE
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class GoldMention:
    doc: str
    sentence: str
    spans: list[tuple[int, int]]
    type: str
    modality: str
    source: frozenset[str]
    target: frozenset[str]
    doubtful: bool


@dataclass
class Predicted:
    doc: str
    start: int
    end: int
    type: str
    modality: str
    confidence: float
    actors: list[frozenset[str]]
    recipients: list[frozenset[str]]
    event: Event = field(repr=False)


@dataclass
class GoldArticle:
    doc: str
    article: Article
    mentions: list[GoldMention]


# -- words ------------------------------------------------------------------


@cache
def _stop_words() -> frozenset[str]:
    """Title words (roles.tsv) and English function words: not compared."""
    from eventwire.datafiles import read_tsv
    from eventwire.ingest.language import function_words

    titles = {row["term"] for row in read_tsv("roles.tsv") if row["applies"] == "title"}
    words = {w for term in titles for w in term.split()} | function_words()
    words |= {"mr", "mrs", "ms", "dr", "former", "minister", "spokesman", "spokeswoman"}
    return frozenset(words)


def content_words(text: str | None) -> frozenset[str]:
    """The comparable words of a participant's text: lower case, no dots, no titles."""
    if not text:
        return frozenset()
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0).lower()], text)
    text = text.replace(".", "").replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    stop = _stop_words()
    return frozenset(w for w in _WORD.findall(text) if w not in stop)


@cache
def _country_words(code: str) -> frozenset[str]:
    from eventwire.nlp.gazetteer import load_gazetteer

    country = load_gazetteer().countries.get(code.upper())
    if country is None:
        return frozenset()
    words: set[str] = set()
    for name in (*country.names, *country.demonyms):
        words |= content_words(name)
    return frozenset(words)


def participant_words(part: EventActor, actor_names: dict[str, str]) -> frozenset[str]:
    """Words a predicted participant can be matched on: its text, canonical name, country."""
    words = content_words(part.text) | content_words(part.name)
    if part.actor and part.actor in actor_names:
        words |= content_words(actor_names[part.actor])
    if part.country:
        words |= _country_words(part.country)
    return words


def _same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def shares_word(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    return any(_same_word(g, p) for g in gold for p in predicted)


# -- reading -----------------------------------------------------------------


def _sentence_spans(text: str, sentence: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(sentence)
    while start >= 0:
        spans.append((start, start + len(sentence)))
        start = text.find(sentence, start + 1)
    return spans


def is_doubtful(row: dict) -> bool:
    """A gold or label row its annotator noted "doubtful"."""
    return "doubtful" in (row.get("note") or "").lower()


def read_manifest(path: Path, docs: set[str] | None = None) -> list[tuple[dict, Article]]:
    """The articles of a manifest (``doc``, ``file`` relative to it, ``published``, ...).

    ``docs`` keeps only those ids. The publication date is the manifest's.
    """
    if not path.is_file():
        raise EvaluationError(str(path), "not found; every gold or label file needs its manifest")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise EvaluationError(str(path), f"not a JSON manifest ({exc})") from exc
    found = []
    for entry in entries:
        if docs is not None and entry["doc"] not in docs:
            continue
        text_path = path.parent / entry["file"]
        article = Article(
            text=text_path.read_text(encoding="utf-8"),
            title=entry.get("title"),
            published=entry.get("published"),
            published_source="option",
            publisher=entry.get("publisher"),
            source=str(text_path),
            id=entry["doc"],
        )
        found.append((entry, article))
    return found


def read_gold(
    gold_path: Path, manifest_path: Path | None = None, docs: set[str] | None = None
) -> list[GoldArticle]:
    """Articles of one gold file with their mentions; ``docs`` keeps only those ids."""
    if not gold_path.is_file():
        raise EvaluationError(str(gold_path), "not found; give a gold JSON Lines file")
    manifest = read_manifest(manifest_path or gold_path.with_name("manifest.json"), docs)
    articles = {article.id: GoldArticle(article.id, article, []) for _, article in manifest}
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise EvaluationError(f"{gold_path}:{number}", f"not JSON ({exc})") from exc
        held = articles.get(item.get("doc"))
        if held is None:
            continue
        spans = _sentence_spans(held.article.text, item["sentence"])
        if not spans:
            raise EvaluationError(
                f"{gold_path}:{number}", "sentence not found in the article text; run validate.py"
            )
        held.mentions.append(
            GoldMention(
                doc=held.doc,
                sentence=item["sentence"],
                spans=spans,
                type=item["type"],
                modality=item.get("modality") or "asserted",
                source=content_words(item.get("source")) | content_words(item.get("source_name")),
                target=content_words(item.get("target")) | content_words(item.get("target_name")),
                doubtful=is_doubtful(item),
            )
        )
    return list(articles.values())


def read_split(path: Path, part: str) -> set[str] | None:
    """Doc ids of one part ("frozen" or "tuning") of a split file; None for "all"."""
    if part == "all":
        return None
    split = json.loads(path.read_text(encoding="utf-8"))
    if part not in split:
        raise EvaluationError(str(path), f"has no part {part!r}; parts: frozen, tuning, all")
    return set(split[part])


# -- predictions and matching -------------------------------------------------


def predicted_mentions(extraction: Extraction) -> list[Predicted]:
    """One predicted mention per event and evidence span."""
    names = {a.key: a.name for a in extraction.actors}
    found = []
    for event in extraction.events:
        spans = event.evidence or [[event.sentence_start, event.sentence_end]]
        actors = [participant_words(p, names) for p in event.actors]
        recipients = [participant_words(p, names) for p in event.recipients]
        for start, end in spans:
            found.append(
                Predicted(
                    extraction.article.id,
                    start,
                    end,
                    event.type,
                    event.modality,
                    event.confidence,
                    actors,
                    recipients,
                    event,
                )
            )
    return found


def types_match(gold: GoldMention, pred: Predicted) -> bool:
    if gold.type == pred.type:
        return True
    pair = {gold.type, pred.type}
    scheduled = "scheduled" in (gold.modality, pred.modality)
    return "AGREE" in pair and bool(pair & COOPERATIVE) and scheduled


def role_matches(gold: frozenset[str], predicted: list[frozenset[str]]) -> bool:
    """A gold participant's words are matched by one of the predicted participants' (or absent)."""
    return not gold or any(shares_word(gold, words) for words in predicted)


def mention_matches(gold: GoldMention, pred: Predicted, full: bool) -> bool:
    if gold.doc != pred.doc or not types_match(gold, pred):
        return False
    if not any(s < pred.end and pred.start < e for s, e in gold.spans):
        return False
    if not full:
        return True
    return role_matches(gold.source, pred.actors) and role_matches(gold.target, pred.recipients)


def match(gold: list[GoldMention], predicted: list[Predicted], full: bool) -> dict[int, int]:
    """Gold index -> prediction index, one-to-one, greedy in gold order."""
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    by_doc: dict[str, list[int]] = {}
    for j, pred in enumerate(predicted):
        by_doc.setdefault(pred.doc, []).append(j)
    for i, g in enumerate(gold):
        for j in by_doc.get(g.doc, []):
            if j not in taken and mention_matches(g, predicted[j], full):
                taken.add(j)
                pairs[i] = j
                break
    return pairs


def _score(gold, predicted, pairs: dict[int, int], with_doubtful: bool) -> dict:
    """Scores of one matching (``match``), with or without the doubtful gold."""
    kept_gold = [i for i, g in enumerate(gold) if with_doubtful or not g.doubtful]
    dropped_pred = {j for i, j in pairs.items() if not with_doubtful and gold[i].doubtful}
    n_pred = len(predicted) - len(dropped_pred)
    tp = sum(1 for i in kept_gold if i in pairs)
    scores = prf(tp, n_pred - tp, len(kept_gold) - tp)
    per_type = {}
    for kind in sorted({gold[i].type for i in kept_gold} | {p.type for p in predicted}):
        g_idx = [i for i in kept_gold if gold[i].type == kind]
        k_tp = sum(1 for i in g_idx if i in pairs)
        k_pred = sum(1 for j, p in enumerate(predicted) if p.type == kind and j not in dropped_pred)
        hit = sum(1 for i in kept_gold if i in pairs and predicted[pairs[i]].type == kind)
        per_type[kind] = prf(hit, k_pred - hit, len(g_idx) - k_tp) | {
            "gold": len(g_idx),
            "predicted": k_pred,
        }
    agree = [gold[i].modality == predicted[pairs[i]].modality for i in kept_gold if i in pairs]
    return scores | {
        "matched": tp,
        "gold": len(kept_gold),
        "predicted": n_pred,
        "per_type": per_type,
        "modality_agreement": round(sum(agree) / len(agree), 4) if agree else 0.0,
    }


def score_mentions(gold: list[GoldMention], predicted: list[Predicted]) -> dict:
    """Full and type-only scores, with and without doubtful gold."""
    scores = {}
    for name, full in (("full", True), ("type", False)):
        pairs = match(gold, predicted, full)
        for suffix, with_doubtful in (("", True), ("_no_doubtful", False)):
            scores[f"{name}{suffix}"] = _score(gold, predicted, pairs, with_doubtful)
    return scores


def confidence_table(gold, predicted, cuts: Iterable[float] = CUTS) -> list[dict]:
    """Precision and recall (full and type, doubtful left out) at each confidence cut."""
    rows = []
    for cut in cuts:
        shown = [p for p in predicted if p.confidence >= cut]
        full = _score(gold, shown, match(gold, shown, True), False)
        kind = _score(gold, shown, match(gold, shown, False), False)
        rows.append(
            {
                "min_confidence": cut,
                "predicted": full["predicted"],
                "full_precision": full["precision"],
                "full_recall": full["recall"],
                "type_precision": kind["precision"],
                "type_recall": kind["recall"],
            }
        )
    return rows


# -- the whole evaluation -----------------------------------------------------


def extract_gold_articles(articles: list[GoldArticle]) -> list[Predicted]:
    """Run the shipped pipeline on each article (publication date from the manifest)."""
    from eventwire.nlp import load_nlp
    from eventwire.run.extract import extract_batch
    from eventwire.settings import Settings

    settings = Settings(processes=1)
    results = extract_batch(load_nlp(), [a.article for a in articles], settings)
    predicted: list[Predicted] = []
    for result in results:
        if isinstance(result, Extraction):
            predicted.extend(predicted_mentions(result))
    return predicted


def evaluate_articles(
    sources: list[tuple[Path, Path | None]],
    split: Path | None = None,
    part: str = "all",
    min_confidence: float | None = None,
) -> dict:
    """Score the pipeline on article gold; ``sources`` are (gold, manifest or None) pairs."""
    from eventwire.settings import Settings

    cut = Settings.from_env().min_confidence if min_confidence is None else min_confidence
    docs = read_split(split, part) if split else None
    articles = [a for gold, manifest in sources for a in read_gold(gold, manifest, docs)]
    if not articles:
        raise EvaluationError(
            ", ".join(str(g) for g, _ in sources), f"no articles in part {part!r}"
        )
    gold = [m for a in articles for m in a.mentions]
    predicted = extract_gold_articles(articles)
    shown = [p for p in predicted if p.confidence >= cut]
    return {
        "part": part,
        "articles": len(articles),
        "gold_mentions": len(gold),
        "doubtful": sum(g.doubtful for g in gold),
        "min_confidence": cut,
        "at_cut": score_mentions(gold, shown),
        "all_events": score_mentions(gold, predicted),
        "by_confidence": confidence_table(gold, predicted),
        "predicted_types": dict(Counter(p.type for p in shown).most_common()),
    }
