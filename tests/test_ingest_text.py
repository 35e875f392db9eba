"""The text reader: the scraped-text layout (seed acceptance), plain text, boilerplate."""

from __future__ import annotations

import pytest

from eventwire.errors import EmptyInputError, InputError
from eventwire.ingest import read_paths, read_text
from eventwire.records import Article
from eventwire.settings import Settings

BODY = (
    "Foreign ministers from the region met in Vienna on Thursday to discuss a ceasefire.\n\n"
    '"We are closer than ever," the host said, according to a statement.'
)


def test_ingest_text_seed_acceptance(seed_path):
    [article] = list(read_paths([seed_path], Settings()))
    assert isinstance(article, Article)
    assert article.title == "Ukraine Urges NATO Membership Invitation Amid Ongoing Conflict"
    assert article.publisher == "ICARO Media Group"
    assert article.section == "Politics"
    assert article.published == "2024-11-29T21:50"
    assert article.published_source == "header"
    assert article.image_url.startswith("https://icaro.icaromediagroup.com/system/images/")
    assert article.subtitle == "Ukraine Pushes NATO for Membership Invitation Amid Ongoing War"
    assert article.text.startswith("Ukrainian Foreign Minister Andrii Sybiha")
    assert article.text.endswith("NATO's leading member.")
    assert "views expressed" not in article.text
    assert "Related" not in article.text
    assert article.format == "text"
    assert article.source == str(seed_path)
    assert article.language == "en"


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("29/11/2024 21h50", "2024-11-29T21:50"),
        ("29/11/2024 9:50", "2024-11-29T09:50"),
        ("2024-11-29 21:50", "2024-11-29T21:50"),
        ("November 29, 2024", "2024-11-29"),
    ],
)
def test_ingest_text_header_timestamp_spellings(stamp, expected):
    text = f"Talks Resume in Vienna\n\nWire Service\nWorld\n{stamp}\n\n{BODY}\n"
    article = read_text(text)
    assert article.published == expected
    assert article.published_source == "header"
    assert article.publisher == "Wire Service"
    assert article.section == "World"
    assert article.text == BODY


def test_ingest_text_header_with_missing_fields():
    text = f"Talks Resume in Vienna\n\n03/03/2025 10h00\n\n### Ministers meet again\n\n{BODY}"
    article = read_text(text)
    assert (article.publisher, article.section, article.image_url) == (None, None, None)
    assert article.subtitle == "Ministers meet again"
    assert article.published == "2025-03-03T10:00"
    assert article.text == BODY


def test_ingest_text_plain_with_headline_uses_published_option():
    article = read_text(f"Talks Resume in Vienna\n\n{BODY}", published="2025-03-06")
    assert article.title == "Talks Resume in Vienna"
    assert article.text == BODY
    assert (article.published, article.published_source) == ("2025-03-06", "option")


def test_ingest_text_plain_without_headline():
    article = read_text(BODY)
    assert article.title is None
    assert article.text == BODY
    assert (article.published, article.published_source) == (None, "unknown")


def test_ingest_text_header_date_wins_over_option():
    text = f"Talks Resume in Vienna\n\nWire\n2025-03-03 08:00\n\n{BODY}"
    article = read_text(text, published="2025-01-01")
    assert (article.published, article.published_source) == ("2025-03-03T08:00", "header")


@pytest.mark.parametrize(
    "trailer",
    [
        "The views expressed in this article do not reflect the opinion of Wire.\n\nRelated",
        "Read more: Ministers meet in Rome",
        "Share this article\nFacebook | Twitter | Email",
        "Related stories:",
        "(Reporting by Jane Roe; Editing by John Doe)",
    ],
)
def test_ingest_text_trailing_boilerplate_removed(trailer):
    article = read_text(f"Talks Resume in Vienna\n\n{BODY}\n\n{trailer}\n")
    assert article.text == BODY


def test_ingest_text_boilerplate_kept_inside_body():
    middle = "Read more about the plan in the annex, the minister said.\n\n"
    article = read_text(f"Talks Resume in Vienna\n\n{middle}{BODY}")
    assert article.text == middle + BODY


def test_ingest_text_article_id_is_stable():
    first = read_text(f"Talks Resume in Vienna\n\n{BODY}")
    again = read_text(f"Talks Resume in Vienna\r\n\r\n{BODY.replace(' ', '  ')}\r\n")
    other = read_text(f"Talks Resume in Vienna\n\n{BODY} More.")
    assert first.id == again.id
    assert first.id != other.id
    assert len(first.id) == 16


def test_ingest_text_empty_raises():
    with pytest.raises(EmptyInputError):
        read_text("   \n\n")
    with pytest.raises(EmptyInputError):
        read_text("Only A Headline\n\nWire\n29/11/2024 21h50\n")


def test_ingest_text_bad_published_option_raises():
    with pytest.raises(InputError, match="cannot read 'next week' as a date"):
        read_text(BODY, published="next week")


STRIKE = (
    "Dock workers in the port ended their strike on Monday after the harbour authority "
    "agreed to raise night-shift pay, a union spokeswoman said."
)


@pytest.mark.parametrize(
    ("first", "body"),
    [
        ("Harbour Workers End Strike After Pay Deal.", STRIKE),  # title case
        ("Port Reopens. What Comes Next for the Dock Workers.", STRIKE),  # title case, two
        ("Minister to visit flooded valley next week.", STRIKE),  # headline future
        ("Mayor: the bridge will reopen in spring.", STRIKE),  # speaker colon
        ("Port workers ‘ready to talk’ as strike enters third day.", STRIKE),  # single quotes
        ("Ferry service resumes on the northern route.", f"VALPARAÍSO, Chile (Wire) — {STRIKE}"),
        ("Ferry service resumes on the northern route.", f"VALPARAÍSO — {STRIKE}"),
        ("Strike ends at the port", STRIKE),  # no final full stop: as before
    ],
)
def test_ingest_text_first_line_reads_as_title(first, body):
    article = read_text(f"{first}\n\n{body}\n\nThe first ship was unloaded at dawn.")
    assert article.title == first
    assert article.text.startswith(body[:20])


@pytest.mark.parametrize(
    "text",
    [
        f"The storm passed quickly.\n\n{STRIKE}",  # a sentence of the story
        f"Harbour Workers End Strike After Pay Deal.\n{STRIKE}",  # no blank line after it
        f"Officials met at dawn. They agreed on a plan.\n\n{STRIKE}",  # two sentences
        f"Dock workers were tired of waiting, she said,\n\n{STRIKE}",  # a clause goes on
        f"Valparaíso\n\n{STRIKE}",  # one word: a place line, not a headline
    ],
)
def test_ingest_text_first_line_is_not_a_title(text):
    article = read_text(text)
    assert article.title is None
    assert article.text == text.strip()


def test_ingest_text_to_before_a_noun_is_no_headline_future():
    text = f"Residents to the north of the harbour were moved.\n\n{STRIKE}"
    assert read_text(text).title is None
