"""The registry of canonical actor ids: assigning them at save time, and user corrections.

Reads and writes ``actor_ids``, ``actor_keys``, ``actor_overrides`` and the
``actor_id`` / ``name_key`` columns of ``actors`` and ``event_actors``
(migration 0009). The rules that say which names are one actor are
``crossdoc/identity.py``'s; this module keeps what they decided in the store.

When an article is saved (``Store._write``), each of its actors gets an id:

1. the user's correction, if ``actor_overrides`` has one for the actor's name
   (``name:<class>:<name>``) or its identity key;
2. for a base key (a full name, an organisation, a country, a dictionary ref):
   the id the key names, created on first sight;
3. for a dependent key ("Clinton" alone, "Donald J. Trump", "DNC"): resolved
   within the article, else against the ids of the store (``actor_keys``
   remembers the outcome per key and family).

Order of ingest: a new candidate (a new full-name person, a new organisation
with initials) re-resolves the dependent keys of its family at once, and a
canonical name is the best-ranked of the names seen (``identity.name_rank``),
so the ids do not depend on the order articles are saved in. What does depend
on it: the sector and codes an id was created with (those of the first actor
that had them), and overrides, which apply from the moment they are made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventwire.crossdoc.identity import (
    ORG,
    PERSON,
    Identity,
    choose_candidate,
    finish_identity,
    identify,
    name_rank,
    normalize,
    org_initials,
    resolve_in_article,
    slug,
)
from eventwire.errors import StoreError
from eventwire.records import Actor
from eventwire.store.tables import utc_now


def name_override_key(kind: str, name: str) -> str:
    """The override key of one name of one class ("name:person:bill clinton")."""
    return f"name:{kind}:{normalize(name)}"


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class IdentityRegistry:
    """The part of ``Store`` that gives actors their canonical ids and corrects them."""

    # -- assignment --

    def _assign_actor_ids(self, actors: Sequence[Actor]) -> list[tuple[str, str]]:
        """The (actor_id, name_key) of each actor of one article; caller owns the transaction."""
        if not actors:
            return []
        identities = [identify(a) for a in actors]
        resolved = [
            finish_identity(resolve_in_article(i, identities))
            if i.is_dependent or i.key.startswith("word:")
            else i
            for i in identities
        ]
        keys = [self._stored_key(r, a) for r, a in zip(resolved, actors, strict=True)]
        lookups = [
            *keys,
            *(name_override_key(r.kind, a.name) for r, a in zip(resolved, actors, strict=True)),
        ]
        overrides = dict(
            self._conn.execute(
                f"SELECT key, actor_id FROM actor_overrides WHERE key IN ({_marks(lookups)})",
                lookups,
            ).fetchall()
        )
        out: list[tuple[str, str] | None] = [None] * len(actors)
        # Base keys first: a new full name is a candidate for this article's single words.
        order = sorted(range(len(actors)), key=lambda i: resolved[i].is_dependent)
        for i in order:
            ident, actor, key = resolved[i], actors[i], keys[i]
            pinned = overrides.get(name_override_key(ident.kind, actor.name)) or overrides.get(key)
            if pinned:
                actor_id = pinned
                self._ensure_id(actor_id, ident, actor, base=None)
            elif ident.is_dependent:
                actor_id = self._resolve_dependent(ident, actor, key)
            else:
                actor_id = slug(ident.key)
                self._ensure_id(actor_id, ident, actor, base=ident.key)
            out[i] = (actor_id, key)
        return [o for o in out if o is not None]

    @staticmethod
    def _stored_key(ident: Identity, actor: Actor) -> str:
        # A single word is resolved per sector and role too ("Obama" the President, or not).
        if ident.key.startswith("one:"):
            role = " ".join(normalize(actor.role or "").split()[-3:])
            return f"{ident.key}|{actor.sector or ''}|{role}"
        return ident.key

    def _ensure_id(self, actor_id: str, ident: Identity, actor: Actor, base: str | None) -> None:
        """Create the id's row if new (then re-resolve its families), else improve its name."""
        row = self._conn.execute(
            "SELECT name, type, country, sector, ref, cameo FROM actor_ids WHERE id = ?",
            (actor_id,),
        ).fetchone()
        if row is not None:
            rank_key = base or actor_id
            if name_rank(actor.name, rank_key, actor.type) < name_rank(row[0], rank_key, row[1]):
                self._conn.execute(
                    "UPDATE actor_ids SET name = ?, type = ? WHERE id = ?",
                    (actor.name, actor.type, actor_id),
                )
            codes = (actor.country, actor.sector, actor.ref, actor.cameo)
            if any(new and not old for new, old in zip(codes, row[2:], strict=True)):
                # codes the id lacked and this actor has
                self._conn.execute(
                    "UPDATE actor_ids SET country = COALESCE(country, ?), "
                    "sector = COALESCE(sector, ?), ref = COALESCE(ref, ?), "
                    "cameo = COALESCE(cameo, ?) WHERE id = ?",
                    (*codes, actor_id),
                )
            return
        is_candidate = base is not None
        # ON CONFLICT: another writer (PostgreSQL) may have created it since the SELECT
        inserted = self._conn.execute(
            "INSERT INTO actor_ids (id, name, type, country, sector, ref, cameo, base_key, "
            "given, surname, initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            (
                actor_id,
                actor.name,
                actor.type,
                actor.country,
                actor.sector,
                actor.ref,
                actor.cameo,
                base,
                ident.given if is_candidate else None,
                ident.surname if is_candidate else None,
                ident.initials if is_candidate and ident.kind == ORG else None,
            ),
        ).rowcount
        if inserted and is_candidate:
            self._reresolve(_families_of(ident))

    def _resolve_dependent(self, ident: Identity, actor: Actor, key: str) -> str:
        family = _family(ident)
        row = self._conn.execute("SELECT actor_id FROM actor_keys WHERE key = ?", (key,)).fetchone()
        if row is None:
            self._conn.execute(
                "INSERT INTO actor_keys (key, family, actor_id) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                (key, family, ""),
            )
            if ident.key.startswith("init:"):
                # another initials variant of the name: the family's others may split
                self._reresolve([family], skip=key)
        actor_id = self._decide(key, family, ident, actor)
        if row is None or row[0] != actor_id:
            self._conn.execute("UPDATE actor_keys SET actor_id = ? WHERE key = ?", (actor_id, key))
        return actor_id

    def _decide(self, key: str, family: str, ident: Identity, actor: Actor | None) -> str:
        """The id a dependent key resolves to now (creating its row if new)."""
        kind, _, rest = key.partition(":")
        if kind == "init":
            variants = self._conn.execute(
                "SELECT COUNT(*) FROM actor_keys WHERE family = ? AND key LIKE 'init:%'", (family,)
            ).fetchone()[0]
            base = ident.base or ""
            target_key = base if variants <= 1 else key
            actor_id = slug(target_key)
            candidate = Identity(target_key, PERSON, ident.name, ident.given, ident.surname)
            self._ensure_row(actor_id, candidate, actor, base=target_key)
            return actor_id
        if kind == "one":
            word, _, qualifiers = rest.partition("|")
            sector, _, role = qualifiers.partition("|")
            # a surname first: "Obama" is Barack or Michelle, not "Obama White House"
            rows = (
                self._conn.execute(
                    "SELECT id, sector FROM actor_ids WHERE surname = ?", (word,)
                ).fetchall()
                or self._conn.execute(
                    "SELECT id, sector FROM actor_ids WHERE given = ?", (word,)
                ).fetchall()
            )
            chosen = choose_candidate(dict(rows), sector or None, self._with_role(rows, role))
            own = slug(f"one:{word}")
        elif kind == "as":
            base = ident.base or ""
            found = self._conn.execute(
                "SELECT id FROM actor_ids WHERE base_key = ?", (base,)
            ).fetchone()
            if found:
                return found[0]
            # no such person: the organisation, a candidate for its acronym like any other
            org = Identity(f"org:{rest}", ORG, ident.name, initials=org_initials(rest.split()))
            own = slug(org.key)
            self._ensure_row(own, org, actor, base=org.key)
            return own
        else:  # acro
            rows = self._conn.execute(
                "SELECT id, sector FROM actor_ids WHERE initials = ?", (rest,)
            ).fetchall()
            chosen = choose_candidate(dict(rows), None)
            own = slug(key)
        if chosen:
            return chosen
        self._ensure_row(own, ident, actor, base=None)
        return own

    def _with_role(self, candidates: list[Any], role: str) -> dict[str, int]:
        """The candidate ids seen with this role (its last words, lower case): {id: articles}."""
        if not role or len(candidates) < 2:
            return {}
        ids = [c[0] for c in candidates]
        rows = self._conn.execute(
            f"SELECT actor_id, role, COUNT(DISTINCT article_id) FROM actors "
            f"WHERE actor_id IN ({_marks(ids)}) AND role IS NOT NULL GROUP BY actor_id, role",
            ids,
        ).fetchall()
        found: dict[str, int] = {}
        for actor_id, seen, n in rows:
            if " ".join(normalize(seen).split()[-3:]) == role:
                found[actor_id] = found.get(actor_id, 0) + n
        return found

    def _ensure_row(self, actor_id: str, ident: Identity, actor: Actor | None, base: str | None):
        if actor is not None:
            self._ensure_id(actor_id, ident, actor, base)
            return
        inserted = self._conn.execute(
            "INSERT INTO actor_ids (id, name, type, base_key, given, surname, initials) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (actor_id, ident.name, "PERSON" if ident.kind == PERSON else "ORG", base,
             ident.given if base else None, ident.surname if base else None,
             ident.initials if base and ident.kind == ORG else None),
        ).rowcount  # fmt: skip
        if inserted and base is not None:
            self._reresolve(_families_of(ident))

    def _reresolve(self, families: Iterable[str], skip: str | None = None) -> None:
        """Resolve the stored dependent keys of these families again; re-point changed rows."""
        pending = list(families)
        seen: set[str] = set()
        while pending:
            family = pending.pop()
            if family in seen:
                continue
            seen.add(family)
            rows = self._conn.execute(
                "SELECT k.key, k.actor_id, MIN(a.name), MIN(a.type) FROM actor_keys k "
                "LEFT JOIN actors a ON a.name_key = k.key WHERE k.family = ? "
                "AND k.key NOT IN (SELECT key FROM actor_overrides) GROUP BY k.key, k.actor_id",
                (family,),
            ).fetchall()
            for key, old_id, name, _type in rows:
                if key == skip:
                    continue
                ident = _identity_of_key(key, name or key)
                new_id = self._decide(key, family, ident, None)
                if new_id != old_id:
                    self._conn.execute(
                        "UPDATE actor_keys SET actor_id = ? WHERE key = ?", (new_id, key)
                    )
                    self._repoint("name_key = ?", [key], new_id)

    def _repoint(self, condition: str, params: list[Any], new_id: str) -> None:
        """Give the actors rows matching ``condition`` (and their event participants) an id."""
        rows = self._conn.execute(
            f"SELECT article_id, key FROM actors WHERE {condition}", params
        ).fetchall()
        if not rows:
            return
        self._conn.execute(f"UPDATE actors SET actor_id = ? WHERE {condition}", [new_id, *params])
        self._conn.executemany(
            "UPDATE event_actors SET actor_id = ? WHERE actor_key = ? AND event_id IN "
            "(SELECT id FROM events WHERE article_id = ?)",
            [(new_id, key, article_id) for article_id, key in rows],
        )

    # -- the ids of actors stored before migration 0009 --

    def _after_migration_9(self) -> None:
        """Give every stored actor its id, article by article (run inside the migration)."""
        articles = [
            r[0]
            for r in self._conn.execute(
                "SELECT DISTINCT article_id FROM actors ORDER BY article_id"
            ).fetchall()
        ]
        for article_id in articles:
            rows = self._conn.execute(
                "SELECT seq, key, name, type, country, sector, role FROM actors "
                "WHERE article_id = ? ORDER BY seq",
                (article_id,),
            ).fetchall()
            actors = [Actor(r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]
            ids = self._assign_actor_ids(actors)
            self._conn.executemany(
                "UPDATE actors SET actor_id = ?, name_key = ? WHERE article_id = ? AND seq = ?",
                [(i, k, article_id, r[0]) for (i, k), r in zip(ids, rows, strict=True)],
            )
            self._conn.executemany(
                "UPDATE event_actors SET actor_id = ? WHERE actor_key = ? AND event_id IN "
                "(SELECT id FROM events WHERE article_id = ?)",
                [(i, r[1], article_id) for (i, _), r in zip(ids, rows, strict=True)],
            )

    # -- user corrections --

    def merge_actors(self, into: str, other: str) -> int:
        """Make actor ``other`` part of actor ``into``, now and in later ingests.

        Every actor row and event participant of ``other`` is re-pointed to
        ``into``; the keys and names that made them ``other`` are pinned to
        ``into`` (``actor_overrides``). Returns the number of actor rows moved.
        Raises ``StoreError`` when either id is unknown or they are the same.
        """
        if into == other:
            raise StoreError(f"cannot merge actor {into!r} into itself; give two different ids")

        def work() -> int:
            self._require_ids(into, other)
            keys = [
                r[0]
                for r in self._conn.execute(
                    "SELECT DISTINCT name_key FROM actors WHERE actor_id = ?", (other,)
                ).fetchall()
            ]
            self._pin(keys, into)
            self._conn.execute(
                "UPDATE actor_overrides SET actor_id = ? WHERE actor_id = ?", (into, other)
            )
            self._conn.execute(
                "UPDATE actor_keys SET actor_id = ? WHERE actor_id = ?", (into, other)
            )
            moved = self._conn.execute(
                "SELECT COUNT(*) FROM actors WHERE actor_id = ?", (other,)
            ).fetchone()[0]
            self._conn.execute("UPDATE actors SET actor_id = ? WHERE actor_id = ?", (into, other))
            self._conn.execute(
                "UPDATE event_actors SET actor_id = ? WHERE actor_id = ?", (into, other)
            )
            self._conn.execute("DELETE FROM actor_ids WHERE id = ?", (other,))
            return moved

        return self._correct(work, f"merge actor {other} into {into}")

    def split_actor(self, actor_id: str, names: Sequence[str] = ()) -> dict[str, str]:
        """Take names out of actor ``actor_id``: each name (all but the canonical one when
        ``names`` is empty) gets an id of its own, now and in later ingests.

        Returns {name: new id}. Raises ``StoreError`` for an unknown id or a name
        the actor does not have.
        """

        def work() -> dict[str, str]:
            self._require_ids(actor_id)
            rows = self._conn.execute(
                "SELECT DISTINCT name, type FROM actors WHERE actor_id = ? ORDER BY name",
                (actor_id,),
            ).fetchall()
            seen = {name: type_ for name, type_ in rows}
            canonical = self._conn.execute(
                "SELECT name FROM actor_ids WHERE id = ?", (actor_id,)
            ).fetchone()[0]
            wanted = list(names) or [n for n in seen if n != canonical]
            missing = [n for n in wanted if n not in seen]
            if missing:
                raise StoreError(
                    f"actor {actor_id} has no name {missing[0]!r}; its names are "
                    f"{', '.join(sorted(seen))}. Give one of them with --name"
                )
            moved: dict[str, str] = {}
            for name in wanted:
                ident = identify(Actor("", name, seen[name]))
                new_id = slug(ident.key)
                if new_id == actor_id:
                    new_id = f"{actor_id}~{slug('x:' + normalize(name))[2:]}"
                self._ensure_row(new_id, ident, None, base=None)
                self._conn.execute(
                    "UPDATE actor_ids SET name = ?, type = ? WHERE id = ?",
                    (name, seen[name], new_id),
                )
                self._pin([name_override_key(ident.kind, name)], new_id)
                self._repoint("actor_id = ? AND name = ?", [actor_id, name], new_id)
                moved[name] = new_id
            return moved

        return self._correct(work, f"split actor {actor_id}")

    def _pin(self, keys: Iterable[str], actor_id: str) -> None:
        now = utc_now()
        for key in keys:
            self._conn.execute(
                "INSERT INTO actor_overrides (key, actor_id, made_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET actor_id = excluded.actor_id, "
                "made_at = excluded.made_at",
                (key, actor_id, now),
            )

    def _require_ids(self, *ids: str) -> None:
        for actor_id in ids:
            found = self._conn.execute("SELECT 1 FROM actor_ids WHERE id = ?", (actor_id,))
            if found.fetchone() is None:
                raise StoreError(
                    f"no actor with id {actor_id!r} in {self.path}; "
                    "list the ids with 'eventwire actors'"
                )

    def _correct(self, work: Any, what: str) -> Any:
        try:
            return self._write_retrying(work)
        except self._dialect.errors as exc:
            raise StoreError(f"cannot {what} in {self.path}: {exc}") from exc


def _family(ident: Identity) -> str:
    if ident.key.startswith("as:"):
        return f"base:{ident.base}"
    if ident.key.startswith("init:"):
        return ident.base or ident.key
    if ident.key.startswith("one:"):
        return f"word:{ident.surname}"
    return f"initials:{ident.key.partition(':')[2]}"


def _families_of(ident: Identity) -> list[str]:
    """The families a new candidate id can change the resolution of."""
    if ident.kind == PERSON:
        words = [f"word:{w}" for w in (ident.given, ident.surname) if w]
        return [*words, f"base:{ident.base}"] if ident.base else words
    if ident.initials:
        return [f"initials:{ident.initials}"]
    return []


def _identity_of_key(key: str, name: str) -> Identity:
    """An Identity rebuilt from a stored dependent key, for resolving it again."""
    kind, _, rest = key.partition(":")
    if kind == "one":
        word = rest.partition("|")[0]
        return Identity(f"one:{word}", PERSON, name, surname=word)
    if kind == "as":
        person = identify(Actor("", name, "PERSON"))
        return Identity(key, ORG, name, person.given, person.surname, base=person.base)
    if kind == "init":
        words = rest.split()
        suffix = words[3] if len(words) > 3 else None
        base = f"person:{words[0]} {words[2]}" + (f" {suffix}" if suffix else "")
        return Identity(key, PERSON, name, words[0], words[2], words[1], base=base)
    return Identity(key, ORG, name)
