"""Database faults (issue 15, items 5-8): a held write lock, a damaged page, a full disk,
files that are not rung's, /dev/null, broken settings. Each ends in one clear line (a JSON
object with --json), the TUI shows a message instead of a traceback, and nothing that is
not rung's is ever written."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, Static

from rung.core.commands.applications import add_application
from rung.core.commands.contacts import add_contact, list_contacts
from rung.core.config import check_settings, parse_settings
from rung.core.errors import DatabaseLocked
from rung.core.importing import import_files
from rung.core.review import build_review
from rung.core.store import Store, latest_version, lock_holder, owner_path
from rung.tui.app import RungApp
from rung.tui.cli import cli
from rung.tui.launch import make_app

HEADER = [
    "Application Date",
    "Contact Email",
    "Contact Phone Number",
    "Company Name",
    "Job Title",
    "Job Url",
    "Resume Name",
    "Question And Answers",
]


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("rung: error: ") and "Traceback" not in text
    return lines[0]


def linkedin_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(
                [
                    f"3/{i % 28 + 1}/25, 2:22 PM",
                    "",
                    "",
                    f"Company {i % 500}",
                    "Engineering Manager",
                    f"https://www.linkedin.com/jobs/view/{i}/",
                    "cv.pdf",
                    "",
                ]
            )
    return path


@contextmanager
def held_lock(db: Path, seconds: float, kind: str = "rung import") -> Iterator[Store]:
    """Another rung (a Store in a thread) holds the write lock for ``seconds``, or until the
    block ends if that comes first (a test done with the lock does not wait it out)."""
    holder = Store(db, kind=kind)
    taken = threading.Event()
    done = threading.Event()

    def hold() -> None:
        with holder.transaction():
            taken.set()
            done.wait(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(5)
    try:
        yield holder
    finally:
        done.set()
        thread.join()
        holder.close()


# -- 5. locks ---------------------------------------------------------------------------


def test_a_writer_waits_for_a_held_lock_says_so_and_succeeds(db_path, monkeypatch):
    Store(db_path).close()
    monkeypatch.setenv("RUNG_LOCK_WAIT", "10")
    with held_lock(db_path, 1.5):
        started = time.monotonic()
        result = run(db_path, "add", "application", "Acme", "Engineering Manager")
        waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert "added application 1" in result.stdout
    assert f"rung: waiting for another rung… (rung import (pid {os.getpid()})" in result.stderr
    assert 1.0 <= waited < 5
    assert not owner_path(db_path).exists()  # the holder's sidecar left with its lock


def test_a_lock_held_too_long_names_its_holder_in_one_line_and_json(db_path, monkeypatch):
    Store(db_path).close()
    monkeypatch.setenv("RUNG_LOCK_WAIT", "0.5")
    with held_lock(db_path, 2.5):
        plain = run(db_path, "add", "application", "Acme", "EM")
        as_json = run(db_path, "add", "application", "Acme", "EM", "--json")
    line = one_line(plain.stderr)
    assert plain.exit_code == 1 and plain.stdout == ""
    assert f"locked by rung import (pid {os.getpid()})" in line
    assert "OperationalError" not in line
    assert as_json.exit_code == 1
    error = json.loads(as_json.stdout)
    assert error["kind"] == "locked" and "rung import" in error["error"]
    with Store(db_path) as store:
        assert store.count("applications") == 0


def test_a_dead_holders_sidecar_does_not_name_it(db_path, monkeypatch):
    Store(db_path).close()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    owner_path(db_path).write_text(json.dumps({"pid": pid, "kind": "rung import"}))
    raw = sqlite3.connect(db_path, isolation_level=None)  # sqlite3 itself, no sidecar
    raw.execute("BEGIN IMMEDIATE")
    try:
        assert lock_holder(db_path) is None  # the pid is gone; our own process is skipped
        store = Store(db_path, lock_wait=0.2)
        with pytest.raises(DatabaseLocked) as caught:
            with store.transaction():
                pass
        store.close()
    finally:
        raw.close()
    assert "another process" in str(caught.value) and str(pid) not in str(caught.value)


async def test_the_import_plan_does_not_hold_the_write_lock(tmp_path, monkeypatch):
    from rung.tui.screens.import_screen import ImportScreen

    db = tmp_path / "rung.db"
    store = Store(db)
    sheet = linkedin_csv(tmp_path / "Job Applications.csv", 50)
    monkeypatch.setenv("RUNG_LOCK_WAIT", "1")
    app = RungApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path", Input).value = str(sheet)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "import-plan"])
        await pilot.pause()
        assert "would import" in str(screen.query_one("#import-plan", Static).render())
        result = run(db, "add", "application", "Acme", "EM")  # while the plan is shown
        assert result.exit_code == 0, result.output
    assert store.count("applications") == 1
    store.close()


# -- 6. damaged pages, a full disk, one line and JSON ------------------------------------


def damaged_copy(tmp_path: Path) -> Path:
    """A rung database whose applications table has a garbage page."""
    path = tmp_path / "damaged.db"
    store = Store(path)
    with store.transaction():
        for i in range(300):
            add_application(
                store,
                company=f"Company {i % 20}",
                title=f"Engineering Manager {i}",
                applied_on="2026-01-01",
            )
    root = store.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'applications'")
    size = store.scalar("PRAGMA page_size")
    store.close()
    assert not Path(f"{path}-wal").exists()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * 64)
    return path


def test_a_damaged_page_fails_check_and_is_one_line_elsewhere(tmp_path):
    bad = damaged_copy(tmp_path)
    check = run(bad, "check")
    assert check.exit_code == 1
    assert "integrity: FAILED" in check.stdout and "malformed" in check.stdout
    report = json.loads(run(bad, "check", "--json").stdout)
    assert report["ok"] is False and "malformed" in report["problems"][0]
    listing = run(bad, "list", "applications")
    assert listing.exit_code == 1
    line = one_line(listing.stderr)
    assert "damaged (database disk image is malformed)" in line
    assert json.loads(run(bad, "list", "applications", "--json").stdout)["kind"] == "corrupt"
    before = digest(bad)
    add = run(bad, "add", "application", "Acme", "EM")
    assert add.exit_code == 1 and "fails a quick check" in one_line(add.stderr)
    assert digest(bad) == before


async def test_the_pipeline_shows_a_damaged_database_instead_of_a_traceback(tmp_path):
    bad = damaged_copy(tmp_path)
    store = Store(bad)
    app = RungApp(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#empty", Static).render())
        assert "the database is damaged" in shown
        assert any("malformed" in n.message for n in app._notifications)
    assert app.return_code in (0, None) and app._exception is None
    store.close()


async def test_an_unhandled_database_error_ends_the_app_with_one_line(store):
    app = RungApp(store)

    def broken() -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    async with app.run_test(size=(80, 24)) as pilot:
        app.call_later(broken)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 1 and app._exception is None
    assert "the database is damaged" in (app.database_error or "")


def _full_after(monkeypatch, extra_pages: int) -> None:
    """Every Store the CLI opens may grow by ``extra_pages`` pages: a full disk."""
    original = Store._configure

    def configure(self: Store) -> None:
        original(self)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    monkeypatch.setattr(Store, "_configure", configure)


def test_a_full_disk_during_import_says_so_and_writes_nothing(tmp_path, monkeypatch):
    db = tmp_path / "rung.db"
    with Store(db) as store:
        triggers = store.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
    sheet = linkedin_csv(tmp_path / "Job Applications.csv", 3000)
    _full_after(monkeypatch, 20)
    result = run(db, "import", str(sheet))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "database or disk is full" in line and "already exists" not in line
    error = json.loads(run(db, "import", str(sheet), "--json").stdout)
    assert error["kind"] == "disk_full" and "database or disk is full" in error["error"]
    monkeypatch.undo()
    with Store(db) as store:
        assert store.count("applications") == 0 and store.count("imports") == 0
        assert store.integrity_check() == []
        assert store.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'") == triggers


def test_a_full_disk_in_core_raises_the_real_error_and_the_store_goes_on(tmp_path):
    store = Store(tmp_path / "rung.db")
    sheet = linkedin_csv(tmp_path / "Job Applications.csv", 3000)
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        import_files(store, [sheet])
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    [report] = import_files(store, [sheet])
    assert report.created["applications"] == 3000
    store.close()


def test_a_damaged_archive_error_is_one_line_and_json(db_path, monkeypatch):
    import rung.core.importing as importing

    def damaged(*args, **kwargs):
        raise zlib.error("Error -3 while decompressing data: invalid stored block lengths")

    monkeypatch.setattr(importing, "import_files", damaged)
    result = run(db_path, "import", "x.zip")
    line = one_line(result.stderr)
    assert result.exit_code == 1 and "damaged compressed data" in line
    error = json.loads(run(db_path, "import", "x.zip", "--json").stdout)
    assert error["kind"] == "damaged_file"


# -- 7. rung check and files that are not rung's ----------------------------------------


def places_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com/')")
    conn.execute("PRAGMA user_version = 69")
    conn.commit()
    conn.close()
    return path


def test_another_programs_database_is_refused_untouched(tmp_path):
    places = places_sqlite(tmp_path / "places.sqlite")
    before, files = digest(places), sorted(os.listdir(tmp_path))
    for args in (["check"], ["list", "applications"], ["add", "application", "A", "B"]):
        result = run(places, *args)
        assert result.exit_code == 1
        assert "not a rung database (its tables: moz_places)" in one_line(result.stderr)
    assert json.loads(run(places, "check", "--json").stdout)["kind"] == "not_a_rung_database"
    assert digest(places) == before and sorted(os.listdir(tmp_path)) == files


def test_a_newer_schema_is_refused_byte_for_byte_untouched(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = digest(db_path)
    for args in (["check"], ["list", "applications"], ["add", "application", "A", "B"]):
        result = run(db_path, *args)
        assert result.exit_code == 1 and "upgrade rung" in one_line(result.stderr)
    assert digest(db_path) == before  # no switch to WAL either (header bytes 18-19)
    assert not Path(f"{db_path}-wal").exists()


def test_check_makes_no_directory_and_no_database(tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "rung.db"
    result = run(target, "check")
    assert result.exit_code == 1 and "no database there" in one_line(result.stderr)
    assert not (tmp_path / "no").exists()


def test_check_does_not_migrate(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {latest_version() - 1}")
    conn.close()
    result = run(db_path, "check")
    assert result.exit_code == 0, result.output
    assert f"schema version {latest_version() - 1}" in result.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() - 1


def test_dev_null_is_refused_and_leaves_no_journal():
    sidecars = [Path(f"{os.devnull}{s}") for s in ("-journal", "-wal", "-shm")]
    existed = [p.exists() for p in sidecars]
    for args in (["check"], ["list", "applications"]):
        result = run(Path(os.devnull), *args)
        assert result.exit_code == 1
        assert "is a device, not a database file" in one_line(result.stderr)
    assert [p.exists() for p in sidecars] == existed


# -- 6 and 8. settings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        'stale_days = "[/bold]"\n',
        'theme = "[/bold]"\n',
        '[keymap]\n"app.help" = "[/bold]"\n',
        '"[/bold]" = 1\n',
    ],
)
async def test_a_settings_value_with_markup_is_shown_not_rendered(store, tmp_path, config):
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert any("[/bold]" in n.message for n in app._notifications)
    assert app._exception is None and app.return_code in (0, None)


def test_out_of_range_settings_name_key_and_line(tmp_path):
    settings, problems = parse_settings(
        "stale_days = 3000000\nghost_after_days = 0\n[cadence]\nmentor = 30\nrecruiter = 3000000\n"
    )
    assert [str(p) for p in problems] == [
        "line 1: stale_days: must be a whole number of days from 1 to 365, not 3000000",
        "line 2: ghost_after_days: must be a whole number of days from 1 to 365, not 0",
        "line 5: cadence.recruiter: must be a whole number of days from 1 to 3650, not 3000000",
    ]
    assert settings.cadence == {"mentor": 30} and settings.stale_days == 14
    (tmp_path / "config.toml").write_text("[cadence]\nrecruiter = 3000000\n")
    result = CliRunner().invoke(cli, ["config", "check"])
    assert result.exit_code == 1 and "line 2: cadence.recruiter" in result.stderr


def test_a_huge_cadence_does_not_overflow_the_date_math(store, tmp_path):
    contact = add_contact(
        store, name="Dana Reyes", relationship="recruiter", connected_on="2026-01-05"
    )
    store.execute("UPDATE contacts SET cadence_days = 3000000 WHERE id = ?", [contact.id])
    assert list_contacts(store, {"recruiter": 3_000_000})[0].cadence_due == "9999-12-31"
    build_review(store, cadence={"recruiter": 3_000_000})
    for args in (["list", "contacts"], ["review"]):
        result = run(store.path, *args)
        assert result.exit_code == 0, result.output
    refused = run(store.path, "add", "contact", "Eve", "--cadence", "3000000")
    assert refused.exit_code == 1 and "at most 3650 days" in refused.stderr
    follow = run(store.path, "add", "followup", "x", "--due", "+999999999d")
    assert follow.exit_code == 1 and "too far away" in follow.stderr


async def test_the_contacts_screen_survives_a_huge_cadence(store):
    contact = add_contact(
        store, name="Dana Reyes", relationship="recruiter", connected_on="2026-01-05"
    )
    store.execute("UPDATE contacts SET cadence_days = 3000000 WHERE id = ?", [contact.id])
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
    assert app._exception is None


def test_config_check_reports_unknown_ids_impossible_keys_and_unknown_themes(tmp_path):
    (tmp_path / "config.toml").write_text(
        'theme = "nordd"\nstale_days = 10\n[keymap]\n"app.hepl" = "ctrl+h"\n'
        '"app.quit" = "ctrl+wibble,[/bold]"\n"pipeline.add" = "n"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["config", "check"])
    assert result.exit_code == 1
    lines = [line.split(": ", 1)[1] for line in result.stderr.strip().splitlines()]
    assert lines[0].startswith("line 1: theme: unknown theme 'nordd' (did you mean 'nord'?")
    assert lines[1].startswith(
        "line 4: keymap.app.hepl: no binding has this id: did you mean 'app.help'?"
    )
    assert lines[2].startswith("line 5: keymap.app.quit: not a key: 'ctrl+wibble', '[/bold]'")
    assert len(lines) == 3


def test_check_settings_takes_what_the_app_knows_as_plain_values():
    text = '[keymap]\n"a.b" = "x"\n"c.d" = "bogus+x"\n'
    problems = check_settings(text, binding_ids={"a.b"}, is_key=lambda k: k == "x")
    assert [(p.line, p.key) for p in problems] == [(3, "keymap.c.d"), (3, "keymap.c.d")]
