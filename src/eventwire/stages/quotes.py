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
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.nlp import sentence_of, text_of
from eventwire.records import Quote

LEXICON_PATH = Path(__file__).parents[1] / "data" / "speech_verbs.tsv"

# Curly marks and guillemets have a direction; the straight mark and the
# typewriter pair '' (wire archives) both open and close.
_MARK_PATTERN = re.compile(r"''|``|[\"“”„«»]")
_OPENING_MARKS = {"“", "„", "«", "``"}
_CLOSING_MARKS = {"”", "»"}
_MARK_TOKENS = _OPENING_MARKS | _CLOSING_MARKS | {'"', "''"}
_MARK_CHARS = "\"“”„«»'`"
_SENTENCE_END = {".", "!", "?"}
_DASHES = {",", "—", "–", "-"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# A cue verb without a subject of its own takes its head's: "X acknowledged ...
# but stated that", "X declined to say", "X spoke, saying that ...".
_INHERIT_SUBJECT_DEPS = {"conj", "xcomp", "advcl", "acl", "pcomp"}
# Parts of a subject phrase that are not the speaker: "Smith, the minister, who ..."
_SPEAKER_EXCLUDED_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they", "them"}
_PERSON_TYPES = {"PERSON"}
_GROUP_TYPES = {"ORG", "COUNTRY", "IGO", "MEDIA", "GPE"}
# A quoted stretch shorter than this, or without a verb, is a scare quote or a
# title unless punctuation ties it to a cue ('"No," she said').
_MIN_QUOTE_WORDS = 4
# How far (in tokens) a cue may sit from the quote it follows or introduces.
_MAX_TRAILER_TOKENS = 12
_MAX_LEADER_GAP = 8
# Sentences searched backwards for a pronoun's antecedent.
_PRONOUN_WINDOW_SENTENCES = 3
# Slack (characters) between a reported clause and the direct quote it wraps:
# "that" plus marks and punctuation.
_WRAP_SLACK = 8


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a cue verb (lemma, or lemma + particle/preposition) or phrase."""

    cue: str
    kind: str  # verb | phrase
    complements: frozenset[str]  # clause, inf, object, none
    cls: str  # speech | writing | cognition | evidence

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
    verbs: dict[str, Cue]  # "say", "point out", "call for" -> entry
    phrases: dict[tuple[str, ...], Cue]  # ("according", "to") -> entry
    # Phrases that join the cue when they follow its verb: "said in a statement".
    extensions: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class QuoteMarks:
    """A stretch between double quote marks; ``start``/``end`` exclude the marks."""

    open_pos: int
    start: int
    end: int
    close_end: int  # after the closing mark; == end when the quote is never closed

    @property
    def closed(self) -> bool:
        return self.close_end > self.end


@dataclass
class _Attribution:
    """The cue of a quote and the token heading its speaker phrase."""

    cue_start: int  # token indices
    cue_end: int
    speaker: Token | None
    cue_char: int  # character offset of the cue
    according: bool = False  # "according to X" rather than a verb
    # Taken from a cue in the previous sentence ('Sybiha wrote to NATO. "..."'):
    # that cue keeps its own reported content too.
    borrowed: bool = False


@dataclass
class _Found:
    """A quote candidate: content span, attribution and, for direct quotes, the parts."""

    start: int
    end: int
    attribution: _Attribution | None
    direct: bool
    parts: list[tuple[int, int]] = field(default_factory=list)


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the cue lexicon TSV (lines starting with '#' are comments)."""
    verbs: dict[str, Cue] = {}
    phrases: dict[tuple[str, ...], Cue] = {}
    extensions: list[tuple[str, ...]] = []
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        complements = frozenset(c.strip() for c in row["complement"].split("|"))
        entry = Cue(row["cue"].strip().lower(), row["kind"].strip(), complements, row["class"])
        if entry.kind == "phrase":
            phrases[tuple(entry.cue.split())] = entry
        elif entry.kind == "extension":
            extensions.append(tuple(entry.cue.split()))
        else:
            verbs[entry.cue] = entry
    return Lexicon(verbs, phrases, tuple(extensions))


def find_quotes(doc: Doc, lexicon: Lexicon | None = None) -> list[Quote]:
    """Return the direct quotes and reported speech in ``doc``, in text order."""
    lexicon = lexicon or load_lexicon()
    mentions = list(doc.spans["mentions"]) if "mentions" in doc.spans else []
    marks = find_quote_marks(text_of(doc))
    direct = _find_direct_quotes(doc, marks, lexicon)
    # A reporting verb inside a quotation belongs to the quoted speaker's words.
    inside = [(d.start, d.end) for d in direct]
    inside += [(m.start, m.end) for m in marks if _is_quoted_sentence(doc, m)]
    used_cues = {
        d.attribution.cue_start
        for d in direct
        if d.attribution is not None and not d.attribution.borrowed
    }
    reported = _find_reported_speech(doc, lexicon, inside, used_cues)
    direct_spans = [(d.start, d.end) for d in direct]
    quotes = [
        _build_quote(doc, found, mentions, direct_spans) for found in _combine(direct, reported)
    ]
    return _deduplicate(quotes)


# --- direct quotes ---------------------------------------------------------


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Pair double quote marks paragraph by paragraph.

    A quote left open at the end of a paragraph runs to the paragraph end: in
    news style a quote that goes on into the next paragraph is not closed.
    """
    found: list[QuoteMarks] = []
    offset = 0
    for paragraph in text.split("\n"):
        open_at: tuple[int, int] | None = None  # position and length of the opening mark
        for match in _MARK_PATTERN.finditer(paragraph):
            mark, pos = match.group(), offset + match.start()
            if open_at is None:
                if mark not in _CLOSING_MARKS:  # a stray closing mark is ignored
                    open_at = (pos, len(mark))
            elif mark not in _OPENING_MARKS:
                found.append(QuoteMarks(open_at[0], sum(open_at), pos, pos + len(mark)))
                open_at = None
            else:  # a second opening mark: the first quote was never closed
                found.append(QuoteMarks(open_at[0], sum(open_at), pos, pos))
                open_at = (pos, len(mark))
        if open_at is not None:
            end = offset + len(paragraph.rstrip())
            found.append(QuoteMarks(open_at[0], sum(open_at), end, end))
        offset += len(paragraph) + 1
    return [m for m in (_trim_marks(text, m) for m in found) if m.end > m.start]


def _trim_marks(text: str, m: QuoteMarks) -> QuoteMarks:
    start, end = m.start, m.end
    while start < end and text[start].isspace():
        start += 1
    # The comma before the closing mark belongs to the attribution sentence:
    # '"The invitation should not be seen as an escalation," Sybiha wrote'.
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteMarks(m.open_pos, start, end, m.close_end)


def _find_direct_quotes(doc: Doc, marks: list[QuoteMarks], lexicon: Lexicon) -> list[_Found]:
    """Attach each quoted stretch to a cue; drop scare quotes and unattributed ones.

    Cues are tried from the most to the least certain: one tied to the closing
    mark by punctuation ('"...," she said'), one introducing the quote ('she
    said: "..."'), the attribution of the first half of a split quote, the
    attribution of the previous sentence for a quote that is a sentence of its
    own, and last a short reporting clause after a quote that ends in a period.
    """
    starts = [t.idx for t in doc]
    results: list[_Found] = []
    previous: tuple[QuoteMarks, _Attribution | None, bool] | None = None
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
        if continues and (attribution is None or _is_same_cue(attribution, previous[1])):
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
        if continues and results and _is_same_cue(results[-1].attribution, attribution):
            results[-1].end = m.end
            results[-1].parts.append((m.start, m.end))
        else:
            results.append(_Found(m.start, m.end, attribution, True, [(m.start, m.end)]))
        previous = (m, attribution, _ends_with_comma(after))
    return results


def _is_same_cue(a: _Attribution | None, b: _Attribution | None) -> bool:
    return a is not None and b is not None and a.cue_start == b.cue_start


def _has_complement(cue: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in cue.children)


def _is_quoted_sentence(doc: Doc, m: QuoteMarks) -> bool:
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


def _find_cues(tokens: list[Token], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Cue occurrences among ``tokens`` as (start, end) token indices in the doc."""
    found = []
    for k, t in enumerate(tokens):
        if _match_verb_cue(t, lexicon) is not None:
            found.append((t.i, _cue_end(t, lexicon)))
            continue
        for phrase in lexicon.phrases:
            if tuple(x.lower_ for x in tokens[k : k + len(phrase)]) == phrase:
                found.append((t.i, t.i + len(phrase)))
    return found


def _attribute(doc: Doc, start: int, end: int, borrowed: bool = False) -> _Attribution:
    return _Attribution(start, end, _find_speaker(doc, start), doc[start].idx, borrowed=borrowed)


def _cue_after_quote(
    doc: Doc, m: QuoteMarks, after: list[Token], lexicon: Lexicon
) -> tuple[_Attribution | None, bool]:
    """'"...," Sybiha wrote' / '"...," said Smith' / '"..." according to X'.

    The second item says whether punctuation ties the cue to the quote.
    """
    if not after:
        return None, False
    tied = (
        text_of(doc)[m.start : m.end][-1:] in {"?", "!", "—", "-"}
        or text_of(doc)[m.end : m.close_end].strip(_MARK_CHARS + " ") == ","
        or after[0].text in _DASHES
    )
    for k, t in enumerate(after):
        cues = _find_cues(after[k:], lexicon)
        if cues and cues[0][0] == t.i:
            if not tied and (k > 4 or len(after) > 10):
                return None, False
            return _attribute(doc, *cues[0]), tied
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}:
            return None, False  # another verb first: the trailer is a clause of its own
    return None, False


def _cue_before_quote(before: list[Token], lexicon: Lexicon) -> tuple[_Attribution | None, bool]:
    """'Smith said: "..."' / 'Smith told reporters, "..."' / 'According to X, "..."' /
    'Clinton has since apologized for what happened: "..."'."""
    if not before:
        return None, False
    doc = before[0].doc
    cues = _find_cues(before, lexicon)
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
    return _attribute(doc, start, end), tied


def _colon_clause_before(before: list[Token]) -> tuple[_Attribution | None, bool]:
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
    return _attribute(verb.doc, verb.i, verb.i + 1), True


def _opens_report(cue: Token, gap: list[Token]) -> bool:
    """True when words between the cue and the quote open the cue's complement clause."""
    comps = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"} and c.i > cue.i]
    if not comps:
        return False
    inside = {x.i for x in comps[0].subtree}
    return any(t.i in inside and t.is_alpha and t.lower_ != "that" for t in gap)


def _cue_in_previous_sentence(
    doc: Doc, first: Token, lexicon: Lexicon, results: list[_Found]
) -> tuple[_Attribution | None, bool]:
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
    for start, end in reversed(_find_cues(prev, lexicon)):
        attribution = _attribute(doc, start, end, borrowed=True)
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
    ends_like_utterance = text_of(doc)[m.start : m.close_end].rstrip(_MARK_CHARS + " ")[-1:] in {
        ",",
        ".",
        "?",
        "!",
    }
    return not (tied and (ends_like_utterance or (has_verb and len(words) >= 2)))


# --- reported speech -------------------------------------------------------


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


def _cue_end(token: Token, lexicon: Lexicon) -> int:
    """Token index after the cue: the verb, with its adjacent particle or preposition
    and an extension phrase right after it ("said in a statement")."""
    match = _match_verb_cue(token, lexicon)
    extra = match[1] if match else None
    end = extra.i + 1 if extra is not None and extra.i == token.i + 1 else token.i + 1
    doc = token.doc
    for phrase in lexicon.extensions:
        if tuple(x.lower_ for x in doc[end : end + len(phrase)]) == phrase:
            return end + len(phrase)
    return end


def _find_reported_speech(
    doc: Doc, lexicon: Lexicon, inside: list[tuple[int, int]], used_cues: set[int]
) -> list[_Found]:
    """What cue verbs govern, and the clauses around 'according to X'."""
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
        span = _find_complement(t, *match, lexicon)
        if span is None:
            continue
        start, end = _trim_content(doc, *_cut_at_paragraph(doc, span[0], span[1], t.i))
        if sum(1 for x in doc[start:end] if x.is_alpha) < 2:
            continue
        attribution = _attribute(doc, t.i, _cue_end(t, lexicon))
        found.append(
            _Found(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution, False)
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


def _is_inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


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
    subjects = [c for c in comp.children if c.dep_ in _SUBJECT_DEPS]
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
    if not any(doc[k].text in _DASHES for k in edges if 0 <= k < len(doc) and k != t.i):
        return None
    start = min(head.left_edge.i, inner_start)
    end = max(head.right_edge.i + 1, inner_end)
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
        if c.dep_ in _SUBJECT_DEPS or c.dep_ in {"aux", "advmod", "neg"}:
            own.update(x.i for x in c.subtree)
    k = t.i - 1
    while k > sent.start and (k in own or doc[k].pos_ in {"AUX", "ADV", "PART"}):
        k -= 1
    if k <= sent.start or doc[k].text not in _DASHES:
        return None
    rest = doc[t.i + 1 : sent.end]
    tail = [x for x in rest if not x.is_space and not x.is_punct]
    if len(tail) > 25 or any(x.text in {":", ";"} for x in rest):
        return None
    if any(x.pos_ in {"VERB", "AUX"} and not t.is_ancestor(x) for x in tail):
        after = max(x.i for x in t.subtree if not x.is_punct) + 1
        if after < sent.end and doc[after].text in _DASHES:
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
            and any(_match_verb_cue(x, lexicon) for x in c.subtree)
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
        if x.is_punct and x.text not in _DASHES:
            return None
    return None


def _according_to(doc: Doc, t: Token) -> _Found | None:
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
    attribution = _Attribution(t.i, to.i + 1, _find_speaker(doc, t.i), t.idx, according=True)
    return _Found(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), attribution, False)


def _trim_content(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and spaces but keep quote marks balanced: a clause
    ending inside a quotation ('are "non-entities in the Senate,"') keeps its closing mark."""

    def count_marks(a: int, b: int) -> int:
        return sum(1 for x in doc[a:b] if x.text in _MARK_TOKENS)

    while start < end and (doc[start].is_punct or doc[start].is_space):
        if doc[start].text in _MARK_TOKENS and count_marks(start, end) % 2 == 0:
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in _MARK_TOKENS and count_marks(start, end - 1) % 2 == 1:
            break
        end -= 1
    if count_marks(start, end) % 2 == 1:
        for k in range(end, min(end + 3, len(doc))):
            if doc[k].text in _MARK_TOKENS:
                return start, k + 1
            if not doc[k].is_punct:
                break
    return start, end


# --- combining and speakers ------------------------------------------------


def _combine(direct: list[_Found], reported: list[_Found]) -> list[_Found]:
    """One quote per statement, in text order.

    A reported clause that only wraps a direct quote yields to it; one that runs
    into a quote attributed elsewhere is a parse error and is dropped; a direct
    quote inside a longer reported clause is part of that report; a report nested
    in another's content ("X emphasized that Ukraine acknowledges ...") is part
    of what X said.
    """
    kept_reported = []
    for r in reported:
        wrapped = [d for d in direct if r.start <= d.start and d.end <= r.end]
        if wrapped and all(_only_wraps(r, d) for d in wrapped):
            continue
        if any(not _is_same_cue(d.attribution, r.attribution) for d in wrapped):
            continue
        if any(d.start < r.end and r.start < d.end and r.start > d.start for d in direct):
            continue
        kept_reported.append(r)
    kept_direct = [
        d for d in direct if not any(r.start <= d.start and d.end <= r.end for r in kept_reported)
    ]
    kept_reported = [
        r for r in kept_reported if not any(o is not r and _is_nested(r, o) for o in kept_reported)
    ]
    return sorted(kept_direct + kept_reported, key=lambda f: (f.start, f.end))


def _is_nested(r: _Found, o: _Found) -> bool:
    """True when report ``r`` is part of what report ``o`` says. When each holds the
    other's cue ("X said ..., according to the paper"), the verb's report wins."""
    if r.attribution is None or o.attribution is None:
        return False
    if not o.start <= r.attribution.cue_char < o.end:
        return False
    if r.start <= o.attribution.cue_char < r.end:
        return r.attribution.according and not o.attribution.according
    return True


def _only_wraps(r: _Found, d: _Found) -> bool:
    return (d.start - r.start) + (r.end - d.end) <= _WRAP_SLACK


def _find_speaker(doc: Doc, cue_start: int) -> Token | None:
    """The token heading the speaker phrase of the cue at ``cue_start``."""
    cue = doc[cue_start]
    if cue.lower_ == "according":
        to = doc[cue_start + 1] if cue_start + 1 < len(doc) else None
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if cue.pos_ not in {"VERB", "AUX"}:
        cue = cue.head  # a phrase cue ("in a statement"): the verb it modifies
    for _ in range(4):
        # With two subjects ("The rejection ... signals X, said Wilders") the
        # parser took the reported clause's subject too: the speaker is nearer.
        subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS]
        subject = min(subjects, key=lambda c: abs(c.i - cue.i)) if subjects else None
        if subject is None:
            subject = _subject_of_clause_before(cue)
        if subject is not None and subject.dep_ == "nsubjpass" and not _is_perfect(cue):
            # "it was announced by X": the agent speaks.
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subject is not None:
            return subject
        if cue.dep_ == "relcl":
            return cue.head
        if cue.dep_ not in _INHERIT_SUBJECT_DEPS or cue.head is cue:
            return None
        head = cue.head
        if cue.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            head = head.head  # "a statement saying that ...": whoever issued it
        cue = head
    return None


def _subject_of_clause_before(cue: Token) -> Token | None:
    """'Mr. Slinker, whose start-up uses ..., said ...': the parser hung the speaker
    on a clause before the verb while the report follows it."""
    left = [c for c in cue.children if c.dep_ in {"ccomp", "csubj"} and c.i < cue.i]
    if left and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return next((c for c in left[0].children if c.dep_ in _SUBJECT_DEPS), None)
    return None


def _is_perfect(verb: Token) -> bool:
    """'he's said' read by the parser as a passive."""
    return any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children)


def _build_quote(
    doc: Doc, found: _Found, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> Quote:
    if found.direct and len(found.parts) > 1:
        text = " ".join(text_of(doc)[s:e] for s, e in found.parts)
    else:
        text = text_of(doc)[found.start : found.end]
    quote = Quote(start=found.start, end=found.end, text=text, direct=found.direct)
    attribution = found.attribution
    if attribution is None:
        return quote
    cue = doc[attribution.cue_start : attribution.cue_end]
    quote.cue, quote.cue_start, quote.cue_end = cue.text, cue.start_char, cue.end_char
    if attribution.speaker is not None:
        _set_speaker(quote, attribution.speaker, mentions, direct_spans)
    return quote


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
    for appos in (c for c in head.children if c.dep_ == "appos"):
        # "the foreign minister, Andrii Sybiha, said"
        mention = mention or _mention_at(appos, mentions)
    if mention is not None:
        quote.speaker = mention.kb_id_ or None
        quote.speaker_name = mention.text
        quote.speaker_start, quote.speaker_end = mention.start_char, mention.end_char
        return
    start, end = _speaker_phrase(head)
    quote.speaker_name = doc[start:end].text
    quote.speaker_start, quote.speaker_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _mention_at(token: Token, mentions: list[Span]) -> Span | None:
    return next((span for span in mentions if span.start <= token.i < span.end), None)


def _speaker_phrase(head: Token) -> tuple[int, int]:
    """Token range of a nominal speaker ("the ministry's spokesman", "the head of
    the agency") without appositions, clauses or punctuation."""
    indices = [head.i]
    for child in head.children:
        if child.dep_ in _SPEAKER_EXCLUDED_DEPS and not (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            continue
        indices.extend(x.i for x in child.subtree if not x.is_punct)
    return min(indices), max(indices) + 1


def _resolve_pronoun(
    pronoun: Token, mentions: list[Span], direct_spans: list[tuple[int, int]]
) -> Span | None:
    """The mention a he/she/it/they refers to: going back sentence by sentence from
    the pronoun's own, the first subject mention of a fitting type, else the last
    fitting mention of that sentence. Mentions inside quotations are not candidates."""
    word = pronoun.lower_
    if word in _PERSON_PRONOUNS:
        types = _PERSON_TYPES
    elif word in _GROUP_PRONOUNS:
        types = _GROUP_TYPES
    else:
        return None
    candidates = [
        m
        for m in mentions
        if m.label_ in types and m.end <= pronoun.i and not _is_inside(m.start_char, direct_spans)
    ]
    if not candidates:
        return None
    doc = pronoun.doc
    sentence = sentence_of(pronoun)
    for _ in range(_PRONOUN_WINDOW_SENTENCES + 1):
        in_sentence = [m for m in candidates if sentence.start <= m.start < sentence.end]
        subjects = [m for m in in_sentence if m.root.dep_ in _SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if in_sentence:
            return in_sentence[-1]
        if sentence.start == 0:
            break
        sentence = sentence_of(doc[sentence.start - 1])
    return None


def _deduplicate(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int, int]] = set()
    out = []
    for q in quotes:
        if (q.start, q.end) not in seen:
            seen.add((q.start, q.end))
            out.append(q)
    return out
