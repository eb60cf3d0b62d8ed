"""Pilot tests of the Feedback & gaps screen and the app-wide `f` key."""

from __future__ import annotations

from tui_helpers import selected_key, table_rows, type_text

from rung.core.clustering import gaps_report
from rung.tui.app import RungApp
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.gaps import GapsScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


def slug_of(store, feedback_id):
    return store.scalar(
        "SELECT g.slug FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?", [feedback_id]
    )


async def test_gaps_ranked_with_kind_and_detail(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        rows = table_rows(app)
        weights = [float(r[3]) for r in rows if r[3]]
        assert weights == sorted(weights, reverse=True)
        assert rows[0][0] == "Managing managers" and rows[0][1] == "you"
        assert "them" in [r[1] for r in rows]
        reasons = sum(int(r[2]) for r in rows if not r[0].startswith("No reason"))
        top = int(rows[0][2])
        story = str(app.screen.query_one("#gaps-headline").render())
        assert (
            f"Top gap: Managing managers — {top} of the {reasons} reasons given "
            f"({top / reasons:.0%})"
        ) in story
        assert "said only “more experience”: ask which" in story
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        assert len(table_rows(app, "#gap-feedback")) == int(rows[0][2])


async def test_level_filter(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        total = sum(int(r[2]) for r in table_rows(app))
        await pilot.press("v", "v")  # lead, then manager
        await pilot.pause()
        assert "Manager" in app.screen.query_one("#topbar").status
        assert sum(int(r[2]) for r in table_rows(app)) < total


async def test_move_feedback_teaches_and_sticks(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        ident = selected_key(app, "#gap-feedback")
        await pilot.press("m")
        await type_text(pilot, "hiring")
        await pilot.press("enter")
        await pilot.pause()
        assert slug_of(demo_store, ident) == "hiring_and_team_building"
        assert demo_store.scalar("SELECT assigned_by FROM feedback WHERE id = ?", [ident]) == "user"
        await pilot.press("escape", "R")
        await app.workers.wait_for_complete()  # the recluster runs in a worker
        await pilot.pause()
        assert slug_of(demo_store, ident) == "hiring_and_team_building"


async def test_clarify_generic_feedback(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "more experience")
        await pilot.press("enter", "enter")
        await pilot.pause()
        ident = selected_key(app, "#gap-feedback")
        await pilot.press("c")
        await type_text(pilot, "managing managers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert slug_of(demo_store, ident) == "managing_managers"


async def test_plan_action_rename_and_external(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("p", "enter")  # first suggestion
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_store.count("gap_actions") == 1
        assert (
            demo_store.scalar("SELECT plan_started_on FROM gaps WHERE slug = 'managing_managers'")
            == "2026-11-23"
        )
        assert table_rows(app)[0][5] == "1 open"
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Leading leaders")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][0] == "Leading leaders"
        await pilot.press("x")
        await pilot.pause()
        assert (
            demo_store.scalar("SELECT kind FROM gaps WHERE slug = 'managing_managers'")
            == "external"
        )


async def test_f_logs_feedback_for_the_selected_application(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app_id = selected_key(app)
        await pilot.press("f")
        await type_text(pilot, "no budget ownership yet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = demo_store.query_one("SELECT * FROM feedback ORDER BY id DESC LIMIT 1")
        assert row["application_id"] == app_id
        assert slug_of(demo_store, row["id"]) == "business_and_budget"
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert any(r.cells[0] == "Business and budget" for r in table.rows)


async def test_empty_database_explains(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "No feedback yet" in str(app.screen.query_one("#empty").render())


async def test_table_comes_back_after_the_empty_level_view(demo_store):
    """Issue 14.2: `v` through the empty C-level view back to all levels, then `1`, `3`,
    `j`: the rows are there, the table has the keys (enter opens, r renames)."""
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = len(table_rows(app))
        for _ in range(7):  # lead … C-level (no feedback there), then all levels again
            await pilot.press("v")
            await pilot.pause()
        assert app.screen.level is None
        await pilot.press("1", "3", "j")
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        assert app.screen.filter_text == ""
        assert len(table_rows(app)) == shown
        assert app.focused is app.screen.table
        assert selected_key(app) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)


async def test_empty_level_says_this_level_has_none(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        for _ in range(6):
            await pilot.press("v")
        await pilot.pause()
        assert app.screen.level == "c_level"
        total = demo_store.scalar("SELECT count(*) FROM feedback WHERE status = 'confirmed'")
        text = str(app.screen.query_one("#empty").render())
        assert "No feedback yet" not in text
        assert "No feedback on C-level applications" in text
        assert f"{total} pieces of feedback at other levels" in text
        assert "v  back to all levels" in text
        assert app.screen.query_one("#topbar").status.startswith("C-level · 0 pieces")


def generic_ids(store):
    return [
        r["id"]
        for r in store.query(
            "SELECT f.id FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE g.slug = "
            "'more_experience_generic' ORDER BY f.received_on DESC, f.id DESC"
        )
    ]


def toasts(app):
    return [n.message for n in app._notifications]


async def open_generic_gap(pilot):
    await pilot.press("3")
    await pilot.pause()
    await pilot.press("slash")
    await type_text(pilot, "more experience")
    await pilot.press("enter", "enter")
    await pilot.pause()


async def test_clarify_moves_where_the_answer_says_and_the_toast_tells_the_truth(demo_store):
    """Issue 14.5: the answer is read on its own ("more experience" in the text no longer
    drags it back into the generic gap); the toast names where the database put it."""
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_generic_gap(pilot)
        ident = selected_key(app, "#gap-feedback")
        await pilot.press("c")
        await type_text(pilot, "running a team through a reorg")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert slug_of(demo_store, ident) == "change_and_transformation"
        assert (
            demo_store.scalar("SELECT clarification FROM feedback WHERE id = ?", [ident])
            == "running a team through a reorg"
        )
        assert "Moved to Change and transformation" in toasts(app)
        assert ident not in [r.key for r in app.screen.query_one("#gap-feedback", RecordTable).rows]


async def test_clarify_unknown_answer_asks_with_best_guesses_and_learns(demo_store):
    from rung.tui.screens.dialogs import ChoiceScreen

    first, second = generic_ids(demo_store)[:2]
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_generic_gap(pilot)
        assert selected_key(app, "#gap-feedback") == first
        await pilot.press("c")
        await type_text(pilot, "running a team through a crisis")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # not recognized: nothing moved yet
        assert slug_of(demo_store, first) == "more_experience_generic"
        assert not any(t.startswith("Moved") for t in toasts(app))
        values = [v for v, _ in app.screen.choices]
        assert "more_experience_generic" not in values  # where it is already
        assert values[0] == "hiring_and_team_building"  # the scorer's best guess first
        assert values[-1] == "-new-gap"
        await type_text(pilot, "people manag")
        await pilot.press("enter")
        await pilot.pause()
        assert slug_of(demo_store, first) == "people_management"
        row = demo_store.query_one(
            "SELECT assigned_by, clarification FROM feedback WHERE id = ?", [first]
        )
        assert (row["assigned_by"], row["clarification"]) == (
            "user",
            "running a team through a crisis",
        )
        assert any(t.startswith("Moved to People management") for t in toasts(app))
        # the next such answer is recognized: no picker, it moves at once
        assert selected_key(app, "#gap-feedback") == second
        await pilot.press("c")
        await type_text(pilot, "running the team through a crisis")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        assert slug_of(demo_store, second) == "people_management"


async def test_clarify_picker_cancelled_moves_nothing(demo_store):
    first = generic_ids(demo_store)[0]
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_generic_gap(pilot)
        await pilot.press("c")
        await type_text(pilot, "zzyzx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert slug_of(demo_store, first) == "more_experience_generic"
        assert demo_store.scalar("SELECT clarification FROM feedback WHERE id = ?", [first]) is None
        assert "Nothing moved" in toasts(app)


async def test_clarify_picker_can_make_a_new_gap(demo_store):
    first = generic_ids(demo_store)[0]
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_generic_gap(pilot)
        await pilot.press("c")
        await type_text(pilot, "zzyzx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, "new gap")
        await pilot.press("enter")
        await pilot.pause()
        assert (
            demo_store.scalar(
                "SELECT g.label FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
                [first],
            )
            == "zzyzx"
        )


def test_cli_clarify_says_when_it_does_not_recognize(db_path):
    from click.testing import CliRunner

    from rung.tui.cli import cli

    runner = CliRunner()
    base = ["--db", str(db_path)]
    assert (
        runner.invoke(
            cli, [*base, "feedback", "add", "We went with someone with more experience."]
        ).exit_code
        == 0
    )
    out = runner.invoke(cli, [*base, "feedback", "clarify", "1", "zzyzx"])
    assert out.exit_code == 1 and "nothing moved" in out.output
    assert "--gap SLUG" in out.output
    out = runner.invoke(
        cli, [*base, "feedback", "clarify", "1", "zzyzx", "--gap", "people_management"]
    )
    assert out.exit_code == 0 and "people_management" in out.output
    out = runner.invoke(cli, [*base, "feedback", "clarify", "1", "a reorg"])
    assert out.exit_code == 0 and "change_and_transformation" in out.output


def panel_text(app):
    panel = app.screen.query_one("#side-panel")
    if panel.has_class("hidden"):
        return None
    from rich.console import Console

    console = Console(width=panel.size.width - 2, record=True, color_system=None)
    console.print(app.screen.side_panel(app.screen.table.selected_key))
    return console.export_text()


async def test_wide_gaps_show_the_selected_gap_beside_the_list(demo_store):
    from rung.core.clustering.plans import add_action

    add_action(demo_store, "managing_managers", "lead a group of leads for a quarter")
    app = RungApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        text = panel_text(app)
        assert text is not None
        count = table_rows(app)[0][2]
        assert text.startswith("Managing managers\nyours to close · weight ")
        assert f"{count} of the " in text and "Share by month" in text
        assert f"What they said (latest 5 of {count}: enter opens all)" in text
        assert text.count("“") == 5
        assert "· lead a group of leads for a quarter" in text
        assert "Plan since 2026-11-23" in text
        await pilot.press("j")
        await pilot.pause()
        second = panel_text(app)
        assert second.startswith(table_rows(app)[1][0])
        await pilot.press("G")  # the no-reason row
        await pilot.pause()
        assert panel_text(app).startswith("No reason given\n3 pieces of feedback")
        assert "Plan" not in panel_text(app)
        await pilot.press("v", "v", "v", "v")  # director: the quotes of that level only
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        director = {
            " ".join(f.text.split())  # the panel folds a letter's line breaks
            for g in gaps_report(demo_store, level="director").gaps
            for f in g.feedback
        }
        quoted = [
            line.strip().strip("“”")
            for line in panel_text(app).splitlines()
            if line.strip().startswith("“")
        ]
        assert quoted and all(any(q[:20] in t for t in director) for q in quoted)


async def test_narrow_gaps_have_no_panel(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert panel_text(app) is None
        assert app.screen.table.size.width == 80


async def test_moving_the_last_feedback_out_leaves_the_gap_once(store):
    from rung.core.clustering import log_feedback

    log_feedback(store, "comp expectations above their band for this level")
    log_feedback(store, "no experience managing managers")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "compensation")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        await pilot.press("m")
        await type_text(pilot, "managing")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        assert slug_of(store, 1) == "managing_managers"
