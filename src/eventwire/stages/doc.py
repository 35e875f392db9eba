"""The Doc contract: what the pipeline and each stage write on the spaCy ``Doc``.

An article is parsed once; the stages then annotate that one ``Doc`` in
pipeline order, each reading what earlier ones wrote, and the
``Extraction`` is collected from it at the end (``collect_extraction``).
Importing this module registers the ``Doc`` extensions below; each is
None until its writer has run.

=====================  ===============  ==============================================
attribute              written by       holds
=====================  ===============  ==============================================
``doc._.published``    the pipeline     the article's ISO publication date or
                                        datetime, or None; anchors relative dates
                                        and tells scheduled from historical events
``doc._.actors``       actors stage     ``list[Actor]``, the resolved actors
``doc.spans``          actors stage     ``doc.spans["mentions"]``: one span per actor
``["mentions"]``                        mention (``label_`` = actor type, ``kb_id_``
                                        = actor key); the stage may relabel
                                        ``doc.ents`` too
``doc._.times``        times stage      ``list[TimeExpr]``, normalized against
                                        ``doc._.published``
``doc._.places``       places stage     ``list[Place]``, toponyms resolved to places
``doc._.quotes``       quotes stage     ``list[Quote]`` (reads the mentions)
``doc._.events``       events stage     ``list[Event]`` (reads the mentions, actors,
                                        times, places and publication date)
=====================  ===============  ==============================================

``eventwire.pipeline`` holds the stage order and the set step of each stage
(``set_actors`` ... ``set_events``: run the stage, write its attribute).
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.records import Article, Entity, Extraction

ATTRIBUTES = ("published", "actors", "times", "places", "quotes", "events")

for _name in ATTRIBUTES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def collect_extraction(doc: Doc, article: Article) -> Extraction:
    """The ``Extraction`` of an annotated ``Doc``: its entities and every stage's records."""
    entities = [
        Entity(
            e.start_char,
            e.end_char,
            e.text,
            e.label_,
            "gazetteer" if e.kb_id_ else "model",
        )
        for e in doc.ents
    ]
    return Extraction(
        article=article,
        entities=entities,
        actors=doc._.actors or [],
        times=doc._.times or [],
        places=doc._.places or [],
        quotes=doc._.quotes or [],
        events=doc._.events or [],
    )
