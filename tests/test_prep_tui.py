"""``p`` in the app: the prep sheet written beside the database and opened in $EDITOR (a
script here that copies it), or in the viewer when no editor is named."""

from __future__ import annotations

import os
import stat

from test_prep import build_history
from tui_helpers import table_rows

from rung.core.prep import prep_sheet, render_prep
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.prep import PrepScreen, prep_dir
from rung.tui.screens.review import ReviewScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


def editor_script(tmp_path, monkeypatch):
    """EDITOR = a script that copies the file it is given to ``copy.md`` and logs its
    path to ``opened.txt``; returns (copy, log)."""
    copy, log = tmp_path / "copy.md", tmp_path / "opened.txt"
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" "{copy}"\necho "$1" >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(script))
    return copy, log


async def _p_on_detail(app, pilot, app_id: int) -> None:
    app.open_application(app_id)
    await pilot.pause()
    assert isinstance(app.screen, ApplicationDetailScreen)
    await pilot.press("p")
    await pilot.pause()


async def _on_review_interview(app, pilot) -> int:
    await pilot.press("4")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    table = app.screen.query_one("#review-items", RecordTable)
    rows = table_rows(app, "#review-items")
    header = next(i for i, r in enumerate(rows) if "Interviews ahead" in r[0])
    if rows[header][0].startswith("▸"):  # folded: unfold it
        table.cursor = header
        await pilot.press("space")
        await pilot.pause()
        rows = table_rows(app, "#review-items")
        header = next(i for i, r in enumerate(rows) if "Interviews ahead" in r[0])
    row = next(i for i in range(header + 1, len(rows)) if "Acme" in rows[i][0])
    table.cursor = row
    await pilot.pause()
    return row


async def test_p_on_the_reviews_interview_runs_the_editor_on_the_sheet(
    store, tmp_path, monkeypatch
):
    ids = build_history(store)
    copy, log = editor_script(tmp_path, monkeypatch)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _on_review_interview(app, pilot)
        assert app.screen.check_action("prep", ()) is True
        await pilot.press("p")
        await pilot.pause()
        written = prep_dir(store) / f"acme-2026-11-27-{ids['app']}.md"
        assert log.read_text().strip() == str(written)
        expected = render_prep(prep_sheet(store, ids["app"], interview_id=ids["interview"]))
        assert copy.read_text(encoding="utf-8") == expected
        assert "Managing managers" in expected and "Victor Voucher" in expected
        # elsewhere in the Review, p is dimmed: it does nothing
        table = app.screen.query_one("#review-items", RecordTable)
        table.cursor = 0
        await pilot.pause()
        assert app.screen.check_action("prep", ()) is None
        await pilot.press("p")
        await pilot.pause()
        assert len(log.read_text().splitlines()) == 1


async def test_p_on_the_detail_preps_the_next_interview_or_the_highlighted_one(
    store, tmp_path, monkeypatch
):
    ids = build_history(store)
    copy, log = editor_script(tmp_path, monkeypatch)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_application(ids["app"])
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        table = app.screen.query_one("#timeline", RecordTable)
        table.cursor = 0  # the first row: the created stage, not an interview
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        text = copy.read_text(encoding="utf-8")
        assert "**Interview:** round 2 · exec · Fri 2026-11-27 10:00" in text
        screen_row = next(
            i
            for i, e in enumerate(app.screen.entries)
            if e.kind == "interview" and e.ref_id == ids["screen"]
        )
        table.cursor = screen_row
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        text = copy.read_text(encoding="utf-8")
        assert "**Interview:** round 1 · recruiter screen" in text
        assert "For a recruiter screen interview:" in text
        assert len(log.read_text().splitlines()) == 2
        # the first sheet (exec round) was another file, the second one the screen's day
        assert sorted(p.name for p in prep_dir(store).iterdir()) == [
            f"acme-2026-11-10-{ids['app']}.md",
            f"acme-2026-11-27-{ids['app']}.md",
        ]


async def test_without_editor_the_viewer_shows_the_sheet_and_esc_closes(store):
    ids = build_history(store)
    assert not os.environ.get("EDITOR") and not os.environ.get("VISUAL")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _p_on_detail(app, pilot, ids["app"])
        assert isinstance(app.screen, PrepScreen)
        assert app.screen.path == prep_dir(store) / f"acme-2026-11-27-{ids['app']}.md"
        assert app.screen.path.read_text(encoding="utf-8") == app.screen.text
        assert "written to" in str(app.screen.query_one("#prep-title").render())
        await pilot.press("j", "space", "G")
        await pilot.pause()
        assert app.screen.query_one("#prep-scroll").scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)


async def test_a_sheet_written_again_keeps_the_edited_one(store, tmp_path, monkeypatch):
    ids = build_history(store)
    editor_script(tmp_path, monkeypatch)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _p_on_detail(app, pilot, ids["app"])
        path = prep_dir(store) / f"acme-2026-11-27-{ids['app']}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nmy notes\n", encoding="utf-8")
        await pilot.press("p")
        await pilot.pause()
        previous = path.with_name(path.stem + ".previous.md")
        assert previous.read_text(encoding="utf-8").endswith("my notes\n")
        assert "my notes" not in path.read_text(encoding="utf-8")
