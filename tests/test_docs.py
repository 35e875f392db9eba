"""Docs stay true: every command and setting is documented, the JSON Schema is current,
the public API is exported, and an extraction validates against the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
import typer

import eventwire
from eventwire import cli
from eventwire.export.schema import extraction_json_schema
from eventwire.settings import SETTINGS_HELP

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def all_commands() -> list[tuple[str, click.Command]]:
    group = typer.main.get_command(cli.app)
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), all_commands())
def test_docs_every_command_has_help_and_is_documented(name, command):
    assert command.help and len(command.help) > 20, f"`eventwire {name}` needs a help text"
    assert f"eventwire {name}" in (DOCS / "cli.md").read_text(), f"document `eventwire {name}`"


def test_docs_every_setting_documented():
    text = (DOCS / "cli.md").read_text()
    for name, help_text in SETTINGS_HELP.items():
        assert help_text, f"setting {name} needs help text"
        assert f"EVENTWIRE_{name.upper()}" in text, f"document EVENTWIRE_{name.upper()}"


def test_docs_json_schema_is_current():
    committed = json.loads((DOCS / "extraction.schema.json").read_text())
    assert committed == extraction_json_schema(), (
        "run: python -m eventwire.export.schema > docs/extraction.schema.json"
    )


def test_docs_public_api_exports():
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name
    assert {"extract", "Extraction", "Article", "Event"} <= set(eventwire.__all__)


def test_docs_readme_starts_with_setup_commands():
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(.*?)```", text, re.S).group(1)
    assert "make demo" in first_block and "make test" in first_block


def test_docs_extraction_validates_against_schema(seed_path):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(json.dumps(eventwire.extract(seed_path).to_dict()))
    jsonschema.validate(data, extraction_json_schema())
