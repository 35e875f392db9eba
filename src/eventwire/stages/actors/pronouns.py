"""Pronouns: which actor mention a he/she/it/they (or a quoted I/we) stands for.

One resolver for the stages that need it (quote speakers, event
participants). It reads the actor mentions (``doc.spans["mentions"]``,
``label_`` = actor type) and the parse, and decides by agreement and
salience, not by distance alone:

- agreement: he/she/him/her/his take a PERSON, he/him/his no woman and
  she/her no man where the article shows the person's sex (``sex``: "Mrs.",
  a given name); it/they an organisation, a country or a group, "it" no
  group named in the plural ("the rebels"; a name such as "the United
  States" is one actor), "they" no country (a country is "it") but two
  persons named together ("Ryan and McConnell"), shown by the one the
  rules pick;
- binding: an object pronoun is never the subject of its own clause
  ("Smith praised him" is not Smith praising Smith), a reflexive always is;
- salience: a possessive or object pronoun takes the nearest fitting mention
  before it in its own sentence; otherwise, from the pronoun's sentence
  backwards (at most ``WINDOW_SENTENCES`` before it), an earlier sentence
  whose main subject is the same pronoun hands on that pronoun's referent
  ("He asserted that Sanders is gaining. He blames the media": both "he" are
  one person), else the first subject mention of a fitting type wins, else
  the last fitting mention of that sentence; in the pronoun's own sentence
  only mentions before it count; a he/she with nobody fitting in that
  window takes the person named most often before it (in the article gold's
  tuning part such a "he"/"she" named that person about two times in three;
  an "it"/"they" one time in five, so those are left unresolved);
- quotations: mentions inside a direct quotation are not antecedents of a
  pronoun outside it; a he/she/they inside a quotation is not its speaker
  (who would say "I"); "I", "me", "my", "we", "us", "our" inside a direct
  quotation stand for its speaker (``first_person_speaker``).

Writes nothing.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.nlp import sentence_of
from eventwire.stages.actors.sex import person_sex, pronoun_sex

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "itself", "they", "them", "their", "themselves"}
FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ourselves"}
REFLEXIVES = {"himself", "herself", "itself", "themselves"}
_SINGULAR_GROUP = {"it", "its", "itself"}
_PLURAL_GROUP = GROUP_PRONOUNS - _SINGULAR_GROUP
PERSON_TYPES = {"PERSON"}
# it/they stand for an organisation, a country or a group; "it" only for one
# named in the singular ("the group", not "the rebels").
GROUP_TYPES = {"ORG", "COUNTRY", "IGO", "MEDIA", "GROUP"}
_PLURAL_TAGS = {"NNS", "NNPS"}
# Sentences searched backwards for an antecedent, besides the pronoun's own.
WINDOW_SENTENCES = 3
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# "talks in Singapore", "schools across Malawi": a country named as where
# something happens is no antecedent of it/they
_PLACE_PREPS = {"in", "at", "across", "throughout", "near", "inside", "within", "around"}
_OBJECTS = {"dobj", "dative", "pobj", "attr", "oprd"}


def is_pronoun(tok: Token) -> bool:
    """A third-person pronoun the resolver can take."""
    return bool(fitting_types(tok))


def fitting_types(tok: Token) -> set[str]:
    """The actor types a pronoun agrees with (empty for other words)."""
    word = tok.lower_
    if word in PERSON_PRONOUNS:
        return PERSON_TYPES
    if word in GROUP_PRONOUNS:
        return GROUP_TYPES
    return set()


def _clause_head(tok: Token) -> Token:
    """The verb whose clause a token sits in (the token's first verbal ancestor)."""
    head = tok.head
    while head.i != head.head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head


def _clause_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def resolve_pronoun(
    pronoun: Token,
    mentions: list[Span],
    quoted: list[tuple[int, int]] = (),
    speakers: dict[tuple[int, int], str] | None = None,
) -> Span | None:
    """The mention a third-person pronoun stands for, or None.

    ``mentions`` are the actor mentions in text order; ``quoted`` the
    character spans of direct quotations; ``speakers`` the actor key of the
    speaker of each of those spans, where known."""
    types = fitting_types(pronoun)
    if not types:
        return None
    inside = _quote_around(pronoun.idx, quoted)
    # "'She supports licenses now,' Mark-Viverito said": a speaker says "I"
    speaker = (speakers or {}).get(inside) if inside else None
    verb = _clause_head(pronoun)
    subject = _clause_subject(verb)
    if pronoun.lower_ in REFLEXIVES and subject is not None and subject.i != pronoun.i:
        own = _mention_covering(subject, mentions)
        if own is not None and own.label_ in types:
            return own
    # binding: "Smith praised him" -- him is not Smith (nor any other mention of Smith)
    excluded = None
    if pronoun.dep_ in _OBJECTS and subject is not None and pronoun.lower_ not in REFLEXIVES:
        excluded = _mention_covering(subject, mentions)
        if excluded is None and is_pronoun(subject) and subject.i < pronoun.i:
            # "She accused him": him is not whoever she is
            excluded = resolve_pronoun(subject, mentions, quoted, speakers)
    excluded_key = excluded.kb_id_ if excluded is not None else None
    sex = pronoun_sex(pronoun.text)
    plural = pronoun.lower_ in _PLURAL_GROUP

    def fits(m: Span) -> bool:
        return (
            (m.label_ in types or (plural and _one_of_a_pair(m, mentions)))
            and not (
                # "the rebels" are no "it"; "the United States", "Reporters
                # Without Borders" are: a name is one actor
                pronoun.lower_ in _SINGULAR_GROUP
                and m.label_ == "GROUP"
                and m.root.tag_ in _PLURAL_TAGS
            )
            # a country named in the singular is "it", not "they"
            and not (plural and m.label_ == "COUNTRY")
            and m is not excluded
            and not (sex and m.label_ == "PERSON" and person_sex(pronoun.doc, m) not in (None, sex))
            and not (excluded_key and m.kb_id_ == excluded_key)
            and not (speaker and m.kb_id_ == speaker)
            and _quote_around(m.start_char, quoted) in (None, inside)
            and not _names_a_place(m)
        )

    ahead = _fronted_for(pronoun, mentions)
    if ahead is not None and fits(ahead):
        return ahead
    candidates = [m for m in mentions if m.end <= pronoun.i and fits(m)]
    if not candidates:
        return None
    owner = _subject_owner(pronoun, mentions, quoted, speakers)
    if owner is not None and any(m is owner for m in candidates):
        return owner
    doc = pronoun.doc
    sentence = sentence_of(pronoun)
    # a possessive or object takes the nearest fitting mention of its own
    # sentence ("called on NATO to ... during its meeting"); a subject, and
    # any pronoun whose sentence has none, the earlier sentences' subjects
    nearest_first = pronoun.dep_ not in _SUBJECTS
    for _ in range(WINDOW_SENTENCES + 1):
        in_sentence = [m for m in candidates if sentence.start <= m.start < sentence.end]
        if in_sentence and nearest_first:
            return in_sentence[-1]
        nearest_first = False
        if sentence.end <= pronoun.i:
            # "He asserted that ... Sanders is gaining ... He blames ...": the
            # same pronoun as an earlier sentence's main subject is its referent
            chained = _main_subject_pronoun(sentence, pronoun, quoted, inside)
            if chained is not None:
                found = resolve_pronoun(chained, mentions, quoted, speakers)
                if found is not None and any(found is m for m in candidates):
                    return found
        subjects = [m for m in in_sentence if names_subject(m)]
        if subjects:
            return subjects[0]
        if in_sentence:
            return in_sentence[-1]
        if sentence.start == 0:
            break
        sentence = sentence_of(doc[sentence.start - 1])
    if pronoun.lower_ in PERSON_PRONOUNS:
        # a he/she with no one fitting in the window (a profile that goes on
        # about its subject): the person named most often before it (ties:
        # the latest); an it/they is left unresolved (often generic)
        return _most_named(candidates)
    return None


def _most_named(mentions: list[Span]) -> Span:
    """The latest mention of the actor with the most of ``mentions`` (ties: the latest named)."""
    count: dict[str, int] = {}
    latest: dict[str, Span] = {}
    for m in mentions:
        count[m.kb_id_] = count.get(m.kb_id_, 0) + 1
        latest[m.kb_id_] = m
    return latest[max(count, key=lambda k: (count[k], latest[k].start))]


def _one_of_a_pair(mention: Span, mentions: list[Span]) -> bool:
    """A person named with another ("Ryan and McConnell met ... They agreed"):
    "they" may stand for the pair, shown by the one the rules pick."""
    if mention.label_ != "PERSON":
        return False
    others = {t.i for t in mention.root.conjuncts}
    return bool(others) and any(m.label_ == "PERSON" and m.root.i in others for m in mentions)


def _fronted_for(pronoun: Token, mentions: list[Span]) -> Span | None:
    """The main clause's subject, for a pronoun in a phrase or clause put
    before it: "After weeks of denying it was planning ..., Thailand
    deported ...", "In its statement, the ministry said ..." (the pronoun
    looks ahead to the subject it comes before)."""
    root = sentence_of(pronoun).root
    subject = _clause_subject(root)
    if subject is None or subject.i <= pronoun.i:
        return None
    fronted = pronoun
    while fronted.head.i != root.i:
        if fronted.head is fronted:
            return None
        fronted = fronted.head
    if fronted.dep_ not in ("prep", "advcl", "npadvmod") or fronted.i > subject.i:
        return None
    own = _mention_covering(subject, mentions)
    if own is None:
        # "Thailand's government": the owner or kind of the subject
        own = next(
            (
                m
                for m in mentions
                if m.root.head.i == subject.i and m.root.dep_ in ("poss", "compound", "amod")
            ),
            None,
        )
    return own


def _main_subject_pronoun(sentence: Span, pronoun: Token, quoted, inside) -> Token | None:
    """The subject of the sentence's main verb when it is the same pronoun as
    ``pronoun`` (he/he, she/she, they/they, any case) and on the same side of
    a quotation."""
    subject = _clause_subject(sentence.root)
    if (
        subject is None
        or subject.i == pronoun.i
        or pronoun_sex(subject.text) != pronoun_sex(pronoun.text)
        or fitting_types(subject) != fitting_types(pronoun)
        or (subject.lower_ in _SINGULAR_GROUP) != (pronoun.lower_ in _SINGULAR_GROUP)
        or _quote_around(subject.idx, quoted) != inside
    ):
        return None
    return subject


def _subject_owner(pronoun: Token, mentions: list[Span], quoted, speakers) -> Span | None:
    """The subject mention that owns "his"/"its" in the object of its clause:
    "Trump defended his praise of Putin", "who took to the talk shows to
    defend his call": the one who does something to their own thing (through
    to-clauses, participles and "who" clauses up to a subject)."""
    if pronoun.dep_ != "poss":
        return None
    noun = pronoun.head
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    if noun.dep_ != "dobj":
        return None
    verb = noun.head
    subject = None
    for _ in range(4):
        subject = _clause_subject(verb)
        if subject is not None or verb.dep_ not in ("xcomp", "advcl", "conj"):
            break
        verb = verb.head
    if subject is None:
        return None
    if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
        subject = subject.head.head
    own = _mention_covering(subject, mentions)
    if own is None and is_pronoun(subject) and subject.i < pronoun.i:
        own = resolve_pronoun(subject, mentions, quoted, speakers)
    return own


def names_subject(mention: Span, levels: int = 1) -> bool:
    """The mention is its clause's subject, or names the subject's owner or kind
    ("**Taliban** officials said", "**Russia**'s troops attacked"), through at
    most ``levels`` such modifiers ("**Afghanistan**'s Taliban leader said": 2)."""
    tok = mention.root
    for _ in range(levels + 1):
        if tok.dep_ in _SUBJECTS:
            return True
        if tok.dep_ not in ("compound", "amod", "nmod", "poss") or tok.head is tok:
            return False
        tok = tok.head
    return False


def first_person_speaker(tok: Token, quotes: list) -> str | None:
    """The actor key of the speaker of the direct quotation a quoted "I"/"we"
    sits in, or None (not first person, not quoted, or an unresolved speaker)."""
    if tok.lower_ not in FIRST_PERSON:
        return None
    for quote in quotes:
        if quote.direct and quote.start <= tok.idx < quote.end:
            return quote.speaker
    return None


def _names_a_place(mention: Span) -> bool:
    """A country mention that says where something is ("a summit in Hanoi")."""
    root = mention.root
    return mention.label_ == "COUNTRY" and root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS


def _quote_around(pos: int, quoted: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((s, e) for s, e in quoted if s <= pos < e), None)


def _mention_covering(tok: Token, mentions: list[Span]) -> Span | None:
    return next((m for m in mentions if m.start <= tok.i < m.end), None)
