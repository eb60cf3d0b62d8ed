"""Pilot tests of evidence on the gap page: listed, added (a), edited (enter), deleted (d,
u undoes); and a readiness gap with no feedback yet opening from the Ladder."""

from __future__ import annotations

from test_ladder_screen import build_history, open_ladder
from tui_helpers import table_rows, type_text

from rung.core.evidence import add_evidence
from rung.tui.app import RungApp
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.ladder import LadderScreen

SIZE = (80, 24)
SLUG = "managing_managers"


def evidence_texts(store) -> list[str]:
    return [r["text"] for r in store.query("SELECT text FROM evidence ORDER BY id")]


async def open_gap(app: RungApp, pilot, slug: str = SLUG) -> GapDetailScreen:  # noqa: ANN001
    app.open_gap(slug)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, GapDetailScreen) and screen.slug == slug
    return screen


async def test_gap_page_lists_and_adds_evidence(store):
    build_history(store)
    add_evidence(
        store,
        SLUG,
        "acting manager of 3 leads for 4 months",
        on="2026-03-01",
        situation="our manager left",
        action="ran the leads' 1:1s",
        result="no one quit",
    )
    add_evidence(store, SLUG, "mentored a new lead", on="2026-05-01")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_gap(app, pilot)
        assert len(table_rows(app, "#gap-feedback")) == 3  # the feedback keeps its list
        assert table_rows(app, "#gap-evidence") == [
            ("2026-05-01", "", "mentored a new lead"),
            ("2026-03-01", "story", "acting manager of 3 leads for 4 months"),
        ]
        title = str(screen.query_one("#gap-evidence-title").render())
        assert title.startswith("Evidence 2 · 1 story")
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "ran the q3 hiring loop")
        await pilot.press("tab")  # to the date ("today", selected: typing replaces it)
        await type_text(pilot, "last friday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert evidence_texts(store)[-1] == "ran the q3 hiring loop"
        assert store.scalar("SELECT happened_on FROM evidence ORDER BY id DESC") == "2026-11-20"
        assert ("2026-11-20", "", "ran the q3 hiring loop") in table_rows(app, "#gap-evidence")


async def test_enter_edits_d_deletes_u_restores(store):
    build_history(store)
    entry = add_evidence(store, SLUG, "acting manager of 3", on="2026-03-01")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_gap(app, pilot)
        await pilot.press("d")  # on the feedback list: d deletes nothing
        await pilot.pause()
        assert evidence_texts(store) == ["acting manager of 3"]
        await pilot.press("tab")
        assert app.screen.focused.id == "gap-evidence"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " for 4 months")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert evidence_texts(store) == ["acting manager of 3 for 4 months"]
        assert table_rows(app, "#gap-evidence")[0][2] == "acting manager of 3 for 4 months"
        await pilot.press("d")
        await pilot.pause()
        assert evidence_texts(store) == []
        assert app.screen.query_one("#gap-evidence").has_class("hidden")
        assert "none yet" in str(app.screen.query_one("#gap-evidence-title").render())
        await pilot.press("u")
        await pilot.pause()
        assert store.scalar("SELECT id FROM evidence") == entry.id
        assert table_rows(app, "#gap-evidence")[0][2] == "acting manager of 3 for 4 months"


async def test_readiness_gap_without_feedback_opens_and_takes_evidence(store):
    build_history(store)
    app = RungApp(store)
    app.settings.target_level = "director"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        table = screen.readiness_table
        quiet = next(r for r in table.rows if r.cells[1] != "Managing managers")
        slug = screen.ladder.readiness[quiet.key].slug
        assert (
            store.scalar(
                "SELECT count(*) FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE g.slug = ?",
                [slug],
            )
            == 0
        )
        await pilot.press("tab")
        table.move_to_key(quiet.key)
        await pilot.press("enter")
        await pilot.pause()
        gap = app.screen
        assert isinstance(gap, GapDetailScreen) and gap.slug == slug
        assert table_rows(app, "#gap-feedback") == []
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "wrote the platform strategy")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert evidence_texts(store) == ["wrote the platform strategy"]
        assert isinstance(app.screen, GapDetailScreen)  # the page stays open
        await pilot.press("6")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LadderScreen)
        row = next(r for r in app.screen.readiness_table.rows if r.key == quiet.key)
        assert row.cells[2] == "thin" and row.cells[3] == "1"
