"""The actor dictionary: named actors with dated roles (docs/actors.md).

Reads ``data/actors/phoenix.tsv`` (converted from the PETRARCH Phoenix
dictionaries by ``scripts/phoenix_actors.py``), ``data/actors/manual.tsv``
(eventwire's own rows: actors Phoenix lacks and roles it has out of date) and,
when ``EVENTWIRE_ACTORS`` names one, the user's file in the same format. A
later file's rows for a ``ref`` replace that actor's roles and add to its
names; a later file's names win over an earlier file's. ``cameo_sectors.tsv``
and ``cameo_countries.tsv`` turn a CAMEO code into a country and a PLOVER
sector. Writes nothing; the dictionary is built once per process and user
file (``load_actor_dictionary``), and a name is found by its normalised form
in a dict, never by a scan.

``ActorDictionary.lookup(name, date)`` gives the actor's role on the
article's date: the dated role that covers it (the latest-starting one when
several do), else the actor's default (undated) role. With no date, the most
recently started dated role stands, else the default. A name two actors of
the same file share ("Clinton") finds neither.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventwire.datafiles import read_tsv
from eventwire.errors import ActorDictionaryError
from eventwire.nlp.gazetteer import one_slip
from eventwire.stages.actors.sex import is_given_name

HEADER = ("ref", "name", "aliases", "country", "sector", "cameo", "start", "end", "source")
PACKAGE_FILES = ("phoenix.tsv", "manual.tsv")
NON_STATE = ("IGO", "NGO", "IMG", "MNC")
IGO_CODES = ("IGO", "UNO", "EUR")  # PLOVER's country codes of intergovernmental bodies
GROUP_SOURCE = "Phoenix.MilNonState"  # the source cell of an armed group's rows
_SEPARATORS = str.maketrans(".-_,", "    ")


def normalize_name(text: str) -> str:
    """The lookup form of a name: no accents, case, periods or hyphens."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().translate(_SEPARATORS).split())


@functools.lru_cache(maxsize=1)
def _cameo_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    sectors = {r["cameo"]: r["sector"] for r in read_tsv("actors/cameo_sectors.tsv")}
    countries = {r["cameo"]: r["code"] for r in read_tsv("actors/cameo_countries.tsv")}
    iso = frozenset(r["iso3"] for r in read_tsv("countries.tsv"))
    return sectors, countries, iso


def code_country(code: str) -> str | None:
    """The eventwire country code of a CAMEO country code (JAP -> JPN), or None."""
    _, countries, iso = _cameo_tables()
    code = countries.get(code, code)
    return code if code in iso or code in ("KOS", "UNO", "EUR", *NON_STATE) else None


def code_cameo(cameo: str) -> tuple[str | None, str | None]:
    """Country and PLOVER sector of a CAMEO actor code ("USAGOVMIL" -> USA, GOV)."""
    sectors, _, _ = _cameo_tables()
    parts = [cameo[i : i + 3] for i in range(0, len(cameo), 3)]
    if not parts:
        return None, None
    head = parts[0]
    country: str | None = None
    rest = parts
    sector: str | None = None
    if head == "IGO":
        # PLOVER has no IGO sector: a body's own (UNHCR REF, WHO MED), else none;
        # CAMEO's civil-society roles (development, human rights) are not an IGO's
        country = {"UNO": "UNO", "EUR": "EUR"}.get(parts[1] if len(parts) > 1 else "", "IGO")
        sector = next((sectors[p] for p in parts[1:] if p in sectors), None)
        return country, sector if sector != "SOC" else None
    if head == "NGO":
        # an NGO is civil society (PLOVER SOC) unless its code says more (NGOHLH: MED)
        return "NGO", next((sectors[p] for p in parts[1:] if p in sectors), "SOC")
    if head == "IMG":
        return "IMG", "REB"
    if head == "MNC":
        country = code_country(parts[1]) if len(parts) > 1 else None
        return country, "BUS"
    if head not in sectors:
        country = code_country(head)
        rest = parts[1:]
    for part in rest:
        if part in sectors:
            sector = sectors[part]
            break
    return country, sector


@dataclass(frozen=True)
class Role:
    """One role of a dictionary actor, from ``start`` to ``end`` (ISO dates, "" = open)."""

    country: str | None
    sector: str | None
    cameo: str | None
    start: str
    end: str
    source: str

    def covers(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


@dataclass
class DictionaryActor:
    """A named actor: its stable ``ref``, display name and roles.

    The roles' cells are kept as read and turned into ``Role`` records on the
    first lookup: most of the dictionary's actors never appear in a corpus.
    """

    ref: str
    name: str
    cells: list[tuple[str, ...]] = field(default_factory=list)
    _roles: list[Role] | None = None

    @property
    def roles(self) -> list[Role]:
        if self._roles is None:
            self._roles = [_role(*c) for c in self.cells]
        return self._roles

    def role_on(self, day: str | None) -> Role | None:
        """The role on ``day`` (ISO date), or the most recent one when no date is known."""
        dated = [r for r in self.roles if r.start or r.end]
        default = next((r for r in self.roles if not (r.start or r.end)), None)
        if day:
            covering = [r for r in dated if r.covers(day)]
            if covering:
                return max(covering, key=lambda r: r.start)
            return default
        if dated:
            return max(dated, key=lambda r: r.start or "0000")
        return default


def _role(country: str, sector: str, cameo: str, start: str, end: str, source: str) -> Role:
    if cameo and not (country and sector):
        from_code = code_cameo(cameo)
        country, sector = country or from_code[0] or "", sector or from_code[1] or ""
    return Role(country or None, sector or None, cameo or None, start, end, source)


@dataclass(frozen=True)
class Coded:
    """What a lookup gives an actor: its ref and, on the date, country, sector and CAMEO code."""

    ref: str
    name: str
    country: str | None
    sector: str | None
    cameo: str | None


_ROLE_COLUMNS = ("country", "sector", "cameo", "start", "end", "source")


class ActorDictionary:
    """Named actors by normalised name, built from one or more actor files."""

    def __init__(self) -> None:
        self.actors: dict[str, DictionaryActor] = {}
        self.names: dict[str, str | None] = {}  # normalised name -> ref (None: shared)
        self._by_surname: dict[str, str | None] | None = None
        self._parts: tuple[dict[str, list], dict[str, list]] | None = None

    def add_text(self, text: str, origin: str) -> None:
        """Layer one actor file's rows over what is loaded (see the module docstring)."""
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        if not lines:
            return
        header = [h.strip() for h in lines[0].split("\t")]
        if "ref" not in header:
            raise ActorDictionaryError(
                f"{origin}: the header has no 'ref' column; start with: " + "\t".join(HEADER)
            )
        width = len(header)
        at = {name: header.index(name) if name in header else width for name in HEADER}
        i_ref, i_name, i_aliases = at["ref"], at["name"], at["aliases"]
        i_roles = [at[c] for c in _ROLE_COLUMNS]
        replaced: set[str] = set()
        layer: dict[str, set[str]] = {}
        for n, line in enumerate(lines[1:], start=2):
            cells = [c.strip() for c in line.split("\t")]
            cells += [""] * (width + 1 - len(cells))
            cells[width] = ""  # the cell of a column the file lacks
            ref = cells[i_ref]
            if not ref:
                raise ActorDictionaryError(
                    f"{origin}: line {n} of the table has no ref; give every row an id "
                    "such as me:JANE_DOE"
                )
            name = cells[i_name]
            actor = self.actors.get(ref)
            if actor is None:
                actor = self.actors[ref] = DictionaryActor(ref, name or ref)
            elif name and actor.name == ref:
                actor.name = name
            for alias in (name, *cells[i_aliases].split("|")):
                key = normalize_name(alias)
                if key:
                    layer.setdefault(key, set()).add(ref)
            role = tuple(cells[i] for i in i_roles)
            if role[0] or role[1] or role[2]:
                if ref not in replaced:  # this file's roles replace earlier ones
                    replaced.add(ref)
                    actor.cells = []
                    actor._roles = None
                actor.cells.append(role[:5] + (role[5] or origin,))
        for key, refs in layer.items():
            self.names[key] = next(iter(refs)) if len(refs) == 1 else None
        self._by_surname = None
        self._parts = None

    def lookup(self, name: str, day: str | None = None) -> Coded | None:
        """The actor named ``name`` with its role on ``day``; None if unknown or shared."""
        return self._coded(self.names.get(normalize_name(name)), day)

    def is_group(self, name: str) -> bool:
        """Is ``name`` an actor of the armed-group file (Phoenix's MilNonState
        list of non-state armed groups), whatever the model tagged it?"""
        ref = self.names.get(normalize_name(name))
        cells = self.actors[ref].cells if ref is not None else []
        return bool(cells) and all(c[5].startswith(GROUP_SOURCE) for c in cells)

    def lookup_person(self, name: str, day: str | None = None) -> Coded | None:
        """Like ``lookup``; failing that, the one actor whose full name ends in the
        same surname and, when ``name`` has a first name, starts with it too
        ("Carlos Menem" -> Carlos Saul Menem, "Bouteflika" -> Abdelaziz
        Bouteflika). A surname two actors share finds neither, and a lone
        given name ("Bill", "Bernie": ``sex.is_given_name``) is nobody's
        surname: it is someone's first name far more often."""
        key = normalize_name(name)
        ref = self.names.get(key)
        if ref is None and key:
            words = key.split()
            if len(words) == 1 and is_given_name(words[0].title()):
                return None
            ref = self._surnames().get(words[-1])
            if ref is not None and len(words) > 1:
                if normalize_name(self.actors[ref].name).split()[0] != words[0]:
                    ref = None
            if ref is None and len(words) > 1 and key not in self.names:
                ref = self._misspelt(words[0], words[-1])
        return self._coded(ref, day)

    def _misspelt(self, given: str, surname: str) -> str | None:
        """The one person whose first name and surname are these but for one slip
        of the pen in one of them ("Francois Mitterand", "Hilary Clinton"): one
        letter added, dropped, changed or two swapped, in a word of five or more
        letters, not its first letter. Nothing is found for a surname some known
        person has ("Mark Kelley" is not Mark Kelly when a Kelley is known)."""
        by_given, by_surname = self._name_parts()
        found = {ref for first, ref in by_surname.get(surname, ()) if one_slip(first, given)}
        if surname not in by_surname:
            found |= {ref for last, ref in by_given.get(given, ()) if one_slip(last, surname)}
        return found.pop() if len(found) == 1 else None

    def is_name_part(self, word: str) -> bool:
        """Is ``word`` the first name or surname of a known person ("Ghani")?"""
        key = normalize_name(word)
        by_given, by_surname = self._name_parts()
        return key in by_given or key in by_surname

    def prepare(self) -> None:
        """Build the name-part indexes now instead of on the first lookup that
        needs them (``run.extract.warm_up``, before workers are forked: each
        would otherwise build its own, a few hundred milliseconds)."""
        self._surnames()

    def _name_parts(self) -> tuple[dict[str, list], dict[str, list]]:
        """First name -> [(surname, ref)] and surname -> [(first name, ref)] of every
        full name; built on the first lookup that needs it."""
        if self._parts is None:
            by_given: dict[str, list[tuple[str, str]]] = {}
            by_surname: dict[str, list[tuple[str, str]]] = {}
            for ref, actor in self.actors.items():
                words = normalize_name(actor.name).split()
                if len(words) >= 2:
                    by_given.setdefault(words[0], []).append((words[-1], ref))
                    by_surname.setdefault(words[-1], []).append((words[0], ref))
            self._parts = (by_given, by_surname)
        return self._parts

    def _surnames(self) -> dict[str, str | None]:
        """Last word of every full (two or more words) name -> ref, None when shared
        (from ``_name_parts``, on the first surname lookup)."""
        if self._by_surname is None:
            self._by_surname = {
                last: people[0][1] if len({ref for _, ref in people}) == 1 else None
                for last, people in self._name_parts()[1].items()
            }
        return self._by_surname

    def _coded(self, ref: str | None, day: str | None) -> Coded | None:
        if ref is None:
            return None
        actor = self.actors[ref]
        role = actor.role_on(day[:10] if day else None)
        if role is None:
            return Coded(ref, actor.name, None, None, None)
        return Coded(ref, actor.name, role.country, role.sector, role.cameo)


def read_actor_file(path: Path) -> str:
    """The text of a user's actor file, with a clear error if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise ActorDictionaryError(
            f"{path}: cannot read the actor file ({reason}); fix EVENTWIRE_ACTORS or --actors"
        ) from None


def user_actor_file() -> str | None:
    """The user's actor file named by ``EVENTWIRE_ACTORS``, if any."""
    return os.environ.get("EVENTWIRE_ACTORS") or None


@functools.lru_cache(maxsize=4)
def load_actor_dictionary(user_file: str | None = None) -> ActorDictionary:
    """The package dictionary with ``user_file`` (if given) on top, built once per file."""
    dictionary = ActorDictionary()
    data = resources.files("eventwire").joinpath("data", "actors")
    for name in PACKAGE_FILES:
        dictionary.add_text(data.joinpath(name).read_text(encoding="utf-8"), name)
    if user_file:
        dictionary.add_text(read_actor_file(Path(user_file)), user_file)
    return dictionary
