"""Laying evidence over article text (web.highlight), the page filters and the serve command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from eventwire.cli.serve import is_loopback, serve
from eventwire.records import (
    Actor,
    Article,
    Event,
    EventActor,
    Extraction,
    Mention,
    Quote,
    TimeExpr,
)
from eventwire.store import Store
from eventwire.web import create_app
from eventwire.web.filters import format_day, safe_url
from eventwire.web.highlight import (
    Mark,
    build_panel,
    collect_marks,
    split_segments,
    split_sentence,
    split_snippet,
)

TEXT = 'Sybiha urged NATO to meet on December 3. "Act now," <script>alert(1)</script> he said.'


def _extraction() -> Extraction:
    article = Article(text=TEXT, title="<b>Title</b>", url="javascript:alert(1)")
    sybiha = Actor("A1", "Andrii Sybiha", "PERSON", "UKR", mentions=[Mention(0, 6, "Sybiha", "A1")])
    nato = Actor("A2", "NATO", "IGO", mentions=[Mention(13, 17, "NATO", "A2")])
    start = TEXT.index("December 3")
    times = [TimeExpr(start, start + 10, "December 3", "DATE", "2024-12-03", "day")]
    q = TEXT.index("Act now")
    quote = Quote(
        q, q + 7, "Act now", True, "A1", "he", TEXT.index("he said"), TEXT.index("he said") + 2
    )
    event = Event(
        key="E1",
        type="REQUEST",
        quad_class=3,
        trigger="urged",
        trigger_start=7,
        trigger_end=12,
        sentence_start=0,
        sentence_end=41,
        actors=[EventActor("Sybiha", 0, 6, "A1", "Andrii Sybiha", "UKR")],
        recipients=[EventActor("NATO", 13, 17, "A2", "NATO", "IGO")],
        date="2024-12-03",
        date_text="December 3",
        date_source="text",
        evidence=[[0, 41]],
    )
    return Extraction(article, actors=[sybiha, nato], times=times, quotes=[quote], events=[event])


def test_web_segments_rebuild_the_text_and_list_covering_marks() -> None:
    ex = _extraction()
    segments = split_segments(TEXT, collect_marks(ex))
    assert "".join(s.text for s in segments) == TEXT
    trigger = next(s for s in segments if s.text == "urged")
    assert "k-trigger" in trigger.classes and "quad3" in trigger.classes
    assert "ev-E1:trigger" in trigger.anns.split() and "ev-E1:sentence" in trigger.anns.split()
    nato = next(s for s in segments if s.text == "NATO")
    assert {"a-A2:mention", "ev-E1:recipient", "ev-E1:sentence"} <= set(nato.anns.split())
    when = next(s for s in segments if s.text == "December 3")
    assert {"t-0:time", "ev-E1:when"} <= set(when.anns.split())
    plain = [s for s in segments if not s.anns]
    assert any("<script>" in s.text for s in plain)


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=12),
)
def test_web_segments_survive_any_offsets(text: str, spans: list[tuple[int, int]]) -> None:
    marks = [Mark(a, b, f"n-{i}", "entity") for i, (a, b) in enumerate(spans)]
    segments = split_segments(text, marks)
    assert "".join(s.text for s in segments) == text
    for seg in segments:
        assert seg.text


def test_web_panel_lists_every_item_with_its_annotation() -> None:
    panel = build_panel(_extraction())
    assert [i.ann for i in panel["events"]] == ["ev-E1"]
    assert panel["events"][0].label == "Andrii Sybiha → NATO"
    # the words that date it, and the date they stand for, in words too
    assert "December 3 (3 Dec 2024)" in panel["events"][0].detail
    assert panel["times"][0].detail == "3 Dec 2024"
    assert panel["quotes"][0].ann == "q-0" and panel["quotes"][0].label == "he"
    assert {i.ann for i in panel["actors"]} == {"a-A1", "a-A2"}


def test_web_sentence_and_snippet_parts() -> None:
    item = {
        "sentence": "Sybiha urged NATO.",
        "trigger_start": 17,
        "trigger_end": 22,
        "sentence_start": 10,
    }
    assert split_sentence(item) == [("Sybiha ", False), ("urged", True), (" NATO.", False)]
    assert split_sentence({"sentence": "x", "trigger_start": 5, "trigger_end": 9}) == [("x", False)]
    assert split_snippet("a \x02b\x03 c", "\x02", "\x03") == [
        ("a ", False),
        ("b", True),
        (" c", False),
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2024-12-03", "3 Dec 2024"),
        ("2024-12", "Dec 2024"),
        ("2024-12-03..2024-12-04", "3–4 Dec 2024"),
        ("2024-W49", "week of 2 Dec 2024"),
        ("2015-FA", "autumn 2015"),
        ("2016-10-31TNI", "31 Oct 2016, night"),
        ("2022", "2022"),
        (None, ""),
    ],
)
def test_web_dates_read_like_dates(value: str | None, shown: str) -> None:
    assert format_day(value) == shown


def test_web_ranges_and_links() -> None:
    assert format_day("2024-11-30..2024-12-02") == "30 Nov – 2 Dec 2024"
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url(" data:text/html,x") == ""


def test_web_article_page_escapes_every_segment(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    ex = _extraction()
    with Store.open(db) as store:
        store.save(ex)
    html = TestClient(create_app(db)).get(f"/articles/{ex.article.id}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html
    assert "javascript:" not in html
    trigger = re.search(r'<span class="([^"]*)" data-ann="([^"]*)">urged</span>', html)
    assert trigger and "k-trigger" in trigger.group(1)
    assert set(trigger.group(2).split()) == {"ev-E1:trigger", "ev-E1:sentence"}


def test_web_serve_command_has_help_and_knows_loopback() -> None:
    app = typer.Typer()
    app.command()(serve)
    app.command("other")(lambda: None)
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "127.0.0.1"):
        assert option in result.output
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
