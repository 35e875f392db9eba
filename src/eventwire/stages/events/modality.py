"""Modality: is the event asserted, or negated, hypothetical, requested, scheduled, ...?

The cues of ``modality.tsv`` are looked up on the trigger and on the verbs
that govern it within its clause ("could potentially halt", "did not agree
to meet"); a subject that negates ("no one"), a conditional clause above, a
governing REQUEST and a reporting speaker add theirs. The first cue in
``MODALITY_ORDER`` wins. ``temporal_modality`` reads the event's date
against publication: after it is ``scheduled``, more than half a year
before it ``historical``. Writes nothing.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from eventwire.records import Event
from eventwire.stages.events.attach import as_date
from eventwire.stages.events.frames import Draft
from eventwire.stages.events.lexicon import EventLexicon
from eventwire.stages.events.triggers import match_trigger

# Dependencies that keep a governing verb in the trigger's clause.
_WITHIN_CLAUSE = ("xcomp", "conj", "acl", "pobj", "prep", "dobj", "nsubjpass")
MODALITY_ORDER = [
    "negated",
    "hypothetical",
    "requested",
    "scheduled",
    "reported",
    "historical",
    "asserted",
]


def cues_of(tok: Token, lex: EventLexicon) -> list[tuple[str, str]]:
    """The (modality, where) cues a dependent carries: its own word, or for an
    adverb with words of its own the whole phrase ("no longer")."""
    cues = lex.modality.get(tok.lower_, [])
    if tok.dep_ == "advmod" and tok.n_lefts:
        cues = cues + lex.modality.get(" ".join(w.lower_ for w in tok.subtree), [])
    return cues


def find_modality(tok: Token, draft: Draft, lex: EventLexicon) -> tuple[str, str | None]:
    """The modality of the event at ``tok`` and the word that says so."""
    found: list[tuple[str, str]] = []
    # "No agreement has been reached": the cue sits on a word of the trigger.
    for c in tok.children:
        if c.lemma_.lower() in draft.trigger.rest:
            for g in c.children:
                if g.dep_ == "det" and g.lower_ == "no":
                    found.append(("negated", g.text))
    chain = [tok]
    t = tok
    # Cues on the trigger and on verbs that govern it within the clause
    # ("could potentially halt", "did not agree to meet").
    while (
        t.dep_ in ("xcomp", "conj", "acl", "pobj", "prep", "dobj", "nsubjpass") and t.head.i != t.i
    ):
        if t.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            break  # "did not attack Kyiv, but it shelled Kharkiv": a clause of its own
        t = t.head
        chain.append(t)
    for k, t in enumerate(chain):
        for c in t.children:
            for modality, where in cues_of(c, lex):
                if where == "any" or where == c.dep_ or (where == "acl" and c.dep_ == "acl"):
                    found.append((modality, c.text))
                elif where == "aux" and c.dep_ in ("aux", "auxpass"):
                    found.append((modality, c.text))
                elif where == "det" and c.dep_ == "det":
                    found.append((modality, c.text))
                elif where == "mark" and c.dep_ == "mark":
                    found.append((modality, c.text))
                elif where == "amod" and c.dep_ in ("amod", "compound"):
                    found.append((modality, c.text))
                elif where == "advmod" and c.dep_ == "advmod":
                    found.append((modality, c.text))
            if c.dep_ == "acl" and c.lemma_.lower() in ("schedule", "plan", "set"):
                found.append(("scheduled", c.text))
        if k > 0:
            for modality, where in lex.modality.get(t.lemma_.lower(), []):
                if where == "head" or (where == "control" and chain[k - 1].dep_ == "xcomp"):
                    found.append((modality, t.text))
    if has_no_subject(tok):
        found.append(("negated", "no"))
    # "no formal invitation ... has been set": negation on the verb whose subject we are
    if tok.dep_ in ("nsubj", "nsubjpass"):
        for c in tok.head.children:
            if c.dep_ == "neg":
                found.append(("negated", c.text))
    # A conditional clause anywhere above: "if Russia attacks, ..."
    for anc in tok.ancestors:
        for c in anc.children:
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                found.append(("hypothetical", c.text))
    if draft.embedded_under is not None and draft.embedded_under.type == "REQUEST":
        found.append(("requested", draft.embedded_under.tok.text))
    elif tok.pos_ == "NOUN" and tok.dep_ in ("pobj", "dobj"):
        # "calling for the president's release", "demanded the withdrawal": a
        # nominal event that a request is about is requested, not asserted.
        for t in chain[1:3]:
            governing = match_trigger(t, lex) if t.pos_ in ("VERB", "NOUN") else None
            if governing is not None and governing.type == "REQUEST":
                found.append(("requested", t.text))
                break
    if draft.claimed_by is not None:
        found.append(("reported", draft.claimed_by.text))
    if not found:
        return "asserted", None
    found.sort(key=lambda mc: MODALITY_ORDER.index(mc[0]))
    return found[0]


def temporal_modality(event: Event, published: str | None) -> str | None:
    """``scheduled`` or ``historical`` from the event's date against publication, else None."""
    try:
        pub = date.fromisoformat(published[:10]) if published else None
        begin = as_date(event.date_begin)
        end = as_date(event.date_end)
    except ValueError:
        return None
    if pub is None or begin is None or end is None:
        return None
    if begin > pub:
        return "scheduled"
    if (pub - end).days > 180:
        return "historical"
    return None


def has_no_subject(verb: Token) -> bool:
    """ "No one will be shot", "nobody was hurt": a subject that negates."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("nobody", "none", "nothing") or any(
                d.dep_ == "det" and d.lower_ == "no" for d in child.children
            ):
                return True
    return False
