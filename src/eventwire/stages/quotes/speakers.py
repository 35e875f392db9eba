"""Speakers: resolve the speaker token of a quote to an actor and its evidence.

Reads the actor mentions (``doc.spans["mentions"]``) and the parse; writes
``speaker``, ``speaker_name``, ``speaker_start`` and ``speaker_end`` on a
``Quote``. A name takes the mention under it, "who" its antecedent,
he/she/it/they the mention ``stages.actors.pronouns`` resolves it to; a
nominal speaker ("officials") keeps its phrase as ``speaker_name`` and no
actor key.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.records import Quote
from eventwire.stages.actors.pronouns import resolve_pronoun

# Parts of a subject phrase that are not the speaker: "Smith, the minister, who ..."
_SPEAKER_EXCLUDED_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep"}


def set_speaker(
    quote: Quote, head: Token, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> None:
    """Set the speaker fields of ``quote`` from the speaker token ``head``."""
    doc = head.doc
    if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl":
        # "Smith, who said ...": the evidence is "who", the speaker its antecedent.
        set_speaker(quote, head.head.head, mentions, direct_spans)
        quote.speaker_start, quote.speaker_end = head.idx, head.idx + len(head)
        return
    if head.pos_ == "PRON":
        quote.speaker_start, quote.speaker_end = head.idx, head.idx + len(head)
        quote.speaker_name = head.text
        antecedent = resolve_pronoun(head, mentions, direct_spans)
        if antecedent is not None:
            quote.speaker = antecedent.kb_id_ or None
            quote.speaker_name = antecedent.text
        return
    mention = _mention_at(head, mentions)
    for appos in (c for c in head.children if c.dep_ == "appos"):
        # "the foreign minister, Andrii Sybiha, said"
        mention = mention or _mention_at(appos, mentions)
    if mention is not None:
        quote.speaker = mention.kb_id_ or None
        quote.speaker_name = mention.text
        quote.speaker_start, quote.speaker_end = mention.start_char, mention.end_char
        return
    start, end = _speaker_phrase(head)
    quote.speaker_name = doc[start:end].text
    quote.speaker_start, quote.speaker_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _mention_at(token: Token, mentions: list[Span]) -> Span | None:
    return next((span for span in mentions if span.start <= token.i < span.end), None)


def _speaker_phrase(head: Token) -> tuple[int, int]:
    """Token range of a nominal speaker ("the ministry's spokesman", "the head of
    the agency") without appositions, clauses or punctuation."""
    indices = [head.i]
    for child in head.children:
        if child.dep_ in _SPEAKER_EXCLUDED_DEPS and not (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            continue
        indices.extend(x.i for x in child.subtree if not x.is_punct)
    return min(indices), max(indices) + 1
