"""Every reader on files in tmp_path and on samples/: text, HTML, JSON Lines, JSON, feeds, gzip."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter

import pytest
from conftest import SAMPLES, VOA, require

from eventwire import ingest
from eventwire.ingest import read_bytes, read_paths
from eventwire.records import Article, Failure
from eventwire.settings import Settings

STORY = (
    "The foreign ministers of Chile and Argentina met in Santiago on Monday to sign a "
    'border cooperation agreement. "This is a good day for both our countries," the '
    "Chilean minister said, according to a statement from the ministry."
)

HTML_PAGE = f"""<!DOCTYPE html>
<html><head><title>Chile and Argentina Sign Border Pact</title>
<meta property="og:site_name" content="Andes Daily">
<meta property="article:published_time" content="2025-03-03T10:30:00-03:00">
<meta property="article:section" content="Americas">
<meta name="author" content="Ana Ruiz">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Chile and Argentina Sign Border Pact</h1>
<p>{STORY}</p>
<p>The agreement covers customs posts in the Andes and a joint rescue service for mountain
passes that close in winter, officials in Buenos Aires said on Tuesday.</p>
</article>
<footer><p>Copyright 2025 Andes Daily. All rights reserved.</p></footer>
</body></html>
"""

FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Andes Daily</title>
  <id>urn:andes</id>
  <updated>2025-03-03T12:00:00Z</updated>
  <entry>
    <title>Border pact signed</title>
    <id>urn:andes:1</id>
    <link href="https://andes.example/pact"/>
    <updated>2025-03-03T12:00:00Z</updated>
    <author><name>Ana Ruiz</name></author>
    <content type="html">&lt;p&gt;{STORY}&lt;/p&gt;
      &lt;p&gt;Second &lt;b&gt;paragraph&lt;/b&gt; here.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Ministers to meet again</title>
    <id>urn:andes:2</id>
    <updated>2025-03-04T08:00:00Z</updated>
    <summary>The ministers of both countries will meet again in Mendoza next month to review
    the agreement, officials said.</summary>
  </entry>
</feed>
"""


def read_one(path) -> Article:
    items = list(read_paths([path], Settings()))
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_ingest_formats_public_api_exports():
    assert set(ingest.__all__) >= {"read_paths", "read_text", "read_bytes", "detect_language"}
    for name in ingest.__all__:
        assert callable(getattr(ingest, name))


def test_ingest_formats_html_file(tmp_path):
    path = tmp_path / "pact.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    article = read_one(path)
    assert article.format == "html"
    assert article.title == "Chile and Argentina Sign Border Pact"
    assert article.text.startswith("The foreign ministers of Chile")
    assert "mountain passes" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.publisher == "Andes Daily"
    assert article.author == "Ana Ruiz"
    assert article.section == "Americas"
    assert article.published == "2025-03-03T10:30:00"
    assert article.published_source == "metadata"


def test_ingest_formats_html_date_found_by_htmldate(tmp_path):
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", HTML_PAGE)
    page = page.replace("<h1>", "<p>Published 4 March 2025</p><h1>")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    article = read_one(path)
    assert (article.published, article.published_source) == ("2025-03-04", "htmldate")


def test_ingest_formats_html_sniffed_without_extension(tmp_path):
    path = tmp_path / "download"
    path.write_text(HTML_PAGE, encoding="utf-8")
    assert read_one(path).format == "html"


def test_ingest_formats_jsonl_records(tmp_path):
    path = tmp_path / "stories.ndjson"
    records = [
        {"id": "1", "title": "Pact", "text": STORY, "published": "2025-03-14 20:30:26Z",
         "keywords": "Chile, Argentina", "author": ["Ana Ruiz", "Luis Paz"],
         "url": "https://www.andes.example/1"},
        {"id": "2", "title": "Second", "text": STORY + " More.", "section": "World"},
        {"id": "3", "text": STORY, "url": "https://wire.example/3", "publisher": "Wire"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    first, second, third = read_paths([path], Settings())
    assert first.source == f"{path}:1" and second.source == f"{path}:2"
    assert first.format == second.format == "jsonl"
    assert first.published == "2025-03-14T20:30:26"
    assert first.published_source == "metadata"
    assert first.keywords == ["Chile", "Argentina"]
    assert first.author == "Ana Ruiz, Luis Paz"
    assert first.url == "https://www.andes.example/1"
    # No publisher: the URL's host stands in; none without a URL; a given one is kept.
    assert (first.publisher, second.publisher, third.publisher) == ("andes.example", None, "Wire")
    assert second.section == "World"
    assert (second.published, second.published_source) == (None, "unknown")


def test_ingest_formats_json_file_object_and_list(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "Pact", "text": STORY}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": STORY}, {"body": STORY + " Again."}]), encoding="utf-8")
    assert read_one(single).source == str(single)
    articles = list(read_paths([many], Settings()))
    assert [a.source for a in articles] == [f"{many}#record-1", f"{many}#record-2"]
    assert all(isinstance(a, Article) for a in articles)


def test_ingest_formats_atom_feed(tmp_path):
    path = tmp_path / "andes.atom"
    path.write_text(FEED, encoding="utf-8")
    first, second = read_paths([path], Settings())
    assert first.source == f"{path}#entry-1" and second.source == f"{path}#entry-2"
    assert first.format == "feed"
    assert first.text == STORY + "\n\nSecond paragraph here."
    assert first.title == "Border pact signed"
    assert first.url == "https://andes.example/pact"
    assert first.publisher == "Andes Daily"
    assert first.published == "2025-03-03T12:00:00"
    assert second.text.startswith("The ministers of both countries will meet again")


def test_ingest_formats_feed_sniffed_from_bytes():
    [first, _] = read_bytes(FEED.encode("utf-8"), "feed-download")
    assert first.format == "feed"


def test_ingest_formats_gzip_of_each_format(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(f"Pact Signed\n\n{STORY}".encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": STORY}).encode()))
    (tmp_path / "d.xml.gz").write_bytes(gzip.compress(FEED.encode()))
    items = list(read_paths([tmp_path], Settings()))
    assert [type(i).__name__ for i in items] == ["Article"] * 5
    assert [i.format for i in items] == ["text", "html", "jsonl", "feed", "feed"]
    assert items[2].source == f"{tmp_path / 'c.jsonl.gz'}:1"


def test_ingest_formats_directory_walk_sorted_recursive_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY + " A.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(STORY + " C.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "notes.md").write_text(STORY, encoding="utf-8")
    items = list(read_paths([tmp_path], Settings()))
    names = [i.source.removeprefix(str(tmp_path) + "/") for i in items]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]


def test_ingest_formats_samples_cover_every_format():
    require(SAMPLES)
    items = list(read_paths([SAMPLES], Settings()))
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures == []
    formats = Counter(i.format for i in items)
    assert formats["text"] >= 5 and formats["html"] >= 1
    assert formats["jsonl"] >= 2 and formats["feed"] >= 2
    assert any(i.source.endswith(".txt.gz") for i in items)
    languages = Counter(i.language for i in items)
    assert languages["en"] >= 9 and len(languages) >= 2
    for item in items:
        if item.language == "en":
            assert 250 <= len(item.text.split()) <= 500, item.source
            assert item.title, item.source
    dated = [i for i in items if i.published]
    assert len(dated) >= 8
    assert len({i.id for i in items}) == len(items)


def test_ingest_formats_voa_corpus():
    path = require(VOA)
    items = list(read_paths([path], Settings()))
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert len(items) == len(lines)
    assert all(isinstance(i, Article) and i.text and i.title for i in items)
    assert all(i.published and i.published_source == "metadata" for i in items)


@pytest.mark.parametrize(
    ("spelling", "iso"),
    [
        ("2025-03-14 20:30:26Z", "2025-03-14T20:30:26"),
        ("2025-03-14T20:30:26.120+02:00", "2025-03-14T20:30:26"),
        ("Fri, 14 Mar 2025 20:30:26 GMT", "2025-03-14T20:30:26"),
        ("March 14, 2025", "2025-03-14"),
        ("14 March 2025 8:30 pm", "2025-03-14T20:30"),
        ("14/03/2025 20h30", "2025-03-14T20:30"),
        ("03/14/2025", "2025-03-14"),
        ("2025/03/14", "2025-03-14"),
        ("20:30 14/03/2025", "2025-03-14T20:30"),
        ("14.03.2025 20.30", "2025-03-14T20:30"),
        ("Mar 14, 2025, 8:30 p.m. ET", "2025-03-14T20:30"),
        ("04/03/2025", "2025-03-04"),
        ("2025-02-30", None),
        ("yesterday", None),
        ("3 days ago", None),
        ("2025", None),
        ("March 2025", None),
        ("Friday", None),
        ("World", None),
        ("2 May protests", None),
    ],
)
def test_ingest_formats_published_normalized(spelling, iso):
    from eventwire.ingest import normalize_published

    assert normalize_published(spelling) == iso


def test_ingest_formats_published_month_first():
    from eventwire.ingest import normalize_published

    assert normalize_published("04/03/2025", dayfirst=False) == "2025-04-03"
    assert normalize_published("2025-04-03", dayfirst=False) == "2025-04-03"
