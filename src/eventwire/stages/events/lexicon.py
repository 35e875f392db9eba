"""The event coder's data: the trigger lexicon and the rule tables, loaded once per process.

Reads, from ``eventwire/data``: ``event_triggers.tsv`` (trigger, pos, type,
mode, context, frame; its ``provenance`` column, one of ``PROVENANCES`` with
an optional justification, says where a row comes from and is not used for
coding), ``event_rules.tsv`` (table, key, value: quad classes, modes of
governing events, recipient and place prepositions, vague quantities,
PLOVER's type-shifting rules), ``modality.tsv`` (cue, modality, where) and
``context_keywords.tsv`` (keyword, context). Writes nothing.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

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
        return self.words[0] if self.pos == "VERB" else self.words[-1]

    @property
    def rest(self) -> tuple[str, ...]:
        return self.words[1:] if self.pos == "VERB" else self.words[:-1]


# Tables of event_rules.tsv read as word sets and as key -> value maps, with
# the attribute each becomes (its header comment says what each table holds).
_WORD_SETS = {
    "of_actor": "of_actor",
    "recipient_prep": "recipient_preps",
    "clause_mark": "clause_marks",
    "clause_subject_type": "clause_subject_types",
    "place_prep": "place_preps",
    "request_aux": "request_aux",
    "future_aux": "future_aux",
    "future_governor": "future_governors",
    "negating_governor": "negating_governors",
    "partitive": "partitives",
    "receiving_verb": "receiving_verbs",
    "speaks_for": "speaks_for",
}
_MAPS = {
    "embedded_mode": "embedded_mode",
    "threat_mode": "threat_mode",
    "shift_future": "shift_future",
    "shift_negated": "shift_negated",
    "official_protest": "official_protest",
    "embedded_type": "embedded_type",
    "context_type": "context_type",
    "governor_type": "governor_type",
    "nominal_role": "nominal_role",
    "answered_noun": "answered_noun",
}


class EventLexicon:
    """Trigger lexicon and coder tables."""

    # the word sets and maps of event_rules.tsv (_WORD_SETS, _MAPS)
    of_actor: set[str]
    recipient_preps: set[str]
    clause_marks: set[str]
    clause_subject_types: set[str]
    place_preps: set[str]
    request_aux: set[str]
    future_aux: set[str]
    future_governors: set[str]
    negating_governors: set[str]
    partitives: set[str]
    receiving_verbs: set[str]
    speaks_for: set[str]
    embedded_mode: dict[str, str]
    threat_mode: dict[str, str]
    shift_future: dict[str, str]
    shift_negated: dict[str, str]
    official_protest: dict[str, str]
    embedded_type: dict[str, str]
    context_type: dict[str, str]
    governor_type: dict[str, str]
    nominal_role: dict[str, str]
    answered_noun: dict[str, str]

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
        for table, attribute in _WORD_SETS.items():
            setattr(self, attribute, set(tables[table]))
        for table, attribute in _MAPS.items():
            setattr(self, attribute, tables[table])
        self.quantity_heads = {k: int(v) for k, v in tables["quantity_head"].items()}
        self.modality: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in read_tsv("modality.tsv"):
            self.modality[row["cue"].lower()].append((row["modality"], row["where"]))
        self.contexts = {row["keyword"]: row["context"] for row in read_tsv("context_keywords.tsv")}


@functools.lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    """The lexicon and tables, read on first use and kept for the process."""
    return EventLexicon()
