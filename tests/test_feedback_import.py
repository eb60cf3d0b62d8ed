"""`rung feedback import`: one-column files, duplicates, per-file counts, row warnings,
--strict, --dry-run and --json, through the command line on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from rung.core.importing.reader import Source, parse_table
from rung.tui.cli import cli

JSON_KEYS = {
    "file",
    "rows_read",
    "created",
    "duplicates",
    "linked_to_applications",
    "assigned",
    "unclustered",
    "warnings",
    "errors",
    "refused",
    "message",
    "dry_run",
}


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "feedback", "import", *args])


def run_json(db: Path, *args: str) -> tuple[int, dict]:
    result = run(db, "--json", *args)
    return result.exit_code, json.loads(result.stdout)  # exactly one object, or this fails


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def texts(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "SELECT text FROM feedback ORDER BY id")]


SENTENCES = [
    "Role filled internally",
    "Not senior enough; wanted someone who had run a 40-person org",
    "Too hands-on, wants to keep coding",
    "Strong on delivery\tbut light on strategy",
    "No direct reports, so no",
]


def test_one_column_file_reads_every_row_as_text(db_path, tmp_path):
    # No delimiter in the first rows, then `;`, `,` and a tab: the old title-line skipping
    # took the third line for the header and the delimiter sniffing split sentences.
    sheet = write(tmp_path / "reasons.csv", "feedback\r\n" + "\r\n".join(SENTENCES) + "\r\n")
    code, report = run_json(db_path, str(sheet))
    assert code == 0, report
    assert set(report) == JSON_KEYS
    assert report["rows_read"] == 5 and report["created"] == 5
    assert report["warnings"] == [] and report["errors"] == [] and report["refused"] is False
    assert texts(db_path) == SENTENCES


def test_one_column_header_is_case_insensitive_and_may_be_quoted(db_path, tmp_path):
    sheet = write(
        tmp_path / "quoted.csv",
        '\n"Text"\nRole filled internally\n"Chose someone else, sorry; really"\n',
    )
    code, report = run_json(db_path, str(sheet))
    assert code == 0 and report["created"] == 2
    assert texts(db_path) == ["Role filled internally", "Chose someone else, sorry; really"]


def test_quoted_multiline_cells(db_path, tmp_path):
    one = write(
        tmp_path / "one.csv", 'feedback\n"Line one;\nline two, same cell"\nRole filled internally\n'
    )
    code, report = run_json(db_path, str(one))
    assert code == 0 and report["created"] == 2
    assert texts(db_path) == ["Line one;\nline two, same cell", "Role filled internally"]
    many = write(
        tmp_path / "many.csv",
        'date,feedback\n2026-10-01,"First line\nsecond line"\n2026-10-02,after\n2026-10-03,\n',
    )
    code, report = run_json(db_path, str(many))
    assert code == 0 and report["created"] == 2
    # The empty cell is on physical line 5: the quoted cell spans lines 2 and 3.
    assert report["warnings"] == [
        {"line": 5, "column": 2, "message": "empty feedback; row skipped"}
    ]


def test_parse_table_one_column_option():
    source = Source("list.csv", b"Feedback\nno; thanks\na, b\tc\n")
    table = parse_table(source, one_column=("feedback", "text"))
    assert table.header == ["Feedback"] and table.header_line == 1
    assert list(table.records()) == [(2, ["no; thanks"]), (3, ["a, b\tc"])]
    several = parse_table(
        Source("s.csv", b"feedback;date\nx;2026-01-01\n"), one_column=("feedback",)
    )
    assert several.header == ["feedback", "date"]  # not one column: read as before
    assert parse_table(source).delimiter == ";"  # without the option, as before


def test_reimport_creates_nothing_and_says_so(db_path, tmp_path):
    sheet = write(
        tmp_path / "fb.csv",
        "feedback,date,company,role\n"
        '"Too hands-on, wants to keep coding",2026-10-01,Acme,Engineering Manager\n'
        "Role filled internally,2026-10-03,Beta,Director\n"
        "Role filled internally,2026-10-04,,\n"
        "No feedback given,,,\n",
    )
    code, first = run_json(db_path, str(sheet))
    assert code == 0 and first["created"] == 4 and first["duplicates"] == 0
    before = rows(db_path, "SELECT * FROM feedback ORDER BY id")
    apps = rows(db_path, "SELECT id FROM applications")
    code, again = run_json(db_path, str(sheet))
    assert code == 0, again
    assert again["created"] == 0 and again["duplicates"] == 4 and again["rows_read"] == 4
    assert rows(db_path, "SELECT * FROM feedback ORDER BY id") == before
    assert rows(db_path, "SELECT id FROM applications") == apps
    result = run(db_path, str(sheet))
    assert result.exit_code == 0
    assert result.output.strip() == f"nothing new in {sheet}: all 4 rows were imported before"


def test_duplicates_within_a_file_and_whitespace(db_path, tmp_path):
    sheet = write(
        tmp_path / "fb.csv",
        "text,date\n"
        "Role filled internally,2026-10-01\n"
        '"  Role   filled\ninternally ",2026-10-01\n'
        "Role filled internally,2026-10-02\n",
    )
    code, report = run_json(db_path, str(sheet))
    assert code == 0
    assert report["created"] == 2 and report["duplicates"] == 1
    result = run(db_path, str(sheet))
    assert "all 3 rows were imported before" in result.output


def test_counts_are_for_this_file_only(db_path, tmp_path):
    first = write(
        tmp_path / "first.csv",
        "feedback,company,role\n"
        '"Too hands-on, wants to keep coding",Acme,Engineering Manager\n'
        "Role filled internally,Beta,Director\n"
        "zqx blorp vunt,,\n",
    )
    code, one = run_json(db_path, str(first))
    assert code == 0
    assert (one["created"], one["linked_to_applications"]) == (3, 2)
    assert one["assigned"] + one["unclustered"] == 3 and one["unclustered"] >= 1
    second = write(
        tmp_path / "second.csv",
        "feedback,company,role\n"
        "Position was filled by an internal candidate,Acme,Engineering Manager\n"
        "plonk wibble frax,,\n",
    )
    code, two = run_json(db_path, str(second))
    assert code == 0
    assert (two["rows_read"], two["created"], two["duplicates"]) == (2, 2, 0)
    assert two["linked_to_applications"] == 1
    assert (two["assigned"], two["unclustered"]) == (1, 1)
    # The second file's row joined the application the first file made, not a new one.
    assert rows(db_path, "SELECT count(*), min(stage) FROM applications") == [(2, "rejected")]
    ids = rows(db_path, "SELECT id FROM feedback WHERE text LIKE 'Position%'")[0][0]
    placed = rows(db_path, f"SELECT gap_id IS NOT NULL FROM feedback WHERE id = {ids}")
    assert placed == [(1,)]
    text = run(
        db_path,
        str(write(tmp_path / "third.csv", "feedback\nRole filled internally\ngrommet snarf\n")),
    ).output
    assert text.strip() == (
        f"imported 2 pieces of feedback from {tmp_path / 'third.csv'} "
        "(0 linked to applications; 1 in gaps, 1 unclustered)"
    )


def test_existing_application_is_linked(db_path, tmp_path):
    added = CliRunner().invoke(
        cli, ["--db", str(db_path), "add", "application", "Acme Inc.", "Director of Engineering"]
    )
    assert added.exit_code == 0, added.output
    sheet = write(
        tmp_path / "fb.csv",
        "feedback,company,role,source\n"
        "Not enough exec presence,ACME,director of engineering,debrief\n"
        "Wanted more scope,Acme,\n"
        "Nobody to link,Unknown Co,\n",
    )
    code, report = run_json(db_path, str(sheet))
    assert code == 0 and report["created"] == 3 and report["linked_to_applications"] == 2
    assert rows(db_path, "SELECT application_id, source FROM feedback ORDER BY id") == [
        (1, "debrief"),
        (1, "import"),
        (None, "import"),
    ]
    assert rows(db_path, "SELECT count(*) FROM applications") == [(1,)]


def test_bad_date_is_a_warning_with_line_and_column(db_path, tmp_path):
    sheet = write(tmp_path / "fb.csv", "text,date\nfine,2026-01-01\nalso fine,someday\n")
    code, report = run_json(db_path, str(sheet))
    assert code == 0 and report["refused"] is False and report["created"] == 2
    [warning] = report["warnings"]
    assert (warning["line"], warning["column"]) == (3, 2)
    assert "'someday'" in warning["message"] and "date left empty" in warning["message"]
    assert rows(db_path, "SELECT text, received_on FROM feedback ORDER BY id") == [
        ("fine", "2026-01-01"),
        ("also fine", None),
    ]
    result = run(db_path, str(sheet))
    assert result.exit_code == 0
    assert "all 2 rows were imported before" in result.output  # the undated row too
    assert f"{sheet}:3:2: not a date: 'someday'" in result.output


def test_strict_refuses_on_a_warning_and_changes_nothing(db_path, tmp_path):
    ok = write(tmp_path / "ok.csv", "feedback\nRole filled internally\n")
    assert run(db_path, str(ok)).exit_code == 0
    before = rows(db_path, "SELECT * FROM feedback ORDER BY id")
    sheet = write(
        tmp_path / "fb.csv",
        "feedback,date,company,role\n"
        "Too hands-on,2026-10-01,Acme,Engineering Manager\n"
        ",2026-10-02,,\n",
    )
    result = run(db_path, "--strict", str(sheet))
    assert result.exit_code == 1
    assert f"rung: error: {sheet}:3:1: empty feedback" in result.output
    assert "--strict" in result.output and "nothing imported" in result.output
    code, report = run_json(db_path, "--strict", str(sheet))
    assert code == 1 and report["refused"] is True and report["created"] == 0
    assert report["errors"] == report["warnings"] != []
    assert rows(db_path, "SELECT * FROM feedback ORDER BY id") == before
    assert rows(db_path, "SELECT count(*) FROM applications") == [(0,)]


def test_dry_run_reports_and_writes_nothing(db_path, tmp_path):
    sheet = write(
        tmp_path / "fb.csv",
        "feedback,company,role\nRole filled internally,Acme,Director\nzqx blorp,,\n",
    )
    code, report = run_json(db_path, "--dry-run", str(sheet))
    assert code == 0 and report["dry_run"] is True
    assert (report["created"], report["linked_to_applications"]) == (2, 1)
    assert (report["assigned"], report["unclustered"]) == (1, 1)
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM applications") == [(0,)]
    assert run(db_path, "--dry-run", str(sheet)).output.startswith("would import 2 pieces")


def test_json_refusals_are_one_object_and_exit_1(db_path, tmp_path):
    sheet = write(tmp_path / "x.csv", "name,date\nfine,2026-01-01\n")
    result = run(db_path, "--json", str(sheet))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == JSON_KEYS
    assert report["refused"] is True and report["created"] == 0
    assert report["errors"] == [
        {"line": 1, "column": 1, "message": "no `feedback` or `text` column (columns: name, date)"}
    ]
    assert report["message"].startswith(f"{sheet}:1:1: no `feedback` or `text` column")
    assert result.stderr == ""
    missing = run(db_path, "--json", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and json.loads(missing.stdout)["refused"] is True
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, report = run_json(db_path, str(binary))
    assert code == 1 and report["refused"] is True and "binary" in report["message"]
    text = run(db_path, str(sheet))
    assert text.exit_code == 1
    assert text.output.strip() == (
        f"rung: error: {sheet}:1:1: no `feedback` or `text` column "
        "(columns: name, date) (nothing imported)"
    )
