"""Warm paths in the app: the Pipeline's Know column, the people block of an application's
detail (a intro, r referral, a on a vague rejection), and the Review's intros section."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_warm import APPLICATIONS, CONNECTIONS, _import
from tui_helpers import table_rows

from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.cli import cli
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.ask import AskScreen
from rung.tui.screens.pipeline import PipelineScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


@pytest.fixture
def linkedin_store(tmp_path) -> Store:
    db = tmp_path / "rung.db"
    _import(tmp_path, db, "Job Applications.csv", APPLICATIONS)
    _import(tmp_path, db, "Connections.csv", CONNECTIONS)
    store = Store(db)
    yield store
    store.close()


def _know(app: RungApp) -> dict[str, str]:
    """Company -> the Know cell, as the Pipeline shows it."""
    screen = app.screen
    assert isinstance(screen, PipelineScreen)
    index = [c.key for c in screen.COLUMNS].index("know")
    return {cells[0]: cells[index] for cells in table_rows(app)}


async def _open(app: RungApp, pilot, company: str) -> None:
    """Move the Pipeline's cursor to ``company`` and open it."""
    table = app.screen.query_one("#records", RecordTable)
    key = next(r.key for r in table.rows if r.cells[0] == company)
    assert table.move_to_key(key)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ApplicationDetailScreen)


async def test_pipeline_know_column_counts_and_sorts(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#records", RecordTable)
        assert "know" in [c.key for c in table.shown_columns()]  # it fits at 80 columns
        assert _know(app) == {
            "Acme": "3",
            "Globex Corporation": "1",
            "Acmeo": "1",
            "Initech": "1",
            "Hooli": "0",
        }
        # o on the Know column: the most people first, then the other way round
        for _ in range(len(table.shown_columns())):
            await pilot.press("greater_than_sign")
        assert table.column_cursor == "know"
        await pilot.press("o")
        assert table_rows(app)[0][0] == "Acme"
        await pilot.press("o")
        assert table_rows(app)[0][0] == "Hooli"
        # a 0 is drawn dimmed: its cell has a style of its own
        hooli_y = 1 + [r.cells[0] for r in table.rows].index("Hooli")
        segments = list(table.render_line(hooli_y))
        zero = next(s for s in segments if s.text.strip() == "0")
        company = next(s for s in segments if "Hooli" in s.text)
        assert zero.style != company.style


async def test_pipeline_know_column_follows_a_new_contact(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _know(app)["Hooli"] == "0"
        from rung.core.commands.contacts import add_contact

        add_contact(linkedin_store, name="Hal Ng", company="Hooli, Inc.")
        app.screen.refresh_if_stale()
        await pilot.pause()
        assert _know(app)["Hooli"] == "1"


async def test_detail_lists_people_and_a_asks_for_an_intro_ctrl_s_logs_it(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(app, pilot, "Acme")
        screen = app.screen
        people = screen.query_one("#people", RecordTable)
        assert people.display
        assert sorted(r.cells[0] for r in people.rows) == ["Ana Silva", "Ben Okafor", "Chen Wu"]
        assert "People you know at Acme" in str(screen.query_one("#people-title").render())
        await pilot.press("tab")
        assert people.has_focus
        name = people.rows[people.cursor].cells[0]
        contact_id = int(linkedin_store.scalar("SELECT id FROM contacts WHERE name = ?", [name]))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.draft.kind == "intro" and app.screen.draft.contact_id == contact_id
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        app_id = screen.app_id
        assert (
            linkedin_store.scalar(
                "SELECT count(*) FROM interactions WHERE contact_id = ? AND application_id = ?",
                [contact_id, app_id],
            )
            == 1
        )
        assert (
            linkedin_store.scalar(
                "SELECT count(*) FROM followups WHERE contact_id = ? AND done_at IS NULL",
                [contact_id],
            )
            == 1
        )
        assert (
            linkedin_store.scalar(
                "SELECT kind FROM asks WHERE contact_id = ? AND asked_on IS NOT NULL", [contact_id]
            )
            == "intro"
        )
        # the person just asked shows the touch, at the top (most recent first)
        await pilot.pause()
        assert people.rows[0].cells[0] == name and people.rows[0].cells[3] == "2026-11-23"


async def test_detail_r_asks_for_a_referral_and_d_never_deletes_from_the_people(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(app, pilot, "Globex Corporation")
        await pilot.press("tab")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)  # nothing asked, nothing gone
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.draft.kind == "referral"
        assert app.screen.draft.contact_name == "Dana Levi"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert linkedin_store.scalar("SELECT count(*) FROM interactions") == 0


async def test_detail_with_nobody_known_says_how_to_get_there(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(app, pilot, "Hooli")
        screen = app.screen
        assert not screen.query_one("#people", RecordTable).display
        title = str(screen.query_one("#people-title").render())
        assert "nobody yet" in title and "LinkedIn" in title
        await pilot.press("tab", "a", "r")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)


async def test_detail_a_on_a_vague_rejection_asks_why(linkedin_store):
    db = str(linkedin_store.path)
    app_id = int(
        linkedin_store.scalar(
            "SELECT a.id FROM applications a JOIN companies c ON c.id = a.company_id "
            "WHERE c.name = 'Hooli'"
        )
    )
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            db,
            "feedback",
            "add",
            "--application",
            str(app_id),
            "--date",
            "2026-11-20",
            "We went with someone with more experience.",
        ],
    )
    assert result.exit_code == 0, result.output
    app = RungApp(linkedin_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(app, pilot, "Hooli")
        screen = app.screen
        timeline = screen.query_one("#timeline", RecordTable)
        row = next(i for i, e in enumerate(screen.entries) if e.kind == "feedback")
        timeline.cursor = row
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.draft.kind == "why"


async def test_review_intros_section_opens_the_application(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert "intros" in [s.name for s in screen.sections]
        section = next(s for s in screen.sections if s.name == "intros")
        assert len(section.items) == 4
        table = screen.query_one("#review-items", RecordTable)
        key = next(k for k, t in screen.targets.items() if t[0] == "intro")
        table.move_to_key(key)
        await pilot.pause()
        app_id, contact_id = screen.intro_row()
        assert screen.selected_contact_id() == contact_id
        assert (
            linkedin_store.scalar("SELECT count(*) FROM contacts WHERE id = ?", [contact_id]) == 1
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert app.screen.app_id == app_id


async def test_review_a_on_an_intros_row_drafts_the_intro(linkedin_store):
    app = RungApp(linkedin_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#review-items", RecordTable)
        key = next(k for k, t in screen.targets.items() if t[0] == "intro")
        table.move_to_key(key)
        await pilot.pause()
        app_id, contact_id = screen.intro_row()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        draft = app.screen.draft
        assert (draft.kind, draft.application_id, draft.contact_id) == ("intro", app_id, contact_id)
