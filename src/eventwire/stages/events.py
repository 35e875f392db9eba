"""Events: who did what to whom, when and where, in the PLOVER ontology.

Reads a parsed ``Doc`` after the actors, times and places stages (it uses
``doc.spans["mentions"]`` and the ``TimeExpr`` / ``Place`` records) and the
data files ``event_triggers.tsv`` (trigger lexicon), ``event_rules.tsv``
(quad classes, modes, prepositions), ``modality.tsv`` (modality cues) and
``context_keywords.tsv``. Returns ``Event`` records.

The coder works clause by clause over the dependency parse:

1. find triggers: verbs and nouns in the lexicon, with the words that must
   hang off them ("call on", "hold talks", "impose sanctions", "air strike");
2. read the frame of each trigger: a plain event, a control verb ("urged NATO
   to invite": REQUEST, the embedded event gives its mode), a transparent
   verb ("plans to visit": the embedded event is coded) or a reporting verb
   ("said that ...": the embedded event is coded and the speaker kept as its
   source of claim);
3. find the actor and recipient of each event (subject/object, passive agent,
   prepositional objects, possessors of nominal events, inherited subjects
   of control and coordinated verbs), and resolve them to actors;
4. set modality (negated, hypothetical, scheduled, requested, reported,
   historical, else asserted) with its cue; attach dates and places that
   hang off the trigger; read sizes ("tens of thousands of troops");
5. merge mentions of the same event within the article into one event with
   several evidence spans.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import read_tsv
from eventwire.nlp import sentence_of
from eventwire.nlp.gazetteer import load_gazetteer
from eventwire.records import Actor, Event, EventActor, Place, TimeExpr
from eventwire.stages.actors import load_actor_lexicon

PRONOUNS_PERSON = {"he", "him", "his", "she", "her"}
PRONOUNS_OTHER = {"it", "its", "they", "them", "their"}
SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
MODALITY_ORDER = [
    "negated",
    "hypothetical",
    "requested",
    "scheduled",
    "reported",
    "historical",
    "asserted",
]


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    context: str | None
    frame: str

    @property
    def head(self) -> str:
        return self.words[0] if self.pos == "VERB" else self.words[-1]

    @property
    def rest(self) -> tuple[str, ...]:
        return self.words[1:] if self.pos == "VERB" else self.words[:-1]


class EventLexicon:
    """Trigger lexicon and coder tables, loaded once per process."""

    def __init__(self) -> None:
        self.triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for row in read_tsv("event_triggers.tsv"):
            trig = Trigger(
                tuple(row["trigger"].lower().split()),
                row["pos"],
                row["type"],
                row["mode"] or None,
                row["context"] or None,
                row["frame"] or "event",
            )
            self.triggers[(trig.head, trig.pos)].append(trig)
        for entries in self.triggers.values():
            entries.sort(key=lambda t: -len(t.words))
        tables: dict[str, dict[str, str]] = defaultdict(dict)
        for row in read_tsv("event_rules.tsv"):
            tables[row["table"]][row["key"]] = row["value"]
        self.quad = {k: int(v) for k, v in tables["quad"].items()}
        self.embedded_mode = tables["embedded_mode"]
        self.threat_mode = tables["threat_mode"]
        self.of_actor = set(tables["of_actor"])
        self.recipient_preps = set(tables["recipient_prep"])
        self.place_preps = set(tables["place_prep"])
        self.shift_future = tables["shift_future"]
        self.shift_negated = tables["shift_negated"]
        self.official_protest = tables["official_protest"]
        self.embedded_type = tables["embedded_type"]
        self.request_aux = set(tables["request_aux"])
        self.future_aux = set(tables["future_aux"])
        self.future_governors = set(tables["future_governor"])
        self.negating_governors = set(tables["negating_governor"])
        self.context_type = tables["context_type"]
        self.governor_type = tables["governor_type"]
        self.partitives = set(tables["partitive"])
        self.quantity_heads = {k: int(v) for k, v in tables["quantity_head"].items()}
        self.modality: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in read_tsv("modality.tsv"):
            self.modality[row["cue"].lower()].append((row["modality"], row["where"]))
        self.contexts = {row["keyword"]: row["context"] for row in read_tsv("context_keywords.tsv")}

    def match(self, tok: Token) -> Trigger | None:
        """The best lexicon entry for ``tok``, considering its dependents."""
        pos = _pos(tok)
        if pos is None:
            return None
        candidates = self.triggers.get((tok.lemma_.lower(), pos)) or self.triggers.get(
            (tok.lower_, pos)
        )
        if pos == "VERB" and tok.tag_ == "VBN" and (tok.lower_, "ADJ") in self.triggers:
            # "is opposed to", "is committed to": the adjective reading
            candidates = self.triggers[(tok.lower_, "ADJ")]
        if not candidates:
            return None
        nearby = _nearby_lemmas(tok)
        matched = [t for t in candidates if all(w in nearby for w in t.rest)]
        if not matched:
            return None
        deps = {c.dep_ for c in tok.children}
        if deps & {"xcomp", "ccomp"}:
            # A complement-taking reading wins over a longer plain one:
            # "agreed on Saturday to provide aid" is AGREE to provide.
            framed = [t for t in matched if t.frame in ("control", "transparent", "report")]
            if framed:
                matched = framed
        longest = len(matched[0].words)
        best = [t for t in matched if len(t.words) == longest]
        if len(best) == 1:
            return best[0]
        if "xcomp" in deps:
            prefer = ("control", "transparent", "light", "event", "report", "none")
        elif "ccomp" in deps:
            prefer = ("report", "control", "event", "light", "transparent", "none")
        else:
            prefer = ("none", "event", "light", "control", "report", "transparent")
        return min(best, key=lambda t: prefer.index(t.frame))


@functools.lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    return EventLexicon()


def _pos(tok: Token) -> str | None:
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if tok.pos_ == "ADJ":
        return "ADJ"
    return None


def _nearby_lemmas(tok: Token) -> set[str]:
    """Lemmas of the words a multiword trigger may use: dependents, their
    objects, and compound modifiers ("air strike", "take into custody")."""
    found = set()
    for child in tok.children:
        if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "agreed on Wednesday" is not "agree on"
        found.add(child.lemma_.lower())
        found.add(child.lower_)
        if child.dep_ in ("prep", "dobj", "prt", "acomp", "advmod", "compound", "amod"):
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "compound", "dobj", "amod"):
                    found.add(grandchild.lemma_.lower())
                    found.add(grandchild.lower_)
    return found


# -- the per-document coder ---------------------------------------------------


@dataclass
class _Draft:
    tok: Token
    trigger: Trigger
    type: str
    mode: str | None
    actors: list[EventActor]
    recipients: list[EventActor]
    modality: str = "asserted"
    modality_cue: str | None = None
    claimed_by: EventActor | None = None
    embedded_under: _Draft | None = None
    future_cue: str | None = None  # a governing "plans to", "prepared to"
    negated_by: str | None = None  # a governing "failed to"
    under_report: bool = False  # inside what someone "said"


class _Coder:
    def __init__(
        self,
        doc: Doc,
        actors: list[Actor],
        times: list[TimeExpr],
        places: list[Place],
        published: str | None,
    ) -> None:
        self.doc = doc
        self.lex = load_event_lexicon()
        self.gaz = load_gazetteer()
        self.actors = {a.key: a for a in actors}
        self.mention_of: dict[int, Span] = {}
        for span in doc.spans["mentions"] if "mentions" in doc.spans else []:
            for i in range(span.start, span.end):
                self.mention_of[i] = span
        self.mentions = sorted(self.mention_of.values(), key=lambda s: s.start)
        self.times = [(t, doc.char_span(t.start, t.end, alignment_mode="expand")) for t in times]
        self.places = [(p, doc.char_span(p.start, p.end, alignment_mode="expand")) for p in places]
        self.published = published
        self.triggers: dict[int, Trigger] = {}
        self.absorbed: dict[int, _Draft] = {}  # nominal trigger -> event it is part of
        self.anaphoric: set[int] = set()
        self.governors: dict[
            tuple[int, int], Token | None
        ] = {}  # phrase -> its trigger  # ids of "the summit" events that need an antecedent

    @staticmethod
    def sentence(tok: Token) -> Span:
        return sentence_of(tok)

    # -- participants ------------------------------------------------------
    def participant(self, tok: Token) -> list[EventActor]:
        """Resolve a participant head word (and its conjuncts) to actors."""
        result: list[EventActor] = []
        conjuncts = [
            c for c in tok.conjuncts if c.i in self.mention_of or c.lower_ in PRONOUNS_OTHER
        ]
        for t in [tok, *conjuncts]:
            ea = self.resolve_one(t)
            if ea is not None and not any(
                (ea.actor and ea.actor == r.actor) or (ea.start, ea.end) == (r.start, r.end)
                for r in result
            ):
                result.append(ea)
        result += self.coordinated_modifiers(tok, result)
        return result

    def coordinated_modifiers(self, tok: Token, found: list[EventActor]) -> list[EventActor]:
        """ "Hungarian and Romanian officials": one participant per country."""
        extra: list[EventActor] = []
        sector = found[0].sector if found else None
        for mod in tok.lefts:
            if mod.dep_ not in ("amod", "compound", "nmod"):
                continue
            for conj in mod.conjuncts:
                country = self.gaz.country_by_demonym(conj.text) or self.gaz.country_by_name(
                    conj.text
                )
                if country is None or any(f.country == country.iso3 for f in found + extra):
                    continue
                extra.append(
                    EventActor(
                        conj.text,
                        conj.idx,
                        conj.idx + len(conj.text),
                        name=f"{conj.text} {tok.text}",
                        country=country.iso3,
                        sector=sector,
                    )
                )
        return extra

    def resolve_one(self, tok: Token) -> EventActor | None:
        if _in_dateline(tok, self.sentence(tok)):
            return None
        if (
            tok.lower_ in self.lex.quantity_heads
            or tok.lower_ in self.lex.partitives
            or (tok.pos_ == "NUM")
        ):
            # "dozens of protesters", "3,000 of its troops": the people counted
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return self.resolve_one(obj)
        span = self.mention_of.get(tok.i)
        if span is None:
            for child in tok.lefts:
                if (
                    child.dep_ in ("compound", "amod", "poss", "nmod")
                    and child.i in self.mention_of
                ):
                    span = self.mention_of[child.i]
                    break
                if child.dep_ == "poss" and child.lower_ in PRONOUNS_PERSON | PRONOUNS_OTHER:
                    antecedent = self.antecedent(child)
                    if antecedent is not None:
                        return self.event_actor(antecedent, text_span=self.doc[child.i : tok.i + 1])
        if span is None:
            for child in tok.children:
                if child.dep_ == "appos" and child.i in self.mention_of:
                    # "his Iranian counterpart, Mostafa Najjar": the name
                    span = self.mention_of[child.i]
                    break
        if span is None:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    for obj in child.children:
                        if obj.i in self.mention_of:
                            span = self.mention_of[obj.i]
                            break
        if span is None and tok.lower_ in PRONOUNS_PERSON | PRONOUNS_OTHER:
            span = self.antecedent(tok)
            if span is not None:
                return self.event_actor(span, text_span=self.doc[tok.i : tok.i + 1])
        if span is not None:
            return self.event_actor(span)
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            return None
        left = min((c.i for c in tok.lefts if c.dep_ in ("compound", "amod")), default=tok.i)
        words = self.doc[left : tok.i + 1]
        # Unresolved participants keep their words; a group noun gives a
        # sector ("diplomats" -> GOV).
        sector = load_actor_lexicon().group_heads.get(tok.lower_)
        return EventActor(
            words.text, words.start_char, words.end_char, name=words.text, sector=sector
        )

    def event_actor(self, span: Span, text_span: Span | None = None) -> EventActor:
        shown = text_span if text_span is not None else span
        actor = self.actors.get(span.kb_id_)
        return EventActor(
            shown.text,
            shown.start_char,
            shown.end_char,
            actor=span.kb_id_ or None,
            name=actor.name if actor else span.text,
            country=actor.country if actor else None,
            sector=actor.sector if actor else None,
        )

    def antecedent(self, tok: Token) -> Span | None:
        person = tok.lower_ in PRONOUNS_PERSON
        for span in reversed(self.mentions):
            if span.start >= tok.i:
                continue
            if (span.label_ == "PERSON") == person:
                return span
        return None

    def verb_participants(self, tok: Token) -> tuple[list[EventActor], list[EventActor]]:
        if _pos(tok) == "ADJ":
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
        for c in children:
            if c.dep_ in SUBJECT_DEPS and not passive:
                subject_trigger = self.triggers.get(c.i)
                if subject_trigger is not None and subject_trigger.pos == "NOUN":
                    # "A U.S. airstrike killed ...": the strike's actor acts
                    actors += self.noun_participants(c, subject_trigger)[0]
                else:
                    actors += self.participant(c)
            elif c.dep_ == "nsubjpass":
                if stative:
                    actors += self.participant(c)
                else:
                    recipients += self.participant(c)
            elif c.dep_ == "agent":
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        actors += self.participant(obj)
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
                    recipients += self.participant(c)
        if not any(r.actor for r in recipients):
            # "returned the sculpture to the Algerian ambassador": when the
            # object is a thing, the one it goes to is the recipient.
            via_prep: list[EventActor] = []
            holders = prep_holders if recipients else prep_holders[1:] + prep_holders[:1]
            for holder in holders:
                for c in holder.children:
                    if c.dep_ not in ("prep", "prt") or c.lower_ not in self.lex.recipient_preps:
                        continue
                    for obj in c.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                            via_prep += self.participant(obj)
                    if any(v.actor for v in via_prep):
                        break
            if any(v.actor for v in via_prep):
                recipients = via_prep + recipients
            elif not recipients:
                recipients = via_prep
        if not actors:
            actors = self.inherited_subject(tok)
        return actors, recipients

    def inherited_subject(self, tok: Token) -> list[EventActor]:
        """Subjects a verb shares with the verb that governs it."""
        head = tok.head
        if head.i == tok.i:
            return []
        if tok.dep_ == "xcomp":
            trig = self.triggers.get(head.i)
            objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objects and trig is not None and trig.frame == "control":
                return self.participant(objects[0])
            for c in head.children:
                if c.dep_ in ("prep", "prt") and trig is not None and c.lower_ in trig.rest:
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return self.participant(obj)
            return self.verb_participants(head)[0]
        if tok.dep_ == "conj":
            return self.verb_participants(head)[0]
        if tok.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            if tok.tag_ == "VBN":  # "a man arrested by police": the noun is acted upon
                return []
            if (
                tok.dep_ == "acl"
                and head.dep_ in ("dobj", "pobj")
                and head.i not in self.mention_of
                and head.head.pos_ in ("VERB", "AUX")
            ):
                # "The PKK issued a declaration demanding ...": the issuer demands
                return self.verb_participants(head.head)[0]
            return self.participant(head)
        if tok.dep_ == "advcl" and tok.tag_ == "VBG":
            return self.verb_participants(head)[0]
        return []

    def noun_participants(
        self, tok: Token, trig: Trigger
    ) -> tuple[list[EventActor], list[EventActor]]:
        actors: list[EventActor] = []
        recipients: list[EventActor] = []
        of_is_actor = trig.type in self.lex.of_actor
        for c in tok.children:
            if c.dep_ == "poss":
                actors += self.participant(c)
            elif c.dep_ in ("compound", "amod", "nmod") and c.i in self.mention_of:
                actors += self.participant(c)
            elif c.dep_ == "prep":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                for obj in objs:
                    if obj.ent_type_ in ("DATE", "TIME"):
                        continue
                    if c.lower_ == "by" or (c.lower_ in ("of", "between", "among") and of_is_actor):
                        actors += self.participant(obj)
                    elif c.lower_ in ("of", "against", "on", "with", "to", "into", "for"):
                        recipients += self.participant(obj)
        head_trigger = self.triggers.get(tok.head.i)
        if (
            tok.dep_ in ("dobj", "attr", "nsubjpass")
            and tok.head.pos_ in ("VERB", "AUX")
            and (head_trigger is None or head_trigger.frame == "light")
        ):
            # light verbs: "X launched an attack", "X lodged a protest with Y"
            head_actors, head_recipients = self.verb_participants(tok.head)
            actors = actors or head_actors
            recipients = recipients or [
                r for r in head_recipients if not (r.start <= tok.idx < r.end)
            ]
        return actors, recipients

    # -- modality ------------------------------------------------------------
    def modality(self, tok: Token, draft: _Draft) -> tuple[str, str | None]:
        found: list[tuple[str, str]] = []
        # "No agreement has been reached": the cue sits on a word of the trigger.
        for c in tok.children:
            if c.lemma_.lower() in draft.trigger.rest:
                for g in c.children:
                    if g.dep_ == "det" and g.lower_ == "no":
                        found.append(("negated", g.text))
        chain = [tok]
        t = tok
        # Cues on the trigger and on verbs that govern it within the clause
        # ("could potentially halt", "did not agree to meet").
        while (
            t.dep_ in ("xcomp", "conj", "acl", "pobj", "prep", "dobj", "nsubjpass")
            and t.head.i != t.i
        ):
            t = t.head
            chain.append(t)
        for t in chain:
            for c in t.children:
                for modality, where in self.lex.modality.get(c.lower_, []):
                    if where == "any" or where == c.dep_ or (where == "acl" and c.dep_ == "acl"):
                        found.append((modality, c.text))
                    elif where == "aux" and c.dep_ in ("aux", "auxpass"):
                        found.append((modality, c.text))
                    elif where == "det" and c.dep_ == "det":
                        found.append((modality, c.text))
                    elif where == "mark" and c.dep_ == "mark":
                        found.append((modality, c.text))
                    elif where == "amod" and c.dep_ in ("amod", "compound"):
                        found.append((modality, c.text))
                    elif where == "advmod" and c.dep_ == "advmod":
                        found.append((modality, c.text))
                if c.dep_ == "acl" and c.lemma_.lower() in ("schedule", "plan", "set"):
                    found.append(("scheduled", c.text))
            if t.i != tok.i:
                for modality, where in self.lex.modality.get(t.lemma_.lower(), []):
                    if where == "head":
                        found.append((modality, t.text))
        if _has_no_subject(tok):
            found.append(("negated", "no"))
        # "no formal invitation ... has been set": negation on the verb whose subject we are
        if tok.dep_ in ("nsubj", "nsubjpass"):
            for c in tok.head.children:
                if c.dep_ == "neg":
                    found.append(("negated", c.text))
        # A conditional clause anywhere above: "if Russia attacks, ..."
        for anc in tok.ancestors:
            for c in anc.children:
                if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                    found.append(("hypothetical", c.text))
        if draft.embedded_under is not None and draft.embedded_under.type == "REQUEST":
            found.append(("requested", draft.embedded_under.tok.text))
        if draft.claimed_by is not None:
            found.append(("reported", draft.claimed_by.text))
        if not found:
            return "asserted", None
        found.sort(key=lambda mc: MODALITY_ORDER.index(mc[0]))
        return found[0]

    # -- dates, places, sizes --------------------------------------------------
    def governing_trigger(self, span: Span | None) -> Token | None:
        """The event trigger a time or place phrase hangs off, if any."""
        if span is None:
            return None
        t = span.root
        steps = 0
        while t.head.i != t.i and steps < 8:
            t = t.head
            steps += 1
            trig = self.triggers.get(t.i)
            if trig is not None and trig.frame in ("event", "control"):
                return t
            if trig is not None and trig.frame == "light":
                # "held talks in Geneva on Monday": the talks are the event
                for c in t.children:
                    if c.dep_ in ("dobj", "nsubjpass") and c.i in self.triggers:
                        return c
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "xcomp", "relcl"):
                return None  # a clause boundary: "said that elections could be held next year"
        return None

    def is_governed_by(self, span: Span | None, draft: _Draft) -> bool:
        """Does a phrase hang off this event's trigger (or off a nominal
        event folded into it, "host talks ... next month")?"""
        if span is None:
            return False
        key = (span.start, span.end)
        if key not in self.governors:
            self.governors[key] = self.governing_trigger(span)
        gov = self.governors[key]
        if gov is None:
            return False
        if gov.i == draft.tok.i:
            return True
        absorbed = self.absorbed.get(gov.i)
        return absorbed is not None and absorbed.tok.i == draft.tok.i

    def attach_date(self, draft: _Draft, event: Event) -> None:
        for t, span in self.times:
            # Only calendar values date an event; "now" (PRESENT_REF) does not.
            if t.type not in ("DATE", "TIME") or not t.value or not t.value[:1].isdigit():
                continue
            if self.is_governed_by(span, draft):
                event.date = t.value
                event.date_begin = t.begin or t.value
                event.date_end = t.end_value or t.value
                event.date_text = t.text
                event.date_source = "text"
                return
        if self.published:
            event.date = self.published[:10]
            event.date_begin = event.date_end = event.date
            event.date_source = "article"

    def is_locative(self, span: Span) -> bool:
        """A place phrase that says where: "in Brussels", "near the border"."""
        root = span.root
        if root.dep_ == "pobj":
            return root.head.lower_ in self.lex.place_preps
        return root.dep_ in ("npadvmod",)

    def attach_place(self, draft: _Draft, event: Event) -> None:
        for p, span in self.places:
            if span is None or not self.is_locative(span):
                continue
            if self.is_governed_by(span, draft):
                event.place = p.name
                event.place_country = p.country
                event.lat, event.lon = p.lat, p.lon
                event.place_start, event.place_end = p.start, p.end
                return

    def size_of(self, draft: _Draft) -> dict | None:
        for ea in draft.actors + draft.recipients:
            span = self.doc.char_span(ea.start, ea.end, alignment_mode="expand")
            if span is None:
                continue
            size = self.quantity_for(span.root)
            if size:
                size["of"] = "troops" if ea.sector in ("MIL", "PRM", "REB") else "people"
                return size
        size = self.casualties(draft.tok)
        return size

    def quantity_for(self, tok: Token) -> dict | None:
        for c in tok.children:
            if c.dep_ == "nummod":
                value = parse_number(c.text)
                if value is not None:
                    return _size(value, c, exact=True)
        head = tok.head
        if (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lower_ in self.lex.quantity_heads
        ):
            qhead = head.head
            left = qhead.left_edge
            base = self.lex.quantity_heads[qhead.lower_]
            span = self.doc[left.i : qhead.i + 1]
            value = base
            if qhead.head.lower_ == "of" and qhead.head.head.lower_ in self.lex.quantity_heads:
                outer = qhead.head.head
                span = self.doc[outer.left_edge.i : qhead.i + 1]
                value = base * self.lex.quantity_heads[outer.lower_]
            for c in qhead.children:
                if c.dep_ == "nummod" and parse_number(c.text):
                    value = base * (parse_number(c.text) or 1)
                elif c.dep_ == "quantmod" and c.lower_ in self.lex.quantity_heads:
                    value = base * self.lex.quantity_heads[c.lower_]
                    span = self.doc[min(c.i, span.start) : qhead.i + 1]
            return _size(value, span, exact=False)
        return None

    def casualties(self, tok: Token) -> dict | None:
        """Killed / injured / arrested counts in the trigger's sentence."""
        result: dict = {}
        for t in self.sentence(tok):
            kind = {
                "kill": "dead",
                "wound": "injured",
                "injure": "injured",
                "arrest": "arrested",
                "detain": "arrested",
            }.get(t.lemma_.lower())
            if kind is None:
                continue
            for c in t.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    q = self.quantity_for(c) if c.pos_ in ("NOUN", "PROPN") else None
                    value = parse_number(c.text) if c.pos_ == "NUM" else (q or {}).get("value")
                    if value:
                        result[kind] = value
        return result or None

    # -- main ----------------------------------------------------------------
    def collect(self) -> dict[int, _Draft]:
        """Every trigger in the document as a draft event, frames linked."""
        doc = self.doc
        for tok in doc:
            if tok.dep_ == "amod":  # "captured territories", "recognized borders"
                continue
            trig = self.lex.match(tok)
            if trig is not None:
                self.triggers[tok.i] = trig
        drafts: dict[int, _Draft] = {}
        for i in sorted(self.triggers):
            tok, trig = doc[i], self.triggers[i]
            if trig.frame in ("report", "transparent", "none"):
                continue
            if trig.frame == "light" and (not trig.type or self.has_event_object(tok)):
                continue
            if trig.pos in ("VERB", "ADJ"):
                actors, recipients = self.verb_participants(tok)
            else:
                actors, recipients = self.noun_participants(tok, trig)
            drafts[i] = _Draft(tok, trig, trig.type, trig.mode, actors, recipients)
        # Control verbs take their mode from what they govern; reporting
        # verbs lend their speaker as the source of claim.
        for draft in drafts.values():
            self.link_frames(draft, drafts)
        for draft in drafts.values():
            governor = draft.embedded_under
            if governor is not None and (
                governor.type in ("AGREE", "THREATEN", "REJECT")
                or (governor.type == draft.type and draft.trigger.pos == "NOUN")
            ):
                self.absorbed[draft.tok.i] = governor
            elif draft.trigger.pos == "NOUN" and draft.tok.dep_ in SUBJECT_DEPS:
                head = drafts.get(draft.tok.head.i)
                if head is not None and head.type == draft.type:
                    self.absorbed[draft.tok.i] = head
        return drafts

    def has_event_object(self, tok: Token) -> bool:
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.i in self.triggers:
                if self.triggers[c.i].pos == "NOUN":
                    return True
        return False

    def run(self) -> list[Event]:
        events = [e for d in self.collect().values() for e in self.build(d)]
        events = merge_events(events, self.anaphoric)
        for n, event in enumerate(events, start=1):
            event.key = f"E{n}"
        return events

    def link_frames(self, draft: _Draft, drafts: dict[int, _Draft]) -> None:
        """Link an event to the verbs above it in its sentence.

        Walks up the dependency tree through verbs that are not events
        (and light verbs) to the first trigger: a reporting verb lends its
        speaker as source of claim, a transparent verb its subject and any
        future sense, a control verb makes this event its complement. A
        nominal event that is the object of a verb event hangs under it.
        """
        tok = draft.tok
        if draft.trigger.pos == "NOUN" and tok.dep_ in ("dobj", "nsubjpass"):
            governor = drafts.get(tok.head.i)
            if governor is not None and governor.trigger.pos != "NOUN":
                draft.embedded_under = governor
                return
        t = tok
        steps = 0
        while t.head.i != t.i and steps < 6:
            child, t = t, t.head
            steps += 1
            trig = self.triggers.get(t.i)
            if trig is None or trig.frame == "light":
                if t.pos_ in ("VERB", "AUX") and child.dep_ not in ("xcomp", "conj", "dobj"):
                    return
                continue
            if trig.frame == "report" and child.dep_ in (
                "ccomp",
                "xcomp",
                "advcl",
                "parataxis",
                "dobj",
            ):
                draft.under_report = True
                speakers = self.verb_participants(t)[0]
                if speakers and not (
                    draft.actors
                    and speakers[0].actor
                    and speakers[0].actor == draft.actors[0].actor
                ):
                    draft.claimed_by = speakers[0]
                if not draft.actors and child.dep_ == "dobj":
                    draft.actors = speakers
                return
            if trig.frame == "transparent":
                if not draft.actors:
                    draft.actors = [
                        a for a in self.verb_participants(t)[0] if not (a.start <= tok.idx < a.end)
                    ]
                shifted = self.lex.governor_type.get(f"{t.lemma_.lower()}:{draft.type}")
                if shifted:
                    draft.type = shifted
                elif t.lemma_.lower() in self.lex.future_governors:
                    draft.future_cue = draft.future_cue or t.text
                if t.lemma_.lower() in self.lex.negating_governors:
                    draft.negated_by = draft.negated_by or t.text
                continue
            nominal_control = (
                trig.pos == "NOUN"
                and trig.type in ("REQUEST", "THREATEN", "AGREE", "REJECT")
                and child.dep_ in ("acl", "ccomp")
            )  # "its demand that Israel ease restrictions"
            if nominal_control or (
                trig.frame == "control" and child.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep")
            ):
                governor = drafts.get(t.i)
                if governor is None:
                    return
                draft.embedded_under = governor
                if not governor.recipients and governor.type != "REQUEST":
                    # "refused to remove sanctions on Iran": Iran is the recipient
                    governor.recipients = list(draft.recipients)
                key = f"{governor.type}:{draft.type}"
                governor.type = self.lex.embedded_type.get(key, governor.type)
                if governor.type == "THREATEN":
                    governor.mode = governor.mode or self.lex.threat_mode.get(draft.type)
                else:
                    governor.mode = governor.mode or self.lex.embedded_mode.get(key)
                return
            return

    def shift_type(self, draft: _Draft) -> str:
        """PLOVER's rules for future, refused and official-protest events."""
        event_type = draft.type
        for ctx in self.contexts(draft.trigger, self.sentence(draft.tok)):
            event_type = self.lex.context_type.get(
                f"{event_type}/{draft.mode}:{ctx}",
                self.lex.context_type.get(f"{event_type}:{ctx}", event_type),
            )
        tok = self.predicate(draft)
        if tok is None:
            return event_type
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if not aux and tok.dep_ == "conj":  # "would close ... and launch"
            aux = {c.lower_ for c in tok.head.children if c.dep_ in ("aux", "auxpass")}
        negated = any(c.dep_ == "neg" for c in tok.children) or _has_no_subject(tok)
        if draft.negated_by and event_type in self.lex.shift_negated:
            return self.lex.shift_negated[event_type]
        if (
            negated
            and event_type in self.lex.shift_negated
            and (aux & {"will", "would", "do", "does", "did", "wo"} or tok.tag_ in ("VBP", "VBZ"))
        ):
            return self.lex.shift_negated[event_type]
        future = bool(aux & (self.lex.future_aux - {"would"})) or (
            "would" in aux and (draft.claimed_by is not None or draft.under_report)
        )
        if (future or draft.future_cue) and not negated:
            return self.lex.shift_future.get(event_type, event_type)
        if self.lex.shift_future.get(event_type) == "THREATEN" and _has_condition(tok):
            return "THREATEN"  # "may halt mediation if cooperation founders"
        if event_type in self.lex.official_protest and any(
            a.sector in ("GOV", "IGO")
            or a.country in ("IGO", "UNO", "EUR")
            or (a.actor and self.actors.get(a.actor) and self.actors[a.actor].type == "COUNTRY")
            for a in draft.actors
        ):
            return self.lex.official_protest[event_type]
        return event_type

    def predicate(self, draft: _Draft) -> Token | None:
        """The verb that carries tense and negation for an event: the trigger
        itself, or for a nominal event the light verb it is the object of
        ("would tighten the blockade")."""
        tok = draft.tok
        if draft.trigger.pos != "NOUN":
            return tok
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            trig = self.triggers.get(head.i)
            if trig is None or trig.frame == "light":
                return head
        return None

    def demanded_by(self, draft: _Draft) -> EventActor | None:
        """The speaker of "X said Y must ...": a REQUEST from X to Y.

        The modal may sit on the event's verb or on a verb between it and the
        reporting verb ("said US forces must ensure security to allow ...").
        """
        if draft.claimed_by is None:
            return None
        t = self.predicate(draft) or draft.tok
        for _ in range(4):
            aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
            if aux & self.lex.request_aux:
                return draft.claimed_by
            trig = self.triggers.get(t.head.i)
            if t.head.i == t.i or (trig is not None and trig.frame == "report"):
                return None
            t = t.head
        return None

    def build(self, draft: _Draft) -> list[Event]:
        """The events one draft reports: itself, and a REQUEST when a speaker
        says someone "must" do it."""
        if draft.tok.i in self.absorbed:
            return []  # "agreed to meet" is one AGREE event, not also a CONSULT
        shifted = self.shift_type(draft)
        refused = shifted == "REJECT" and draft.type != "REJECT"
        draft.type = shifted
        event = self.build_one(draft)
        if event is None:
            return []
        if refused:
            event.modality = "reported" if draft.claimed_by else "asserted"
            event.modality_cue = draft.claimed_by.text if draft.claimed_by else None
            event.mode = event.mode or self.lex.embedded_mode.get(f"REJECT:{draft.trigger.type}")
        events = [event]
        speaker = self.demanded_by(draft)
        if speaker is not None:
            demand = self.build_one(
                _Draft(
                    draft.tok,
                    draft.trigger,
                    "REQUEST",
                    self.lex.embedded_mode.get(f"REQUEST:{draft.type}"),
                    [speaker],
                    draft.actors,
                )
            )
            if demand is not None:
                event.modality, event.modality_cue = "requested", speaker.text
                events.insert(0, demand)
        return events

    def build_one(self, draft: _Draft) -> Event | None:
        tok, trig = draft.tok, draft.trigger
        sent = self.sentence(tok)
        event = Event(
            key="",
            type=draft.type,
            quad_class=self.lex.quad[draft.type],
            trigger=tok.text,
            trigger_start=tok.idx,
            trigger_end=tok.idx + len(tok.text),
            trigger_lemma=tok.lemma_.lower(),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            mode=draft.mode,
            actors=draft.actors,
            recipients=[r for r in draft.recipients if not _same(r, draft.actors)],
            claimed_by=draft.claimed_by,
        )
        self.attach_date(draft, event)
        self.attach_place(draft, event)
        if trig.pos != "NOUN" and not (event.actors or event.recipients):
            return None  # nobody did it to anybody: nothing to code
        if trig.pos == "NOUN" and not (event.actors or event.recipients):
            if event.date_source != "text" and event.place is None:
                # A bare noun is not an event report by itself, but "the
                # summit" may point back to a summit the article named.
                if not any(c.lower_ in ("the", "this", "that") for c in tok.lefts):
                    return None
                self.anaphoric.add(id(event))
        event.modality, event.modality_cue = self.modality(tok, draft)
        if event.modality == "asserted" and event.date_source == "text" and self.published:
            event.modality = self.temporal_modality(event) or "asserted"
            if event.modality != "asserted":
                event.modality_cue = event.date_text
        event.size = self.size_of(draft)
        event.context = self.contexts(trig, sent)
        if event.type == "CONSULT" and event.mode is None:
            if any(a.country in ("IGO", "UNO", "EUR") for a in event.actors):
                event.mode = "multilateral"
        event.confidence = self.confidence(draft, event)
        event.evidence = [[sent.start_char, sent.end_char]]
        return event

    def temporal_modality(self, event: Event) -> str | None:
        try:
            pub = date.fromisoformat(self.published[:10]) if self.published else None
            begin = _as_date(event.date_begin)
            end = _as_date(event.date_end)
        except ValueError:
            return None
        if pub is None or begin is None or end is None:
            return None
        if begin > pub:
            return "scheduled"
        if (pub - end).days > 180:
            return "historical"
        return None

    def contexts(self, trig: Trigger, sent: Span) -> list[str]:
        found = [trig.context] if trig.context else []
        for t in sent:
            ctx = self.lex.contexts.get(t.lemma_.lower())
            if ctx and ctx not in found:
                found.append(ctx)
        return found[:4]

    @staticmethod
    def confidence(draft: _Draft, event: Event) -> float:
        score = 0.35
        if any(a.actor for a in event.actors):
            score += 0.25
        elif event.actors:
            score += 0.1
        if any(r.actor for r in event.recipients):
            score += 0.15
        if draft.trigger.pos == "VERB":
            score += 0.1
        if len(draft.trigger.words) > 1:
            score += 0.1
        return round(min(score, 0.95), 2)


def _same(ea: EventActor, others: list[EventActor]) -> bool:
    return any(ea.actor and ea.actor == o.actor for o in others)


def _as_date(value: str | None) -> date | None:
    """First day of a TimeML value: 2024-12-03, 2024-12, 2024, 2024-W49."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if m:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    m = re.match(r"^(\d{4})-W(\d{2})$", value)
    if m:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return None


def _size(value: int, where: Span | Token, exact: bool) -> dict:
    text = where.text
    start = where.idx if isinstance(where, Token) else where.start_char
    magnitude = len(str(int(value))) - 1 if value else 0
    return {
        "value": value,
        "magnitude": magnitude,
        "approximate": not exact,
        "text": text,
        "start": start,
        "end": start + len(text),
    }


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}


def parse_number(text: str) -> int | None:
    """An integer from "1,200", "12" or "twelve"; None otherwise."""
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return _NUMBER_WORDS.get(t)


def _interval(event: Event) -> tuple[date, date] | None:
    begin, end = _as_date(event.date_begin), _as_date(event.date_end)
    if begin is None or end is None:
        return None
    if re.match(r"^\d{4}-W\d{2}$", event.date_end or ""):
        end = date.fromordinal(end.toordinal() + 6)
    elif re.match(r"^\d{4}$", event.date_end or ""):
        end = date(end.year, 12, 31)
    elif re.match(r"^\d{4}-\d{2}$", event.date_end or ""):
        end = date(end.year, end.month, 28)
    return begin, end


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or (a.modality == "negated") != (b.modality == "negated"):
        return False
    keys_a = {x.actor for x in a.actors if x.actor}
    keys_b = {x.actor for x in b.actors if x.actor}
    if keys_a and keys_b and not keys_a & keys_b:
        return False
    rec_a = {x.actor for x in a.recipients if x.actor}
    rec_b = {x.actor for x in b.recipients if x.actor}
    if rec_a and rec_b and not rec_a & rec_b:
        return False
    same_words = (a.trigger_lemma or a.trigger.lower()) == (b.trigger_lemma or b.trigger.lower())
    verbal = a.trigger_lemma != a.trigger.lower() or b.trigger_lemma != b.trigger.lower()
    # Two verbs are the same event only when they are the same verb; nominal
    # mentions ("the invitation") may also join an event with the same actors.
    if not same_words and (verbal or not keys_a & keys_b):
        return False
    if a.date_source == "text" and b.date_source == "text":
        ia, ib = _interval(a), _interval(b)
        if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
            return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return True


def merge_events(events: list[Event], anaphoric: set[int] | frozenset = frozenset()) -> list[Event]:
    """Fold mentions of the same event in one article into one event.

    Events whose ids are in ``anaphoric`` ("the summit" with nothing else
    said about it) only join an earlier event with the same trigger word,
    whatever its type became ("will hold a summit" is an AGREE); alone they
    are dropped.
    """
    merged: list[Event] = []
    for ev in sorted(events, key=lambda e: e.trigger_start):
        if id(ev) in anaphoric:
            target = next(
                (m for m in reversed(merged) if m.trigger_lemma == ev.trigger_lemma), None
            )
            if target is not None:
                target.evidence.append([ev.sentence_start, ev.sentence_end])
            continue
        target = next((m for m in merged if _compatible(m, ev)), None)
        if target is None:
            merged.append(ev)
            continue
        target.evidence.append([ev.sentence_start, ev.sentence_end])
        for field_name in ("actors", "recipients"):
            have = getattr(target, field_name)
            for x in getattr(ev, field_name):
                if not any(x.actor and x.actor == h.actor for h in have) and x.actor:
                    have.append(x)
        if target.place is None and ev.place is not None:
            target.place, target.place_country = ev.place, ev.place_country
            target.lat, target.lon = ev.lat, ev.lon
            target.place_start, target.place_end = ev.place_start, ev.place_end
        if ev.date_source == "text" and (target.date_source != "text" or _narrower(ev, target)):
            for f in ("date", "date_begin", "date_end", "date_text", "date_source"):
                setattr(target, f, getattr(ev, f))
        target.confidence = round(min(0.95, max(target.confidence, ev.confidence) + 0.05), 2)
        for ctx in ev.context:
            if ctx not in target.context:
                target.context.append(ctx)
        target.mode = target.mode or ev.mode
        target.size = target.size or ev.size
    return merged


def _narrower(a: Event, b: Event) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return False
    return (ia[1] - ia[0]) < (ib[1] - ib[0])


def find_events(
    doc: Doc,
    actors: list[Actor],
    times: list[TimeExpr],
    places: list[Place],
    published: str | None,
) -> list[Event]:
    """Code the events of ``doc``. Needs ``doc.spans["mentions"]`` from actors."""
    return _Coder(doc, actors, times, places, published).run()


def _has_no_subject(verb: Token) -> bool:
    """ "No one will be shot", "nobody was hurt": a subject that negates."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("nobody", "none", "nothing") or any(
                d.dep_ == "det" and d.lower_ == "no" for d in child.children
            ):
                return True
    return False


def _has_condition(verb: Token) -> bool:
    """Does a clause with "if" or "unless" hang off this verb?"""
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children
        ):
            return True
    return False


def _in_dateline(tok: Token, sent: Span) -> bool:
    """Is the token in a wire dateline: "MOGADISHU, Somalia --", "(Reuters) -"?

    A dash within the first words of a sentence, with only names, commas and
    brackets before it, closes a dateline.
    """
    for t in sent[:10]:
        if t.text in ("--", "—", "–", "-") and t.i > sent.start:
            before = sent.doc[sent.start : t.i]
            return tok.i < t.i and all(
                x.pos_ == "PROPN" or x.is_punct or x.text.isupper() for x in before
            )
    return False


def _overlaps(
    parts: list[EventActor],
    span: tuple[int, int] | None,
    mentions: dict[str, list[tuple[int, int]]] | None = None,
) -> bool:
    """Do any participants overlap ``span``: by their own words, or by any
    mention of the actor they resolve to ("its" resolved to North Korea)?"""
    if span is None:
        return False
    for p in parts:
        ranges = [(p.start, p.end)] + ((mentions or {}).get(p.actor, []) if p.actor else [])
        if any(s < span[1] and span[0] < e for s, e in ranges):
            return True
    return False


def code_dyad(
    doc: Doc,
    actors: list[Actor],
    source: tuple[int, int],
    target: tuple[int, int] | None,
) -> str | None:
    """The event type linking a marked source and target (character spans).

    Used by ``eventwire eval events`` in dyad mode: every trigger is scored
    by how well its actor and recipient cover the marked pair and whether
    it lies on the dependency path between them; an event embedded under a
    control verb of the same actor ("threatened to shell") gives way to the
    control verb. Returns None when the sentence has no trigger at all.
    """
    coder = _Coder(doc, actors, [], [], None)
    drafts = coder.collect()
    if not drafts:
        return None
    mentions = {a.key: [(m.start, m.end) for m in a.mentions] for a in actors}

    def _overlaps_here(parts: list[EventActor], span: tuple[int, int] | None) -> bool:
        return _overlaps(parts, span, mentions)

    src_span = doc.char_span(*source, alignment_mode="expand")
    tgt_span = doc.char_span(*target, alignment_mode="expand") if target else None
    path = _dependency_path(src_span, tgt_span)

    def score(d: _Draft) -> tuple[float, int]:
        s = 0.0
        if _overlaps_here(d.actors, source):
            s += 3
        if _overlaps_here(d.recipients, target):
            s += 2
        if _overlaps_here(d.actors, target) and _overlaps_here(d.recipients, source):
            s += 1
        if d.tok.i in path:
            s += 1.5
        anchor = tgt_span.root.i if tgt_span is not None else src_span.root.i
        return s, -abs(d.tok.i - anchor)

    # A trigger inside the marked source or target ("the coalition fighting
    # the Houthis") describes a participant, not the event between them.
    inside = {
        i for span in (src_span, tgt_span) if span is not None for i in range(span.start, span.end)
    }
    candidates = [d for d in drafts.values() if d.tok.i not in inside] or list(drafts.values())
    best = max(candidates, key=score)
    main = _main_clause_event(best, drafts, source, mentions)
    if main is not None:
        best = main
    chain = [best]
    while best.embedded_under is not None:
        governor = best.embedded_under
        if governor.actors and not _overlaps_here(governor.actors, source):
            break
        best = governor
        chain.append(best)
    for draft in chain:
        speaker = coder.demanded_by(draft)
        if speaker is not None and _overlaps_here([speaker], source):
            return "REQUEST"
    return coder.shift_type(best)


def _main_clause_event(
    best: _Draft,
    drafts: dict[int, _Draft],
    source: tuple[int, int],
    mentions: dict[str, list[tuple[int, int]]],
) -> _Draft | None:
    """The main-clause event of the same actor, for an event in a purpose
    clause ("began a hunger strike to demand ...", "rallied, calling for ...")."""
    tok = best.tok
    purpose = (tok.dep_ in ("advcl", "xcomp") or (tok.dep_ == "acl" and tok.head.i in drafts)) and (
        tok.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )
    if not purpose or tok.head.i == tok.i:
        return None
    head = tok.head
    candidates = [drafts.get(head.i)] + [
        drafts.get(c.i) for c in head.children if c.dep_ in ("dobj", "nsubjpass")
    ]
    for cand in candidates:
        if cand is None or cand is best or cand.trigger.frame == "control":
            continue
        if not cand.actors or _overlaps(cand.actors, source, mentions):
            return cand
    return None


def _dependency_path(a: Span | None, b: Span | None) -> set[int]:
    """Token indices on the dependency path between two spans' roots."""
    if a is None:
        return set()
    up_a = [a.root, *a.root.ancestors]
    if b is None:
        return {t.i for t in up_a[1:]}
    up_b = [b.root, *b.root.ancestors]
    ids_b = {t.i for t in up_b}
    path: set[int] = set()
    for t in up_a:
        path.add(t.i)
        if t.i in ids_b:
            for u in up_b:
                path.add(u.i)
                if u.i == t.i:
                    break
            break
    return path - {a.root.i, b.root.i}
