"""Steps 3 and 4: countries, and national groups.

Reads the article's GPE entities, the gazetteer's countries and capitals and
the group heads of ``roles.tsv``. Drafts a COUNTRY actor for each country
named, and for a capital that acts ("Moscow said", "Kyiv's decision"); then a
GROUP actor for each plural head noun with a national modifier ("North
Korean troops" -> PRK MIL).
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.nlp.gazetteer import Gazetteer
from eventwire.stages.actors.search import ActorSearch, trim_span


def find_countries(search: ActorSearch, ents: list[Span]) -> None:
    """Draft the countries named (or acting through their capital) in ``ents``."""
    for ent in ents:
        if ent.label_ != "GPE":
            continue
        span = trim_span(ent)
        if span is None:
            continue
        country = search.gaz.country_by_name(span.text)
        kind = "name"
        if country is None:
            capital = search.gaz.country_by_capital(span.text)
            # A capital is an actor only where it acts: "Moscow said",
            # "Kyiv's decision"; elsewhere it is just a place.
            if capital is None or not _is_agentive(span):
                continue
            country, kind = capital, "metonym"
        search.add(
            f"COUNTRY:{country.iso3}",
            span,
            kind,
            name=country.name,
            type="COUNTRY",
            country=country.iso3,
        )


def find_groups(search: ActorSearch) -> None:
    """Draft the national groups: a group head noun with a country modifier."""
    doc = search.doc
    for tok in doc:
        if tok.i in search.taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        head_term = tok.text.lower()
        if tok.i > 0 and f"{doc[tok.i - 1].text.lower()} {head_term}" in search.lex.group_heads:
            head_term = f"{doc[tok.i - 1].text.lower()} {head_term}"
        sector = search.lex.group_heads.get(head_term)
        if sector is None:
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")]
        mod_tokens = [t for m in mods for t in m.subtree]
        country = search.country_of_tokens(mod_tokens)
        if country is None:
            continue
        start = min(t.i for t in mod_tokens)
        span = trim_span(Span(doc, start, tok.i + 1))
        if span is None:
            continue
        label = f"{_country_adjective(search.gaz, country)} {head_term}"
        search.add(
            f"GROUP:{country}:{sector}:{head_term}",
            span,
            "nominal",
            name=label,
            type="GROUP",
            country=country,
            sector=sector,
        )


def _is_agentive(span: Span) -> bool:
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass", "agent") or (
        root.dep_ == "poss" and root.head.pos_ == "NOUN"
    )


def _country_adjective(gaz: Gazetteer, iso3: str) -> str:
    country = gaz.countries.get(iso3)
    if country is None:
        return iso3
    return country.demonyms[0] if country.demonyms else country.name
