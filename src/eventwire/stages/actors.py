"""Actors: resolve every person, organisation, country and group to one actor.

Reads a parsed ``Doc`` (``doc.ents`` already corrected by the gazetteer) and
the lexicons in ``data/`` (``roles.tsv``, ``groups.tsv``, ``people.tsv``,
``nominals.tsv``, ``plover_org_codes.tsv``) plus the gazetteer. Returns one
``Actor`` per real-world actor in the article, each with its mentions, and
writes ``doc.spans["mentions"]`` (``label_`` = actor type, ``kb_id_`` = actor
key) for the stages that follow. It also relabels entities the model got
wrong when the article itself says better ("Sybiha" tagged GPE after
"Andrii Sybiha" becomes PERSON).

The steps, in order:
1. persons, with role, country and sector from pre-modifiers ("Ukrainian
   Foreign Minister Andrii Sybiha") and appositives ("Olga Stefanishyna,
   Ukraine's deputy prime minister for NATO affairs");
2. organisations: gazetteer IGOs/NGOs/media, named groups, other ORGs by
   their head word ("Defense Ministry" -> GOV);
3. countries (GPE entities that are countries, and capitals used as actors);
4. groups: a plural head noun with a national modifier ("North Korean
   troops" -> PRK MIL);
5. surname and nominal coreference ("Sybiha", "the alliance").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.datafiles import read_tsv
from eventwire.nlp import text_of
from eventwire.nlp.gazetteer import Gazetteer, load_gazetteer
from eventwire.records import Actor, Mention

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "nn", "poss", "case", "punct", "det"}
# PLOVER "country" codes of non-state actors: these go in Actor.country as is.
NONSTATE_CODES = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass(frozen=True)
class Known:
    """A named actor from groups.tsv or people.tsv."""

    name: str
    country: str | None
    sector: str | None


class ActorLexicon:
    """The actor word lists, loaded once per process."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.group_heads: dict[str, str] = {}
        self.org_heads: dict[str, str] = {}
        self.not_actor_heads: set[str] = set()
        for row in read_tsv("roles.tsv"):
            table = {
                "title": self.titles,
                "group": self.group_heads,
                "org": self.org_heads,
            }.get(row["applies"])
            if table is not None:
                table[row["term"].lower()] = row["sector"]
            elif row["applies"] == "not_actor":
                self.not_actor_heads.add(row["term"].lower())
        self.max_title_words = max(len(t.split()) for t in self.titles)
        self.groups = self._index_known(read_tsv("groups.tsv"))
        self.people = self._index_known(read_tsv("people.tsv"))
        self.nominals: dict[str, list[str]] = {
            row["head"].lower(): _split(row["matches"]) for row in read_tsv("nominals.tsv")
        }
        self.org_codes = {
            row["name"].lower(): row["code"] for row in read_tsv("plover_org_codes.tsv")
        }

    @staticmethod
    def _index_known(rows: list[dict[str, str]]) -> dict[str, Known]:
        index: dict[str, Known] = {}
        for row in rows:
            known = Known(row["name"], row.get("country") or None, row.get("sector") or None)
            for alias in [row["name"], *_split(row.get("aliases", ""))]:
                index.setdefault(alias.lower(), known)
        return index

    def title_sector(self, role: str) -> str | None:
        """Sector of the longest title term found in ``role`` (word-aligned)."""
        words = role.lower().replace(",", " ").split()
        best: tuple[int, str] | None = None
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                sector = self.titles.get(" ".join(words[i : i + n]))
                if sector and (best is None or n > best[0]):
                    best = (n, sector)
            if best:
                break
        return best[1] if best else None

    def org_head_sector(self, words: list[str]) -> str | None:
        """Sector from an organisation's head word(s), last words first."""
        lowered = [w.lower() for w in words]
        for n in (3, 2, 1):
            if len(lowered) >= n:
                term = " ".join(lowered[-n:])
                if term in self.org_heads:
                    return self.org_heads[term]
        for w in reversed(lowered):
            if w in self.org_heads:
                return self.org_heads[w]
        return None


@functools.lru_cache(maxsize=1)
def load_actor_lexicon() -> ActorLexicon:
    return ActorLexicon()


@dataclass
class _Draft:
    """An actor being built; becomes an ``Actor`` once keys are assigned."""

    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    ident: str = ""
    spans: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(s.start_char for s, _ in self.spans)


class _Finder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.gaz: Gazetteer = load_gazetteer()
        self.lex = load_actor_lexicon()
        self.drafts: dict[str, _Draft] = {}
        self.taken: set[int] = set()  # token indices already in a mention
        self.relabel: list[Span] = []
        # doc.ents builds new spans on every access: read them once.
        ents = list(doc.ents)
        self.national_ents = [e for e in ents if e.label_ in ("NORP", "GPE")]
        self.org_ents = [e for e in ents if e.label_ in ORG_LABELS]

    # -- bookkeeping -------------------------------------------------------
    def add(self, ident: str, span: Span, kind: str, **attrs: str | None) -> _Draft | None:
        if any(i in self.taken for i in range(span.start, span.end)):
            return None
        draft = self.drafts.get(ident)
        if draft is None:
            draft = _Draft(ident=ident, **attrs)  # type: ignore[arg-type]
            self.drafts[ident] = draft
        else:
            for key, value in attrs.items():
                if value and key in ("country", "sector", "role") and not getattr(draft, key):
                    setattr(draft, key, value)
        draft.spans.append((span, kind))
        self.taken.update(range(span.start, span.end))
        return draft

    # -- country helpers -----------------------------------------------------
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
            country = self.gaz.country_by_demonym(t.text) or self.gaz.country_by_name(t.text)
            if country:
                return country.iso3
        return None

    def country_code(self, ent: Span) -> str | None:
        text = _strip_possessive(ent.text)
        country = (
            self.gaz.country_by_demonym(text)
            if ent.label_ == "NORP"
            else self.gaz.country_by_name(text)
        )
        if country is None and ent.label_ == "NORP":
            country = self.gaz.country_by_name(text)
        return country.iso3 if country else None

    def org_code(self, name: str, org_type: str, country: str | None) -> str | None:
        code = self.lex.org_codes.get(name.lower())
        if code:
            return code
        if org_type in ("IGO", "NGO"):
            return org_type
        return country

    # -- step 1: persons -----------------------------------------------------
    def find_persons(self, ents: list[Span]) -> None:
        for ent in ents:
            if ent.label_ not in PERSON_LABELS and not self.is_titled_name(ent):
                continue
            if ent.label_ in PERSON_LABELS and self.is_known_group(ent.text):
                continue  # the model's "al-Shabab" PERSON is the armed group
            if ent.label_ not in PERSON_LABELS:
                self.relabel.append(Span(self.doc, ent.start, ent.end, label="PERSON"))
            span = self.trim_person(ent)
            if span is None:
                continue
            owner = self.person_for_name(span.text)
            if owner is not None:
                self.add(owner.ident, span, "surname" if len(span) == 1 else "name")
                self.enrich_person(owner, span)
                continue
            draft = self.add(f"PERSON:{span.text}", span, "name", name=span.text, type="PERSON")
            if draft is not None:
                self.enrich_person(draft, span)

    def is_known_group(self, text: str) -> bool:
        return bool(self.lex.groups.get(text.lower()) or self.gaz.organization(text))

    def is_titled_name(self, ent: Span) -> bool:
        """A GPE/ORG the gazetteer does not know, but that carries a person's
        title ("Amara Okonjo, Nigeria's deputy minister"): the small model
        often tags unfamiliar names as places."""
        if ent.label_ not in ("GPE", "ORG") or not all(t.is_title for t in ent):
            return False
        text = ent.text
        if (
            self.gaz.country_by_name(text)
            or self.gaz.country_by_capital(text)
            or self.gaz.organization(text)
            or text.lower() in self.lex.groups
            or len(ent) < 2
        ):
            return False
        return bool(self.premodifier_role(ent)[0] or self.appositive_role(ent)[0])

    def trim_person(self, ent: Span) -> Span | None:
        """Drop titles and possessives the model put inside a PERSON span."""
        start, end = ent.start, ent.end
        while start < end and (
            self.lex.title_sector(self.doc[start].text) and self.doc[start].is_title
        ):
            start += 1
        while end > start and self.doc[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if start >= end:
            return None
        return Span(self.doc, start, end, label="PERSON")

    def person_for_name(self, text: str) -> _Draft | None:
        """An already-found person whose name contains all words of ``text``."""
        words = text.split()
        for draft in self.drafts.values():
            if draft.type != "PERSON":
                continue
            parts = draft.name.split()
            if text == draft.name or (len(words) < len(parts) and all(w in parts for w in words)):
                return draft
        return None

    def enrich_person(self, draft: _Draft, span: Span) -> None:
        role, country, org = self.premodifier_role(span)
        if not role:
            role, country2, org2 = self.appositive_role(span)
            country = country or country2
            org = org or org2
        if role and not draft.role:
            draft.role = role
            draft.sector = draft.sector or self.lex.title_sector(role)
        if org is not None and not draft.country:
            gaz_org = self.gaz.organization(org.text)
            if gaz_org is not None:
                draft.country = self.org_code(gaz_org.name, gaz_org.type, gaz_org.country)
                if gaz_org.type == "MEDIA":
                    draft.sector = draft.sector or "JRN"
                elif gaz_org.type in ("IGO", "NGO"):
                    draft.sector = gaz_org.sector or gaz_org.type
        if country and not draft.country:
            draft.country = country
        if not draft.country or not draft.sector:
            known = self.lex.people.get(draft.name.lower())
            if known is not None:
                draft.country = draft.country or known.country
                draft.sector = draft.sector or known.sector

    def premodifier_role(self, span: Span) -> tuple[str | None, str | None, Span | None]:
        """Role, country and affiliation from words right before the name."""
        doc = self.doc
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
        country = self.country_of_tokens(tokens)
        org = self.affiliation(tokens)
        if (
            org is not None
            and self.gaz.organization(org.text) is None
            and not (self.lex.groups.get(org.text.lower()))
        ):
            org = None  # "State" in "Secretary of State" is part of the title
        role_tokens = [
            t
            for t in tokens
            if not self.is_country_token(t)
            and not (org and org.start <= t.i < org.end)
            and t.text not in ("'s", "’s")
        ]
        if not role_tokens:
            return None, country, org
        role = text_of(doc)[role_tokens[0].idx : role_tokens[-1].idx + len(role_tokens[-1])]
        if not self.lex.title_sector(role.replace("-", " ").replace(" - ", " ")) and not (
            self.lex.title_sector(role)
        ):
            return None, country, org
        # The title's words belong to the person: "State" is no actor of its own.
        self.taken.update(t.i for t in role_tokens)
        return role, country, org

    def appositive_role(self, span: Span) -> tuple[str | None, str | None, Span | None]:
        """Role from "Name, the/Country's ROLE of X," or "Country's ROLE, Name,"."""
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
            country = self.country_of_tokens([t for t in sub if t.i <= head.i])
            org = self.affiliation([t for t in sub if t.i <= head.i])
            # Leading determiners and possessors are not part of the role.
            while sub and (
                sub[0].dep_ in ("det", "poss", "case")
                or sub[0].is_punct
                or self.is_country_token(sub[0])
                or (org is not None and org.start <= sub[0].i < org.end)
            ):
                sub.pop(0)
            if not sub or len(sub) > 12:
                continue
            role = text_of(self.doc)[sub[0].idx : sub[-1].idx + len(sub[-1])]
            if self.lex.title_sector(role):
                return role, country, org
        return None, None, None

    def is_country_token(self, tok: Token) -> bool:
        return (
            tok.ent_type_ in ("NORP", "GPE")
            or tok.text in ("'s", "’s")
            and (tok.i > 0 and self.doc[tok.i - 1].ent_type_ == "GPE")
        )

    def affiliation(self, tokens: list[Token]) -> Span | None:
        wanted = {t.i for t in tokens}
        for ent in self.org_ents:
            if any(i in wanted for i in range(ent.start, ent.end)):
                return ent
        return None

    # -- step 2: organisations ------------------------------------------------
    def find_orgs(self, ents: list[Span]) -> None:
        for ent in ents:
            if ent.label_ not in ORG_LABELS and not (
                ent.label_ in ("NORP", "GPE", "PERSON") and self.is_known_group(ent.text)
            ):
                continue
            span = _trim_span(ent)
            if span is None:
                continue
            text = span.text
            gaz_org = self.gaz.organization(text)
            if gaz_org is not None:
                org_type = gaz_org.type if gaz_org.type in ("IGO", "MEDIA") else "ORG"
                # News writes "NATO", not "North Atlantic Treaty Organization":
                # an acronym the article uses is the name people look for.
                short = text if text.isupper() and len(text) <= 6 else None
                self.add(
                    f"ORG:{gaz_org.name}",
                    span,
                    "acronym" if text.isupper() else "name",
                    name=short or gaz_org.name,
                    type=org_type,
                    country=self.org_code(gaz_org.name, gaz_org.type, gaz_org.country),
                    sector=gaz_org.sector or ("JRN" if gaz_org.type == "MEDIA" else None),
                )
                continue
            known = self.lex.groups.get(text.lower())
            if known is not None:
                self.add(
                    f"ORG:{known.name}",
                    span,
                    "name",
                    name=known.name,
                    type="ORG",
                    country=known.country,
                    sector=known.sector,
                )
                continue
            words = [t.text for t in span]
            if words and words[-1].lower() in self.lex.not_actor_heads:
                continue
            outer = [t for t in self.doc[max(0, span.start - 3) : span.start]]
            country = self.country_of_tokens(list(span)) or self.country_of_tokens(
                [t for t in outer if t.head.i >= span.start]
            )
            self.add(
                f"ORG:{text}",
                span,
                "name",
                name=text,
                type="ORG",
                country=country,
                sector=self.lex.org_head_sector(words),
            )

    # -- step 3: countries ----------------------------------------------------
    def find_countries(self, ents: list[Span]) -> None:
        for ent in ents:
            if ent.label_ != "GPE":
                continue
            span = _trim_span(ent)
            if span is None:
                continue
            country = self.gaz.country_by_name(span.text)
            kind = "name"
            if country is None:
                capital = self.gaz.country_by_capital(span.text)
                # A capital is an actor only where it acts: "Moscow said",
                # "Kyiv's decision"; elsewhere it is just a place.
                if capital is None or not _is_agentive(span):
                    continue
                country, kind = capital, "metonym"
            self.add(
                f"COUNTRY:{country.iso3}",
                span,
                kind,
                name=country.name,
                type="COUNTRY",
                country=country.iso3,
            )

    # -- step 4: groups --------------------------------------------------------
    def find_groups(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.i in self.taken or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            head_term = tok.text.lower()
            if tok.i > 0 and f"{doc[tok.i - 1].text.lower()} {head_term}" in self.lex.group_heads:
                head_term = f"{doc[tok.i - 1].text.lower()} {head_term}"
            sector = self.lex.group_heads.get(head_term)
            if sector is None:
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")]
            mod_tokens = [t for m in mods for t in m.subtree]
            country = self.country_of_tokens(mod_tokens)
            if country is None:
                continue
            start = min(t.i for t in mod_tokens)
            span = Span(doc, start, tok.i + 1)
            span = _trim_span(span)
            if span is None:
                continue
            label = f"{_country_adjective(self.gaz, country)} {head_term}"
            self.add(
                f"GROUP:{country}:{sector}:{head_term}",
                span,
                "nominal",
                name=label,
                type="GROUP",
                country=country,
                sector=sector,
            )

    # -- step 5: coreference -----------------------------------------------------
    def find_name_parts(self, ents: list[Span]) -> None:
        """Surnames tagged as something else, and untagged surnames."""
        persons = [d for d in self.drafts.values() if d.type == "PERSON"]
        if not persons:
            return
        parts: dict[str, _Draft | None] = {}
        for draft in persons:
            words = draft.name.split()
            for w in {words[-1], *(words if len(words) == 1 else [])}:
                parts[w] = None if w in parts and parts[w] is not draft else draft
        for ent in ents:
            if ent.label_ in PERSON_LABELS or ent.label_ in ("DATE", "CARDINAL"):
                continue
            owner = parts.get(ent.text)
            if owner is not None and self.add(owner.ident, ent, "surname"):
                self.relabel.append(Span(self.doc, ent.start, ent.end, label="PERSON"))
        for tok in self.doc:
            owner = parts.get(tok.text)
            if owner is not None and tok.pos_ == "PROPN" and not tok.ent_type_:
                span = self.doc[tok.i : tok.i + 1]
                if self.add(owner.ident, span, "surname"):
                    self.relabel.append(Span(self.doc, tok.i, tok.i + 1, label="PERSON"))

    def find_nominals(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.i in self.taken or tok.pos_ != "NOUN":
                continue
            head = tok.text.lower()
            start = tok.i
            if tok.i > 0 and f"{doc[tok.i - 1].text.lower()} {head}" in self.lex.nominals:
                head = f"{doc[tok.i - 1].text.lower()} {head}"
                start -= 1
            matches = self.lex.nominals.get(head)
            if not matches or start == 0 or doc[start - 1].lower_ != "the":
                continue
            candidates = {d.ident for m in matches for d in self.matching(m)}
            if len(candidates) == 1:
                self.add(candidates.pop(), doc[start - 1 : tok.i + 1], "nominal")

    def matching(self, rule: str) -> list[_Draft]:
        kind, _, value = rule.partition(":")
        if kind == "org":
            org = self.gaz.organization(value)
            name = org.name if org is not None else value
            return [d for d in self.drafts.values() if d.ident == f"ORG:{name}"]
        return [
            d
            for d in self.drafts.values()
            if d.type == "PERSON" and d.role and value in d.role.lower()
        ]

    # -- result ---------------------------------------------------------------
    def run(self) -> list[Actor]:
        ents = list(self.doc.ents)
        self.find_persons(ents)
        self.find_name_parts(ents)
        self.find_orgs(ents)
        self.find_countries(ents)
        self.find_groups()
        self.find_nominals()
        drafts = sorted(self.drafts.values(), key=lambda d: d.first)
        actors: list[Actor] = []
        spans: list[Span] = []
        for n, draft in enumerate(drafts, start=1):
            key = f"A{n}"
            mentions = []
            for span, kind in sorted(draft.spans, key=lambda sk: sk[0].start):
                mentions.append(Mention(span.start_char, span.end_char, span.text, key, kind))
                spans.append(Span(self.doc, span.start, span.end, label=draft.type, kb_id=key))
            actors.append(
                Actor(
                    key=key,
                    name=draft.name,
                    type=draft.type,
                    country=draft.country,
                    sector=draft.sector,
                    role=draft.role,
                    mentions=mentions,
                )
            )
        self.doc.spans["mentions"] = sorted(spans, key=lambda s: s.start)
        if self.relabel:
            kept = [
                e
                for e in self.doc.ents
                if not any(e.start < r.end and r.start < e.end for r in self.relabel)
            ]
            self.doc.ents = filter_spans(kept + self.relabel)
        return actors


def find_actors(doc: Doc) -> list[Actor]:
    """Resolve the actors of ``doc`` and write ``doc.spans["mentions"]``."""
    return _Finder(doc).run()


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


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def _trim_span(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


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
