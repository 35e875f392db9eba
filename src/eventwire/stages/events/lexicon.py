"""The event coder's data: the trigger lexicon and the rule tables, loaded once per process.

Reads, from ``eventwire/data``: ``event_triggers.tsv`` (trigger, pos, type,
mode, context, frame; its ``provenance`` column, one of ``PROVENANCES`` with
an optional justification, says where a row comes from and is not used for
coding), ``event_rules.tsv`` (table, key, value: quad classes, modes of
governing events, recipient and place prepositions, vague quantities,
PLOVER's type-shifting rules), ``modality.tsv`` (cue, modality, where) and
``context_keywords.tsv`` (keyword, context), ``actor_nouns.tsv`` and
``noun_classes.tsv`` (participant head nouns). Writes nothing.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.datafiles import read_tsv

# Where a lexicon row comes from (see docs/events.md, "Where a row comes from").
PROVENANCES = ("manual", "general", "dev-error")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    context: str | None
    frame: str

    @property
    def head(self) -> str:
        """The word looked up: a verb's or adjective's first ("critical of"), a noun's last."""
        return self.words[0] if self.pos in ("VERB", "ADJ") else self.words[-1]

    @property
    def rest(self) -> tuple[str, ...]:
        return self.words[1:] if self.pos in ("VERB", "ADJ") else self.words[:-1]


# Nouns that a place's name follows with "of" or in apposition: "the port city
# of Jeddah", "the capital, Kabul", "the state of Ohio" (general usage).
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "capital",
        "province",
        "region",
        "district",
        "port",
        "county",
        "state",
        "island",
        "republic",
        "kingdom",
        "emirate",
    }
)


class EventLexicon:
    """Trigger lexicon and coder tables."""

    def __init__(self) -> None:
        self.triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for row in read_tsv("event_triggers.tsv"):
            trig = Trigger(
                tuple(row["trigger"].lower().split()),
                row["pos"],
                row["type"],
                row["mode"] or None,
                row["context"] or None,
                row["frame"] or "event",
            )
            self.triggers[(trig.head, trig.pos)].append(trig)
        for entries in self.triggers.values():
            entries.sort(key=lambda t: -len(t.words))
        tables: dict[str, dict[str, str]] = defaultdict(dict)
        for row in read_tsv("event_rules.tsv"):
            tables[row["table"]][row["key"]] = row["value"]
        self.quad = {k: int(v) for k, v in tables["quad"].items()}
        self.embedded_mode = tables["embedded_mode"]
        self.threat_mode = tables["threat_mode"]
        self.of_actor = set(tables["of_actor"])
        self.nominal_role = tables["nominal_role"]
        self.recipient_preps = set(tables["recipient_prep"])
        self.rest_recipients = set(tables["rest_recipient"])
        self.clause_marks = set(tables["clause_mark"])
        self.cause_preps = set(tables["cause_prep"])
        self.trade_objects = set(tables["trade_object"])
        self.entry_words = set(tables["entry_word"])
        self.state_acts = set(tables["state_act"])
        self.agreement_objects = set(tables["agreement_object"])
        self.material_support = set(tables["material_support"])
        self.verbal_attacks = set(tables["verbal_attack"])
        self.physical_cues = set(tables["physical_cue"])
        self.clause_subject_types = set(tables["clause_subject_type"])
        self.receiving_verbs = set(tables["receiving_verb"])
        self.gaining_verbs = set(tables["gaining_verb"])
        self.naming_verbs = set(tables["naming_verb"])
        self.hosting_verbs = set(tables["hosting_verb"])
        self.answered_noun = tables["answered_noun"]
        self.speaks_for = set(tables["speaks_for"])
        self.place_preps = set(tables["place_prep"])
        self.shift_future = tables["shift_future"]
        self.shift_negated = tables["shift_negated"]
        self.official_protest = tables["official_protest"]
        self.embedded_type = tables["embedded_type"]
        self.request_aux = set(tables["request_aux"])
        self.request_verbs = set(tables["request_verb"])
        self.future_aux = set(tables["future_aux"])
        self.future_governors = set(tables["future_governor"])
        self.negating_governors = set(tables["negating_governor"])
        self.context_type = tables["context_type"]
        self.governor_type = tables["governor_type"]
        self.partitives = set(tables["partitive"])
        self.event_measures = set(tables["event_measure"])
        self.quantity_heads = {k: int(v) for k, v in tables["quantity_head"].items()}
        self.modality: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in read_tsv("modality.tsv"):
            self.modality[row["cue"].lower()].append((row["modality"], row["where"]))
        self.contexts = {row["keyword"]: row["context"] for row in read_tsv("context_keywords.tsv")}
        # head nouns of participants: people ("hostage"), things, vehicles
        self.noun_kinds = {row["noun"]: row["kind"] for row in read_tsv("actor_nouns.tsv")}
        # every other single-word noun, by its most frequent WordNet senses
        self.noun_classes = {row["noun"]: row["class"] for row in read_tsv("noun_classes.tsv")}


@functools.cache
def valences() -> dict[str, float]:
    """Mean human valence of English words, -4 (most negative) to +4, from the
    VADER sentiment lexicon (package ``vaderSentiment``, MIT licence; Hutto and
    Gilbert, 2014), read from that package's data: words only, no emoticons.
    Features of the sense model (``sense.py``) read it; nothing is coded by it
    alone."""
    from importlib import resources

    found: dict[str, float] = {}
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        if word.isalpha() or ("-" in word and word.replace("-", "").isalpha()):
            found[word] = float(rest.split("\t", 1)[0])
    return found


def valence(tok: Token) -> float:
    """The word's valence, by its form or its lemma; 0 when the lexicon lacks it."""
    table = valences()
    return table.get(tok.lower_, table.get(tok.lemma_.lower(), 0.0))


@functools.cache
def critical_words() -> frozenset[str]:
    """Words of blame (``critical_words.tsv``) that make a quote an ACCUSE."""
    return frozenset(row["word"] for row in read_tsv("critical_words.tsv"))


@functools.lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    """The lexicon and tables, read on first use and kept for the process."""
    return EventLexicon()


def measured_event(tok: Token, lex: EventLexicon) -> Token | None:
    """The event noun a measure noun holds ("two rounds of *talks*", "a wave
    of *attacks*": ``event_measure``), else None."""
    if tok.lemma_.lower() not in lex.event_measures:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def object_lemma_in(tok: Token, words: set[str], preps: tuple[str, ...] = ()) -> bool:
    """The verb's object (or passive subject), or the object of one of its
    ``preps``, has its lemma in ``words``."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in words:
            return True
        if c.dep_ == "prep" and c.lower_ in preps:
            if any(o.dep_ == "pobj" and o.lemma_.lower() in words for o in c.children):
                return True
    return False


def names_agreement(tok: Token, lex: EventLexicon) -> bool:
    """The verb's object names an agreement ("signed a border agreement")."""
    return object_lemma_in(tok, lex.agreement_objects)


def _to_clause(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _modal_demand(verb: Token, lex: EventLexicon, deps: tuple[str, ...]) -> bool:
    """A "must"/"should" (``request_aux``) on the verb."""
    return any(c.dep_ in deps and c.lower_ in lex.request_aux for c in verb.children)


def _asked_to(clause: Token, lex: EventLexicon) -> bool:
    """A "to" clause under "needs"/"has" (``request_verb``): "needs to withdraw"."""
    return (
        clause.dep_ == "xcomp"
        and clause.head.lemma_.lower() in lex.request_verbs
        and _to_clause(clause)
    )


def demanding(verb: Token, lex: EventLexicon) -> bool:
    """Does this verb carry a demand: "must"/"should" on it, or a "needs
    to"/"has to" above it?"""
    return _modal_demand(verb, lex, ("aux", "auxpass")) or _asked_to(verb, lex)


def demand_verb(verb: Token, lex: EventLexicon) -> bool:
    """A verb that makes its subject the one asked: "X must ...", "X needs to ..."."""
    return _modal_demand(verb, lex, ("aux",)) or any(_asked_to(c, lex) for c in verb.children)
