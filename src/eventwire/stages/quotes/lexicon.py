"""The attribution cues: speech verbs and phrases, read from ``data/speech_verbs.tsv``.

Reads the cue lexicon (verb lemmas such as "say", "point out", "call for";
phrases such as "according to"; extensions such as "in a statement") and
finds cues among parsed tokens: ``match_verb_cue`` for one verb,
``find_cues`` for a run of tokens. Writes nothing.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

LEXICON_PATH = Path(__file__).parents[2] / "data" / "speech_verbs.tsv"


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a cue verb (lemma, or lemma + particle/preposition) or phrase."""

    cue: str
    kind: str  # verb | phrase
    complements: frozenset[str]  # clause, inf, object, none
    cls: str  # speech | writing | cognition | evidence

    @property
    def takes_clause(self) -> bool:
        return "clause" in self.complements

    @property
    def takes_infinitive(self) -> bool:
        return "inf" in self.complements

    @property
    def takes_object(self) -> bool:
        return "object" in self.complements

    @property
    def reports(self) -> bool:
        return bool(self.complements - {"none"})


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Cue]  # "say", "point out", "call for" -> entry
    phrases: dict[tuple[str, ...], Cue]  # ("according", "to") -> entry
    # Phrases that join the cue when they follow its verb: "said in a statement".
    extensions: tuple[tuple[str, ...], ...] = ()


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the cue lexicon TSV (lines starting with '#' are comments)."""
    verbs: dict[str, Cue] = {}
    phrases: dict[tuple[str, ...], Cue] = {}
    extensions: list[tuple[str, ...]] = []
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        complements = frozenset(c.strip() for c in row["complement"].split("|"))
        entry = Cue(row["cue"].strip().lower(), row["kind"].strip(), complements, row["class"])
        if entry.kind == "phrase":
            phrases[tuple(entry.cue.split())] = entry
        elif entry.kind == "extension":
            extensions.append(tuple(entry.cue.split()))
        else:
            verbs[entry.cue] = entry
    return Lexicon(verbs, phrases, tuple(extensions))


def find_cues(tokens: list[Token], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Cue occurrences among ``tokens`` as (start, end) token indices in the doc."""
    found = []
    for k, t in enumerate(tokens):
        if match_verb_cue(t, lexicon) is not None:
            found.append((t.i, cue_end(t, lexicon)))
            continue
        for phrase in lexicon.phrases:
            if tuple(x.lower_ for x in tokens[k : k + len(phrase)]) == phrase:
                found.append((t.i, t.i + len(phrase)))
    return found


def match_verb_cue(token: Token, lexicon: Lexicon) -> tuple[Cue, Token | None] | None:
    """The lexicon entry for a verb, preferring "verb particle" and "verb preposition"
    entries ("point out", "call for"); the second item is that particle or preposition."""
    if token.pos_ != "VERB" and not (token.pos_ == "AUX" and token.lemma_ == "say"):
        return None
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in {"prt", "prep"} and child.i > token.i:
            entry = lexicon.verbs.get(f"{lemma} {child.lower_}")
            if entry is not None:
                return entry, child
    entry = lexicon.verbs.get(lemma)
    return (entry, None) if entry is not None else None


def cue_end(token: Token, lexicon: Lexicon) -> int:
    """Token index after the cue: the verb, with its adjacent particle or preposition
    and an extension phrase right after it ("said in a statement")."""
    match = match_verb_cue(token, lexicon)
    extra = match[1] if match else None
    end = extra.i + 1 if extra is not None and extra.i == token.i + 1 else token.i + 1
    doc = token.doc
    for phrase in lexicon.extensions:
        if tuple(x.lower_ for x in doc[end : end + len(phrase)]) == phrase:
            return end + len(phrase)
    return end
