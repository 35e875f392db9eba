"""Reported speech: what a cue verb governs, and the clause around "according to X".

Reads the parsed ``Doc`` and the cue lexicon; returns a ``Found`` per report:
the cue's clause ("X said that ..."), infinitive ("X urged NATO to ..."),
prepositional object ("called for a ban"), or for verbs that name a
statement its object ("X announced his candidacy"); a parenthetical or
closing cue (", he said") reports its sentence. Writes nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.nlp import sentence_of
from eventwire.stages.quotes.attribution import (
    SUBJECT_DEPS,
    Attribution,
    Found,
    attribute,
    find_speaker,
    is_inside,
)
from eventwire.stages.quotes.lexicon import Cue, Lexicon, cue_end, match_verb_cue
from eventwire.stages.quotes.marks import DASHES, MARK_TOKENS


def find_reported_speech(
    doc: Doc, lexicon: Lexicon, inside: list[tuple[int, int]], used_cues: set[int]
) -> list[Found]:
    """What cue verbs govern, and the clauses around 'according to X'."""
    found = []
    for t in doc:
        if t.i in used_cues or is_inside(t.idx, inside):
            continue
        if t.lower_ == "according":
            item = _according_to(doc, t)
            if item is not None:
                found.append(item)
            continue
        match = match_verb_cue(t, lexicon)
        if match is None or not match[0].reports:
            continue
        span = _find_complement(t, *match, lexicon)
        if span is None:
            continue
        start, end = _trim_content(doc, *_cut_at_paragraph(doc, span[0], span[1], t.i))
        if sum(1 for x in doc[start:end] if x.is_alpha) < 2:
            continue
        attribution = attribute(doc, t.i, cue_end(t, lexicon))
        found.append(
            Found(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution, False)
        )
    return found


def _cut_at_paragraph(doc: Doc, start: int, end: int, cue: int) -> tuple[int, int]:
    """Cut a content range at paragraph breaks, keeping the cue's side."""
    breaks = [k for k in range(start, end) if "\n" in doc[k].text]
    if not breaks:
        return start, end
    if cue < start:
        return start, breaks[0]
    if cue >= end:
        return breaks[-1] + 1, end
    before = [k for k in breaks if k < cue]
    after = [k for k in breaks if k > cue]
    return (before[-1] + 1 if before else start), (after[0] if after else end)


def _find_complement(
    t: Token, entry: Cue, extra: Token | None, lexicon: Lexicon
) -> tuple[int, int] | None:
    """Token range of what the cue reports, or None when it reports nothing here."""
    if extra is not None and extra.dep_ == "prep":
        # "called for a ban", "warned of the dangers": the preposition's object.
        objects = [c for c in extra.children if c.dep_ in {"pobj", "pcomp"}]
        return (extra.i + 1, objects[0].right_edge.i + 1) if objects else None
    deps = ({"ccomp"} if entry.takes_clause else set()) | (
        {"xcomp"} if entry.takes_infinitive else set()
    )
    comps = [c for c in t.children if c.dep_ in deps]
    if entry.takes_clause and not comps:
        comps = _question_clause(t)
    if comps:
        # The nearest clause after the cue: a second one after a comma is
        # usually the main clause misattached ("declared it to be ..., no X has been set").
        after = [c for c in comps if c.i > t.i]
        comp = after[0] if after else comps[-1]
        start, end = comp.left_edge.i, comp.right_edge.i + 1
        if comp.i > t.i:
            start = _skip_cue_adjuncts(t, comp, start)
        if comp.dep_ == "xcomp":
            # "urged NATO members to approve ...": the addressee opens the content.
            objects = [c for c in t.children if c.dep_ == "dobj" and t.i < c.i < comp.i]
            if objects:
                start = objects[0].left_edge.i
        return start, end
    if entry.takes_clause:
        span = _parenthetical_report(t) or _report_before_cue(t)
        if span is not None:
            return span
    if entry.takes_object:
        span = _object_report(t, lexicon)
        if span is not None:
            return span
    if entry.takes_clause:
        return _that_clause_after(t)
    return None


def _skip_cue_adjuncts(t: Token, comp: Token, start: int) -> int:
    """'said on Monday he would ...': a phrase right after the cue and before the
    clause's subject modifies the saying, though the parser put it in the clause."""
    subjects = [c for c in comp.children if c.dep_ in SUBJECT_DEPS]
    if start != t.i + 1 or not subjects:
        return start
    for c in comp.children:
        if c.i >= subjects[0].left_edge.i:
            break
        if c.left_edge.i == start and c.dep_ in {"prep", "npadvmod"}:
            start = c.right_edge.i + 1
            while start < comp.i and t.doc[start].is_punct:
                start += 1
    return start


def _question_clause(t: Token) -> list[Token]:
    """'asked (him) whether ...', 'wondered if ...', parsed as an adverbial clause
    that opens right after the verb or its object ('even if ...' is not one)."""
    opens_at = t.i + 1
    for c in t.children:
        if c.dep_ in {"dobj", "dative"} and c.i > t.i:
            opens_at = c.right_edge.i + 1
    return [
        c
        for c in t.children
        if c.dep_ == "advcl"
        and c.left_edge.i == opens_at
        and c.left_edge.lower_ in {"if", "whether"}
    ]


def _parenthetical_report(t: Token) -> tuple[int, int] | None:
    """'The economy, he said, is growing' / 'Instead, he argued, it would ...' /
    'It is growing, he said': the cue is parenthetical and the report is its head clause."""
    head = t.head
    if head is t or head.pos_ not in {"VERB", "AUX"}:
        return None
    if t.dep_ != "parataxis" and not (t.dep_ == "ccomp" and head.i < t.i):
        return None
    doc = t.doc
    inner_start, inner_end = t.left_edge.i, t.right_edge.i + 1
    edges = (inner_start - 1, inner_start, inner_end - 1, inner_end)
    if not any(doc[k].text in DASHES for k in edges if 0 <= k < len(doc) and k != t.i):
        return None
    start = min(head.left_edge.i, inner_start)
    end = max(head.right_edge.i + 1, inner_end)
    before = [x for x in doc[start:inner_start] if x.is_alpha]
    after = [x for x in doc[inner_end:end] if x.is_alpha]
    # "Instead, he argued, it would ...": only an adverbial precedes the cue.
    adverbial_only = not any(x.head is head and x.dep_ in SUBJECT_DEPS for x in before)
    if len(before) <= 2 and adverbial_only and len(after) >= 2:
        return inner_end, end
    if len(after) <= 1 and len(before) >= 2:
        return start, inner_start
    if before and after:
        return start, end
    return None


def _report_before_cue(t: Token) -> tuple[int, int] | None:
    """'<report>, said the company's chief executive, John J. Ferriola.' and
    '<report>, he said.': a reporting clause closing the sentence after a comma,
    whatever the parser attached the report to. Set off by commas inside the
    sentence ('The museum, he said, is ...') the content is the whole sentence."""
    doc, sent = t.doc, sentence_of(t)
    if any(c.dep_ in {"ccomp", "xcomp", "dobj", "conj"} and c.i > t.i for c in t.children):
        return None
    own = set()
    for c in t.children:
        if c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "advmod", "neg"}:
            own.update(x.i for x in c.subtree)
    k = t.i - 1
    while k > sent.start and (k in own or doc[k].pos_ in {"AUX", "ADV", "PART"}):
        k -= 1
    if k <= sent.start or doc[k].text not in DASHES:
        return None
    rest = doc[t.i + 1 : sent.end]
    tail = [x for x in rest if not x.is_space and not x.is_punct]
    if len(tail) > 25 or any(x.text in {":", ";"} for x in rest):
        return None
    if any(x.pos_ in {"VERB", "AUX"} and not t.is_ancestor(x) for x in tail):
        after = max(x.i for x in t.subtree if not x.is_punct) + 1
        if after < sent.end and doc[after].text in DASHES:
            return sent.start, sent.end
        return None
    return sent.start, k


def _object_report(t: Token, lexicon: Lexicon) -> tuple[int, int] | None:
    """'announced his candidacy', 'accused Cruz of lying', 'described X as Y',
    'called it a disaster': the object and what the verb says about it."""
    objects = [c for c in t.children if c.dep_ == "dobj" and c.i > t.i]
    if not objects:
        return None
    obj = objects[0]
    # "praised Olaf Scholz, who said ...": a clause with its own cue is not the content.
    kept = [
        c
        for c in obj.children
        if c.dep_ != "punct"
        and not (
            c.dep_ in {"relcl", "appos", "acl"}
            and any(match_verb_cue(x, lexicon) for x in c.subtree)
        )
    ]
    end = max([obj.i] + [c.right_edge.i for c in kept]) + 1
    for c in t.children:
        if c.i > obj.i and (
            c.dep_ in {"oprd", "xcomp", "ccomp"}
            or (c.dep_ == "prep" and c.lower_ in {"of", "as", "for"})
        ):
            end = max(end, c.right_edge.i + 1)
    return obj.left_edge.i, end


def _that_clause_after(t: Token) -> tuple[int, int] | None:
    """'X said following a vote in 2001 that ...' where the parser hung the clause
    elsewhere: a 'that' a few words after the cue with only modifiers between."""
    doc = t.doc
    for k in range(t.i + 1, min(len(doc), t.i + 10)):
        x = doc[k]
        is_complementizer = x.dep_ == "mark" or x.tag_ == "IN" or x.pos_ == "SCONJ"
        if x.lower_ == "that" and is_complementizer and x.head.i > x.i:
            return k, max(x.head.right_edge.i, x.head.i) + 1
        if x.tag_ in {"VBD", "VBZ", "VBP", "MD"} or (x.dep_ == "dobj" and x.head is t):
            return None
        if x.is_punct and x.text not in DASHES:
            return None
    return None


def _according_to(doc: Doc, t: Token) -> Found | None:
    """'According to X, ...' and '..., according to X.': the rest of the sentence."""
    to = next((c for c in t.children if c.lower_ == "to"), None)
    if to is None and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
        to = doc[t.i + 1]
    if to is None:
        return None
    sent = sentence_of(t)
    phrase_end = max(t.right_edge.i, to.right_edge.i) + 1
    before = [x for x in doc[sent.start : t.i] if x.is_alpha]
    after = [x for x in doc[phrase_end : sent.end] if x.is_alpha]
    if len(before) <= 1 and len(after) >= 2:
        start, end = phrase_end, sent.end
    elif len(after) <= 1 and len(before) >= 2:
        start, end = sent.start, t.i
    elif before and after:
        start, end = sent.start, sent.end
    else:
        return None
    start, end = _trim_content(doc, start, end)
    if end - start < 2:
        return None
    attribution = Attribution(t.i, to.i + 1, find_speaker(doc, t.i), t.idx, according=True)
    return Found(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution, False)


def _trim_content(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and spaces but keep quote marks balanced: a clause
    ending inside a quotation ('are "non-entities in the Senate,"') keeps its closing mark."""

    def count_marks(a: int, b: int) -> int:
        return sum(1 for x in doc[a:b] if x.text in MARK_TOKENS)

    while start < end and (doc[start].is_punct or doc[start].is_space):
        if doc[start].text in MARK_TOKENS and count_marks(start, end) % 2 == 0:
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in MARK_TOKENS and count_marks(start, end - 1) % 2 == 1:
            break
        end -= 1
    if count_marks(start, end) % 2 == 1:
        for k in range(end, min(end + 3, len(doc))):
            if doc[k].text in MARK_TOKENS:
                return start, k + 1
            if not doc[k].is_punct:
                break
    return start, end
