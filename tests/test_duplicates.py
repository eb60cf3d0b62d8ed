"""Possible duplicates: matched in core (company normalized, names and titles by rapidfuzz),
refused by `rung add` without --force, asked about by the app's add forms, listed by an
import's preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.commands.applications import add_application
from rung.core.commands.contacts import add_contact
from rung.core.commands.duplicates import (
    PossibleDuplicate,
    application_duplicates,
    contact_duplicates,
)
from rung.tui.cli import cli


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


# -- core ----------------------------------------------------------------------------------


def test_a_contact_at_the_same_company_under_its_other_spelling_is_a_duplicate(store):
    dana = add_contact(store, name="Dana Reyes", company="Acme")
    assert [d.id for d in contact_duplicates(store, "Dana Reyes", "ACME Inc.")] == [dana.id]
    assert [d.id for d in contact_duplicates(store, "dana  reyes", "acme")] == [dana.id]
    assert [d.id for d in contact_duplicates(store, "Reyes, Dana", "Acme")] == [dana.id]
    assert contact_duplicates(store, "Dan Reyes", "Globex") == []  # another company
    assert contact_duplicates(store, "Dana Reyes", "Globex") == []  # both have one
    assert contact_duplicates(store, "Alex Kim", "Acme") == []
    # no company on one side: the same name is enough
    assert [d.id for d in contact_duplicates(store, "Dana Reyes")] == [dana.id]
    lone = add_contact(store, name="Sam Okafor")
    assert [d.id for d in contact_duplicates(store, "Sam Okafor", "Initech")] == [lone.id]


def test_a_contact_with_the_same_email_or_profile_is_a_duplicate_under_any_name(store):
    dana = add_contact(
        store,
        name="Dana Reyes",
        company="Acme",
        email="dana@acme.example",
        linkedin_url="https://www.linkedin.com/in/danareyes/",
    )
    by_mail = contact_duplicates(store, "D. Reyes", "Globex", email="DANA@acme.example")
    assert [(d.id, d.why) for d in by_mail] == [(dana.id, "email")]
    by_profile = contact_duplicates(
        store, "Someone", None, linkedin_url="linkedin.com/in/DanaReyes"
    )
    assert [(d.id, d.why) for d in by_profile] == [(dana.id, "linkedin")]


def test_an_application_with_a_title_that_reads_alike_at_the_same_company(store):
    em = add_application(
        store, company="Acme", title="Senior Engineering Manager", applied_on="2026-03-01"
    )
    matches = application_duplicates(store, "ACME Inc.", "Sr. Engineering Mgr")
    assert [m.id for m in matches] == [em.id]
    assert matches[0].describe() == (
        f"application {em.id} Acme — Senior Engineering Manager (applied 2026-03-01, applied)"
    )
    assert application_duplicates(store, "Acme", "Engineering Manager") == []  # a level apart
    assert application_duplicates(store, "Globex", "Senior Engineering Manager") == []


def test_add_refuses_a_duplicate_only_when_asked(store):
    add_contact(store, name="Dana Reyes", company="Acme")
    with pytest.raises(PossibleDuplicate) as caught:
        add_contact(store, name="Dana Reyes", company="ACME", refuse_duplicates=True)
    assert str(caught.value) == "possible duplicate of contact 1 Dana Reyes (Acme); not added"
    assert store.count("contacts") == 1
    add_contact(store, name="Dana Reyes", company="ACME")  # the default adds, as before
    assert store.count("contacts") == 2
    add_application(store, company="Acme", title="Engineering Manager")
    with pytest.raises(PossibleDuplicate):
        add_application(store, company="Acme", title="Engineering manager", refuse_duplicates=True)
    assert store.count("applications") == 1


# -- CLI -----------------------------------------------------------------------------------


def test_cli_add_contact_twice_warns_and_force_adds(db_path):
    first = run(db_path, "add", "contact", "Dana Reyes", "--company", "Acme")
    assert first.exit_code == 0, first.output
    again = run(db_path, "add", "contact", "Dana Reyes", "--company", "Acme")
    assert again.exit_code == 1
    assert again.output == (
        "rung: error: possible duplicate of contact 1 Dana Reyes (Acme); "
        "not added; --force to add anyway\n"
    )
    forced = run(db_path, "add", "contact", "Dana Reyes", "--company", "Acme", "--force")
    assert forced.exit_code == 0 and "added contact 2: Dana Reyes at Acme" in forced.output
    other = run(db_path, "add", "contact", "Dan Reyes", "--company", "Globex")
    assert other.exit_code == 0, other.output


def test_cli_add_application_twice_warns_with_json_an_error_object(db_path):
    assert (
        run(
            db_path, "add", "application", "Acme", "Engineering Manager", "--applied", "2026-03-01"
        ).exit_code
        == 0
    )
    again = run(
        db_path,
        "add",
        "application",
        "ACME Inc.",
        "Engineering Manager",
        "--applied",
        "2026-05-02",
        "--json",
    )
    assert again.exit_code == 1
    error = json.loads(again.output.splitlines()[0])
    assert error["kind"] == "duplicate"
    assert error["error"].startswith(
        "possible duplicate of application 1 Acme — Engineering "
        "Manager (applied 2026-03-01, applied); not added"
    )
    assert [(d["kind"], d["id"]) for d in error["duplicates"]] == [("application", 1)]
    store_count = json.loads(run(db_path, "list", "applications", "--json").output)
    assert len(store_count) == 1
    forced = run(
        db_path,
        "add",
        "application",
        "ACME Inc.",
        "Engineering Manager",
        "--applied",
        "2026-05-02",
        "--force",
        "--json",
    )
    assert forced.exit_code == 0 and json.loads(forced.output)["id"] == 2


# -- the app's add forms ---------------------------------------------------------------------


async def _add_contact_form(app, pilot, name: str, company: str = "") -> None:
    from tui_helpers import type_text

    from rung.tui.screens.dialogs import FormScreen

    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    await type_text(pilot, name)
    if company:
        await pilot.press("tab")
        await type_text(pilot, company)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_the_add_contact_form_asks_n_opens_the_existing_y_adds_anyway(store):
    from rung.tui.app import RungApp
    from rung.tui.screens.contact_detail import ContactDetailScreen
    from rung.tui.screens.contacts import ContactsScreen
    from rung.tui.screens.dialogs import FormScreen
    from rung.tui.screens.duplicates import DuplicateScreen

    dana = add_contact(store, name="Dana Reyes", company="Acme")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await _add_contact_form(app, pilot, "Dana Reyes", "ACME Inc.")
        assert isinstance(app.screen, DuplicateScreen)
        title = str(app.screen.query_one(".dialog-title").render())
        assert title == ("Possible duplicate of contact 1 Dana Reyes (Acme) — add anyway?")
        assert store.count("contacts") == 1
        await pilot.press("escape")  # back to the form, which says why it did not save
        assert isinstance(app.screen, FormScreen)
        assert "possible duplicate of contact 1" in str(
            app.screen.query_one("#form-message").render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # the existing one opens; nothing added
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.contact_id == dana.id
        assert store.count("contacts") == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await _add_contact_form(app, pilot, "Dana Reyes")
        assert isinstance(app.screen, DuplicateScreen)
        await pilot.press("y")  # added anyway, the form closed
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        assert store.count("contacts") == 2
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # the app still answers


async def test_the_add_application_form_asks_before_a_second_acme_manager(store):
    from textual.widgets import Input

    from rung.tui.app import RungApp
    from rung.tui.screens.application_detail import ApplicationDetailScreen
    from rung.tui.screens.dialogs import FormScreen
    from rung.tui.screens.duplicates import DuplicateScreen

    kept = add_application(
        store,
        company="Acme",
        title="Engineering Manager",
        applied_on="2026-03-01",
        stage="rejected",
    )
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-company", Input).value = "ACME Inc."
        app.screen.query_one("#field-title", Input).value = "Engineering Mgr"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DuplicateScreen)
        assert "application 1 Acme — Engineering Manager (applied 2026-03-01, rejected)" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert app.screen.app_id == kept.id
        assert store.count("applications") == 1


# -- imports ---------------------------------------------------------------------------------


def test_an_import_lists_rows_like_an_application_kept_with_another_date(db_path, tmp_path):
    assert (
        run(
            db_path, "add", "application", "Acme", "Engineering Manager", "--applied", "2026-03-01"
        ).exit_code
        == 0
    )
    sheet = tmp_path / "jobs.csv"
    sheet.write_text(
        "Company,Title,Date Applied\n"
        "ACME Inc.,Engineering Manager,2026-05-02\n"  # another date: listed
        "Acme,Engineering Manager,2026-03-01\n"  # the same job: merged
        "Globex,Engineering Manager,2026-05-03\n"  # another company
        "Acme,Director of Engineering,2026-05-04\n",  # another title
        encoding="utf-8",
    )
    dry = run(db_path, "import", str(sheet), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 possible duplicate(s) of applications kept already (would be imported" in dry.output
    assert (
        "line 2: Acme — Engineering Manager (applied 2026-05-02) looks like application 1 "
        "Acme — Engineering Manager (applied 2026-03-01, applied)"
    ) in dry.output
    report = json.loads(run(db_path, "import", str(sheet), "--json").output)
    assert report["merged"] == 1 and report["created"]["applications"] == 3  # still imported
    [dup] = report["possible_duplicates"]
    assert (dup["line"], dup["company"], dup["applied_on"]) == (2, "Acme", "2026-05-02")
    assert dup["existing"]["id"] == 1 and dup["id"] not in (None, 1)
    again = json.loads(run(db_path, "import", str(sheet), "--json").output)
    assert again["possible_duplicates"] == []  # nothing new, nothing to list
