"""Spreadsheet quirks beyond the fixtures: title lines above the header."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rung.core.store import Store
from rung.tui.cli import cli


def test_title_lines_above_a_sheets_header_are_skipped_and_lines_still_count(tmp_path):
    sheet = tmp_path / "hunt.csv"
    sheet.write_text(
        "My job hunt 2026\nexported from Sheets on 3 Oct\n\n"
        "Company,Position,Date Applied\nAcme,Engineering Manager,2026-09-02\n"
        "Beta,Director,2026-13-40\n",
        encoding="utf-8",
    )
    db = tmp_path / "rung.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--json", str(sheet)])
    report = json.loads(result.output.splitlines()[0])
    assert result.exit_code == 0
    assert [(w["line"], w["column"], w["kind"]) for w in report["warnings"]] == [
        (6, "Date Applied", "bad_date")
    ]
    assert Store(db).query(
        "SELECT c.name, a.applied_on FROM applications a JOIN companies c "
        "ON c.id = a.company_id ORDER BY c.name"
    ) == [{"name": "Acme", "applied_on": "2026-09-02"}, {"name": "Beta", "applied_on": None}]


def test_a_one_column_file_is_not_mistaken_for_title_lines(tmp_path):
    sheet = tmp_path / "names.csv"
    sheet.write_text("Company\nAcme\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "r.db"), "import", "--json", str(sheet)]
    )
    report = json.loads(result.output.splitlines()[0])
    assert report["created"]["applications"] == 1  # read as header + one row, not skipped
    assert report["warnings"][0]["line"] == 2 and report["warnings"][0]["kind"] == "no_title"
