"""Lists: k9s-like sorting, side panels on wide terminals, small pictures (issue 14)."""

from __future__ import annotations

import io

from rich.console import Console
from tui_helpers import selected_key, table_rows, until

from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction, monthly_touches
from rung.core.commands.followups import add_followup
from rung.core.stages import ACTIVE_STAGES, STAGE_RANK
from rung.tui.app import RungApp
from rung.tui.screens.base import cell_sort_value
from rung.tui.screens.contacts import ContactsScreen
from rung.tui.widgets.record_table import RecordTable
from rung.tui.widgets.spark import funnel_line, resample, sparkline


def test_sparkline_scales_to_the_largest():
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([3, 3, 3]) == "███"
    assert sparkline([0, 0, 0, 0]) == "▁▁▁▁"
    assert sparkline([]) == ""
    assert sparkline([], width=5) == ""


def test_sparkline_resamples_to_width():
    assert resample([1, 3, 5, 7], 2) == [2.0, 6.0]
    assert resample([1, 2], 4) == [1.0, 1.0, 2.0, 2.0]
    assert len(sparkline(range(30), width=12)) == 12
    assert sparkline([0, 8], width=4) == "▁▁██"
    assert sparkline([0, 0, 0], width=6) == "▁" * 6
    assert sparkline([1, 2, 3], width=0) == ""


def test_funnel_line_fits_its_width():
    steps = [("saved", 3), ("applied", 12), ("screening", 5), ("interviewing", 3), ("offer", 1)]
    wide = funnel_line(steps, 120, [("closed", 40)])
    assert wide.startswith("saved 3 ██ › applied 12 ████████ › screening 5")
    assert wide.endswith("· closed 40")
    for width in (80, 60, 40, 30):
        text = funnel_line(steps, width, [("closed", 40)])
        assert len(text) <= width, (width, text)
        assert "12" in text and "› " in text
    assert "closed" not in funnel_line(steps, 60, [("closed", 40)])
    short = {"screening": "screen", "interviewing": "interview"}
    assert funnel_line(steps, 60, short=short) == (
        "saved 3 › applied 12 › screen 5 › interview 3 › offer 1"
    )


# -- Pilot: sorting ----------------------------------------------------------------------

SIZE_80, WIDE = (80, 24), (160, 45)


def _header(app: RungApp, selector: str = "#records") -> str:
    return app.screen.query_one(selector, RecordTable).render_line(0).text


def _panel_text(screen) -> str:
    """The side panel's content as plain text (rendered at its width)."""
    body = screen.query_one("#side-panel-body")
    console = Console(width=max(20, body.size.width), file=io.StringIO(), record=True)
    console.print(body.content)
    return console.export_text()


def _status(app: RungApp) -> str:
    return app.screen.query_one("#topbar").status


def test_cell_sort_value_numbers_before_words():
    assert cell_sort_value("12") > cell_sort_value("9")
    assert cell_sort_value("3 open") == (0, 3.0)
    assert cell_sort_value("Acme") < cell_sort_value("beta")
    assert cell_sort_value("  ") is None


async def test_sort_by_the_column_under_the_cursor_and_reverse(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        # the default order: last activity, newest first, shown in the header and top bar
        assert "by last activity ▼" in _status(app)
        assert "▼ Last" in _header(app)
        assert table.column_cursor == "activity"
        first = selected_key(app)
        for _ in range(4):  # at 80 columns Applied is left out: Company is four to the left
            await pilot.press("less_than_sign")
        assert table.column_cursor == "company"
        await pilot.press("o")
        companies = [r[0] for r in table_rows(app)]
        assert companies == sorted(companies, key=str.casefold)
        assert "Company ▲" in _header(app) and "▼" not in _header(app)
        assert "by company ▲" in _status(app)
        assert selected_key(app) == first  # the selection stays on its record
        await pilot.press("o")  # again: reversed
        companies = [r[0] for r in table_rows(app)]
        assert companies == sorted(companies, key=str.casefold, reverse=True)
        assert "Company ▼" in _header(app) and "by company ▼" in _status(app)
        # days in stage sort as numbers, largest first on the first press
        await pilot.press("right", "right", "right", "right", "right", "right", "left")
        assert table.column_cursor == "days"  # the last shown column (Know) stops it; one back
        await pilot.press("o")
        days = [int(r[6]) for r in table_rows(app) if r[6]]
        assert days == sorted(days, reverse=True) and days[0] > 99
        assert "by days in stage ▼" in _status(app)


async def test_sort_keeps_the_filter_and_numbers_sort_numerically(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        await pilot.press("3")  # Gaps: the default sort (the cell text, numbers numeric)
        await pilot.pause()
        table = app.screen.query_one("#records", RecordTable)
        await pilot.press("right", "right", "o")  # N
        assert table.sort_column == "count"
        counts = [int(r[2]) for r in table_rows(app) if r[2]]
        assert counts == sorted(counts) and len(set(counts)) > 1
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("slash", "d", "i", "r", "enter")
        filtered = len(table_rows(app))
        await pilot.press("less_than_sign", "o")  # stage, in stage order
        assert len(table_rows(app)) == filtered
        stages = [r[3] for r in table_rows(app)]
        assert stages == sorted(stages, key=STAGE_RANK.__getitem__)


# -- Pilot: side panel -------------------------------------------------------------------


async def test_side_panel_follows_the_cursor_when_wide_only(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        panel = screen.query_one("#side-panel")
        assert panel.display and not panel.has_class("hidden")
        assert panel.region.x > screen.query_one("#records").region.right - 1

        def panel_text() -> str:
            return " ".join(_panel_text(screen).split())

        app_row = screen.apps[selected_key(app)]
        assert app_row.company in panel_text() and app_row.title in panel_text()
        assert "History" in panel_text()
        await pilot.press("j", "j")
        await pilot.pause()
        moved = screen.apps[selected_key(app)]
        assert moved.title in panel_text()
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: panel.has_class("hidden"), what="the panel hidden at 100")
        await pilot.resize_terminal(*WIDE)
        await until(pilot, lambda: not panel.has_class("hidden"), what="the panel back")
        assert moved.title in panel_text()


async def test_no_side_panel_at_80_columns(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#side-panel").has_class("hidden")
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one("#side-panel").has_class("hidden")


async def test_contact_panel_shows_fields_interactions_and_follow_ups(store):
    dana = add_contact(
        store,
        name="Dana Reyes",
        company="Acme",
        relationship="recruiter",
        email="dana@acme.example",
    )
    add_contact(store, name="Ben Ode", company="Beta")
    log_interaction(
        store, dana.id, summary="Intro call about the EM role", channel="call", at="2026-11-02"
    )
    add_followup(store, what="Send the case study", due_on="2026-11-30", contact_id=dana.id)
    app = RungApp(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        screen.table.move_to_key(dana.id)
        await pilot.pause()
        text = " ".join(_panel_text(screen).split())
        for part in (
            "Dana Reyes",
            "Acme",
            "dana@acme.example",
            "Intro call about the EM role",
            "Send the case study",
            "1 in 12 months",
        ):
            assert part in text, part


# -- Pilot: small pictures ---------------------------------------------------------------


async def test_pipeline_funnel_counts_each_active_stage(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#funnel").render())
        assert len(text) <= 80
        for stage in ACTIVE_STAGES:
            n = demo_store.scalar("SELECT count(*) FROM applications WHERE stage = ?", [stage])
            assert f"{stage} {n}" in text, (stage, n, text)
        await pilot.resize_terminal(*WIDE)
        await until(pilot, lambda: app.screen.query_one("#funnel").size.width > 80, what="wide")
        wide = str(app.screen.query_one("#funnel").render())
        closed = demo_store.scalar(
            "SELECT count(*) FROM applications WHERE stage IN ('rejected', 'withdrawn', 'ghosted')"
        )
        assert f"closed {closed}" in wide and "█" in wide


async def test_funnel_follows_a_stage_move(store):
    """A write reloads the screen shown with no call to say so (Store.data_version)."""
    first = add_application(store, company="Acme", title="EM")
    add_application(store, company="Beta", title="Director")
    app = RungApp(store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        assert "applied 2" in str(app.screen.query_one("#funnel").render())
        move_stage(store, first.id, "screening")
        await pilot.pause()
        text = str(app.screen.query_one("#funnel").render())
        assert "applied 1" in text and "screening 1" in text


async def test_contact_rows_carry_a_last_touch_sparkline(store):
    dana = add_contact(store, name="Dana Reyes", company="Acme")
    quiet = add_contact(store, name="Quiet Person")
    for at in ("2026-11-02", "2026-11-20", "2026-09-15", "2025-10-01"):  # the last: too old
        log_interaction(store, dana.id, summary="call", at=at)
    touches = monthly_touches(store)
    assert touches.months[0] == "2025-12" and touches.months[-1] == "2026-11"
    assert touches.counts(dana.id) == (0,) * 9 + (1, 0, 2)
    assert touches.counts(quiet.id) == (0,) * 12
    app = RungApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#records", RecordTable)
        cells = {r.key: r.cells[-1] for r in table.rows}
        assert cells[dana.id] == "▁" * 9 + "▅▁█"
        assert cells[quiet.id] == "▁" * 12
        assert "touch" in [c.key for c in table.shown_columns()]
        # sorted by touches: the busiest first
        while table.column_cursor != "touch":
            await pilot.press("right")
        await pilot.press("o")
        assert table.rows[0].key == dana.id
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: table.size.width <= 80, what="the table at 80 columns")
        assert "touch" not in [c.key for c in table.shown_columns()]  # it drops first


async def test_a_click_on_a_header_sorts_by_it(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE_80) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#records", RecordTable)
        await pilot.click("#records", offset=(2, 0))  # on "Company"
        assert table.sort_column == "company" and not table.sort_descending
        await pilot.click("#records", offset=(2, 0))
        assert table.sort_descending
        companies = [r[0] for r in table_rows(app)]
        assert companies == sorted(companies, key=str.casefold, reverse=True)
