"""The web UI in a real headless Chromium, against the real ``serve`` command on a free port.

One server per session (started as ``eventwire serve`` would be, in a
subprocess) over the store the API tests build (samples, a hostile article,
the seed where ../shared is present), and a second one over the merged store
of ``test_api_stories`` for the Stories pages. Each test opens pages the way a person
would, clicks, and compares what is on screen with the JSON API. Every page
must load with no script error and no request leaving 127.0.0.1 (the UI
works offline). Screenshots go to test-output/screenshots/; with
EVENTWIRE_UPDATE_README_IMAGES=1 the dashboard and the seed article are also
written to docs/img/ for the README.

Skips, with the reason, where Playwright for Python or /usr/bin/chromium is missing.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, SEED, require
from test_api_routes import ARTICLE, HOSTILE_TEXT, HOSTILE_TITLE, TOKEN, build_store
from test_api_stories import build_story_store
from test_confidence_cut import save_cut_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = ROOT / "test-output" / "screenshots"
README_IMAGES = ROOT / "docs" / "img"
VIEWPORT = {"width": 1360, "height": 900}


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install playwright)",
    )
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install the Debian packages chromium and chromium-driver "
            "(make test does)"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_store(
    db: Path, log: Path, env: dict[str, str] | None = None, options: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run the real ``serve`` command over ``db`` in a subprocess; yield its base URL."""
    port = _free_port()
    command = "import typer; from eventwire.cli.serve import serve; typer.run(serve)"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", command, "--db", str(db), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer within 60 s: {log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the store the API tests build; yield its base URL."""
    db = build_store(tmp_path_factory.getbasetemp() / "web-store")
    log = tmp_path_factory.getbasetemp() / "serve.log"
    with serve_store(db, log, os.environ | {"EVENTWIRE_TOKEN": TOKEN}) as base:
        yield base


@pytest.fixture(scope="session")
def stories_server(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the merged store of ``test_api_stories`` (one article sent by three sites)."""
    base_dir = tmp_path_factory.mktemp("web-stories")
    db = build_story_store(base_dir / "eventwire.db")
    # every event, as test_api_stories compares them (the cut: the cut_server tests)
    every_event = os.environ | {"EVENTWIRE_MIN_CONFIDENCE": "0"}
    with serve_store(db, base_dir / "serve.log", every_event) as base:
        yield base


@pytest.fixture(scope="session")
def cut_server(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve one article whose three events have confidences 0.9, 0.5 and 0.05."""
    base_dir = tmp_path_factory.mktemp("web-cut")
    db = save_cut_store(str(base_dir / "eventwire.db"))
    with serve_store(Path(db), base_dir / "serve.log") as base:
        yield base


# Countries with long names for a crowded network: each meets the next one and the
# seventh one after it, and the first (a hub) meets everyone.
NETWORK_COUNTRIES = [
    ("United States of America", "USA"), ("Democratic Republic of the Congo", "COD"),
    ("United Kingdom", "GBR"), ("Central African Republic", "CAF"),
    ("Bosnia and Herzegovina", "BIH"),
    ("Saint Vincent and the Grenadines", "VCT"), ("Trinidad and Tobago", "TTO"),
    ("Papua New Guinea", "PNG"), ("Antigua and Barbuda", "ATG"), ("Sao Tome and Principe", "STP"),
    ("United Arab Emirates", "ARE"), ("Dominican Republic", "DOM"), ("Equatorial Guinea", "GNQ"),
    ("Republic of Moldova", "MDA"), ("Kingdom of the Netherlands", "NLD"), ("New Zealand", "NZL"),
    ("South Africa", "ZAF"), ("Solomon Islands", "SLB"), ("Marshall Islands", "MHL"),
    ("Burkina Faso", "BFA"), ("Sierra Leone", "SLE"), ("Czech Republic", "CZE"),
    ("Saudi Arabia", "SAU"), ("North Macedonia", "MKD"), ("Guinea-Bissau", "GNB"),
    ("Timor-Leste", "TLS"), ("El Salvador", "SLV"), ("Costa Rica", "CRI"),
]  # fmt: skip


def build_network_store(path: Path) -> Path:
    """One article of meetings between the countries above, stored as extracted records."""
    from eventwire.records import Actor, Article, Event, EventActor, Extraction
    from eventwire.store import Store

    count = len(NETWORK_COUNTRIES)
    pairs = [(0, i) for i in range(1, count)]
    pairs += [(i, (i + step) % count) for i in range(1, count) for step in (1, 7)]
    keys = {name: f"A{i + 1}" for i, (name, _) in enumerate(NETWORK_COUNTRIES)}
    text, events = "", []
    for n, (a, b) in enumerate(pairs):
        (one, one_code), (two, two_code) = NETWORK_COUNTRIES[a], NETWORK_COUNTRIES[b]
        start = len(text)
        text += f"{one} met {two}. "
        trigger = start + len(one) + 1
        second = trigger + len("met ")
        events.append(Event(
            key=f"E{n + 1}", type="CONSULT", quad_class=1, trigger="met", trigger_start=trigger,
            trigger_end=trigger + 3, sentence_start=start, sentence_end=len(text) - 1,
            actors=[EventActor(one, start, start + len(one), keys[one], one, one_code)],
            recipients=[EventActor(two, second, second + len(two), keys[two], two, two_code)],
            date="2024-03-04", confidence=0.9,
        ))  # fmt: skip
    actors = [Actor(keys[name], name, "COUNTRY", code) for name, code in NETWORK_COUNTRIES]
    article = Article(text=text.strip(), title="Meetings", published="2024-03-04", source="n.txt")
    with Store.open(path) as store:
        store.save(Extraction(article=article, actors=actors, events=events))
    return path


@pytest.fixture(scope="session")
def network_server(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a crowded network: 28 countries with long names, 81 links."""
    base_dir = tmp_path_factory.mktemp("web-network")
    db = build_network_store(base_dir / "eventwire.db")
    with serve_store(db, base_dir / "serve.log") as base:
        yield base


@contextmanager
def watched_tab(browser, server: str) -> Iterator[object]:
    """A fresh page; fails the test on a script error or a request to another host."""
    # Reduced motion turns the flash animation off, so screenshots show the settled page.
    context = browser.new_context(viewport=VIEWPORT, base_url=server, reduced_motion="reduce")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(server) or request.url.startswith("data:")
            else problems.append(f"request left the server: {request.url}")
        ),
    )
    try:
        yield tab
    finally:
        context.close()
    assert not problems, problems


@pytest.fixture()
def page(browser, server: str) -> Iterator[object]:
    with watched_tab(browser, server) as tab:
        yield tab


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=30) as response:
        return json.loads(response.read())


def shoot(tab, name: str, readme: str | None = None) -> Path:
    """Save a screenshot under test-output/screenshots (and docs/img when asked)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if readme and os.environ.get("EVENTWIRE_UPDATE_README_IMAGES") == "1":
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_IMAGES / readme)
    return path


def joined_text(tab, selector: str) -> str:
    return "".join(tab.locator(selector).all_inner_texts())


def find_article(server: str, title_part: str) -> str:
    for item in api(server, "/api/articles?limit=500")["items"]:
        if title_part in (item["title"] or ""):
            return item["id"]
    raise AssertionError(f"no article titled like {title_part!r}")


def busiest_article(server: str) -> dict:
    items = api(server, "/api/articles?limit=500&status=ok")["items"]
    return max(items, key=lambda a: (a["events"], a["quotes"], a["id"]))


# --- pages -----------------------------------------------------------------------------------


def graph_geometry(tab) -> dict:
    """Screen boxes (left, top, right, bottom) of the network's svg, circles and shown labels."""
    return tab.evaluate(
        """() => {
          const box = (el) => {
            const r = el.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom];
          };
          const svg = document.getElementById("network");
          const labels = [...svg.querySelectorAll("g.node text")]
            .filter((t) => getComputedStyle(t).display !== "none");
          return {
            svg: box(svg),
            circles: [...svg.querySelectorAll("g.node circle")].map(box),
            labels: labels.map(box),
            names: labels.map((t) => t.textContent),
          };
        }"""
    )


def assert_graph_fits(geometry: dict) -> None:
    """Every circle and shown label inside the svg, and no two labels overlapping."""
    left, top, right, bottom = geometry["svg"]
    for x0, y0, x1, y1 in geometry["circles"] + geometry["labels"]:
        assert left - 0.5 <= x0 and x1 <= right + 0.5 and top - 0.5 <= y0 and y1 <= bottom + 0.5
    boxes = geometry["labels"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def test_web_dashboard_shows_totals_and_timeline(page, server: str) -> None:
    page.goto("/")
    data = api(server, "/api/dashboard")
    cards = page.locator(".cards .card .num").all_inner_texts()
    assert cards[:2] == [f"{data['totals']['articles']:,}", f"{data['totals']['events']:,}"]
    bars = sum(1 for p in data["timeline"]["periods"] for n in p["counts"].values() if n)
    assert bars > 0
    assert page.locator("#timeline-chart svg rect.bar").count() == bars
    legend = page.locator(".chart-legend").inner_text().splitlines()
    keys = [str(k) for k in data["timeline"]["keys"]]
    assert len(keys) >= 2 and [line.split(" · ")[0] for line in legend] == keys
    assert any("cooperation" in line for line in legend)
    assert any("conflict" in line for line in legend)
    shoot(page, "dashboard", readme="dashboard.png")


def test_web_events_table_filters(page, server: str) -> None:
    page.goto("/events")
    top = api(server, "/api/events/facets")["types"][0]["type"]
    page.select_option("select[name=type]", top)
    page.fill("input[name=actor]", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**/events?*type={top}*")
    expected = api(server, f"/api/events?type={top}")["total"]
    assert page.locator("#event-count").inner_text().startswith(f"{expected} event")
    badges = page.locator("tr[data-event] td:nth-child(2) .badge").all_inner_texts()
    assert badges and set(badges) == {top}
    assert len(badges) == min(expected, 50)
    shoot(page, "events-filtered")
    page.fill("input[name=actor]", "zzz-nobody")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=zzz-nobody**")
    assert page.locator("#event-count").inner_text().startswith("0 events")
    assert page.locator(".empty").count() == 1


def test_web_article_highlights_evidence_in_place(page, server: str) -> None:
    article = busiest_article(server)
    extraction = api(server, f"/api/articles/{article['id']}")
    page.goto(f"/articles/{article['id']}")
    text = extraction["article"]["text"]
    assert page.locator("#article-text").inner_text().strip() == text.strip()
    for event in extraction["events"]:
        words = joined_text(page, f'[data-ann~="ev-{event["key"]}:trigger"]')
        assert words == text[event["trigger_start"] : event["trigger_end"]]
    for kind in ("trigger", "quote", "mention", "time", "place"):
        assert page.locator(f"#article-text .k-{kind}").count() > 0, kind
    assert page.locator(".panel-events .panel-item").count() == len(extraction["events"])
    shoot(page, "article")


def test_web_side_panel_click_lights_up_the_words(page, server: str) -> None:
    article = busiest_article(server)
    extraction = api(server, f"/api/articles/{article['id']}")
    text = extraction["article"]["text"]
    page.goto(f"/articles/{article['id']}")
    last = len(extraction["quotes"]) - 1
    quote = extraction["quotes"][last]
    page.click(f"#item-q-{last}")
    assert joined_text(page, "#article-text .on-quote") == text[quote["start"] : quote["end"]]
    first = page.locator("#article-text .on-quote").first
    box = first.bounding_box()
    assert box is not None and 0 <= box["y"] <= VIEWPORT["height"]
    assert page.evaluate("location.hash") == f"#q-{last}"
    assert "selected" in (page.get_attribute(f"#item-q-{last}", "class") or "")
    shoot(page, "article-quote-selected")

    event = extraction["events"][0]
    page.click(f"#item-ev-{event['key']}")
    assert page.locator("#article-text .on-quote").count() == 0
    assert joined_text(page, "#article-text .on-trigger") == event["trigger"]
    for person in event["actors"]:
        assert person["text"] in joined_text(page, "#article-text .on-actor")
    # and back: clicking the words selects their item in the panel
    page.locator(f'[data-ann~="ev-{event["key"]}:trigger"]').first.click()
    assert "selected" in (page.get_attribute(f"#item-ev-{event['key']}", "class") or "")
    page.uncheck("input[data-layer=time]")
    assert "no-time" in (page.get_attribute("#article-text", "class") or "")


def test_web_map_draws_places_offline(page, server: str) -> None:
    places = api(server, "/api/places")["items"]
    page.goto("/map")
    page.wait_for_selector('svg#map[data-ready="true"]', state="attached")
    assert page.locator("svg#map circle.point").count() == len(places)
    assert page.locator("svg#map path.land").count() > 100
    top = places[0]
    page.locator(f'svg#map circle[data-place="{top["name"]}"]').dispatch_event("click")
    assert page.locator("#map-panel h3").inner_text() == top["name"]
    link = page.locator('#map-panel a[href*="#p-"]').first
    mention = top["mentioned"][0]
    shoot(page, "map")
    link.click()
    page.wait_for_url("**/articles/**#p-*")
    assert joined_text(page, "#article-text .on-place") == mention["text"]


def test_web_network_draws_who_acts_on_whom(page, server: str) -> None:
    graph = api(server, "/api/graph")
    page.goto("/network")
    assert page.locator("svg#network path.link").count() == len(graph["edges"])
    assert page.locator("svg#network g.node").count() == len(graph["nodes"])
    edge = graph["edges"][0]
    selector = (
        f'svg#network path.link[data-source="{edge["source"]}"][data-target="{edge["target"]}"]'
    )
    assert_graph_fits(graph_geometry(page))
    page.locator(selector).dispatch_event("click")
    links = page.locator('#graph-panel a[href*="#ev-"]')
    assert links.count() == len(edge["events"])
    shoot(page, "network")
    first = edge["events"][0]
    links.first.click()
    page.wait_for_url(f"**/articles/{first['article_id']}#ev-{first['key']}")
    assert joined_text(page, "#article-text .on-trigger") == first["trigger"]


@pytest.mark.parametrize("size", [(1360, 900), (820, 700)])
def test_web_network_crowded_graph_opens_fitted_without_overlaps(
    browser, network_server: str, size: tuple[int, int]
) -> None:
    with watched_tab(browser, network_server) as tab:
        tab.set_viewport_size({"width": size[0], "height": size[1]})
        tab.goto("/network")
        graph = api(network_server, "/api/graph")
        assert tab.locator("svg#network g.node").count() == len(NETWORK_COUNTRIES)
        geometry = graph_geometry(tab)
        assert_graph_fits(geometry)
        # the busiest actor keeps its label; labels that found no room are hidden, not piled up
        busiest = max(graph["nodes"], key=lambda n: n["events"])
        assert busiest["id"] in geometry["names"]
        assert len(geometry["names"]) >= len(NETWORK_COUNTRIES) // 3
        shoot(tab, f"network-crowded-{size[0]}")


def test_web_chart_count_axes_are_whole_numbers_once(browser, cut_server: str) -> None:
    # One event per day: d3's default ticks of [0, 1] would read "0 0 0 1 1 1".
    with watched_tab(browser, cut_server) as tab:
        for path, chart in (("/", "#timeline-chart"), ("/actors/Ukraine", "#actor-chart")):
            tab.goto(path)
            ticks = (
                tab.locator(f"{chart} svg g.axis").last.locator(".tick text").all_text_contents()
            )
            assert len(ticks) >= 2, (path, ticks)
            assert all(t.isdigit() for t in ticks) and len(set(ticks)) == len(ticks), (path, ticks)
            assert ticks[0] == "0"


def test_web_confidence_toggle_shows_low_confidence_events(browser, cut_server: str) -> None:
    with watched_tab(browser, cut_server) as tab:
        tab.goto("/events?type=CONSULT")
        rows = tab.locator("table.events-table tbody tr")
        assert rows.count() == 1  # the 0.05 visit is hidden
        assert "0.50" in joined_text(tab, "table.events-table td.confidence")
        toggle = tab.locator("#confidence-toggle")
        assert toggle.inner_text() == "Show low-confidence events"
        toggle.click()
        tab.wait_for_url("**all=1**")
        assert "type=CONSULT" in tab.url  # the other filters are kept
        assert rows.count() == 2
        assert "0.05" in joined_text(tab, "table.events-table td.confidence")
        # the filter form keeps showing everything
        tab.locator("form.filters button[type=submit]").click()
        tab.wait_for_load_state()
        assert "all=1" in tab.url and rows.count() == 2
        tab.locator("#confidence-toggle").click()
        tab.wait_for_url(lambda url: "all=1" not in url)
        assert rows.count() == 1
        tab.goto("/calendar")
        assert tab.locator(".agenda-item").count() == 0
        tab.locator("#confidence-toggle").click()
        tab.wait_for_url("**all=1**")
        assert tab.locator(".agenda-item").count() == 1


def test_web_calendar_lists_scheduled_events(page, server: str) -> None:
    expected = api(server, "/api/calendar?limit=500")
    page.goto("/calendar")
    assert page.locator(".agenda-item").count() == expected["total"] > 0
    shoot(page, "calendar")
    page.click("text=from today")
    page.wait_for_url("**upcoming=true**")
    assert page.locator(".agenda-item").count() + page.locator(".empty").count() >= 1


def test_web_search_from_the_top_bar(page, server: str) -> None:
    page.goto("/")
    page.fill(".quicksearch input", "ceasefire")
    page.press(".quicksearch input", "Enter")
    page.wait_for_url("**/search?q=ceasefire")
    expected = api(server, "/api/search?q=ceasefire")["articles"]["total"]
    assert page.locator(".search-results > li").count() == min(expected, 20) > 0
    marks = page.locator(".search-results mark").all_inner_texts()
    assert marks and all(m.lower().startswith("ceasefire") for m in marks)
    shoot(page, "search")
    page.fill(".search-form input[name=q]", '"unclosed')
    page.click(".search-form button")
    assert "full-text" in page.locator(".notice.error").inner_text()


def test_web_paste_page_extracts_without_storing(page, server: str) -> None:
    before = api(server, "/api/stats")
    page.goto("/extract")
    page.fill("#paste-text", ARTICLE)
    page.fill("input[name=published]", "2024-11-29")
    page.click("#extract-button")
    page.wait_for_selector("#extract-result", timeout=60_000)
    assert "Vienna" in page.locator("#article-text .k-place").all_inner_texts()
    assert page.locator(".panel-item").count() > 3
    page.locator(".panel-places .panel-item").first.click()
    assert joined_text(page, "#article-text .on-place")
    assert page.input_value("#paste-text") == ARTICLE
    shoot(page, "paste")
    assert api(server, "/api/stats") == before


def test_web_paste_form_shows_progress_while_extracting(page, server: str) -> None:
    page.goto("/extract")
    assert not page.locator("#extract-status").is_visible()
    # The page cannot be queried while its form post is pending, so a listener of our own
    # writes down what the page shows just after the submit, while the request is held
    # back for a second (then let through to the real server).
    page.evaluate(
        """() => document.querySelector(".paste-form").addEventListener("submit", () =>
          setTimeout(() => {
            const status = document.getElementById("extract-status");
            const button = document.getElementById("extract-button");
            sessionStorage.setItem("seen", JSON.stringify({
              status: status.checkVisibility() ? status.textContent : null,
              button: button.textContent, disabled: button.disabled,
              busy: document.querySelector(".paste-form").getAttribute("aria-busy"),
            }));
          }, 0))"""
    )

    def hold(route) -> None:
        time.sleep(1.0)
        route.continue_()

    page.route("**/extract", hold)
    page.fill("#paste-text", ARTICLE)
    page.click("#extract-button")
    page.wait_for_selector("#extract-result", timeout=60_000)
    seen = json.loads(page.evaluate("sessionStorage.getItem('seen')"))
    assert "Extracting" in seen["status"] and seen["button"] == "Extracting…"
    assert seen["disabled"] and seen["busy"] is not None
    # the result page is ready for the next article
    assert page.locator("#extract-button").is_enabled()
    assert not page.locator("#extract-status").is_visible()


def test_web_hostile_article_shows_as_text_and_runs_nothing(page, server: str) -> None:
    article_id = find_article(server, HOSTILE_TITLE)
    page.goto(f"/articles/{article_id}")
    shown = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned=1</script>" in shown
    assert '<img src=x onerror="window.__pwned=1">' in shown
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shoot(page, "hostile-article")
    page.goto("/extract")
    page.fill("#paste-text", HOSTILE_TEXT)
    page.click("#extract-button")
    page.wait_for_selector("#extract-result", timeout=60_000)
    assert "<script>window.__pwned=1</script>" in page.locator("#article-text").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_web_paste_form_refuses_a_post_from_another_site(browser, server: str) -> None:
    """A page on another site that submits the paste form, even with the right form token,
    is refused: the browser says the post is cross-site."""
    with urllib.request.urlopen(server + "/extract", timeout=30) as response:
        token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode()).group(1)
    attack = (
        f'<form id="f" method="post" action="{server}/extract">'
        f'<input name="text" value="{html.escape(ARTICLE)}">'
        f'<input name="csrf" value="{token}"></form>'
    )
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.route(
            "http://attacker.test/",
            lambda route: route.fulfill(content_type="text/html", body=attack),
        )
        tab.goto("http://attacker.test/")
        with tab.expect_response(lambda r: r.request.method == "POST") as posted:
            tab.evaluate("document.getElementById('f').submit()")
        assert posted.value.status == 403
        assert "own page" in posted.value.text()
    finally:
        context.close()


# --- acceptance: the seed article ------------------------------------------------------------


def test_web_seed_article_acceptance(page, server: str) -> None:
    """Sybiha's quote, the Dec 3-4 Brussels meeting, Brussels on the map and NATO-Ukraine
    in the network, each linked to its words in the article."""
    require(SEED)
    article_id = find_article(server, "Ukraine Urges NATO Membership Invitation")
    extraction = api(server, f"/api/articles/{article_id}")
    text = extraction["article"]["text"]

    # Sybiha's quote, from the side panel to its words
    page.goto(f"/articles/{article_id}")
    seq, quote = next(
        (i, q)
        for i, q in enumerate(extraction["quotes"])
        if "Sybiha" in (q["speaker_name"] or "") and "escalation" in q["text"]
    )
    item = page.locator(f"#item-q-{seq}")
    assert "Sybiha" in item.inner_text()
    item.click()
    assert joined_text(page, "#article-text .on-quote") == text[quote["start"] : quote["end"]]
    assert (
        "The invitation should not be seen as an escalation" in text[quote["start"] : quote["end"]]
    )

    # the meeting in Brussels on December 3-4, 2024
    meeting = next(
        e
        for e in extraction["events"]
        if e["place"] == "Brussels"
        and e["date_begin"] == "2024-12-03"
        and e["date_end"] == "2024-12-04"
    )
    page.click(f"#item-ev-{meeting['key']}")
    assert joined_text(page, "#article-text .on-trigger") == meeting["trigger"]
    assert joined_text(page, "#article-text .on-where") == "Brussels"
    assert "December 3-4, 2024" in page.locator(f"#item-ev-{meeting['key']}").inner_text()
    shoot(page, "acceptance-seed-meeting", readme="article.png")

    # Brussels on the map, linked to the seed's words
    page.goto("/map")
    page.locator('svg#map circle[data-place="Brussels"]').dispatch_event("click")
    to_seed = page.locator(f'#map-panel a[href^="/articles/{article_id}#"]').first
    shoot(page, "acceptance-map-brussels")
    to_seed.click()
    page.wait_for_url(f"**/articles/{article_id}#*")
    lit = joined_text(page, "#article-text .on-place") + joined_text(
        page, "#article-text .on-trigger"
    )
    assert "Brussels" in lit or meeting["trigger"] in lit

    # NATO and Ukraine connected in the network, linked to the seed's words
    page.goto("/network")
    nato, ukraine = (
        next(a["name"] for a in extraction["actors"] if any(m["text"] == n for m in a["mentions"]))
        for n in ("NATO", "Ukraine")
    )
    link = page.locator(
        f'svg#network path.link[data-source="{nato}"][data-target="{ukraine}"], '
        f'svg#network path.link[data-source="{ukraine}"][data-target="{nato}"]'
    )
    assert link.count() >= 1
    link.first.dispatch_event("click")
    to_seed = page.locator(f'#graph-panel a[href^="/articles/{article_id}#ev-"]').first
    shoot(page, "acceptance-network-nato-ukraine")
    href = to_seed.get_attribute("href")
    key = href.rsplit("#ev-", 1)[1]
    event = next(e for e in extraction["events"] if e["key"] == key)
    to_seed.click()
    page.wait_for_url(f"**/articles/{article_id}#ev-{key}")
    assert joined_text(page, "#article-text .on-trigger") == event["trigger"]
    sides = {p["name"] for p in event["actors"] + event["recipients"]}
    assert {nato, ukraine} <= sides


def test_web_stories_lead_from_sources_to_the_words(browser, stories_server: str) -> None:
    with watched_tab(browser, stories_server) as page:
        walk_stories(page, stories_server)


def walk_stories(page, server: str) -> None:
    """Stories list -> a story with 2 sources -> one report's words in its article."""
    page.goto("/")
    page.click('nav a[href="/stories"]')
    page.wait_for_url("**/stories")
    listed = api(server, "/api/stories")
    assert page.locator("tr[data-story]").count() == listed["total"]
    item = next(s for s in listed["items"] if s["sources"] == 2)
    row = page.locator(f'tr[data-story="{item["id"]}"]')
    assert row.locator("td.sources").inner_text() == "2"
    shoot(page, "stories")

    row.locator("a.story-link").click()
    page.wait_for_url(f"**/stories/{item['id']}")
    story = api(server, f"/api/stories/{item['id']}")
    assert page.locator("#story-sources").inner_text() == "2"
    assert page.locator("tr[data-report]").count() == len(story["reports"])
    shoot(page, "story")

    report = story["reports"][-1]
    page.locator(f'tr[data-report="{report["id"]}"] a.evidence-link').click()
    page.wait_for_url(f"**/articles/{report['article_id']}#ev-{report['key']}")
    assert joined_text(page, "#article-text .on-trigger") == report["trigger"]
    assert "selected" in (page.get_attribute(f"#item-ev-{report['key']}", "class") or "")
    shoot(page, "story-report-in-article")
