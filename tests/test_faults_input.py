"""Faults and attacks on what rung reads (issue 15, items 4 and 8).

4. Unbounded input: a FIFO, a device, a symlink to /dev/zero or /dev/urandom is refused by
   name and never read; a file and a zip member (inflated) are read up to a cap
   (``RUNG_MAX_IMPORT_MB``, 200 MB by default), a zip member whose header lies included;
   a damaged member, a cell over csv's field limit are one clear line; a 100 KB search
   query is cut (distinct words, 32 of them, 512 characters) and says so.
8. Silent quirks: CR-only line endings import their rows with the right lines; one bad byte
   in a UTF-8 file keeps every accent (the byte is a warning with its line); a zip with no
   member rung reads exits 1.

Whatever could hang or eat memory on a broken build runs the real ``rung`` in a subprocess
with a timeout and an address-space limit, so the suite fails instead of hanging.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import struct
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.demo import load_demo
from rung.core.importing import import_files, preview
from rung.core.importing.feedback_file import import_feedback_file
from rung.core.importing.reader import (
    FIELD_LIMIT,
    MAX_IMPORT_ENV,
    Refused,
    Source,
    decode_noting,
    load_sources,
)
from rung.core.search import MAX_QUERY_WORDS, bound_query, search
from rung.core.store import Store
from rung.tui.cli import cli

RUNG = str(Path(sys.executable).with_name("rung"))
FIXTURES = Path(__file__).parent / "fixtures" / "import"
MEMORY_LIMIT = 2 << 30  # address space of a subprocess: a runaway read fails, not the host


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def rung(*args: str, timeout: float = 20.0) -> tuple[subprocess.CompletedProcess, float]:
    """The real CLI in a subprocess, bounded in time and memory; (result, seconds)."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    start = time.monotonic()
    try:
        done = subprocess.run(
            [RUNG, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=bounded,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"rung {' '.join(a[:40] for a in args)} still running after {timeout} s")
    return done, time.monotonic() - start


def in_thread(fn, timeout: float = 10.0):
    """``fn()`` in a daemon thread: its result or exception, or a failure if it blocks."""
    out: dict = {}

    def target() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"still blocked after {timeout} s")
    if "error" in out:
        raise out["error"]
    return out["value"]


# -- 4. special files ---------------------------------------------------------------------


def test_a_fifo_named_csv_is_refused_at_once_by_the_cli(tmp_path):
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    done, seconds = rung("--db", str(tmp_path / "r.db"), "import", str(fifo), timeout=15)
    assert done.returncode == 1
    assert f"{fifo}: a FIFO (named pipe), not a file" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert seconds < 10


def test_a_fifo_never_blocks_the_preview_nor_the_feedback_import(tmp_path, store):
    fifo = tmp_path / "feedback.csv"
    os.mkfifo(fifo)
    with pytest.raises(Refused, match=r"a FIFO \(named pipe\), not a file"):
        in_thread(lambda: preview(fifo))  # the Import screen's preview
    report = in_thread(lambda: import_feedback_file(store, fifo))
    assert report.refused and "a FIFO (named pipe), not a file" in report.message


def test_symlinks_to_dev_zero_and_urandom_and_a_device_are_refused_by_name(tmp_path):
    zero, rand = tmp_path / "zero.csv", tmp_path / "rand.csv"
    zero.symlink_to("/dev/zero")
    rand.symlink_to("/dev/urandom")
    done, seconds = rung(
        "--db", str(tmp_path / "r.db"), "import", "--json", str(zero), str(rand), "/dev/null"
    )
    assert done.returncode == 1, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["message"] for r in reports] == [
        f"{zero}: a character device, not a file",
        f"{rand}: a character device, not a file",
        "/dev/null: a character device, not a file",
    ]
    assert all(r["refused"] for r in reports)
    assert seconds < 10


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "real.csv"
    target.write_bytes((FIXTURES / "generic_with_recruiter.csv").read_bytes())
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert load_sources(link)[0].data == target.read_bytes()
    dangling = tmp_path / "gone.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(Refused, match="a symbolic link to nothing"):
        load_sources(dangling)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.write(b"Company,Role\n")
        f.truncate(3 << 20)  # sparse: 3 MB on paper
    monkeypatch.setenv(MAX_IMPORT_ENV, "1")
    with pytest.raises(Refused) as refused:
        load_sources(big)
    assert str(refused.value) == (
        f"{big}: the file (3 MB) is larger than the 1 MB rung reads "
        f"(set {MAX_IMPORT_ENV} to raise it)"
    )
    monkeypatch.setenv(MAX_IMPORT_ENV, "lots")
    with pytest.raises(Refused, match=f"{MAX_IMPORT_ENV}='lots': not a number"):
        load_sources(big)


# -- 4. zip bombs, lying headers, damaged members --------------------------------------------


def _streamed_zip(
    path: Path,
    members: dict[str, int],
    head: bytes = b"First Name,Last Name\n",
) -> Path:
    """A zip whose members are ``head`` and then that many MB of zeros, written in chunks
    (300 MB of zeros deflate to ~300 KB; nothing large is ever held in memory)."""
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, mb in members.items():
            with archive.open(name, "w") as member:
                member.write(head)
                for _ in range(mb):
                    member.write(zeros)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    return _streamed_zip(tmp_path_factory.mktemp("bomb") / "export.zip", {"Connections.csv": 300})


def test_a_zip_bomb_is_refused_at_the_default_cap_without_inflating(bomb, db_path):
    assert bomb.stat().st_size < 2 << 20
    start = time.monotonic()
    with pytest.raises(Refused) as refused:
        load_sources(bomb)
    assert time.monotonic() - start < 2
    assert str(refused.value) == (
        f"{bomb}:Connections.csv: the member inflated (300 MB) is larger than the 200 MB "
        f"rung reads (set {MAX_IMPORT_ENV} to raise it)"
    )
    result = run(db_path, "import", str(bomb))
    assert result.exit_code == 1
    assert "Connections.csv: the member inflated (300 MB)" in result.stderr


def test_a_member_whose_header_lies_about_its_size_is_not_trusted(tmp_path, monkeypatch):
    path = _streamed_zip(tmp_path / "liar.zip", {"Connections.csv": 8})
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = struct.pack("<I", 100)  # "inflates to 100 bytes"
    data[central + 24 : central + 28] = struct.pack("<I", 100)
    path.write_bytes(bytes(data))
    monkeypatch.setenv(MAX_IMPORT_ENV, "1")
    with pytest.raises(Refused) as refused:
        load_sources(path)
    assert str(refused.value).startswith(f"{path}:Connections.csv: damaged inside the archive (")


def test_members_each_under_the_cap_but_over_it_together_are_refused(tmp_path, monkeypatch):
    path = _streamed_zip(tmp_path / "two.zip", {"Connections.csv": 3, "messages.csv": 3})
    monkeypatch.setenv(MAX_IMPORT_ENV, "5")
    with pytest.raises(
        Refused,
        match=r"messages.csv: the archive's CSV members together "
        r"\(6 MB\) is larger than the 5 MB rung reads",
    ):
        load_sources(path)
    monkeypatch.setenv(MAX_IMPORT_ENV, "2")
    with pytest.raises(Refused, match=r"Connections.csv: the member inflated \(3 MB\)"):
        load_sources(path)


def _damaged_member_zip(path: Path) -> Path:
    rows = "".join(f"Acme {i},Manager,2026-01-{1 + i % 28:02d}\n" for i in range(2000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Job Applications.csv", "Company,Role,Applied\n" + rows)
        offset = archive.getinfo("Job Applications.csv").header_offset
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    data[offset + 30 + name_len + extra_len] = 0xFF  # a deflate block of the reserved type
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_member_is_one_clear_line(tmp_path, db_path):
    path = _damaged_member_zip(tmp_path / "export.zip")
    result = run(db_path, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rung: error: {path}:Job Applications.csv: damaged inside the archive (Error -3 while "
        "decompressing data: invalid block type) (nothing imported)"
    ]
    as_json = run(db_path, "import", "--json", str(path))
    assert as_json.exit_code == 1
    assert "damaged inside the archive" in json.loads(as_json.stdout.splitlines()[0])["message"]


def test_a_zip_with_no_member_rung_reads_exits_1_and_says_so(tmp_path, db_path):
    only_text = tmp_path / "notes.zip"
    with zipfile.ZipFile(only_text, "w") as archive:
        archive.writestr("README.txt", "hello")
    result = run(db_path, "import", str(only_text))
    assert result.exit_code == 1
    assert f"{only_text}: a zip archive with no .csv file in it" in result.stderr
    other_csv = tmp_path / "export.zip"
    with zipfile.ZipFile(other_csv, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name,Headline\nAda,L,CTO\n")
        archive.writestr("Skills.csv", "Name\nPython\n")
    result = run(db_path, "import", str(other_csv))
    assert result.exit_code == 1
    assert (
        f"{other_csv}: no file in this archive is one rung reads (Profile.csv, Skills.csv)"
        in result.output
    )


# -- 4. a cell past csv's field limit -------------------------------------------------------


@pytest.fixture
def small_field_limit():
    """csv's field limit lowered to 1000 characters (a 70 MB cell, cheaply)."""
    csv.field_size_limit(1000)
    yield 1000
    csv.field_size_limit(FIELD_LIMIT)


def test_a_cell_over_the_field_limit_names_its_line(tmp_path, db_path, small_field_limit):
    path = tmp_path / "big_cell.csv"
    path.write_text(
        "Company,Role,Applied\nAcme,Manager,2026-01-05\n"
        f'Beta,"{"x" * 5000}",2026-02-01\nGamma,Lead,2026-03-01\n'
    )
    result = run(db_path, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rung: error: {path}:3: a cell longer than 1000 characters, more than rung reads in "
        "one cell (a quote that never closes makes the rest of the file one cell) "
        "(nothing imported)"
    ]
    with pytest.raises(Refused, match=":3: a cell longer than 1000 characters"):
        preview(path)  # the Import screen's preview
    with Store(db_path) as store:
        assert store.count("applications") == 0


def test_an_open_quote_a_huge_header_and_feedback_name_their_line(
    tmp_path, store, small_field_limit
):
    open_quote = tmp_path / "open.csv"
    open_quote.write_text('Company,Role\nAcme,"Manager\n' + "words and words\n" * 200)
    with pytest.raises(Refused, match=r"open.csv:2: a cell longer than 1000 characters"):
        preview(open_quote)
    [report] = import_files(store, [open_quote])
    assert report.refused and report.message.startswith(f"{open_quote}:2: a cell longer")
    header = tmp_path / "header.csv"
    header.write_text(f'Company,"{"R" * 3000}"\nAcme,x\n')
    [report] = import_files(store, [header])
    assert report.refused and report.message.startswith(f"{header}:1: a cell longer")
    feedback = tmp_path / "feedback.csv"
    feedback.write_text(f'feedback,company\nToo junior,Acme\n"{"y" * 4000}",Beta\n')
    fb = import_feedback_file(store, feedback)
    assert fb.refused and fb.message.startswith(f"{feedback}:3: a cell longer")


# -- 8. CR-only line endings ----------------------------------------------------------------


def test_a_cr_only_file_imports_its_rows_with_their_lines(tmp_path, db_path):
    path = tmp_path / "old_mac.csv"
    path.write_bytes(
        b"My job hunt 2026\r\rCompany,Role,Applied\rAcme,Manager,2026-01-05\r"
        b"Beta,Lead,2026-13-45\rGamma,VP,2026-03-01\r"
    )
    result = run(db_path, "import", "--json", str(path))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows_read"] == 3 and report["created"]["applications"] == 3
    assert [(w["line"], w["kind"]) for w in report["warnings"]] == [(5, "bad_date")]
    with Store(db_path) as store:
        assert sorted(r["name"] for r in store.query("SELECT name FROM companies")) == [
            "Acme",
            "Beta",
            "Gamma",
        ]


def test_linkedin_connections_with_cr_only_lines_match_the_lf_file(tmp_path):
    lf = (FIXTURES / "linkedin_connections.csv").read_bytes().replace(b"\r\n", b"\n")
    cr = tmp_path / "Connections.csv"
    cr.write_bytes(lf.replace(b"\n", b"\r"))
    lf_path = tmp_path / "lf.csv"
    lf_path.write_bytes(lf)
    reports = []
    for path in (lf_path, cr):
        with Store(tmp_path / f"{path.stem}.db") as store:
            [report] = import_files(store, [path])
            reports.append(report)
    assert reports[1].profile == reports[0].profile == "linkedin.connections"
    assert reports[1].created == reports[0].created and reports[1].created.get("contacts")
    assert [(w.line, w.kind) for w in reports[1].warnings] == [
        (w.line, w.kind) for w in reports[0].warnings
    ]


# -- 8. one bad byte in a UTF-8 file --------------------------------------------------------


def test_one_bad_byte_keeps_every_accent_and_is_a_warning_with_its_line(tmp_path, db_path):
    path = tmp_path / "people.csv"
    path.write_bytes(
        "Company,Role,Applied\nMüller GmbH,Teamleiter,2026-01-05\nZoë AG,Lead,2026-02-01\n".encode()
        + b"Caf\xe9 Ltd,VP,2026-03-01\n"
        + "Ångström AB,CTO,2026-04-01\n".encode()
    )
    result = run(db_path, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 line with bytes that are not UTF-8 (read as \ufffd) (line 4)" in result.stdout
    assert f"{path}:4:(encoding): a byte that is not UTF-8 (0xE9)" in result.stdout
    with Store(db_path) as store:
        names = sorted(r["name"] for r in store.query("SELECT name FROM companies"))
    assert names == ["Caf\ufffd Ltd", "Müller GmbH", "Zoë AG", "Ångström AB"]
    strict = run(db_path, "import", "--strict", "--dry-run", str(path))
    assert strict.exit_code == 1  # a warning like any other


def test_a_windows_file_stays_cp1252_and_bad_bytes_count_lines_on_cr():
    windows = Source("w.csv", "Name\nMüller\nJosé\n".encode("cp1252"))
    assert decode_noting(windows) == ("Name\nMüller\nJosé\n", [])
    # five accented letters, three bad bytes: UTF-8 by majority
    mixed = Source("m.csv", "a\r\nJosé Zoë Müller Ångström\rb".encode() + b"\xff\xfe!\rc\n\xc3")
    text, notes = decode_noting(mixed)
    assert text == "a\r\nJosé Zoë Müller Ångström\rb\ufffd\ufffd!\rc\n\ufffd"
    assert [(n.line, n.kind) for n in notes] == [(3, "bad_bytes"), (5, "bad_bytes")]
    assert notes[0].message.startswith("2 bytes that are not UTF-8 (0xFF, 0xFE)")


# -- 4. search queries ------------------------------------------------------------------------


def test_a_query_is_deduplicated_and_cut_and_says_so():
    assert bound_query("Eng eng ENG manager").words == ["eng", "manager"]
    assert bound_query("Eng eng ENG manager").note is None
    many = bound_query(" ".join(f"w{i}" for i in range(50)))
    assert len(many.words) == MAX_QUERY_WORDS and many.words[-1] == "w31"
    assert many.note == "query cut: searched its first 32 of 50 different words"
    huge = bound_query("engineering " * 9000)
    assert huge.words == ["engineering"] and len(huge.text) <= 512
    assert huge.note == "query cut: searched its first 504 of 108000 characters"


def test_a_100_kb_query_returns_at_once_from_core(demo_store):
    start = time.monotonic()
    hits = search(demo_store, "brightline " * 9400)
    assert time.monotonic() - start < 2
    assert hits and all("Brightline" in h.plain_title() or h.kind != "company" for h in hits)


def test_a_100_kb_query_from_the_cli_notes_the_cut_on_stderr(db_path):
    with Store(db_path) as store:
        load_demo(store)
    query = "brightline " * 9300  # 102 300 characters: one argument under Linux's 128 KB
    done, seconds = rung("--db", str(db_path), "search", "--json", query, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("rung: note: query cut: searched its first ")
    assert json.loads(done.stdout)["hits"]
    assert seconds < 10


async def test_the_search_box_says_when_a_query_was_cut(demo_store):
    from textual.widgets import Input

    from rung.tui.app import RungApp

    app = RungApp(demo_store)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one(Input).value = "brightline " * 60
        await pilot.pause()
        status = str(app.screen.query_one("#search-status").render())
        assert "query cut: searched its first" in status and "hits" in status
