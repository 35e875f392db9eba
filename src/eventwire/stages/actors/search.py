"""The state the actor steps share while they search one article.

An ``ActorSearch`` holds the parsed ``Doc``, the gazetteer and actor lexicon,
the actors drafted so far (``Draft``: name, type, country, sector, role and the
spans that mention it), the tokens already taken by a mention and the entity
spans to relabel. Each step (``persons``, ``organisations``, ``countries``,
``coreference``) reads it and adds drafts through ``ActorSearch.add``; the
lookups several steps need (the country named among some tokens, an
organisation's PLOVER code) live here too. Nothing is written to the Doc.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.ingest.text import headline_small_words
from eventwire.nlp.gazetteer import Country, Gazetteer, load_gazetteer
from eventwire.stages.actors.dictionary import (
    IGO_CODES,
    ActorDictionary,
    Coded,
    load_actor_dictionary,
    user_actor_file,
)
from eventwire.stages.actors.lexicon import load_actor_lexicon

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG"}
# Prepositions after which a name the place index knows is a place ("in Goma").
_IN_A_PLACE = frozenset({"in", "across", "throughout", "near"})
# The codes a later mention may fill in on a draft that lacks them.
CODE_FIELDS = ("country", "sector", "role", "ref", "cameo")
# Possessive endings the parser leaves inside or after a name.
POSSESSIVES = ("'s", "’s", "'", "’")


@dataclass
class Draft:
    """An actor being built; becomes an ``Actor`` once keys are assigned."""

    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    ref: str | None = None
    cameo: str | None = None
    ident: str = ""
    spans: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(s.start_char for s, _ in self.spans)

    def fill_missing(self, **codes: str | None) -> None:
        """Set each of ``codes`` (country, sector, role, ref, cameo) this draft
        has no value for yet; other keys and empty values are ignored."""
        for key, value in codes.items():
            if value and key in CODE_FIELDS and not getattr(self, key):
                setattr(self, key, value)


class ActorSearch:
    """The drafts found so far in one ``Doc`` and the lookups the steps share."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.gaz: Gazetteer = load_gazetteer()
        self.lex = load_actor_lexicon()
        self.dictionary: ActorDictionary = load_actor_dictionary(user_actor_file())
        # The article's date picks each dictionary actor's role on that day.
        self.published: str | None = (
            str(doc._.published) if Doc.has_extension("published") and doc._.published else None
        )
        self.drafts: dict[str, Draft] = {}
        self.taken: set[int] = set()  # token indices already in a mention
        self.relabel: list[Span] = []
        # doc.ents builds new spans on every access: read them once.
        ents = list(doc.ents)
        self.national_ents = [e for e in ents if e.label_ in ("NORP", "GPE")]
        self.place_ents = [e for e in ents if e.label_ in ("GPE", "LOC")]
        self.org_ents = [e for e in ents if e.label_ in ORG_LABELS]

    def add(self, ident: str, span: Span, kind: str, **attrs: str | None) -> Draft | None:
        """Record ``span`` as a mention of actor ``ident`` (drafting it if new);
        None when a word of the span is already in another mention."""
        if any(i in self.taken for i in range(span.start, span.end)):
            return None
        draft = self.drafts.get(ident)
        if draft is None:
            draft = Draft(ident=ident, **attrs)  # type: ignore[arg-type]
            self.drafts[ident] = draft
        else:
            draft.fill_missing(**attrs)
        draft.spans.append((span, kind))
        self.taken.update(range(span.start, span.end))
        return draft

    def demonym_at(self, i: int) -> bool:
        """Is token ``i`` taken by a national adjective alone ("Russian")?"""
        return any(
            kind == "demonym" and span.start <= i < span.end
            for draft in self.drafts.values()
            for span, kind in draft.spans
        )

    def release(self, start: int, end: int) -> None:
        """Drop the national-adjective mentions inside tokens [start, end)
        ("the Russian president" names the president, not Russia)."""
        for ident, draft in list(self.drafts.items()):
            kept = [
                (span, kind)
                for span, kind in draft.spans
                if not (kind == "demonym" and start <= span.start and span.end <= end)
            ]
            for span, _ in set(draft.spans) - set(kept):
                self.taken.difference_update(range(span.start, span.end))
            draft.spans = kept
            if not kept:
                del self.drafts[ident]

    def country_of_draft_at(self, i: int) -> str | None:
        """The country of the person or organisation drafted with token ``i``
        in a mention, if any (not a group: "supporters of rebel groups")."""
        for draft in self.drafts.values():
            if draft.type in ("PERSON", "ORG") and any(
                span.start <= i < span.end for span, _ in draft.spans
            ):
                return draft.country
        return None

    def group_ending_at(self, i: int) -> tuple[Draft, Span] | None:
        """The group mention whose head is token ``i`` ("the Russian
        *president*" drafted as a group of Russian officials), if any."""
        for draft in self.drafts.values():
            if draft.type != "GROUP":
                continue
            for span, _ in draft.spans:
                if span.end == i + 1:
                    return draft, span
        return None

    def drop(self, draft: Draft, span: Span) -> None:
        """Take ``span`` back from ``draft`` (and the draft, when it was its only mention)."""
        draft.spans = [(s, k) for s, k in draft.spans if s != span]
        self.taken.difference_update(range(span.start, span.end))
        if not draft.spans:
            del self.drafts[draft.ident]

    def person_for_name(self, text: str) -> Draft | None:
        """An already-found person whose name contains all words of ``text``."""
        words = text.split()
        for draft in self.drafts.values():
            if draft.type != "PERSON":
                continue
            parts = draft.name.split()
            if text == draft.name or (len(words) < len(parts) and all(w in parts for w in words)):
                return draft
        return None

    def lookup(self, *names: str) -> Coded | None:
        """The dictionary actor of the first of ``names`` it knows, coded for the article's date."""
        return self._first_coded(self.dictionary.lookup, names)

    def lookup_person(self, *names: str) -> Coded | None:
        """Like ``lookup``, for a person: a unique surname finds the full name too."""
        return self._first_coded(self.dictionary.lookup_person, names)

    def _first_coded(
        self, find: Callable[[str, str | None], Coded | None], names: tuple[str, ...]
    ) -> Coded | None:
        """What ``find`` codes for the first of ``names`` it knows, on the article's date."""
        for name in names:
            coded = find(name, self.published)
            if coded is not None:
                return coded
        return None

    def is_known_group(self, text: str) -> bool:
        """A named group or organisation of the lexicons, or an armed group of the
        actor dictionary: the model's PERSON "Boko Haram" is the group."""
        text = strip_possessive(text)
        return bool(
            self.lex.groups.get(text.lower())
            or self.gaz.organization(text)
            or self.dictionary.is_group(text)
        )

    def names_a_place(self, ent: Span) -> bool:
        """Is the model's PERSON or ORG ``ent`` a place? The small model tags
        unfamiliar towns and regions as people and organisations ("marched in
        Goma", "camps in Kakuma", "militants in the Sahel"). A name
        the place index knows is a place when it follows a preposition of place
        ("in", "across", "throughout", "near"; not "from": "a call from Obama";
        not "at": "students at Harvard"), or, whatever its position, when the
        index knows it only as a region or continent; unless the dictionary or
        the lexicons know it as an actor."""
        from eventwire.stages.places import load_place_index

        text = strip_possessive(ent.text)
        found = load_place_index().candidates(text)
        if not found or self.is_known_group(text) or self.dictionary.lookup(text):
            return False
        if len(ent) > 1 and ent.label_ in PERSON_LABELS and self.dictionary.lookup_person(text):
            return False  # a full name the dictionary knows (a lone surname may be a town's)
        if all(c.feature in ("region", "continent") for c in found):
            return True
        prep = ent.root.head
        return ent.root.dep_ == "pobj" and prep.lower_ in _IN_A_PLACE

    def names_a_people(self, ent: Span) -> bool:
        """Is ``ent`` a one-word people's name (``peoples.tsv``) before a group
        noun ("Karen guerrillas")? The model tags those as persons or
        organisations; the group finder takes them."""
        root = ent.root
        return (
            len(ent) == 1
            and root.lower_ in self.lex.peoples
            and root.dep_ in ("compound", "amod", "nmod")
            and root.head.i == root.i + 1
            and root.head.lower_ in self.lex.group_heads
        )

    def country_of_tokens(self, tokens: list[Token]) -> str | None:
        """ISO code named by a demonym or country name among ``tokens``."""
        wanted = {t.i for t in tokens}
        for ent in self.national_ents:
            if not any(i in wanted for i in range(ent.start, ent.end)):
                continue
            code = self.country_code(ent)
            if code:
                return code
        for t in tokens:
            if t.ent_type_ in ("GPE", "LOC") and (
                t.ent_iob_ == "I" or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].ent_iob_ == "I")
            ):
                continue  # a word of a longer place name: "Jersey" of "New Jersey"
            country = self.gaz.country_by_demonym(t.text) or self.gaz.country_by_name(t.text)
            if country is None and t.pos_ == "PROPN" and t.is_title:
                country = self.gaz.country_by_capital(t.text)  # "Baghdad Central Hospital"
            if country:
                return country.iso3
        for ent in self.place_ents:  # "Darfur rebels", "Kharkiv officials"
            if any(i in wanted for i in range(ent.start, ent.end)):
                code = country_of_place(strip_possessive(ent.text))
                if code:
                    return code
        return None

    def country_code(self, ent: Span) -> str | None:
        text = strip_possessive(ent.text)
        country = (
            self.gaz.country_by_demonym(text)
            if ent.label_ == "NORP"
            else self.gaz.country_by_name(text)
        )
        if country is None and ent.label_ == "NORP":
            country = self.gaz.country_by_name(text)
        if country is None and ent.label_ == "GPE":
            country = self.gaz.country_by_capital(text)  # "Khartoum government"
        return country.iso3 if country else None

    def org_code(self, name: str, org_type: str, country: str | None) -> str | None:
        """The PLOVER country code of an organisation (IGO, NGO, its country)."""
        code = self.lex.org_codes.get(name.lower())
        if code:
            return code
        if org_type in ("IGO", "NGO"):
            return org_type
        return country

    def is_country_token(self, tok: Token) -> bool:
        return (
            tok.ent_type_ in ("NORP", "GPE")
            or tok.text in ("'s", "’s")
            and (tok.i > 0 and self.doc[tok.i - 1].ent_type_ == "GPE")
        )

    def affiliation(self, tokens: list[Token]) -> Span | None:
        """The organisation entity among ``tokens``, if any."""
        wanted = {t.i for t in tokens}
        for ent in self.org_ents:
            if any(i in wanted for i in range(ent.start, ent.end)):
                return ent
        return None


def code_from_dictionary(draft: Draft, coded: Coded | None) -> None:
    """Give ``draft`` the dictionary actor's ref, and the country and sector the
    text left open; its CAMEO code only when the text does not contradict it."""
    if coded is None:
        return
    draft.ref = coded.ref
    agrees = (draft.country in (None, coded.country)) and (draft.sector in (None, coded.sector))
    draft.country = draft.country or coded.country
    draft.sector = draft.sector or coded.sector
    if draft.type == "PERSON" and draft.country in IGO_CODES and not draft.sector:
        draft.sector = "GOV"  # a named officer of an IGO heads or speaks for its executive
    if agrees:
        draft.cameo = coded.cameo


def misspelt_country(gaz: Gazetteer, name: str, dictionary: ActorDictionary) -> Country | None:
    """The country ``name`` spells with one slip ("Afganistan"), unless a place
    of the place index has that very name or a known person has it as a first
    name or surname ("Ghani" is no slip for Ghana)."""
    from eventwire.stages.places import load_place_index

    if load_place_index().candidates(name):
        return None
    if dictionary.is_name_part(name):
        return None
    return gaz.country_by_misspelt_name(name)


def country_of_place(name: str) -> str | None:
    """The country of the region or city called ``name`` when the name leaves no
    doubt: every place of that name the place index knows lies in one country."""
    from eventwire.stages.places import load_place_index

    countries = {c.country for c in load_place_index().candidates(name)}
    return countries.pop() if len(countries) == 1 else None


def strip_possessive(text: str) -> str:
    """A name without the possessive ending the model left on it ("Boko Haram's")."""
    for suffix in POSSESSIVES:
        if text.endswith(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def is_headline_sentence(sent: Span) -> bool:
    """A headline inside a parsed text: four or more words, nearly all
    capitalised (the small words title case leaves in lower case aside, as
    the text reader counts them: ``ingest.text.headline_small_words``), as in
    "Sanders Pushes Dems To Reject Debt Deal"."""
    small = headline_small_words()
    words = [t for t in sent if t.is_alpha and t.lower_ not in small]
    if len(words) < 4:
        return False
    return sum(1 for t in words if t.text[0].isupper()) >= 0.8 * len(words)


# Tags of words the entity recogniser sometimes takes into a name that starts a
# sentence ("Beyond Ukraine, ...", "Meanwhile Russia ..."): a preposition or
# subordinator, a conjunction, an adverb, an interjection.
# A modal ("Will Sanders come down?") too.
_LEADING_NON_NAME_TAGS = frozenset({"IN", "CC", "RB", "WRB", "UH", "MD"})
_ARTICLES = ("the", "a", "an")


def leads_no_name(token: Token) -> bool:
    """An article ("pulled a Donald Trump"), or a capitalised preposition,
    conjunction, adverb or modal, as a sentence or a question starts with:
    no part of a name that follows it."""
    return token.lower_ in _ARTICLES or (token.tag_ in _LEADING_NON_NAME_TAGS and token.is_title)


_BRACKETS = frozenset("[]")


def name_text(span: Span) -> str:
    """A name's words without the square brackets an editor put in a quotation
    ("the [U.N.] Security Council" is the U.N. Security Council)."""
    if not any(t.text in _BRACKETS for t in span):
        return span.text
    pieces: list[str] = []
    for tok in span:
        if tok.text in _BRACKETS:
            if tok.whitespace_ and pieces and not pieces[-1].endswith(" "):
                pieces[-1] += " "
            continue
        pieces.append(tok.text_with_ws)
    return "".join(pieces).strip()


def trim_span(span: Span) -> Span | None:
    """Drop leading words that are no part of a name ("the", "Beyond") and a
    trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and leads_no_name(doc[start]):
        start += 1
    while end > start and doc[end - 1].text in POSSESSIVES:
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)
