"""Quotes stage: who said what, as direct quotes and reported speech.

Reads: a parsed spaCy ``Doc`` (dependency parse, lemmas, sentences) whose
``doc.spans["mentions"]`` holds the actor mentions set by
``actors.find_actors`` (label = actor type, kb_id = actor key), and the cue
lexicon ``data/speech_verbs.tsv``.

Returns: ``list[Quote]`` in text order; nothing is written to the Doc.

* A direct quote is text between double quote marks (straight, curly, « »,
  or the typewriter pair '') tied to an attribution cue in the same or the
  previous sentence; its content excludes the marks. A quote split around its
  attribution ('"A," she said, "B."') or continued in the next sentence of
  the same paragraph is one Quote: its span runs from A to B and its text
  joins the quoted parts. A short quoted phrase with nothing tying it to a
  speaker ("victory plan") is a scare quote, not a quote.
* Reported speech is what a cue verb governs: its clause ("X said that ..."),
  infinitive ("X urged NATO to ...") or, for verbs that name a statement, its
  object ("X announced his candidacy"); also the clause around "according to
  X" and a report closed by ", X said".
* The speaker is the cue's subject (the agent of a passive, the pobj of
  "according to"), resolved to an actor key by overlap with the mentions.
  He/she/it/they take the nearest fitting preceding mention, preferring
  sentence subjects; "who" takes its antecedent. ``speaker_start``/``end``
  point at the words in the attribution (the name, pronoun or "who"),
  ``speaker_name`` is the actor's mention text or the nominal phrase
  ("officials"), which keeps ``speaker=None``.

The modules, in the order ``find_quotes`` uses them: ``marks`` pairs the quote
marks, ``lexicon`` reads and matches the cues, ``direct`` and ``reported`` find
the candidates (with ``attribution`` giving each cue's speaker token), and
``assemble`` keeps one per statement and builds the records, resolving
speakers through ``speakers``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.nlp import text_of
from eventwire.records import Quote
from eventwire.stages.quotes.assemble import build_quote, combine, deduplicate
from eventwire.stages.quotes.direct import find_direct_quotes, is_quoted_sentence
from eventwire.stages.quotes.lexicon import LEXICON_PATH, Cue, Lexicon, load_lexicon
from eventwire.stages.quotes.marks import QuoteMarks, find_quote_marks
from eventwire.stages.quotes.reported import find_reported_speech

__all__ = [
    "LEXICON_PATH",
    "Cue",
    "Lexicon",
    "QuoteMarks",
    "find_quote_marks",
    "find_quotes",
    "load_lexicon",
]


def find_quotes(doc: Doc, lexicon: Lexicon | None = None) -> list[Quote]:
    """Return the direct quotes and reported speech in ``doc``, in text order."""
    lexicon = lexicon or load_lexicon()
    mentions = list(doc.spans["mentions"]) if "mentions" in doc.spans else []
    marks = find_quote_marks(text_of(doc))
    direct = find_direct_quotes(doc, marks, lexicon)
    # A reporting verb inside a quotation belongs to the quoted speaker's words.
    inside = [(d.start, d.end) for d in direct]
    inside += [(m.start, m.end) for m in marks if is_quoted_sentence(doc, m)]
    used_cues = {
        d.attribution.cue_start
        for d in direct
        if d.attribution is not None and not d.attribution.borrowed
    }
    reported = find_reported_speech(doc, lexicon, inside, used_cues)
    direct_spans = [(d.start, d.end) for d in direct]
    quotes = [
        build_quote(doc, found, mentions, direct_spans) for found in combine(direct, reported)
    ]
    return deduplicate(quotes)
