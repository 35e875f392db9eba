"""Triggers: which words of the Doc are event triggers, and their lexicon entries.

Every token is matched against the lexicon with the words around it: the
longest entry whose other words hang off the token wins, and a
complement-taking reading ("agreed on Saturday *to provide*") wins over a
longer plain one. Reads the parsed ``Doc`` and the ``EventLexicon``; returns
``{token index: Trigger}``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.stages.events.lexicon import EventLexicon, Trigger, measured_event


def find_triggers(doc: Doc, lex: EventLexicon) -> dict[int, Trigger]:
    """The trigger of every token that has one, by token index."""
    triggers: dict[int, Trigger] = {}
    for tok in doc:
        if tok.dep_ == "amod":  # "captured territories", "recognized borders"
            continue
        if tok.ent_type_ in ("DATE", "TIME"):  # "in March", "on Sunday": no "march"
            continue
        trig = match_trigger(tok, lex)
        if trig is not None:
            triggers[tok.i] = trig
    return triggers


def match_trigger(tok: Token, lex: EventLexicon) -> Trigger | None:
    """The best lexicon entry for ``tok``, considering its dependents."""
    pos = trigger_pos(tok)
    if pos is None:
        return None
    candidates = lex.triggers.get((tok.lemma_.lower(), pos)) or lex.triggers.get((tok.lower_, pos))
    if pos == "VERB" and tok.tag_ == "VBN" and (tok.lower_, "ADJ") in lex.triggers:
        # "is opposed to", "is committed to": the adjective reading
        candidates = lex.triggers[(tok.lower_, "ADJ")]
    if not candidates:
        return None
    if any(t.rest for t in candidates):  # only multiword entries read the words around
        nearby = _nearby_lemmas(tok)
        matched = [t for t in candidates if all(w in nearby for w in t.rest)]
    else:
        matched = candidates
    if not matched:
        return None
    deps = {c.dep_ for c in tok.children}
    if deps & {"xcomp", "ccomp"}:
        # A complement-taking reading wins over a longer plain one:
        # "agreed on Saturday to provide aid" is AGREE to provide.
        framed = [t for t in matched if t.frame in ("control", "transparent", "report")]
        if framed:
            matched = framed
    longest = len(matched[0].words)
    best = [t for t in matched if len(t.words) == longest]
    if len(best) == 1:
        return best[0]
    if "xcomp" in deps:
        prefer = ("control", "transparent", "light", "event", "report", "none")
    elif "ccomp" in deps:
        prefer = ("report", "control", "event", "light", "transparent", "none")
    else:
        prefer = ("none", "event", "light", "control", "report", "transparent")
    return min(best, key=lambda t: prefer.index(t.frame))


def trigger_pos(tok: Token) -> str | None:
    """The lexicon part of speech a token is looked up under: VERB, NOUN, ADJ or None."""
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if tok.pos_ == "ADJ":
        return "ADJ"
    return None


def has_event_object(tok: Token, triggers: dict[int, Trigger], lex: EventLexicon) -> bool:
    """Is the object of ``tok`` a nominal trigger ("launched an *attack*", "a
    wave of *attacks*")?"""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            noun = measured_event(c, lex) or c
            if noun.i in triggers and triggers[noun.i].pos == "NOUN":
                return True
    return False


def _nearby_lemmas(tok: Token) -> set[str]:
    """Lemmas of the words a multiword trigger may use: dependents, their
    objects, and compound modifiers ("air strike", "take into custody")."""
    found = set()
    for child in tok.children:
        if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "agreed on Wednesday" is not "agree on"
        found.add(child.lemma_.lower())
        found.add(child.lower_)
        if child.dep_ in ("prep", "dobj", "prt", "acomp", "advmod", "compound", "amod"):
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "compound", "dobj", "amod"):
                    found.add(grandchild.lemma_.lower())
                    found.add(grandchild.lower_)
    return found
