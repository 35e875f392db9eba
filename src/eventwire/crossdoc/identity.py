"""Actor identity across articles: which actors of different articles are one.

The actors stage resolves the actors of one article (its coreference stays as
it is); this module says which actors of different articles are the same
real-world actor, so that each gets one canonical id. It holds pure functions
over names and the records of one article; the store (``store/identity.py``)
keeps the registry of ids and calls them when it saves an article.

Every actor gets an identity key, its strongest evidence first:

* the actor dictionary's entry (``Actor.ref``): the key of the dictionary's
  own name for it, so that an actor with the ref and one without it, named
  alike, join ("GOP" with the Republican Party's ref joins "Republican
  Party"); ``ref:<id>`` when no loaded dictionary has the entry.
* a *base* key that names one actor on its own:
  ``person:<given> <surname>[ <suffix>]`` (titles, middle names and middle
  initials left out, "Donald Trump Jr." kept apart from his father),
  ``org:<name>`` (the lexicons' canonical name: "GOP" and "Republicans" are
  ``org:republican party``), ``country:<ISO>`` (countries, and their
  governments: "the Kremlin", "the Russian government", a capital the actors
  stage took for its country) and ``group:<ISO>:<name>`` for generic groups.
* a *dependent* key, which names an actor only given what else is known
  (``as:<name>``: a person's name the model tagged as an organisation, which
  is that person if the article or the store has one so named, else an
  organisation;
  ``one:<word>``: a single name word ("Clinton", "Hillary", or "Trump" tagged
  as an organisation), ``init:<given> <initials> <surname>`` a person with
  middle initials ("Donald J. Trump", "George H.W. Bush") and ``acro:<letters>``
  an acronym no lexicon knows ("DNC").

A dependent key is resolved first within its article (``resolve_in_article``:
a single word that is the surname or given name of exactly one full-name
person of the article, an acronym that is the initials of exactly one
organisation of the article) and otherwise against the whole store
(``resolve_in_store``): a single word joins the one full-name person of the
store with that surname or given name, or, when several share it, the one of
them whose sector is the actor's ("Obama" with the title President joins
Barack Obama, not Michelle Obama); nothing joins on a surname several known
people share without such evidence ("Clinton" in an article naming neither
Hillary nor Bill Clinton keeps the id ``person:clinton``). A name with middle
initials joins its name without them unless the store knows two different
initials for that name (George W. and George H.W. Bush). An acronym joins the
one organisation of the store whose initials it is.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.datafiles import read_tsv
from eventwire.nlp.gazetteer import one_slip
from eventwire.records import Actor
from eventwire.stages.actors.roles import SURNAME_PARTICLES

PERSON, ORG, COUNTRY, GROUP = "person", "org", "country", "group"
# Actor types (Actor.type) per identity class.
_CLASS_OF_TYPE = {"PERSON": PERSON, "COUNTRY": COUNTRY, "GROUP": GROUP}
# Words left out when an organisation's initials are read ("Federal Bureau of Investigation").
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "to", "&"})
# A name as written in running text: capitalized words ("Hillary Clinton", "McCain",
# "O'Malley", "al-Assad"), not "HIllary Clinton", "Washington Post/" or "DONALD TRUMP".
_WELL_FORMED_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?|[A-Z]{1,5}|(?:[A-Z]\.)+|[a-z]+)$")
_WORD = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*\.?")


@dataclass(frozen=True)
class Identity:
    """What one actor's name says about who it is.

    ``key`` is its identity key (see the module docstring); ``base`` the key of
    the actor it would join when the evidence allows (for ``init:`` keys, the
    name without initials); ``given``/``surname``/``initials`` what candidates
    are found by: a person's given name and surname, an organisation's initials.
    """

    key: str
    kind: str  # person | org | country | group
    name: str
    given: str | None = None
    surname: str | None = None
    initials: str | None = None
    base: str | None = None

    @property
    def is_dependent(self) -> bool:
        """Whether the key names an actor only given what else is known (module docstring)."""
        return self.key.startswith(("one:", "init:", "acro:", "as:"))


class NameLists:
    """The word lists identity reads, loaded once per process."""

    def __init__(self) -> None:
        rows = read_tsv("name_titles.tsv")
        self.suffixes = {r["term"] for r in rows if r["kind"] == "suffix"}
        self.org_descriptors = sorted(
            (r["term"].split() for r in rows if r["kind"] == "descriptor"), key=len, reverse=True
        )
        titles = {r["term"] for r in rows if r["kind"] == "title"}
        titles |= {r["term"].rstrip(".") for r in read_tsv("roles.tsv") if r["applies"] == "title"}
        self.titles = frozenset(titles)
        self.max_title_words = max(len(t.split()) for t in self.titles)
        self.seats = {r["name"]: r["country"] for r in read_tsv("government_seats.tsv")}
        self.given_names = {r["short"]: r["full"] for r in read_tsv("given_names.tsv")}
        # head words of organisation names ("committee", "ministry"): such a name is no person
        self.org_words = {
            w for r in read_tsv("roles.tsv") if r["applies"] in ("org", "not_actor")
            for w in r["term"].lower().split()
        }  # fmt: skip
        self.org_names: dict[str, str] = {}
        for filename in ("actor_aliases.tsv", "groups.tsv", "organizations.tsv"):
            for row in read_tsv(filename):
                canonical = " ".join(_drop_the(normalize(row["name"]).split()))
                for alias in [row["name"], *row.get("aliases", "").split("|")]:
                    if alias.strip():
                        alias_words = _drop_the(normalize(alias).split())
                        self.org_names.setdefault(" ".join(alias_words), canonical)
        self.people: dict[str, str] = {}
        for row in read_tsv("actors/manual.tsv"):
            if not row.get("name"):
                continue  # a further role of the actor named above
            for alias in [row["name"], *(row.get("aliases") or "").split("|")]:
                if len(alias.split()) > 1:  # a bare surname is not evidence on its own
                    self.people.setdefault(normalize(alias), row["name"])
        self.countries: dict[str, str] = {}
        for row in read_tsv("countries.tsv"):
            code = row.get("iso3") or next(iter(row.values()))
            for column in ("name", "aliases", "demonyms"):
                for form in (row.get(column) or "").split("|"):
                    if form.strip():
                        self.countries.setdefault(normalize(form), code)


@functools.lru_cache(maxsize=1)
def load_name_lists() -> NameLists:
    return NameLists()


def normalize(name: str) -> str:
    """Lower case, accents and punctuation around words gone, one space between words.

    "the Kremlin" keeps "the": callers drop it where it is not part of the name.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(w.strip(".") for w in _WORD.findall(text) if w.strip("."))


def _drop_the(words: list[str]) -> list[str]:
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def slug(key: str) -> str:
    """The canonical id of a key: its class, a colon and its words joined by hyphens."""
    kind, _, rest = key.partition(":")
    if kind in ("one", "init"):
        kind = PERSON
    elif kind == "acro":
        kind = ORG
    if kind == "ref":
        return "ref:" + rest
    if kind == "group":
        country, _, rest = rest.partition(":")
        rest = f"{country.lower()}-{rest}"
    return f"{kind}:" + re.sub(r"\W+", "-", rest.replace("'", "")).strip("-")


def org_initials(words: list[str]) -> str | None:
    """The initials of an organisation's name of two words or more ("dnc"), else None."""
    kept = [w for w in words if w not in _INITIALS_SKIP]
    return "".join(w[0] for w in kept) if len(kept) >= 2 else None


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _is_initial(word: str) -> bool:
    """A middle initial: one letter ("j"), or letters with periods ("h.w")."""
    letters = word.replace(".", "")
    return len(letters) == 1 or ("." in word and len(letters) <= 3)


_US_PREFIXES = ("u.s", "us", "united states", "american")


def _person_identity(name: str, lists: NameLists) -> Identity | None:
    # a lower-case word before a name is not part of it ("a Donald Trump")
    raw = name.split()
    while len(raw) > 1 and raw[0][:1].islower() and raw[0].lower() not in SURNAME_PARTICLES:
        raw = raw[1:]
    words = _drop_the(normalize(" ".join(raw)).split())
    known = lists.people.get(" ".join(words))
    if known:
        words = normalize(known).split()
    # Titles in front: the longest listed title first ("first lady", "sen").
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for n in range(min(lists.max_title_words, len(words) - 1), 0, -1):
            if " ".join(words[:n]) in lists.titles:
                words, stripped = words[n:], True
                break
    if not words:
        return None
    suffix = words[-1] if len(words) > 2 and words[-1] in lists.suffixes else None
    if suffix:
        words = words[:-1]
    # a surname with its particles is one word here ("de blasio")
    start = len(words) - 1
    while start > 0 and words[start - 1] in SURNAME_PARTICLES:
        start -= 1
    words = [*words[:start], " ".join(words[start:])]
    if len(words) == 1:
        word = words[0]
        return Identity(f"one:{word}", PERSON, name, surname=word)
    given, surname = lists.given_names.get(words[0], words[0]), words[-1]
    initials = "".join(w.replace(".", "") for w in words[1:-1] if _is_initial(w))
    base = f"person:{given} {surname}" + (f" {suffix}" if suffix else "")
    if initials:
        key = f"init:{given} {initials} {surname}" + (f" {suffix}" if suffix else "")
        return Identity(key, PERSON, name, given, surname, initials, base=base)
    return Identity(base, PERSON, name, given, surname, base=base)


def _slip_of(right: Identity, written: Identity) -> bool:
    """``written`` names ``right``'s person with one slip of the pen in the given
    name or the surname (never "Eric Trump" for Donald Trump)."""
    if None in (right.given, right.surname, written.given, written.surname):
        return False
    if right.given == written.given:
        return one_slip(right.surname, written.surname)  # type: ignore[arg-type]
    return right.surname == written.surname and one_slip(right.given, written.given)  # type: ignore[arg-type]


# "the Russian government", "the Syrian regime", "the Chinese authorities": the
# country's government
_GOVERNMENT_WORDS = ("government", "administration", "regime", "authorities")


def _middle_name_in_use(entry: Identity, written: Identity, entry_name: str) -> bool:
    """``written`` ("Tayyip Erdogan") is the dictionary entry ``entry``'s person
    called by a middle name of the entry's name ("Recep Tayyip Erdogan"): same
    surname, no initials, and its given name a middle word of the entry's."""
    if written.initials or None in (entry.surname, written.given):
        return False
    middle = normalize(entry_name).split()[1:-1]
    return entry.surname == written.surname and written.given in middle


def _government_country(words: list[str], lists: NameLists) -> str | None:
    """The country whose government these words name ("russian government", "kremlin",
    "syrian regime", "chinese authorities")."""
    joined = " ".join(words)
    if joined in lists.seats:
        return lists.seats[joined]
    if len(words) >= 2 and words[-1] in _GOVERNMENT_WORDS:
        return lists.countries.get(" ".join(words[:-1]))
    if len(words) >= 3 and words[0] == "government" and words[1] == "of":
        return lists.countries.get(" ".join(_drop_the(words[2:])))
    return None


def _looks_like_person(name: str, words: list[str], lists: NameLists) -> bool:
    """Two or three capitalized words, none an organisation's head word ("Barack Obama")."""
    raw = name.split()
    return (
        2 <= len(raw) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in raw)
        and not any(w in lists.org_words for w in words)
    )


def dictionary_name(ref: str) -> str | None:
    """The actor dictionary's name for the entry ``ref`` (None when no loaded file has it)."""
    from eventwire.stages.actors.dictionary import load_actor_dictionary, user_actor_file

    entry = load_actor_dictionary(user_actor_file()).actors.get(ref)
    return entry.name if entry is not None and entry.name != ref else None


def identify(actor: Actor) -> Identity:
    """The identity key of one actor, from its ref, type, name, country and sector."""
    lists = load_name_lists()
    kind = _CLASS_OF_TYPE.get(actor.type.upper(), ORG)
    if actor.ref:
        # The dictionary's own name for the entry is the evidence for an alias
        # ("GOP" with the Republican Party's ref) or a lone surname ("Obama");
        # a person's full name is evidence enough, and keeps initials the
        # dictionary's name may lack (George H.W. Bush is "George Bush" there).
        # An organisation whose entry is a person ("Obama Administration" under
        # Barack Obama) is not that person: it keeps its own name's identity.
        named = dictionary_name(actor.ref)
        if named is None:
            return Identity(f"ref:{actor.ref}", kind, actor.name)
        person = _person_identity(actor.name, lists) if kind == PERSON else None
        if person is not None and not person.key.startswith("one:"):
            own = _person_identity(named, lists)
            if own is not None and _slip_of(own, person):
                # a misspelt name the dictionary found ("Hilary Clinton") is its entry's
                return dataclasses.replace(own, name=actor.name)
            if own is not None and _middle_name_in_use(own, person, named):
                # "Tayyip Erdogan" under "Recep Tayyip Erdogan": the name in use
                return dataclasses.replace(own, name=actor.name)
            return person
        found = identify(dataclasses.replace(actor, ref=None, name=named))
        if kind == PERSON or not found.key.startswith("as:"):
            return dataclasses.replace(found, name=actor.name)
        return identify(dataclasses.replace(actor, ref=None))
    words = _drop_the(normalize(actor.name).split())
    if kind == COUNTRY and actor.country:
        return Identity(f"country:{actor.country.upper()}", COUNTRY, actor.name)
    if kind != PERSON and actor.sector == "GOV":
        country = _government_country(words, lists)
        if country and (actor.country is None or actor.country.upper() == country):
            return Identity(f"country:{country}", COUNTRY, actor.name)
    if kind == PERSON:
        person = _person_identity(actor.name, lists)
        if person is not None:
            return person
    joined = " ".join(words) or normalize(actor.name) or actor.name.lower()
    if _is_acronym(actor.name):
        joined = joined.replace(".", "")  # "C.I.A." is "cia"
    if kind == ORG and (lists.countries.get(joined) or lists.countries.get(normalize(actor.name))):
        code = lists.countries.get(joined) or lists.countries[normalize(actor.name)]
        return Identity(f"country:{code}", COUNTRY, actor.name)  # "U.S." tagged ORG
    if kind == ORG and len(words) > 2:
        # "PAC Priorities USA Action", "the super PAC Priorities USA Action": the name
        for descriptor in lists.org_descriptors:
            if words[: len(descriptor)] == descriptor and len(words) - len(descriptor) >= 2:
                words = words[len(descriptor) :]
                joined = " ".join(words)
                break
    if kind == ORG and len(words) > 1 and (actor.country or "USA") == "USA":
        # the American bodies US news names with and without it ("U.S. Supreme Court")
        for prefix in _US_PREFIXES:
            if joined.startswith(prefix + " "):
                joined = joined[len(prefix) + 1 :]
                break
    canonical = lists.org_names.get(joined)
    if kind == GROUP and canonical is None:
        return Identity(f"group:{(actor.country or '').upper()}:{joined}", GROUP, actor.name)
    if canonical is not None:
        return Identity(
            f"org:{canonical}", ORG, actor.name, initials=org_initials(canonical.split())
        )
    if _is_acronym(actor.name):
        return Identity(f"acro:{joined.replace(' ', '')}", ORG, actor.name)
    if kind == ORG and _looks_like_person(actor.name, words, lists):
        # "Barack Obama" tagged as an organisation: the person, if one has that name
        person = _person_identity(actor.name, lists)
        if person is not None and person.given:
            return Identity(f"as:{joined}", ORG, actor.name, person.given, person.surname,
                            base=person.base)  # fmt: skip
    if kind == ORG and len(words) == 1:
        # a one-word "organisation" is often a surname the model mistook ("Trump said"):
        # it joins a person of its article with that name, else stays an organisation
        return Identity(f"word:{joined}", ORG, actor.name, surname=joined)
    return Identity(f"org:{_singular(joined)}", ORG, actor.name, initials=org_initials(words))


def _singular(joined: str) -> str:
    """An organisation's name with its words' plural -s dropped: "Federal Elections
    Commission" and "Federal Election Commission" are one name (a key, never shown)."""
    return " ".join(
        w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith(_NOT_PLURAL) else w
        for w in joined.split()
    )


_NOT_PLURAL = ("ss", "us", "is", "ics", "'s")


def finish_identity(identity: Identity) -> Identity:
    """The identity of a one-word organisation its article did not resolve: the organisation."""
    if identity.key.startswith("word:"):
        return Identity(f"org:{identity.surname}", ORG, identity.name)
    return identity


def resolve_in_article(identity: Identity, others: Iterable[Identity]) -> Identity:
    """A dependent identity resolved by the other actors of its article, if they decide it.

    A single word joins the one full-name person of the article with that surname
    (or, when none has it, given name) ("Clinton" beside "Hillary Clinton" only); an acronym the one
    organisation of the article with those initials. Otherwise it is returned as is.
    """
    if identity.key.startswith(("one:", "word:")):
        word = identity.surname
        matches = [o for o in others if o.given and o.base and word == o.surname]
        if not matches:
            matches = [o for o in others if o.given and o.base and word == o.given]
    elif identity.key.startswith("as:"):
        matches = [o for o in others if o.kind == PERSON and o.base == identity.base and o.given]
    elif identity.key.startswith("acro:"):
        letters = identity.key[len("acro:") :]
        matches = [o for o in others if o.kind == ORG and o.initials == letters]
    else:
        return identity
    if len({o.base or o.key for o in matches}) != 1:
        return identity
    # the name itself, if the article has it, else the first of its variants
    match = min(matches, key=lambda o: (o.key != (o.base or o.key), o.key))
    return dataclasses.replace(match, name=identity.name)


# A candidate seen with the actor's role wins over the others seen with it when it was
# seen so in this many times as many articles as all of them together, and in 3 at least:
# "President Obama" is Barack Obama even if one article gave Michelle Obama that title.
ROLE_DOMINANCE = 5
ROLE_MIN_ARTICLES = 3


def choose_candidate(
    candidates: dict[str, str | None], sector: str | None, with_role: dict[str, int] | None = None
) -> str | None:
    """The one candidate id a dependent key joins: ``candidates`` maps ids to their sector.

    One candidate: it. Several: the one whose sector is ``sector``, if only one
    has it; else, of the candidates seen with the actor's role ("President
    Obama"; ``with_role`` maps them to their number of articles with it), the
    only one or the one far ahead (``ROLE_DOMINANCE``). Otherwise None: the
    evidence does not decide.
    """
    if not candidates:
        return None
    if len(candidates) == 1:
        return next(iter(candidates))
    if sector:
        same = [i for i, s in candidates.items() if s == sector]
        if len(same) == 1:
            return same[0]
    roled = {i: n for i, n in (with_role or {}).items() if i in candidates}
    if roled:
        best = max(sorted(roled), key=roled.get)
        rest = sum(roled.values()) - roled[best]
        if rest == 0 or (roled[best] >= ROLE_MIN_ARTICLES and roled[best] >= ROLE_DOMINANCE * rest):
            return best
    return None


def name_rank(name: str, key: str, type: str) -> tuple[bool, bool, bool, int, str]:
    """Order of preference among the names of one id: the smallest is its canonical name.

    A country's own name comes first for a country ("United States", not "White
    House"); then a name whose words are the key's ("Donald Trump" before
    "Donald J. Trump" for ``person:donald trump``), one not in capitals, the
    shorter, the first in alphabetical order: the choice does not depend on the
    order articles were saved in.
    """
    words = key.partition(":")[2].split(":")[-1]
    is_country = key.startswith("country:")
    return (
        is_country and type != "COUNTRY",
        " ".join(_drop_the(normalize(name).split())) != words,
        not all(_WELL_FORMED_WORD.match(w) for w in re.split(r"[\s'’\-]+", name) if w),
        len(name),
        name,
    )
