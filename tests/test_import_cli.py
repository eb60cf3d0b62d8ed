"""`rung import`: every fixture format, dedup, refusal, stage moves, nasty inputs."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.commands.common import mark_user_edited
from rung.core.store import Store
from rung.tui.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "import", *args])


def report(db: Path, *args: str) -> dict:
    result = run(db, "--json", *args)
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0] | {"exit": result.exit_code}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "profile", "created"),
    [
        ("linkedin_job_applications.csv", "linkedin.job_applications", {"applications": 3}),
        ("linkedin_saved_jobs.csv", "linkedin.saved_jobs", {"applications": 2}),
        ("linkedin_connections.csv", "linkedin.connections", {"contacts": 2}),
        ("huntr_jobs.csv", "huntr.jobs", {"applications": 2}),
        ("teal_jobs.csv", "teal.jobs", {"applications": 2, "followups": 1, "feedback": 1}),
        ("generic_european.csv", "generic", {"applications": 2}),
    ],
)
def test_each_format_is_detected_and_imported_once(tmp_path, name, profile, created):
    db = tmp_path / "rung.db"
    first = report(db, str(FIXTURES / name))
    assert first["exit"] == 0 and first["profile"] == profile
    assert set(first) >= {"file", "profile", "rows_read", "created", "merged", "skipped", "errors"}
    for table, n in created.items():
        assert first["created"][table] == n
    again = report(db, str(FIXTURES / name))
    assert again["created"] == {} and again["exit"] == 0


def test_values_are_mapped(tmp_path):
    db = tmp_path / "rung.db"
    run(
        db,
        str(FIXTURES / "generic_european.csv"),
        str(FIXTURES / "huntr_jobs.csv"),
        str(FIXTURES / "teal_jobs.csv"),
    )
    store = Store(db)
    rows = {r["title"]: r for r in store.query("SELECT * FROM applications")}
    assert rows["Teamleiter Entwicklung"]["applied_on"] == "2026-03-14"
    assert rows["Teamleiter Entwicklung"]["stage"] == "interviewing"
    assert rows["Teamleiter Entwicklung"]["salary"] == "145.000"
    assert rows['=HYPERLINK("x")']["stage"] == "rejected"  # formula stored as text
    assert rows["Senior Engineering Manager"]["stage"] == "interviewing"
    assert rows["Senior Engineering Manager"]["level"] == "senior_manager"
    assert rows["Team Lead"]["stage"] == "saved" and rows["Team Lead"]["url"] is None
    assert rows["Director of Engineering"]["status_raw"] == "Not Selected"
    assert store.scalar("SELECT count(*) FROM companies WHERE name = 'Müller GmbH'") == 1


def test_saved_job_merges_with_application_and_moves_stage(tmp_path):
    db = tmp_path / "rung.db"
    run(db, str(FIXTURES / "linkedin_saved_jobs.csv"))
    moved = report(db, str(FIXTURES / "linkedin_job_applications.csv"))
    assert moved["merged"] == 1 and moved["created"]["applications"] == 2
    store = Store(db)
    app = store.query_one("SELECT * FROM applications WHERE url_key = 'linkedin.com/jobs/view/111'")
    assert app["stage"] == "applied"
    events = store.query(
        "SELECT from_stage, to_stage FROM stage_events WHERE application_id = ? ORDER BY id",
        [app["id"]],
    )
    assert [(e["from_stage"], e["to_stage"]) for e in events] == [
        (None, "saved"),
        ("saved", "applied"),
    ]
    # the saved job again does not move it back
    assert report(db, str(FIXTURES / "linkedin_saved_jobs.csv"))["created"] == {}
    assert store.scalar("SELECT stage FROM applications WHERE id = ?", [app["id"]]) == "applied"


def test_user_edited_fields_are_never_overwritten(tmp_path):
    db = tmp_path / "rung.db"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Company,Role,Date Applied,Status\nAcme,EM,2026-01-02,Applied\n")
    run(db, str(sheet))
    store = Store(db)
    app_id = store.scalar("SELECT id FROM applications")
    store.update("applications", app_id, {"stage": "screening"})
    mark_user_edited(store, "applications", app_id, ["stage"])
    sheet.write_text("Company,Role,Date Applied,Status\nAcme,EM,2026-01-02,Offer\n")
    run(db, str(sheet))
    assert store.scalar("SELECT stage FROM applications") == "screening"


def test_newer_status_moves_stage(tmp_path):
    db = tmp_path / "rung.db"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Company,Role,Date Applied,Status\nAcme,EM,2026-01-02,Applied\n")
    run(db, str(sheet))
    sheet.write_text("Company,Role,Date Applied,Status\nACME Inc.,EM ,2026-01-02,2nd round\n")
    result = report(db, str(sheet))
    assert result["merged"] == 1 and result["created"].get("applications") is None
    store = Store(db)
    assert store.scalar("SELECT stage FROM applications") == "interviewing"
    assert store.scalar("SELECT status_raw FROM applications") == "2nd round"
    assert store.scalar("SELECT count(*) FROM stage_events") == 2


def test_linkedin_zip_imports_known_members_and_merges_numbered_files(tmp_path):
    archive = tmp_path / "Complete_LinkedInDataExport_03-20-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "linkedin_job_applications.csv", "Jobs/Job Applications.csv")
        z.write(FIXTURES / "linkedin_job_applications.csv", "Jobs/Job Applications_1.csv")
        z.write(FIXTURES / "linkedin_saved_jobs.csv", "Jobs/Saved Jobs.csv")
        z.write(FIXTURES / "linkedin_connections.csv", "Connections.csv")
        z.write(FIXTURES / "linkedin_messages.csv", "messages.csv")
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nPat,Example,EM\n")
    db = tmp_path / "rung.db"
    result = run(db, "--json", str(archive))
    assert result.exit_code == 0, result.output
    reports = [json.loads(line) for line in result.output.splitlines()]
    *members, archive_report = reports
    assert [r["file"].split(":", 1)[1] for r in members] == [
        "Connections.csv",
        "Jobs/Job Applications.csv",
        "Jobs/Job Applications_1.csv",
        "Jobs/Saved Jobs.csv",
        "messages.csv",
    ]
    # what rung does not read is named, never dropped silently
    assert archive_report["file"] == str(archive)
    assert archive_report["skipped_members"] == ["Profile.csv"]
    store = Store(db)
    assert store.count("applications") == 4 and store.count("contacts") == 2
    assert store.count("interactions") == 2
    fb = store.query_one(
        "SELECT f.*, c.name AS company FROM feedback f JOIN applications a"
        " ON a.id = f.application_id JOIN companies c ON c.id = a.company_id"
    )
    assert fb["status"] == "candidate" and fb["company"] == "Globex"
    assert "more experience managing managers" in fb["text"]
    again = run(db, "--json", str(archive))
    assert all(json.loads(line)["created"] == {} for line in again.output.splitlines())


def test_accept_feedback_confirms(tmp_path):
    db = tmp_path / "rung.db"
    result = run(db, "--accept-feedback", str(FIXTURES / "teal_jobs.csv"))
    assert result.exit_code == 0
    assert Store(db).scalar("SELECT status FROM feedback") == "confirmed"


def test_a_bad_date_is_a_warning_and_strict_refuses_leaving_db_byte_identical(tmp_path):
    db = tmp_path / "rung.db"
    run(db, str(FIXTURES / "huntr_jobs.csv"))
    Store(db).close()
    before = digest(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        'Company,Role,Notes,Applied\nAcme,EM,"one\ntwo\nthree",2026-01-02\nGlobex,VP,,not a date\n'
    )
    out = run(db, "--json", "--strict", str(FIXTURES / "teal_jobs.csv"), str(bad))
    assert out.exit_code == 1
    reports = [json.loads(line) for line in out.output.splitlines()]
    assert reports[1]["refused"] is True and reports[1]["errors"] == []
    assert reports[1]["warnings"] == [
        {
            "line": 5,
            "column": "Applied",
            "kind": "bad_date",
            "message": "not a date: 'not a date'; left empty, its text kept in the notes",
        }
    ]
    assert digest(db) == before
    taken = report(db, str(bad))  # the default: the row goes in, its date left empty
    assert taken["exit"] == 0 and taken["created"]["applications"] == 2
    assert taken["skipped"] == 0 and len(taken["warnings"]) == 1
    globex = Store(db).query_one(
        "SELECT a.* FROM applications a JOIN companies c"
        " ON c.id = a.company_id WHERE c.name = 'Globex'"
    )
    assert globex["applied_on"] is None and globex["notes"] == "Applied: not a date"
    alias = report(tmp_path / "other.db", "--skip-bad-rows", str(bad))
    assert alias["exit"] == 0 and alias["created"]["applications"] == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\xff" * 50, "not text"),
        (
            b"Name,Notes\nfoo,bar\n",
            "no column says which company the job is at; columns seen: Name, Notes",
        ),
        (b"PK\x03\x04junk", "damaged zip"),
    ],
)
def test_refusals_say_what_the_file_is(tmp_path, content, expected):
    db = tmp_path / "rung.db"
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    result = run(db, str(path))
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


def test_xlsx_renamed_is_refused(tmp_path):
    path = tmp_path / "book.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    result = run(tmp_path / "rung.db", str(path))
    assert result.exit_code == 1 and "Excel workbook" in result.output


def test_missing_file_directory_and_usage(tmp_path):
    db = tmp_path / "rung.db"
    assert "no such file" in run(db, str(tmp_path / "nope.csv")).output
    assert "is a directory" in run(db, str(tmp_path)).output
    assert run(db, "--profile", "bogus", str(FIXTURES / "teal_jobs.csv")).exit_code == 2
    assert run(db).exit_code == 2


def test_dry_run_writes_nothing(tmp_path):
    db = tmp_path / "rung.db"
    Store(db).close()
    before = digest(db)
    result = report(db, "--dry-run", str(FIXTURES / "teal_jobs.csv"))
    assert result["created"]["applications"] == 2 and result["dry_run"] is True
    assert digest(db) == before
    assert Store(db).count("imports") == 0


def test_preamble_line_numbers_and_header_only(tmp_path):
    db = tmp_path / "rung.db"
    conn = tmp_path / "Connections.csv"
    text = (FIXTURES / "linkedin_connections.csv").read_text(encoding="utf-8")
    conn.write_text(text + "Bad,Date,,,Acme,EM,someday\n", encoding="utf-8")
    result = report(db, str(conn))
    assert result["exit"] == 0 and result["errors"] == []
    [warning] = result["warnings"]
    assert warning["line"] == 7 and warning["column"] == "Connected On"
    assert warning["kind"] == "bad_date"
    assert (
        Store(db).scalar("SELECT notes FROM contacts WHERE name = 'Bad Date'")
        == "Connected On: someday"
    )
    header_only = tmp_path / "h.csv"
    header_only.write_text("Company,Role\n")
    assert report(db, str(header_only))["rows_read"] == 0


def test_import_records_run_in_imports_table(tmp_path):
    db = tmp_path / "rung.db"
    run(db, str(FIXTURES / "huntr_jobs.csv"))
    row = Store(db).query_one("SELECT * FROM imports")
    assert row["profile"] == "huntr.jobs" and len(row["sha256"]) == 64
    assert json.loads(row["created"])["applications"] == 2
