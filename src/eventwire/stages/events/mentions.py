"""Mentions: the words of a participant turned into an ``EventActor``.

``MentionResolver`` turns each participant word into an ``EventActor``: the
actors stage's actor it mentions (``doc.spans["mentions"]``, ``kb_id_`` =
actor key), a pronoun's antecedent, one participant per country for
"Hungarian and Romanian officials", else the words themselves with a sector
from the group nouns (``groups.tsv``). Used by ``participants`` (the roles
off the parse) and ``quoted`` (quoted blame and demands). Writes nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from eventwire.nlp import sentence_of
from eventwire.nlp.gazetteer import load_gazetteer
from eventwire.records import Actor, EventActor
from eventwire.stages.actors import load_actor_lexicon
from eventwire.stages.actors.pronouns import first_person_speaker, is_pronoun, resolve_pronoun
from eventwire.stages.events.lexicon import PLACE_NOUNS, EventLexicon

RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
PRONOUNS_OTHER = {"it", "its", "they", "them", "their"}
# Entity types that never name a party ("100%", "$5 million", "two weeks").
NOT_PARTIES = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
# Sectors of group nouns that act for whoever owns them ("its troops", "their police").
ARMS_OF_STATE = {"GOV", "MIL", "COP", "SPY"}
# How far back (tokens) "the statement" looks for the statement it points to.
ISSUER_WINDOW = 250


class MentionResolver:
    """Resolves participant words to ``EventActor`` records through the actor mentions."""

    def __init__(self, doc: Doc, actors: list[Actor], lex: EventLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.gaz = load_gazetteer()
        self.actors = {a.key: a for a in actors}
        self.mention_of: dict[int, Span] = {}
        for span in doc.spans["mentions"] if "mentions" in doc.spans else []:
            for i in range(span.start, span.end):
                self.mention_of[i] = span
        self.mentions = sorted(set(self.mention_of.values()), key=lambda s: s.start)
        self.quotes = list(doc._.quotes or []) if doc.has_extension("quotes") else []
        self.quoted = [(q.start, q.end) for q in self.quotes if q.direct]
        self.speakers = {(q.start, q.end): q.speaker for q in self.quotes if q.direct and q.speaker}

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
        """The participant one word names, or None (a date, a dateline, a non-noun)."""
        if _in_dateline(tok, sentence_of(tok)):
            return None
        if tok.lower_ == "whose" and tok.dep_ == "poss":
            # "the senator, whose criticism of ...": the one the clause is about
            verb = tok.head.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return self.resolve_one(verb.head)
        if (
            tok.lower_ in RELATIVE_PRONOUNS
            and tok.head.dep_ == "relcl"
            and tok.head.head.pos_ in ("NOUN", "PROPN")
        ):
            # "Walsh, who has been jailed since 2020": the one the clause is
            # about; "Evans Revere, a former official who had negotiated ...":
            # the one the appositive names
            about = tok.head.head
            if about.dep_ == "appos" and about.head.pos_ == "PROPN":
                about = about.head
            described = about
            while described.dep_ == "conj" and described.head is not described:
                described = described.head
            if described.dep_ == "attr" and described.head.lemma_ == "be":
                # "Trump is a showman and a bully who has pledged ...": the
                # one the copula describes
                subject = next((c for c in described.head.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    about = subject
            return self.resolve_one(about)
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
        if tok.lower_ in PLACE_NOUNS and tok.i not in self.mention_of:
            # "the state of North Carolina", "the island of Taiwan": the place named
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for obj in c.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC"):
                            return self.resolve_one(obj)
        span = self.mention_of.get(tok.i)
        if span is None:
            for child in tok.children:
                if child.dep_ == "appos" and child.i in self.mention_of:
                    # "his Iranian counterpart, Mostafa Najjar": the name
                    span = self.mention_of[child.i]
                    break
        if span is None and tok.tag_ == "NN" and tok.i + 1 < len(self.doc):
            # "detained the journalist Mech Dara": a title noun and the name
            # after it (the parse may hang the name elsewhere)
            after = self.mention_of.get(tok.i + 1)
            if (
                after is not None
                and after.start == tok.i + 1
                and after.label_ == "PERSON"
                and after.root.dep_ not in ("nsubj", "nsubjpass")
            ):
                span = after
        if span is None:
            for child in tok.lefts:
                if (
                    child.dep_ in ("compound", "amod", "poss", "nmod")
                    and child.i in self.mention_of
                ):
                    span = self.mention_of[child.i]
                    break
        if span is None:
            for child in tok.children:
                # "a spokesman for President Ghani": whom the spokesman speaks for
                speaks_for = child.lower_ == "for" and tok.lower_ in self.lex.speaks_for
                if child.dep_ == "prep" and (child.lower_ in ("of", "from", "by") or speaks_for):
                    for obj in child.children:
                        if obj.i in self.mention_of:
                            span = self.mention_of[obj.i]
                            break
                        if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                            # "a hearing by the United Nations' highest court"
                            found = self.resolve_one(obj)
                            if found is not None and found.actor:
                                return found
        if span is None and self.lex.noun_kinds.get(tok.lemma_.lower()) == "document":
            # "the newspaper's editorial urged ...", "guidelines issued by the
            # ministry, telling ...": its author
            author = self.author(tok)
            if author is not None:
                return author
            # "The statement urged ...": whoever issued the statement named before
            issuer = self.issuer(tok)
            if issuer is not None:
                return self.event_actor(issuer, text_span=self.doc[tok.i : tok.i + 1])
        if span is None:
            for child in tok.lefts:
                # "its troops", "their government": an arm of the possessor
                # stands for it; "his supporters", "his counterpart" do not
                if child.dep_ == "poss" and self._acts_for_possessor(tok):
                    pronoun = self.pronoun_actor(child, self.doc[child.i : tok.i + 1])
                    if pronoun is not None:
                        return pronoun
            pronoun = self.pronoun_actor(tok, self.doc[tok.i : tok.i + 1])
            if pronoun is not None:
                return pronoun
        if span is not None:
            return self.event_actor(span)
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NOT_PARTIES:
            return None
        left = min((c.i for c in tok.lefts if c.dep_ in ("compound", "amod")), default=tok.i)
        words = self.doc[left : tok.i + 1]
        # Unresolved participants keep their words; a group noun gives a
        # sector ("diplomats" -> GOV).
        group = load_actor_lexicon().group_sector(tok)
        sector = group[1] if group else None
        return EventActor(
            words.text, words.start_char, words.end_char, name=words.text, sector=sector
        )

    def author(self, tok: Token) -> EventActor | None:
        """Who a document noun says wrote it: its possessor, or the agent of a
        participle on it ("guidelines issued by the ministry")."""
        for c in tok.children:
            holders = [c] if c.dep_ == "poss" else []
            if c.dep_ == "acl" and c.tag_ == "VBN":
                holders = [o for a in c.children if a.dep_ == "agent" for o in a.children
                           if o.dep_ == "pobj"]  # fmt: skip
            for holder in holders:
                found = self.resolve_one(holder)
                if found is not None:
                    return found
        return None

    def issuer(self, tok: Token) -> Span | None:
        """Who issued the document "the statement" points back to: the owner
        or subject of the latest earlier mention of that document noun ("the
        ministry issued a statement", "X said in a letter"), at most
        ``ISSUER_WINDOW`` tokens back."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.lefts):
            return None
        lemma = tok.lemma_.lower()
        for t in reversed(self.doc[max(0, tok.i - ISSUER_WINDOW) : tok.i]):
            if t.lemma_.lower() != lemma:
                continue
            owners = [c for c in t.children if c.dep_ == "poss"]
            owners += [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                       for o in c.children if o.dep_ == "pobj"]  # fmt: skip
            verb = t.head.head if t.dep_ == "pobj" else t.head
            if t.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
                owners += [c for c in verb.children if c.dep_ == "nsubj"]
            for owner in owners:
                if owner.i in self.mention_of:
                    return self.mention_of[owner.i]
            return None
        return None

    @staticmethod
    def _acts_for_possessor(tok: Token) -> bool:
        """Is the noun an arm that acts for its possessor (troops, government, police)?"""
        return load_actor_lexicon().group_heads.get(tok.lower_) in ARMS_OF_STATE

    def event_actor(self, span: Span, text_span: Span | None = None) -> EventActor:
        """The participant for an actor mention, shown as ``text_span`` when given."""
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

    def pronoun_actor(self, tok: Token, shown: Span) -> EventActor | None:
        """The actor a pronoun stands for, shown as ``shown``: a quoted "I"/"we"
        is the quotation's speaker, he/she/it/they their antecedent."""
        key = first_person_speaker(tok, self.quotes)
        if key is not None and key in self.actors:
            actor = self.actors[key]
            return EventActor(
                shown.text,
                shown.start_char,
                shown.end_char,
                actor=key,
                name=actor.name,
                country=actor.country,
                sector=actor.sector,
            )
        if not is_pronoun(tok):
            return None
        sayers = self.reporter(tok, shown)
        if sayers is not None:
            return sayers
        span = resolve_pronoun(tok, self.mentions, self.quoted, self.speakers)
        if span is not None:
            return self.event_actor(span, text_span=shown)
        return None

    def reporter(self, tok: Token, shown: Span) -> EventActor | None:
        """ "Militants said they released ...", "Those leaders have said they
        will ...": a "they" subject of what a plain plural noun phrase says is
        that phrase, before any actor named earlier (a named one is resolved
        as a mention)."""
        head = tok.head
        if tok.lower_ != "they" or tok.dep_ not in ("nsubj", "nsubjpass") or head.dep_ != "ccomp":
            return None
        for s in head.head.children:
            if (
                s.dep_ == "nsubj"
                and s.pos_ == "NOUN"
                and s.tag_ == "NNS"
                and s.i not in self.mention_of
            ):
                words = self.doc[min(t.i for t in s.subtree) : s.i + 1]
                return EventActor(shown.text, shown.start_char, shown.end_char, name=words.text)
        return None


def _in_dateline(tok: Token, sent: Span) -> bool:
    """Is the token in a wire dateline ("MOGADISHU, Somalia --", "(Reuters) -")
    or a transcript's speaker label ("VOA: ...")?

    A dash within the first words of a sentence, with only names, commas and
    brackets before it, closes a dateline. Where the sentence's dateline
    ends is worked out once per sentence (cached in ``doc.user_data``).
    """
    key = ("eventwire.dateline", sent.start)
    end = sent.doc.user_data.get(key)
    if end is None:
        end = sent.doc.user_data[key] = _dateline_end(sent)
    return tok.i < end


def _dateline_end(sent: Span) -> int:
    """The index of the first token after the sentence's dateline or speaker
    label (the sentence's start when it has none)."""
    # a speaker's label in a transcript: "VOA: Putin visited China"
    label = sent.start + 1 if len(sent) > 2 and sent[1].text == ":" else sent.start
    for t in sent[:10]:
        if t.text in ("--", "—", "–", "-") and t.i > sent.start:
            before = sent.doc[sent.start : t.i]
            if all(x.pos_ == "PROPN" or x.is_punct or x.text.isupper() for x in before):
                return max(t.i, label)
            return label
    return label
