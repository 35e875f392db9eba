"""Who can fill an event's roles, and which of them does: the learned role chooser.

``is_actor`` says whether a participant can be an actor at all (the rule
behind "participants are actors"). The rules read the source and target of a
trigger off the parse (``participants``); on whole articles they name the
wrong source or target for about one event in three whose type is right.
So for each role of a candidate this module offers the rules' answer, every
other party of the sentence (each noun, name or pronoun the
``MentionResolver`` resolves to something that can be an actor; a made
thing too for the target of an attack or seizure) and, where the rules
found nobody, nobody. ``option_features`` describes an option by its place
in the parse relative to the trigger (the dependency path, with a
preposition's object named by the preposition; voice, side and distance),
what it is, how often the article names it, and whether the rules chose it,
and by the parser's context vector of its head word (``option_vectors``);
a logistic regression (``SenseModels.roles``, fitted by ``eventwire train``
on options labelled by ``role_rows``) gives the probability that the option
is the participant a careful coder names. ``choose_roles`` takes the
likeliest pair of a source and a target option that does not name one actor
in both roles, and returns, for the confidence, the probability that both
are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from spacy.attrs import DEP, HEAD, LOWER
from spacy.tokens import Doc, Span, Token

from eventwire.nlp import sentence_of
from eventwire.records import Event, EventActor
from eventwire.stages.events.lexicon import EventLexicon, load_event_lexicon
from eventwire.stages.events.mentions import MentionResolver

if TYPE_CHECKING:
    from eventwire.stages.events.sense import SenseModel

ROLES = ("source", "target")
# Where the rules found nobody, a party of the sentence takes the role only
# when the model finds it this much likelier than nobody (cross-validated on
# the tuning articles: 0.1 costs 0.0003 full F1 at the cut against 0, and
# names fewer parties the sentence does not tie to the event).
FILL_MARGIN = 0.1
MAX_PATH = 4  # longer dependency paths are one feature, "long"
PARTY_POS = frozenset({"NOUN", "PROPN", "PRON"})
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "who"}
LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "within"})
PHYSICAL_TYPES = ("ASSAULT", "COERCE")  # their targets may be objects ("seized a vessel")
# PLOVER/CAMEO sector codes grouped for the models: who carries arms, who
# holds state office; any other sector is civil.
SECTOR_KINDS = {
    **dict.fromkeys(("MIL", "REB", "UAF", "COP", "SPY", "INS", "CRM"), "armed"),
    **dict.fromkeys(("GOV", "LEG", "JUD", "PTY", "ELI", "OPP", "IGO"), "state"),
}
# Endings of English abstract nouns (general usage): "accusation", "involvement",
# "readiness", ... A head noun that ends so names an act or an idea.
_ABSTRACT_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ism",
    "ship",
    "ure",
    "ing",
    "age",
)


def sector_kind(sector: str) -> str:
    """Armed, state or civil (``SECTOR_KINDS``; any sector not listed is civil)."""
    return SECTOR_KINDS.get(sector, "civil")


def participant_kind(part: EventActor, kinds: dict[str, str]) -> str:
    """What a participant is: its actor's type, a pronoun, words with a country, or words."""
    if part.actor and part.actor in kinds:
        return kinds[part.actor]
    if part.text.lower() in PRONOUNS:
        return "pronoun"
    if part.country:
        return "country-words"
    return "words"


def is_actor(doc: Doc, part: EventActor, objects: bool = False) -> bool:
    """Whether a participant can be an actor (a person, group, organisation or country).

    A resolved actor, a group the actors stage gave a country or sector, a
    pronoun or a named person, organisation or place; otherwise its head noun
    decides (``data/actor_nouns.tsv``, then the WordNet classes of
    ``data/noun_classes.tsv``, then, for a noun WordNet lacks, abstract-noun
    endings): "chicken sellers" and "the commission" yes; "lack", "outcome",
    "embargo" and "accusation" no. ``objects``: made things count too (the
    target of an attack or seizure: "attacked a passenger train", "bombed a
    hotel").
    """
    if part.actor or part.sector or part.country or part.text.lower() in PRONOUNS:
        return True
    span = doc.char_span(part.start, part.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = head.lemma_.lower()
    lexicon = load_event_lexicon()
    kind = lexicon.noun_kinds.get(lemma) or lexicon.noun_classes.get(lemma)
    if kind is not None:
        return kind == "actor" or (objects and kind == "object")
    return not lemma.endswith(_ABSTRACT_ENDINGS)


@dataclass
class Option:
    """One answer for a role: some participants (none: nobody) and the word that heads them."""

    parts: list[EventActor]
    head: Token | None
    rule: bool


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    """The head word of the characters ``start:end``, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _head_of(doc: Doc, part: EventActor) -> Token | None:
    return token_at(doc, part.start, part.end)


def sentence_parties(
    doc: Doc, sent: Span, resolver: MentionResolver
) -> list[tuple[Token, EventActor, bool]]:
    """Every word of the sentence that names something that can be an actor or
    a made thing, resolved, with whether it is a thing (cached)."""
    key = ("eventwire.roles", sent.start)
    found = doc.user_data.get(key)
    if found is not None:
        return found
    found = []
    for tok in sent:
        if tok.pos_ not in PARTY_POS:
            continue
        span = resolver.mention_of.get(tok.i)
        if span is not None and span.root.i != tok.i:
            continue  # one option per name: its head word
        if tok.dep_ == "compound":
            continue  # "government officials": the officials
        if _where(tok):
            continue
        part = resolver.resolve_one(tok)
        if part is None or not is_actor(doc, part, objects=True):
            continue
        found.append((tok, part, not is_actor(doc, part)))
    doc.user_data[key] = found
    return found


def _where(tok: Token) -> bool:
    """A place named as where something happens ("attacked in Kenya", "talks
    held in Doha"): no party."""
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ in LOCATIVE
        and tok.ent_type_ in ("GPE", "LOC", "FAC")
    )


def _same(a: EventActor, b: EventActor) -> bool:
    return (bool(a.actor) and a.actor == b.actor) or (a.start, a.end) == (b.start, b.end)


def role_options(doc: Doc, event: Event, role: str, resolver: MentionResolver) -> list[Option]:
    """The rules' answer for ``role`` first, then each other party of the sentence."""
    chosen = event.actors if role == "source" else event.recipients
    options = [Option(list(chosen), _head_of(doc, chosen[0]) if chosen else None, True)]
    tok = _trigger(doc, event)
    if tok is None:
        return options
    things = role == "target" and event.type in PHYSICAL_TYPES  # "seized a vessel"
    for head, part, thing in sentence_parties(doc, sentence_of(tok), resolver):
        if head.i == tok.i or any(_same(part, c) for c in chosen) or (thing and not things):
            continue
        if role == "target" and _fronted(head, tok):
            continue
        options.append(Option([part], head, False))
    return options


def _fronted(head: Token, tok: Token) -> bool:
    """A phrase put before the trigger's subject ("On Al Jazeera on Tuesday,
    the minister called for elections"): where or when it was said, no
    recipient."""
    prep = head.head
    if head.dep_ != "pobj" or prep.head.i != tok.i:
        return False
    subjects = [c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and prep.i < min(subjects)


def _trigger(doc: Doc, event: Event) -> Token | None:
    return token_at(doc, event.trigger_start, event.trigger_end)


class Path(NamedTuple):
    up: list[str]  # relations from the trigger up to the lowest common ancestor
    down: list[str]  # then down to the party, a preposition's object named by it
    through: set[int]  # the words between (token indices)


def _parse_of(doc: Doc) -> tuple[list[int], list[str], list[str]]:
    """Each word's head index, relation and lower-case form, read once per
    document (``dependency_path`` walks them for every option)."""
    key = ("eventwire.roles", "parse")
    found = doc.user_data.get(key)
    if found is None:
        # read from the document's arrays: making a Token per word costs more
        # than the walks themselves (HEAD is an offset, stored unsigned)
        rows = doc.to_array([HEAD, DEP, LOWER])
        strings = doc.vocab.strings
        found = doc.user_data[key] = (
            (np.arange(len(doc)) + rows[:, 0].astype(np.int64)).tolist(),
            [strings[h] for h in rows[:, 1].tolist()],
            [strings[h] for h in rows[:, 2].tolist()],
        )
    return found


def dependency_path(tok: Token, head: Token) -> Path | None:
    """The path through the parse from trigger ``tok`` to party ``head``; None
    for words of different trees."""
    heads, deps, lowers = _parse_of(tok.doc)
    node = tok.i
    ancestors = {node}
    while heads[node] != node:
        node = heads[node]
        ancestors.add(node)
    down: list[str] = []
    through: set[int] = set()
    node = head.i
    while node not in ancestors:
        prep = heads[node]
        if prep == node:
            return None
        if deps[node] == "pobj" and deps[prep] in ("prep", "agent") and prep not in ancestors:
            down.append(lowers[prep])
            node = heads[prep]
        else:
            down.append(deps[node])
            node = prep
        through.add(node)
    up: list[str] = []
    lca, node = node, tok.i
    while node != lca:
        up.append(deps[node])
        node = heads[node]
        through.add(node)
    through.discard(tok.i)
    through.discard(head.i)
    return Path(up, down[::-1], through)


def is_passive(tok: Token) -> bool:
    """A verb in the passive voice (it has a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def reads_passive(tok: Token) -> bool:
    """A trigger in the passive voice, or a participle modifying its sufferer
    ("the *detained* journalist")."""
    return is_passive(tok) or (tok.dep_ == "amod" and tok.tag_ == "VBN")


def _beside(head: Token | None, tok: Token | None) -> bool:
    """Whether an option's head word is in the sentence of the trigger ``tok``."""
    if tok is None or head is None:
        return False
    return sentence_of(head).start == sentence_of(tok).start


def option_features(
    doc: Doc,
    event: Event,
    role: str,
    option: Option,
    tok: Token | None,
    other: list[EventActor],
    kinds: dict[str, str],
    triggers: frozenset[int] = frozenset(),
    *,
    passive: bool,
) -> dict[str, float]:
    """Named features of one option for one role of a candidate (``tok``:
    its trigger word; ``other``: the rules' participants of the other role;
    ``triggers``: the token indices of every candidate's trigger in the
    document; ``passive``: whether the trigger reads as passive,
    ``reads_passive``, worked out once per candidate)."""
    r = role
    f: dict[str, float] = {f"{r}|bias": 1.0}
    if option.rule:
        f[f"{r}|rule"] = 1.0
        f[f"{r}|rule|type={event.type}"] = 1.0
    if not option.parts:
        f[f"{r}|nobody"] = 1.0
        f[f"{r}|nobody|type={event.type}"] = 1.0
        return f
    part = option.parts[0]
    if any(_same(part, o) for o in other):
        f[f"{r}|other_role"] = 1.0
    kind = participant_kind(part, kinds)
    f[f"{r}|kind={kind}"] = 1.0
    if part.sector:
        f[f"{r}|sector_kind={sector_kind(part.sector)}|type={event.type}"] = 1.0
    if part.inferred:
        f[f"{r}|inferred"] = 1.0
    if len(option.parts) > 1:
        f[f"{r}|several"] = 1.0
    if event.claimed_by is not None and _same(part, event.claimed_by):
        f[f"{r}|claimer"] = 1.0
    if part.actor:
        seen = _mention_counts(doc).get(part.actor, 0)
        f[f"{r}|salience={0 if seen <= 1 else 1 if seen <= 3 else 2}"] = 1.0
    head = option.head
    if not _beside(head, tok):
        f[f"{r}|outside"] = 1.0
        return f
    found = dependency_path(tok, head)
    up, down, through = found if found is not None else ([], ["far"], set())
    if len(up) + len(down) > MAX_PATH:
        path = "long"
    else:
        path = "^" + "^".join(up) + "|v" + "v".join(down)
    last = down[-1] if down else ("self" if not up else "above")
    lemma = (event.trigger_lemma or event.trigger).lower()
    f[f"{r}|path={path}"] = 1.0
    if through & triggers:
        # "Police arrested the blogger after Norway condemned the raid":
        # Norway is the condemnation's party, not the arrest's
        f[f"{r}|via_trigger"] = 1.0
        f[f"{r}|via_trigger|last={last}"] = 1.0
    f[f"{r}|path={path}|lemma={lemma}"] = 1.0
    if kind in ("words", "country-words", "pronoun"):
        f[f"{r}|head={head.lower_}"] = 1.0
    f[f"{r}|path={path}|passive={passive}"] = 1.0
    f[f"{r}|path={path}|pos={tok.pos_}"] = 1.0
    f[f"{r}|last={last}"] = 1.0
    f[f"{r}|last={last}|up={min(len(up), 3)}"] = 1.0
    f[f"{r}|last={last}|type={event.type}"] = 1.0
    f[f"{r}|last={last}|lemma={lemma}"] = 1.0
    f[f"{r}|last={last}|passive={passive}"] = 1.0
    f[f"{r}|side={'before' if head.i < tok.i else 'after'}"] = 1.0
    distance = abs(head.i - tok.i)
    bucket = 0 if distance <= 2 else 1 if distance <= 5 else 2 if distance <= 10 else 3
    f[f"{r}|distance={bucket}"] = 1.0
    f[f"{r}|side={'before' if head.i < tok.i else 'after'}|distance={bucket}"] = 1.0
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT":
        f[f"{r}|main_subject"] = 1.0
    return f


def _mention_counts(doc: Doc) -> dict[str, int]:
    key = ("eventwire.roles", "counts")
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = {a.key: len(a.mentions) for a in doc._.actors or []}
    return found


def trigger_tokens(doc: Doc, events: list[Event]) -> frozenset[int]:
    """The token index of each candidate's trigger."""
    return frozenset(t.i for t in (_trigger(doc, e) for e in events) if t is not None)


def option_vectors(role: str, option: Option, tok: Token | None) -> dict[str, np.ndarray]:
    """The parser's context vectors (``doc.tensor``, the tok2vec layer's 96
    numbers) of the option's head word and of the word that governs it,
    named for the role: how the words around a party read (a doer, a
    sufferer, a topic) and what it hangs from, beyond its dependency path.
    Cross-validated on the tuning articles: +36 right events at the cut for
    the head word's, +20 more for the governor's (docs/events.md, "The role
    chooser"). Empty for nobody, a party outside the trigger's sentence, or
    a document parsed without vectors; no governor for a sentence's root."""
    head = option.head
    if not option.parts or not _beside(head, tok):
        return {}
    tensor = head.doc.tensor
    if tensor is None or len(tensor) <= head.i:
        return {}
    found = {f"{role}|context": tensor[head.i]}
    if head.head.i != head.i:
        found[f"{role}|governor"] = tensor[head.head.i]
    return found


class Described(NamedTuple):
    """An option with what the role model reads of it."""

    option: Option
    features: dict[str, float]
    vectors: dict[str, np.ndarray]


def described_options(
    doc: Doc,
    event: Event,
    role: str,
    kinds: dict[str, str],
    resolver: MentionResolver,
    triggers: frozenset[int] = frozenset(),
    rules_only: bool = False,
) -> list[Described]:
    """The options of one role (only the rules' answer, given ``rules_only``),
    each with its features and vectors."""
    other = event.recipients if role == "source" else event.actors
    tok = _trigger(doc, event)
    options = role_options(doc, event, role, resolver)
    passive = reads_passive(tok) if tok is not None else False
    return [
        Described(
            option,
            option_features(doc, event, role, option, tok, other, kinds, triggers, passive=passive),
            option_vectors(role, option, tok),
        )
        for option in (options[:1] if rules_only else options)
    ]


Scored = tuple[float, Option]  # an option with the model's probability that it is right


def _allowed(scored: list[Scored]) -> list[Scored]:
    """The options a role may take: all of them, but where the rules found
    nobody, another only when it is ``FILL_MARGIN`` likelier than nobody."""
    nobody = scored[0]
    if nobody[1].parts:
        return scored
    return [nobody] + [s for s in scored[1:] if s[0] >= nobody[0] + FILL_MARGIN]


def _best_pair(sources: list[Scored], targets: list[Scored]) -> tuple[Scored, Scored]:
    """The likeliest pair of a source and a target option (``_allowed``) that
    do not name one actor in both roles; the rules' answers when every pair
    does."""
    best = None
    for src in _allowed(sources):
        for tgt in _allowed(targets):
            if any(_same(a, b) for a in src[1].parts for b in tgt[1].parts):
                continue
            if best is None or src[0] * tgt[0] > best[0][0] * best[1][0]:
                best = (src, tgt)
    return best if best is not None else (sources[0], targets[0])


def one_sided(doc: Doc, event: Event) -> bool:
    """An ASSAULT with no actor whose recipients are all objects of a "with"
    on its trigger ("the ongoing war with Russia"): one side of a fight is
    named, not whom it is against (``rules.one_sided_fights``)."""
    if event.type != "ASSAULT" or event.actors or not event.recipients:
        return False
    tok = _trigger(doc, event)
    if tok is None:
        return False
    sides = {
        obj.i
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for obj in prep.children
        if obj.dep_ == "pobj"
    }
    heads = [_head_of(doc, p) for p in event.recipients]
    return bool(sides) and all(h is not None and h.i in sides for h in heads)


def _keeps_rules(doc: Doc, event: Event) -> bool:
    """An event whose roles the rules settle: one a request asks for ("called
    for Quispe's release": the captor releases, ``released_by_captor``, not
    the one who asks), a fight with one side named and no actor ("spoke of
    the war with Somalia": no direction, ``one_sided``; the chooser would
    give it one from anywhere in the sentence), one whose actor is the
    object of the verb that governs it ("ordered the ministry to release":
    the ministry releases), one of a receiving verb, whose roles the rules
    turn round later, and a bare noun the rules found nobody for ("the
    ministerial meeting"), whose parties are those of the event it names
    (``merge``)."""
    if event.modality == "requested" or one_sided(doc, event):
        return True
    if event.trigger_lemma in load_event_lexicon().receiving_verbs:
        # "Kenya received aid from Japan": the parse's roles, which
        # ``rules.receiver_is_recipient`` turns round once the type is settled
        return True
    tok = _trigger(doc, event)
    if tok is None:
        return False
    if tok.dep_ == "xcomp" and event.actors:
        # "The court ordered the ministry to release them": the object of the
        # verb above does the "to" clause, as the parse says
        objects = {c.i for c in tok.head.children if c.dep_ == "dobj"}
        return any((h := _head_of(doc, a)) is not None and h.i in objects for a in event.actors)
    if event.actors or event.recipients:
        return False
    return tok.pos_ in ("NOUN", "PROPN")


def choose_roles(
    doc: Doc,
    events: list[Event],
    kinds: dict[str, str],
    model: SenseModel,
    resolver: MentionResolver,
    skip: set[int] | frozenset = frozenset(),
) -> dict[int, float]:
    """Set each event's source and target to the likeliest pair of options
    that does not name one actor in both roles (``_best_pair``); the
    probability that both are right, by event id. The rules' answers stay
    where ``_keeps_rules`` says so. Events whose ids are in ``skip`` (about to be
    dropped) are left as they are, but their triggers still count."""
    right: dict[int, float] = {}
    triggers = trigger_tokens(doc, events)
    asked = [(e, _keeps_rules(doc, e)) for e in events if id(e) not in skip]
    described = [
        described_options(doc, event, role, kinds, resolver, triggers, rules_only=keep)
        for event, keep in asked
        for role in ROLES
    ]
    # every option of the document in one product
    flat = [d for options in described for d in options]
    probs = iter(model.probabilities_of([d.features for d in flat], [d.vectors for d in flat]))
    roles = iter(described)
    for event, keep in asked:
        scored = {
            role: [(next(probs).get("right", 0.0), d.option) for d in next(roles)] for role in ROLES
        }
        if keep:
            (p_src, src), (p_tgt, tgt) = scored["source"][0], scored["target"][0]
        else:
            (p_src, src), (p_tgt, tgt) = _best_pair(scored["source"], scored["target"])
        right[id(event)] = p_src * p_tgt
        event.actors, event.recipients = list(src.parts), list(tgt.parts)
    return right


def resolver_for(doc: Doc, lex: EventLexicon) -> MentionResolver:
    """One resolver per document (cached in ``doc.user_data``)."""
    key = ("eventwire.roles", "resolver")
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = MentionResolver(doc, doc._.actors, lex)
    return found
