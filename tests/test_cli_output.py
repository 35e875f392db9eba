"""The command line prints stored text as written and refuses bad options in one message.

Articles whose titles and sentences hold Rich markup (``[/bold]``,
``[red]...[/red]``, ``[server]``) are ingested through ``eventwire ingest``
into a real SQLite file and a real PostgreSQL schema; every command that
reads the store then runs through the real Typer app and must print those
texts unchanged. Unknown values of closed-set options, bad dates and a
mistyped ``--db`` must each be a usage error naming the option (exit status
2, no traceback), and a missing store file must not be created by a read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import module_store_target  # noqa: F401 (a fixture)
from rich.text import Text
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.cli.common import marked

# Our own articles: markup-like text in the title line and in the body.
ARTICLES = {
    "ports.txt": "Minister warns of [/bold] strikes at ports\n\n"
    "The Ukrainian foreign minister Andrii Sybiha said on Friday that Russia attacked "
    "the port of Odesa. He said the [server] recovered from its outage on Thursday.\n",
    "talks.txt": "Talks in [red]Geneva[/red] resume\n\n"
    "France and Germany met in Geneva on Monday to discuss sanctions against Russia. "
    "The French president Emmanuel Macron criticized the [link=http://x]plan[/link].\n",
}
# An empty file: stored as a failure whose source holds markup.
EMPTY = "empty [bold].txt"
RUNNER = CliRunner()


def run(*args: str) -> tuple[int, str]:
    """Run ``eventwire ARGS``; return the exit status and everything printed."""
    result = RUNNER.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(module_store_target: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    folder = tmp_path_factory.mktemp("inputs")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / EMPTY).write_text("", encoding="utf-8")
    code, output = run("ingest", str(folder), "--db", module_store_target, "--quiet")
    assert EMPTY in output, output  # the failure line names the file as it is
    code, output = run("merge", "--db", module_store_target)
    assert code == 0, output
    yield module_store_target


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["articles"], ["[/bold] strikes", "[red]Geneva[/red]"]),
        (["summary"], ["[/bold] strikes", "[red]Geneva[/red]"]),
        (["search", "server"], ["[/bold] strikes", "the [server] recovered"]),
        (["search", "Geneva"], ["[red]Geneva[/red]"]),
        (["quotes"], ["[server] recovered"]),
        (["failures"], [EMPTY]),
        (["events", "--all"], ["ASSAULT"]),
        (["calendar", "--all"], ["Calendar"]),
        (["actors"], ["Sybiha"]),
        (["stories", "--all"], ["Story events"]),
        (["events", "--merged", "--all"], ["Story events"]),
    ],
)
def test_cli_output_prints_stored_text_as_written(db: str, command: list[str], shown: list[str]):
    code, output = run(*command, "--db", db)
    assert code == 0, output
    for text in shown:
        assert text in output, f"{text!r} missing from `eventwire {' '.join(command)}`"


def test_cli_output_story_shows_titles_as_written(db: str):
    code, output = run("stories", "--all", "--json", "--db", db)
    found = json.loads(output)["items"]
    assert found
    for item in found:
        code, output = run("story", item["id"], "--db", db)
        assert code == 0, output
        assert any(title in output for title in ("[/bold] strikes", "[red]Geneva")), output


def test_cli_output_search_json_keeps_words_and_marks_matches(db: str):
    code, output = run("search", "recovered", "--json", "--db", db)
    assert code == 0
    (item,) = json.loads(output)
    assert "the [server] [recovered] from" in item["snippet"]


def test_cli_output_snippet_matches_are_bold_and_words_kept():
    shown = marked("the [server] \x02recovered\x03 from [/bold]", "\x02", "\x03")
    assert isinstance(shown, Text)
    assert shown.plain == "the [server] recovered from [/bold]"
    bold = [shown.plain[s.start : s.end] for s in shown.spans if s.style == "bold"]
    assert bold == ["recovered"]
    cut = marked("a \x02match\x03 and " + "x" * 100, "\x02", "\x03", width=20)
    assert len(cut.plain) == 20 and cut.plain.endswith("…")


@pytest.mark.parametrize(
    ("command", "option", "valid"),
    [
        (["events", "--type", "FOO"], "--type", "ASSAULT"),
        (["stories", "--type", "FOO"], "--type", "CONSULT"),
        (["events", "--modality", "maybe"], "--modality", "hypothetical"),
        (["actors", "--type", "ROBOT"], "--type", "PERSON"),
        (["stories", "--sort", "size"], "--sort", "-sources"),
        (["export", "--format", "xml"], "--format", "parquet"),
        (["export", "--format", "csv", "--table", "people"], "--table", "event_actors"),
    ],
)
def test_cli_output_unknown_choice_lists_the_valid_ones(
    db: str, command: list[str], option: str, valid: str
):
    code, output = run(*command, "--db", db)
    assert code == 2, output
    assert option in output and "is not one of" in output and valid in output
    assert "Traceback" not in output


def test_cli_output_choices_ignore_case(db: str):
    code, output = run(
        "events", "--type", "assault", "--modality", "REPORTED", "--json", "--db", db
    )
    assert code == 0, output
    assert {item["type"] for item in json.loads(output)} == {"ASSAULT"}


@pytest.mark.parametrize(
    "command",
    [
        ["events", "--since", "notadate"],
        ["events", "--until", "2024-13-45"],
        ["stories", "--since", "yesterday"],
        ["articles", "--until", "soon"],
        ["calendar", "--after", "3/4/2024"],
    ],
)
def test_cli_output_bad_date_is_a_usage_error(db: str, command: list[str]):
    code, output = run(*command, "--db", db)
    assert code == 2, output
    assert command[1] in output and "is not an ISO 8601 date" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "command",
    [
        ["articles"],
        ["summary"],
        ["search", "Geneva"],
        ["events"],
        ["stories"],
        ["story", "S-1"],
        ["calendar"],
        ["failures"],
        ["quotes"],
        ["actors"],
        ["export"],
        ["merge"],
    ],
)
def test_cli_output_read_refuses_a_missing_store(tmp_path: Path, command: list[str]):
    missing = tmp_path / "typo.db"
    code, output = run(*command, "--db", str(missing))
    assert code == 2, output
    assert "no store at" in output and "--db" in output
    assert not missing.exists()


def test_cli_output_ingest_creates_a_missing_store(tmp_path: Path):
    (tmp_path / "in.txt").write_text(ARTICLES["talks.txt"], encoding="utf-8")
    target = tmp_path / "new" / "fresh.db"
    target.parent.mkdir()
    code, output = run("ingest", str(tmp_path / "in.txt"), "--db", str(target), "--quiet")
    assert code == 0, output
    code, output = run("articles", "--json", "--db", str(target))
    assert code == 0 and len(json.loads(output)) == 1


def test_cli_output_choices_match_what_the_coder_assigns():
    from eventwire.cli.common import plover_types
    from eventwire.records import MODALITIES
    from eventwire.stages.events.lexicon import load_event_lexicon
    from eventwire.stages.events.modality import MODALITY_ORDER

    lexicon = load_event_lexicon()
    assert set(plover_types()) == set(lexicon.quad)
    # (a trigger row without a type only sets the mode of the event it governs)
    typed = {t.type for entries in lexicon.triggers.values() for t in entries if t.type}
    assert typed <= set(lexicon.quad)
    assert set(MODALITIES) == set(MODALITY_ORDER)
    assert {modality for cues in lexicon.modality.values() for modality, _ in cues} <= set(
        MODALITIES
    )
