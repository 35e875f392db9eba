"""Step 2: organisations.

Reads the article's entities, the gazetteer's IGOs, NGOs and media, and the
named groups of ``groups.tsv`` and the actor dictionary; drafts one ORG (or
IGO, MEDIA) actor per organisation, with the dictionary's ``ref`` and CAMEO
code where it knows the organisation. An organisation neither list knows gets its country from the
words around it and its sector from its head word ("Defense Ministry" ->
GOV); one whose head is no actor ("the Kremlin's website") is skipped.
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.stages.actors.search import (
    ORG_LABELS,
    ActorSearch,
    Draft,
    code_from_dictionary,
    is_headline_sentence,
    misspelt_country,
    name_text,
    trim_span,
)


def find_orgs(search: ActorSearch, ents: list[Span]) -> None:
    """Draft the organisations named by ``ents`` (and groups tagged otherwise)."""
    for ent in ents:
        if ent.label_ not in ORG_LABELS and not (
            ent.label_ in ("NORP", "GPE", "PERSON") and search.is_known_group(ent.text)
        ):
            continue
        if search.names_a_people(ent):
            continue  # "Karen guerrillas": the people's group, not an organisation
        if search.names_a_place(ent):
            continue  # "fled to camps in Kakuma", "the Sahel": a place
        span = trim_span(ent)
        if span is None:
            continue
        text = name_text(span)
        gaz_org = search.gaz.organization(text)
        if gaz_org is not None:
            org_type = gaz_org.type if gaz_org.type in ("IGO", "MEDIA") else "ORG"
            # News writes "NATO", not "North Atlantic Treaty Organization":
            # an acronym the article uses is the name people look for.
            short = text if text.isupper() and len(text) <= 6 else None
            draft = search.add(
                f"ORG:{gaz_org.name}",
                span,
                "acronym" if text.isupper() else "name",
                name=short or gaz_org.name,
                type=org_type,
                country=search.org_code(gaz_org.name, gaz_org.type, gaz_org.country),
                sector=gaz_org.sector or ("JRN" if gaz_org.type == "MEDIA" else None),
            )
            _code(search, draft, gaz_org.name, text)
            continue
        known = search.lex.groups.get(text.lower())
        if known is not None:
            draft = search.add(
                f"ORG:{known.name}",
                span,
                "name",
                name=known.name,
                type="ORG",
                country=known.country,
                sector=known.sector,
            )
            _code(search, draft, known.name, text)
            continue
        words = [t.text for t in span]
        if words and words[-1].lower() in search.lex.not_actor_heads:
            continue
        if len(span) >= 5 and is_headline_sentence(span.sent):
            continue  # a headline's capitalised words run together, no name
        state = search.gaz.country_by_name(text)
        if state is None and len(span) == 1 and span[0].is_title:
            state = misspelt_country(search.gaz, text, search.dictionary)  # "Quatar" tagged ORG
        if state is not None:  # "the Democratic People's Republic of Korea" tagged ORG
            search.add(
                f"COUNTRY:{state.iso3}",
                span,
                "name",
                name=state.name,
                type="COUNTRY",
                country=state.iso3,
            )
            continue
        outer = [t for t in search.doc[max(0, span.start - 3) : span.start]]
        country = search.country_of_tokens(list(span)) or search.country_of_tokens(
            [t for t in outer if t.head.i >= span.start]
        )
        coded = search.lookup(text)
        draft = search.add(
            f"ORG:{text}",
            span,
            "name",
            name=text,
            type="ORG",
            country=country,
            sector=(coded.sector if coded else None) or search.lex.org_head_sector(words),
        )
        if draft is not None:
            code_from_dictionary(draft, coded)


def _code(search: ActorSearch, draft: Draft | None, *names: str) -> None:
    """The dictionary's ref and CAMEO code for a listed organisation."""
    if draft is not None and draft.ref is None:
        code_from_dictionary(draft, search.lookup(*names))
