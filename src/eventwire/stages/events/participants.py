"""Participants: who did it and to whom, for each trigger.

``Participants`` reads the roles off the dependency parse: actor = subject
or the ``by``-agent of a passive; recipient = object, the subject of a
passive, or the object of a recipient preposition. Nominal events take their
possessor or national modifier as actor; control verbs hand their object to
the governed verb, coordinated verbs share subjects. ``mentions.MentionResolver``
turns each participant word into an ``EventActor``. Writes nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.records import Actor, EventActor
from eventwire.stages.events.lexicon import (
    EventLexicon,
    Trigger,
    measured_event,
    names_agreement,
)
from eventwire.stages.events.mentions import MentionResolver
from eventwire.stages.events.roles import is_actor
from eventwire.stages.events.triggers import trigger_pos

SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
# Event types whose nouns take a topic with "on"/"about"/"over" ("talks on trade").
MUTUAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
TOPIC_PREPS = frozenset({"on", "about", "over"})
# Words after a verb that make coordinated subjects act on each other ("upgraded their ties").
RECIPROCAL_WORDS = frozenset(
    {"ties", "relations", "bilateral", "jointly", "mutual", "each other", "one another"}
)
# Verbs whose subject, not their object, does the "to" clause ("promised voters to ...").
SUBJECT_CONTROL = frozenset({"promise", "vow", "pledge", "threaten"})
# Nominal events whose party is the subject of the clause that holds them
# ("X said during a visit to Y"); not force or sanctions ("X was hurt in an attack",
# "X was hit with sanctions").
PARTY_TYPES = frozenset(
    {"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "AID", "REQUEST", "REJECT", "ACCUSE", "PROTEST"}
)


class Participants:
    """Reads the actor and recipient of each trigger off the dependency parse."""

    def __init__(
        self, doc: Doc, actors: list[Actor], triggers: dict[int, Trigger], lex: EventLexicon
    ) -> None:
        self.triggers = triggers
        self.lex = lex
        self.resolver = MentionResolver(doc, actors, lex)

    def verb_participants(self, tok: Token) -> tuple[list[EventActor], list[EventActor]]:
        """Actors and recipients of a verbal (or adjectival) trigger."""
        if trigger_pos(tok) == "ADJ":
            # "Syria is willing to ...": the subject hangs off the copula
            if tok.dep_ in ("acomp", "amod") and tok.head.i != tok.i:
                return self.verb_participants(tok.head)[0], []
            return [], []
        children = list(tok.children)
        trig = self.triggers.get(tok.i)
        # "Israel is opposed to ...", "NATO is committed to ...": an adjectival
        # passive whose subject holds the stance, not a patient.
        stative = trig is not None and trig.pos == "ADJ"
        passive = not stative and any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        # Words that are part of the trigger ("impose sanctions") are not
        # participants; their own prepositions ("sanctions on Iran") may be.
        consumed = set(trig.rest) if trig is not None else set()
        actors: list[EventActor] = []
        recipients: list[EventActor] = []
        prep_holders = [tok]
        thing_objects: list[Token] = []
        for c in children:
            if c.dep_ in SUBJECT_DEPS and not passive:
                subject_trigger = self.triggers.get(c.i)
                if subject_trigger is not None and subject_trigger.pos == "NOUN":
                    # "A U.S. airstrike killed ...": the strike's actor acts
                    actors += self.noun_participants(c, subject_trigger)[0]
                else:
                    actors += self.resolver.participant(c)
            elif c.dep_ == "nsubjpass":
                if stative:
                    actors += self.resolver.participant(c)
                else:
                    recipients += self.resolver.participant(c)
            elif c.dep_ == "agent":
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        actors += self.resolver.participant(obj)
            elif c.dep_ in OBJECT_DEPS and not passive:
                object_trigger = self.triggers.get(c.i)
                if c.lemma_.lower() in consumed or (
                    object_trigger is not None
                    and object_trigger.pos == "NOUN"
                    and trig is not None
                    and trig.frame in ("light", "control")
                ):
                    prep_holders.append(c)
                    if object_trigger is not None and trig is not None and trig.frame == "control":
                        # "demanded the removal of X": X is who the demand is about
                        nominal_actors, nominal_recipients = self.noun_participants(
                            c, object_trigger
                        )
                        recipients += nominal_recipients or nominal_actors
                else:
                    found = self.resolver.participant(c)
                    if object_trigger is not None and object_trigger.pos == "NOUN":
                        # "praised the withdrawal of U.S. troops", "condemned
                        # Russia's attack": the one who did the event named
                        doers = self.noun_participants(c, object_trigger, own_only=True)[0]
                        found = [d for d in doers if d.actor] or found
                    recipients += found
                    if not any(f.actor or f.sector or f.country for f in found):
                        # a thing: "convened a meeting with X", "banned the
                        # import of chicks from Europe", "fired tear gas and
                        # grenades at X"
                        thing_objects += [c, *c.conjuncts]
        if not recipients and not any(c.dep_ in OBJECT_DEPS for c in children):
            recipients = self.shared_object(tok)
        if not recipients:
            # "took five aid workers hostage", "holding 200 hostages": people
            # named by the trigger's own object are the ones it is done to
            for c in children:
                if (
                    c.dep_ in OBJECT_DEPS
                    and c.lemma_.lower() in consumed
                    and self.lex.noun_kinds.get(c.lemma_.lower()) == "actor"
                ):
                    recipients += self.resolver.participant(c)
        if not any(r.actor for r in recipients):
            # "returned the sculpture to the Algerian ambassador": when the
            # object is a thing, the one it goes to is the recipient.
            via_prep: list[EventActor] = []
            holders = prep_holders if recipients else prep_holders[1:] + prep_holders[:1]
            holders += thing_objects
            preps = self.lex.recipient_preps
            if trig is not None and " ".join(trig.words) in self.lex.rest_recipients:
                preps = preps | consumed  # "voted for Sanders"
            for holder in holders:
                # a fronted phrase ("On CNN, she called for ...") is no recipient
                for c in holder.rights:
                    if c.dep_ not in ("prep", "prt") or c.lower_ not in preps:
                        continue
                    for obj in c.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                            via_prep += self.resolver.participant(obj)
                    if any(v.actor for v in via_prep):
                        break
            if any(v.actor for v in via_prep):
                recipients = via_prep + recipients
            elif not recipients or (via_prep and len(thing_objects) >= len(recipients)):
                # people a thing goes to or is held with ("convened a meeting
                # with heads of companies") before the thing itself
                recipients = via_prep + recipients
        if not any(r.actor for r in recipients):
            recipients = self.clause_recipients(tok, trig) or self.cause_doers(tok) or recipients
        if not actors:
            actors = self.inherited_subject(tok)
        if (
            not recipients
            and tok.dep_ == "acl"
            and tok.tag_ == "VBN"
            and tok.head.pos_ in ("NOUN", "PROPN")
        ):
            # "soldiers backed by African Union troops": the noun undergoes it
            recipients = self.resolver.participant(tok.head)
        if not recipients and len(actors) >= 2 and self._mutual(tok, trig):
            # "India and Mauritius upgraded their ties", "Kenya and Uganda met":
            # the first party acts towards the others
            actors, recipients = actors[:1], actors[1:]
        if not any(p.actor for p in actors + recipients):
            # "No agreement was reached between Chile and Peru": the parties
            # hang off the verb or its object with "between"/"among".
            holders = [tok] + [c for c in children if c.dep_ in (*OBJECT_DEPS, "nsubjpass")]
            parties = self.between(holders)
            if parties:
                actors, recipients = parties[:1], parties[1:]
        return actors, recipients

    def shared_object(self, tok: Token) -> list[EventActor]:
        """ "killed and injured 1,000 fighters": a verb right before "and" and
        another verb shares that verb's object."""
        doc = tok.doc
        nxt = tok.i + 2
        if nxt >= len(doc) or doc[tok.i + 1].dep_ != "cc":
            return []
        other = doc[nxt]
        if other.head.i != tok.i or other.dep_ != "conj" or other.pos_ != "VERB":
            return []
        found: list[EventActor] = []
        for c in other.children:
            if c.dep_ in OBJECT_DEPS:
                found += self.resolver.participant(c)
        return found

    def clause_recipients(self, tok: Token, trig: Trigger | None) -> list[EventActor]:
        """Actor recipients a verb names in a clause of its own, when it has none.

        * "pleading with the authorities to drop ...", "calling for the army to
          leave": the parse makes "with"/"for" the clause's mark and the one
          asked its subject;
        * "threatened to use force against X", "agreed to meet X": the
          complement's object or recipient preposition names the recipient;
        * an accusation's reported clause: "alleges the group has not kept its
          word" accuses the group (its subject).
        Only actors and groups the actors stage coded (a sector or a country)
        count: a thing in those places is no recipient.
        """
        found: list[EventActor] = []
        for c in tok.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in self.lex.clause_marks for m in c.children
            ):
                found += [
                    p
                    for s in c.children
                    if s.dep_ in SUBJECT_DEPS
                    for p in self.resolver.participant(s)
                ]
            elif (
                c.dep_ == "xcomp"
                and c.pos_ in ("VERB", "AUX")
                and not any(o.dep_ in ("dobj", "dative") for o in tok.children)
            ):
                # (with an object of its own, "asked X to ...", X is the one)
                for d in c.children:
                    if d.dep_ in ("dobj", "dative"):
                        found += self.resolver.participant(d)
                    elif d.dep_ == "prep" and d.lower_ in self.lex.recipient_preps:
                        for obj in d.children:
                            if obj.dep_ == "pobj":
                                found += self.resolver.participant(obj)
            elif (
                c.dep_ == "ccomp"
                and trig is not None
                and trig.type in self.lex.clause_subject_types
            ):
                found += [
                    p
                    for s in c.children
                    if s.dep_ in ("nsubj", "nsubjpass")
                    for p in self.resolver.participant(s)
                ]
        return [p for p in found if p.actor or p.sector or p.country]

    def _mutual(self, tok: Token, trig: Trigger | None) -> bool:
        """A meeting, agreement or joint work, or an act the parties do to each
        other ("upgraded their ties", "signed an agreement", "accused each other")."""
        if (trig is not None and trig.type in MUTUAL_TYPES) or names_agreement(tok, self.lex):
            return True
        after = [t.lower_ for c in tok.rights for t in c.subtree]
        pairs = {" ".join(after[i : i + 2]) for i in range(len(after) - 1)}
        return bool(RECIPROCAL_WORDS & (set(after) | pairs))

    def cause_doers(self, tok: Token) -> list[EventActor]:
        """Whoever's act a cause phrase names: "withdrew ambassadors over
        Israel's crackdown" is against Israel (``cause_prep`` rows)."""
        found = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in self.lex.cause_preps
            for obj in c.children
            if obj.dep_ == "pobj"
            for owner in obj.children
            if owner.dep_ == "poss"
            for p in self.resolver.participant(owner)
        ]
        return [p for p in found if p.actor]

    def between(self, holders: list[Token]) -> list[EventActor]:
        """The actors named by a "between X and Y" (or "among") phrase on any holder."""
        found: list[EventActor] = []
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            found += self.resolver.participant(obj)
        return [p for p in found if p.actor]

    def inherited_subject(self, tok: Token) -> list[EventActor]:
        """Subjects a verb shares with the verb that governs it."""
        head = tok.head
        if head.i == tok.i:
            return []
        if tok.dep_ == "xcomp":
            raised = self.passive_subject(head)
            if raised:
                # "X is expected to visit", "X was urged to resign": the
                # passive's subject does the "to" clause
                return raised
            trig = self.triggers.get(head.i)
            objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objects and (
                (trig is not None and trig.frame == "control")
                or head.lemma_.lower() not in SUBJECT_CONTROL
            ):
                # "ordered the schools to allow ...": the object does it (but
                # "promised voters to cut taxes": the subject does, and so
                # it does where the object is a thing: "spent millions to help X")
                found = self.resolver.participant(objects[0])
                if any(is_actor(tok.doc, f) for f in found):
                    return found
            for c in head.children:
                if c.dep_ in ("prep", "prt") and trig is not None and c.lower_ in trig.rest:
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return self.resolver.participant(obj)
            return self.verb_participants(head)[0]
        if tok.dep_ == "conj":
            return self.verb_participants(head)[0]
        if tok.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            if tok.tag_ == "VBN":  # "a man arrested by police": the noun is acted upon
                return []
            if (
                tok.dep_ == "acl"
                and head.dep_ in ("dobj", "pobj")
                and head.i not in self.resolver.mention_of
                and head.head.pos_ in ("VERB", "AUX")
            ):
                # "The PKK issued a declaration demanding ...": the issuer demands
                return self.verb_participants(head.head)[0]
            return self.resolver.participant(head)
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > 0:
            # "signs pointed to Obama endorsing Clinton": a gerund right after
            # the verb's object (no comma between) has that object as subject
            before = tok.doc[tok.i - 1]
            if before.dep_ in ("pobj", "dobj") and before.i in self.resolver.mention_of:
                return self.resolver.participant(before)
        if tok.dep_ == "advcl" and (
            tok.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        ):
            # "..., calling for X", "visited Europe to lobby the EU": the
            # subject of the main clause does it
            return self.verb_participants(head)[0]
        if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and head.lower_ in ("with", "without"):
            # "with the governor calling for calm": the noun "with" takes does it
            named = [c for c in head.children if c.dep_ == "pobj" and c.i < tok.i]
            if named:
                return self.resolver.participant(named[0])
        if (
            tok.dep_ == "pcomp"
            and tok.tag_ == "VBG"
            and head.dep_ == "prep"
            and head.head.pos_ in ("VERB", "AUX")
        ):
            # "wants to act after accusing X", "by signing the deal"; but
            # "accused X of plotting", "blamed X for ...": X does it
            verb = head.head
            objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
            if objects and head.i > objects[0].i and head.lower_ in ("of", "for", "with", "from"):
                return self.resolver.participant(objects[0])
            return self.verb_participants(verb)[0]
        return []

    def noun_participants(
        self, tok: Token, trig: Trigger, own_only: bool = False
    ) -> tuple[list[EventActor], list[EventActor]]:
        """Actors and recipients of a nominal trigger ("Russia's invasion of Ukraine").

        ``own_only``: only those the noun's own words name, not a light verb's.
        """
        actors: list[EventActor] = []
        recipients: list[EventActor] = self.under_subject(tok)
        undergone = bool(recipients)
        received = self.received_noun(tok, trig)
        of_is_actor = trig.type in self.lex.of_actor or received
        for c in tok.children:
            if c.dep_ == "poss":
                # "Lai's arrest", "the journalist's release": with no "of"
                # object, the possessor of such a noun undergoes the event
                undergoes = self.lex.nominal_role.get(f"{tok.lemma_.lower()}:'s") == "recipient"
                if undergoes and not any(
                    p.dep_ == "prep" and p.lower_ == "of" for p in tok.children
                ):
                    recipients += self.resolver.participant(c)
                else:
                    actors += self.resolver.participant(c)
            elif c.dep_ in ("compound", "amod", "nmod") and c.i in self.resolver.mention_of:
                actors += self.resolver.participant(c)
            elif c.dep_ == "acl" and c.tag_ == "VBN":
                # "sanctions imposed on Russia by the EU": the participle's phrases
                actors += self.phrase_objects(c, ("by",))
                recipients += self.phrase_objects(c, ("on", "against", "to"))
            elif c.dep_ == "prep":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                # "withdrawal of U.S. troops from Afghanistan", "a loan from the IMF"
                role = self.lex.nominal_role.get(f"{tok.lemma_.lower()}:{c.lower_}")
                if c.lower_ in ("between", "among") and role is None:
                    # "talks between Kenya and Ethiopia": the first party and the others
                    parties = [p for obj in objs for p in self.resolver.participant(obj)]
                    actors += parties[:1]
                    recipients += parties[1:]
                    continue
                if c.lower_ in TOPIC_PREPS and trig.type in MUTUAL_TYPES:
                    # "talks on the border dispute": the topic, unless a party
                    recipients += [
                        p for obj in objs for p in self.resolver.participant(obj) if p.actor
                    ]
                    continue
                for obj in objs:
                    if obj.ent_type_ in ("DATE", "TIME"):
                        continue
                    if role == "actor":
                        actors += self.resolver.participant(obj)
                    elif role == "recipient":
                        recipients += self.resolver.participant(obj)
                    elif c.lower_ in ("by", "from") or (c.lower_ == "of" and of_is_actor):
                        # "criticism from legal experts", "pressure from Washington"
                        actors += self.resolver.participant(obj)
                    elif c.lower_ in ("of", "against", "on", "with", "to", "into", "for"):
                        recipients += self.resolver.participant(obj)
        # what the verb takes: the noun, or the measure holding it ("held two rounds of talks")
        held = tok
        if tok.dep_ == "pobj" and measured_event(tok.head.head, self.lex) == tok:
            held = tok.head.head
        head_trigger = self.triggers.get(held.head.i)
        if (
            not own_only
            and held.dep_ in ("dobj", "attr", "nsubjpass")
            and held.head.pos_ in ("VERB", "AUX")
            and (head_trigger is None or head_trigger.frame == "light")
        ):
            # light verbs: "X launched an attack", "X lodged a protest with Y"
            head_actors, head_recipients = self.verb_participants(held.head)
            if received:
                # "the plan faces criticism from X", "drew condemnation from X",
                # "X had the backing of Y": the subject undergoes the event, and
                # a "from"/"by" phrase the parser hangs on the verb names the doer
                givers = self.phrase_objects(held.head, ("from", "by"))
                return actors or givers, recipients or head_actors
            actors = actors or head_actors
            recipients = recipients or [
                r for r in head_recipients if not (r.start <= held.idx < r.end)
            ]
        if not own_only and not actors and not undergone and trig.type in PARTY_TYPES:
            actors = [
                a
                for a in self.governing_subject(tok)
                if not any(a.actor == r.actor for r in recipients)
            ]
        return actors, recipients

    def phrase_objects(self, holder: Token, preps: tuple[str, ...]) -> list[EventActor]:
        """The participants named by the objects of the holder's phrases with
        one of ``preps`` (a passive's "by" agent among them)."""
        return [
            a
            for p in holder.children
            if p.dep_ in ("prep", "agent") and p.lower_ in preps
            for o in p.children
            if o.dep_ == "pobj"
            for a in self.resolver.participant(o)
        ]

    def received_noun(self, tok: Token, trig: Trigger) -> bool:
        """An event noun its verb's subject receives: "faces criticism from X",
        "had the backing of X" (not "had talks with X": a meeting is shared)."""
        if tok.dep_ != "dobj":
            return False
        verb = tok.head.lemma_.lower()
        return verb in self.lex.receiving_verbs or (
            verb in self.lex.gaining_verbs and trig.type not in MUTUAL_TYPES
        )

    def under_subject(self, tok: Token) -> list[EventActor]:
        """The one who undergoes a nominal event it is "under": "the convoy came
        under attack", "the foundation is under investigation for corruption",
        "is under pressure from X" (the subject, never the doer)."""
        prep = tok.head
        if not (
            tok.dep_ == "pobj"
            and prep.lower_ == "under"
            and prep.head.lemma_.lower() in ("come", "be", "remain")
        ):
            return []
        return [
            p
            for s in prep.head.children
            if s.dep_ in ("nsubj", "nsubjpass")
            for p in self.resolver.participant(s)
        ]

    def governing_subject(self, tok: Token) -> list[EventActor]:
        """The subject of the clause a nominal event sits in, as its party.

        "X said during a visit to Y", "Following talks with Y, X agreed",
        "X said (that) negotiations with Y were going well": the one whose
        clause holds the meeting or the support, and who names no other
        party, takes part in it.
        """
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
        elif (
            tok.dep_ == "nsubj"
            and head.pos_ in ("VERB", "AUX")
            and head.dep_ == "ccomp"
            and getattr(self.triggers.get(head.head.i), "frame", None) == "report"
        ):
            verb = head.head
        else:
            return []
        found = self.verb_participants(verb)[0]
        if not found and any(c.dep_ == "xcomp" for c in verb.children):
            # "X is expected to visit Y after meeting with Z": the raised subject
            found = self.passive_subject(verb)
        return [a for a in found if a.actor]

    def passive_subject(self, verb: Token) -> list[EventActor]:
        """The participant the subject of a passive verb names ("X was urged")."""
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return self.resolver.participant(subject) if subject is not None else []
