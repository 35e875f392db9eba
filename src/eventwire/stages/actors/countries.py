"""Steps 3 and 4: countries, and national groups.

Reads the article's GPE entities, the gazetteer's countries and capitals and
the group heads of ``roles.tsv``. Drafts a COUNTRY actor for each country
named, and for a capital that acts ("Moscow said", "Kyiv's decision": the
government, GOV), unless the name only modifies a group noun ("Mozambique
government", "US authorities"): then a GROUP actor for each group head noun
with a national modifier ("North Korean troops" -> PRK MIL, "rebel leaders"
-> REB), and for a people named alone ("Palestinians" -> PSE CVL). Last
(``place_uncoded``), a person or organisation of a country's own politics
that nothing coded takes the article's country (``article_country``).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from eventwire.nlp.gazetteer import Gazetteer
from eventwire.stages.actors.search import (
    ActorSearch,
    country_of_place,
    misspelt_country,
    strip_possessive,
    trim_span,
)


def find_countries(search: ActorSearch, ents: list[Span]) -> None:
    """Draft the countries named (or acting through their capital) in ``ents``."""
    for ent in ents:
        if ent.label_ != "GPE":
            continue
        span = trim_span(ent)
        if span is None or _modifies_group(search, span):
            continue
        country = search.gaz.country_by_name(span.text)
        kind = "name"
        capital = search.gaz.country_by_capital(span.text) if country is None else None
        if country is None and capital is None:
            country = misspelt_country(search.gaz, span.text, search.dictionary)
        if country is None:
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
            # "Moscow said": a capital acts for its government
            sector="GOV" if kind == "metonym" else None,
        )


def _modifies_group(search: ActorSearch, span: Span) -> bool:
    """Does the country name only modify a group noun ("Mozambique government")?"""
    root = span.root
    return (
        root.dep_ in ("compound", "amod", "nmod", "poss")
        and root.head.i >= span.end
        and search.lex.group_sector(root.head) is not None
    )


def find_groups(search: ActorSearch) -> None:
    """Draft the national groups: a group head noun with a country modifier."""
    doc = search.doc
    for tok in doc:
        if tok.i in search.taken:
            continue
        found = search.lex.group_sector(tok)
        if found is None:
            continue
        head_term, sector = found
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")]
        mod_tokens = [t for m in mods for t in m.subtree]
        country = search.country_of_tokens(mod_tokens)
        if country is None:
            country = _country_after(search, tok, of=sector == "GOV")
        if country is None:
            if not _find_people_group(search, tok, mods, head_term, sector):
                _find_igo_group(search, tok, head_term, sector)
            continue
        if mod_tokens and _find_coordinated(search, tok, mod_tokens, head_term, sector):
            continue
        start = min((t.i for t in mod_tokens), default=tok.i)
        span = trim_span(Span(doc, start, tok.i + 1))
        if span is None:
            continue
        if any(i in search.taken for i in range(span.start, span.end)):
            # "U.S. and NATO troops": NATO is its own actor; the country's
            # troops are mentioned by the country word
            own = [
                e
                for e in search.national_ents
                if span.start <= e.start
                and e.end <= tok.i
                and search.country_code(e) == country
                and not any(i in search.taken for i in range(e.start, e.end))
            ]
            if not own:
                continue
            span = own[0]
            search.taken.add(tok.i)
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
    _find_peoples(search)
    _find_national_adjectives(search)


def _find_people_group(search: ActorSearch, head, mods, head_term: str, sector: str) -> bool:
    """ "Karen guerrillas", "Yoruba leaders": a people's members, coded with
    the state the people lives in (``peoples.tsv``) and named by the people."""
    for mod in mods:
        found = search.lex.peoples.get(mod.lower_)
        if found is None or mod.i in search.taken:
            continue
        people, country = found
        if sector == "GOV":
            sector = "ELI"  # "Yoruba leaders" lead a people, not a state
        span = search.doc[mod.i : head.i + 1]
        search.add(
            f"GROUP:{country}:{sector}:{people}:{head_term}",
            span,
            "nominal",
            name=f"{people} {head_term}",
            type="GROUP",
            country=country,
            sector=sector,
        )
        return True
    return False


def _find_igo_group(search: ActorSearch, head, head_term: str, sector: str) -> None:
    """An international organisation's people: "United Nations peacekeepers",
    "NATO peacekeeping troops" -> a GROUP with the organisation's code and the
    head noun's sector (the organisation keeps its own mention)."""
    doc = search.doc
    start = head.i
    while (
        start > 0
        and doc[start - 1].dep_ in ("compound", "amod")
        and doc[start - 1].head.i >= head.i
        and start - 1 not in search.taken
    ):
        start -= 1
    for draft in search.drafts.values():
        if draft.type != "IGO" or not any(span.end == start for span, _ in draft.spans):
            continue
        search.add(
            f"GROUP:{draft.country}:{sector}:{draft.name}:{head_term}",
            doc[start : head.i + 1],
            "nominal",
            name=f"{draft.name} {head_term}",
            type="GROUP",
            country=draft.country,
            sector=sector,
        )
        return


def _country_after(search: ActorSearch, head, of: bool = False) -> str | None:
    """The country a bare group noun is placed in or comes from: "security
    forces in Somalia", "refugees from Liberia", "students across Indonesia"
    (``located_prep`` in ``roles.tsv``), or the country of the actor it
    belongs to ("workers of the Kenya Ports Authority"); with ``of``, also the
    place a government governs ("the government of Sindh province"). Generic groups
    take the country where they are, as CAMEO codes them."""
    for prep in head.rights:
        if prep.dep_ != "prep" or not (
            prep.lower_ in search.lex.located_preps or prep.lower_ == "of"
        ):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if prep.lower_ == "of" and not of:
                # "workers of the Kenya Ports Authority": the people of an
                # actor are of its country
                code = search.country_of_draft_at(obj.i)
                if code:
                    return code
                continue
            if obj.ent_type_ == "GPE":
                code = search.country_of_tokens([obj])
            else:  # "doctors from two American aid groups": the object's own country
                code = search.country_of_tokens(
                    [t for t in obj.lefts if t.dep_ in ("amod", "compound", "nmod")]
                )
            if code:
                return code
    return None


def _find_coordinated(search: ActorSearch, head, mod_tokens, head_term: str, sector: str) -> bool:
    """ "Hungarian and Romanian officials": one group per country, each mentioned
    by its own country word. False when the modifiers name one country only."""
    ents = [
        e
        for e in search.national_ents
        if e.start >= min(t.i for t in mod_tokens) and e.end <= head.i
    ]
    codes = [(e, search.country_code(e)) for e in ents]
    codes = [(e, c) for e, c in codes if c]
    if len({c for _, c in codes}) < 2:
        return False
    for ent, country in codes:
        label = f"{_country_adjective(search.gaz, country)} {head_term}"
        search.add(
            f"GROUP:{country}:{sector}:{head_term}",
            ent,
            "nominal",
            name=label,
            type="GROUP",
            country=country,
            sector=sector,
        )
    search.taken.add(head.i)
    return True


def _find_peoples(search: ActorSearch) -> None:
    """A people named alone, as a plural noun ("Palestinians protested"): its
    civilians (CVL), as PLOVER codes an unaffiliated public; an ethnic
    minority placed in a country ("ethnic Serbs in Kosovo") is that country's."""
    for ent in search.national_ents:
        if ent.label_ != "NORP" or len(ent) > 3:
            continue
        root = ent.root
        if root.tag_ not in ("NNPS", "NNS") or root.dep_ in ("amod", "compound"):
            continue
        country = search.country_code(ent)
        span = trim_span(ent)
        if country is None or span is None:
            continue
        if any(c.lower_ == "ethnic" for c in root.lefts):
            # "ethnic Albanians in southern Serbia": a minority is coded by
            # the country it lives in, when the text says which
            country = _country_after(search, root) or article_country(search, country) or country
        search.add(
            f"GROUP:{country}:CVL:people",
            span,
            "nominal",
            name=span.text,
            type="GROUP",
            country=country,
            sector="CVL",
        )


def _find_national_adjectives(search: ActorSearch) -> None:
    """A national adjective no group took ("Israeli raids", "French mediation"):
    the country acts through it, as PLOVER codes it."""
    for ent in search.national_ents:
        if ent.label_ != "NORP" or ent.root.pos_ != "ADJ" or ent.root.dep_ not in ("amod", "conj"):
            continue
        if ent.root.head.i in search.taken:
            continue  # "Kenyan President William Ruto": the person's country
        country = search.gaz.countries.get(search.country_code(ent) or "")
        if country is None:
            continue
        search.add(
            f"COUNTRY:{country.iso3}",
            ent,
            "demonym",
            name=country.name,
            type="COUNTRY",
            country=country.iso3,
        )


def _is_agentive(span: Span) -> bool:
    """A capital that acts or is dealt with as a party: "Moscow said", "Kyiv's
    decision", "talks with Moscow", "sanctions against Tehran" (not "flew to
    Moscow", "in Moscow")."""
    root = span.root
    return (
        root.dep_ in ("nsubj", "nsubjpass", "agent")
        or (root.dep_ == "poss" and root.head.pos_ == "NOUN")
        or (root.dep_ == "pobj" and root.head.lower_ in ("with", "against"))
    )


def _country_adjective(gaz: Gazetteer, iso3: str) -> str:
    country = gaz.countries.get(iso3)
    if country is None:
        return iso3
    if not country.demonyms:
        return country.name
    demonym = country.demonyms[0]
    if demonym.endswith("er") and country.name.startswith(demonym[:-2]):
        # "Hong Konger", "New Zealander" name a person: "Hong Kong police"
        return country.name
    return demonym


# Sectors of a country's own politics: an actor in one of them belongs to a
# country. Not journalists, business, doctors, teachers, clergy or
# civilians, often foreigners where they are quoted ("an AP reporter",
# "a Harvard professor said Chinese troops ...").
DOMESTIC_SECTORS = frozenset("GOV MIL LEG JUD COP REB OPP PTY SPY LAB SOC CRM UAF ELI".split())


def place_uncoded(search: ActorSearch) -> None:
    """A person or organisation with a domestic sector and no country, that
    the dictionary does not know, takes the article's country
    (``article_country``): "Judge Marta Quispe opened an inquiry into
    Peruvian officials" -> PER JUD, as a coder reads the story."""
    uncoded = [
        draft
        for draft in search.drafts.values()
        if not draft.country
        and not draft.ref
        and draft.type in ("PERSON", "ORG")
        and draft.sector in DOMESTIC_SECTORS
    ]
    country = article_country(search) if uncoded else None
    for draft in uncoded:
        draft.country = country


def article_country(search: ActorSearch, besides: str | None = None) -> str | None:
    """The country named by more than half of the article's country words
    (names, demonyms, places of one country: "Iowa", "Quetta"), leaving out
    ``besides``; None when no country has such a majority."""
    counts: Counter[str] = Counter()
    for ent in search.national_ents + search.place_ents:
        code = search.country_code(ent) if ent.label_ != "LOC" else None
        if code is None and ent.label_ != "NORP":
            code = country_of_place(strip_possessive(ent.text))
        if code and code != besides:
            counts[code] += 1
    if not counts:
        return None
    (top, most), total = counts.most_common(1)[0], sum(counts.values())
    return top if 2 * most > total else None
