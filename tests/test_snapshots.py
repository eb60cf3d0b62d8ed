"""Snapshots of every screen on the demo data at 80x24 (pytest-textual-snapshot).

A change to what a screen shows fails here with a side-by-side picture in the report; when
the change is wanted, accept it with `pytest tests/test_snapshots.py --snapshot-update` and
look at the new SVGs in tests/__snapshots__ before committing them.
"""

from __future__ import annotations

import pytest

from rung.tui.app import RungApp

SIZE = (80, 24)

SCREENS = {
    "pipeline": [],
    "pipeline_filtered": ["slash", *"director", "enter"],
    "application_detail": ["j", "j", "enter"],
    "contacts": ["2"],
    "contacts_followups": ["2", "tab"],
    "contact_detail": ["2", "enter"],
    "gaps": ["3"],
    "gap_detail": ["3", "enter"],
    "review": ["4"],
    "review_call_unfolded": ["4", "G", "k", "k", "k", "k", "k", "space"],
    "help": ["question_mark"],
    "search": ["ctrl+f", *"brightline"],
    "import": ["5"],
    "feedback_candidates": ["3", "c"],
    "company": ["j", "j", "enter", "c"],
    "interview_form": ["j", "j", "enter", "i"],
    "ladder": ["6"],
    "ladder_cell": ["6", "enter"],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_80x24(name, demo_store, snap_compare):
    app = RungApp(demo_store)
    app.PREWARM_AFTER = 3600.0  # build screens on the keypress: the same path every run
    assert snap_compare(app, press=SCREENS[name], terminal_size=SIZE)


def test_import_preview_at_80x24(demo_store, snap_compare):
    from textual.widgets import Input

    async def type_path(pilot) -> None:  # a relative path: the same picture on any machine
        await pilot.press("5")
        pilot.app.screen.query_one(
            "#path", Input
        ).value = "tests/fixtures/import/generic_with_recruiter.csv"
        await pilot.press("enter")
        await pilot.pause()
        mine = [w for w in pilot.app.workers if w.group == "import-plan"]
        if mine:
            await pilot.app.workers.wait_for_complete(mine)
        await pilot.pause()

    app = RungApp(demo_store)
    app.PREWARM_AFTER = 3600.0
    assert snap_compare(app, run_before=type_path, terminal_size=SIZE)


async def _settled(pilot) -> None:
    """Wait for a screen's thread read (the board's cards) and the repaint after it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_board(size, demo_store, snap_compare):
    async def open_board(pilot) -> None:
        await pilot.press("j", "b")
        await _settled(pilot)

    app = RungApp(demo_store)
    app.PREWARM_AFTER = 3600.0
    assert snap_compare(app, run_before=open_board, terminal_size=size)


@pytest.mark.parametrize("keys", [[], ["2"], ["3"]], ids=["pipeline", "contacts", "gaps"])
def test_side_panel_at_160x45(keys, demo_store, snap_compare):
    async def go(pilot) -> None:
        await pilot.press(*keys, "j")
        await _settled(pilot)

    app = RungApp(demo_store)
    app.PREWARM_AFTER = 3600.0
    assert snap_compare(app, run_before=go, terminal_size=(160, 45))
