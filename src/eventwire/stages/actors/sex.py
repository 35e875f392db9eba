"""A person's sex as the article shows it, for pronoun agreement.

"he" does not stand for Hillary Clinton, nor "she" for Donald Trump. The
evidence is in ``data/person_sex.tsv``: given names (the first word of a name
of two words or more: "Hillary Clinton", not a bare "Warren") and honorifics
and role words before a mention or in it ("Mrs. Clinton", "Congresswoman
Maxine Waters"). Every mention of the actor in the article counts, and its
name; a person whose words disagree, or who shows none, has no sex and agrees
with either pronoun.

Reads the actor mentions (``doc.spans["mentions"]``) and actors
(``doc._.actors``); keeps its answers in ``doc.user_data``; writes nothing
else.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Span

import eventwire.stages.doc  # noqa: F401  (registers doc._.actors, read here)
from eventwire.datafiles import read_tsv

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_CACHE = "eventwire_person_sex"


@functools.cache
def _words() -> tuple[dict[str, str], dict[str, str]]:
    """(given name -> sex, lower-case title word -> sex)."""
    names: dict[str, str] = {}
    titles: dict[str, str] = {}
    for row in read_tsv("person_sex.tsv"):
        (names if row["kind"] == "name" else titles)[row["word"]] = row["sex"]
    return names, titles


def pronoun_sex(word: str) -> str | None:
    """'m' for he/him/his, 'f' for she/her, None for other words."""
    word = word.lower()
    return "m" if word in MALE_PRONOUNS else "f" if word in FEMALE_PRONOUNS else None


def is_given_name(word: str) -> bool:
    """Is ``word`` a given name of ``person_sex.tsv`` ("Carly", "Alejandro")?"""
    return word in _words()[0]


def _title_sex(word: str) -> str | None:
    return _words()[1].get(word.lower().rstrip("."))


def name_sex(words: list[str]) -> str | None:
    """The sex a name's words tell: a given name followed by another capitalised
    word ("Barack Obama", "President Barack Obama", "Jacob J. Lew"), or a
    title word in it ("Mrs. Clinton")."""
    names = _words()[0]
    for n, word in enumerate(words):
        sex = _title_sex(word)
        if sex is not None:
            return sex
        if word in names and n + 1 < len(words) and words[n + 1][:1].isupper():
            return names[word]
    return None


def span_sex(span: Span) -> str | None:
    """The sex one mention tells: its words, or the title word before it."""
    sex = name_sex([t.text for t in span])
    if sex is None and span.start > 0:
        sex = _title_sex(span.doc[span.start - 1].text)
    return sex


def person_sex(doc: Doc, mention: Span) -> str | None:
    """'f', 'm' or None for the person a mention names, from all its mentions."""
    key = mention.kb_id_
    if not key:
        return span_sex(mention)
    known = doc.user_data.get(_CACHE)
    if known is None:
        known = _article_sexes(doc)
        if doc._.actors is not None:  # the actors stage is done: keep the answers
            doc.user_data[_CACHE] = known
    return known.get(key)


def _article_sexes(doc: Doc) -> dict[str, str | None]:
    votes: dict[str, set[str]] = {}
    for span in doc.spans.get("mentions", []):
        if span.label_ == "PERSON" and span.kb_id_:
            sex = span_sex(span)
            votes.setdefault(span.kb_id_, set()).update([sex] if sex else [])
    for actor in doc._.actors or []:
        if actor.key in votes:
            sex = name_sex(actor.name.split())
            votes[actor.key].update([sex] if sex else [])
    return {key: next(iter(sexes)) if len(sexes) == 1 else None for key, sexes in votes.items()}
