"""Fit the sense model from labelled candidates (``eventwire train``).

Training data is one or more folders, each with

* ``manifest.json``: the articles, one object each: ``doc`` (id), ``file``
  (text, relative to the manifest), ``published`` (ISO date) and optionally
  ``exhaustive: true`` when every event of the article is labelled, so a
  candidate that no label covers is a non-event;
* one or more ``labels*.jsonl`` files: one object per labelled trigger,
  ``doc``, ``start`` and ``end`` (character offsets of the trigger in the
  text), ``label`` (a PLOVER type, or NONE for a candidate that is not an
  event), optionally ``note`` (a candidate covered by a "doubtful" row is
  left out of training: it is neither an event nor a non-event for sure).

Each article is run through the shipped pipeline up to the rules'
candidates; a candidate takes the label whose span overlaps its trigger.
The model is a multinomial logistic regression with an L2 penalty chosen by
cross-validation over articles, fitted with scipy's L-BFGS on numpy arrays.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eventwire.errors import EvaluationError
from eventwire.records import Article
from eventwire.stages.events.frames import JUDGED_TYPES
from eventwire.stages.events.lexicon import load_event_lexicon
from eventwire.stages.events.roles import ROLES, described_options, resolver_for, trigger_tokens
from eventwire.stages.events.sense import (
    NONE,
    SenseModel,
    SenseModels,
    candidate_features,
    dense_features,
    participant_features,
)

# The L2 penalties the search of `eventwire train` tries. 5 since the
# twentieth session: the article-level cross-validation chose it for the
# shipped model; with it in the grid, held-out log loss picks it for the
# type model too, and still 10 for the participant and role models
# (docs/events.md).
PENALTIES = (0.3, 1.0, 3.0, 5.0, 10.0)
MIN_WEIGHT = 1e-4


@dataclass
class Example:
    doc: str
    features: dict[str, float]
    label: str
    part_features: dict[str, float]
    participants_ok: bool | None  # None: not known (a non-event, or no participant label)
    role_rows: list = field(default_factory=list)  # (features, "right"/"wrong") per role option
    # For an event whose sentence names none of its source (no party of the
    # sentence is the labelled one): whether the label names no source at all.
    sourceless: bool | None = None


def read_labels(paths: Iterable[Path]) -> dict[str, list[dict]]:
    """Label rows by article."""
    by_doc: dict[str, list[dict]] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["start"], row["end"] = int(row["start"]), int(row["end"])
                row["label"] = str(row["label"]).upper()
            except (ValueError, KeyError, TypeError) as exc:
                raise EvaluationError(
                    f"{path}:{number}", f"not a label row (doc, start, end, label): {exc}"
                ) from exc
            by_doc.setdefault(row["doc"], []).append(row)
    return by_doc


def write_rows(path: Path, rows: Iterable[dict]) -> int:
    """Write label or candidate rows as JSON Lines (UTF-8, one object a line); the count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def assign_labels(
    spans: list[tuple[int, int]],
    rows: list[dict],
    exhaustive: bool,
    sentences: list[tuple[int, int] | None] | None = None,
) -> list:
    """The label row of each candidate trigger span, one candidate per row.

    A gold row names one event; its trigger may be long ("called for Quispe's
    release") and overlap several candidates ("called", "release"). Rows are
    taken from the shortest (the most specific) up, each by the free
    candidate it overlaps most (then the first). A candidate no row takes is
    left out (None) when it overlaps a row, or a doubtful one, or when it
    overlaps none and the article is not exhaustive; otherwise it is NONE.

    A sentence-level judgement candidate (``sentences[i]``, its sentence's
    span; None for the others) is labelled by its sentence, not its word: it
    takes a row of blame or praise (``JUDGED_TYPES``) in the sentence that no
    other candidate took, and is NONE when there is none (left out when
    there are only doubtful ones).
    """
    from eventwire.evaluate.articles import is_doubtful

    judged = [s is not None for s in sentences or [None] * len(spans)]
    found: list = [None] * len(spans)

    def overlap(i: int, row: dict) -> int:
        start, end = spans[i]
        return min(end, row["end"]) - max(start, row["start"])

    for row in sorted(
        (r for r in rows if not is_doubtful(r)), key=lambda r: (r["end"] - r["start"], r["start"])
    ):
        free = [
            i
            for i in range(len(spans))
            if found[i] is None and not judged[i] and overlap(i, row) > 0
        ]
        if free:
            found[max(free, key=lambda i: (overlap(i, row), -spans[i][0]))] = row
    taken = {id(r) for r in found if r is not None}
    left_out: set[int] = set()
    for i, sentence in enumerate(sentences or []):
        if sentence is None:
            continue
        inside = [
            r
            for r in rows
            if sentence[0] <= r["start"] < sentence[1]
            and r["label"] in JUDGED_TYPES
            and id(r) not in taken
        ]
        free = [r for r in inside if not is_doubtful(r)]
        if free:
            found[i] = min(free, key=lambda r: JUDGED_TYPES.index(r["label"]))
            taken.add(id(found[i]))
        elif inside:
            left_out.add(i)
    for i in range(len(spans)):
        if found[i] is not None or i in left_out or not exhaustive:
            continue
        if judged[i] or not any(overlap(i, r) > 0 for r in rows):
            found[i] = {"label": NONE}
    return found


def participants_right(row: dict, event, names: dict[str, str]) -> bool | None:
    """Whether the candidate's participants are right, by the row's words or its flags.

    A row with ``source``/``target`` words (article gold) is judged by the
    article scorer's rule; a row with ``source_ok``/``target_ok`` flags by them.
    """
    from eventwire.evaluate.articles import content_words, participant_words, role_matches

    if row["label"] == NONE:
        return None
    if "source_ok" in row or "target_ok" in row:
        flags = (row.get("source_ok"), row.get("target_ok"))
        return None if flags == (None, None) else False not in flags
    if "source" not in row and "target" not in row:
        return None
    return all(
        role_matches(content_words(row.get(role)), [participant_words(p, names) for p in parts])
        for role, parts in (("source", event.actors), ("target", event.recipients))
    )


def role_rows(
    doc, event, row: dict, names: dict[str, str], kinds: dict[str, str], resolver, triggers
) -> tuple[list, bool | None]:
    """(features, "right"/"wrong") for each option of each role a gold row
    decides (``roles``), and whether the row names no source at all when no
    party of the sentence is its source (None when one is).

    Each option is labelled by the article scorer's word rule against the
    row's words; the rules' answer of nobody is right when no party of the
    sentence is the one the row names (or it names none: then only that
    answer is labelled, any other being as right for the scorer).
    """
    from eventwire.evaluate.articles import content_words, participant_words, shares_word

    rows = []
    sourceless = None
    for role in ROLES:
        gold = content_words(row.get(role))
        options = described_options(doc, event, role, kinds, resolver, triggers)
        right = [
            any(shares_word(gold, participant_words(p, names)) for p in option.parts)
            for option, _, _ in options
        ]
        if role == "source" and not any(right):
            sourceless = not gold
        if not gold and options[0][0].parts:
            continue  # any answer is right
        for (option, features, vectors), named in zip(options, right, strict=True):
            if not option.parts:
                named = not any(right)  # the sentence names none of them
            rows.append((features | dense_features(vectors), "right" if named else "wrong"))
    return rows, sourceless


def propose_candidates(
    doc, article: Article
) -> tuple[list, dict[str, str], dict[str, str], set[int]]:
    """The rules' candidates in a parsed article, with actor types and names by
    key, and the ids of the sentence-level judgement candidates."""
    from eventwire.pipeline import STAGES
    from eventwire.stages.events import propose_events, set_events

    doc._.published = article.published
    for stage in STAGES:
        if stage is not set_events:
            stage(doc)
    found = propose_events(doc)
    actors = doc._.actors
    kinds = {a.key: a.type for a in actors}
    return found.events, kinds, {a.key: a.name for a in actors}, found.judged


def collect_examples(manifest: Path, label_paths: list[Path]) -> list[Example]:
    """Features and labels of every labelled candidate in the manifest's articles."""
    from eventwire.evaluate.articles import read_manifest
    from eventwire.nlp import load_nlp

    labels = read_labels(label_paths)
    nlp = load_nlp()
    examples = []
    for entry, article in read_manifest(manifest):
        rows = labels.get(article.id, [])
        exhaustive = bool(entry.get("exhaustive"))
        if not rows and not exhaustive:
            continue
        doc = nlp(article.text)
        events, kinds, names, judged = propose_candidates(doc, article)
        spans = [(event.trigger_start, event.trigger_end) for event in events]
        sentences = [
            (e.sentence_start, e.sentence_end) if id(e) in judged else None for e in events
        ]
        resolver = resolver_for(doc, load_event_lexicon())
        triggers = trigger_tokens(doc, events)
        assigned = assign_labels(spans, rows, exhaustive, sentences)
        for event, row in zip(events, assigned, strict=True):
            if row is None:
                continue
            roles, sourceless = [], None
            if row["label"] != NONE and ("source" in row or "target" in row):
                roles, sourceless = role_rows(doc, event, row, names, kinds, resolver, triggers)
            examples.append(
                Example(
                    article.id,
                    candidate_features(doc, event, kinds, id(event) in judged),
                    row["label"],
                    participant_features(doc, event, kinds),
                    participants_right(row, event, names),
                    roles,
                    sourceless,
                )
            )
    return examples


def _design(features: list[dict[str, float]], names: dict[str, int]):
    """A sparse (rows x features) matrix of the named features."""
    from scipy.sparse import csr_matrix

    rows, cols, values = [], [], []
    for i, feats in enumerate(features):
        for name, value in feats.items():
            j = names.get(name)
            if j is not None and value:
                rows.append(i)
                cols.append(j)
                values.append(value)
    return csr_matrix((values, (rows, cols)), shape=(len(features), len(names)))


def _fit(
    x, y: np.ndarray, n_labels: int, penalty: float, start: np.ndarray | None = None
) -> np.ndarray:
    """The weights (features x labels) that minimise the penalised log loss,
    by L-BFGS from ``start`` (zeros by default)."""
    from scipy.optimize import minimize

    n, d = x.shape
    onehot = np.zeros((n, n_labels))
    onehot[np.arange(n), y] = 1.0
    mask = np.ones((d, n_labels))
    mask[0, :] = 0.0  # no penalty on the bias (feature 0)

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(d, n_labels)
        probs = _softmax(x @ w)
        nll = -np.sum(onehot * np.log(probs + 1e-12)) / n
        reg = 0.5 * penalty * np.sum((w * mask) ** 2) / n
        grad = x.T @ (probs - onehot) / n + penalty * w * mask / n
        return nll + reg, grad.ravel()

    first = np.zeros(d * n_labels) if start is None else start.ravel()
    done = minimize(loss, first, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return done.x.reshape(d, n_labels)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    return probs / probs.sum(axis=1, keepdims=True)


def _to_model(w: np.ndarray, names: dict[str, int], labels: list[str]) -> SenseModel:
    weights = {}
    for name, j in names.items():
        row = w[j]
        if np.abs(row).max() >= MIN_WEIGHT:
            weights[name] = [round(float(v), 4) for v in row]
    return SenseModel(labels, weights, {})


def _problem(rows: list[tuple[dict[str, float], str]]):
    """(feature names, sorted labels, design matrix, label indices) of (features, label) pairs."""
    names: dict[str, int] = {"bias": 0}
    for features, _ in rows:
        for name in features:
            names.setdefault(name, len(names))
    labels = sorted({label for _, label in rows})
    index = {label: k for k, label in enumerate(labels)}
    y = np.array([index[label] for _, label in rows])
    return names, labels, _design([f for f, _ in rows], names), y


def fit_model(rows: list[tuple[dict[str, float], str]], penalty: float) -> SenseModel:
    """Fit on (features, label) pairs."""
    names, labels, x, y = _problem(rows)
    return _to_model(_fit(x, y, len(labels), penalty), names, labels)


def type_rows(examples: list[Example]) -> list[tuple[dict[str, float], str]]:
    return [(ex.features, ex.label) for ex in examples]


def roles_rows(examples: list[Example]) -> list[tuple[dict[str, float], str]]:
    return [r for ex in examples for r in ex.role_rows]


def participant_rows(examples: list[Example]) -> list[tuple[dict[str, float], str]]:
    return [
        (ex.part_features, "ok" if ex.participants_ok else "wrong")
        for ex in examples
        if ex.participants_ok is not None
    ]


def _folds(examples: list[Example], k: int, seed: int = 13) -> list[set[str]]:
    docs = sorted({ex.doc for ex in examples})
    random.Random(seed).shuffle(docs)
    return [set(docs[i::k]) for i in range(k)]


def cross_validate(
    examples: list[Example], rows_of=type_rows, penalties=PENALTIES, k: int = 5
) -> dict:
    """Mean held-out log loss and accuracy per penalty, folds by article.

    Each fold's rows are turned into matrices once and fitted for every
    penalty from the largest down, each fit starting from the one before
    (the weights move little from one penalty to the next); the held-out
    rows are scored with the full weights, features the fold never saw
    left out, as the fitted model would score them."""
    totals = {penalty: [0.0, 0.0] for penalty in penalties}
    n = 0
    for held in _folds(examples, k):
        rows = rows_of([ex for ex in examples if ex.doc not in held])
        tests = rows_of([ex for ex in examples if ex.doc in held])
        if not rows or not tests:
            continue
        names, labels, x, y = _problem(rows)
        index = {label: j for j, label in enumerate(labels)}
        x_held = _design([f for f, _ in tests], names)
        y_held = np.array([index.get(label, -1) for _, label in tests])
        w = None
        for penalty in sorted(penalties, reverse=True):
            w = _fit(x, y, len(labels), penalty, w)
            probs = _softmax(x_held @ w)
            right = np.where(y_held >= 0, probs[np.arange(len(tests)), y_held.clip(0)], 0.0)
            totals[penalty][0] -= float(np.log(right + 1e-12).sum())
            totals[penalty][1] += float((probs.argmax(axis=1) == y_held).sum())
        n += len(tests)
    if not n:
        return {}  # every fold held out all rows or none: nothing to compare
    return {
        penalty: {"log_loss": round(loss / n, 4), "accuracy": round(hits / n, 4)}
        for penalty, (loss, hits) in totals.items()
    }


def _best(results: dict) -> float:
    return min(results, key=lambda p: results[p]["log_loss"])


def read_folder(folder: Path) -> tuple[Path, list[Path]]:
    """A training folder's manifest and label files."""
    manifest = folder / "manifest.json"
    labels = sorted(folder.glob("labels*.jsonl"))
    if not manifest.is_file() or not labels:
        raise EvaluationError(
            str(folder), "needs manifest.json and labels*.jsonl (see docs/events.md, training data)"
        )
    return manifest, labels


def train(folders: list[Path], penalty: float | None = None) -> tuple[SenseModels, dict]:
    """Fit the type, participant and role models on every labelled candidate of the folders.

    The L2 penalty of each is chosen by cross-validation over articles unless given.
    """
    examples = []
    for folder in folders:
        manifest, labels = read_folder(folder)
        examples += collect_examples(manifest, labels)
    if len({ex.label for ex in examples}) < 2:
        where = ", ".join(str(f) for f in folders)
        raise EvaluationError(where, "needs labelled candidates of at least two labels")
    parts, roles = participant_rows(examples), roles_rows(examples)
    report: dict = {
        "examples": len(examples),
        "articles": len({ex.doc for ex in examples}),
        "labels": dict(Counter(ex.label for ex in examples).most_common()),
        "participant_examples": len(parts),
        "participants_ok": sum(label == "ok" for _, label in parts),
        "role_examples": len(roles),
    }
    chosen = {}
    for name, rows_of in (
        ("type", type_rows),
        ("participants", participant_rows),
        ("roles", roles_rows),
    ):
        if penalty is None:
            report[f"{name}_cross_validation"] = cv = cross_validate(examples, rows_of)
            if not cv:
                where = ", ".join(str(f) for f in folders)
                raise EvaluationError(
                    where, "too few labelled articles to choose a penalty; give --penalty"
                )
            chosen[name] = _best(cv)
        else:
            chosen[name] = penalty
    report["penalties"] = chosen
    meta = {k: report[k] for k in ("examples", "articles", "labels", "role_examples", "penalties")}
    models = fit_models(examples, chosen, meta)
    report["sourceless"] = models.meta.get("sourceless")
    return models, report


def fit_models(examples: list[Example], penalties: dict[str, float], meta: dict) -> SenseModels:
    """The type, participant and role models fitted on ``examples`` with the
    given penalties, and in ``meta`` the ``sourceless`` share."""
    parts, roles = participant_rows(examples), roles_rows(examples)
    type_model = fit_model(type_rows(examples), penalties["type"])
    part_model = (
        fit_model(parts, penalties["participants"]) if len({lb for _, lb in parts}) == 2 else None
    )
    role_model = fit_model(roles, penalties["roles"]) if len({lb for _, lb in roles}) == 2 else None
    share = sourceless_share(examples)
    if share is not None:
        meta = {**meta, "sourceless": share}
    return SenseModels(type_model, part_model, meta, role_model)


def sourceless_share(examples: list[Example]) -> float | None:
    """Of the labelled events whose sentence names none of their source, the
    share whose label names no source at all: the chance that an event the
    pipeline leaves without a source is right in that (``sense.doubt_sourceless``).
    None without such events."""
    known = [ex.sourceless for ex in examples if ex.sourceless is not None]
    return round(sum(known) / len(known), 4) if known else None
