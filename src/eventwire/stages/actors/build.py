"""Turn the drafts of an ``ActorSearch`` into ``Actor`` records.

Reads the drafts and the entity relabels the steps queued. Returns one
``Actor`` per draft, keyed ``A1``, ``A2``, ... in order of first mention, with
its mentions in text order; writes ``doc.spans["mentions"]`` (``label_`` =
actor type, ``kb_id_`` = actor key) and replaces the entities the article
showed the model got wrong (``doc.ents``).
"""

from __future__ import annotations

from spacy.tokens import Span
from spacy.util import filter_spans

from eventwire.records import Actor, Mention
from eventwire.stages.actors.search import ActorSearch


def build_actors(search: ActorSearch) -> list[Actor]:
    """Key the drafts, write the mention spans and relabels, return the actors."""
    doc = search.doc
    drafts = sorted(search.drafts.values(), key=lambda d: d.first)
    actors: list[Actor] = []
    spans: list[Span] = []
    for n, draft in enumerate(drafts, start=1):
        key = f"A{n}"
        mentions = []
        for span, kind in sorted(draft.spans, key=lambda sk: sk[0].start):
            mentions.append(Mention(span.start_char, span.end_char, span.text, key, kind))
            spans.append(Span(doc, span.start, span.end, label=draft.type, kb_id=key))
        # The draft's name, type, country, sector, role, ref and cameo.
        actors.append(Actor.from_fields(draft, key=key, mentions=mentions))
    doc.spans["mentions"] = sorted(spans, key=lambda s: s.start)
    if search.relabel:
        kept = [
            e
            for e in doc.ents
            if not any(e.start < r.end and r.start < e.end for r in search.relabel)
        ]
        doc.ents = filter_spans(kept + search.relabel)
    return actors
