"""Title-case headlines are parsed in sentence case (``nlp/headlines.py``),
on the real model, with headlines and articles we write."""

from __future__ import annotations

import pytest

from eventwire.nlp.headlines import is_common, is_title_case, known_names, sentence_case

ARTICLE = (
    "Governor Maria Delgado Backs Senator Omar Haddad in Runoff\n\n"
    "Governor Maria Delgado said on Monday that she would back Senator Omar Haddad "
    "in the runoff against Paul Brandt.\n"
)


def _token(doc, text):
    return next(t for t in doc if t.text == text)


def test_headline_verb_is_parsed_as_a_verb(nlp):
    doc = nlp(ARTICLE)
    backs = _token(doc, "Backs")
    assert backs.pos_ == "VERB" and backs.lemma_ == "back"
    # the names keep their capitals and stay names: subject and object of the verb
    assert {c.dep_ for c in backs.children} >= {"nsubj", "dobj"}
    assert any(e.text == "Omar Haddad" for e in doc.ents if e.start < backs.i + 5)
    # the text is never changed
    assert doc.text == ARTICLE


def test_headline_events_are_found(nlp):
    from eventwire.records import Article
    from eventwire.stages.events.train import propose_candidates

    doc = nlp(ARTICLE)
    events, _, _, _ = propose_candidates(doc, Article(text=ARTICLE, published="2024-11-29"))
    first = [e for e in events if e.sentence_start == 0]
    assert any(e.type == "SUPPORT" and e.trigger == "Backs" for e in first)


@pytest.mark.parametrize(
    ("text", "recased"),
    [
        ("Rebels Seize Airport After Fighting", "Rebels seize airport after fighting"),
        ("The rebels seized the airport near the capital.", None),
        # a line of names is no headline: none of them is a common word
        ("Ted Norris and Lindsey Okafor met.", None),
        ("UN WARNS OF FAMINE IN THE NORTH", None),  # capitals only: left alone
    ],
)
def test_sentence_case(nlp, text, recased):
    sent = next(iter(nlp(text).sents))
    found = sentence_case(sent, frozenset(), known_names()) if is_title_case(sent) else None
    assert found == recased


def test_names_the_article_writes_stay_capitalised(nlp):
    sent = next(iter(nlp("Senators Back Plan On Trade").sents))
    assert sentence_case(sent, frozenset(), known_names()) == "Senators back plan on trade"
    # "Plan" written capitalised in the article's sentences is a name there
    assert sentence_case(sent, frozenset({"Plan"}), known_names()) == "Senators back Plan on trade"


def test_common_words_take_endings_off():
    assert is_common("endorses") and is_common("seized") and is_common("talks")
    assert not is_common("haddad")


def test_body_sentences_are_untouched(nlp):
    plain = "Senator Omar Haddad met Governor Maria Delgado on Monday."
    doc = nlp(plain)
    bare = nlp.make_doc(plain)
    for name, proc in nlp.pipeline:
        if name != "eventwire_headlines":
            bare = proc(bare)
    assert [(t.dep_, t.head.i, t.tag_) for t in doc] == [(t.dep_, t.head.i, t.tag_) for t in bare]


def test_blank_line_ends_a_sentence(nlp):
    doc = nlp(ARTICLE)
    assert [s.start_char for s in doc.sents][:2] == [0, ARTICLE.index("Governor", 1)]
    # a paragraph ending in a colon leads into the next: the parser decides
    text = 'The minister told reporters:\n\n"We will not sign the deal," she said.'
    assert len(list(nlp(text).sents)) == 1
