"""The schema each migration version builds, in SQLite and PostgreSQL, against a record.

``tests/data/migration_schema.json`` records, per dialect and version, what
migrating to that version adds to and removes from the schema of the version
before: SQLite's ``sqlite_master`` rows; PostgreSQL's columns, constraints,
indexes, functions, triggers and text search configuration. It was written by
the migration files as they were when each version was recorded, so a change to
how migrations are written or loaded that alters any version's schema fails
here, as does an upgrade from an older version that does not end with the
schema of a new database. Also here: how a migration file's ``-- dialect:``
lines share its statements between SQLite and PostgreSQL.

After adding a migration, record its version (recorded versions are never
rewritten)::

    PYTHONPATH=src python tests/test_migration_schema.py
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from backends import postgres_schema, require_postgres

from eventwire.errors import StoreError
from eventwire.store import LATEST_VERSION, Store, split_statements
from eventwire.store.migrations import DIALECTS, dialect_script, load_migrations

FIXTURE = Path(__file__).resolve().parent / "data" / "migration_schema.json"
VERSIONS = range(1, LATEST_VERSION + 1)

# Placeholder for the test schema's name, which differs on every run.
SCHEMA = "{schema}"

_PG_QUERIES = {
    "columns": """
        SELECT table_name, ordinal_position, column_name, data_type, is_nullable,
               column_default, collation_name, is_identity, identity_generation,
               is_generated, generation_expression
        FROM information_schema.columns WHERE table_schema = %(schema)s
        ORDER BY table_name, ordinal_position""",
    "constraints": """
        SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.connamespace = %(schema)s::regnamespace
        ORDER BY t.relname, c.conname""",
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = %(schema)s ORDER BY tablename, indexname""",
    "functions": """
        SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        WHERE p.pronamespace = %(schema)s::regnamespace ORDER BY p.proname""",
    "triggers": """
        SELECT event_object_table, trigger_name, action_timing, event_manipulation,
               action_statement
        FROM information_schema.triggers WHERE trigger_schema = %(schema)s
        ORDER BY event_object_table, trigger_name, event_manipulation""",
    "text_search": """
        SELECT c.cfgname, t.alias, m.mapseqno, d.dictname, d.dictinitoption
        FROM pg_ts_config c
        JOIN pg_ts_config_map m ON m.mapcfg = c.oid
        JOIN pg_ts_dict d ON d.oid = m.mapdict
        JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
        WHERE c.cfgnamespace = %(schema)s::regnamespace
        ORDER BY c.cfgname, t.alias, m.mapseqno""",
}


def sqlite_schema(path: str | Path) -> dict[str, list[list[Any]]]:
    """The rows of ``sqlite_master`` (tables, indexes, triggers, FTS tables), by name."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    conn.close()
    return {"sqlite_master": [list(row) for row in rows]}


def postgres_schema_dump(url: str) -> dict[str, list[list[Any]]]:
    """What the catalog says of the tables, columns, indexes... of the store's schema."""
    import psycopg

    server, _, schema = url.partition("?schema=")
    dump = {}
    with psycopg.connect(server) as conn:
        for part, sql in _PG_QUERIES.items():
            rows = conn.execute(sql, {"schema": schema}).fetchall()
            dump[part] = [
                [v.replace(schema, SCHEMA) if isinstance(v, str) else v for v in row]
                for row in rows
            ]
    return dump


Schema = dict[str, list[list[Any]]]


def built_schema(backend: str, target: str, version: int) -> Schema:
    """Migrate the store at ``target`` to ``version`` and dump its schema, rows sorted."""
    Store.open(target, target_version=version).close()
    dump = sqlite_schema(target) if backend == "sqlite" else postgres_schema_dump(target)
    return {part: sorted(rows, key=json.dumps) for part, rows in dump.items() if rows}


def recorded() -> dict[str, dict[str, Any]]:
    return json.loads(FIXTURE.read_text("utf-8"))


def expected(backend: str, version: int) -> Schema:
    """The recorded schema of ``version``; fails the test where it is not recorded."""
    changes = recorded()[backend]
    if str(version) not in changes:
        pytest.fail(
            f"{FIXTURE.name} has no {backend} schema of version {version}; record it with "
            "PYTHONPATH=src python tests/test_migration_schema.py"
        )
    return replay(changes, version)


def replay(changes: dict[str, Any], version: int) -> Schema:
    """The schema of ``version``: the recorded changes of versions 1 to it, in order."""
    rows: dict[str, set[str]] = {}
    for step in range(1, version + 1):
        for part, removed in changes[str(step)].get("removed", {}).items():
            rows[part] -= {json.dumps(row) for row in removed}
        for part, added in changes[str(step)].get("added", {}).items():
            rows.setdefault(part, set()).update(json.dumps(row) for row in added)
    return {part: [json.loads(r) for r in sorted(rs)] for part, rs in rows.items() if rs}


def change(before: Schema, after: Schema) -> dict[str, Schema]:
    """What ``after`` adds to and removes from ``before``, by part."""
    out: dict[str, Schema] = {"added": {}, "removed": {}}
    for part in sorted(set(before) | set(after)):
        old = {json.dumps(r): r for r in before.get(part, [])}
        new = {json.dumps(r): r for r in after.get(part, [])}
        if new.keys() - old.keys():
            out["added"][part] = [new[k] for k in sorted(new.keys() - old.keys())]
        if old.keys() - new.keys():
            out["removed"][part] = [old[k] for k in sorted(old.keys() - new.keys())]
    return {key: parts for key, parts in out.items() if parts}


@pytest.mark.parametrize("version", VERSIONS)
def test_migration_schema_sqlite_new_database(tmp_path: Path, version: int) -> None:
    built = built_schema("sqlite", str(tmp_path / "new.db"), version)
    assert built == expected("sqlite", version)


@pytest.mark.parametrize("version", VERSIONS)
def test_migration_schema_sqlite_upgraded_database(tmp_path: Path, version: int) -> None:
    path = str(tmp_path / "old.db")
    Store.open(path, target_version=version).close()
    assert built_schema("sqlite", path, LATEST_VERSION) == expected("sqlite", LATEST_VERSION)


@pytest.mark.parametrize("version", VERSIONS)
def test_migration_schema_postgres_new_and_upgraded(version: int) -> None:
    with postgres_schema() as url:
        assert built_schema("postgresql", url, version) == expected("postgresql", version)
        assert built_schema("postgresql", url, LATEST_VERSION) == expected(
            "postgresql", LATEST_VERSION
        )


SCRIPT = """-- version 99: a table in each dialect's types, an index for both.

-- dialect: sqlite
CREATE TABLE notes (n INTEGER PRIMARY KEY, body TEXT);
-- dialect: postgresql
CREATE TABLE notes (n BIGINT PRIMARY KEY, body TEXT COLLATE "C");
-- dialect: all
CREATE INDEX notes_body ON notes (body);
"""


def test_migration_format_keeps_each_dialects_lines_and_the_shared_ones() -> None:
    sqlite, postgres = (dialect_script(SCRIPT, d) for d in ("sqlite", "postgresql"))
    assert split_statements(sqlite) == [
        "-- version 99: a table in each dialect's types, an index for both.\n\n\n"
        "CREATE TABLE notes (n INTEGER PRIMARY KEY, body TEXT);",
        "CREATE INDEX notes_body ON notes (body);",
    ]
    assert split_statements(postgres)[1:] == ["CREATE INDEX notes_body ON notes (body);"]
    assert 'COLLATE "C"' in postgres and "dialect:" not in sqlite + postgres
    # the other lines are left empty: an error's line number is the file's
    assert sqlite.count("\n") == postgres.count("\n") == SCRIPT.count("\n")


def test_migration_format_refuses_a_dialect_line_inside_a_statement() -> None:
    split = SCRIPT.replace("notes (n BIGINT", "notes (\n-- dialect: all\nn BIGINT")
    with pytest.raises(StoreError, match=r"0099_x.sql: the postgresql lines from line 6 end in"):
        dialect_script(split, "sqlite", "0099_x.sql")
    with pytest.raises(StoreError, match="unknown dialect 'postgres'; write one of all, sqlite"):
        dialect_script(SCRIPT.replace("dialect: postgresql", "dialect: postgres"), "sqlite")


def test_migration_format_every_dialect_has_every_version_under_one_name() -> None:
    versions = {d: [(m.version, m.name) for m in load_migrations(d)] for d in DIALECTS}
    assert versions["sqlite"] == versions["postgresql"]
    assert [v for v, _ in versions["sqlite"]] == list(VERSIONS)
    with pytest.raises(StoreError, match="no migrations for dialect 'mysql'"):
        load_migrations("mysql")


def record_missing_versions() -> list[str]:
    """Add the versions the fixture lacks, built by the current migrations; keep the rest."""
    import tempfile

    data = recorded() if FIXTURE.exists() else {}
    added = []
    for backend in ("sqlite", "postgresql"):
        changes = data.setdefault(backend, {})
        for version in VERSIONS:
            if str(version) in changes:
                continue
            before = replay(changes, version - 1)
            if backend == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    schema = built_schema(backend, str(Path(folder) / "new.db"), version)
            else:
                require_postgres()
                with postgres_schema() as url:
                    schema = built_schema(backend, url, version)
            changes[str(version)] = change(before, schema)
            added.append(f"{backend} {version}")
    FIXTURE.write_text(_one_row_a_line(data) + "\n", "utf-8")
    return added


def _one_row_a_line(data: Any, depth: int = 0) -> str:
    """JSON with nested objects indented and each schema row on one line."""
    if not isinstance(data, dict):
        rows = ",\n".join(" " * (depth + 1) + json.dumps(row, ensure_ascii=False) for row in data)
        return "[\n" + rows + "\n" + " " * depth + "]"
    items = ",\n".join(
        " " * (depth + 1) + json.dumps(key) + ": " + _one_row_a_line(value, depth + 1)
        for key, value in data.items()
    )
    return "{\n" + items + "\n" + " " * depth + "}"


if __name__ == "__main__":
    print("recorded:", ", ".join(record_missing_versions()) or "nothing new")
