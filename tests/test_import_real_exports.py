"""What real exports contain (IMPORT_FORMATS.md): each quirk met in files people published of
their own data, reproduced with invented people, imported through `rung import` and read
back from the database. A row an exporter writes is a warning with its line, never a
refused file; re-importing creates nothing; the counts of each file add up."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.store import Store
from rung.tui.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "import"
PRIMARY = {
    "linkedin.connections": "contacts",
    "linkedin.messages": "interactions",
    "linkedin.messages_legacy": "interactions",
    "linkedin.invitations": "interactions",
}


def run(db: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--json", *args])
    assert "Traceback" not in result.output
    reports = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    for r in reports:
        r["exit"] = result.exit_code
    return reports


def one(db: Path, *args: str) -> dict:
    [report] = run(db, *args)
    return report


def adds_up(report: dict) -> bool:
    primary = PRIMARY.get(report["profile"], "applications")
    return report["rows_read"] == (
        report["created"].get(primary, 0) + report["merged"] + report["skipped"]
    )


def kinds(report: dict) -> list[tuple[int, str]]:
    return [(w["line"], w["kind"]) for w in report["warnings"]]


ALL = [
    "linkedin_connections_real.csv",
    "linkedin_job_applications_real.csv",
    "linkedin_saved_jobs_real.csv",
    "linkedin_messages_real.csv",
    "linkedin_messages_legacy.csv",
    "linkedin_invitations.csv",
    "tracker_hand_kept.csv",
    "tracker_snake_case.csv",
    "tracker_fused_name.csv",
    "tracker_mixed_dates.csv",
]


@pytest.mark.parametrize("name", ALL)
def test_every_real_shape_imports_adds_up_and_reimports_nothing(tmp_path, name):
    db = tmp_path / "rung.db"
    first = one(db, str(FIXTURES / name))
    assert first["exit"] == 0 and not first["refused"], first["message"]
    assert first["errors"] == [] and adds_up(first)
    kept = first["rows_read"] - first["skipped"]
    assert kept >= 0.4 * first["rows_read"]  # messages alone: only people worth a contact
    again = one(db, str(FIXTURES / name))
    assert again["created"] == {} and adds_up(again)
    assert again["merged"] == kept  # every row that went in is folded into itself


def test_hidden_members_are_skipped_with_a_warning_and_the_rest_goes_in(tmp_path):
    db = tmp_path / "rung.db"
    report = one(db, str(FIXTURES / "linkedin_connections_real.csv"))
    assert kinds(report) == [
        (6, "hidden_member"),
        (10, "hidden_member"),
        (11, "bad_date"),
        (12, "hidden_member"),
    ]  # no final newline: line 12 still read
    store = Store(db)
    assert store.count("contacts") == 5
    # trailing spaces trimmed; namesakes with different profiles are two people
    assert store.scalar("SELECT count(*) FROM contacts WHERE name = 'Dana Reyes'") == 1
    assert store.scalar("SELECT count(*) FROM contacts WHERE name = 'Sam Okoye'") == 2
    # a profile URL is stored exactly as given (percent-encoding case kept)
    assert (
        store.scalar("SELECT linkedin_url FROM contacts WHERE email = 'jose@example.com'")
        == "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa-5b"
    )
    assert store.query_one(
        "SELECT connected_on, notes FROM contacts WHERE name = 'Priya Natarajan'"
    ) == {"connected_on": None, "notes": "Connected On: not a date"}


def test_strict_refuses_on_any_warning_and_changes_nothing(tmp_path):
    db = tmp_path / "rung.db"
    Store(db).close()
    before = db.read_bytes()
    report = one(db, "--strict", str(FIXTURES / "linkedin_connections_real.csv"))
    assert report["exit"] == 1 and report["refused"]
    assert "hidden member" in report["message"] and "nothing imported" in report["message"]
    assert db.read_bytes() == before
    dry = one(db, "--dry-run", "--strict", str(FIXTURES / "linkedin_connections_real.csv"))
    assert dry["refused"] and dry["dry_run"] is True


def test_removed_postings_are_skipped_and_times_are_kept(tmp_path):
    db = tmp_path / "rung.db"
    report = one(db, str(FIXTURES / "linkedin_job_applications_real.csv"))
    assert kinds(report) == [(3, "removed_posting")]
    assert report["merged"] == 1  # the identical row on line 5
    store = Store(db)
    assert store.query("SELECT applied_on FROM applications ORDER BY id") == [
        {"applied_on": "2026-03-07T14:22"},
        {"applied_on": "2026-03-12T23:40"},
    ]
    # screening answers as plain text, without self-identification and contact answers
    assert store.query("SELECT notes FROM applications ORDER BY id") == [
        {
            "notes": "How many years of people management experience do you have?:3\n"
            "Sind Sie bereit umzuziehen?:Ja"
        },
        {"notes": "Portfolio: site"},
    ]
    saved = one(db, str(FIXTURES / "linkedin_saved_jobs_real.csv"))
    assert kinds(saved) == [(3, "removed_posting")]
    # the saved job with the same Job Url is the same record, at its later stage
    assert saved["merged"] == 1 and saved["created"]["applications"] == 1
    assert (
        store.scalar("SELECT stage FROM applications WHERE title = 'Head of Engineering'")
        == "saved"
    )


def test_legacy_messages_are_detected_and_filed_under_the_other_side(tmp_path):
    db = tmp_path / "rung.db"
    report = one(db, str(FIXTURES / "linkedin_messages_legacy.csv"))
    assert report["profile"] == "linkedin.messages_legacy"
    assert kinds(report) == [(5, "not_a_contact")]  # a seller nobody answered
    store = Store(db)
    # Dana wrote about a role and was answered: a contact now, with all three messages
    rows = store.query(
        "SELECT c.name, i.at, i.summary FROM interactions i"
        " JOIN contacts c ON c.id = i.contact_id ORDER BY i.at"
    )
    assert [r["name"] for r in rows] == ["Dana Reyes"] * 3
    assert rows[0]["at"] == "2018-10-16T08:36"  # no zone in a legacy file: naive
    assert "I'm hiring an Engineering Manager & would" in rows[0]["summary"]  # entities decoded
    assert store.scalar("SELECT count(*) FROM feedback WHERE text LIKE '%people management%'") == 1


def test_modern_messages_never_match_the_owner_and_keep_inmail_from_recruiters(tmp_path):
    db = tmp_path / "rung.db"
    one(db, str(FIXTURES / "linkedin_connections_real.csv"))
    report = one(db, str(FIXTURES / "linkedin_messages_real.csv"))
    assert kinds(report) == [
        (5, "sponsored"),
        (6, "hidden_sender"),
        (9, "not_a_contact"),
        (10, "draft"),
    ]
    store = Store(db)
    by_contact = {
        r["linkedin_url"]: r["n"]
        for r in store.query(
            "SELECT c.linkedin_url, count(*) AS n FROM interactions i"
            " JOIN contacts c ON c.id = i.contact_id GROUP BY c.id"
        )
    }
    assert by_contact == {
        "https://www.linkedin.com/in/dana-reyes-0a1b2c": 3,  # both sides, the empty one too
        "https://www.linkedin.com/in/morgan-lee-talent": 1,  # InMail about a role
        "https://www.linkedin.com/in/samokoye": 1,  # the owner's namesake, by profile URL
    }
    # the account owner is nobody's contact; the recruiter is one, as a recruiter
    assert store.scalar("SELECT count(*) FROM contacts WHERE linkedin_url LIKE '%0wner'") == 0
    assert (
        store.scalar("SELECT relationship FROM contacts WHERE name = 'Morgan Lee'") == "recruiter"
    )
    # HTML becomes text; times with a zone are UTC
    assert (
        store.scalar("SELECT summary FROM interactions WHERE at = '2026-03-13T17:02:44Z'")
        == "Hi Dana, thanks for the call!"
    )


def test_invitations_both_headers_are_touches_with_the_other_person(tmp_path):
    db = tmp_path / "rung.db"
    one(db, str(FIXTURES / "linkedin_connections_real.csv"))
    report = one(db, str(FIXTURES / "linkedin_invitations.csv"))
    assert report["profile"] == "linkedin.invitations" and report["warnings"] == []
    store = Store(db)
    rows = store.query(
        "SELECT c.name, i.summary, i.at FROM interactions i JOIN contacts c"
        " ON c.id = i.contact_id ORDER BY i.at"
    )
    assert rows == [
        {
            "name": "Priya Natarajan",
            "summary": "Invitation sent: Hi Priya, we met at the platform meetup",
            "at": "2026-03-20T10:00",
        },  # matched by profile URL
        {"name": "Alex Kim", "summary": "Invitation received", "at": "2026-03-21T16:30"},
    ]
    old = one(db, str(FIXTURES / "linkedin_invitations_old.csv"))  # no URL columns: by name
    assert old["profile"] == "linkedin.invitations" and old["merged"] == 1


def test_a_zip_lists_every_member_rung_does_not_read(tmp_path):
    archive = tmp_path / "Complete_LinkedInDataExport_11-23-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "linkedin_connections_real.csv", "Connections.csv")
        z.write(FIXTURES / "linkedin_messages_legacy.csv", "Messages.csv")
        z.write(FIXTURES / "linkedin_invitations.csv", "Invitations.csv")
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nSam,Okoye,EM\n")
        z.writestr("coach_messages.csv", "CONVERSATION ID,FROM,TO,DATE\n1,a,b,c\n")
        z.writestr("Articles/Articles/post.html", "<html></html>")
    reports = run(tmp_path / "rung.db", str(archive))
    *members, archive_report = reports
    assert [r["profile"] for r in members] == [
        "linkedin.connections",
        "linkedin.invitations",
        "linkedin.messages_legacy",
    ]
    assert archive_report["skipped_members"] == [
        "Articles/Articles/post.html",
        "Profile.csv",
        "coach_messages.csv",
    ]
    assert all(r["exit"] == 0 for r in reports)
    text = CliRunner().invoke(cli, ["--db", str(tmp_path / "b.db"), "import", str(archive)])
    assert "3 member(s) rung does not read, left out: Articles/Articles/post.html" in text.output
    nothing = tmp_path / "other.zip"
    with zipfile.ZipFile(nothing, "w") as z:
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nSam,Okoye,EM\n")
    [refused] = run(tmp_path / "c.db", str(nothing))
    assert (
        refused["exit"] == 1 and "no file in this archive is one rung reads" in refused["message"]
    )


def test_a_hand_kept_tracker_with_every_quirk(tmp_path):
    db = tmp_path / "rung.db"
    report = one(db, str(FIXTURES / "tracker_hand_kept.csv"))
    assert report["mapping"] == {
        "company": "Company",
        "title": "Role name",
        "applied_on": "Applied Date",
        "contact": "Recruiter",
        "status": "Result",
        "notes": "Notes",
    }
    assert kinds(report) == [
        (2, "bad_date"),
        (3, "flag_not_person"),
        (5, "two_dates"),
        (7, "formula"),
        (8, "no_title"),
        (9, "flag_not_person"),
        (10, "ragged_row"),
        (10, "flag_not_person"),
    ]
    assert report["merged"] == 1  # the exact duplicate row
    store = Store(db)
    got = {
        r["company"]: r
        for r in store.query(
            "SELECT c.name AS company, a.title, a.stage, a.status_raw, a.applied_on, a.notes"
            " FROM applications a JOIN companies c ON c.id = a.company_id"
        )
    }
    assert {k: v["stage"] for k, v in got.items()} == {
        "Northwind Traders": "rejected",
        "Contoso": "rejected",
        "Fabrikam": "accepted",
        "Litware": "interviewing",
        "Tailspin Toys": "applied",
        "Adventure Works": "applied",
        "Wingtip Toys": "saved",
        "Globex": "applied",
    }
    assert got["Adventure Works"]["status_raw"] == '=IF(1,"Offer","")'  # text, kept
    assert got["Northwind Traders"]["applied_on"] is None
    assert got["Northwind Traders"]["notes"] == "Applied Date: 8/82019"
    assert got["Contoso"]["applied_on"] == "2019-07-08"  # 8-Jul: the column's year
    assert got["Litware"]["applied_on"] == "2019-08-03"
    assert got["Contoso"]["notes"] == "Recruiter: yes"  # null is empty, the flag kept
    assert got["Fabrikam"]["notes"] is None  # TBD and N/A are empty
    assert got["Wingtip Toys"]["title"] == ""  # a wish-list row: only a company
    assert got["Globex"]["notes"] == "two,commas;and a semicolon\nRecruiter: no"
    # a flag is nobody; the named recruiter is a contact at the row's company
    assert store.query("SELECT name, relationship FROM contacts") == [
        {"name": "Dana Reyes", "relationship": "recruiter"}
    ]


def test_snake_case_headers_and_a_response_date(tmp_path):
    db = tmp_path / "rung.db"
    report = one(db, "--dry-run", str(FIXTURES / "tracker_snake_case.csv"))
    assert report["mapping"]["source_col"] == "application_site"
    assert report["mapping"]["status_on"] == "response_date" and report["unmapped"] == []
    one(db, str(FIXTURES / "tracker_snake_case.csv"))
    store = Store(db)
    events = store.query(
        "SELECT e.from_stage, e.to_stage, e.at FROM stage_events e"
        " JOIN applications a ON a.id = e.application_id"
        " WHERE a.title = 'Senior Engineering Manager' ORDER BY e.id"
    )
    assert events == [
        {"from_stage": None, "to_stage": "applied", "at": "2026-08-20"},
        {"from_stage": "applied", "to_stage": "rejected", "at": "2026-09-02"},
    ]
    assert (
        store.scalar("SELECT source FROM applications WHERE title = 'Engineering Manager'")
        == "Ashby"
    )


def test_a_fused_company_and_role_column_is_split(tmp_path):
    db = tmp_path / "rung.db"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "import", "--dry-run", str(FIXTURES / "tracker_fused_name.csv")]
    )
    assert result.exit_code == 0
    assert "'Name' holds company and role together" in result.output
    assert "Name → company+title" in result.output
    one(db, str(FIXTURES / "tracker_fused_name.csv"))
    rows = Store(db).query(
        "SELECT c.name AS company, a.title FROM applications a"
        " JOIN companies c ON c.id = a.company_id ORDER BY a.id"
    )
    assert rows == [
        {"company": "Meta", "title": "SDE 1"},
        {"company": "Goldman Sachs", "title": "Software Engineer"},
        {"company": "Contoso", "title": "Engineering Manager"},
    ]


def test_map_names_a_column_by_header_or_number(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "Who,What,When\nNorthwind Traders,Engineering Manager,2026-09-02\n", encoding="utf-8"
    )
    refused = one(tmp_path / "a.db", str(sheet))
    assert refused["exit"] == 1 and "--map company=COLUMN" in refused["message"]
    report = one(
        tmp_path / "b.db",
        "--map",
        "company=Who",
        "--map",
        "title=2",
        "--map",
        "applied_on=When",
        str(sheet),
    )
    assert report["created"]["applications"] == 1
    assert Store(tmp_path / "b.db").scalar("SELECT applied_on FROM applications") == "2026-09-02"
    bad = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "c.db"), "import", "--map", "company=Nope", str(sheet)]
    )
    assert bad.exit_code == 1 and "no column 'Nope'" in bad.output
    usage = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "c.db"), "import", "--map", "employer=Who", str(sheet)]
    )
    assert usage.exit_code == 2 and "not a field" in usage.output


def test_dates_follow_their_column(tmp_path):
    mixed = one(tmp_path / "a.db", str(FIXTURES / "tracker_mixed_dates.csv"))
    assert kinds(mixed) == [(4, "ambiguous_date")]
    assert Store(tmp_path / "a.db").query("SELECT applied_on FROM applications ORDER BY id") == [
        {"applied_on": "2026-03-25"},
        {"applied_on": "2026-03-25"},
        {"applied_on": None},
    ]
    one(tmp_path / "b.db", str(FIXTURES / "tracker_day_first.csv"))
    assert (
        Store(tmp_path / "b.db").scalar("SELECT applied_on FROM applications WHERE id = 2")
        == "2026-04-03"
    )


def test_the_text_report_groups_warnings_by_kind(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "r.db"), "import", str(FIXTURES / "linkedin_connections_real.csv")],
    )
    assert result.exit_code == 0
    assert "3 hidden connections skipped (LinkedIn keeps only the date) (line 6 …)" in result.output
    assert "linkedin_connections_real.csv:11:Connected On: not a date" in result.output


def test_a_short_sheet_with_control_characters_in_a_name_is_still_text(tmp_path):
    sheet = tmp_path / "cr.csv"
    sheet.write_bytes(b'Company,Role\r"Acme\x1b]0;pwned\x07",EM\r')  # old-Mac line ends too
    report = one(tmp_path / "r.db", str(sheet))
    assert report["exit"] == 0 and report["created"]["applications"] == 1
    assert (
        Store(tmp_path / "r.db").scalar("SELECT name FROM companies") == "Acme\x1b]0;pwned\x07"
    )  # stored as given; shown escaped
