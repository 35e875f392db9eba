"""The JSON API and the server-rendered pages, through the real app and a real store.

The store is built once per session by ingesting ``samples/`` (plus a hostile
article and, where ../shared is present, the seed article) with the real
pipeline; expected answers are computed here from the stored records, so the
tests check the SQL behind each endpoint against plain Python over the same data.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED
from fastapi.testclient import TestClient

from eventwire.records import Event, Extraction
from eventwire.run.service import ingest_paths
from eventwire.settings import Settings
from eventwire.stages.times.instants import interval_of, span_of
from eventwire.store import Store
from eventwire.web import create_app

TOKEN = "test-token-5f2c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE_TITLE = "Hostile test article"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Meridian Wire
World
03/03/2025 10h00

Finland accused Russia of sabotage on Monday. <script>window.__pwned=1</script> The
minister said <img src=x onerror="window.__pwned=1"> talks with Estonia will be held in
Helsinki on March 10, 2025.
"""


def build_store(base: Path) -> Path:
    """Ingest samples, a hostile article and the seed (when present) once into ``base``.

    Both the API tests and the browser tests call this; the second call reuses the file.
    """
    db = base / "eventwire.db"
    done = base / "built"
    if done.exists():
        return db
    inputs = base / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    paths = [SAMPLES, inputs]
    if SEED.exists():
        paths.append(SEED)
    summary = ingest_paths(paths, Settings(db=str(db), processes=1))
    assert summary.stored >= 10, summary.describe()
    done.write_text(summary.describe())
    return db


@pytest.fixture(scope="session")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.getbasetemp() / "web-store")


# These tests check every filter against the stored records, so the app shows every
# event; the default confidence cut has tests of its own (test_confidence_cut.py).
EVERY_EVENT = Settings(min_confidence=0.0)


@pytest.fixture(scope="module")
def client(store_db: Path) -> Iterator[TestClient]:
    app = create_app(store_db, EVERY_EVENT, token=TOKEN)
    with TestClient(app) as opened:  # closes its store pool
        yield opened


@pytest.fixture(scope="module")
def records(store_db: Path) -> list[Extraction]:
    with Store.open(store_db) as store:
        return list(store.iter_extractions())


@pytest.fixture(scope="module")
def events(records: list[Extraction]) -> list[tuple[Extraction, Event]]:
    return [(ex, ev) for ex in records for ev in ex.events]


def _get(client: TestClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def _all_items(client: TestClient, url: str) -> list[dict]:
    sep = "&" if "?" in url else "?"
    return _get(client, f"{url}{sep}limit=500")["items"]


def _matches_participant(people, value: str) -> bool:
    low = value.lower()
    return any(
        (p.country or "") == value.upper()
        or low in (p.name or "").lower()
        or low in (p.text or "").lower()
        for p in people
    )


def _span(ev: Event) -> tuple[datetime, datetime] | None:
    """The instants an event's date covers: from the start of its first value to the end
    of its last (times.instants is tested on its own)."""
    first = interval_of(ev.date_begin or ev.date)
    last = interval_of(ev.date_end or ev.date_begin or ev.date)
    return (first.begin, last.end) if first and last else None


# --- reading -----------------------------------------------------------------------------


def test_api_store_has_events_to_serve(events: list) -> None:
    # Without events most of the checks below would pass vacuously.
    assert len(events) >= 20


def test_api_events_type_filter_matches_records(client: TestClient, events: list) -> None:
    counts = Counter(ev.type for _, ev in events)
    for event_type, expected in counts.most_common(3):
        body = _get(client, f"/api/events?type={event_type}&limit=500")
        assert body["total"] == expected
        assert {item["type"] for item in body["items"]} == {event_type}


def test_api_events_actor_and_recipient_filters_match_records(
    client: TestClient, events: list
) -> None:
    codes = Counter(p.country for _, ev in events for p in ev.actors if p.country)
    code = codes.most_common(1)[0][0]
    expected = sum(_matches_participant(ev.actors, code) for _, ev in events)
    assert _get(client, f"/api/events?actor={code}")["total"] == expected
    names = Counter(p.name for _, ev in events for p in ev.recipients if p.name)
    name = names.most_common(1)[0][0]
    part = name.split()[-1].lower()
    expected = sum(_matches_participant(ev.recipients, part) for _, ev in events)
    assert expected >= 1
    assert _get(client, f"/api/events?recipient={part}")["total"] == expected


def test_api_events_country_filter_matches_place_or_participant(
    client: TestClient, events: list
) -> None:
    expected = sum(
        ev.place_country == "UKR"
        or any(p.country == "UKR" for p in ev.actors + ev.recipients)
        or (ev.claimed_by is not None and ev.claimed_by.country == "UKR")
        for _, ev in events
    )
    assert _get(client, "/api/events?country=ukr")["total"] == expected


def test_api_events_modality_and_dates_match_records(client: TestClient, events: list) -> None:
    expected = sum(ev.modality == "scheduled" for _, ev in events)
    assert _get(client, "/api/events?modality=scheduled")["total"] == expected
    since, until = datetime(2025, 2, 1), datetime(2025, 3, 1)  # all of February
    expected = [
        (ex.article.id, ev.key)
        for ex, ev in events
        if (span := _span(ev)) is not None and span[1] > since and span[0] < until
    ]
    assert expected
    found = _all_items(client, "/api/events?since=2025-02-01&until=2025-02-28")
    assert sorted((i["article_id"], i["key"]) for i in found) == sorted(expected)


def test_api_events_text_filter_reads_sentence_and_trigger(
    client: TestClient, events: list
) -> None:
    word = "meeting"
    expected = 0
    for ex, ev in events:
        sentence = ex.article.text[ev.sentence_start : ev.sentence_end].lower()
        expected += word in ev.trigger.lower() or word in sentence
    assert expected >= 1
    body = _get(client, f"/api/events?text={word}&limit=500")
    assert body["total"] == expected
    for item in body["items"]:
        assert word in (item["sentence"] + item["trigger"]).lower()


def test_api_events_items_point_at_their_words(client: TestClient, records: list) -> None:
    texts = {ex.article.id: ex.article.text for ex in records}
    for item in _all_items(client, "/api/events"):
        text = texts[item["article_id"]]
        assert text[item["trigger_start"] : item["trigger_end"]] == item["trigger"]
        assert item["sentence"] == text[item["sentence_start"] : item["sentence_end"]]


def test_api_events_paging_covers_every_event_once(client: TestClient, events: list) -> None:
    seen, offset, total = [], 0, None
    while True:
        body = _get(client, f"/api/events?sort=date&limit=7&offset={offset}")
        total = body["total"] if total is None else total
        assert body["total"] == total
        if not body["items"]:
            break
        seen += [item["id"] for item in body["items"]]
        offset += 7
    assert total == len(events) == len(seen) == len(set(seen))


def test_api_events_sorted_by_date(client: TestClient) -> None:
    items = _all_items(client, "/api/events?sort=-date")
    # by the instant each date begins: "2025-W08" begins on 17 February
    spans = [span_of(i["date"], i["date_begin"], i["date_end"]) for i in items]
    keys = [span.begin for span in spans if span is not None]
    assert len(keys) > 5 and keys == sorted(keys, reverse=True)


def test_api_one_event_and_one_article(client: TestClient, records: list) -> None:
    ex = next(r for r in records if r.events)
    event = ex.events[0]
    body = _get(client, f"/api/events/{ex.article.id}/{event.key}")
    assert body["type"] == event.type and body["trigger_start"] == event.trigger_start
    article = _get(client, f"/api/articles/{ex.article.id}")
    assert {k: v for k, v in article.items() if k != "page"} == json.loads(json.dumps(ex.to_dict()))
    _get(client, f"/api/articles/{ex.article.id}x", status=404)
    _get(client, f"/api/events/{ex.article.id}/E999", status=404)


def test_api_articles_list_pages_with_total(client: TestClient, records: list) -> None:
    body = _get(client, "/api/articles?limit=3")
    assert body["total"] == len(records)
    assert len(body["items"]) == 3
    assert all("text" not in item for item in body["items"])
    ok = _get(client, "/api/articles?status=ok")["total"]
    assert ok == sum(r.status == "ok" for r in records)


def test_api_actor_detail_counts_its_events(
    client: TestClient, events: list, records: list
) -> None:
    top = _get(client, "/api/actors?limit=1")["items"][0]
    name = top["name"]
    involved = [
        ev for _, ev in events if any((p.name or p.text) == name for p in ev.actors + ev.recipients)
    ]
    body = _get(client, "/api/actors/" + name.replace(" ", "%20"))
    assert body["events_total"] == len(involved) == top["events"]
    assert body["articles"] == sum(any(a.name == name for a in ex.actors) for ex in records)
    for counterpart in body["counterparts"]:
        assert counterpart["events"] == counterpart["as_actor"] + counterpart["as_recipient"]
    _get(client, "/api/actors/Nobody%20At%20All", status=404)


def test_api_graph_weights_count_events_per_pair(
    client: TestClient, events: list, store_db: Path | str
) -> None:
    # the graph names each side by its canonical id's name ("AU" in an article
    # is "African Union" everywhere)
    canonical = {}
    with Store.open(store_db) as store:
        for article in {ex.article.id for ex, _ in events}:
            for key, actor_id in store.actor_ids_of(article).items():
                canonical[article, key] = store.actor_identity(actor_id)["name"]
    pairs: dict[tuple[str, str], set] = {}
    for ex, ev in events:
        for a in ev.actors:
            for r in ev.recipients:
                if not (a.actor or a.country) or not (r.actor or r.country):
                    continue
                src = canonical.get((ex.article.id, a.actor)) or a.name or a.text
                dst = canonical.get((ex.article.id, r.actor)) or r.name or r.text
                if src != dst:
                    pairs.setdefault((src, dst), set()).add((ex.article.id, ev.key))
    body = _get(client, "/api/graph?limit=1000")
    got = {(e["source"], e["target"]): e["weight"] for e in body["edges"]}
    assert got == {pair: len(ids) for pair, ids in pairs.items()}
    names = {n["id"] for n in body["nodes"]}
    assert names == {side for pair in got for side in pair}
    for edge in body["edges"]:
        assert sum(edge["quads"].values()) == edge["weight"]
        assert all({"article_id", "key"} <= set(ev) for ev in edge["events"])


def test_api_timeline_counts_every_event(client: TestClient, events: list) -> None:
    for interval in ("day", "week", "month"):
        body = _get(client, f"/api/timeline?interval={interval}&by=type")
        assert sum(p["total"] for p in body["periods"]) + body["undated"] == len(events)
        if interval == "week":
            assert all(date.fromisoformat(p["period"]).weekday() == 0 for p in body["periods"])
    by_quad = _get(client, "/api/timeline?by=quad")
    assert set(by_quad["keys"]) <= {"1", "2", "3", "4"}
    _get(client, "/api/timeline?interval=year", status=422)


def test_api_calendar_lists_scheduled_or_later_events(client: TestClient, events: list) -> None:
    expected = {
        (ex.article.id, ev.key)
        for ex, ev in events
        if ev.modality == "scheduled"
        or (
            ev.date_source == "text"
            and ex.article.published
            and (span := _span(ev)) is not None
            and span[0].date().isoformat() > ex.article.published[:10]
        )
    }
    body = _get(client, "/api/calendar?limit=500")
    assert {(i["article_id"], i["key"]) for i in body["items"]} == expected
    begins = [i["begins_at"] for i in body["items"] if i["begins_at"]]
    assert begins == sorted(begins)  # in time order, weeks and seasons too
    future = _get(client, "/api/calendar?after=2999-01-01")
    assert future["total"] == 0 and future["items"] == []


def test_api_places_carry_coordinates_and_evidence(client: TestClient, records: list) -> None:
    items = _get(client, "/api/places")["items"]
    assert items
    for item in items[:10]:
        assert -90 <= item["lat"] <= 90 and -180 <= item["lon"] <= 180
        mentions = sum(
            p.name == item["name"] and (p.country or "") == (item["country"] or "")
            for ex in records
            for p in ex.places
            if p.lat is not None
        )
        assert item["mentions"] == mentions
        texts = {ex.article.id: ex.article.text for ex in records}
        for m in item["mentioned"]:
            assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]


def test_api_quotes_and_search(client: TestClient, records: list) -> None:
    body = _get(client, "/api/quotes?limit=5")
    assert body["total"] == sum(len(ex.quotes) for ex in records)
    assert len(body["items"]) == 5
    found = _get(client, "/api/search?q=ceasefire")
    expected = sum("ceasefire" in (ex.article.title + ex.article.text).lower() for ex in records)
    assert found["articles"]["total"] == expected >= 1
    assert "\x02" in found["articles"]["items"][0]["snippet"]
    bad = _get(client, "/api/search?q=%22unclosed", status=400)
    assert "full-text" in bad["error"]["message"]


# --- errors and security -------------------------------------------------------------------


def test_api_errors_are_json_with_status_and_no_traceback(client: TestClient) -> None:
    cases = [
        ("/api/nothing-here", 404),
        ("/api/events?since=yesterday", 400),
        ("/api/events?limit=0", 422),
        ("/api/events?sort=random", 422),
        ("/api/events?quad_class=9", 422),
    ]
    for url, status in cases:
        body = _get(client, url, status=status)
        assert body["error"]["status"] == status
        assert body["error"]["message"]
        assert "Traceback" not in json.dumps(body)
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.json()["error"]["status"] == 405


def test_api_parameters_are_bound_not_interpolated(client: TestClient, events: list) -> None:
    for hostile in ("' OR 1=1 --", "x%' OR '1'='1", "CONSULT'; DROP TABLE events; --"):
        assert _get(client, f"/api/events?type={hostile}")["total"] == 0
        assert _get(client, f"/api/events?actor={hostile}")["total"] == 0
    assert _get(client, "/api/stats")["events"] == len(events)


def test_api_pages_are_html_and_errors_on_pages_are_html(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no page or endpoint" in response.text


def test_api_responses_carry_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/stats"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_api_refuses_foreign_host_when_bound_to_loopback(store_db: Path) -> None:
    app = create_app(store_db, token=TOKEN, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/stats").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as rebound:
        assert rebound.get("/api/stats").status_code == 400


def test_api_openapi_and_offline_docs(client: TestClient) -> None:
    paths = _get(client, "/openapi.json")["paths"]
    for path in (
        "/api/events",
        "/api/articles",
        "/api/actors/{name}",
        "/api/graph",
        "/api/calendar",
        "/api/extract",
    ):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.replace("http-equiv", "")
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


# --- pages and their JSON twins --------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/events?type=CONSULT",
        "/articles",
        "/actors",
        "/quotes",
        "/network",
        "/map",
        "/calendar",
        "/search?q=talks",
        "/extract",
    ],
)
def test_api_each_page_links_its_json_twin(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200, response.text
    marker = 'class="json-twin" href="'
    assert marker in response.text
    twin = response.text.split(marker, 1)[1].split('"', 1)[0].replace("&amp;", "&")
    if twin.startswith("/docs"):
        return
    assert client.get(twin).status_code == 200


def test_api_events_page_shows_the_twin_total(client: TestClient) -> None:
    total = _get(client, "/api/events?modality=scheduled")["total"]
    page = client.get("/events?modality=scheduled").text
    noun = "event" if total == 1 else "events"
    assert f"{total} {noun}" in page
    assert page.count('<tr data-event="') == min(total, 50)


# /stories is paged in tests/test_api_stories.py (this store has no stories).
@pytest.mark.parametrize("page", ["/events", "/articles", "/actors", "/quotes"])
def test_api_list_pages_show_their_pager(client: TestClient, page: str) -> None:
    twin = _get(client, "/api" + page + "?limit=1&offset=1&all=1")
    assert twin["total"] >= 3, f"the test store needs three items on {page} to page through"
    html = client.get(page + "?limit=1&offset=1&all=1").text
    assert f"of {twin['total']}" in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_api_search_page_shows_its_pager(client: TestClient) -> None:
    html = client.get("/search?q=minister&limit=2&offset=2").text
    assert '<nav class="pager"' in html and 'rel="next"' in html


def test_api_pages_of_an_empty_store_say_so(tmp_path: Path) -> None:
    empty = TestClient(create_app(tmp_path / "empty.db"))
    assert "This store is empty" in empty.get("/").text
    for page in ("/events", "/network", "/map", "/calendar", "/articles", "/quotes"):
        response = empty.get(page)
        assert response.status_code == 200
        assert 'class="empty"' in response.text
    assert _get(empty, "/api/events") == {"total": 0, "items": []}
    assert _get(empty, "/api/graph") == {"nodes": [], "edges": []}


# --- extract and ingest --------------------------------------------------------------------

ARTICLE = (
    "Poland's foreign minister urged the European Union on Friday to open membership talks "
    'with Kyiv at a meeting in Vienna on June 10-11, 2025. "Talks are not a reward," '
    "the minister said."
)


def test_api_extract_returns_extraction_and_stores_nothing(
    client: TestClient, store_db: Path
) -> None:
    before = _get(client, "/api/stats")
    response = client.post(
        "/api/extract", json={"text": ARTICLE, "published": "2024-11-29"}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    body = response.json()
    text = body["article"]["text"]
    names = {a["name"] for a in body["actors"]}
    assert any("European Union" in n or n == "EU" for n in names)
    for t in body["times"]:
        assert text[t["start"] : t["end"]] == t["text"]
    assert any(p["name"] == "Vienna" for p in body["places"])
    html = (
        "<html><head><title>Page</title></head>"
        f"<body><article><p>{ARTICLE}</p></article></body></html>"
    )
    from_html = client.post(
        "/api/extract", json={"html": html, "published": "2024-11-29"}, headers=AUTH
    )
    assert from_html.status_code == 200, from_html.text
    assert "Vienna" in from_html.json()["article"]["text"]
    assert _get(client, "/api/stats") == before


def test_api_extract_refuses_bad_payloads(client: TestClient) -> None:
    for payload in ({}, {"text": "a", "html": "<p>b</p>"}, {"text": "   "}, {"txt": "x"}):
        response = client.post("/api/extract", json=payload, headers=AUTH)
        assert response.status_code == 422, payload
        assert response.json()["error"]["message"]
    broken = client.post(
        "/api/extract", content=b"{not json", headers={"content-type": "application/json"} | AUTH
    )
    assert broken.status_code == 422
    assert "Traceback" not in broken.text


def test_api_ingest_needs_the_bearer_token(tmp_path: Path) -> None:
    app = TestClient(create_app(tmp_path / "w.db", token=TOKEN))
    payload = {"text": ARTICLE, "title": "Invitation", "published": "2024-11-29"}
    missing = app.post("/api/articles", json=payload)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = app.post("/api/articles", json=payload, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert _get(app, "/api/stats")["articles"] == 0
    good = app.post("/api/articles", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert good.status_code == 201, good.text
    body = good.json()
    assert body["new"] == 1 and body["failed"] == 0
    stored = _get(app, body["articles"][0]["api"])
    assert stored["article"]["title"] == "Invitation"
    again = app.post("/api/articles", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["updated"] == 1


def test_api_ingest_is_refused_when_no_token_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVENTWIRE_TOKEN", raising=False)
    app = TestClient(create_app(tmp_path / "w.db"))
    response = app.post(
        "/api/articles", json={"text": ARTICLE}, headers={"Authorization": "Bearer anything"}
    )
    assert response.status_code == 403
    assert "EVENTWIRE_TOKEN" in response.json()["error"]["message"]


def test_api_ingest_batch_reports_each_input(tmp_path: Path) -> None:
    app = TestClient(create_app(tmp_path / "w.db", token=TOKEN))
    batch = {"articles": [{"text": ARTICLE}, {"html": "<html><body></body></html>"}]}
    response = app.post("/api/articles", json=batch, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["new"], body["failed"]) == (1, 1)
    assert body["failures"][0]["source"].startswith("api:2")
    assert _get(app, "/api/stats")["failures"] == 1


def test_api_body_size_limit_answers_413(tmp_path: Path) -> None:
    app = TestClient(create_app(tmp_path / "w.db", token=TOKEN, max_body_bytes=2000))
    big = {"text": "word " * 1000}
    response = app.post("/api/extract", json=big)
    assert response.status_code == 413
    assert "limit" in response.json()["error"]["message"]

    def chunks():
        for _ in range(10):
            yield b" " * 500

    streamed = app.post(
        "/api/extract", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
