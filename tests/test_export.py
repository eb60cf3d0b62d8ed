"""Exports: spreadsheet-safe CSV, JSON of every table, Markdown, iCalendar parsed back."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from click.testing import CliRunner

from rung.core.commands.applications import add_application
from rung.core.commands.contacts import add_contact
from rung.core.commands.followups import add_followup
from rung.core.commands.interviews import add_interview
from rung.core.export import TABLES, export_ics, spreadsheet_safe
from rung.tui.cli import cli


def test_formula_cells_are_escaped():
    for value in ('=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx"):
        assert spreadsheet_safe(value).startswith("'")
    assert spreadsheet_safe("Acme") == "Acme" and spreadsheet_safe(3) == 3


def test_csv_zip_every_table_round_trips(store, tmp_path, db_path):
    add_application(store, company="=1+1", title="Directeur général", notes="-5 dB")
    store.close()
    out = tmp_path / "export.zip"
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "export", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(f"{t}.csv" for t in TABLES)
        apps = list(csv.DictReader(io.StringIO(zf.read("applications.csv").decode("utf-8-sig"))))
        companies = list(csv.DictReader(io.StringIO(zf.read("companies.csv").decode("utf-8-sig"))))
    assert apps[0]["title"] == "Directeur général" and apps[0]["notes"] == "'-5 dB"
    assert companies[0]["name"] == "'=1+1"
    no_out = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "csv"])
    assert no_out.exit_code == 2


def test_json_and_markdown(demo_store, db_path):
    demo_store.close()
    runner = CliRunner()
    data = json.loads(
        runner.invoke(cli, ["--db", str(db_path), "export", "--format", "json"]).output
    )
    assert set(data) == set(TABLES) and len(data["applications"]) >= 40
    md = runner.invoke(cli, ["--db", str(db_path), "export", "--format", "md"]).output
    assert md.startswith("# rung report") and "## Gaps" in md and "Managing managers" in md


def _parse_ics(text: str) -> list[dict[str, str]]:
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key.split(";")[0]] = value
    return events


def test_ics_parses_back(store):
    app = add_application(store, company="Acme, Inc.", title="VP Engineering; Platform")
    add_interview(
        store,
        app.id,
        kind="exec",
        scheduled_at="2026-11-25 15:30",
        with_whom="CEO " + "and a very long list of names " * 4,
    )
    dana = add_contact(store, name="Dana")
    add_followup(store, what="Send deck", due_on="2026-11-26", contact_id=dana.id)
    text = export_ics(store)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = _parse_ics(text)
    assert len(events) == 2
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event)
    interview = next(e for e in events if e["UID"].startswith("interview"))
    assert interview["DTSTART"] == "20261125T153000"
    assert "Acme\\, Inc." in interview["SUMMARY"] and "\\;" in interview["SUMMARY"]
    followup = next(e for e in events if e["UID"].startswith("followup"))
    assert followup["DTSTART"] == "20261126"


def test_csv_applications_and_contacts_carry_the_company_name(store, tmp_path, db_path):
    add_application(store, company="Acme Inc.", title="Engineering Manager")
    add_contact(store, name="Dana Reyes", company="Globex")
    add_contact(store, name="Sam Lee")  # no company: an empty cell
    store.close()
    out = tmp_path / "export.zip"
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "export", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:

        def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
            text = zf.read(name).decode("utf-8-sig")
            return next(csv.reader(io.StringIO(text))), list(csv.DictReader(io.StringIO(text)))

        app_header, apps = read("applications.csv")
        contact_header, contacts = read("contacts.csv")
    assert app_header[app_header.index("company_id") + 1] == "company"  # beside its id
    assert apps[0]["company"] == "Acme Inc." and apps[0]["company_id"] == "1"
    assert {"id", "title", "level", "stage", "applied_on"} <= set(app_header)  # kept
    assert [(c["name"], c["company"]) for c in contacts] == [
        ("Dana Reyes", "Globex"),
        ("Sam Lee", ""),
    ]
    assert "company" in contact_header
