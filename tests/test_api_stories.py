"""Story events in the JSON API and the pages, through the real app and a real store.

The store holds one sample article as three publishers sent it: the whole text
(Meridian Wire), its first paragraphs rewritten as a shorter piece on another
site (Harbour Post), and an exact copy on a third site. All three go through
``POST /api/articles`` (the real pipeline), then ``merge_store`` links the copy
as a near-duplicate and builds the stories. Expected counts are computed here
from the stories' reports and the stored articles, not copied from a run.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import SAMPLES
from fastapi.testclient import TestClient

from eventwire.crossdoc.stories import merge_store
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.web import create_app

TOKEN = "test-token-stories"
SAMPLE = SAMPLES / "01_geneva_sudan_talks.txt"
# A title that must show as text on every page that lists the report.
HOSTILE_TITLE = 'Talks <script>window.__pwned=1</script> "resume"'


def build_story_store(db: Path) -> Path:
    """Ingest three versions of one sample article and merge them into stories."""
    text = SAMPLE.read_text(encoding="utf-8")
    # The first six paragraphs: the same lead events, but too little of the text
    # for a near-duplicate, so this is a second source in its own right.
    short = "\n\n".join(text.split("\n\n")[:6])
    client = TestClient(create_app(db, token=TOKEN))
    response = client.post(
        "/api/articles",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={
            "articles": [
                {
                    "text": text,
                    "url": "https://meridianwire.example/world/sudan-talks",
                    "publisher": "Meridian Wire",
                },
                {
                    "text": short,
                    "url": "https://www.harbourpost.example/africa/geneva",
                    "publisher": "Harbour Post",
                    "title": HOSTILE_TITLE,
                },
                {
                    "text": text,
                    "url": "https://copies.example/sudan",
                    "publisher": "Copy Desk",
                },
            ]
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["new"] == 3
    with Store.open(db) as store:
        summary = merge_store(store)
    assert summary.duplicates == 1, summary.describe()
    return db


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_store(tmp_path_factory.mktemp("stories") / "eventwire.db")


@pytest.fixture(scope="module")
def client(story_db: Path) -> TestClient:
    # every event: these tests compare with the stored records (the cut: test_confidence_cut.py)
    return TestClient(create_app(story_db, Settings(min_confidence=0.0)))


def _get(client: TestClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def _all_stories(client: TestClient, query: str = "") -> list[dict]:
    found = _get(client, f"/api/stories?limit=500{query}")
    assert len(found["items"]) == found["total"]
    return found["items"]


def _expected_sources(client: TestClient, story: dict) -> int:
    """Count sources as people would: the site of each report, a copy counting as its original."""
    hosts = set()
    for report in story["reports"]:
        original = report["duplicate_of"] or report["article_id"]
        url = _get(client, f"/api/articles/{original}")["article"]["url"]
        hosts.add(urlsplit(url).hostname.removeprefix("www."))
    return len(hosts)


def test_api_stories_count_sources_and_articles_of_their_reports(client: TestClient) -> None:
    stories = _all_stories(client)
    assert stories, "merge_store built no story"
    merged = [s for s in stories if s["articles"] > 1]
    assert merged, "no story was reported by more than one article"
    for item in merged:
        story = _get(client, f"/api/stories/{item['id']}")
        assert story["sources"] == item["sources"] == _expected_sources(client, story)
        assert story["articles"] == len({r["article_id"] for r in story["reports"]})
        published = sorted(r["published"] for r in story["reports"] if r["published"])
        assert (story["first_reported"], story["last_reported"]) == (published[0], published[-1])
    # the copy adds an article, never a source
    assert any(s["articles"] == 3 and s["sources"] == 2 for s in merged)


def test_api_stories_min_sources_and_type_filters_match_items(client: TestClient) -> None:
    stories = _all_stories(client)
    wide = _all_stories(client, "&min_sources=2")
    assert wide and {s["id"] for s in wide} == {s["id"] for s in stories if s["sources"] >= 2}
    kind = wide[0]["type"]
    typed = _all_stories(client, f"&type={kind.lower()}")
    assert {s["id"] for s in typed} == {s["id"] for s in stories if s["type"] == kind}


def test_api_stories_actor_filter_matches_codes_or_names(client: TestClient) -> None:
    stories = _all_stories(client)

    def names(story: dict, code: str) -> bool:
        # an actor's whole code ("UNOGOV"), its country ("UNO": the code's
        # first three letters), or words of its name
        codes = story["actor_codes"]
        return (
            code in codes
            or (len(code) == 3 and any(c[:3] == code for c in codes))
            or any(code.lower() in n.lower() for n in story["actor_names"])
        )

    for code in sorted({c for s in stories for c in s["actor_codes"]}):
        found = _all_stories(client, f"&actor={code}")
        assert found and all(names(s, code) for s in found), code
        assert {s["id"] for s in found} == {s["id"] for s in stories if names(s, code)}, code


def test_api_stories_sort_and_paging(client: TestClient) -> None:
    stories = _all_stories(client)
    counts = [(s["sources"], s["articles"]) for s in stories]
    assert counts == sorted(counts, reverse=True)  # the default: most sources first
    pages = [_get(client, f"/api/stories?limit=2&offset={o}") for o in range(0, len(stories), 2)]
    assert [s["id"] for p in pages for s in p["items"]] == [s["id"] for s in stories]
    dated = _all_stories(client, "&sort=date")
    days = [s["date_begin"] for s in dated if s["date_begin"]]
    assert days == sorted(days)


def test_api_story_reports_link_to_their_words(client: TestClient) -> None:
    item = _all_stories(client, "&min_sources=2")[0]
    story = _get(client, f"/api/stories/{item['id']}")
    assert story["page"] == f"/stories/{item['id']}"
    assert len(story["reports"]) >= 2
    for report in story["reports"]:
        assert report["page"] == f"/articles/{report['article_id']}#ev-{report['key']}"
        extraction = _get(client, f"/api/articles/{report['article_id']}")
        text = extraction["article"]["text"]
        event = next(e for e in extraction["events"] if e["key"] == report["key"])
        assert report["type"] == story["type"] == event["type"]
        assert text[report["trigger_start"] : report["trigger_end"]] == event["trigger"]
        assert report["sentence"] == text[report["sentence_start"] : report["sentence_end"]]
        page = client.get(report["page"].split("#")[0])
        assert f'id="item-ev-{report["key"]}"' in page.text


def test_api_stories_errors_are_json(client: TestClient) -> None:
    error = _get(client, "/api/stories/S-no-such-story", 404)["error"]
    assert error["status"] == 404 and "S-no-such-story" in error["message"]
    assert _get(client, "/api/stories?sort=sideways", 422)["error"]["status"] == 422
    assert _get(client, "/api/stories?min_sources=0", 422)["error"]["status"] == 422
    assert _get(client, "/api/stories?since=yesterday", 400)["error"]["status"] == 400
    page = client.get("/stories/S-no-such-story")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_api_stories_page_shows_the_twin(client: TestClient) -> None:
    twin = _get(client, "/api/stories?min_sources=2")
    page = client.get("/stories?min_sources=2&type=")
    assert page.status_code == 200
    noun = "story" if twin["total"] == 1 else "stories"
    assert f"{twin['total']} {noun}" in page.text
    assert page.text.count('<tr data-story="') == twin["total"]
    for item in twin["items"]:
        row = page.text.split(f'<tr data-story="{item["id"]}">', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num sources">{item["sources"]}</td>' in row
    assert 'class="json-twin" href="/api/stories?min_sources=2&amp;type="' in page.text
    assert 'href="/stories" aria-current="page"' in page.text


def test_api_stories_page_shows_its_pager(client: TestClient) -> None:
    total = _get(client, "/api/stories?limit=1&offset=1")["total"]
    assert total >= 3, "the story store needs three stories to page through"
    html = client.get("/stories?limit=1&offset=1").text
    assert f"of {total}" in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_api_story_page_lists_reports_escaped(client: TestClient) -> None:
    item = next(s for s in _all_stories(client, "&min_sources=2") if s["articles"] == 3)
    story = _get(client, f"/api/stories/{item['id']}")
    assert HOSTILE_TITLE in {r["title"] for r in story["reports"]}
    page = client.get(f"/stories/{item['id']}")
    assert page.status_code == 200
    assert page.text.count('<tr data-report="') == len(story["reports"])
    for report in story["reports"]:
        assert f'href="{report["page"]}"' in page.text
    assert f'class="json-twin" href="/api/stories/{item["id"]}"' in page.text
    assert "<script>window.__pwned" not in page.text
    assert "&lt;script&gt;window.__pwned" in page.text
    assert "near-duplicate of" in page.text  # the copy names the article it copies


def test_api_stories_of_an_unmerged_store_say_to_run_merge(tmp_path: Path) -> None:
    empty = TestClient(create_app(tmp_path / "empty.db"))
    assert _get(empty, "/api/stories") == {"total": 0, "items": []}
    page = empty.get("/stories")
    assert page.status_code == 200
    assert 'class="empty"' in page.text and "eventwire merge" in page.text
    filtered = empty.get("/stories?type=ASSAULT")
    assert "0 stories match these filters" in filtered.text
