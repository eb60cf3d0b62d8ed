"""Pilot tests of the Review screen: acting in place writes to the database."""

from __future__ import annotations

from tui_helpers import table_rows

from rung.core.commands.applications import add_application
from rung.core.commands.followups import add_followup
from rung.tui.app import RungApp
from rung.tui.screens.review import ReviewScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


async def test_followup_done_snooze_and_complete(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "2026-W48" in app.screen.query_one("#topbar").status
        rows = table_rows(app, "#review-items")
        assert rows[0][0].startswith("▾ Follow-ups · 5 overdue")
        table = app.screen.query_one("#review-items", RecordTable)
        assert table.cursor == 1 and rows[1][1].startswith("overdue")  # on the first item
        open_before = demo_store.scalar("SELECT count(*) FROM followups WHERE done_at IS NULL")
        await pilot.press("d")
        await pilot.pause()
        assert (
            demo_store.scalar("SELECT count(*) FROM followups WHERE done_at IS NULL")
            == open_before - 1
        )
        await pilot.press("z")
        await pilot.pause()
        assert (
            demo_store.scalar(
                "SELECT count(*) FROM followups WHERE due_on = '2026-11-24' AND done_at IS NULL"
            )
            >= 1
        )
        await pilot.press("c")
        await pilot.pause()
        assert (
            demo_store.scalar(
                "SELECT count(*) FROM reviews WHERE week = '2026-W48' AND completed_at IS NOT NULL"
            )
            == 1
        )
        assert "completed" in app.screen.query_one("#topbar").status
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2026-W47" in app.screen.query_one("#topbar").status


async def test_confirm_a_suggested_ghosting(store):
    quiet = add_application(
        store, company="Quiet", title="EM", at="2026-10-01", applied_on="2026-10-01"
    )
    add_followup(store, what="x", due_on="2027-01-01")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#review-items", RecordTable)
        rows = table_rows(app, "#review-items")
        header = next(i for i, r in enumerate(rows) if r[0].startswith("▾ Ghosted? · 1"))
        assert rows[header + 1][0].strip() == "Quiet — EM (applied)"
        table.cursor = header + 1
        await pilot.press("x", "y")
        await pilot.pause()
        assert store.scalar("SELECT stage FROM applications WHERE id = ?", [quiet.id]) == "ghosted"
        assert not any("Ghosted?" in r[0] for r in table_rows(app, "#review-items"))


async def test_shift_f_adds_a_followup_to_the_selected_contact(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        contact_id = app.screen.query_one("#records", RecordTable).selected_key
        await pilot.press("F")
        for ch in "call back":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = demo_store.query_one("SELECT * FROM followups ORDER BY id DESC LIMIT 1")
        assert (row["what"], row["contact_id"], row["due_on"]) == (
            "call back",
            contact_id,
            "2026-11-26",
        )


async def test_sections_fold_and_the_figures_show_funnel_and_gaps(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        rows = table_rows(app, "#review-items")
        titles = [r[0] for r in rows if r[0][:1] in "▾▸"]
        # every section's title is on the 80x24 screen, folded or not
        assert [t.split(" · ")[0][2:] for t in titles] == [
            "Follow-ups",
            "Who to call",
            "Ask for an intro",
            "Ghosted?",
            "Ask why: 6 rejections without a reason",
            "Stale",
            "Interviews ahead",
            "Last week (W47)",
        ]
        # the first section open, the rest folded (with the intros section the list is one
        # row longer than 80x24 shows when the first section is long, as in the demo)
        assert rows[0][0].startswith("▾") and all(t.startswith("▸") for t in titles[1:])
        call = next(i for i, r in enumerate(rows) if "Who to call" in r[0])
        assert rows[call][0].startswith("▸")
        table = app.screen.query_one("#review-items", RecordTable)
        table.cursor = call
        await pilot.press("space")
        await pilot.pause()
        rows = table_rows(app, "#review-items")
        assert rows[call][0].startswith("▾ Who to call · 22 · 2 can vouch")
        assert rows[call + 1][1].startswith("in 3d")  # a voucher first: Thursday's final
        await pilot.press("j", "l")  # log a call with the first contact due
        await pilot.pause()
        assert app.screen.__class__.__name__ == "FormScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k", "space")  # fold it again
        await pilot.pause()
        assert table_rows(app, "#review-items")[call][0].startswith("▸ Who to call")
        funnel = str(app.screen.query_one("#review-funnel").render())
        assert "applied" in funnel and "█" in funnel and "%" in funnel
        gaps = str(app.screen.query_one("#review-gaps").render())
        assert "Managing managers" in gaps
        await pilot.press("v")
        await pilot.pause()
        assert "all levels" not in str(app.screen.query_one("#review-funnel").render())


async def test_u_takes_back_a_done_and_a_snooze(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#review-items", RecordTable)
        kind, ident = app.screen.targets[table.selected_key]
        assert kind == "followup"
        due = demo_store.scalar("SELECT due_on FROM followups WHERE id = ?", [ident])
        await pilot.press("d")
        await pilot.pause()
        assert demo_store.scalar("SELECT done_at FROM followups WHERE id = ?", [ident])
        await pilot.press("u")
        await pilot.pause()
        assert demo_store.scalar("SELECT done_at FROM followups WHERE id = ?", [ident]) is None
        table.move_to_key(next(k for k, t in app.screen.targets.items() if t == (kind, ident)))
        await pilot.press("Z")
        await pilot.pause()
        assert demo_store.scalar("SELECT due_on FROM followups WHERE id = ?", [ident]) > due
        await pilot.press("u")
        await pilot.pause()
        assert demo_store.scalar("SELECT due_on FROM followups WHERE id = ?", [ident]) == due
