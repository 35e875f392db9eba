"""Write the WordNet noun classes the events stage judges participants by.

Reads WordNet 3.0's ``index.noun`` and ``data.noun`` (the Debian package
``wordnet-base`` installs them in ``/usr/share/wordnet``) and writes
``src/eventwire/data/noun_classes.tsv``: one row per single-word noun, with
the class its most frequent senses give it:

* ``actor``: its first or second sense is a person or a group (WordNet's
  lexicographer files ``noun.person`` and ``noun.group``): "envoy",
  "ministry", "leadership" (an act first, the leaders second);
* ``object``: otherwise, its first sense is a made thing (``noun.artifact``):
  "hotel", "bus", "device" (the target of an attack or a seizure may be one);
* ``thing``: everything else: acts, ideas, states, places, natural objects
  ("embargo", "insurgency", "island").

WordNet orders a word's senses by how often they were seen in its tagged
corpus, so the first two are what a news reader most likely means.
``data/actor_nouns.tsv`` is read first and overrides this table.

Run from the repository root:
    python scripts/wordnet_nouns.py [--wordnet /usr/share/wordnet] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# WordNet's noun lexicographer files, by number (lexnames, 03-28).
LEXNAMES = (
    "Tops act animal artifact attribute body cognition communication event feeling food "
    "group location motive object person phenomenon plant possession process quantity "
    "relation shape state substance time"
).split()
ACTOR_FILES = frozenset({"person", "group"})
WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")

HEADER = """\
# Single-word English nouns and the class their most frequent WordNet senses
# give them, for the events stage's "participants are actors" rule (read after
# actor_nouns.tsv, which overrides it): "actor" when the first or second sense
# is a person or a group, "object" when the first is an artifact, "thing"
# otherwise. Written by scripts/wordnet_nouns.py; do not edit by hand.
# provenance: WordNet 3.0 (index.noun, data.noun; Debian package wordnet-base).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Used under the WordNet 3.0 license; its full text is in LICENSE.wordnet.
noun\tclass
"""


def lexname_by_offset(data_noun: Path) -> dict[str, str]:
    found = {}
    with data_noun.open(encoding="latin-1") as lines:
        for line in lines:
            if line.startswith("  "):  # the license header
                continue
            offset, number = line.split(" ", 2)[:2]
            found[offset] = LEXNAMES[int(number) - 3]
    return found


def noun_class(lexnames: list[str]) -> str:
    if any(name in ACTOR_FILES for name in lexnames[:2]):
        return "actor"
    if lexnames[0] == "artifact":
        return "object"
    return "thing"


def classes(wordnet: Path) -> dict[str, str]:
    lexname = lexname_by_offset(wordnet / "data.noun")
    found = {}
    with (wordnet / "index.noun").open(encoding="latin-1") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, senses = fields[0], int(fields[2])
            if not WORD.fullmatch(lemma):
                continue
            found[lemma] = noun_class([lexname[o] for o in fields[-senses:]])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=Path("src/eventwire/data/noun_classes.tsv"))
    args = parser.parse_args(argv)
    if not (args.wordnet / "index.noun").is_file():
        print(f"{args.wordnet}: no WordNet index.noun; install wordnet-base", file=sys.stderr)
        return 1
    table = classes(args.wordnet)
    rows = "".join(f"{noun}\t{kind}\n" for noun, kind in sorted(table.items()))
    args.out.write_text(HEADER + rows, encoding="utf-8")
    print(f"{args.out}: {len(table)} nouns", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
