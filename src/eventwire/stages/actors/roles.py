"""Titles and roles of persons: "Ukrainian Foreign Minister Andrii Sybiha",
"Olga Stefanishyna, Ukraine's deputy prime minister for NATO affairs".

Reads the parse around a person's name (``ActorSearch.doc``), the titles
of ``roles.tsv`` and the actor dictionary; finds the role, the country and
the organisation a name's pre-modifiers or appositive give, and writes them
to the person's ``Draft`` (role, sector, country); what the text leaves open
comes from the dictionary's role for the article's date, with its ``ref``
and CAMEO code. A past title ("former President Barack Obama") makes the
person ELI whatever the dictionary says. The words of a pre-modifier title are marked taken:
"State" in "Secretary of State Marco Rubio" is no actor of its own.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.nlp import text_of
from eventwire.stages.actors.search import (
    POSSESSIVES,
    ActorSearch,
    Draft,
    code_from_dictionary,
    is_headline_sentence,
    leads_no_name,
)

# What a role lookup returns: the role, the country code and the organisation.
Role = tuple[str | None, str | None, Span | None]


def trim_person(search: ActorSearch, ent: Span) -> Span | None:
    """Drop titles and possessives the model put inside a PERSON span."""
    doc = search.doc
    start, end = ent.start, ent.end
    while start < end and leads_no_name(doc[start]):
        start += 1
    while start < end:
        # the longest title first: "Crown Prince", "Foreign Minister", "President"
        n = next(
            (
                n
                for n in (3, 2, 1)
                if start + n <= end
                and all(t.is_title for t in doc[start : start + n])
                and doc[start : start + n].text.lower() in search.lex.titles
            ),
            0,
        )
        if not n:
            break
        start += n
    for i in range(start + 1, end):
        t = doc[i]
        if (
            t.text in POSSESSIVES
            or t.text in _NOT_IN_NAMES
            or (
                t.is_lower
                and t.lower_ not in _NAME_PARTICLES
                and doc[i - 1].whitespace_  # "Fazl-ur-Rehman" is one word
                and t.whitespace_
            )
        ):
            # "Trump’s Putin Remarks", "Rudy Giuliani Wear ‘Make Mexico",
            # "Trump May be Aligning": the name ends before
            end = i
            break
    while end > start and (
        doc[end - 1].text in POSSESSIVES or doc[end - 1].lower_ in _NAME_PARTICLES
    ):
        end -= 1
    if start >= end:
        return None
    if (
        end - start >= 2
        and is_headline_sentence(doc[start].sent)
        and search.lookup_person(doc[start:end].text) is None
    ):
        # the small model runs names into the capitalised words of a
        # headline ("Trump May Be Aligning"): a name ends before a stop
        # word, and one of three words or more is kept only as far as the
        # dictionary knows it (two words at least)
        end = next((i for i in range(start + 1, end) if doc[i].is_stop), end)
        if end - start >= 3:
            known = next(
                (
                    n
                    for n in range(end - start - 1, 1, -1)
                    if search.lookup_person(doc[start : start + n].text) is not None
                ),
                None,
            )
            if known is None:
                return None
            end = start + known
    return Span(doc, start, end, label="PERSON")


# Lower-case words that start a surname ("Bill de Blasio", "Ursula von der Leyen",
# "Bashar al-Assad"); crossdoc.identity joins them to the surname.
SURNAME_PARTICLES = frozenset("de del della di da du la le van von der den al el bin ibn".split())
# Lower-case words inside names: those, and the ones between given names
# ("Mohammed bin Salman", "Latifa bint Mohammed", "José dos Santos", "Ortega y Gasset").
_NAME_PARTICLES = SURNAME_PARTICLES | {"bint", "ben", "abu", "das", "dos", "y"}
# Tokens no name contains: quote marks and brackets.
_NOT_IN_NAMES = frozenset({"‘", "’", "“", "”", '"', "'", "(", ")", "[", "]", ":", ";"})


def enrich_person(search: ActorSearch, draft: Draft, span: Span) -> None:
    """Fill a person's role, sector and country from the words around ``span``,
    then from the actor dictionary."""
    role, country, org = premodifier_role(search, span)
    if not role:
        role, country2, org2, named = _appositive(search, span)
        country = country or country2
        org = org or org2
        if named is not None:
            # the appositive names the person ("Olga Stefanishyna, Ukraine's
            # deputy prime minister, ..."): a mention of theirs, not a group
            search.add(draft.ident, named, "nominal")
    if role and not draft.role:
        draft.role = role
        draft.sector = draft.sector or search.lex.role_sector(role)
    if org is not None and not draft.country:
        gaz_org = search.gaz.organization(org.text)
        if gaz_org is not None:
            draft.country = search.org_code(gaz_org.name, gaz_org.type, gaz_org.country)
            if gaz_org.type == "MEDIA":
                draft.sector = draft.sector or "JRN"
            elif gaz_org.type in ("IGO", "NGO"):
                # an IGO's officer works in its executive, an NGO's in civil society
                draft.sector = gaz_org.sector or ("GOV" if gaz_org.type == "IGO" else "SOC")
    if country and not draft.country:
        draft.country = country
    if draft.ref is None:
        code_from_dictionary(draft, search.lookup_person(draft.name, span.text))


def premodifier_role(search: ActorSearch, span: Span) -> Role:
    """Role, country and affiliation from words right before the name."""
    doc = search.doc
    i = span.start - 1
    tokens: list[Token] = []
    while i >= 0:
        tok = doc[i]
        inside = _reaches(tok, span, lowest=max(0, i - 3))
        hyphen = tok.text == "-" and i > 0
        # "Secretary of State Marco Rubio": an "of" inside a title is kept
        title_of = tok.dep_ == "prep" and tok.lower_ == "of" and tok.head.i < tok.i
        if not (inside or hyphen) or tok.dep_ in ("det", "cc", "appos"):
            break
        if tok.dep_ == "prep" and not title_of:
            break
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ", "PUNCT", "PART", "VERB") and not (
            hyphen or title_of
        ):
            break
        if tok.pos_ == "PUNCT" and tok.text not in ("-", ".", "'s", "’s"):
            break
        tokens.insert(0, tok)
        i -= 1
    if not tokens:
        return None, None, None
    while tokens and tokens[0].dep_ == "prep":
        tokens.pop(0)
    country = search.country_of_tokens(tokens)
    org = search.affiliation(tokens)
    if (
        org is not None
        and search.gaz.organization(org.text) is None
        and not (search.lex.groups.get(org.text.lower()))
    ):
        org = None  # "State" in "Secretary of State" is part of the title
    role_tokens = [
        t
        for t in tokens
        if not search.is_country_token(t)
        and not (org and org.start <= t.i < org.end)
        and t.text not in ("'s", "’s")
    ]
    if not role_tokens:
        return None, country, org
    role = text_of(doc)[role_tokens[0].idx : role_tokens[-1].idx + len(role_tokens[-1])]
    if not search.lex.title_sector(role.replace("-", " ").replace(" - ", " ")) and not (
        search.lex.title_sector(role)
    ):
        return None, country, org
    # The title's words belong to the person: "State" is no actor of its own.
    search.taken.update(t.i for t in role_tokens)
    return role, country, org


def appositive_role(search: ActorSearch, span: Span) -> Role:
    """Role from "Name, the/Country's ROLE of X," or "Country's ROLE, Name,"."""
    role, country, org, _ = _appositive(search, span)
    return role, country, org


def _appositive(
    search: ActorSearch, span: Span
) -> tuple[str | None, str | None, Span | None, Span | None]:
    """``appositive_role`` and the words that name the person by the role
    ("deputy prime minister" in "Ukraine's deputy prime minister for NATO
    affairs"): from the role's first word to its head noun."""
    root = span.root
    candidates = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and not (span.start <= root.head.i < span.end):
        candidates.append(root.head)
    for head in candidates:
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        sub = [t for t in head.subtree if not (span.start <= t.i < span.end)]
        if head.i > span.start:  # "Name, X's role ..." : whole subtree after the name
            sub = [t for t in sub if t.i > span.end - 1]
        else:  # "X's role, Name": the part before the name
            sub = [t for t in sub if t.i < span.start]
        while sub and (sub[-1].is_punct or sub[-1].dep_ == "cc"):
            sub.pop()
        country = search.country_of_tokens([t for t in sub if t.i <= head.i])
        org = search.affiliation([t for t in sub if t.i <= head.i])
        # Leading determiners and possessors are not part of the role.
        while sub and (
            sub[0].dep_ in ("det", "poss", "case")
            or sub[0].is_punct
            or search.is_country_token(sub[0])
            or (org is not None and org.start <= sub[0].i < org.end)
        ):
            sub.pop(0)
        if not sub or len(sub) > 12:
            continue
        role = text_of(search.doc)[sub[0].idx : sub[-1].idx + len(sub[-1])]
        if search.lex.role_sector(role):
            named = Span(search.doc, sub[0].i, head.i + 1) if sub[0].i <= head.i else None
            return role, country, org, named
    return None, None, None, None


def _reaches(tok: Token, span: Span, lowest: int) -> bool:
    """Does ``tok`` hang (within a few steps, not leaving the words between
    ``lowest`` and the span) off the span's words?"""
    t = tok
    for _ in range(4):
        if span.start <= t.head.i < span.end:
            return True
        if t.head.i == t.i or not (lowest <= t.head.i < span.end) or t.head.pos_ == "VERB":
            return False
        t = t.head
    return False
