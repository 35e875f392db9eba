"""Events said in quotes: blame and demands with no verb of accusing or asking.

News reports much criticism and many demands as quotes whose own words do
the act. PLOVER codes such a statement as an event of the one who said it:

- **blame**: "'It is time to stop Israel's heinous and cruel attacks,' said
  Altun" is an ACCUSE ("disapprove"). For every quote of the quotes stage
  with a known speaker, the first word of blame in its words
  (``data/critical_words.tsv``) becomes an ACCUSE draft: the speaker is the
  actor, the actor the quote names nearest the word (not the speaker) the
  recipient. A quote whose speaker is already coded as accusing in it, or by
  its cue ("accused X of spreading propaganda"), adds nothing.
- **demands**: "'The council should respond to this provocation,' Barr
  said" is a REQUEST from the speaker to the subject of a verb with "must"
  or "should" (``request_aux`` in ``event_rules.tsv``), or of "needs to",
  "has to" (``request_verb``), inside the quote, when that subject is an
  actor other than the speaker. A verb that is a trigger already gets its
  REQUEST from the rules ("X said Y must ...", "Y needs to withdraw").

Both are asserted: the statement is the act. The sense model decides, as
for every candidate, whether it is an event.

- **judgements**: much praise and blame uses no word a list can hold
  ("'Senator Lind has done nothing for this state,' Reyes said"; "Rubio is
  very, very weak on immigration"). ``judged_sentences`` puts one ACCUSE
  candidate on the main verb of every sentence that names an actor and has
  no ACCUSE yet, the speaker of a quote in it (else the verb's subject) as its
  actor. The rules know nothing more of it: the sense model reads the whole
  sentence (``sense.judgement_features``) and types it ACCUSE or SUPPORT
  (one whose likeliest type is another, or below one chance in ten, is
  dropped), and the role chooser gives it a target.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from eventwire.nlp import sentence_of
from eventwire.stages.events.frames import JUDGEMENT, Draft
from eventwire.stages.events.lexicon import EventLexicon, Trigger, critical_words, demand_verb
from eventwire.stages.events.mentions import MentionResolver


def _blame_word(span: Span) -> Token | None:
    words = critical_words()
    return next((t for t in span if t.lower_ in words or t.lemma_.lower() in words), None)


def _blamed_words(word: Token) -> list[Token]:
    """The words the blame is about, by the parse: the doer of a blamed thing
    ("provocation **by the junta**", "**Israel**'s heinous attacks") or the
    subject of a blaming predicate ("**the law** is unconstitutional")."""
    noun = word.head if word.dep_ == "amod" else word
    found = [c for c in noun.children if c.dep_ == "poss"]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "of", "from"):
            found += [o for o in prep.children if o.dep_ == "pobj"]
    if word.dep_ in ("acomp", "attr"):
        found += [c for c in word.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return found


def _target(doc: Doc, quote: Span, word: Token, speaker: str | None) -> Span | None:
    """The actor the blame is about: one the parse ties to the word of blame,
    else the actor mention inside the quote nearest the word; not the speaker."""
    inside = [
        m
        for m in doc.spans.get("mentions", [])
        if quote.start <= m.start and m.end <= quote.end and m.kb_id_ and m.kb_id_ != speaker
    ]
    for tok in _blamed_words(word):
        for m in inside:
            if m.start <= tok.i < m.end or any(m.start <= t.i < m.end for t in tok.lefts):
                return m
    return min(inside, key=lambda m: abs(m.start - word.i), default=None)


def _spoken(doc: Doc) -> Iterator[tuple[object, Span, Span]]:
    """Each quote with a known speaker: the quote, its words and the speaker's
    words (a span carrying the speaker's actor key, as a mention does)."""
    for quote in doc._.quotes or []:
        if not quote.speaker or quote.speaker_start is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        said_by = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        if span is None or said_by is None:
            continue
        yield quote, span, Span(doc, said_by.start, said_by.end, kb_id=quote.speaker)


def quoted_blame(doc: Doc, drafts: dict[int, Draft], resolver: MentionResolver) -> list[Draft]:
    """ACCUSE drafts for the quotes whose words condemn (see the module doc)."""
    found: list[Draft] = []
    for quote, span, said_by in _spoken(doc):
        word = _blame_word(span)
        if word is None or word.i in drafts:
            continue
        if any(
            d.type == "ACCUSE"
            and (span.start <= d.tok.i < span.end or d.tok.idx == quote.cue_start)
            for d in drafts.values()
        ):
            continue
        speaker = resolver.event_actor(said_by)
        target = _target(doc, span, word, quote.speaker)
        recipients = [resolver.event_actor(target)] if target is not None else []
        pos = word.pos_ if word.pos_ in ("NOUN", "ADJ", "VERB") else "ADJ"
        trigger = Trigger((word.lemma_.lower(),), pos, "ACCUSE", "disapprove", None, "event")
        # the statement is the act: asserted, whatever it says
        found.append(
            Draft(word, trigger, "ACCUSE", "disapprove", [speaker], recipients, stated=True)
        )
    return sorted(found, key=lambda d: d.tok.i)


def quoted_demands(
    doc: Doc, drafts: dict[int, Draft], resolver: MentionResolver, lex: EventLexicon
) -> list[Draft]:
    """REQUEST drafts for "X must/should ..." inside quotes (see the module doc)."""
    found: list[Draft] = []
    for quote, span, said_by in _spoken(doc):
        for verb in span:
            if verb.pos_ != "VERB" or verb.i in drafts:
                continue
            if not demand_verb(verb, lex) or any(
                c.dep_ == "xcomp" and c.i in drafts for c in verb.children
            ):
                continue  # "needs to withdraw": the trigger's rules make the demand
            asked = [
                p
                for c in verb.children
                if c.dep_ == "nsubj"
                for p in resolver.participant(c)
                if p.actor and p.actor != quote.speaker
            ]
            if not asked:
                continue
            speaker = resolver.event_actor(said_by)
            trigger = Trigger((verb.lemma_.lower(),), "VERB", "REQUEST", None, None, "event")
            found.append(Draft(verb, trigger, "REQUEST", None, [speaker], asked, stated=True))
    return found


def judged_sentences(doc: Doc, drafts: dict[int, Draft], resolver: MentionResolver) -> list[Draft]:
    """One judgement draft (type ACCUSE, frame ``JUDGEMENT``) per sentence that
    names an actor and has no ACCUSE draft, on its main verb (see the module doc)."""
    mentioned = {m.start for m in doc.spans.get("mentions", []) if m.kb_id_}
    accusing = {sentence_of(d.tok).start for d in drafts.values() if d.type == "ACCUSE"}
    spoken = list(_spoken(doc))
    found: list[Draft] = []
    for sent in doc.sents:
        root = sent.root
        if sent.start in accusing or root.i in drafts or root.pos_ not in ("VERB", "AUX"):
            continue
        if not any(sent.start <= i < sent.end for i in mentioned):
            continue
        actors = [
            resolver.event_actor(said_by)
            for _, span, said_by in spoken
            if span.start < sent.end and sent.start < span.end
        ][:1]
        if not actors:
            actors = [
                p for c in root.children if c.dep_ == "nsubj" for p in resolver.participant(c)
            ]
        trigger = Trigger((root.lemma_.lower(),), "VERB", "ACCUSE", "disapprove", None, JUDGEMENT)
        found.append(Draft(root, trigger, "ACCUSE", "disapprove", actors, [], stated=True))
    return found
