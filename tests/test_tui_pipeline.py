"""Pilot tests of the Pipeline and application detail: press keys, read widgets and the DB."""

from __future__ import annotations

from tui_helpers import selected_key, table_rows, type_text

from rung.core.commands.applications import get_application
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.dialogs import FormScreen
from rung.tui.screens.pipeline import PipelineScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


async def test_empty_database_shows_first_run_help(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#empty")
        assert not empty.has_class("hidden")
        assert "rung import" in str(empty.render())
        assert "rung demo" in str(empty.render())
        assert app.screen.query_one(RecordTable).has_class("hidden")


async def test_rows_and_cursor_movement(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = table_rows(app)
        assert len(rows) == demo_store.count("applications")
        first = selected_key(app)
        await pilot.press("j", "j")
        table = app.screen.query_one(RecordTable)
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == len(rows) - 1
        await pilot.press("g")
        assert selected_key(app) == first


async def test_live_filter_and_escape(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        total = len(table_rows(app))
        await pilot.press("slash")
        await type_text(pilot, "sable")
        rows = table_rows(app)
        assert rows and all("Sable" in r[0] for r in rows)
        await type_text(pilot, " offer")
        assert [r[3] for r in table_rows(app)] == ["offer"]
        await pilot.press("escape")
        assert len(table_rows(app)) == total


async def test_stage_filter_and_sort_cycle(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        await pilot.press("t")  # active
        stages = {r[3] for r in table_rows(app)}
        assert stages and stages <= {"saved", "applied", "screening", "interviewing", "offer"}
        await pilot.press("t")  # saved
        assert {r[3] for r in table_rows(app)} == {"saved"}
        # the column cursor starts on the sort column (Last); four columns left is Company
        await pilot.press(
            "less_than_sign", "less_than_sign", "less_than_sign", "less_than_sign", "o"
        )
        assert "by company ▲" in app.screen.query_one("#topbar").status
        await pilot.press("T", "T")  # back to all
        companies = [r[0] for r in table_rows(app)]
        assert companies == sorted(companies, key=str.casefold)


async def test_add_application_shows_errors_at_the_field_then_saves(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Acme Robotics")
        await pilot.press("enter")  # to Title, left empty
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#error-title")
        assert error.has_class("shown")
        assert "required" in str(error.render())
        assert store.count("applications") == 0
        await type_text(pilot, "Director of Engineering")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = store.query_one("SELECT * FROM applications")
        assert row["title"] == "Director of Engineering"
        assert row["level"] == "director"
        assert store.scalar("SELECT count(*) FROM stage_events") == 1
        assert table_rows(app)[0][:2] == ("Acme Robotics", "Director of Engineering")


async def test_edit_marks_field_user_edited(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = selected_key(app)
        await pilot.press("e")
        await pilot.press("enter")  # company -> title
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "VP Platform")
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = get_application(demo_store, key)
        assert edited.title == "VP Platform"
        assert edited.level == "vp"
        assert "title" in demo_store.scalar(
            "SELECT user_edited FROM applications WHERE id = ?", [key]
        )


async def test_move_stage_writes_a_stage_event(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "wren director")
        await pilot.press("enter")
        key = selected_key(app)
        before = demo_store.scalar(
            "SELECT count(*) FROM stage_events WHERE application_id = ?", [key]
        )
        await pilot.press("s")
        await type_text(pilot, "screen")
        await pilot.press("enter")
        await pilot.pause()
        assert get_application(demo_store, key).stage == "screening"
        event = demo_store.query_one(
            "SELECT from_stage, to_stage FROM stage_events WHERE application_id = ? "
            "ORDER BY id DESC LIMIT 1",
            [key],
        )
        assert event == {"from_stage": "applied", "to_stage": "screening"}
        assert (
            demo_store.scalar("SELECT count(*) FROM stage_events WHERE application_id = ?", [key])
            == before + 1
        )
        assert "screening" in [r[3] for r in table_rows(app)]


async def test_delete_asks_then_undo_restores(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = selected_key(app)
        total = demo_store.count("applications")
        events = demo_store.count("stage_events")
        await pilot.press("d")
        await pilot.press("n")  # declined
        assert demo_store.count("applications") == total
        await pilot.press("d", "y")
        await pilot.pause()
        assert demo_store.count("applications") == total - 1
        assert key not in [r.key for r in app.screen.query_one(RecordTable).rows]
        await pilot.press("u")
        await pilot.pause()
        assert demo_store.count("applications") == total
        assert demo_store.count("stage_events") == events
        assert get_application(demo_store, key).id == key
        assert key in [r.key for r in app.screen.query_one(RecordTable).rows]


async def test_enter_opens_timeline_and_escape_goes_back(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "sable offer")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        kinds = [r[1] for r in table_rows(app, "#timeline")]
        assert {"stage", "interview", "feedback"} <= set(kinds)
        dates = [r[0] for r in table_rows(app, "#timeline")]
        assert dates == sorted(dates)
        await pilot.press("i")
        await pilot.pause()  # the form is mounted before it is saved
        await pilot.press("ctrl+s")  # defaults: a recruiter screen, next round
        await pilot.pause()
        assert "interview" in [r[1] for r in table_rows(app, "#timeline")]
        await pilot.press("escape")
        assert isinstance(app.screen, PipelineScreen)
