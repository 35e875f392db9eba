"""The web app's guards, on the real app: bounded numbers, security headers on every answer,
who may run an extraction and how often, same-site forms, invisible characters shown.

Reads the store the API tests build (real ingested articles); the extraction
tests run the real pipeline through the real app (TestClient, and a real
uvicorn server where requests must overlap).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from test_api_routes import AUTH, EVERY_EVENT, TOKEN, build_store
from test_web_browser import serve_store

from eventwire.settings import Settings
from eventwire.web import create_app
from eventwire.web.security import SECURITY_HEADERS_DICT, ExtractGate

HUGE = 2**63  # one past the databases' largest integer
SHORT = (
    "Estonia's foreign minister met his Latvian counterpart in Riga on Tuesday to discuss "
    "border security, the ministry said."
)


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.getbasetemp() / "web-store")


@pytest.fixture(scope="module")
def client(store_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_db, EVERY_EVENT, token=TOKEN)) as opened:
        yield opened


def _settings(**changes: object) -> Settings:
    return Settings(min_confidence=0.0, processes=1, **changes)


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS_DICT.items():
        assert response.headers.get(name) == value, (response.status_code, name)


# --- point 5: every number bounded, 422 never 500 --------------------------------------------

OUT_OF_RANGE = [
    f"/api/articles?offset={HUGE}",
    f"/api/events?offset={HUGE}",
    f"/api/stories?offset={HUGE}",
    "/api/stories?min_sources=" + "9" * 30,
    f"/api/actors?offset={HUGE}",
    f"/api/quotes?offset={HUGE}",
    f"/api/places?offset={HUGE}",
    f"/api/search?q=talks&offset={HUGE}",
    f"/api/calendar?offset={HUGE}",
    f"/api/events?quad_class={HUGE}",
    f"/api/graph?limit={HUGE}",
    "/api/events?limit=501",
    "/api/events?offset=-1",
    f"/events?offset={HUGE}",
    f"/events?quad_class={HUGE}",
    f"/stories?offset={HUGE}",
    "/stories?min_sources=" + "9" * 30,
    f"/articles?offset={HUGE}",
    f"/actors?offset={HUGE}",
    f"/quotes?offset={HUGE}",
    f"/search?q=talks&offset={HUGE}",
    f"/network?limit={HUGE}",
    "/events?offset=many",
]


@pytest.mark.parametrize("url", OUT_OF_RANGE)
def test_web_numbers_out_of_range_are_422_naming_the_parameter(
    client: TestClient, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text[:300]
    name = re.search(r"[?&](\w+)=[^&]*$", url).group(1)
    if url.startswith("/api"):
        message = response.json()["error"]["message"]
    else:
        message = response.text
    assert name in message
    assert "Traceback" not in response.text
    assert_security_headers(response)


def test_web_blank_number_fields_mean_any(client: TestClient) -> None:
    everything = client.get("/api/events?limit=1").json()["total"]
    page = client.get("/events?quad_class=&min_sources=&limit=50")
    assert page.status_code == 200
    assert f"{everything} events" in page.text
    assert client.get("/stories?min_sources=").status_code == 200
    assert client.get("/api/stories?min_sources=2").status_code == 200


def test_web_largest_offset_in_range_answers_an_empty_page(client: TestClient) -> None:
    body = client.get("/api/events?offset=1000000000").json()
    assert body["items"] == [] and body["total"] > 0


# --- point 5: security headers on every answer -----------------------------------------------


def test_web_every_error_carries_the_security_headers(store_db: Path) -> None:
    app = create_app(store_db, EVERY_EVENT, token=TOKEN, max_body_bytes=1000)

    @app.get("/api/fail-for-test")
    def fail() -> None:  # a route that fails as a bug would, on the real app
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as web:
        answers = {
            "404 api": web.get("/api/nothing-here"),
            "404 page": web.get("/nothing-here"),
            "405": web.delete("/api/events"),
            "422": web.get(f"/api/events?offset={HUGE}"),
            "400": web.get("/api/events?since=yesterday"),
            "401": web.post("/api/articles", json={"text": SHORT}),
            "413": web.post("/api/extract", json={"text": "x" * 2000}, headers=AUTH),
            "500": web.get("/api/fail-for-test"),
        }
    assert answers["500"].status_code == 500
    assert "a bug" not in answers["500"].text
    for what, response in answers.items():
        assert str(response.status_code) == what.split()[0], what
        assert_security_headers(response)
    local = create_app(store_db, EVERY_EVENT, allowed_hosts=["127.0.0.1"])
    with TestClient(local, base_url="http://attacker.example") as rebound:
        refused = rebound.get("/api/stats")
    assert refused.status_code == 400
    assert_security_headers(refused)


# --- point 6: who may extract ----------------------------------------------------------------


def test_web_extract_needs_the_token_unless_public(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with TestClient(create_app(db, _settings(), token=TOKEN)) as closed:
        missing = closed.post("/api/extract", json={"text": SHORT})
        assert missing.status_code == 401
        assert "--public-extract" in missing.json()["error"]["message"]
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = closed.post(
            "/api/extract", json={"text": SHORT}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 403
    with TestClient(create_app(db, _settings(), token="")) as no_token:
        refused = no_token.post("/api/extract", json={"text": SHORT})
        assert refused.status_code == 403
        assert "EVENTWIRE_TOKEN" in refused.json()["error"]["message"]
    public = _settings(public_extract=True, public_extract_chars=500, extract_per_minute=2)
    with TestClient(create_app(db, public, token=TOKEN)) as opened:
        first = opened.post("/api/extract", json={"text": SHORT})
        assert first.status_code == 200, first.text
        assert any(p["name"] == "Riga" for p in first.json()["places"])
        too_long = opened.post("/api/extract", json={"text": SHORT * 10})
        assert too_long.status_code == 413
        assert "500" in too_long.json()["error"]["message"]
        # The token's holder keeps the full size limit.
        assert opened.post("/api/extract", json={"text": SHORT * 10}, headers=AUTH).is_success


def test_web_public_extract_is_rate_limited_per_client(tmp_path: Path) -> None:
    public = _settings(public_extract=True, extract_per_minute=2)
    app = create_app(tmp_path / "w.db", public, token=TOKEN)
    with TestClient(app, client=("192.0.2.1", 4000)) as one:
        answers = [one.post("/api/extract", json={"text": SHORT}) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        limited = answers[-1]
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "a minute" in limited.json()["error"]["message"]
        assert_security_headers(limited)
        assert one.post("/api/extract", json={"text": SHORT}, headers=AUTH).status_code == 200
    with TestClient(app, client=("192.0.2.2", 4000)) as other:
        assert other.post("/api/extract", json={"text": SHORT}).status_code == 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def busy_server(tmp_path: Path) -> Iterator[tuple[str, ExtractGate]]:
    """A real uvicorn server, in this process, whose queue holds one extraction."""
    app = create_app(tmp_path / "w.db", _settings(extract_queue=1), token=TOKEN)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app.state.config.gate
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_web_extract_queue_answers_503_when_full(busy_server: tuple[str, ExtractGate]) -> None:
    base, gate = busy_server
    long_text = (SHORT + " ") * 400  # seconds of work, after loading the model
    results: list[httpx.Response] = []
    running = threading.Thread(
        target=lambda: results.append(
            httpx.post(base + "/api/extract", json={"text": long_text}, headers=AUTH, timeout=300)
        )
    )
    running.start()
    deadline = time.monotonic() + 60
    while gate.pending == 0:  # wait until the first extraction holds the queue's one place
        assert time.monotonic() < deadline and running.is_alive(), results
        time.sleep(0.02)
    refused = httpx.post(base + "/api/extract", json={"text": SHORT}, headers=AUTH, timeout=60)
    running.join()
    assert results and results[0].status_code == 200
    assert refused.status_code == 503, refused.text
    assert int(refused.headers["retry-after"]) >= 1
    assert "busy" in refused.json()["error"]["message"]
    assert_security_headers(refused)
    # Once the queue has room again, extraction works.
    after = httpx.post(base + "/api/extract", json={"text": SHORT}, headers=AUTH, timeout=60)
    assert after.status_code == 200


@pytest.mark.parametrize("public", [False, True])
def test_web_serve_public_extract_option(tmp_path: Path, public: bool) -> None:
    """The real ``eventwire serve``: without the option extraction needs the token; with
    it, a caller without the token is let in, within the smaller size cap."""
    options = ("--public-extract",) if public else ()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    env |= {"EVENTWIRE_TOKEN": TOKEN, "EVENTWIRE_PUBLIC_EXTRACT_CHARS": "100"}
    log = tmp_path / "serve.log"
    with serve_store(tmp_path / "w.db", log, env, options) as base:
        answer = httpx.post(base + "/api/extract", json={"text": SHORT}, timeout=60)
    assert answer.status_code == (413 if public else 401), answer.text
    assert ("open to all" in log.read_text()) is public


# --- point 6: the paste form takes only same-site posts --------------------------------------


def _form_token(web: TestClient) -> str:
    page = web.get("/extract").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


FORM = {"content-type": "application/x-www-form-urlencoded"}


def test_web_paste_form_refuses_cross_site_posts(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "w.db", _settings(), local=True)) as web:
        token = _form_token(web)
        body = {"text": SHORT, "format": "text", "csrf": token}
        refusals = [
            web.post("/extract", data={"text": SHORT}),  # no form token
            web.post("/extract", data=body | {"csrf": "guessed"}),
            web.post("/extract", data=body, headers={"origin": "http://evil.example"}),
            web.post(
                "/extract", data=body, headers={"origin": "null", "sec-fetch-site": "cross-site"}
            ),
            web.post("/extract", data=body, headers={"sec-fetch-site": "cross-site"}),
        ]
        for refused in refusals:
            assert refused.status_code == 403
            assert "own page" in refused.text
            assert_security_headers(refused)
        own = web.post(
            "/extract",
            data=body,
            headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        )
        assert own.status_code == 200, own.text[:300]
        # What Chromium sends from our own page under "Referrer-Policy: no-referrer".
        nulled = {"origin": "null", "sec-fetch-site": "same-origin"}
        assert web.post("/extract", data=body, headers=nulled).status_code == 200
        assert 'id="extract-result"' in own.text


def test_web_paste_form_is_off_on_a_reachable_server_unless_public(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "w.db", _settings())) as reachable:
        data = {"text": SHORT, "csrf": _form_token(reachable)}
        refused = reachable.post("/extract", data=data)
        assert refused.status_code == 403
        assert "--public-extract" in refused.text
    public = _settings(public_extract=True, public_extract_chars=300, extract_per_minute=1)
    with TestClient(create_app(tmp_path / "w.db", public)) as opened:
        data = {"text": SHORT, "csrf": _form_token(opened)}
        assert opened.post("/extract", data=data | {"text": SHORT * 5}).status_code == 413
        assert opened.post("/extract", data=data).status_code == 200
        again = opened.post("/extract", data=data)
        assert again.status_code == 429
        assert int(again.headers["retry-after"]) >= 1


def test_web_public_extract_setting_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTWIRE_PUBLIC_EXTRACT", "0")
    assert Settings.from_env().public_extract is False
    monkeypatch.setenv("EVENTWIRE_PUBLIC_EXTRACT", "1")
    assert Settings.from_env().public_extract is True


# --- point 6: invisible characters are shown, not obeyed -------------------------------------


def test_web_pages_show_bidi_and_invisible_characters_as_markers(tmp_path: Path) -> None:
    title = "Minister \u202eevil\u202c visits Riga"
    text = f"{title}\n\n{SHORT} The mayor\u200b of Riga welcomed him.\u2066 \u0007"
    with TestClient(create_app(tmp_path / "w.db", _settings(), token=TOKEN)) as web:
        stored = web.post("/api/articles", json={"text": text, "title": title}, headers=AUTH).json()
        article = stored["articles"][0]
        # The data keep the characters as they were sent...
        assert web.get(article["api"]).json()["article"]["title"] == title
        # ...and every page that prints them shows markers instead.
        pages = [article["page"], "/articles", "/search?q=mayor", "/"]
        for url in pages:
            html = web.get(url).text
            assert "[U+202E]evil[U+202C]" in html, url
            for hidden in ("\u202e", "\u202c", "\u200b", "\u2066", "\u0007"):
                assert hidden not in html, (url, hex(ord(hidden)))
        shown = web.get(article["page"]).text
        assert "mayor[U+200B]" in shown and "[U+2066]" in shown and "[U+0007]" in shown
    # The pasted text goes back into the form as typed; the result shows markers.
    with TestClient(create_app(tmp_path / "w.db", _settings(), local=True)) as paste:
        form = {"text": text, "format": "text", "csrf": _form_token(paste)}
        typed = paste.post("/extract", data=form)
        assert typed.status_code == 200, typed.text[:300]
        in_form, result = typed.text.split("</textarea>", 1)
        assert "\u202eevil\u202c" in in_form
        assert "[U+202E]evil[U+202C]" in result and "\u202e" not in result
