"""Convert the PETRARCH Phoenix actor dictionaries into eventwire's actor TSV.

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``
and ``Phoenix.MilNonState.actors.txt`` (TABARI format, described in their
``dictionaries.rst``) from a folder, by default ``../shared/dictionaries/phoenix``,
and writes ``src/eventwire/data/actors/phoenix.tsv`` in the format of
docs/actors.md: one row per role of an entry, the entry's names on its first
row, each row with the Phoenix file and line it came from.

What is left out, and why:

* country-name entries (a bare three-letter code such as ``AFGHANISTAN_
  [AFG]``): the gazetteer (``countries.tsv``) already codes countries;
* ``Phoenix.agents.txt``: role nouns to sector codes, which ``roles.tsv``
  already holds for the pipeline's titles;
* aliases that are a title plus a name ("PRESIDENT_OBAMA"): the actors stage
  strips titles from a name before it looks it up, so the bare name is kept
  instead.

Run from the repository root:
    python scripts/phoenix_actors.py [--phoenix DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.datafiles import read_tsv  # noqa: E402
from eventwire.stages.actors.dictionary import (  # noqa: E402
    HEADER,
    code_cameo,
    normalize_name,
)

FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
# Title words an alias may start with ("PRESIDENT_OBAMA", "MR._OBAMA_").
TITLE_WORDS = {
    "president", "president-elect", "vice", "vice-president", "prime", "premier",
    "secretary", "secretary-general", "senator", "sen", "mr", "mrs", "ms", "dr",
    "minister", "foreign", "defense", "defence", "general", "gen", "king", "queen",
    "prince", "sheikh", "chancellor", "us", "u.s", "american", "united", "states",
    "of", "state", "the", "former", "ayatollah", "governor", "gov", "rep",
    "representative", "speaker", "chairman", "leader", "colonel", "col", "justice",
}  # fmt: skip
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "al", "el", "bin", "van", "von"}
_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\d{6}(\d{2})?$")


def iso_date(value: str) -> str:
    """A TABARI date (YYMMDD or YYYYMMDD) as ISO; two-digit years up to 30 are 20xx."""
    if not _DATE.match(value):
        raise ValueError(f"not a TABARI date: {value!r}")
    if len(value) == 8:
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    yy = int(value[:2])
    century = 2000 if yy <= 30 else 1900
    return f"{century + yy}-{value[2:4]}-{value[4:]}"


def parse_restriction(text: str) -> tuple[str, str, str] | None:
    """``USAGOV 090120-170120`` -> (code, start, end); None for a null code."""
    parts = text.split()
    if not parts or parts[0].startswith("-"):
        return None
    code = parts[0]
    span = "".join(parts[1:])
    start = end = ""
    try:
        if span.startswith(">"):
            start = iso_date(span[1:])
        elif span.startswith("<"):
            end = iso_date(span[1:])
        elif "-" in span:
            a, b = span.split("-", 1)
            start, end = iso_date(a), iso_date(b)
    except ValueError:
        return None
    return code, start, end


def display_name(phrase: str) -> str:
    """``BARACK_H._OBAMA_`` -> ``Barack H. Obama``; a one-word acronym (``FBI``) stays."""
    words = phrase.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 3 and words[0].isalpha():
        return words[0]
    out = ["-".join(p.capitalize() for p in w.split("-")) for w in words]
    return " ".join(w.lower() if n and w.lower() in SMALL_WORDS else w for n, w in enumerate(out))


@functools.lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Demonyms of the gazetteer ("Russian"), which lead many Phoenix aliases."""
    words = set()
    for row in read_tsv("countries.tsv"):
        words.update(d.lower() for d in row["demonyms"].split("|") if d and " " not in d)
    return frozenset(words)


def bare_alias(phrase: str) -> str | None:
    """The alias without the titles it starts with; None when nothing is left."""
    words = phrase.replace("_", " ").split()
    while words and (words[0].lower().rstrip(".") in TITLE_WORDS or words[0].lower() in demonyms()):
        words.pop(0)
    return " ".join(words) if words else None


def read_entries(path: Path):
    """Yield (line, primary phrase, aliases, restrictions) for each entry of one file."""
    entry = None
    for lineno, raw in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw.startswith(("\t", " ")) and line.strip().startswith("["):
            if entry is not None:
                entry[3].extend(_CODE.findall(line))
            continue
        if line.startswith("+"):
            if entry is not None:
                entry[2].append(line[1:].split("[")[0].strip())
                entry[3].extend(_CODE.findall(line))
            continue
        if entry is not None:
            yield entry
        phrase = line.split("[")[0].strip()
        entry = (lineno, phrase, [], _CODE.findall(line))
    if entry is not None:
        yield entry


def convert(folder: Path) -> list[list[str]]:
    """All rows of phoenix.tsv, in file order; first entry of a ref wins."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    for filename in FILES:
        for lineno, phrase, aliases, codes in read_entries(folder / filename):
            roles = [r for r in (parse_restriction(c) for c in codes) if r]
            # A bare country code (AFGHANISTAN_ [AFG]): the gazetteer's job.
            if not roles or all(len(code) == 3 and not s and not e for code, s, e in roles):
                if all(code[:3] not in ("IGO", "NGO", "IMG", "MNC") for code, _, _ in roles):
                    continue
            ref = "phx:" + re.sub(r"[^A-Z0-9]+", "_", phrase.upper()).strip("_")
            if ref in seen or ref == "phx:":
                continue
            seen.add(ref)
            name = display_name(phrase)
            names: dict[str, str] = {normalize_name(name): name}
            for alias in aliases:
                bare = bare_alias(alias)
                if bare:
                    names.setdefault(normalize_name(bare), display_name(bare))
            names.pop("", None)
            alias_text = "|".join(v for k, v in names.items() if v != name)
            source = f"{filename}:{lineno}"
            for n, (code, start, end) in enumerate(roles):
                country, sector = code_cameo(code)
                rows.append(
                    [
                        ref,
                        name if n == 0 else "",
                        alias_text if n == 0 else "",
                        country or "",
                        sector or "",
                        code,
                        start,
                        end,
                        source,
                    ]
                )
    return rows


PREAMBLE = """\
# Named actors converted from the PETRARCH Phoenix actor dictionaries (MIT
# license, Copyright (c) 2014 Open Event Data Alliance; LICENSE.phoenix beside
# this file). Regenerate with: python scripts/phoenix_actors.py
# Format (docs/actors.md): one row per role; rows sharing a ref are one actor,
# whose names and aliases ('|'-separated) sit on its first row. country is ISO
# 3166 alpha-3 or a PLOVER non-state code (IGO, UNO, EUR, NGO, IMG), sector a
# PLOVER sector code, both read from the CAMEO code beside them. start/end are
# ISO dates (empty = open); a row with neither is the actor's default role.
# source is the Phoenix file and line of the entry.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phoenix", type=Path, default=ROOT.parent / "shared/dictionaries/phoenix")
    parser.add_argument("--out", type=Path, default=ROOT / "src/eventwire/data/actors/phoenix.tsv")
    args = parser.parse_args(argv)
    rows = convert(args.phoenix)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(PREAMBLE)
        fh.write("\t".join(HEADER) + "\n")
        for row in rows:
            fh.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    refs = len({r[0] for r in rows})
    print(f"{args.out}: {refs} actors, {len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
