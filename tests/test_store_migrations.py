"""Migrations run without sqlite-utils: statement by statement, each migration whole or not
at all (a failing one leaves the database as it was before it)."""

from __future__ import annotations

import sqlite3

import pytest

from rung.core import store as store_module
from rung.core.errors import RungError
from rung.core.store import Store, latest_version, migrations, sql_statements


def test_statements_of_every_migration_build_the_schema_executescript_builds():
    by_script = sqlite3.connect(":memory:", isolation_level=None)
    by_statement = sqlite3.connect(":memory:", isolation_level=None)
    for _version, _name, sql in migrations():
        by_script.executescript(sql)
        for statement in sql_statements(sql):
            by_statement.execute(statement)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    assert by_statement.execute(schema).fetchall() == by_script.execute(schema).fetchall()


def test_statements_split_where_sqlite_says_one_ends():
    script = (
        "CREATE TABLE t(x); -- a comment; not a statement\n"
        "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN SELECT 'a;b'; END;\n"
        "INSERT INTO t VALUES (';')"
    )
    assert list(sql_statements(script)) == [
        "CREATE TABLE t(x);",
        "-- a comment; not a statement\nCREATE TRIGGER t_ai AFTER INSERT ON t BEGIN "
        "SELECT 'a;b'; END;",
        "INSERT INTO t VALUES (';')",
    ]


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, sql: str) -> int:
    real = migrations()
    extra = (len(real) + 1, f"{len(real) + 1:04d}_extra.sql", sql)
    monkeypatch.setattr(store_module, "migrations", lambda: [*real, extra])
    return len(real)


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _user_version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "rung.db"
    Store(path).close()
    before = _tables(path)
    known = _with_extra_migration(
        monkeypatch,
        "CREATE TABLE extra(x);\nINSERT INTO extra VALUES (1);\nINSERT INTO no_such VALUES (1);",
    )
    with pytest.raises(RungError, match="no such table: no_such"):
        Store(path)
    assert _tables(path) == before  # the table the migration made first is gone with it
    assert _user_version(path) == known


def test_a_migration_leaving_a_broken_reference_is_rolled_back(tmp_path, monkeypatch):
    path = tmp_path / "rung.db"
    Store(path).close()
    known = _with_extra_migration(
        monkeypatch,
        "INSERT INTO applications(company_id, title, level, stage, created_at, updated_at)"
        " VALUES (999, 'Director', 'director', 'applied', 'x', 'x');",
    )
    with pytest.raises(RungError, match="broken reference"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as store:
        assert store.schema_version == known == latest_version()
        assert store.count("applications") == 0
