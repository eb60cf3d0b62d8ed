"""The store: migrations, pragmas, the whole data model, FTS upkeep, transactions, crashes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from rung.core.commands.applications import add_application
from rung.core.errors import RungError, SchemaTooNew
from rung.core.store import Store, latest_version
from rung.tui.cli import cli

TABLES = {
    "companies",
    "applications",
    "stage_events",
    "interviews",
    "contacts",
    "interactions",
    "followups",
    "feedback",
    "gaps",
    "gap_actions",
    "imports",
    "reviews",
}


def test_migrations_pragmas_and_tables(store):
    assert store.schema_version == latest_version() >= 1
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    names = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= names
    assert "search_index" in names


def test_reopening_does_not_migrate_again(db_path):
    Store(db_path).close()
    again = Store(db_path)
    assert again.schema_version == latest_version()
    again.close()


def test_a_database_of_an_older_rung_keeps_every_row_and_rule_when_migrated(db_path):
    from rung.core.search import search
    from rung.core.store import migrations

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for version, _name, sql in migrations()[:4]:  # the schema rung had before version 5
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {version}")
    stamp = "2026-01-05T10:00:00"
    conn.execute(
        "INSERT INTO companies VALUES (1, 'Acme', 'acme', NULL, NULL, ?, ?)", (stamp, stamp)
    )
    conn.execute(
        "INSERT INTO applications(id, company_id, title, level, stage, user_edited,"
        " created_at, updated_at) VALUES (7, 1, 'Director', 'director', 'screening',"
        " '[\"stage\"]', ?, ?)",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO stage_events(application_id, to_stage, at) VALUES (7, 'applied', ?)", (stamp,)
    )
    conn.execute(
        "INSERT INTO contacts(id, name, normalized_name, company_id, relationship,"
        " created_at, updated_at) VALUES (3, 'Noor Qureshi', 'noor qureshi', 1,"
        " 'recruiter', ?, ?)",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO interactions(contact_id, application_id, at, created_at) VALUES (3, 7, ?, ?)",
        (stamp, stamp),
    )
    before = {
        t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
        for t in ("applications", "contacts", "stage_events", "interactions")
    }
    conn.close()

    store = Store(db_path)
    assert store.schema_version == latest_version()
    assert store.integrity_check() == []
    assert store.scalar("PRAGMA foreign_keys") == 1
    for table, rows in before.items():
        assert store.conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() == rows
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        store.execute("UPDATE applications SET stage = 'maybe' WHERE id = 7")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        store.execute("UPDATE contacts SET relationship = 'friend' WHERE id = 3")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.execute("DELETE FROM companies WHERE id = 1")
    add_application(store, company="Acme", title="VP Engineering")  # triggers index it
    assert [h.title for h in search(store, "vp engineering")] == [
        "Acme — \x02VP\x03 \x02Engineering\x03"
    ]
    store.execute("DELETE FROM applications WHERE id = 7")  # cascades as before
    assert store.count("stage_events") == 1  # the new application's
    store.close()


def test_newer_schema_is_refused_with_a_clear_message(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade rung"):
        Store(db_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "list", "applications"])
    assert result.exit_code == 1
    assert result.output.startswith("rung: error:")
    assert "schema version" in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("just some text, not a database\n" * 10)
    with pytest.raises(RungError, match="not a rung database"):
        Store(bogus)
    assert bogus.read_text().startswith("just some text")


def test_triggers_keep_the_search_index_current(store):
    def hits(word: str) -> set[str]:
        return {
            r["kind"]
            for r in store.query("SELECT kind FROM search_index WHERE search_index MATCH ?", [word])
        }

    app = add_application(store, company="Zebrafin", title="Director of Engineering")
    assert hits("zebrafin") == {"company", "application"}
    now = "2026-01-01T00:00:00"
    cid = store.insert(
        "contacts",
        {"name": "Ola Quist", "normalized_name": "ola quist", "created_at": now, "updated_at": now},
    )
    store.insert(
        "interactions", {"contact_id": cid, "at": now, "summary": "kayak trip", "created_at": now}
    )
    store.insert(
        "feedback", {"text": "needs gravitas", "application_id": app.id, "created_at": now}
    )
    assert hits("quist") == {"contact", "interaction"}
    assert hits("kayak") == {"interaction"}
    assert hits("gravitas") == {"feedback"}
    store.update("feedback", 1, {"text": "needs presence"})
    assert hits("gravitas") == set() and hits("presence") == {"feedback"}
    store.execute("DELETE FROM contacts WHERE id = ?", [cid])
    assert hits("quist") == set() and hits("kayak") == set()


def test_transaction_rolls_back_whole(store):
    add_application(store, company="Acme", title="EM")
    with pytest.raises(RuntimeError):
        with store.transaction():
            add_application(store, company="Beta", title="EM")
            raise RuntimeError("boom")
    assert store.count("applications") == 1
    assert store.count("companies") == 1


def test_nested_transaction_rolls_back_only_inner(store):
    with store.transaction():
        add_application(store, company="Acme", title="EM")
        with pytest.raises(ValueError):
            with store.transaction():
                add_application(store, company="Beta", title="EM")
                raise ValueError("inner")
    assert [r["name"] for r in store.query("SELECT name FROM companies")] == ["Acme"]


def test_sigkill_mid_write_leaves_the_database_as_before(db_path):
    store = Store(db_path)
    add_application(store, company="Acme", title="Engineering Manager")
    store.close()
    script = textwrap.dedent(f"""
        import sys, time
        from rung.core.store import Store
        from rung.core.commands.applications import add_application
        s = Store({str(db_path)!r})
        with s.transaction():
            for i in range(2000):
                add_application(s, company=f"Company {{i}}", title="Director")
            print("written", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.1)
    after = Store(db_path)
    assert after.count("applications") == 1
    assert after.count("companies") == 1
    assert after.integrity_check() == []
    after.close()


def test_backup_while_another_connection_reads(store, tmp_path):
    add_application(store, company="Acme", title="EM")
    reader = sqlite3.connect(store.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM applications").fetchone()
    target = store.backup(tmp_path / "copy.db")
    reader.rollback()
    reader.close()
    copy = Store(target)
    assert copy.count("applications") == 1
    copy.close()
