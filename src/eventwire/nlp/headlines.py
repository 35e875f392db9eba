"""Headlines in title case, parsed as sentences in sentence case.

The small English model reads capitals as names: "Carly Fiorina Endorses Ted
Cruz" comes out as one run of proper nouns, so no stage after it sees the
verb, the subject or the object, and headlines often carry the story's main
event. The ``eventwire_headlines`` component (last in ``load_nlp``'s
pipeline) finds sentences written in title case, writes them again in
sentence case (every capitalised word lower-cased except the first and the
words that are names), parses that text with the components before it, and
copies the tags, lemmas, parse and entities back onto the original tokens.
The text itself is never changed: offsets, ``token.text`` and everything
users see stay as written.

A capitalised word other than the first is lower-cased when it is a common
English word (``common_words``: the WordNet nouns of ``noun_classes.tsv``,
the function words, the event trigger words, each also with an ending
"-s", "-es", "-d", "-ed" or "-ing" taken off) and not a name: the article
does not write it capitalised inside an ordinary sentence ("Trump" in "said
Donald Trump"), it is no given name (``person_sex.tsv``) and no word of a
gazetteer name (a country, capital, demonym or organisation of one word, or
a word of an entity the gazetteer matched). Words in capitals
("GOP") and mixed case ("McCain") stay. A sentence is in title case by the
rule the text reader uses for headlines (``ingest.text.is_title_case``:
every word after the first capitalised, but for the small words of
``headline_words.tsv``), not in capitals only, and with at least
``MIN_RECASED`` words to lower-case; "Ted Cruz met Lindsey Graham" is no
headline ("met"), nor is a line of names with no common word. When the
sentence-case text does not tokenize into the same tokens, the sentence is
left as the model parsed it.
"""

from __future__ import annotations

import functools
import re

from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.datafiles import read_tsv
from eventwire.ingest.language import function_words
from eventwire.ingest.text import is_title_case as text_is_title_case

MIN_RECASED = 2
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, ENT_KB_ID]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@Language.factory("eventwire_headlines")
def _make_headline_parser(nlp: Language, name: str) -> HeadlineParser:
    return HeadlineParser(nlp, name)


@functools.lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Words that are names wherever they stand, lower-cased: given names and
    the gazetteer's names of one word ("France", "French", "Kyiv", "NATO").
    Names of several words are kept by their entity (``sentence_case``)."""
    from eventwire.nlp.gazetteer import load_gazetteer

    words = {r["word"].lower() for r in read_tsv("person_sex.tsv") if r["kind"] == "name"}
    for pattern in load_gazetteer().patterns():
        if _WORD.fullmatch(pattern["pattern"]):
            words.add(pattern["pattern"].lower())
    return frozenset(words)


_ENDINGS = ("s", "es", "d", "ed", "ing")


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case English words that are no names in a headline."""
    words = {r["noun"] for r in read_tsv("noun_classes.tsv")}
    words.update(function_words())
    for row in read_tsv("event_triggers.tsv"):
        words.update(row["trigger"].split())
    return frozenset(words)


def is_common(word: str) -> bool:
    """``word`` (lower case) or its stem is a common word ("endorses" -> "endorse")."""
    common = common_words()
    return word in common or any(
        word.endswith(end) and word[: -len(end)] in common for end in _ENDINGS
    )


def is_title_case(sent: Span) -> bool:
    """The sentence is written in title case, as the text reader tells a
    headline (``ingest.text.is_title_case``), and not in capitals only."""
    text = sent.text.strip()
    return text_is_title_case(text) and not text.isupper()


def _capitalised(sent: Span) -> set[str]:
    """The words a sentence writes capitalised after its first word (not
    after a colon or a quote mark, where a new sentence may start)."""
    found = set()
    doc = sent.doc
    for tok in sent[1:]:
        if tok.is_alpha and tok.text[0].isupper():
            prev = doc[tok.i - 1]
            if not (prev.is_punct and prev.text not in (",", ")")):
                found.add(tok.text)
    return found


def sentence_case(sent: Span, names: frozenset[str], known: frozenset[str]) -> str | None:
    """The sentence's text with its non-name words lower-cased (same length),
    or None when fewer than ``MIN_RECASED`` words would change."""
    chars = list(sent.text)
    changed = 0
    for tok in sent[1:]:
        word = tok.text
        if not (tok.is_alpha and word[0].isupper() and word[1:].islower()):
            continue  # "I", "GOP", "McCain", numbers, punctuation
        if tok.ent_kb_id_:
            continue  # in a gazetteer name ("United States", "Security Council")
        lower = word.lower()
        if word in names or lower in known or not is_common(lower):
            continue
        offset = tok.idx - sent.start_char
        chars[offset] = word[0].lower()
        changed += 1
    return "".join(chars) if changed >= MIN_RECASED else None


class HeadlineParser:
    """Pipeline component: re-parse title-case sentences in sentence case."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def _before_me(self, doc: Doc) -> Doc:
        for name, proc in self.nlp.pipeline:
            if name == self.name:
                break
            doc = proc(doc)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        sents = [(sent, is_title_case(sent)) for sent in doc.sents]
        titles = [sent for sent, title in sents if title]
        if not titles:
            return doc
        # names: what the article's ordinary sentences write capitalised
        names: set[str] = set()
        for sent, title in sents:
            if not title:
                names.update(_capitalised(sent))
        known = known_names()
        array = None
        for sent in titles:
            text = sentence_case(sent, frozenset(names), known)
            if text is None:
                continue
            recased = self._before_me(self.nlp.make_doc(text))
            if len(recased) != len(sent) or any(
                a.idx - sent.start_char != b.idx for a, b in zip(sent, recased, strict=True)
            ):
                continue
            if array is None:
                array = doc.to_array(ATTRS)
            array[sent.start : sent.end] = recased.to_array(ATTRS)
            if doc.tensor.shape[0] == len(doc) and recased.tensor.shape[0] == len(recased):
                doc.tensor[sent.start : sent.end] = recased.tensor
            iob = ATTRS.index(ENT_IOB)
            if sent.end < len(doc) and array[sent.end, iob] == 1:
                array[sent.end, iob] = 3  # an entity may not run on into the sentence after
        if array is not None:
            doc.from_array(ATTRS, array)
        return doc
