"""The learned sense filter and type chooser for event candidates.

The rules propose candidates (a trigger word, a type, participants); this
module decides, for each, whether it is an event a careful PLOVER coder would
code and of which type. It reads the parse around the trigger and what the
rules found, turns them into named features (``candidate_features``) and
scores them with logistic regressions (``SenseModel``): one over the 16
PLOVER types and NONE; one that chooses each role's participant among the
rules' answer and the sentence's other parties (``roles.py``), whose
probabilities give the confidence; and, for model files without that one,
one for whether the rules' participants are right (``participant_features``).
The weights ship as package data (``data/sense_model.json``); ``eventwire
train`` fits new ones from labelled candidates (see docs/events.md, "The
sense model"). ``keep_actor_participants`` keeps only participants that can
be actors (``roles.is_actor``).

Inference is a sparse dot product in plain Python: features and scores cost
about a quarter of a millisecond per candidate and need no learning library
at run time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import read_tsv
from eventwire.nlp import sentence_of, text_of
from eventwire.nlp.gazetteer import load_gazetteer
from eventwire.records import Event, EventActor, Place
from eventwire.stages.events.frames import JUDGED_TYPES
from eventwire.stages.events.lexicon import load_event_lexicon, valence
from eventwire.stages.events.roles import (
    PHYSICAL_TYPES,
    choose_roles,
    is_actor,
    is_passive,
    participant_kind,
    resolver_for,
    sector_kind,
    token_at,
)

NONE = "NONE"
DENSE = "dense:"  # names of the weight rows of a vector input (``dense_features``)
# The model changes the rules' type only when it finds the other type this many
# times likelier: the rules carry PLOVER's type-shifting (a threat to sanction
# is THREATEN), which few labelled examples show.
RETYPE_MARGIN = 2.0
# A judgement (``quoted.judged_sentences``) the model gives less than this
# chance of being praise or blame is dropped: its confidence could reach no
# useful cut, and choosing its roles is most of what judgements cost.
JUDGED_MIN = 0.1
MODEL_FILE = "sense_model.json"
_QUOTE_MARKS = '"“”'


@cache
def _context_words() -> dict[str, str]:
    """Sentence words that mark a non-political context (campaign, sport, market, ...)."""
    return {row["word"]: row["context"] for row in read_tsv("sense_context.tsv")}


_QUESTION_WORDS = frozenset(
    {"whether", "if", "who", "what", "why", "how", "when", "where", "which"}
)


def _asks_a_question(clause: Token) -> bool:
    """A clause opened by "whether", "if" or a wh-word ("asked whether she would
    run", "asked who would win")."""
    return clause.left_edge.lower_ in _QUESTION_WORDS


def _in_quote(tok: Token) -> bool:
    """An odd number of quote marks between the start of the token's sentence and the token."""
    before = text_of(tok.doc)[sentence_of(tok).start_char : tok.idx]
    return sum(before.count(m) for m in _QUOTE_MARKS) % 2 == 1


def _add_roles(
    f: dict[str, float], event: Event, kinds: dict[str, str], lemma: str | None = None
) -> None:
    """The kind of participant each role has, alone, with the event type and,
    given ``lemma``, with the trigger lemma."""
    for role, parts in (("source", event.actors), ("target", event.recipients)):
        for kind in sorted({participant_kind(p, kinds) for p in parts}) or ["none"]:
            f[f"{role}={kind}"] = 1.0
            f[f"{role}={kind}|type={event.type}"] = 1.0
            if lemma is not None:
                f[f"lemma={lemma}|{role}={kind}"] = 1.0


def _add_sectors(f: dict[str, float], event: Event, lemma: str) -> None:
    """The sector of each role's participants (the actors stage's code: "Gunmen"
    UAF, "Senator Bryce" LEG), alone and with the type, and the kind of sector
    (armed, state, civil; ``roles.sector_kind``) with the type and with the trigger
    lemma: "attacked" by gunmen is an assault, by a senator words."""
    for role, parts in (("source", event.actors), ("target", event.recipients)):
        for sector in sorted({p.sector for p in parts if p.sector}):
            kind = sector_kind(sector)
            f[f"{role}.sector={sector}"] = 1.0
            f[f"{role}.sector={sector}|type={event.type}"] = 1.0
            f[f"{role}.sector_kind={kind}|type={event.type}"] = 1.0
            f[f"lemma={lemma}|{role}.sector_kind={kind}"] = 1.0


def _mention_starts(doc: Doc) -> list[tuple[int, str]]:
    """(token index, actor key) of every actor mention, read once per document."""
    key = ("eventwire.sense", "mentions")
    if key not in doc.user_data:
        doc.user_data[key] = [(s.start, s.kb_id_) for s in doc.spans.get("mentions", [])]
    return doc.user_data[key]


def _valence_bin(value: float) -> str | None:
    if value <= -2:
        return "neg2"
    if value <= -1:
        return "neg1"
    if value >= 2:
        return "pos2"
    if value >= 1:
        return "pos1"
    return None


def _add_valence(f: dict[str, float], tok: Token, type_: str) -> None:
    """How negative or positive the trigger and the words it governs are
    (VADER valence, binned), alone and with the type: blame and praise
    without a verb of blaming or praising ("called him a blowhard")."""
    own = _valence_bin(valence(tok))
    if own:
        f[f"valence={own}"] = 1.0
        f[f"valence={own}|type={type_}"] = 1.0
    below = [valence(t) for t in tok.subtree if t is not tok]
    for name, value in (("low", min(below, default=0.0)), ("high", max(below, default=0.0))):
        found = _valence_bin(value)
        if found:
            f[f"subtree_{name}={found}"] = 1.0
            f[f"subtree_{name}={found}|type={type_}"] = 1.0


def _count(n: int) -> str:
    return str(min(n, 3))


def judgement_features(f: dict[str, float], sent: Span, event: Event) -> None:
    """What a sentence-level judgement candidate (``quoted.judged_sentences``)
    is read by: the sentence's content words, how many of them are negative
    or positive, whether it quotes someone."""
    f["judged"] = 1.0
    low = high = 0
    for tok in sent:
        if tok.is_alpha and not tok.is_stop and tok.pos_ in ("NOUN", "ADJ", "VERB", "ADV"):
            f[f"judged|w={tok.lemma_.lower()}"] = 1.0
        value = valence(tok)
        low += value <= -1.5
        high += value >= 1.5
    f[f"judged|negative={_count(low)}"] = 1.0
    f[f"judged|positive={_count(high)}"] = 1.0
    if any(m in sent.text for m in _QUOTE_MARKS):
        f["judged|quote"] = 1.0
    f[f"judged|source={'yes' if event.actors else 'no'}"] = 1.0


def candidate_features(
    doc: Doc, event: Event, kinds: dict[str, str], judged: bool = False
) -> dict[str, float]:
    """Named features of one candidate; ``kinds`` maps actor keys to actor types;
    ``judged``: a sentence-level judgement candidate."""
    tok = token_at(doc, event.trigger_start, event.trigger_end)
    lemma = (event.trigger_lemma or event.trigger).lower()
    f: dict[str, float] = {
        "bias": 1.0,
        f"type={event.type}": 1.0,
        f"lemma={lemma}": 1.0,
        f"lemma={lemma}|type={event.type}": 1.0,
        f"modality={event.modality}": 1.0,
        f"words={min(len(event.trigger.split()), 3)}": 1.0,
        "rule_confidence": event.confidence,
    }
    if event.mode:
        f[f"mode={event.mode}"] = 1.0
    _add_roles(f, event, kinds, lemma)
    _add_sectors(f, event, lemma)
    if tok is None:
        return f
    sentence = sentence_of(tok)
    if judged:  # on the sentence's main verb: never without a token
        judgement_features(f, sentence, event)
    f[f"pos={tok.pos_}"] = 1.0
    f[f"tag={tok.tag_}"] = 1.0
    f[f"dep={tok.dep_}"] = 1.0
    f[f"lemma={lemma}|dep={tok.dep_}"] = 1.0
    f[f"head={tok.head.lemma_.lower()}"] = 1.0 if tok.head is not tok else 0.0
    for child in tok.children:
        dep = child.dep_
        if dep in ("prep", "prt", "agent"):
            f[f"child={dep}:{child.lemma_.lower()}"] = 1.0
            f[f"lemma={lemma}|{dep}:{child.lemma_.lower()}"] = 1.0
        elif dep in ("dobj", "attr", "oprd", "pobj", "nsubj", "nsubjpass", "compound"):
            f[f"child={dep}"] = 1.0
            f[f"{dep}={child.lemma_.lower()}"] = 1.0
            f[f"{dep}.ent={child.ent_type_ or '-'}"] = 1.0
        else:
            f[f"child={dep}"] = 1.0
        if dep == "ccomp" and _asks_a_question(child):
            f["question_clause"] = 1.0  # "asked whether ...": a question, not a demand
        if dep == "dobj":
            # "asked the candidate about ...": the object's own phrase
            for prep in child.children:
                if prep.dep_ == "prep":
                    f[f"lemma={lemma}|dobj.prep={prep.lower_}"] = 1.0
    _add_valence(f, tok, event.type)
    if tok.is_title and tok.i > sentence.start:
        f["title_case"] = 1.0
    if tok.ent_type_:
        f[f"in_entity={tok.ent_type_}"] = 1.0
    if _in_quote(tok):
        f["in_quote"] = 1.0
    if event.sentence_start == 0:
        f["first_sentence"] = 1.0
    contexts = _context_words()
    for word in sentence:
        context = contexts.get(word.lemma_.lower())
        if context:
            f[f"context={context}"] = 1.0
            f[f"context={context}|type={event.type}"] = 1.0
    return f


def participant_features(doc: Doc, event: Event, kinds: dict[str, str]) -> dict[str, float]:
    """Named features for whether the rules found the right source and target."""
    tok = token_at(doc, event.trigger_start, event.trigger_end)
    f: dict[str, float] = {"bias": 1.0, f"type={event.type}": 1.0}
    _add_roles(f, event, kinds)
    for role, parts in (("source", event.actors), ("target", event.recipients)):
        if len(parts) > 1:
            f[f"{role}=several"] = 1.0
        if tok is not None and parts:
            far = min(abs(p.start - tok.idx) for p in parts)
            f[f"{role}.distance={min(far // 40, 4)}"] = 1.0
    f[f"modality={event.modality}"] = 1.0
    if event.claimed_by is not None:
        f["claimed"] = 1.0
    if tok is None:
        return f
    f[f"pos={tok.pos_}"] = 1.0
    f[f"dep={tok.dep_}"] = 1.0
    if is_passive(tok):
        f["passive"] = 1.0
    if _in_quote(tok):
        f["in_quote"] = 1.0
    sent = sentence_of(tok)
    in_sentence = {key for start, key in _mention_starts(doc) if sent.start <= start < sent.end}
    f[f"actors_in_sentence={min(len(in_sentence), 4)}"] = 1.0
    return f


@dataclass
class Scored:
    label: str  # a PLOVER type or NONE
    probability: float  # of that label
    event_probability: float  # 1 - P(NONE)
    probabilities: dict[str, float]


def dense_features(vectors: dict[str, np.ndarray]) -> dict[str, float]:
    """Vectors as named features, ``dense:<name>:<k>``: how they are fitted
    and stored. ``SenseModel.probabilities`` takes the vectors themselves."""
    return {
        f"{DENSE}{name}:{k}": float(value)
        for name, vector in vectors.items()
        for k, value in enumerate(vector)
        if value
    }


class SenseModel:
    """A multinomial logistic regression: named features -> labels.

    A vector input (``dense_features``) is fitted and stored as one named
    weight row per component; at load time those rows become one matrix per
    vector name, so that scoring a vector is one product, not 96 lookups."""

    def __init__(self, labels: list[str], weights: dict[str, list[float]], meta: dict) -> None:
        self.labels = labels
        self.weights = weights
        self.meta = meta
        # every row in one matrix: a candidate is scored by one product over
        # the rows of its features, not one Python loop per feature
        self.index = {name: i for i, name in enumerate(weights)}
        self.matrix = np.array(list(weights.values()), dtype=float).reshape(-1, len(labels))
        rows: dict[str, dict[int, list[float]]] = {}
        for name, row in weights.items():
            if name.startswith(DENSE):
                vector, k = name[len(DENSE) :].rsplit(":", 1)
                rows.setdefault(vector, {})[int(k)] = row
        self.blocks: dict[str, np.ndarray] = {}
        for vector, by_k in rows.items():
            block = np.zeros((max(by_k) + 1, len(labels)))
            for k, row in by_k.items():
                block[k] = row
            self.blocks[vector] = block

    @classmethod
    def from_json(cls, data: dict) -> SenseModel:
        return cls(data["labels"], data["weights"], data.get("meta", {}))

    def to_json(self) -> dict:
        return {"labels": self.labels, "weights": self.weights, "meta": self.meta}

    def probabilities(
        self, features: dict[str, float], vectors: dict[str, np.ndarray] | None = None
    ) -> dict[str, float]:
        return self.probabilities_of([features], [vectors or {}])[0]

    def probabilities_of(
        self, features: list[dict[str, float]], vectors: list[dict[str, np.ndarray]]
    ) -> list[dict[str, float]]:
        """The label probabilities of several inputs at once (every role option
        of a document): one product for all their weight rows and one per
        vector name."""
        index = self.index
        hits = [
            (n, i, value)
            for n, named in enumerate(features)
            for name, value in named.items()
            if value and (i := index.get(name)) is not None
        ]
        scores = np.zeros((len(features), len(self.labels)))
        if hits:
            owners, found, values = zip(*hits, strict=True)
            rows = self.matrix[list(found)] * np.asarray(values)[:, None]
            np.add.at(scores, list(owners), rows)
        for name, block in self.blocks.items():
            have = [n for n, named in enumerate(vectors) if name in named]
            if have:
                stacked = np.stack([vectors[n][name][: len(block)] for n in have])
                scores[have] += stacked @ block
        exps = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = (exps / exps.sum(axis=1, keepdims=True)).tolist()
        return [dict(zip(self.labels, row, strict=True)) for row in probs]

    def score(self, features: dict[str, float]) -> Scored:
        return self.score_all([features])[0]

    def score_all(self, features: list[dict[str, float]]) -> list[Scored]:
        """The likeliest event label of each input, scored in one product."""
        scored = []
        for probs in self.probabilities_of(features, [{} for _ in features]):
            events = {k: v for k, v in probs.items() if k != NONE}
            label = max(events, key=events.get) if events else NONE
            scored.append(Scored(label, probs.get(label, 0.0), 1.0 - probs.get(NONE, 0.0), probs))
        return scored


@dataclass
class SenseModels:
    """The models of a model file: type (16 types and NONE), participants (ok
    or not) and roles (an option for a role right or wrong, ``roles.py``)."""

    type: SenseModel
    participants: SenseModel | None
    meta: dict
    roles: SenseModel | None = None

    @classmethod
    def from_json(cls, data: dict) -> SenseModels:
        part, roles = data.get("participants"), data.get("roles")
        return cls(
            SenseModel.from_json(data["type"]),
            SenseModel.from_json(part) if part else None,
            data.get("meta", {}),
            SenseModel.from_json(roles) if roles else None,
        )

    def to_json(self) -> dict:
        return {
            "type": self.type.to_json(),
            "participants": self.participants.to_json() if self.participants else None,
            "roles": self.roles.to_json() if self.roles else None,
            "meta": self.meta,
        }


@cache
def load_sense_models() -> SenseModels | None:
    """The shipped models, or the file named by EVENTWIRE_SENSE_MODEL; None if there is none."""
    override = os.environ.get("EVENTWIRE_SENSE_MODEL")
    if override:
        with open(override, encoding="utf-8") as fh:
            return SenseModels.from_json(json.load(fh))
    path = resources.files("eventwire").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return None
    return SenseModels.from_json(json.loads(path.read_text(encoding="utf-8")))


def apply_sense(
    doc: Doc,
    events: list[Event],
    kinds: dict[str, str],
    quad: dict[str, int],
    models: SenseModels,
    fixed: set[int] | frozenset = frozenset(),
    judged: set[int] | frozenset = frozenset(),
    kept_type: set[int] | frozenset = frozenset(),
) -> list[Event]:
    """Retype each candidate by the type model, choose its roles, set its confidence.

    The type model reads the rules' candidate; the role model (when the
    file has one) then chooses its source and target (``roles.choose_roles``).
    ``confidence`` = P(this type) x P(participants right), the latter from
    the role model, else from the participant model. The model takes
    its own type when it finds it ``RETYPE_MARGIN`` times likelier than the
    rules' one; for events in ``fixed`` (retyped by a PLOVER rule) and events
    a request asks for (modality "requested") it keeps the type and uses
    P(any event). A candidate whose likeliest reading is no
    event keeps a type, with the low confidence that says so; the default
    confidence cut hides it. A judgement candidate (in ``judged``, see
    ``quoted.judged_sentences``) takes the model's type whatever the margin
    when that is ACCUSE or SUPPORT (``JUDGED_TYPES``) with a probability of
    at least ``JUDGED_MIN``, and is dropped otherwise: no rule proposed it.
    An event in ``kept_type`` (``rules.armed_attack``) is never retyped; its
    confidence is the model's probability of its own type.
    Returns the events kept.
    """
    scores = models.type.score_all(
        [candidate_features(doc, event, kinds, id(event) in judged) for event in events]
    )
    # no rule proposed a judgement: praise or blame the model finds likely, or nothing
    dropped = {
        id(event)
        for event, scored in zip(events, scores, strict=True)
        if id(event) in judged
        and (scored.label not in JUDGED_TYPES or scored.probability < JUDGED_MIN)
    }
    roles_right: dict[int, float] = {}
    if models.roles is not None:
        resolver = resolver_for(doc, load_event_lexicon())
        roles_right = choose_roles(doc, events, kinds, models.roles, resolver, dropped)
    for event, scored in zip(events, scores, strict=True):
        if id(event) in dropped:
            continue
        kept = scored.probabilities.get(event.type, 0.0)
        if id(event) in fixed or event.modality == "requested":
            # A type rule set the type, or the event is what a request asks for
            # ("urged Serbia to release them": a requested RETREAT, as PLOVER
            # codes it): the model only says whether it is an event.
            kept = scored.event_probability
        elif (
            scored.label in quad
            and id(event) not in kept_type
            and (id(event) in judged or scored.probability > RETYPE_MARGIN * kept)
        ):
            if scored.label != event.type:
                event.type = scored.label
                event.quad_class = quad[scored.label]
                event.mode = None
            kept = scored.probability
        right = roles_right.get(id(event), 1.0)
        if models.roles is None and models.participants is not None:
            feats = participant_features(doc, event, kinds)
            right = models.participants.probabilities(feats).get("ok", 1.0)
        event.confidence = round(kept * right, 3)
    return [e for e in events if id(e) not in dropped]


def keep_actor_participants(doc: Doc, events: list[Event]) -> list[Event]:
    """Drop the participants that cannot be actors (the events stay, for merging).

    A recipient that is a place the places stage resolved stays, whatever the
    model or WordNet call the name ("shelled Kharkiv": the town's people). A
    participant kept that is such a place, and no actor, is coded with the
    place's country ("shelled Juba" -> SSD, "a blockade on Gaza" -> PSE), its
    words kept, as CAMEO and PLOVER code a targeted town, and a town with the
    sector those codes give it (``place_sector``)."""
    places = [p for p in doc._.places or [] if p.country]
    for event in events:
        event.actors = [p for p in event.actors if is_actor(doc, p)]
        objects = event.type in PHYSICAL_TYPES
        event.recipients = [
            p
            for p in event.recipients
            if is_actor(doc, p, objects) or _place_at(p, places) is not None
        ]
        for part in [*event.actors, *event.recipients]:
            place = (
                None if part.actor or part.country else coded_place(places, part.start, part.end)
            )
            if place is not None:
                part.country = place.country
                part.sector = place_sector(doc, place)
    return events


def place_sector(doc: Doc, place: Place) -> str | None:
    """The sector of a town that stands for a participant, by the PLOVER
    gold-standard records' convention: a city is its people (``CVL``), a
    capital its government (``GOV``) where it is the direct object ("the
    rebels besieged Kabul"), its people elsewhere ("a curfew on Kabul");
    a country, province or region has no sector."""
    if place.feature != "city":
        return None
    capital = load_gazetteer().country_by_capital(place.text)
    if capital is not None and capital.iso3 == place.country:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "dobj":
            return "GOV"
    return "CVL"


def coded_place(places: list[Place], start: int, end: int) -> Place | None:
    """The first resolved place overlapping ``start:end`` that codes a
    participant with its country: one with a country that is no continent
    (``keep_actor_participants``; ``eval actors`` scores target places by it)."""
    return next(
        (
            p
            for p in places
            if p.country and p.feature != "continent" and p.start < end and start < p.end
        ),
        None,
    )


def _place_at(part: EventActor, places: list[Place]) -> Place | None:
    """The first resolved place the participant's words overlap, or None."""
    return next((p for p in places if p.start < part.end and part.start < p.end), None)


def has_participants(event: Event) -> bool:
    return bool(event.actors or event.recipients)


def doubt_sourceless(events: list[Event], models: SenseModels) -> list[Event]:
    """An event left with no source, after every rule that finds one in the
    sentence or the article, is right only if nobody did it: its confidence
    is scaled by the share of labelled events whose sentence names none of
    their source and whose label names none at all (``meta["sourceless"]``,
    fitted by ``eventwire train``; in the tuning articles' labels about one
    in ten). The event stays, for ``--all``; the default cut hides it."""
    share = models.meta.get("sourceless")
    if share is None:
        return events
    for event in events:
        if not event.actors:
            event.confidence = round(event.confidence * share, 3)
    return events
