"""Every story's reports agree on type and participants, in real stores.

Articles we wrote (the United States and Donald Trump blaming Russia for
hacks, Trump criticising Obamacare, the United States criticising Trump, two
reports each of a Russian attack on Kyiv and of a Macron-Scholz meeting) and
the first VOA stories of ``../shared/corpus/voa`` go through the real
pipeline (``eventwire ingest``) into a real store; ``eventwire merge`` builds
the stories, and each is checked as ``Store.story`` returns it: one type, no
two modes, every pair of reports sharing a participant in each role both
know, nobody the actor of one report and the recipient of another, and no
event or story linking an actor to itself.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import store_target  # noqa: F401 (a fixture)
from conftest import VOA, require
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.settings import Settings
from eventwire.store import Store

# (host, published, title, text): our own reports.
ARTICLES = [
    ("a.example", "2017-01-09T10:00:00Z", "US blames Russia for hacks",
     "The United States blamed Russia for the hacks on Monday, officials said."),
    ("b.example", "2017-01-09T12:00:00Z", "Trump blames Russia",
     "President Donald Trump blamed Russia for the hacks on Monday, the White House said."),
    ("c.example", "2017-01-09T14:00:00Z", "Trump attacks health law",
     "President Donald Trump criticized Obamacare on Monday."),
    ("d.example", "2017-01-09T16:00:00Z", "Criticism of Trump",
     "The United States criticized President Donald Trump on Monday."),
    ("e.example", "2024-11-29T10:00:00Z", "Russian strike on Kyiv",
     "Russian forces attacked Kyiv on Friday, Ukrainian officials said."),
    ("f.example", "2024-11-29T12:00:00Z", "Kyiv under fire",
     "Russian forces attacked Kyiv on Friday with drones, the mayor said."),
    ("g.example", "2024-11-29T10:00:00Z", "Leaders meet in Geneva",
     "French President Emmanuel Macron met German Chancellor Olaf Scholz in Geneva on Friday."),
    ("h.example", "2024-11-29T13:00:00Z", "Macron and Scholz talk",
     "Emmanuel Macron met Olaf Scholz in Geneva on Friday to discuss trade."),
]  # fmt: skip
VOA_ARTICLES = 30


def ingest_and_merge(lines: list[str], folder: Path, target: str) -> Store:
    source = folder / "articles.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    runner = CliRunner()
    for args in (["ingest", str(source), "--quiet"], ["merge"]):
        result = runner.invoke(app, [*args, "--db", target])
        assert result.exit_code == 0, result.output
    return Store.open(target)


@pytest.fixture
def own_store(store_target: str, tmp_path: Path) -> Iterator[Store]:  # noqa: F811
    lines = [
        json.dumps({"url": f"https://{host}/1", "published": published, "title": title,
                    "text": text}) + "\n"
        for host, published, title, text in ARTICLES
    ]  # fmt: skip
    with ingest_and_merge(lines, tmp_path, store_target) as store:
        yield store


def identities(parts: list[dict]) -> list[tuple[str | None, str | None, str | None]]:
    """(name of a resolved actor, country, sector) of each participant the coder resolved."""
    return [
        (
            (p.get("name") or "").lower() if p.get("actor") else None,
            p.get("country"),
            p.get("sector"),
        )
        for p in parts
        if p.get("actor") or p.get("country")
    ]


def share(mine: list[tuple], theirs: list[tuple]) -> bool:
    """True when two participant lists have an actor in common (by name, else by country)."""
    return any((a[0] and a[0] == b[0]) or (a[1] and a[1] == b[1]) for a in mine for b in theirs)


def named(parts: list[dict]) -> set[str]:
    return {name for name, _, _ in identities(parts) if name}


def check_story(story: dict) -> None:
    reports = story["reports"]
    assert {r["type"] for r in reports} == {story["type"]}, story["id"]
    assert len({r["mode"] for r in reports if r["mode"]}) <= 1, story["id"]
    for one, two in itertools.combinations(reports, 2):
        for role in ("actors", "recipients"):
            mine, theirs = identities(one[role]), identities(two[role])
            if mine and theirs:
                assert share(mine, theirs), (story["id"], role, one["trigger"], two["trigger"])
        for a, b in ((one, two), (two, one)):
            assert named(a["actors"]).isdisjoint(named(b["recipients"])), story["id"]
    for report in reports:
        assert named(report["actors"]).isdisjoint(named(report["recipients"])), report["id"]
    parts = story["participants"]
    actors = {(p["code"], p["name"]) for p in parts if p["role"] == "actor"}
    assert actors.isdisjoint((p["code"], p["name"]) for p in parts if p["role"] == "recipient")


def check_every_story(store: Store) -> list[dict]:
    """Check every story of ``store``; return those reported by several articles."""
    found = store.stories(limit=10_000, min_confidence=None)["items"]
    several = []
    for item in found:
        story = store.story(item["id"])
        check_story(story)
        if story["articles"] > 1:
            several.append(story)
    return several


def test_stories_agreement_own_articles(own_store: Store):
    several = check_every_story(own_store)
    # what a user sees: stories with a report at or above the default cut
    cut = Settings().min_confidence
    shown = {i["id"] for i in own_store.stories(limit=10_000, min_confidence=cut)["items"]}
    triggers = sorted(
        sorted(r["trigger"] for r in story["reports"]) for story in several if story["id"] in shown
    )
    # the two reports of the attack on Kyiv, of the meeting and of the blame are one story
    # each; "criticized Obamacare" joins none of them.
    assert triggers == [["attacked", "attacked"], ["blamed", "blamed"], ["met", "met"]]


def test_stories_agreement_voa(tmp_path: Path):
    """About 15 s: the first VOA stories through the whole pipeline into a SQLite store."""
    lines = require(VOA).read_text(encoding="utf-8").splitlines(keepends=True)[:VOA_ARTICLES]
    with ingest_and_merge(lines, tmp_path, str(tmp_path / "voa.db")) as store:
        several = check_every_story(store)
    assert len(several) >= 5  # the check is not vacuous
