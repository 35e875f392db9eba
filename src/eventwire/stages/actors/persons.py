"""Step 1: persons, with the role, country and sector their titles give.

Reads the article's entities and ``ActorSearch``; mends two slips of the
model's person entities (a name the actor dictionary knows as a person,
tagged ORG; a given name left outside a PERSON); drafts one PERSON actor per
name (a shorter form of a name already found joins that person, and one
named first joins the one full name of the article that holds it:
"Trump rushed out tweets ... Donald Trump's first tweet"), fills its role
through ``roles``, and queues a relabel to PERSON for a GPE/ORG entity that
is really a titled name ("Amara Okonjo, Nigeria's deputy minister").
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.stages.actors.roles import (
    appositive_role,
    enrich_person,
    premodifier_role,
    trim_person,
)
from eventwire.stages.actors.search import PERSON_LABELS, ActorSearch
from eventwire.stages.actors.sex import is_given_name


def find_persons(search: ActorSearch, ents: list[Span]) -> None:
    """Draft the persons named by ``ents``."""
    for ent in mend_person_entities(search, ents):
        if ent.label_ not in PERSON_LABELS and not _is_titled_name(search, ent):
            continue
        if ent.label_ in PERSON_LABELS and search.is_known_group(ent.text):
            continue  # the model's "al-Shabab" PERSON is the armed group
        if ent.label_ in PERSON_LABELS and search.names_a_place(ent):
            continue  # "protested in Goma": the model's PERSON is the city
        if search.names_a_people(ent):
            continue  # "Karen guerrillas": a people, not a woman called Karen
        if ent.label_ not in PERSON_LABELS:
            search.relabel.append(Span(search.doc, ent.start, ent.end, label="PERSON"))
        span = trim_person(search, ent)
        if span is None:
            continue
        owner = search.person_for_name(span.text)
        if owner is not None:
            search.add(owner.ident, span, "surname" if len(span) == 1 else "name")
            enrich_person(search, owner, span)
            continue
        draft = search.add(f"PERSON:{span.text}", span, "name", name=span.text, type="PERSON")
        if draft is not None:
            enrich_person(search, draft, span)
    join_early_short_names(search)


def mend_person_entities(search: ActorSearch, ents: list[Span]) -> list[Span]:
    """Two slips of the small model's person entities, mended before drafting:
    a short name the actor dictionary knows as one person, tagged ORG ("Carly
    Fiorina"), is a PERSON; a PERSON tagged without the given name before it
    ("Alejandro" left out of "Alejandro Ruiz Ferrer") takes it. Both are queued
    as relabels so that the entities the later stages read agree."""
    mended = []
    for ent in ents:
        span = ent
        if ent.label_ == "ORG" and _is_dictionary_person(search, ent):
            span = Span(search.doc, ent.start, ent.end, label="PERSON")
        elif ent.label_ in PERSON_LABELS and given_name_before(search, ent.start):
            span = Span(search.doc, ent.start - 1, ent.end, label="PERSON")
        if span is not ent:
            search.relabel.append(span)
        mended.append(span)
    return mended


def given_name_before(search: ActorSearch, start: int) -> bool:
    """Is the token before ``start`` a given name the model left untagged: a
    capitalised proper noun of ``person_sex.tsv``, in no mention yet, and not
    the first word of its sentence?"""
    if start == 0:
        return False
    before = search.doc[start - 1]
    return (
        before.pos_ == "PROPN"
        and not before.ent_type_
        and not before.is_sent_start
        and before.is_title
        and before.i not in search.taken
        and is_given_name(before.text)
    )


def _is_dictionary_person(search: ActorSearch, ent: Span) -> bool:
    words = [t.text for t in ent]
    return (
        2 <= len(words) <= 3
        and all(t.is_title for t in ent)
        and is_given_name(words[0])
        and not search.is_known_group(ent.text)
        and search.lookup_person(ent.text) is not None
    )


def join_early_short_names(search: ActorSearch) -> None:
    """A person named by one word of their name before the full name ("Clinton
    pushed policy proposals" in a standfirst, "Hillary Clinton" in the body;
    "Hillary" in a headline) is one person with the full name, as a later
    short form is (``ActorSearch.person_for_name``), when exactly one full name
    of the article holds that word; with two ("Bill Clinton", "Hillary
    Clinton") it stays a person of its own, and so it does when the actor
    dictionary names another person by it. The full name's draft keeps its
    name and codes and takes the short form's mentions."""
    persons = [d for d in search.drafts.values() if d.type == "PERSON"]
    full = [d for d in persons if len(d.name.split()) > 1]
    for draft in persons:
        if len(draft.name.split()) != 1:
            continue
        owners = [d for d in full if draft.name in d.name.split()]
        if len(owners) != 1 or (draft.ref and draft.ref != owners[0].ref):
            # the dictionary's "Obama" is Barack Obama, not the article's
            # one full name "Michelle Obama"
            continue
        owner = owners[0]
        kind = "surname" if search.lex.surname(owner.name) == draft.name else "name"
        owner.spans += [(span, kind) for span, _ in draft.spans]
        owner.fill_missing(country=draft.country, sector=draft.sector, role=draft.role)
        del search.drafts[draft.ident]


def _is_titled_name(search: ActorSearch, ent: Span) -> bool:
    """A GPE/ORG the gazetteer does not know, but that carries a person's
    title ("Amara Okonjo, Nigeria's deputy minister"): the small model
    often tags unfamiliar names as places."""
    if ent.label_ not in ("GPE", "ORG") or not all(t.is_title for t in ent):
        return False
    text = ent.text
    gaz = search.gaz
    if (
        gaz.country_by_name(text)
        or gaz.country_by_capital(text)
        or gaz.organization(text)
        or text.lower() in search.lex.groups
        or len(ent) < 2
    ):
        return False
    return bool(premodifier_role(search, ent)[0] or appositive_role(search, ent)[0])
