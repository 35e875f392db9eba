"""Direct quotes: tie each quoted stretch to an attribution cue.

Reads the parsed ``Doc``, the quote marks and the cue lexicon; returns a
``Found`` per attributed direct quote. The cue sits in the same sentence
('"...," she said' or 'she said: "..."') or the one before; a quote split
around its attribution, or continued in the next sentence of the paragraph,
is one candidate with several parts. A short quoted phrase nothing ties to
a speaker is a scare quote and is dropped. Writes nothing.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from eventwire.nlp import text_of
from eventwire.stages.quotes.attribution import Attribution, Found, attribute, is_same_cue
from eventwire.stages.quotes.lexicon import Lexicon, find_cues
from eventwire.stages.quotes.marks import DASHES, MARK_CHARS, QuoteMarks

_SENTENCE_END = {".", "!", "?"}
# A quoted stretch shorter than this, or without a verb, is a scare quote or a
# title unless punctuation ties it to a cue ('"No," she said').
_MIN_QUOTE_WORDS = 4
# How far (in tokens) a cue may sit from the quote it follows or introduces.
_MAX_TRAILER_TOKENS = 12
_MAX_LEADER_GAP = 8


def find_direct_quotes(doc: Doc, marks: list[QuoteMarks], lexicon: Lexicon) -> list[Found]:
    """Attach each quoted stretch to a cue; drop scare quotes and unattributed ones.

    Cues are tried from the most to the least certain: one tied to the closing
    mark by punctuation ('"...," she said'), one introducing the quote ('she
    said: "..."'), the attribution of the first half of a split quote, the
    attribution of the previous sentence for a quote that is a sentence of its
    own, and last a short reporting clause after a quote that ends in a period.
    """
    starts = [t.idx for t in doc]
    results: list[Found] = []
    previous: tuple[QuoteMarks, Attribution | None, bool] | None = None
    for m in marks:
        q_tokens = _tokens_between(doc, starts, m.start, m.end)
        if not q_tokens:
            continue
        after = _trailer_tokens(doc, starts, m, marks)
        before = _leader_tokens(doc, starts, m, marks)
        trailing, tied_after = _cue_after_quote(doc, m, after, lexicon)
        attribution, tied = (trailing, True) if tied_after else _cue_before_quote(before, lexicon)
        continues = (
            previous is not None
            and previous[1] is not None
            and previous[2]
            and _is_split_quote(doc, previous[0], m)
        )
        if continues and (attribution is None or is_same_cue(attribution, previous[1])):
            # '"A," she said, "B."': B belongs to A's attribution.
            attribution, tied = previous[1], True
        if attribution is None and _starts_sentence(before):
            attribution, from_quote = _cue_in_previous_sentence(doc, q_tokens[0], lexicon, results)
            # '"A," she said. "B."' is one quote when both are in one paragraph.
            continues = from_quote and "\n" not in text_of(doc)[results[-1].end : m.start]
            tied = from_quote
        if attribution is None and trailing is not None:
            if not _has_complement(doc[trailing.cue_start]):
                attribution = trailing
        if attribution is None or _is_scare_quote(doc, q_tokens, m, tied):
            previous = (m, None, False)
            continue
        if continues and results and is_same_cue(results[-1].attribution, attribution):
            results[-1].end = m.end
            results[-1].parts.append((m.start, m.end))
        else:
            results.append(Found(m.start, m.end, attribution, True, [(m.start, m.end)]))
        previous = (m, attribution, _ends_with_comma(after))
    return results


def _has_complement(cue: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in cue.children)


def is_quoted_sentence(doc: Doc, m: QuoteMarks) -> bool:
    """A closed quotation of a few words with a verb: someone's words, not a title."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not m.closed:
        return False
    words = [t for t in span if t.is_alpha]
    return len(words) >= _MIN_QUOTE_WORDS and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _tokens_between(doc: Doc, starts: list[int], start: int, end: int) -> list[Token]:
    return [
        doc[k] for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
    ]


def _is_boundary(token: Token) -> bool:
    return token.text in _SENTENCE_END or "\n" in token.text


def _trailer_tokens(
    doc: Doc, starts: list[int], m: QuoteMarks, marks: list[QuoteMarks]
) -> list[Token]:
    """Tokens after the closing mark up to the sentence end or the next quote."""
    next_open = min(
        (o.open_pos for o in marks if o.open_pos >= m.close_end), default=len(text_of(doc))
    )
    out: list[Token] = []
    i = bisect.bisect_left(starts, m.close_end)
    while i < len(doc) and doc[i].idx < next_open and len(out) < _MAX_TRAILER_TOKENS:
        out.append(doc[i])
        if _is_boundary(doc[i]):
            break
        i += 1
    return [t for t in out if not t.is_space]


def _leader_tokens(
    doc: Doc, starts: list[int], m: QuoteMarks, marks: list[QuoteMarks]
) -> list[Token]:
    """Tokens before the opening mark back to the sentence start or the previous quote."""
    prev_close = max((o.close_end for o in marks if o.close_end <= m.open_pos), default=0)
    out: list[Token] = []
    i = bisect.bisect_left(starts, m.open_pos) - 1
    while i >= 0 and doc[i].idx >= prev_close and not _is_boundary(doc[i]):
        out.append(doc[i])
        i -= 1
    return [t for t in reversed(out) if not t.is_space]


def _starts_sentence(before: list[Token]) -> bool:
    return all(t.is_punct for t in before)


def _ends_with_comma(after: list[Token]) -> bool:
    return bool(after) and after[-1].text == ","


def _is_split_quote(doc: Doc, prev: QuoteMarks, m: QuoteMarks) -> bool:
    """True when only an attribution ending in a comma separates two quotes."""
    between = text_of(doc)[prev.close_end : m.open_pos]
    return "\n" not in between and between.rstrip().endswith(",") and len(between) < 120


def _cue_after_quote(
    doc: Doc, m: QuoteMarks, after: list[Token], lexicon: Lexicon
) -> tuple[Attribution | None, bool]:
    """'"...," Sybiha wrote' / '"...," said Smith' / '"..." according to X'.

    The second item says whether punctuation ties the cue to the quote.
    """
    if not after:
        return None, False
    tied = (
        text_of(doc)[m.start : m.end][-1:] in {"?", "!", "—", "-"}
        or text_of(doc)[m.end : m.close_end].strip(MARK_CHARS + " ") == ","
        or after[0].text in DASHES
    )
    for k, t in enumerate(after):
        cues = find_cues(after[k:], lexicon)
        if cues and cues[0][0] == t.i:
            if not tied and (k > 4 or len(after) > 10):
                return None, False
            return attribute(doc, *cues[0]), tied
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}:
            return None, False  # another verb first: the trailer is a clause of its own
    return None, False


def _cue_before_quote(before: list[Token], lexicon: Lexicon) -> tuple[Attribution | None, bool]:
    """'Smith said: "..."' / 'Smith told reporters, "..."' / 'According to X, "..."' /
    'Clinton has since apologized for what happened: "..."'."""
    if not before:
        return None, False
    doc = before[0].doc
    cues = find_cues(before, lexicon)
    if not cues:
        return _colon_clause_before(before)
    start, end = cues[-1]
    gap = [t for t in before if t.i >= end]
    if len(gap) > _MAX_LEADER_GAP:
        return None, False
    if any(t.pos_ == "VERB" and t.dep_ not in {"aux", "auxpass"} for t in gap):
        return None, False
    tied = not gap or gap[-1].text in {":", ","}
    if not tied and _opens_report(doc[start], gap):
        # 'said the plan would "destroy the economy"': a fragment quoted inside
        # reported speech, which the report covers.
        return None, False
    return attribute(doc, start, end), tied


def _colon_clause_before(before: list[Token]) -> tuple[Attribution | None, bool]:
    """'Hoff's letter makes a case: "..."': a clause with a subject ending in a colon
    introduces a quotation even without a speech verb; its main verb is the cue."""
    if before[-1].text != ":":
        return None, False
    verbs = [
        t
        for t in before
        if t.pos_ == "VERB" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)
    ]
    if not verbs:
        return None, False
    verb = verbs[-1]
    return attribute(verb.doc, verb.i, verb.i + 1), True


def _opens_report(cue: Token, gap: list[Token]) -> bool:
    """True when words between the cue and the quote open the cue's complement clause."""
    comps = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"} and c.i > cue.i]
    if not comps:
        return False
    inside = {x.i for x in comps[0].subtree}
    return any(t.i in inside and t.is_alpha and t.lower_ != "that" for t in gap)


def _cue_in_previous_sentence(
    doc: Doc, first: Token, lexicon: Lexicon, results: list[Found]
) -> tuple[Attribution | None, bool]:
    """A quote standing as its own sentence takes the attribution of the one before.

    Either the previous sentence is itself an attributed quote ('"A," she
    said. "B."'; the second item is then True) or it holds a cue with a
    speaker ('Sybiha wrote to NATO on Friday. "..."').
    """
    sent_start = _sentence_start(doc, first.i)
    if sent_start == 0:
        return None, False
    prev_start = _sentence_start(doc, sent_start - 1)
    while prev_start > 0 and all(t.is_space or t.is_punct for t in doc[prev_start:sent_start]):
        prev_start = _sentence_start(doc, prev_start - 1)
    lo, hi = doc[prev_start].idx, first.idx
    for found in reversed(results):
        if found.attribution is not None and lo <= found.end <= hi:
            return found.attribution, True
    prev = [t for t in doc[prev_start:sent_start] if not t.is_space]
    for start, end in reversed(find_cues(prev, lexicon)):
        attribution = attribute(doc, start, end, borrowed=True)
        if attribution.speaker is not None:
            return attribution, False
    return None, False


def _sentence_start(doc: Doc, i: int) -> int:
    """Index of the first token of the sentence holding token ``i`` (by punctuation)."""
    while i > 0 and not _is_boundary(doc[i - 1]):
        i -= 1
    return i


def _is_scare_quote(doc: Doc, q_tokens: list[Token], m: QuoteMarks, tied: bool) -> bool:
    """A word or short phrase in quotes that nothing ties to a speaker."""
    words = [t for t in q_tokens if not t.is_punct and not t.is_space]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in q_tokens)
    if len(words) >= _MIN_QUOTE_WORDS and (has_verb or tied):
        return False
    ends_like_utterance = text_of(doc)[m.start : m.close_end].rstrip(MARK_CHARS + " ")[-1:] in {
        ",",
        ".",
        "?",
        "!",
    }
    return not (tied and (ends_like_utterance or (has_verb and len(words) >= 2)))
