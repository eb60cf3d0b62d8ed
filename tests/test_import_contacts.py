"""A spreadsheet's contact column (Recruiter, Hiring Manager, Contact) becomes contacts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rung.core.importing.writer import split_person
from rung.core.store import Store
from rung.tui.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "generic_with_recruiter.csv"


def test_split_person_reads_names_and_emails():
    assert split_person("Lena Brandt <lena.brandt@example.com>") == (
        "Lena Brandt",
        "lena.brandt@example.com",
    )
    assert split_person("lena.brandt@example.com") == ("Lena Brandt", "lena.brandt@example.com")
    assert split_person("Omar Haddad") == ("Omar Haddad", None)
    assert split_person("Omar Haddad (omar@example.com)") == ("Omar Haddad", "omar@example.com")


def test_recruiter_column_creates_contacts_once_at_the_rows_company(tmp_path):
    db = tmp_path / "rung.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--json", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    created = json.loads(result.output.splitlines()[0])["created"]
    assert created["contacts"] == 2 and created["applications"] == 4
    store = Store(db)
    rows = store.query(
        "SELECT p.name, p.email, p.relationship, c.name AS company "
        "FROM contacts p JOIN companies c ON c.id = p.company_id ORDER BY p.name"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("Lena Brandt", "lena.brandt@example.com", "recruiter", "Harbor Analytics"),
        ("Omar Haddad", None, "recruiter", "Kite Logistics"),
    ]
    store.close()
    again = CliRunner().invoke(cli, ["--db", str(db), "import", "--json", str(FIXTURE)])
    assert json.loads(again.output.splitlines()[0])["created"] == {}
