"""The actor word lists: titles, group and organisation heads, named groups.

Reads ``data/roles.tsv`` (titles, group heads, organisation heads, heads that
are no actor, each with its PLOVER sector, and the words that make a title a
past one: "former", "ex-"), ``groups.tsv`` (named groups with country and
sector), ``nominals.tsv`` ("the alliance" -> NATO), ``peoples.tsv``
(ethnic groups and their state: "Karen" -> MMR) and
``plover_org_codes.tsv``. Named people are in the actor dictionary
(``dictionary``). Writes nothing; the lists are loaded once per process by
``load_actor_lexicon``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.datafiles import read_tsv


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass(frozen=True)
class Known:
    """A named group from groups.tsv."""

    name: str
    country: str | None
    sector: str | None


class ActorLexicon:
    """The actor word lists, loaded once per process."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.group_heads: dict[str, str] = {}
        self.modifiers: dict[str, str] = {}
        self.org_heads: dict[str, str] = {}
        self.not_actor_heads: set[str] = set()
        self.past_words: dict[str, str] = {}
        self.located_preps: set[str] = set()
        for row in read_tsv("roles.tsv"):
            table = {
                "title": self.titles,
                "group": self.group_heads,
                "modifier": self.modifiers,
                "org": self.org_heads,
            }.get(row["applies"])
            if table is not None:
                table[row["term"].lower()] = row["sector"]
            elif row["applies"] == "not_actor":
                self.not_actor_heads.add(row["term"].lower())
            elif row["applies"] == "past":
                self.past_words[row["term"].lower()] = row["sector"]
            elif row["applies"] == "located_prep":
                self.located_preps.add(row["term"].lower())
        self.max_title_words = max(len(t.split()) for t in self.titles)
        self.groups = self._index_known(read_tsv("groups.tsv"))
        self.nominals: dict[str, list[str]] = {
            row["head"].lower(): _split(row["matches"]) for row in read_tsv("nominals.tsv")
        }
        # every spelling of a people -> (its name, its state)
        self.peoples: dict[str, tuple[str, str]] = {}
        for row in read_tsv("peoples.tsv"):
            for form in [row["name"], *_split(row["forms"])]:
                self.peoples[form.lower()] = (row["name"], row["country"])
        self.org_codes = {
            row["name"].lower(): row["code"] for row in read_tsv("plover_org_codes.tsv")
        }
        # "Jr.", "III": after a surname, not the surname
        self.name_suffixes = {
            row["term"] for row in read_tsv("name_titles.tsv") if row["kind"] == "suffix"
        }

    def group_sector(self, tok: Token) -> tuple[str, str] | None:
        """The group term and sector of a head noun ("troops", "armed groups",
        "opposition leaders"), if it is one.

        A word just before the head that says whose the group is overrides
        the head's own sector: a ``modifier`` row of roles.tsv or a group
        word ("rebel leaders" REB, "student leaders" EDU, "union leaders"
        LAB), but not a government word ("government forces" are forces).
        """
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        doc = tok.doc
        head_term = tok.lower_
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and f"{prev.lower_} {head_term}" in self.group_heads:
            head_term = f"{prev.lower_} {head_term}"
        sector = self.group_heads.get(head_term)
        if sector is None:
            return None
        if (
            prev is not None
            and " " not in head_term
            and prev.head.i == tok.i
            and prev.dep_ in ("compound", "amod")
            and prev.pos_ in ("NOUN", "ADJ")
            and not prev.ent_type_
        ):
            before = self.modifiers.get(prev.lower_) or self.group_heads.get(prev.lower_)
            if before is not None and before != "GOV":
                sector = before
        return head_term, sector

    def surname(self, name: str) -> str:
        """The last word of a person's name that is not a generational suffix."""
        words = name.split()
        while len(words) > 1 and words[-1].lower().rstrip(".,") in self.name_suffixes:
            words.pop()
        return words[-1].rstrip(",") if words else name

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

    def role_sector(self, role: str) -> str | None:
        """Sector of a person's role: its title's, unless a word such as "former"
        or "ex-" says the title is past ("former minister" -> ELI)."""
        sector = self.title_sector(role) or self.title_sector(role.replace("-", " "))
        if sector is None:
            return None
        for word in role.lower().replace("-", " ").split():
            if word in self.past_words:
                return self.past_words[word]
        return sector

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
    """The actor word lists, read once per process."""
    return ActorLexicon()
