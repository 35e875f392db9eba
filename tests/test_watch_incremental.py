"""eventwire watch on real files in tmp_path: new files, restarts, growing feeds, partial files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from backends import store_target  # noqa: F401  (fixture)
from conftest import SAMPLES

from eventwire.records import compute_article_id
from eventwire.run.watch import Watcher, scan_files, watch_path
from eventwire.settings import Settings
from eventwire.store import Store

STORY = (
    "{city}, {day} - The foreign minister of {country} met the United Nations envoy in {city} "
    'on Monday to discuss a ceasefire. "We want the talks to resume next week," the minister '
    "told reporters after the meeting, adding that aid convoys must reach the border region."
)

ITEM = """    <item>
      <title>{title}</title>
      <link>https://wire.example/{slug}</link>
      <pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate>
      <description>{text}</description>
    </item>
"""


def _story(city: str, country: str, day: str = "March 3") -> str:
    return STORY.format(city=city, country=country, day=day)


def _feed(items: list[tuple[str, str]]) -> str:
    body = "".join(
        ITEM.format(title=title, slug=title.lower().replace(" ", "-"), text=text)
        for title, text in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        "<title>Test wire</title><link>https://wire.example</link>"
        "<description>Test feed</description>\n" + body + "</channel></rss>\n"
    )


@pytest.fixture
def settings(store_target, nlp) -> Settings:  # noqa: F811  (nlp: the model, loaded once)
    """Settings writing to a fresh store, once on SQLite and once on PostgreSQL."""
    return Settings(db=store_target, processes=1)


def _ids(db: str) -> list[str]:
    with Store.open(db) as store:
        return [row["id"] for row in store.iter_rows("articles")]


def test_watch_ingests_each_new_file_once(tmp_path, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(_story("Nairobi", "Kenya"), encoding="utf-8")
    (inbox / "b.txt").write_text(_story("Accra", "Ghana"), encoding="utf-8")
    first = watch_path(inbox, settings, once=True, interval=0.05)
    assert (first.files, first.new, first.failed) == (2, 2, 0)
    again = watch_path(inbox, settings, once=True, interval=0.05)
    assert (again.files, again.new, again.seen) == (0, 0, 0)
    assert len(_ids(settings.db)) == 2
    with Store.open(settings.db) as store:
        rows = store.watched_files()
    assert sorted(Path(p).name for p in rows) == ["a.txt", "b.txt"]
    row = rows[str((inbox / "a.txt").resolve())]
    assert row["size"] == (inbox / "a.txt").stat().st_size
    assert len(row["content_hash"]) == 64 and row["processed_at"]
    assert row["article_ids"] == [compute_article_id(_story("Nairobi", "Kenya"))]


def test_watch_restart_processes_only_what_arrived_meanwhile(tmp_path, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for item in sorted(SAMPLES.glob("0[1-3]_*")):
        shutil.copy(item, inbox / item.name)
    with Store.open(settings.db) as store:
        first = Watcher(inbox, store, settings).run(0.05, once=True)
    assert first.files == 3 and first.new == 3
    # The watcher stops; files arrive; a new watcher (a restart) picks up only those.
    for item in sorted(SAMPLES.glob("0[4-5]_*")):
        shutil.copy(item, inbox / item.name)
    touched = inbox / "01_geneva_sudan_talks.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    with Store.open(settings.db) as store:
        second = Watcher(inbox, store, settings).run(0.05, once=True)
    assert second.files == 2  # the touched file has the same content: not read again
    assert second.new == 3 and second.updated == 0  # the .jsonl sample holds two stories
    third = watch_path(inbox, settings, once=True, interval=0.05)
    assert (third.files, third.new) == (0, 0)
    ids = _ids(settings.db)
    assert len(ids) == len(set(ids)) == 6


def test_watch_feed_that_gains_entries_ingests_only_new_ones(tmp_path, settings):
    feed = tmp_path / "wire.xml"
    one = [("Kenya talks", _story("Nairobi", "Kenya"))]
    feed.write_text(_feed(one), encoding="utf-8")
    first = watch_path(feed, settings, once=True, interval=0.05)
    assert (first.files, first.new) == (1, 1)
    two = one + [("Ghana talks", _story("Accra", "Ghana"))]
    feed.write_text(_feed(two), encoding="utf-8")
    second = watch_path(feed, settings, once=True, interval=0.05)
    assert (second.files, second.new, second.seen, second.updated) == (1, 1, 1, 0)
    with Store.open(settings.db) as store:
        row = store.watched_file(str(feed.resolve()))
    assert len(row["article_ids"]) == 2
    assert sorted(row["article_ids"]) == sorted(_ids(settings.db))


def test_watch_waits_for_a_file_being_written(tmp_path, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = _story("Lima", "Peru")
    partial = inbox / "c.txt"
    with Store.open(settings.db) as store:
        watcher = Watcher(inbox, store, settings)
        partial.write_text(text[:90], encoding="utf-8")
        assert watcher.poll().waiting == 1  # first sight: size not known to be stable
        with partial.open("a", encoding="utf-8") as handle:
            handle.write(text[90:])
        grown = watcher.poll()
        assert (grown.waiting, grown.files) == (1, 0)  # it grew since the last poll
        done = watcher.poll()
        assert (done.waiting, done.files, done.new) == (0, 1, 1)
    assert _ids(settings.db) == [compute_article_id(text)]


def test_watch_records_unreadable_files_once(tmp_path, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    first = watch_path(inbox, settings, once=True, interval=0.05)
    second = watch_path(inbox, settings, once=True, interval=0.05)
    assert (first.files, first.failed) == (1, 1)
    assert (second.files, second.failed) == (0, 0)
    with Store.open(settings.db) as store:
        assert store.failures(limit=10)[0]["stage"] == "read"
        assert len(store.failures(limit=10)) == 1


def test_watch_scan_skips_hidden_and_unsupported_files(tmp_path):
    (tmp_path / "story.txt").write_text("text", encoding="utf-8")
    (tmp_path / ".partial.txt").write_text("text", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [Path(p).name for p in scan_files(tmp_path)] == ["story.txt"]
    assert scan_files(tmp_path / "missing") == {}


def test_watch_command_once(tmp_path, settings):
    import typer
    from typer.testing import CliRunner

    from eventwire.cli.ingest import load, watch

    app = typer.Typer()
    app.command()(load)
    app.command()(watch)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(_story("Quito", "Ecuador"), encoding="utf-8")
    args = ["watch", str(inbox), "--once", "--interval", "0.05", "--db", settings.db, "-p", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 files read, 1 new articles stored" in result.output
    again = CliRunner().invoke(app, args)
    assert "0 files read, 0 new articles stored" in again.output
