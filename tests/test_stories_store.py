"""Cross-article merging on real stores: signatures, links, stories and their queries.

The ``store`` fixture runs each test on both backends (SQLite and PostgreSQL, see
``backends.py``).
"""

from __future__ import annotations

import json

import pytest
from backends import store_target  # noqa: F401  (fixture)

from eventwire.crossdoc.dedup import SCHEME
from eventwire.crossdoc.stories import merge_store
from eventwire.records import Actor, Article, Event, EventActor, Extraction
from eventwire.store import Store

# The stories migration waits as data/migrations/0006_stories.sql.pending until the
# migrations numbered before it exist (load_migrations refuses gaps); remove this
# mark once it is installed as NNNN_stories.sql.

BODY = (
    "Russian forces attacked the Ukrainian city of Kharkiv on Friday, killing four people, "
    "regional officials said. The strike hit a residential district near the center. "
    "Emergency crews worked through the night to reach people under the rubble, and the "
    "regional governor declared a day of mourning for the victims of the attack."
)
OTHER = (
    "Ukraine's military said on Saturday that Russian troops launched an assault on Kharkiv "
    "a day earlier, hitting homes and a school. Four civilians died in the attack, the "
    "governor said, and rescue work went on for hours across the damaged neighborhoods."
)
UNRELATED = (
    "Finance ministers of the Group of Seven met in Canada on Thursday and agreed to keep "
    "working on a shared approach to supply chains, a joint statement said after the talks."
)


def _event(text: str, trigger: str, date: str | None) -> Event:
    start = text.index(trigger)
    end_sentence = text.index(".", start) + 1
    return Event(
        key="E1",
        type="ASSAULT",
        quad_class=4,
        trigger=trigger,
        trigger_start=start,
        trigger_end=start + len(trigger),
        sentence_start=0,
        sentence_end=end_sentence,
        trigger_lemma="attack",
        actors=[EventActor("Russian forces", 0, 14, "A1", "Russia", "RUS", "MIL")],
        recipients=[EventActor("Kharkiv", 0, 7, None, None, "UKR", None)],
        date=date,
        date_begin=date,
        date_end=date,
        date_source="text" if date else "article",
        evidence=[[0, end_sentence]],
    )


def _extraction(text: str, url: str, published: str, trigger: str, date: str | None) -> Extraction:
    article = Article(text=text, url=url, published=published, title=url.rsplit("/", 1)[-1])
    russia = Actor("A1", "Russia", "COUNTRY", "RUS")
    return Extraction(article=article, actors=[russia], events=[_event(text, trigger, date)])


@pytest.fixture
def store(store_target):  # noqa: F811
    with Store.open(store_target) as opened:
        opened.save_many(
            [
                _extraction(
                    BODY, "https://wire.example/a", "2024-11-29T18:00:00", "attacked", "2024-11-29"
                ),
                # a re-publication of the same story by another site, a few hours later
                _extraction(
                    BODY + " Copyright 2024 Harbor Times.",
                    "https://harbor.example/b",
                    "2024-11-29T22:00:00",
                    "attacked",
                    "2024-11-29",
                ),
                _extraction(
                    OTHER, "https://post.example/c", "2024-11-30T09:00:00", "assault", "2024-11-29"
                ),
                Extraction(
                    article=Article(
                        text=UNRELATED,
                        url="https://post.example/d",
                        published="2024-11-28T10:00:00",
                    )
                ),
            ]  # fmt: skip
        )
        yield opened


def _ids(store: Store) -> dict[str, str]:
    return {row["url"].rsplit("/", 1)[-1]: row["id"] for row in store.articles(limit=10)}


def test_stories_store_merge_links_copies_and_merges_reports(store):
    summary = merge_store(store)
    ids = _ids(store)
    assert (summary.articles, summary.signed, summary.duplicates) == (4, 4, 1)
    links = store.duplicate_links()
    assert [(x["article_id"], x["canonical_id"]) for x in links] == [(ids["b"], ids["a"])]
    assert links[0]["similarity"] >= 0.8
    found = store.stories(type="assault")
    assert found["total"] == 1 == summary.stories
    item = found["items"][0]
    # the copy is one more article but not one more source
    assert (item["sources"], item["articles"], item["reports"]) == (2, 3, 3)
    assert (item["first_reported"], item["last_reported"]) == (
        "2024-11-29T18:00:00",
        "2024-11-30T09:00:00",
    )
    assert item["actor_codes"] == ["RUSMIL"] and item["recipient_codes"] == ["UKR"]
    assert item["sentence"] == BODY[: BODY.index(".") + 1]


def test_stories_store_story_has_all_evidence(store):
    merge_store(store)
    ids = _ids(store)
    story_id = store.stories()["items"][0]["id"]
    story = store.story(story_id)
    assert [r["article_id"] for r in story["reports"]] == [ids["a"], ids["b"], ids["c"]]
    assert [r["duplicate_of"] for r in story["reports"]] == [None, ids["a"], None]
    assert all(r["evidence"] and r["sentence"] for r in story["reports"])
    assert {p["code"] for p in story["participants"]} == {"RUSMIL", "UKR"}
    assert store.story_of_event(ids["c"], "E1") == story_id
    assert store.story("S-missing") is None


@pytest.mark.parametrize(
    ("filters", "total"),
    [
        ({"actor": "RUS"}, 1),
        ({"actor": "russia"}, 1),
        ({"actor": "UKR"}, 0),
        ({"recipient": "UKR"}, 1),
        ({"since": "2024-11-29", "until": "2024-11-29"}, 1),
        ({"since": "2024-11-30"}, 0),
        ({"until": "2024-11-28"}, 0),
        ({"min_sources": 2}, 1),
        ({"min_sources": 3}, 0),
        ({"type": "PROTEST"}, 0),
    ],
)
def test_stories_store_filters(store, filters, total):
    merge_store(store)
    assert store.stories(**filters)["total"] == total


def test_stories_store_merge_is_incremental_and_repeatable(store):
    first = merge_store(store)
    before = store.stories()
    again = merge_store(store)
    assert again.signed == 0 and again.stories == first.stories
    assert store.stories() == before
    assert len(list(store.signatures(SCHEME))) == 4
    # a signature of an older scheme is computed again
    assert sum(len(batch) for batch in store.articles_without_signature("old-scheme")) == 4


def test_stories_store_deleting_an_article_drops_its_links_and_reports(store):
    merge_store(store)
    ids = _ids(store)
    store.delete(ids["a"])
    assert store.duplicate_links() == []
    story = store.story(store.stories()["items"][0]["id"])
    assert [r["article_id"] for r in story["reports"]] == [ids["b"], ids["c"]]
    merge_store(store)
    assert store.stories()["items"][0]["articles"] == 2


def test_stories_store_rejects_unknown_sort(store):
    with pytest.raises(ValueError, match="sort"):
        store.stories(sort="sources")


def test_stories_store_commands(store):
    import typer
    from typer.testing import CliRunner

    from eventwire.cli.stories import register

    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    runner = CliRunner()
    merged = runner.invoke(app, ["merge", "--db", store.path])
    assert merged.exit_code == 0, merged.output
    assert "1 near-duplicates linked" in merged.output
    listed = runner.invoke(app, ["stories", "--db", store.path, "--json", "--actor", "RUS"])
    found = json.loads(listed.output)
    assert found["total"] == 1 and found["items"][0]["sources"] == 2
    shown = runner.invoke(app, ["story", found["items"][0]["id"], "--db", store.path])
    assert shown.exit_code == 0 and "2 sources, 3 articles" in shown.output
    missing = runner.invoke(app, ["story", "S-none", "--db", store.path])
    assert missing.exit_code == 1


def test_stories_store_matches_clustering_in_memory(tmp_path):
    from eventwire.crossdoc.stories import build_stories

    def report(i: int, actor: str) -> Extraction:
        # texts that share no shingles: no article is a near-duplicate of another
        words = " ".join(f"w{i}x{j}" for j in range(40))
        ex = _extraction(f"Troops began an assault, {words}.", f"https://s{i}.example/{i}",
                         f"2024-11-{29 + i % 2}T0{i}:00:00", "assault", None)  # fmt: skip
        ex.events[0].actors = [EventActor(actor, 0, 6, "A1", actor, "RUS", None)]
        ex.events[0].recipients = []
        ex.actors = [Actor("A1", actor, "COUNTRY" if actor == "Russia" else "PERSON", "RUS")]
        ex.events[0].trigger_lemma = "assault" if i % 2 else "strike"
        return ex

    extractions = [report(i, "Russia" if i % 3 else "Vladimir Putin") for i in range(6)]
    with Store.open(tmp_path / "same.db") as opened:
        opened.save_many(extractions)
        assert merge_store(opened).duplicates == 0
        stored = sorted(
            sorted(r["article_id"] for r in opened.story(item["id"])["reports"])
            for item in opened.stories(limit=100)["items"]
        )
    in_memory = sorted(sorted(r.article_id for r in s.reports) for s in build_stories(extractions))
    assert stored == in_memory
    assert len(in_memory) > 1  # a whole country with other words stays apart
