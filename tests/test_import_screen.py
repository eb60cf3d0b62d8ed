"""Import screen (5): preview a file, import it in a worker, re-run shows 0 new."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.screens.import_screen import ImportScreen

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_preview_then_import_then_zero_new(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        path_input = screen.query_one("#path", Input)
        path_input.value = str(FIXTURES / "teal_jobs.csv")
        await pilot.press("enter")
        assert "teal.jobs" in _text(screen, "#import-profile")
        assert "Job Position → title" in _text(screen, "#import-mapping")
        assert screen.query_one("#import-preview", DataTable).row_count == 2
        assert store.count("applications") == 0  # the preview wrote nothing
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert store.count("applications") == 2
        assert "2 applications" in _text(screen, "#import-summary")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 new" in _text(screen, "#import-summary")


async def test_refused_file_shows_what_it_is(tmp_path):
    store = Store(tmp_path / "rung.db")
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"")
    app = RungApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        screen = app.screen
        screen.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        assert "the file is empty" in _text(screen, "#import-profile")
