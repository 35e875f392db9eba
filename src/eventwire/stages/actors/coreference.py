"""Step 5: coreference, surnames and nominals.

Reads the drafts of the earlier steps and ``nominals.tsv``. Adds as mentions
of an already-found person the surnames the model tagged as something else or
not at all ("Sybiha", queued to be relabelled PERSON), and as mentions of an
organisation or titled person the nominals that fit exactly one of them ("the
alliance" -> NATO, "the minister"; any title of ``roles.tsv`` is such a
nominal: "the journalist" is the one person the article titles journalist),
and the short forms an article defines ("the Kivu Farmers Union (KFU)",
"Mohammed bin Salman, known as MBS") as mentions of the named actor.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from eventwire.stages.actors.persons import given_name_before
from eventwire.stages.actors.roles import enrich_person
from eventwire.stages.actors.search import PERSON_LABELS, ActorSearch, Draft, trim_span


def find_name_parts(search: ActorSearch, ents: list[Span]) -> None:
    """Surnames tagged as something else, and untagged surnames."""
    persons = [d for d in search.drafts.values() if d.type == "PERSON"]
    if not persons:
        return
    parts: dict[str, Draft | None] = {}
    for draft in persons:
        words = draft.name.split()
        for w in {search.lex.surname(draft.name), *(words if len(words) == 1 else [])}:
            parts[w] = None if w in parts and parts[w] is not draft else draft
    doc = search.doc
    for ent in ents:
        if ent.label_ in PERSON_LABELS or ent.label_ in ("DATE", "CARDINAL"):
            continue
        name = trim_span(ent)  # "Rubio's" tagged ORG: the surname without the possessive
        owner = parts.get(name.text) if name is not None else None
        if owner is not None and search.add(owner.ident, name, "surname"):
            search.relabel.append(Span(doc, name.start, name.end, label="PERSON"))
    # only the tokens whose text is a name part become Token objects: a
    # loop over the whole document was a measurable share of the stage
    wanted = [hash_string(w) for w, owner in parts.items() if owner is not None]
    for i in np.flatnonzero(np.isin(doc.to_array(ORTH), np.array(wanted, dtype=np.uint64))):
        tok = doc[int(i)]
        owner = parts[tok.text]
        if not tok.ent_type_ and _name_like(tok):
            if _complete_name(search, owner, tok):
                continue
            span = doc[tok.i : tok.i + 1]
            if search.add(owner.ident, span, "surname"):
                search.relabel.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))


def _complete_name(search: ActorSearch, owner: Draft, tok: Token) -> bool:
    """A person known only by one word, found untagged after a given name
    ("UN Special Envoy Helena Marsh said ..." where the model tagged only a
    later "Marsh"): the two words are the person's full name. The draft takes
    that name and the title before it, unless the dictionary already gave the
    one word an identity of its own."""
    if len(owner.name.split()) != 1 or owner.ref or not given_name_before(search, tok.i):
        return False
    span = Span(search.doc, tok.i - 1, tok.i + 1, label="PERSON")
    if search.add(owner.ident, span, "name") is None:
        return False
    owner.name = span.text
    enrich_person(search, owner, span)
    search.relabel.append(span)
    return True


# Where a surname the tagger took for a common noun stands as a name does
# ("Trump met with Kim", "Trump sees no need"): a nominal slot of the clause.
_NAME_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"})


def _name_like(tok: Token) -> bool:
    """A token that can be a known surname: a proper noun, or a capitalised
    noun in a nominal slot that no name word follows."""
    if tok.pos_ == "PROPN":
        return True
    after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (
        tok.pos_ == "NOUN"
        and tok.is_title
        and tok.dep_ in _NAME_SLOTS
        and not (after is not None and after.pos_ == "PROPN")
    )


def find_nominals(search: ActorSearch) -> None:
    """ "the alliance", "the minister": a nominal that fits exactly one actor."""
    doc = search.doc
    nominals = search.lex.nominals
    for tok in doc:
        # a title drafted as a group ("the Russian president" with no name)
        # is still the one named person it fits, when there is one
        if tok.pos_ != "NOUN":
            continue
        group = search.group_ending_at(tok.i) if tok.i in search.taken else None
        if tok.i in search.taken and group is None:
            continue
        group_start = group[1].start if group is not None else tok.i
        head = tok.text.lower()
        start = tok.i
        if tok.i > 0 and f"{doc[tok.i - 1].text.lower()} {head}" in nominals:
            head = f"{doc[tok.i - 1].text.lower()} {head}"
            start -= 1
        # a listed nominal, else any person's title ("the journalist", "the
        # senator"), else an organisation's head word ("the court" -> the one
        # named court)
        matches = nominals.get(head) or (
            [f"role:{head}"]
            if head in search.lex.titles
            else [f"word:{head}"]
            if head in search.lex.org_heads
            else None
        )
        if not matches:
            continue
        # "the Vermont senator", "the Russian president": words before the
        # title may say which one, by the country they name
        first = start
        while (
            first > 1
            and doc[first - 1].dep_ in ("compound", "amod", "nmod")
            and start <= doc[first - 1].head.i <= tok.i
            and (
                first - 1 not in search.taken
                or search.demonym_at(first - 1)
                or first - 1 >= group_start
            )
        ):
            first -= 1
        if first == 0 or doc[first - 1].lower_ != "the":
            continue
        found = [d for m in matches for d in _matching(search, m)]
        if first < start and len({d.ident for d in found}) > 1:
            country = search.country_of_tokens(list(doc[first:start]))
            found = [d for d in found if country and d.country == country]
        candidates = {d.ident for d in found}
        if group is not None and group[0].ident in candidates:
            continue  # the group is the one it fits: it stays as drafted
        if len(candidates) == 1:
            search.release(first, start)
            if group is not None:
                search.drop(*group)
            search.add(candidates.pop(), doc[first - 1 : tok.i + 1], "nominal")


def _matching(search: ActorSearch, rule: str) -> list[Draft]:
    """The drafts a nominals.tsv rule ("org:NATO", "role:minister",
    "sector:REB") or an organisation's head word ("word:court") fits."""
    kind, _, value = rule.partition(":")
    if kind == "sector":
        return [d for d in search.drafts.values() if d.sector == value and d.type != "PERSON"]
    if kind == "word":
        return [
            d
            for d in search.drafts.values()
            if d.type in ("ORG", "IGO", "MEDIA") and value in (d.name or "").lower().split()
        ]
    if kind == "org":
        org = search.gaz.organization(value)
        name = org.name if org is not None else value
        return [d for d in search.drafts.values() if d.ident == f"ORG:{name}"]
    return [
        d
        for d in search.drafts.values()
        if d.type == "PERSON" and d.role and value in _spelt_out(d.role)
    ]


# Abbreviated titles, spelt out to match "the senator", "the general".
_ABBREVIATED = {
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "gen.": "general",
    "col.": "colonel",
    "lt.": "lieutenant",
    "adm.": "admiral",
    "amb.": "ambassador",
}


def _spelt_out(role: str) -> str:
    return " ".join(_ABBREVIATED.get(w, w) for w in role.lower().split())


# "known by his initials MBS", "known by the acronym KFU"
_SHORT_FORM_NOUNS = frozenset({"initials", "acronym", "abbreviation"})


def _short_form(tok: Token) -> bool:
    """An acronym: 2 to 8 capitals, hyphens allowed ("KFU", "FARC-EP")."""
    text = tok.text
    return 2 <= len(text) <= 8 and text.isupper() and text.replace("-", "").isalpha()


def _defined_short_form(doc: Doc, span: Span) -> Token | None:
    """The short form an article defines right after a name: "the Kivu Farmers
    Union (KFU)", "Mohammed bin Salman, known as MBS", "..., commonly known by
    his initials MBS"."""
    i = span.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        return doc[i + 1] if _short_form(doc[i + 1]) else None
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "ADV":  # "widely", "commonly", "also"
        j += 1
    if j + 2 >= len(doc) or doc[j].lower_ != "known" or doc[j + 1].lower_ not in ("as", "by"):
        return None
    k = j + 2
    if doc[j + 1].lower_ == "by":
        if doc[k].pos_ in ("DET", "PRON"):
            k += 1
        if k >= len(doc) or doc[k].lower_ not in _SHORT_FORM_NOUNS:
            return None
        k += 1
    return doc[k] if k < len(doc) and _short_form(doc[k]) else None


def find_defined_short_forms(search: ActorSearch) -> None:
    """A short form the article defines for a name is that actor wherever it
    appears: its own draft (the model tagged "KFU" as another organisation)
    joins the named one, and untagged occurrences become its mentions."""
    doc = search.doc
    defined: dict[str, Draft] = {}
    for draft in list(search.drafts.values()):
        for span, _ in list(draft.spans):
            tok = _defined_short_form(doc, span)
            if tok is not None and tok.text != draft.name:
                defined.setdefault(tok.text, draft)
    for text, owner in defined.items():
        for ident, draft in list(search.drafts.items()):
            if draft is owner or any(s.text != text for s, _ in draft.spans):
                continue
            owner.spans.extend(draft.spans)
            for key in ("country", "sector", "role", "ref", "cameo"):
                if not getattr(owner, key) and getattr(draft, key):
                    setattr(owner, key, getattr(draft, key))
            del search.drafts[ident]
        for tok in doc:
            if tok.text == text and tok.i not in search.taken:
                search.add(owner.ident, doc[tok.i : tok.i + 1], "acronym")
