"""Faults and attacks on what rung writes (issue 15, items 1-3).

1. An output path is never replaced by something else: a FIFO or a device is written
   through, a symlink's target is replaced (the link kept), ``-`` is standard output, a
   ``.partial`` never outlives a run (a failed one, a killed one's on the next run).
2. Calendar injection: a bare CR, VT, FF, U+2028 or any control character in an imported
   name cannot end an iCalendar content line.
3. Terminal escapes: names and notes with ``ESC]0;…BEL``, ``ESC[2J``, CSI ``\\x9b`` reach no
   terminal raw, from the CLI or from the app; the stored text stays as given.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.commands.applications import add_application
from rung.core.commands.interviews import add_interview
from rung.core.export import _fold_ics_line, _ics_text
from rung.core.store import Store
from rung.core.visible import visible
from rung.tui.cli import cli

RUNG = str(Path(sys.executable).with_name("rung"))
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

TITLE_OSC = "\x1b]0;pwned\x07"  # retitles the terminal
CLEAR = "\x1b[2J"  # clears it
CSI_C1 = "\x9b2J"  # the same in one C1 byte
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: writes the clipboard
RAW = ("\x1b", "\x07", "\x9b")


def run(db: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input)


def _seed(db_path: Path) -> None:
    """One application with an interview and one follow-up: an .ics with two events."""
    with Store(db_path) as store:
        app = add_application(store, company="Acme", title="Engineering Manager")
        add_interview(store, app.id, scheduled_at="2026-11-25T10:00", kind="panel")
    assert run(db_path, "add", "followup", "Thank-you note", "--due", "2026-11-27").exit_code == 0


def _null_device(path: Path) -> Path:
    """A private /dev/null (same device numbers) inside the test's folder: as root, the old
    code replaced it with a regular file without touching the system's."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    return path


# -- 1. outputs never replace what a path is ----------------------------------------------


def test_export_to_a_fifo_with_a_reader_writes_through(db_path, tmp_path):
    _seed(db_path)
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    time.sleep(0.1)  # the reader is blocked in open(): a writer will find it
    result = run(db_path, "export", "--format", "ics", "--out", str(fifo))
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert got and got[0].startswith(b"BEGIN:VCALENDAR\r\n") and got[0].count(b"BEGIN:VEVENT") == 2
    assert not (tmp_path / "calendar.fifo.partial").exists()


def test_export_to_a_fifo_nobody_reads_is_refused_at_once(db_path, tmp_path):
    _seed(db_path)
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run(db_path, "export", "--format", "ics", "--out", str(fifo))
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert "nobody reads" in result.output and "Traceback" not in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if "nobody" in p.name) == ["nobody.fifo"]


def test_export_to_a_symlink_replaces_its_target_and_keeps_the_link(db_path, tmp_path):
    _seed(db_path)
    real = tmp_path / "calendars" / "rung.ics"
    real.parent.mkdir()
    real.write_text("old calendar")
    real.chmod(0o640)
    link = tmp_path / "rung.ics"
    link.symlink_to(real)
    result = run(db_path, "export", "--format", "ics", "--out", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file's permissions
    assert not list(tmp_path.rglob("*.partial"))


def test_export_to_a_dangling_symlink_creates_its_target(db_path, tmp_path):
    _seed(db_path)
    real = tmp_path / "new.md"
    link = tmp_path / "report.md"
    link.symlink_to(real)
    assert run(db_path, "export", "--format", "md", "--out", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("# rung report")


def test_export_to_a_device_writes_through(db_path, tmp_path):
    _seed(db_path)
    device = _null_device(tmp_path / "null")
    result = run(db_path, "export", "--format", "json", "--out", str(device))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device node became a regular file"
    assert not (tmp_path / "null.partial").exists()


@pytest.mark.skipif(not IS_ROOT, reason="the bug deleted /dev/null only when run as root")
def test_export_to_dev_null_as_root_leaves_dev_null_a_device(db_path):
    _seed(db_path)
    before = os.lstat("/dev/null")
    result = run(db_path, "export", "--format", "ics", "--out", "/dev/null")
    assert result.exit_code == 0, result.output
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino  # the very same node, not a new one
    assert not os.path.lexists("/dev/null.partial")


def test_export_to_dash_is_standard_output(db_path, tmp_path, monkeypatch):
    _seed(db_path)
    monkeypatch.chdir(tmp_path)
    result = run(db_path, "export", "--format", "ics", "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("BEGIN:VCALENDAR") and "exported" not in result.output
    assert not (tmp_path / "-").exists() and not (tmp_path / "-.partial").exists()


def test_export_to_a_directory_is_refused(db_path, tmp_path):
    _seed(db_path)
    from rung.core.safe_write import OutputError, write_output

    with pytest.raises(OutputError, match="is a directory"):
        write_output(tmp_path, b"x")
    link = tmp_path / "dir-link"
    link.symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "sub").mkdir()
    result = run(db_path, "export", "--format", "json", "--out", str(link))
    assert result.exit_code != 0 and (tmp_path / "sub").is_dir() and link.is_symlink()


def test_a_killed_runs_partial_is_cleaned_and_never_followed(db_path, tmp_path):
    """kill -9 leaves ``PATH.partial``; the next run to PATH removes it. A ``.partial``
    someone made a symlink (to a file of the victim's) is removed, never written through."""
    _seed(db_path)
    out = tmp_path / "rung.ics"
    out.write_text("yesterday's calendar")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "rung.ics.partial").symlink_to(victim)
    result = run(db_path, "export", "--format", "ics", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious"
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR") and not out.is_symlink()
    assert not os.path.lexists(tmp_path / "rung.ics.partial")
    # a plain leftover (what kill -9 in the middle of a write leaves) goes too
    (tmp_path / "rung.ics.partial").write_bytes(b"BEGIN:VCALENDAR\r\nhalf an ev")
    assert run(db_path, "export", "--format", "ics", "--out", str(out)).exit_code == 0
    assert not os.path.lexists(tmp_path / "rung.ics.partial")


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_failed_write_leaves_no_partial_and_the_old_file(db_path, tmp_path):
    """The disk fills up half-way (RLIMIT_FSIZE stands in for a full disk): one line, the
    previous export untouched, no ``.partial`` left."""
    with Store(db_path) as store:
        for i in range(40):
            add_application(
                store, company=f"Company {i}", title="Engineering Manager", notes="n" * 20_000
            )
    out = tmp_path / "all.json"
    out.write_text("{}")
    proc = subprocess.run(
        [RUNG, "--db", str(db_path), "export", "--format", "json", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_file_size(256 * 1024),
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.startswith("rung: error: ") and len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "{}"
    assert not (tmp_path / "all.json.partial").exists()


def test_backup_to_a_symlink_replaces_its_target(db_path, tmp_path):
    _seed(db_path)
    real = tmp_path / "vault" / "rung-backup.db"
    real.parent.mkdir()
    real.write_bytes(b"an older backup")
    link = tmp_path / "latest.db"
    link.symlink_to(real)
    result = run(db_path, "backup", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    with sqlite3.connect(real) as copy:
        assert copy.execute("SELECT count(*) FROM applications").fetchone()[0] == 1
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(tmp_path.rglob("*.partial*"))


def test_backup_to_a_device_or_fifo_is_refused(db_path, tmp_path):
    _seed(db_path)
    device = _null_device(tmp_path / "null")
    result = run(db_path, "backup", str(device))
    assert result.exit_code == 1
    assert "a backup must be a regular file" in result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run(db_path, "backup", str(fifo))
    assert result.exit_code == 1 and "a backup must be a regular file" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not list(tmp_path.glob("*.partial*"))


@pytest.mark.skipif(not IS_ROOT, reason="the bug deleted /dev/null only when run as root")
def test_backup_to_dev_null_is_refused_as_root(db_path):
    _seed(db_path)
    before = os.lstat("/dev/null")
    result = run(db_path, "backup", "/dev/null")
    assert result.exit_code == 1 and "a backup must be a regular file" in result.output
    assert os.lstat("/dev/null").st_ino == before.st_ino


def test_backup_ignores_a_killed_runs_journal(db_path, tmp_path):
    """A ``.partial-journal`` left by a killed backup is never rolled into the next copy."""
    _seed(db_path)
    out = tmp_path / "copy.db"
    (tmp_path / "copy.db.partial").write_bytes(b"half a database")
    (tmp_path / "copy.db.partial-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" * 64)
    assert run(db_path, "backup", str(out)).exit_code == 0
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == ["copy.db"]


# -- 2. calendar injection -----------------------------------------------------------------

# Every way a reader could see a line end: CRLF, bare CR, LF, VT, FF, FS/GS/RS, NEL,
# U+2028/2029 (what Python's str.splitlines() splits on, and more than any calendar does).
_ANY_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_PROPERTIES = (
    "BEGIN:",
    "END:",
    "VERSION:",
    "PRODID:",
    "CALSCALE:",
    "UID:",
    "DTSTAMP:",
    "DTSTART",
    "DTEND",
    "SUMMARY:",
    "DESCRIPTION:",
)


def _content_lines(ics: str) -> list[str]:
    """Content lines as a lenient reader sees them: split on any line break, unfolded."""
    physical = [line for line in _ANY_BREAK.split(ics) if line != ""]
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")) and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


EVIL_NAMES = [
    ("Eve\rBEGIN:VEVENT\rSUMMARY:Free offer - click evil.example", "Mallory"),
    ("Vera\x0bEND:VEVENT\x0bBEGIN:VEVENT", "Tab"),
    ("Fay\x0cSUMMARY:Form feed", "Feed"),
    ("Lina\u2028BEGIN:VTODO\u2028SUMMARY:Separated", "Sep"),
    ("Nel\x85DESCRIPTION:next line", "Line"),
    (TITLE_OSC + "Ann", CLEAR + "Lee"),
]


def _import_evil(db_path: Path, tmp_path: Path) -> None:
    connections = tmp_path / "Connections.csv"
    with open(connections, "w", newline="", encoding="utf-8") as fh:
        fh.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
        for i, (first, last) in enumerate(EVIL_NAMES):
            fh.write(
                f'"{first}","{last}",https://www.linkedin.com/in/p{i},,'
                f'"{CSI_C1}Initech{i}",Recruiter,14 Mar 2026\r\n'
            )
    jobs = tmp_path / "Job Applications.csv"
    with open(jobs, "w", newline="", encoding="utf-8") as fh:
        fh.write(
            "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,"
            "Job Url,Resume Name,Question And Answers\r\n"
        )
        fh.write(
            f'"11/2/26, 9:00 AM",,,"{TITLE_OSC}Acme{CLEAR}",'
            f'"Director\rBEGIN:VEVENT",https://www.linkedin.com/jobs/view/9,cv.pdf,\r\n'
        )
    for path in (connections, jobs):
        result = run(db_path, "import", str(path))
        assert result.exit_code == 0, result.output


def test_ics_from_imported_names_has_no_injected_event(db_path, tmp_path):
    _import_evil(db_path, tmp_path)
    with Store(db_path) as store:
        contacts = store.query("SELECT id, name FROM contacts ORDER BY id")
        app_id = store.scalar("SELECT id FROM applications")
        add_interview(
            store,
            app_id,
            scheduled_at="2026-11-25T10:00",
            kind="panel",
            with_whom="Dana\rEND:VEVENT",
            notes="line one\r\nline two\x0cthree",
        )
    assert len(contacts) == len(EVIL_NAMES)
    assert any("\r" in c["name"] for c in contacts)  # stored as given: the attack reaches export
    for c in contacts:
        result = run(
            db_path,
            "add",
            "followup",
            f"Call\u2029{c['id']};x,y\\z",
            "--contact",
            str(c["id"]),
            "--due",
            "2026-11-30",
        )
        assert result.exit_code == 0, result.output
    result = run(db_path, "export", "--format", "ics")
    assert result.exit_code == 0, result.output
    ics = result.stdout_bytes.decode("utf-8")  # .output turns CRLF into LF
    lines = _content_lines(ics)
    events = 1 + len(EVIL_NAMES)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == events
    assert sum(line == "END:VEVENT" for line in lines) == events
    assert not any(line.startswith("BEGIN:VTODO") for line in lines)
    assert all(line.startswith(_PROPERTIES) for line in lines), [
        line for line in lines if not line.startswith(_PROPERTIES)
    ]
    assert sum(line.startswith("SUMMARY:") for line in lines) == events
    assert not any(line.startswith("SUMMARY:Free") for line in lines)
    # the physical lines: CRLF only, none longer than 75 octets, no control character
    physical = ics.split("\r\n")
    assert physical[-1] == ""
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert not any(
        re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", line) for line in physical
    )
    unfolded = "".join(line[1:] if line.startswith(" ") else line for line in physical)
    assert "Eve\\nBEGIN:VEVENT\\nSUMMARY:Free offer - click evil.example" in unfolded
    assert "␛]0\\;pwned␇Ann ␛[2JLee" in unfolded  # shown, and the ; escaped
    assert "Call\\n" in unfolded and "\\;x\\,y\\\\z" in unfolded
    assert "DESCRIPTION:Dana\\nEND:VEVENT · line one\\nline two\\nthree" in unfolded


def test_ics_text_escapes_per_rfc5545():
    assert _ics_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    for brk in ("\r\n", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
        assert _ics_text(f"one{brk}two") == "one\\ntwo"
    assert _ics_text("tab\there") == "tab\there"  # HTAB is allowed in TEXT
    assert _ics_text("\x1b[2J\x00\x7f\x9b") == "␛[2J␀␡\\\\x9b"


def test_ics_folding_counts_octets_and_keeps_characters_whole():
    line = "SUMMARY:" + "é" * 60 + "漢" * 30
    parts = _fold_ics_line(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


# -- 3. terminal escapes -----------------------------------------------------------------


def _assert_no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"raw {ch!r} in: {text!r}"


def _add_evil(db_path: Path) -> None:
    for args in (
        [
            "add",
            "application",
            TITLE_OSC + "Acme" + CLEAR,
            "Engineering Manager " + CSI_C1,
            "--notes",
            CLIPBOARD + "take the job",
        ],
        [
            "add",
            "contact",
            "Dana " + TITLE_OSC + "Reyes",
            "--company",
            CSI_C1 + "Globex",
            "--relationship",
            "recruiter",
            "--cadence",
            "1",
        ],
        ["add", "followup", "Chase " + CLEAR + "offer", "--contact", "1", "--due", "2026-11-20"],
    ):
        result = run(db_path, *args)
        assert result.exit_code == 0, result.output
        _assert_no_raw_controls(result.output)


def test_cli_listings_search_and_review_show_control_characters(db_path):
    _add_evil(db_path)
    outputs = {}
    for args in (
        ("list", "applications"),
        ("list", "contacts"),
        ("list", "followups"),
        ("search", "acme"),
        ("search", "dana"),
        ("search", "globex"),
        ("review",),
        ("review", "--format", "md"),
        ("export", "--format", "md"),
    ):
        result = run(db_path, *args)
        assert result.exit_code == 0, (args, result.output)
        _assert_no_raw_controls(result.output)
        outputs[args] = result.output
    assert "␛]0;pwned␇Acme␛[2J" in outputs[("list", "applications")]
    assert "\\x9b2JGlobex" in outputs[("list", "contacts")]
    assert "␛]0;pwned␇Acme" in outputs[("search", "acme")]
    assert "Dana ␛]0;pwned␇Reyes" in outputs[("search", "dana")]
    assert "␛]0;pwned␇Acme" in outputs[("review",)]
    assert "Dana ␛]0;pwned␇Reyes" in outputs[("review",)]  # who to call: cadence overdue
    assert "␛]0;pwned␇Acme" in outputs[("export", "--format", "md")]
    # stored exactly as given; JSON keeps the value (escaped as JSON, never raw)
    with Store(db_path) as store:
        assert store.scalar("SELECT name FROM companies") == TITLE_OSC + "Acme" + CLEAR
        assert store.scalar("SELECT notes FROM applications") == CLIPBOARD + "take the job"
    listed = run(db_path, "list", "applications", "--json").output
    _assert_no_raw_controls(listed)
    assert json.loads(listed)[0]["company"] == TITLE_OSC + "Acme" + CLEAR
    assert json.loads(listed)[0]["title"] == "Engineering Manager " + CSI_C1


def test_cli_errors_show_control_characters(db_path):
    result = run(db_path, "add", "followup", "x", "--due", "next " + TITLE_OSC)
    assert result.exit_code != 0
    _assert_no_raw_controls(result.output)


def test_visible_maps_every_control_character():
    assert visible("plain text, é 漢 🙂") == "plain text, é 漢 🙂"
    assert visible(TITLE_OSC + "x") == "␛]0;pwned␇x"
    assert visible("\x00\x1f\x7f") == "␀␟␡"
    assert visible("a\tb\nc") == "a␉b␊c"
    assert visible("a\tb\r\nc\rd", multiline=True) == "a\tb\nc␍d"
    assert visible(CSI_C1 + "\x85") == "\\x9b2J\\x85"
    assert visible("\u2028\u202e") == "\\u2028\\u202e"
    every = "".join(chr(n) for n in [*range(0x20), *range(0x7F, 0xA0)])
    assert not re.search("[\x00-\x1f\x7f-\x9f]", visible(every))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", visible(every, multiline=True))


# -- the app -------------------------------------------------------------------------------


def _screen_output(app) -> str:  # noqa: ANN001 - a running RungApp
    """What the terminal would receive for a full repaint of the current screen."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def _assert_terminal_safe(output: str) -> None:
    assert "\x1b]" not in output, "an OSC sequence from data reached the terminal"
    assert "\x1b[2J" not in output and "\x07" not in output and "\x9b" not in output


async def test_app_draws_control_characters_visibly(store):
    from textual.widgets import Input

    from rung.tui.app import RungApp
    from rung.tui.screens.application_detail import ApplicationDetailScreen
    from rung.tui.widgets.record_table import RecordTable

    company = TITLE_OSC + "Acme"
    add_application(
        store,
        company=company,
        title="Director " + CSI_C1,
        notes=CLIPBOARD + "notes\r\nline two " + CLEAR,
    )
    app = RungApp(store)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#records", RecordTable)
        assert table.rows[0].cells[0] == company  # the data as stored
        drawn = "".join(seg.text for y in range(3) for seg in table.render_line(y))
        assert "␛]0;pwned␇Acme" in drawn and "\x1b" not in drawn and "\x9b" not in drawn
        output = _screen_output(app)
        _assert_terminal_safe(output)
        assert "␛]0;pwned␇Acme" in output
        await pilot.press("enter")  # the detail: fields (markup) and the top bar
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        output = _screen_output(app)
        _assert_terminal_safe(output)
        assert "␛]0;pwned␇Acme" in output and "␛]52;c;" in output
        await pilot.press("e")  # the edit form: the value kept, drawn visibly
        await pilot.pause()
        box = app.screen.query("Input").first(Input)
        assert box.value == company
        _assert_terminal_safe(_screen_output(app))
        await pilot.press("escape")
        await pilot.pause()
        app.notify(f"Saved {company}")  # a toast with a name
        await pilot.pause()
        _assert_terminal_safe(_screen_output(app))
    assert store.scalar("SELECT name FROM companies") == company


async def test_every_screen_draws_control_characters_visibly(store):
    """Contacts, a contact's detail, the follow-ups, gaps, review, search and the palette:
    what reaches the terminal holds no escape from the data."""
    from rung.core.clustering import log_feedback
    from rung.core.commands.contacts import add_contact, log_interaction
    from rung.core.commands.followups import add_followup
    from rung.tui.app import RungApp

    app_row = add_application(store, company=TITLE_OSC + "Acme", title="VP " + CLEAR)
    person = add_contact(
        store,
        name="Dana " + TITLE_OSC + "Reyes",
        company=CSI_C1 + "Globex",
        relationship="recruiter",
        cadence_days=1,
        notes=CLIPBOARD + "met at a meetup",
    )
    log_interaction(store, person.id, summary="said " + CLEAR + "hi", channel="email")
    add_followup(store, what="Chase " + TITLE_OSC, due_on="2026-11-20", contact_id=person.id)
    log_feedback(
        store,
        "not enough people management " + TITLE_OSC,
        application_id=app_row.id,
        received_on="2026-11-20",
    )
    app = RungApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        seen = []
        for keys in (
            ["2"],
            ["enter"],
            ["escape", "tab"],
            ["3"],
            ["enter"],
            ["escape", "4"],
            ["colon", *"acme"],
            ["escape", "ctrl+p", *"dana"],
        ):
            await pilot.press(*keys)
            await pilot.pause()
            output = _screen_output(app)
            _assert_terminal_safe(output)
            seen.append(output)
        seen = [re.sub("\x1b\\[[0-9;?]*[A-Za-z]", "", out) for out in seen]  # text only
        everything = "".join(seen)
        assert "␛]0;pwned␇Acme" in seen[6]  # the search screen's hits
        assert "Dana ␛]0;pwned␇Reyes" in seen[7]  # the command palette's records
        assert "Dana ␛]0;pwned␇Reyes" in everything and "\\x9b2JGlobex" in everything
        assert "␛]52;c;" in everything  # the contact's notes on their detail
        assert "said ␛[2Jhi" in everything and "Chase ␛]0;pwned␇" in everything
