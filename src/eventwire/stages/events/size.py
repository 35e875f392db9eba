"""Size: how many took part, or were killed, hurt or arrested.

Counts on participants ("3,000 troops"; "tens of thousands of North Korean
troops" -> value 10,000, magnitude 4, approximate), read with the vague
quantities of ``event_rules.tsv``, and casualty verbs in the sentence
("killing 12" -> ``dead: 12``). Returns the ``size`` dict of an ``Event``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.nlp import sentence_of
from eventwire.stages.events.frames import Draft
from eventwire.stages.events.lexicon import EventLexicon

_CASUALTIES = {
    "kill": "dead",
    "wound": "injured",
    "injure": "injured",
    "arrest": "arrested",
    "detain": "arrested",
}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}


def find_size(draft: Draft, lex: EventLexicon) -> dict | None:
    """The size of the first counted participant, else the casualties of the sentence."""
    doc = draft.tok.doc
    for ea in draft.actors + draft.recipients:
        span = doc.char_span(ea.start, ea.end, alignment_mode="expand")
        if span is None:
            continue
        size = quantity_for(span.root, lex)
        if size:
            size["of"] = "troops" if ea.sector in ("MIL", "PRM", "REB") else "people"
            return size
    return casualties(draft.tok, lex)


def quantity_for(tok: Token, lex: EventLexicon) -> dict | None:
    """The count on a noun: "3,000 troops", "tens of thousands of troops"."""
    for c in tok.children:
        if c.dep_ == "nummod":
            value = parse_number(c.text)
            if value is not None:
                return _size(value, c, exact=True)
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in lex.quantity_heads:
        doc = tok.doc
        qhead = head.head
        left = qhead.left_edge
        base = lex.quantity_heads[qhead.lower_]
        span = doc[left.i : qhead.i + 1]
        value = base
        if qhead.head.lower_ == "of" and qhead.head.head.lower_ in lex.quantity_heads:
            outer = qhead.head.head
            span = doc[outer.left_edge.i : qhead.i + 1]
            value = base * lex.quantity_heads[outer.lower_]
        for c in qhead.children:
            if c.dep_ == "nummod" and parse_number(c.text):
                value = base * (parse_number(c.text) or 1)
            elif c.dep_ == "quantmod" and c.lower_ in lex.quantity_heads:
                value = base * lex.quantity_heads[c.lower_]
                span = doc[min(c.i, span.start) : qhead.i + 1]
        return _size(value, span, exact=False)
    return None


def casualties(tok: Token, lex: EventLexicon) -> dict | None:
    """Killed / injured / arrested counts in the trigger's sentence."""
    result: dict = {}
    for t in sentence_of(tok):
        kind = _CASUALTIES.get(t.lemma_.lower())
        if kind is None:
            continue
        for c in t.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                q = quantity_for(c, lex) if c.pos_ in ("NOUN", "PROPN") else None
                value = parse_number(c.text) if c.pos_ == "NUM" else (q or {}).get("value")
                if value:
                    result[kind] = value
    return result or None


def parse_number(text: str) -> int | None:
    """An integer from "1,200", "12" or "twelve"; None otherwise."""
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return _NUMBER_WORDS.get(t)


def _size(value: int, where: Span | Token, exact: bool) -> dict:
    text = where.text
    start = where.idx if isinstance(where, Token) else where.start_char
    magnitude = len(str(int(value))) - 1 if value else 0
    return {
        "value": value,
        "magnitude": magnitude,
        "approximate": not exact,
        "text": text,
        "start": start,
        "end": start + len(text),
    }
