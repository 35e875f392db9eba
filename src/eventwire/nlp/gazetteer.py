"""The gazetteer: countries, capitals, demonyms, IGOs, NGOs and news media.

Reads the package data files ``data/countries.tsv`` and ``data/organizations.tsv``
(via ``importlib.resources``) and answers name lookups for the other stages:
``country_by_name``, ``country_by_demonym``, ``country_by_capital`` and
``organization``. ``patterns()`` turns the same names into entity-ruler patterns
for ``nlp.GazetteerFixer``.

Matching rules, shared by every lookup:

* surrounding whitespace, a leading "the " and a trailing "'s"/"’s" are ignored,
  curly apostrophes count as straight ones;
* matching is case-insensitive, except for all-caps acronyms of at most three
  letters ("US", "UN", "WHO"), which only match in capitals so that "us" and
  "who" stay pronouns.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from eventwire.datafiles import read_tsv

KIND_RANK = {"state": 0, "territory": 1, "former": 2}
# Entity label for places_extra.tsv rows that get patterns.
PLACE_FEATURE_LABELS = {"admin1": "GPE", "region": "LOC", "continent": "LOC", "other": "LOC"}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)


@dataclass(frozen=True)
class Country:
    """A country or territory with its names, demonyms, capital and a representative point."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capital_lat: float | None
    capital_lon: float | None
    lat: float | None
    lon: float | None
    kind: str = "state"  # state | territory | former
    capital_aliases: tuple[str, ...] = ()
    weak: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def capital_names(self) -> tuple[str, ...]:
        return ((self.capital,) if self.capital else ()) + self.capital_aliases


@dataclass(frozen=True)
class Organization:
    """An international organization, NGO or news outlet."""

    name: str
    aliases: tuple[str, ...]
    type: str  # IGO | NGO | MEDIA
    country: str | None
    sector: str | None  # None: PLOVER gives the body no sector of its own (NATO)
    exact: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def normalize_name(text: str) -> str:
    """Return ``text`` as a lookup key: trimmed, straight apostrophes, no "the ", no "'s"."""
    key = " ".join(text.translate(_APOSTROPHES).split())
    key = _LEADING_THE.sub("", key)
    key = _TRAILING_POSSESSIVE.sub("", key)
    return key.strip()


def is_short_acronym(text: str) -> bool:
    """True for all-caps names of at most three letters ("US", "U.N.", "WHO")."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 3 and all(c.isupper() for c in letters)


def one_slip(right: str, written: str) -> bool:
    """``written`` is ``right`` with one slip of the pen: one letter added, dropped
    or changed, or two neighbours swapped. Both must have five letters or more
    and the same first letter: shorter words and first letters are too often
    other words ("Iran", "Iraq"; "Zambia", "Gambia")."""
    if right == written or min(len(right), len(written)) < 5 or right[0] != written[0]:
        return False
    if len(right) == len(written):
        diffs = [i for i, (a, b) in enumerate(zip(right, written, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        swapped = right[i] == written[i + 1] and right[i + 1] == written[i]
        return len(diffs) == 2 and diffs[1] == i + 1 and swapped
    short, long = sorted((right, written), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class _NameIndex:
    """Name -> value lookup that applies the module's matching rules."""

    def __init__(self) -> None:
        self._exact: dict[str, object] = {}
        self._folded: dict[str, object] = {}
        self._by_initial: dict[str, list[tuple[str, object]]] | None = None

    def add(self, name: str, value: object) -> None:
        key = normalize_name(name)
        if not key:
            return
        # First writer wins: callers add better candidates (sovereign states) first.
        if is_short_acronym(key):
            self._exact.setdefault(key, value)
        else:
            self._folded.setdefault(key.casefold(), value)
            self._by_initial = None

    def get(self, text: str) -> object | None:
        key = normalize_name(text)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        return self._folded.get(key.casefold())

    def get_misspelt(self, text: str) -> object | None:
        """The one value whose name ``text`` is but for one slip (``one_slip``)."""
        key = normalize_name(text).casefold()
        if len(key) < 5:
            return None
        if self._by_initial is None:  # a slip keeps the first letter: scan only those names
            self._by_initial = {}
            for name, value in self._folded.items():
                self._by_initial.setdefault(name[:1], []).append((name, value))
        found = {
            id(v): v
            for name, v in self._by_initial.get(key[:1], ())
            if abs(len(name) - len(key)) <= 1 and one_slip(name, key)
        }
        return next(iter(found.values())) if len(found) == 1 else None


class Gazetteer:
    """Countries (by ISO 3166 alpha-3) and organizations, with name lookups."""

    def __init__(self, countries: list[Country], organizations: list[Organization]) -> None:
        self.countries: dict[str, Country] = {c.iso3: c for c in countries}
        self.organizations: list[Organization] = list(organizations)
        ranked = sorted(countries, key=lambda c: KIND_RANK.get(c.kind, 9))
        self._by_name = _NameIndex()
        self._by_demonym = _NameIndex()
        self._by_capital = _NameIndex()
        self._by_org = _NameIndex()
        for country in ranked:
            for name in country.names:
                self._by_name.add(name, country)
            for name in country.demonyms:
                self._by_demonym.add(name, country)
        for country in ranked:
            for name in country.capital_names:
                self._by_capital.add(name, country)
        for org in organizations:
            for name in org.names:
                self._by_org.add(name, org)

    def country_by_name(self, text: str) -> Country | None:
        """The country called ``text`` ("Ukraine", "the U.S.", "Russia's", "DPRK")."""
        return self._by_name.get(text)  # type: ignore[return-value]

    def country_by_misspelt_name(self, text: str) -> Country | None:
        """The country ``text`` names with one slip of the pen ("Afganistan"); a
        scan of the names, for names no lookup found."""
        return self._by_name.get_misspelt(text)  # type: ignore[return-value]

    def country_by_demonym(self, text: str) -> Country | None:
        """The country of a demonym ("Ukrainian", "North Koreans", "British")."""
        return self._by_demonym.get(text)  # type: ignore[return-value]

    def country_by_capital(self, text: str) -> Country | None:
        """The country whose capital is ``text`` ("Kyiv", "Kiev", "Brussels")."""
        return self._by_capital.get(text)  # type: ignore[return-value]

    def country(self, text: str) -> Country | None:
        """A country by ISO3 code, name, alias or demonym, in that order."""
        if text in self.countries:
            return self.countries[text]
        return self.country_by_name(text) or self.country_by_demonym(text)

    def organization(self, text: str) -> Organization | None:
        """The IGO, NGO or outlet called ``text`` ("NATO", "the U.N.", "Reuters")."""
        return self._by_org.get(text)  # type: ignore[return-value]

    def patterns(self) -> list[dict]:
        """Phrase patterns for the entity fixer.

        Country names and aliases and capitals of states are GPE (id: ISO3),
        demonyms NORP (id: ISO3), organizations and named groups of several
        words (``groups.tsv``) ORG (id: canonical name).
        ``case_sensitive`` is True for single words, acronyms, names starting
        with "the" and names listed as exact, so "us", "who" and
        "the guardian" never match; ``weak`` marks names that are also given
        names or common words ("Chad", "Jordan", "Victoria").
        """
        out: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def emit(label: str, text: str, code: str, exact: bool = False, weak: bool = False) -> None:
            for variant in _spelling_variants(text):
                if (label, variant) in seen:
                    continue
                seen.add((label, variant))
                out.append(
                    {
                        "label": label,
                        "pattern": variant,
                        "id": code,
                        "case_sensitive": exact or _is_case_sensitive(variant),
                        "weak": weak,
                    }
                )

        ranked = sorted(self.countries.values(), key=lambda c: KIND_RANK.get(c.kind, 9))
        for c in ranked:
            for name in c.names:
                emit("GPE", name, c.iso3, weak=name in c.weak)
            if c.kind == "state":
                for name in c.capital_names:
                    emit("GPE", name, c.iso3, weak=name in c.weak)
        for c in ranked:
            for name in c.demonyms:
                emit("NORP", name, c.iso3, weak=name in c.weak)
        for org in self.organizations:
            for name in org.names:
                emit("ORG", name, org.name, exact=name in org.exact)
        # Named groups (groups.tsv) of several words: the small model splits
        # "Islamic State" into a NORP and a noun. One-word names ("Fano",
        # "Wagner", "IS") are also names of people or plain words: left to it.
        for row in read_tsv("groups.tsv"):
            for name in (row["name"], *_split_list(row["aliases"])):
                if len(name.split()) >= 2:
                    emit("ORG", name, row["name"], exact=True)
        # Places whose name holds a country name or demonym ("New Mexico", "North
        # America", "Indian Ocean"): as the longer match they keep the fixer from
        # cutting them down to the country.
        inner = {n for c in ranked for n in (*c.names, *c.demonyms)}
        for row in read_tsv("places_extra.tsv"):
            if row["feature"] not in PLACE_FEATURE_LABELS:
                continue
            for name in (row["name"], *_split_list(row["aliases"])):
                if _contains_phrase(name, inner):
                    label = PLACE_FEATURE_LABELS[row["feature"]]
                    # No id: the id of a GPE is a country code, and "New Jersey" is not USA.
                    emit(label, name, "")
        return out


def _is_case_sensitive(text: str) -> bool:
    words = text.split()
    if len(words) == 1 or words[0].lower() == "the":
        return True
    # An acronym inside a longer name ("UN Security Council") keeps its case.
    return any(len(w) > 1 and w.replace(".", "").isupper() for w in words)


def _contains_phrase(name: str, phrases: set[str]) -> bool:
    """True when a word sequence of ``name``, shorter than ``name``, is in ``phrases``."""
    words = name.split()
    return any(
        " ".join(words[i:j]) in phrases
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
        if j - i < len(words)
    )


def _spelling_variants(text: str) -> list[str]:
    """``text`` plus its curly/straight apostrophe twin and, for "The X", "the X"."""
    variants = [text]
    if "'" in text:
        variants.append(text.replace("'", "’"))
    elif "’" in text:
        variants.append(text.replace("’", "'"))
    if text.startswith("The "):
        variants += ["the " + v[4:] for v in variants]
    return variants


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _float(value: str | None) -> float | None:
    return float(value) if value and value.strip() else None


def read_countries() -> list[Country]:
    """Parse ``data/countries.tsv``."""
    return [
        Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            name=row["name"],
            aliases=_split_list(row["aliases"]),
            demonyms=_split_list(row["demonyms"]),
            capital=row["capital"] or None,
            capital_lat=_float(row["capital_lat"]),
            capital_lon=_float(row["capital_lon"]),
            lat=_float(row["lat"]),
            lon=_float(row["lon"]),
            kind=row["kind"] or "state",
            capital_aliases=_split_list(row["capital_aliases"]),
            weak=_split_list(row["weak"]),
        )
        for row in read_tsv("countries.tsv")
    ]


def read_organizations() -> list[Organization]:
    """Parse ``data/organizations.tsv``."""
    return [
        Organization(
            name=row["name"],
            aliases=_split_list(row["aliases"]),
            type=row["type"],
            country=row["country"] or None,
            sector=row["sector"] or None,
            exact=_split_list(row["exact"]),
        )
        for row in read_tsv("organizations.tsv")
    ]


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the shared gazetteer built from the package data files."""
    return Gazetteer(read_countries(), read_organizations())
