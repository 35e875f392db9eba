"""Dyad mode: the event type choice given the gold participants.

Used by ``eventwire eval events`` (``evaluate.events``) only. Given a
sentence with a marked source and target (character spans), ``code_dyad``
says which event type links them: the event coder's drafts are scored by how
well their actor and recipient cover the marked pair and whether their
trigger lies on the dependency path between them; an event under a control
verb of the same actor gives way to it, and a purpose clause to its main
clause. Reads a parsed ``Doc`` after the actors stage (``doc._.actors`` and
``doc.spans["mentions"]``, see ``eventwire.stages.doc``); writes nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.evaluate.metrics import Spans, overlaps
from eventwire.stages.events.frames import Draft, draft_events
from eventwire.stages.events.lexicon import load_event_lexicon
from eventwire.stages.events.rules import demanded_by, shift_type


def code_dyad(doc: Doc, source: tuple[int, int], target: tuple[int, int] | None) -> str | None:
    """The event type linking a marked source and target (character spans).

    Every trigger is scored by how well its actor and recipient cover the
    marked pair and whether it lies on the dependency path between them; an
    event embedded under a control verb of the same actor ("threatened to
    shell") gives way to the control verb. Returns None when the sentence
    has no trigger at all. Needs the actors stage's ``doc._.actors``.
    """
    actors = doc._.actors
    if actors is None:
        raise ValueError("code_dyad needs doc._.actors: run the actors stage on the Doc first")
    lex = load_event_lexicon()
    found = draft_events(doc, actors, lex)
    drafts = found.by_token
    if not drafts:
        return None
    mentions = {a.key: [(m.start, m.end) for m in a.mentions] for a in actors}
    src_span = doc.char_span(*source, alignment_mode="expand")
    tgt_span = doc.char_span(*target, alignment_mode="expand") if target else None
    path = _dependency_path(src_span, tgt_span)

    def score(d: Draft) -> tuple[float, int]:
        s = 0.0
        if overlaps(d.actors, source, mentions):
            s += 3
        if overlaps(d.recipients, target, mentions):
            s += 2
        if overlaps(d.actors, target, mentions) and overlaps(d.recipients, source, mentions):
            s += 1
        if d.tok.i in path:
            s += 1.5
        anchor = tgt_span.root.i if tgt_span is not None else src_span.root.i
        return s, -abs(d.tok.i - anchor)

    # A trigger inside the marked source or target ("the coalition fighting
    # the Houthis") describes a participant, not the event between them.
    inside = {
        i for span in (src_span, tgt_span) if span is not None for i in range(span.start, span.end)
    }
    candidates = [d for d in drafts.values() if d.tok.i not in inside] or list(drafts.values())
    best = max(candidates, key=score)
    main = _main_clause_event(best, drafts, source, mentions)
    if main is not None:
        best = main
    chain = [best]
    while best.embedded_under is not None:
        governor = best.embedded_under
        if governor.actors and not overlaps(governor.actors, source, mentions):
            break
        best = governor
        chain.append(best)
    for draft in chain:
        speaker = demanded_by(draft, found.triggers, lex)
        if speaker is not None and overlaps([speaker], source, mentions):
            return "REQUEST"
    return shift_type(best, found.triggers, lex, {a.key: a for a in actors})


def _main_clause_event(
    best: Draft, drafts: dict[int, Draft], source: tuple[int, int], mentions: Spans
) -> Draft | None:
    """The main-clause event of the same actor, for an event in a purpose
    clause ("began a hunger strike to demand ...", "rallied, calling for ...")."""
    tok = best.tok
    purpose = (tok.dep_ in ("advcl", "xcomp") or (tok.dep_ == "acl" and tok.head.i in drafts)) and (
        tok.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )
    if not purpose or tok.head.i == tok.i:
        return None
    head = tok.head
    candidates = [drafts.get(head.i)] + [
        drafts.get(c.i) for c in head.children if c.dep_ in ("dobj", "nsubjpass")
    ]
    for cand in candidates:
        if cand is None or cand is best or cand.trigger.frame == "control":
            continue
        if not cand.actors or overlaps(cand.actors, source, mentions):
            return cand
    return None


def _dependency_path(a: Span | None, b: Span | None) -> set[int]:
    """Token indices on the dependency path between two spans' roots."""
    if a is None:
        return set()
    up_a = [a.root, *a.root.ancestors]
    if b is None:
        return {t.i for t in up_a[1:]}
    up_b = [b.root, *b.root.ancestors]
    ids_b = {t.i for t in up_b}
    path: set[int] = set()
    for t in up_a:
        path.add(t.i)
        if t.i in ids_b:
            for u in up_b:
                path.add(u.i)
                if u.i == t.i:
                    break
            break
    return path - {a.root.i, b.root.i}
