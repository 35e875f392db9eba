"""Attributions: the cue of a quote and the speaker phrase its parse gives.

Reads the dependency parse around a cue token; ``find_speaker`` returns the
token heading the speaker phrase (the cue's subject, the agent of a passive,
the object of "according to", or the subject the cue inherits from its head),
``attribute`` wraps cue and speaker in an ``Attribution``. ``Found`` is a quote
candidate the direct and reported finders return. Writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# A cue verb without a subject of its own takes its head's: "X acknowledged ...
# but stated that", "X declined to say", "X spoke, saying that ...".
_INHERIT_SUBJECT_DEPS = {"conj", "xcomp", "advcl", "acl", "pcomp"}


@dataclass
class Attribution:
    """The cue of a quote and the token heading its speaker phrase."""

    cue_start: int  # token indices
    cue_end: int
    speaker: Token | None
    cue_char: int  # character offset of the cue
    according: bool = False  # "according to X" rather than a verb
    # Taken from a cue in the previous sentence ('Sybiha wrote to NATO. "..."'):
    # that cue keeps its own reported content too.
    borrowed: bool = False


@dataclass
class Found:
    """A quote candidate: content span, attribution and, for direct quotes, the parts."""

    start: int
    end: int
    attribution: Attribution | None
    direct: bool
    parts: list[tuple[int, int]] = field(default_factory=list)


def is_same_cue(a: Attribution | None, b: Attribution | None) -> bool:
    """True when both attributions are the same cue."""
    return a is not None and b is not None and a.cue_start == b.cue_start


def attribute(doc: Doc, start: int, end: int, borrowed: bool = False) -> Attribution:
    """The attribution of the cue at tokens ``start:end``, with its speaker token."""
    return Attribution(start, end, find_speaker(doc, start), doc[start].idx, borrowed=borrowed)


def is_inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when character offset ``pos`` falls in one of ``spans``."""
    return any(s <= pos < e for s, e in spans)


def find_speaker(doc: Doc, cue_start: int) -> Token | None:
    """The token heading the speaker phrase of the cue at ``cue_start``."""
    cue = doc[cue_start]
    if cue.lower_ == "according":
        to = doc[cue_start + 1] if cue_start + 1 < len(doc) else None
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if cue.pos_ not in {"VERB", "AUX"}:
        cue = cue.head  # a phrase cue ("in a statement"): the verb it modifies
    for _ in range(4):
        # With two subjects ("The rejection ... signals X, said Wilders") the
        # parser took the reported clause's subject too: the speaker is nearer.
        subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
        subject = min(subjects, key=lambda c: abs(c.i - cue.i)) if subjects else None
        if subject is None:
            subject = _subject_of_clause_before(cue)
        if subject is not None and subject.dep_ == "nsubjpass" and not _is_perfect(cue):
            # "it was announced by X": the agent speaks.
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subject is not None:
            return subject
        if cue.dep_ == "relcl":
            return cue.head
        if cue.dep_ not in _INHERIT_SUBJECT_DEPS or cue.head is cue:
            return None
        head = cue.head
        if cue.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            head = head.head  # "a statement saying that ...": whoever issued it
        cue = head
    return None


def _subject_of_clause_before(cue: Token) -> Token | None:
    """'Mr. Slinker, whose start-up uses ..., said ...': the parser hung the speaker
    on a clause before the verb while the report follows it."""
    left = [c for c in cue.children if c.dep_ in {"ccomp", "csubj"} and c.i < cue.i]
    if left and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return next((c for c in left[0].children if c.dep_ in SUBJECT_DEPS), None)
    return None


def _is_perfect(verb: Token) -> bool:
    """'he's said' read by the parser as a passive."""
    return any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children)
