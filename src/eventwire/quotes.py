"""Quotes stage: who said what, as direct quotes and reported speech.

Reads: a parsed spaCy ``Doc`` (dependency parse, lemmas, sentences) whose
``doc.spans["mentions"]`` holds the actor mentions set by
``actors.find_actors`` (label = actor type, kb_id = actor key), and the cue
lexicon ``data/speech_verbs.tsv``.

Returns: ``list[Quote]`` in text order. A direct quote is text between double
quote marks (straight or curly) attached to an attribution cue in the same or
the adjacent sentence; its content span excludes the quote marks. Reported
speech is the clausal complement of a cue verb ("X said that ...") or the
clause around "according to X". The speaker is the cue's subject, resolved to
an actor key by overlap with the mentions; "he"/"she"/"it"/"they" are resolved
to a preceding mention of a fitting type. Nothing is written to the Doc.
"""

from __future__ import annotations

import bisect
import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.records import Quote

LEXICON_PATH = Path(__file__).parent / "data" / "speech_verbs.tsv"

_OPENING_MARKS = "“„«"
_CLOSING_MARKS = "”»"
_STRAIGHT_MARK = '"'
_ALL_MARKS = _OPENING_MARKS + _CLOSING_MARKS + _STRAIGHT_MARK
_SENTENCE_END = {".", "!", "?"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Dependency relations through which a cue verb without a subject of its own
# inherits one: "X acknowledged ... but stated that", "X declined to say",
# "X spoke, saying that ...".
_INHERIT_SUBJECT_DEPS = {"conj", "xcomp", "advcl", "acl", "pcomp"}
# Parts of a subject phrase that are not the speaker's name: "Smith, the
# minister, who ..." keeps "Smith".
_SPEAKER_EXCLUDED_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they", "them"}
_PERSON_TYPES = {"PERSON"}
_GROUP_TYPES = {"ORG", "COUNTRY", "IGO", "MEDIA", "GPE"}
# A quoted stretch this short with no verb in it is a scare quote or a name
# ("victory plan") unless punctuation ties it to a cue ('"No," she said').
_MIN_QUOTE_WORDS = 4
# How far (in tokens) a cue may sit from the quote it introduces or follows.
_MAX_TRAILER_TOKENS = 12
_MAX_LEADER_GAP = 8
# Sentences searched backwards for a pronoun's antecedent.
_PRONOUN_WINDOW_SENTENCES = 3


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a cue verb lemma or phrase and what it governs."""

    cue: str
    kind: str  # verb | phrase
    complements: frozenset[str]  # clause, inf, object, none
    cls: str

    @property
    def takes_clause(self) -> bool:
        return "clause" in self.complements

    @property
    def takes_infinitive(self) -> bool:
        return "inf" in self.complements

    @property
    def takes_object(self) -> bool:
        return "object" in self.complements

    @property
    def reports(self) -> bool:
        return bool(self.complements - {"none"})


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Cue]  # lemma, or "lemma particle/preposition" -> entry
    phrases: dict[tuple[str, ...], Cue]  # lower-case token sequence -> entry


@dataclass
class _Attribution:
    """The cue of a quote and the token heading its speaker phrase."""

    cue_start: int  # token index
    cue_end: int
    speaker: Token | None
    cue_char: int  # character offset of the cue
    according: bool = False  # "according to X" rather than a verb


@dataclass
class _QuoteMarks:
    """A stretch of text between double quote marks (content excludes the marks)."""

    open_pos: int
    start: int
    end: int
    close_end: int  # char after the closing mark (== end when unclosed)


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the cue lexicon TSV (comment lines start with '#')."""
    verbs: dict[str, Cue] = {}
    phrases: dict[tuple[str, ...], Cue] = {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        complements = frozenset(c.strip() for c in row["complement"].split("|"))
        entry = Cue(row["cue"].strip().lower(), row["kind"], complements, row["class"])
        if entry.kind == "phrase":
            phrases[tuple(entry.cue.split())] = entry
        else:
            verbs[entry.cue] = entry
    return Lexicon(verbs, phrases)


def find_quotes(doc: Doc, lexicon: Lexicon | None = None) -> list[Quote]:
    """Return the direct quotes and reported speech in ``doc``, in text order."""
    lexicon = lexicon or load_lexicon()
    mentions = list(doc.spans["mentions"]) if "mentions" in doc.spans else []
    marks = find_quote_marks(doc.text)
    direct = _find_direct_quotes(doc, marks, lexicon)
    # Reporting verbs inside a quotation belong to the quoted speaker's own words.
    inside = [(s, e) for s, e, _ in direct] + [
        (m.start, m.end) for m in marks if _is_quoted_sentence(doc, m)
    ]
    used_cues = {a.cue_start for _, _, a in direct if a is not None}
    reported = _find_reported_speech(doc, lexicon, inside, used_cues)

    direct_spans = [(s, e) for s, e, _ in direct]
    quotes: list[Quote] = []
    for spans, attribution, is_direct in _merge_direct_and_reported(direct, reported):
        quotes.append(_build_quote(doc, spans, attribution, mentions, direct_spans, is_direct))
    return _deduplicate(quotes)


# --- direct quotes ---------------------------------------------------------


def find_quote_marks(text: str) -> list[_QuoteMarks]:
    """Pair double quote marks paragraph by paragraph.

    A quote left open at the end of a paragraph runs to the paragraph end: in
    news style a quote that continues into the next paragraph is not closed.
    """
    found: list[_QuoteMarks] = []
    offset = 0
    for paragraph in text.split("\n"):
        open_at: int | None = None
        for i, ch in enumerate(paragraph):
            if ch not in _ALL_MARKS:
                continue
            pos = offset + i
            if open_at is None:
                if ch in _OPENING_MARKS or ch == _STRAIGHT_MARK:
                    open_at = pos
                # A stray closing mark with no opening one is ignored.
            elif ch in _CLOSING_MARKS or ch == _STRAIGHT_MARK:
                found.append(_QuoteMarks(open_at, open_at + 1, pos, pos + 1))
                open_at = None
            else:  # a second opening mark: the first one was never closed
                found.append(_QuoteMarks(open_at, open_at + 1, pos, pos))
                open_at = pos
        if open_at is not None:
            end = offset + len(paragraph.rstrip())
            found.append(_QuoteMarks(open_at, open_at + 1, end, end))
        offset += len(paragraph) + 1
    return [_trim_marks(text, m) for m in found if m.end > m.start]


def _trim_marks(text: str, m: _QuoteMarks) -> _QuoteMarks:
    start, end = m.start, m.end
    while start < end and text[start].isspace():
        start += 1
    # The comma before the closing mark belongs to the attribution sentence:
    # '"The invitation should not be seen as an escalation," Sybiha wrote'.
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return _QuoteMarks(m.open_pos, start, end, m.close_end)


def _find_direct_quotes(
    doc: Doc, marks: list[_QuoteMarks], lexicon: Lexicon
) -> list[tuple[int, int, _Attribution | None]]:
    """Attach each quoted stretch to a cue; drop scare quotes and unattributed ones.

    Cues are tried from the most to the least certain: one tied to the closing
    mark by punctuation ('"...," she said'), one introducing the quote ('she
    said: "..."'), the attribution of the first half of a split quote, the
    attribution of the previous sentence for a quote that is a sentence of its
    own, and last a short reporting clause right after a quote ending in a period.
    """
    starts = [t.idx for t in doc]
    results: list[tuple[int, int, _Attribution | None]] = []
    previous: tuple[_QuoteMarks, _Attribution | None, bool] | None = None
    for m in marks:
        q_tokens = _tokens_in(doc, starts, m.start, m.end)
        if not q_tokens:
            continue
        after = _trailer_tokens(doc, starts, m, marks)
        before = _leader_tokens(doc, starts, m, marks)
        trailing, tied_after = _cue_after_quote(doc, m, after, lexicon)
        attribution, tied = (trailing, True) if tied_after else (None, False)
        if attribution is None:
            attribution, tied = _cue_before_quote(before, lexicon)
        continues_split = (
            previous is not None
            and previous[1] is not None
            and previous[2]
            and _ends_with_comma_before(doc, previous[0], m)
        )
        if continues_split and (attribution is None or _same_cue(attribution, previous[1])):
            # '"A," she said, "B."': B belongs to the same attribution as A.
            attribution, tied = previous[1], True
        continues_quote = False
        if attribution is None and _starts_sentence(before):
            attribution, continues_quote = _cue_in_previous_sentence(
                doc, q_tokens[0], lexicon, results
            )
            # '"A," she said. "B."' is one quote when both are in one paragraph.
            continues_split = continues_quote and "\n" not in doc.text[results[-1][1] : m.start]
        if attribution is None and trailing is not None and not _has_complement(doc[trailing.cue_start]):
            attribution = trailing
        if attribution is None or _is_scare_quote(doc, q_tokens, m, tied):
            previous = (m, None, False)
            continue
        if continues_split and results and _same_cue(results[-1][2], attribution):
            start, _, _ = results.pop()
            results.append((start, m.end, attribution))
        else:
            results.append((m.start, m.end, attribution))
        previous = (m, attribution, _trailer_ends_with_comma(after))
    return results


def _same_cue(a: _Attribution | None, b: _Attribution | None) -> bool:
    return a is not None and b is not None and a.cue_start == b.cue_start


def _has_complement(cue: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in cue.children)


def _is_quoted_sentence(doc: Doc, m: _QuoteMarks) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or m.close_end == m.end:
        return False
    words = [t for t in span if t.is_alpha]
    return len(words) >= _MIN_QUOTE_WORDS and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _tokens_in(doc: Doc, starts: list[int], start: int, end: int) -> list[Token]:
    i = bisect.bisect_left(starts, start)
    j = bisect.bisect_left(starts, end)
    return [doc[k] for k in range(i, j)]


def _is_boundary(token: Token) -> bool:
    return token.text in _SENTENCE_END or "\n" in token.text


def _trailer_tokens(
    doc: Doc, starts: list[int], m: _QuoteMarks, marks: list[_QuoteMarks]
) -> list[Token]:
    """Tokens after the closing mark up to the sentence end or the next quote."""
    next_open = min((o.open_pos for o in marks if o.open_pos >= m.close_end), default=len(doc.text))
    i = bisect.bisect_left(starts, m.close_end)
    out: list[Token] = []
    while i < len(doc) and doc[i].idx < next_open and len(out) < _MAX_TRAILER_TOKENS:
        out.append(doc[i])
        if _is_boundary(doc[i]):
            break
        i += 1
    return out


def _leader_tokens(
    doc: Doc, starts: list[int], m: _QuoteMarks, marks: list[_QuoteMarks]
) -> list[Token]:
    """Tokens before the opening mark back to the sentence start or the previous quote."""
    prev_close = max((o.close_end for o in marks if o.close_end <= m.open_pos), default=0)
    i = bisect.bisect_left(starts, m.open_pos) - 1
    out: list[Token] = []
    while i >= 0 and doc[i].idx >= prev_close and not _is_boundary(doc[i]):
        out.append(doc[i])
        i -= 1
    out.reverse()
    return out


def _starts_sentence(before: list[Token]) -> bool:
    return all(t.is_punct or t.is_space for t in before)


def _trailer_ends_with_comma(after: list[Token]) -> bool:
    words = [t for t in after if not t.is_space]
    return bool(words) and words[-1].text == ","


def _ends_with_comma_before(doc: Doc, prev: _QuoteMarks, m: _QuoteMarks) -> bool:
    """True when only an attribution ending in a comma separates two quotes."""
    between = doc.text[prev.close_end : m.open_pos]
    return "\n" not in between and between.rstrip().endswith(",") and len(between) < 120


def _cue_token_at(tokens: list[Token], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Cue occurrences among ``tokens`` as (start, end) token indices in the doc."""
    found = []
    for k, t in enumerate(tokens):
        if _verb_cue(t, lexicon) is not None:
            found.append((t.i, _cue_end(t, lexicon)))
            continue
        for phrase in lexicon.phrases:
            words = [x.lower_ for x in tokens[k : k + len(phrase)]]
            if tuple(words) == phrase:
                found.append((t.i, t.i + len(phrase)))
    return found


def _cue_after_quote(
    doc: Doc, m: _QuoteMarks, after: list[Token], lexicon: Lexicon
) -> tuple[_Attribution | None, bool]:
    """'"...," Sybiha wrote' / '"...," said Smith' / '"..." according to X'."""
    words = [t for t in after if not t.is_space]
    if not words:
        return None, False
    closing_punct = doc.text[m.start : m.end][-1:] in {",", "?", "!", "—", "-"} or (
        doc.text[m.end : m.close_end].strip(_ALL_MARKS + " ") == ","
    )
    tied = closing_punct or words[0].text in {",", "—", "-", "–"}
    sentence_len = len(words)
    for k, t in enumerate(words):
        if t.pos_ in {"VERB", "AUX"} and _verb_cue(t, lexicon) is None and t.dep_ != "aux":
            return None, False  # another verb comes first: the trailer is a new clause
        cues = _cue_token_at(words[k:], lexicon)
        if cues and cues[0][0] == t.i:
            start, end = cues[0]
            if not tied and (k > 4 or sentence_len > 10):
                return None, False
            return _Attribution(start, end, _speaker_head(doc, start, end), doc[start].idx), tied
    return None, False


def _cue_before_quote(before: list[Token], lexicon: Lexicon) -> tuple[_Attribution | None, bool]:
    """'Smith said: "..."' / 'Smith told reporters, "..."' / 'According to X, "..."'."""
    words = [t for t in before if not t.is_space]
    if not words:
        return None, False
    cues = _cue_token_at(words, lexicon)
    if not cues:
        return None, False
    start, end = cues[-1]
    doc = words[0].doc
    gap = [t for t in words if t.i >= end]
    if len(gap) > _MAX_LEADER_GAP:
        return None, False
    if any(t.pos_ == "VERB" and t.dep_ not in {"aux", "auxpass"} for t in gap):
        return None, False
    tied = bool(gap) and gap[-1].text in {":", ","} or not gap
    if not tied and _is_inside_report(doc[start], gap):
        # 'said the plan would "destroy the economy"': a quoted fragment inside
        # reported speech; the report is the quote.
        return None, False
    return _Attribution(start, end, _speaker_head(doc, start, end), doc[start].idx), tied


def _is_inside_report(cue: Token, gap: list[Token]) -> bool:
    """True when words between the cue and the quote open the cue's complement clause."""
    comps = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"} and c.i > cue.i]
    if not comps:
        return False
    inside = {x.i for x in comps[0].subtree}
    return any(t.i in inside and t.is_alpha and t.lower_ != "that" for t in gap)


def _cue_in_previous_sentence(
    doc: Doc,
    first: Token,
    lexicon: Lexicon,
    results: list[tuple[int, int, _Attribution | None]],
) -> tuple[_Attribution | None, bool]:
    """A quote standing as its own sentence takes the attribution of the one before.

    Either the previous sentence is itself an attributed quote ('"A," she
    said. "B."'; the second item is then True) or it holds a cue with a
    speaker ('Sybiha wrote to NATO. "..."').
    """
    sent_start = _sentence_start_before(doc, first.i)
    if sent_start is None or sent_start == 0:
        return None, False
    prev_start = _sentence_start_before(doc, sent_start - 1) or 0
    while prev_start > 0 and all(t.is_space or t.is_punct for t in doc[prev_start:sent_start]):
        prev_start = _sentence_start_before(doc, prev_start - 1) or 0
    lo, hi = doc[prev_start].idx, first.idx
    for _s, e, a in reversed(results):
        if a is not None and lo <= e <= hi:
            return a, True
    prev = [t for t in doc[prev_start:sent_start] if not t.is_space]
    for start, end in reversed(_cue_token_at(prev, lexicon)):
        speaker = _speaker_head(doc, start, end)
        if speaker is not None:
            return _Attribution(start, end, speaker, doc[start].idx), False
    return None, False


def _sentence_start_before(doc: Doc, i: int) -> int | None:
    """Index of the first token of the sentence containing token ``i``."""
    if i < 0:
        return None
    k = i
    while k > 0 and not _is_boundary(doc[k - 1]):
        k -= 1
    return k


def _is_scare_quote(doc: Doc, q_tokens: list[Token], m: _QuoteMarks, tied: bool) -> bool:
    """A word or short phrase in quotes that nothing ties to a speaker."""
    words = [t for t in q_tokens if not t.is_punct and not t.is_space]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in q_tokens)
    if len(words) >= _MIN_QUOTE_WORDS and (has_verb or tied):
        return False
    ends_like_utterance = doc.text[m.start : m.close_end].rstrip(_ALL_MARKS + " ")[-1:] in {
        ",",
        ".",
        "?",
        "!",
    }
    return not (tied and ends_like_utterance) and not (has_verb and len(words) >= 2 and tied)


# --- reported speech -------------------------------------------------------


def _verb_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    found = _match_verb_cue(token, lexicon)
    return found[0] if found else None


def _match_verb_cue(token: Token, lexicon: Lexicon) -> tuple[Cue, Token | None] | None:
    """The lexicon entry for a verb, preferring "verb particle" and "verb preposition"
    entries ("point out", "call for"); the second item is that particle or preposition."""
    if token.pos_ != "VERB" and not (token.pos_ == "AUX" and token.lemma_ == "say"):
        return None
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in {"prt", "prep"} and child.i > token.i:
            entry = lexicon.verbs.get(f"{lemma} {child.lower_}")
            if entry is not None:
                return entry, child
    entry = lexicon.verbs.get(lemma)
    return (entry, None) if entry is not None else None


def _cue_end(token: Token, lexicon: Lexicon | None = None) -> int:
    """Token index after the cue: the verb, or the verb and its adjacent particle."""
    lexicon = lexicon or load_lexicon()
    found = _match_verb_cue(token, lexicon)
    extra = found[1] if found else None
    return extra.i + 1 if extra is not None and extra.i == token.i + 1 else token.i + 1


def _find_reported_speech(
    doc: Doc, lexicon: Lexicon, inside: list[tuple[int, int]], used_cues: set[int]
) -> list[tuple[int, int, _Attribution]]:
    """Complements of cue verbs and clauses around 'according to X'."""
    found = []
    for t in doc:
        if t.i in used_cues or _is_inside(t.idx, inside):
            continue
        if t.lower_ == "according":
            item = _according_to(doc, t)
            if item is not None:
                found.append(item)
            continue
        match = _match_verb_cue(t, lexicon)
        if match is None or not match[0].reports:
            continue
        span = _complement_span(t, match[0], match[1])
        if span is None:
            continue
        start, end = _trim_content(doc, *_within_paragraph(doc, span[0], span[1], t.i))
        if end - start < 2 or sum(1 for x in doc[start:end] if x.is_alpha) < 2:
            continue
        cue_end = _cue_end(t, lexicon)
        attribution = _Attribution(t.i, cue_end, _speaker_head(doc, t.i, cue_end), t.idx)
        found.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution))
    return found


def _within_paragraph(doc: Doc, start: int, end: int, cue: int) -> tuple[int, int]:
    """Cut a content range at paragraph breaks, keeping the side of the cue."""
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


def _is_inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _complement_span(t: Token, entry: Cue, extra: Token | None) -> tuple[int, int] | None:
    """Token range of what the cue reports, or None when it reports nothing here."""
    if extra is not None and extra.dep_ == "prep":
        # "called for a ban", "warned of the dangers": the preposition's object.
        objects = [c for c in extra.children if c.dep_ in {"pobj", "pcomp"}]
        return (extra.i + 1, objects[0].right_edge.i + 1) if objects else None
    deps = set()
    if entry.takes_clause:
        deps.add("ccomp")
    if entry.takes_infinitive:
        deps.add("xcomp")
    comps = [c for c in t.children if c.dep_ in deps]
    if entry.takes_clause and not comps:
        comps = _question_clause(t)
    if comps:
        # The nearest clause after the cue; a second one after a comma is
        # usually the main clause misattached ("declared it to be ..., no X has been set").
        after = [c for c in comps if c.i > t.i]
        comp = after[0] if after else comps[-1]
        start, end = comp.left_edge.i, comp.right_edge.i + 1
        if comp.dep_ == "xcomp":
            # "urged NATO members to approve ...": the addressee opens the content.
            objects = [c for c in t.children if c.dep_ == "dobj" and t.i < c.i < comp.i]
            if objects:
                start = objects[0].left_edge.i
        return start, end
    if entry.takes_clause:
        span = _parenthetical_span(t) or _clause_before_reporting(t)
        if span is not None:
            return span
    if entry.takes_object:
        span = _object_span(t)
        if span is not None:
            return span
    if entry.takes_clause:
        span = _that_clause_after(t)
        if span is not None:
            return span
    return _parenthetical_span(t)


def _clause_before_reporting(t: Token) -> tuple[int, int] | None:
    """'<report>, said the company's chief executive, John J. Ferriola.' and
    '<report>, he said.': a reporting clause closing the sentence after a comma,
    whatever the parser attached the report to."""
    doc, sent = t.doc, t.sent
    if any(c.dep_ in {"ccomp", "xcomp", "dobj", "conj"} and c.i > t.i for c in t.children):
        return None
    own = set()
    for c in t.children:
        if c.dep_ in _SUBJECT_DEPS or c.dep_ in {"aux", "advmod", "neg"}:
            own.update(x.i for x in c.subtree)
    k = t.i - 1
    while k > sent.start and (k in own or doc[k].pos_ in {"AUX", "ADV", "PART"}):
        k -= 1
    if k <= sent.start or doc[k].text not in {",", "—", "–"}:
        return None
    tail = [x for x in doc[t.i + 1 : sent.end] if not x.is_space and not x.is_punct]
    if len(tail) > 25 or any(x.text in {":", ";"} for x in doc[t.i + 1 : sent.end]):
        return None
    if any(x.pos_ in {"VERB", "AUX"} and not t.is_ancestor(x) for x in tail):
        # "The museum, he said, is ...": a reporting clause set off by commas
        # inside the report; the content is the whole sentence.
        after = max(x.i for x in t.subtree if not x.is_punct) + 1
        if after < sent.end and doc[after].text in {",", "—", "–"}:
            return sent.start, sent.end
        return None
    return sent.start, k


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
        if c.dep_ == "advcl" and c.left_edge.i == opens_at and c.left_edge.lower_ in {"if", "whether"}
    ]


def _object_span(t: Token) -> tuple[int, int] | None:
    """'announced his candidacy', 'accused Cruz of lying', 'described X as Y',
    'called it a disaster': the object and what the verb says about it."""
    objects = [c for c in t.children if c.dep_ == "dobj" and c.i > t.i]
    if not objects:
        return None
    obj = objects[0]
    end = obj.right_edge.i + 1
    for c in t.children:
        if c.i <= obj.i:
            continue
        if c.dep_ in {"oprd", "xcomp", "ccomp"} or (
            c.dep_ == "prep" and c.lower_ in {"of", "as", "for"}
        ):
            end = max(end, c.right_edge.i + 1)
    return obj.left_edge.i, end


def _that_clause_after(t: Token) -> tuple[int, int] | None:
    """'X said following a vote in 2001 that ...' where the parser hung the clause
    elsewhere: a 'that' a few words after the cue with only modifiers in between."""
    doc = t.doc
    for k in range(t.i + 1, min(len(doc), t.i + 10)):
        x = doc[k]
        if x.lower_ == "that" and x.tag_ == "IN" and x.head.i > x.i:
            clause = x.head
            return k, max(clause.right_edge.i, clause.i) + 1
        if x.tag_ in {"VBD", "VBZ", "VBP", "MD"} or x.dep_ == "dobj" and x.head is t:
            return None
        if x.is_punct and x.text not in {"-", "—"}:
            return None
    return None


def _parenthetical_span(t: Token) -> tuple[int, int] | None:
    """'The economy, he said, is growing' / 'Instead, he argued, it would ...' /
    'It is growing, he said': the cue is parenthetical and the report is its head clause."""
    head = t.head
    if head is t or head.pos_ not in {"VERB", "AUX"}:
        return None
    if t.dep_ != "parataxis" and not (t.dep_ == "ccomp" and head.i < t.i):
        return None
    doc = t.doc
    inner_start, inner_end = t.left_edge.i, t.right_edge.i + 1
    beside = [doc[k] for k in (inner_start - 1, inner_end) if 0 <= k < len(doc)]
    if not any(x.text in {",", "—", "–"} for x in beside):
        return None
    start, end = head.left_edge.i, head.right_edge.i + 1
    start, end = min(start, inner_start), max(end, inner_end)
    before = [x for x in doc[start:inner_start] if x.is_alpha]
    after = [x for x in doc[inner_end:end] if x.is_alpha]
    # "Instead, he argued, it would ...": only an adverbial precedes the cue.
    adverbial_only = not any(x.head is head and x.dep_ in _SUBJECT_DEPS for x in before)
    if len(before) <= 2 and adverbial_only and len(after) >= 2:
        return inner_end, end
    if len(after) <= 1 and len(before) >= 2:
        return start, inner_start
    if before and after:
        return start, end
    return None


def _according_to(doc: Doc, t: Token) -> tuple[int, int, _Attribution] | None:
    """'According to X, ...' and '..., according to X.': content is the rest of the clause."""
    to = next((c for c in t.children if c.lower_ == "to"), None)
    if to is None and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
        to = doc[t.i + 1]
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    sent = t.sent
    phrase_start = t.i
    phrase_end = max(t.right_edge.i, to.right_edge.i) + 1
    before = [x for x in doc[sent.start : phrase_start] if not x.is_space]
    after = [x for x in doc[phrase_end : sent.end] if not x.is_space]
    before_words = [x for x in before if x.is_alpha]
    after_words = [x for x in after if x.is_alpha]
    if len(before_words) <= 1 and len(after_words) >= 2:
        start, end = phrase_end, sent.end
    elif len(after_words) <= 1 and len(before_words) >= 2:
        start, end = sent.start, phrase_start
    elif before_words and after_words:
        start, end = sent.start, sent.end
    else:
        return None
    start, end = _trim_content(doc, start, end)
    if end - start < 2:
        return None
    attribution = _Attribution(t.i, to.i + 1, source, t.idx, according=True)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution


def _trim_content(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and spaces but keep quote marks balanced: a clause
    ending inside a quotation ('are "non-entities in the Senate,"') keeps its closing mark."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        if doc[start].text in _ALL_MARKS and _is_quote_opening(doc, start, end):
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in _ALL_MARKS:
            marks = sum(1 for x in doc[start : end - 1] if x.text in _ALL_MARKS)
            if marks % 2 == 1:
                break
        end -= 1
    if sum(1 for x in doc[start:end] if x.text in _ALL_MARKS) % 2 == 1:
        for k in range(end, min(end + 3, len(doc))):
            if doc[k].text in _ALL_MARKS:
                return start, k + 1
            if not doc[k].is_punct:
                break
    return start, end


def _is_quote_opening(doc: Doc, start: int, end: int) -> bool:
    marks = sum(1 for x in doc[start:end] if x.text in _ALL_MARKS)
    return marks % 2 == 0 and marks > 0


# --- combining and speakers ------------------------------------------------


def _merge_direct_and_reported(
    direct: list[tuple[int, int, _Attribution | None]],
    reported: list[tuple[int, int, _Attribution]],
) -> list[tuple[tuple[int, int, _Attribution | None], _Attribution | None, bool]]:
    """One quote per cue: a reported clause that only wraps a direct quote yields to it,
    and a direct quote lying inside a reported clause of the same speaker is dropped."""
    kept_reported = []
    for r in reported:
        wrapped = [d for d in direct if r[0] <= d[0] and d[1] <= r[1]]
        if wrapped and all(_only_wraps(r, d) for d in wrapped):
            continue
        if any(not _same_cue(d[2], r[2]) and not _only_wraps(r, d) for d in wrapped):
            # The parser ran the clause into a quote with its own attribution.
            continue
        overlaps_direct = any(d[0] < r[1] and r[0] < d[1] and not (r[0] <= d[0]) for d in direct)
        if overlaps_direct:
            continue
        kept_reported.append(r)
    kept_direct = [
        d
        for d in direct
        if not any(r[0] <= d[0] and d[1] <= r[1] and not _only_wraps(r, d) for r in kept_reported)
    ]
    # A report nested in another report's content ("X emphasized that Ukraine
    # acknowledges ...") is part of what X said, not a separate statement.
    kept_reported = [
        r
        for r in kept_reported
        if not any(o is not r and _is_nested(r, o) for o in kept_reported)
    ]
    items = [(d, d[2], True) for d in kept_direct] + [(r, r[2], False) for r in kept_reported]
    items.sort(key=lambda x: x[0][0])
    return items


def _is_nested(r: tuple[int, int, _Attribution], o: tuple[int, int, _Attribution]) -> bool:
    """True when report ``r`` is part of what report ``o`` says. When each holds the
    other's cue ("X said ..., according to the paper"), the verb's report wins."""
    if not o[0] <= _cue_char(r) < o[1]:
        return False
    if r[0] <= _cue_char(o) < r[1]:
        return r[2].according and not o[2].according
    return True


def _cue_char(item: tuple[int, int, _Attribution]) -> int:
    return item[2].cue_char


def _only_wraps(r: tuple[int, int, object], d: tuple[int, int, object]) -> bool:
    # "that" plus quote marks and punctuation is at most ~8 characters of slack.
    return (d[0] - r[0]) + (r[1] - d[1]) <= 8


def _speaker_head(doc: Doc, cue_start: int, cue_end: int) -> Token | None:
    """The token heading the speaker phrase of the cue at ``cue_start``."""
    cue = doc[cue_start]
    if cue.lower_ == "according":
        to = doc[cue_start + 1] if cue_start + 1 < len(doc) else None
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if cue.pos_ not in {"VERB", "AUX"}:
        # A phrase cue ("in a statement"): the subject of the verb it modifies.
        cue = cue.head
    for _ in range(4):
        # With two subjects ("The rejection ... signals X, said Wilders") the
        # parser took the reported clause's subject too: the speaker is nearer the verb.
        subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS]
        subject = min(subjects, key=lambda c: abs(c.i - cue.i)) if subjects else None
        if subject is None:
            # "Mr. Slinker, whose start-up uses ..., said ...": the parser hung the
            # speaker on a clause before the verb.
            left = [c for c in cue.children if c.dep_ in {"ccomp", "csubj"} and c.i < cue.i]
            if left and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
                subject = next((c for c in left[0].children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and subject.dep_ == "nsubjpass" and _is_perfect(cue):
            return subject  # "he's said" read as a passive
        if subject is not None and subject.dep_ == "nsubjpass":
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return by
        if subject is not None:
            return subject
        if cue.dep_ == "relcl":
            return cue.head
        if cue.dep_ not in _INHERIT_SUBJECT_DEPS or cue.head is cue:
            return None
        head = cue.head
        if cue.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            # "a statement saying that ...": the speaker is whoever issued it.
            head = head.head
        cue = head
    return None


def _is_perfect(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children)


def _build_quote(
    doc: Doc,
    spans: tuple[int, int, _Attribution | None],
    attribution: _Attribution | None,
    mentions: list[Span],
    direct_spans: list[tuple[int, int]],
    direct: bool,
) -> Quote:
    start, end, _ = spans
    text = _quote_text(doc.text, start, end) if direct else doc.text[start:end]
    quote = Quote(start=start, end=end, text=text, direct=direct)
    if attribution is None:
        return quote
    cue_tokens = doc[attribution.cue_start : attribution.cue_end]
    quote.cue = cue_tokens.text
    quote.cue_start = cue_tokens.start_char
    quote.cue_end = cue_tokens.end_char
    if attribution.speaker is not None:
        _set_speaker(quote, attribution.speaker, mentions, direct_spans)
    return quote


def _quote_text(text: str, start: int, end: int) -> str:
    """The quoted words; for a split quote the parts are joined without the attribution."""
    inner = text[start:end]
    parts = find_quote_marks(inner)
    if len(parts) <= 1 or not any(ch in _ALL_MARKS for ch in inner):
        return inner
    first = inner[: parts[0].open_pos].rstrip(" ," + _ALL_MARKS)
    pieces = [first] + [inner[p.start : p.end] for p in parts[1:]]
    return " ".join(p for p in pieces if p)


def _set_speaker(
    quote: Quote, head: Token, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> None:
    doc = head.doc
    if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl":
        # "Smith, who said ...": the evidence is "who", the speaker its antecedent.
        _set_speaker(quote, head.head.head, mentions, direct_spans)
        quote.speaker_start, quote.speaker_end = head.idx, head.idx + len(head)
        return
    if head.pos_ == "PRON":
        quote.speaker_start, quote.speaker_end = head.idx, head.idx + len(head)
        quote.speaker_name = head.text
        antecedent = _resolve_pronoun(head, mentions, direct_spans)
        if antecedent is not None:
            quote.speaker = antecedent.kb_id_ or None
            quote.speaker_name = antecedent.text
        return
    mention = _mention_at(head, mentions)
    if mention is None:
        for appos in (c for c in head.children if c.dep_ == "appos"):
            mention = _mention_at(appos, mentions)
            if mention is not None:
                break
    if mention is not None:
        quote.speaker = mention.kb_id_ or None
        quote.speaker_name = mention.text
        quote.speaker_start, quote.speaker_end = mention.start_char, mention.end_char
        return
    phrase = _speaker_phrase(head)
    quote.speaker_name = doc[phrase[0] : phrase[1]].text
    quote.speaker_start = doc[phrase[0]].idx
    quote.speaker_end = doc[phrase[1] - 1].idx + len(doc[phrase[1] - 1])


def _mention_at(token: Token, mentions: list[Span]) -> Span | None:
    for span in mentions:
        if span.start <= token.i < span.end:
            return span
    return None


def _speaker_phrase(head: Token) -> tuple[int, int]:
    """Token range of the subject phrase without appositions, clauses or punctuation."""
    indices = [head.i]
    for child in head.children:
        if child.dep_ in _SPEAKER_EXCLUDED_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
            continue
        indices.extend(x.i for x in child.subtree if not x.is_punct)
    return min(indices), max(indices) + 1


def _resolve_pronoun(
    pronoun: Token, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> Span | None:
    """The mention a he/she/it/they refers to: the subject of the nearest sentence
    (current one first) that has a mention of a fitting type, else its last such mention."""
    word = pronoun.lower_
    if word in _PERSON_PRONOUNS:
        types = _PERSON_TYPES
    elif word in _GROUP_PRONOUNS:
        types = _GROUP_TYPES
    else:
        return None
    doc = pronoun.doc
    candidates = [
        m
        for m in mentions
        if m.label_ in types and m.end <= pronoun.i and not _is_inside(m.start_char, direct_spans)
    ]
    if not candidates:
        return None
    sentence = pronoun.sent
    for _ in range(_PRONOUN_WINDOW_SENTENCES + 1):
        in_sentence = [m for m in candidates if sentence.start <= m.start < sentence.end]
        subjects = [m for m in in_sentence if m.root.dep_ in _SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if in_sentence:
            return in_sentence[-1]
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    return None


def _deduplicate(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int, int]] = set()
    out = []
    for q in sorted(quotes, key=lambda q: (q.start, q.end)):
        if (q.start, q.end) in seen:
            continue
        seen.add((q.start, q.end))
        out.append(q)
    return out
