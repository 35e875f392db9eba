"""Quoted blame: "'Israel's heinous and cruel attacks must stop,' said Altun".

News reports much of its criticism as quotes whose own words condemn, with no
verb of accusing: PLOVER codes such a statement as ACCUSE ("disapprove") by
the one who said it. For every quote of the quotes stage with a known
speaker, the first word of blame in its words (``data/critical_words.tsv``)
becomes an ACCUSE draft: the speaker is the actor, the actor the quote names
nearest the word (not the speaker) the recipient. A quote whose speaker is
already coded as accusing in it, or by its cue ("accused X of spreading
propaganda"), adds nothing. The sense model decides, as for every
candidate, whether it is an event.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import read_tsv
from eventwire.stages.events.frames import Draft
from eventwire.stages.events.lexicon import Trigger
from eventwire.stages.events.mentions import MentionResolver


@cache
def critical_words() -> frozenset[str]:
    return frozenset(row["word"] for row in read_tsv("critical_words.tsv"))


def _blame_word(span: Span) -> Token | None:
    words = critical_words()
    return next((t for t in span if t.lower_ in words or t.lemma_.lower() in words), None)


def _target(doc: Doc, quote: Span, word: Token, speaker: str | None) -> Span | None:
    """The actor mention inside the quote nearest the word of blame, not the speaker."""
    inside = [
        m
        for m in doc.spans.get("mentions", [])
        if quote.start <= m.start and m.end <= quote.end and m.kb_id_ and m.kb_id_ != speaker
    ]
    return min(inside, key=lambda m: abs(m.start - word.i), default=None)


def quoted_blame(doc: Doc, drafts: dict[int, Draft], resolver: MentionResolver) -> list[Draft]:
    """ACCUSE drafts for the quotes whose words condemn (see the module doc)."""
    found: list[Draft] = []
    for quote in doc._.quotes or []:
        if not quote.speaker or quote.speaker_start is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        said_by = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        if span is None or said_by is None:
            continue
        word = _blame_word(span)
        if word is None or word.i in drafts:
            continue
        if any(
            d.type == "ACCUSE"
            and (span.start <= d.tok.i < span.end or d.tok.idx == quote.cue_start)
            for d in drafts.values()
        ):
            continue
        said_by.kb_id_ = quote.speaker  # the resolver reads the actor key from the span
        speaker = resolver.event_actor(said_by)
        target = _target(doc, span, word, quote.speaker)
        recipients = [resolver.event_actor(target)] if target is not None else []
        pos = word.pos_ if word.pos_ in ("NOUN", "ADJ", "VERB") else "ADJ"
        trigger = Trigger((word.lemma_.lower(),), pos, "ACCUSE", "disapprove", None, "event")
        draft = Draft(word, trigger, "ACCUSE", "disapprove", [speaker], recipients)
        draft.stated = True  # the statement is the act: asserted, whatever it says
        found.append(draft)
    return sorted(found, key=lambda d: d.tok.i)
