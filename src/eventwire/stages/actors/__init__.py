"""Actors: resolve every person, organisation, country and group to one actor.

Reads a parsed ``Doc`` (``doc.ents`` already corrected by the gazetteer) and
the lexicons in ``data/`` (``roles.tsv``, ``groups.tsv``, ``nominals.tsv``,
``plover_org_codes.tsv``), the actor dictionary (``data/actors/``, with the
user's ``EVENTWIRE_ACTORS`` file on top: ``dictionary``) and the gazetteer.
A person or organisation the dictionary knows gets its ``ref``, and its
country, sector and CAMEO code on the article's date (``doc._.published``)
where the text says nothing better. Returns one
``Actor`` per real-world actor in the article, each with its mentions, and
writes ``doc.spans["mentions"]`` (``label_`` = actor type, ``kb_id_`` = actor
key) for the stages that follow. It also relabels entities the model got
wrong when the article itself says better ("Sybiha" tagged GPE after
"Andrii Sybiha" becomes PERSON).

The steps, in order, each a module sharing one ``search.ActorSearch``:
1. ``persons``: persons, with role, country and sector from pre-modifiers
   ("Ukrainian Foreign Minister Andrii Sybiha") and appositives ("Olga
   Stefanishyna, Ukraine's deputy prime minister for NATO affairs"), read by
   ``roles``;
2. ``organisations``: gazetteer IGOs/NGOs/media, named groups, other ORGs by
   their head word ("Defense Ministry" -> GOV);
3. ``countries``: GPE entities that are countries, and capitals used as actors;
4. ``countries``: groups, a plural head noun with a national modifier ("North
   Korean troops" -> PRK MIL);
5. ``coreference``: surnames and nominals ("Sybiha", "the alliance"), and
   the short forms the article defines ("Mohammed bin Salman, known as MBS");
6. ``countries.place_uncoded``: a person or organisation of a country's own
   politics that nothing coded takes the article's country (the one more
   than half of its country words name).
Surnames are looked for right after the persons, before organisations and
countries can take their words. ``build`` turns the drafts into records.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.records import Actor
from eventwire.stages.actors.build import build_actors
from eventwire.stages.actors.coreference import (
    find_defined_short_forms,
    find_name_parts,
    find_nominals,
)
from eventwire.stages.actors.countries import find_countries, find_groups, place_uncoded
from eventwire.stages.actors.lexicon import ActorLexicon, Known, load_actor_lexicon
from eventwire.stages.actors.organisations import find_orgs
from eventwire.stages.actors.persons import find_persons
from eventwire.stages.actors.search import ActorSearch

__all__ = ["ActorLexicon", "Known", "find_actors", "load_actor_lexicon"]


def find_actors(doc: Doc) -> list[Actor]:
    """Resolve the actors of ``doc`` and write ``doc.spans["mentions"]``."""
    search = ActorSearch(doc)
    ents = list(doc.ents)
    find_persons(search, ents)
    find_name_parts(search, ents)
    find_orgs(search, ents)
    find_countries(search, ents)
    find_groups(search)
    find_nominals(search)
    find_defined_short_forms(search)
    place_uncoded(search)
    return build_actors(search)
