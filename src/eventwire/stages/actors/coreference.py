"""Step 5: coreference, surnames and nominals.

Reads the drafts of the earlier steps and ``nominals.tsv``. Adds as mentions
of an already-found person the surnames the model tagged as something else or
not at all ("Sybiha", queued to be relabelled PERSON), and as mentions of an
organisation or titled person the nominals that fit exactly one of them ("the
alliance" -> NATO, "the minister"; any title of ``roles.tsv`` is such a
nominal: "the journalist" is the one person the article titles journalist).
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.stages.actors.search import PERSON_LABELS, ActorSearch, Draft


def find_name_parts(search: ActorSearch, ents: list[Span]) -> None:
    """Surnames tagged as something else, and untagged surnames."""
    persons = [d for d in search.drafts.values() if d.type == "PERSON"]
    if not persons:
        return
    parts: dict[str, Draft | None] = {}
    for draft in persons:
        words = draft.name.split()
        for w in {words[-1], *(words if len(words) == 1 else [])}:
            parts[w] = None if w in parts and parts[w] is not draft else draft
    doc = search.doc
    for ent in ents:
        if ent.label_ in PERSON_LABELS or ent.label_ in ("DATE", "CARDINAL"):
            continue
        owner = parts.get(ent.text)
        if owner is not None and search.add(owner.ident, ent, "surname"):
            search.relabel.append(Span(doc, ent.start, ent.end, label="PERSON"))
    for tok in doc:
        owner = parts.get(tok.text)
        if owner is not None and tok.pos_ == "PROPN" and not tok.ent_type_:
            span = doc[tok.i : tok.i + 1]
            if search.add(owner.ident, span, "surname"):
                search.relabel.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))


def find_nominals(search: ActorSearch) -> None:
    """ "the alliance", "the minister": a nominal that fits exactly one actor."""
    doc = search.doc
    nominals = search.lex.nominals
    for tok in doc:
        if tok.i in search.taken or tok.pos_ != "NOUN":
            continue
        head = tok.text.lower()
        start = tok.i
        if tok.i > 0 and f"{doc[tok.i - 1].text.lower()} {head}" in nominals:
            head = f"{doc[tok.i - 1].text.lower()} {head}"
            start -= 1
        # a listed nominal, else any person's title ("the journalist", "the senator")
        matches = nominals.get(head) or ([f"role:{head}"] if head in search.lex.titles else None)
        if not matches or start == 0 or doc[start - 1].lower_ != "the":
            continue
        candidates = {d.ident for m in matches for d in _matching(search, m)}
        if len(candidates) == 1:
            search.add(candidates.pop(), doc[start - 1 : tok.i + 1], "nominal")


def _matching(search: ActorSearch, rule: str) -> list[Draft]:
    """The drafts a nominals.tsv rule ("org:NATO", "role:minister") fits."""
    kind, _, value = rule.partition(":")
    if kind == "org":
        org = search.gaz.organization(value)
        name = org.name if org is not None else value
        return [d for d in search.drafts.values() if d.ident == f"ORG:{name}"]
    return [
        d
        for d in search.drafts.values()
        if d.type == "PERSON" and d.role and value in d.role.lower()
    ]
