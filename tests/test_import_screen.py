"""Import screen (5): preview, map a generic sheet by hand, import in a worker with a
progress bar, browse with the tree; a re-run says nothing new."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Static
from tui_helpers import type_text, until

from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.screens.dialogs import ChoiceScreen
from rung.tui.screens.import_screen import ImportScreen
from rung.tui.widgets.path_input import ImportTree
from rung.tui.widgets.record_table import RecordTable

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SIZE = (100, 30)


def _text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _settle(app: RungApp, pilot) -> None:
    """Wait for the screen's plan and import workers (the directory tree's loader never ends)."""
    await pilot.pause()
    mine = [w for w in app.workers if w.group in ("import", "import-plan")]
    if mine:  # an empty list would mean every worker, the tree's endless loader too
        await app.workers.wait_for_complete(mine)
    await pilot.pause()


async def _open(app: RungApp, pilot, path: Path) -> ImportScreen:
    await pilot.press("5")
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await _settle(app, pilot)
    return screen


async def test_preview_then_import_then_zero_new(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, FIXTURES / "teal_jobs.csv")
        assert "teal.jobs" in _text(screen, "#import-profile")
        mapping = {
            r.cells[0]: r.cells[1] for r in screen.query_one("#import-mapping", RecordTable).rows
        }
        assert mapping["Job Position"] == "job title"
        assert screen.query_one("#import-preview", DataTable).row_count == 2
        assert "would import" in _text(screen, "#import-plan")
        assert "2 applications" in _text(screen, "#import-plan")
        assert store.count("applications") == 0  # the preview and the plan wrote nothing
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert store.count("applications") == 2
        assert "2 applications" in _text(screen, "#import-summary")
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert "nothing new" in _text(screen, "#import-summary")


async def test_refused_file_shows_what_it_is(tmp_path):
    store = Store(tmp_path / "rung.db")
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, bad)
        assert "the file is empty" in _text(screen, "#import-profile")
        await pilot.press("ctrl+r")
        assert store.count("applications") == 0


async def test_a_sheet_with_no_company_column_is_mapped_by_hand_and_imported(tmp_path):
    sheet = tmp_path / "jobs.csv"
    sheet.write_text(
        "Who,What,When\nHarbor Analytics,Engineering Manager,2026-09-02\n"
        "Kite Logistics,Director of Engineering,2026-10-01\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, sheet)
        assert "No column feeds the company" in _text(screen, "#import-plan")
        table = screen.query_one("#import-mapping", RecordTable)
        assert table.has_focus and table.selected_key == 0
        await pilot.press("enter")  # column "Who"
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "company")
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.press("j", "m")  # column "What"
        await type_text(pilot, "job title")
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.press("j", "enter")  # column "When"
        await type_text(pilot, "date applied")
        await pilot.press("enter")
        await _settle(app, pilot)
        fields = [r.cells[1] for r in table.rows]
        assert fields == ["company", "job title", "date applied"]
        assert "2 applications" in _text(screen, "#import-plan")
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        rows = store.query(
            "SELECT c.name, a.title, a.applied_on FROM applications a "
            "JOIN companies c ON c.id = a.company_id ORDER BY c.name"
        )
        assert [tuple(r.values()) for r in rows] == [
            ("Harbor Analytics", "Engineering Manager", "2026-09-02"),
            ("Kite Logistics", "Director of Engineering", "2026-10-01"),
        ]


async def test_progress_bar_reaches_the_end_on_a_large_file(tmp_path):
    big = tmp_path / "Job Applications.csv"
    with big.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "Application Date",
                "Contact Email",
                "Contact Phone Number",
                "Company Name",
                "Job Title",
                "Job Url",
                "Resume Name",
                "Question And Answers",
            ]
        )
        for i in range(6000):
            out.writerow(
                [
                    f"{1 + i % 12}/{1 + i % 28}/25, 9:{i % 60:02d} AM",
                    "",
                    "",
                    f"Company {i % 700}",
                    "Engineering Manager",
                    f"https://www.linkedin.com/jobs/view/{4000000 + i}/",
                    "cv.pdf",
                    "",
                ]
            )
    seen: list[float] = []
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, big)
        bar = screen.query_one("#import-progress", ProgressBar)
        original = screen._progress

        def spy(value: float) -> None:
            seen.append(value)
            original(value)

        screen._progress = spy  # type: ignore[method-assign]
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert store.count("applications") == 6000
        assert len(seen) >= 4 and seen == sorted(seen)  # reading, then writing, onwards
        assert bar.progress == bar.total == 200


async def test_the_tree_chooses_a_file(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "teal_jobs.csv").write_bytes((FIXTURES / "teal_jobs.csv").read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG")
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        screen = app.screen
        screen.query_one("#path", Input).value = str(folder) + "/"
        await pilot.press("ctrl+t")
        await until(
            pilot,
            lambda: isinstance(screen.focused, ImportTree) and screen.focused.root.children,
            what="the tree focused and read",
        )
        tree = screen.query_one(ImportTree)
        assert tree.has_focus and Path(tree.path) == folder
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["teal_jobs.csv"]  # only what rung can import
        await pilot.press("down", "enter")
        await _settle(app, pilot)
        assert screen.query_one("#path", Input).value == str(folder / "teal_jobs.csv")
        assert "teal.jobs" in _text(screen, "#import-profile")


async def test_a_linkedin_zip_plans_and_imports_every_member(tmp_path):
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name,Headline\nSam,Okoye,Staff\n")
        archive.write(FIXTURES / "linkedin_connections.csv", "Connections.csv")
        archive.write(FIXTURES / "linkedin_job_applications.csv", "Jobs/Job Applications.csv")
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, export)
        assert "a LinkedIn export (zip)" in _text(screen, "#import-profile")
        plan = _text(screen, "#import-plan")
        assert plan.count("would import") == 2 and "in one transaction" in plan
        assert "1 other files left out (not rung's): Profile.csv" in plan
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert (store.count("contacts"), store.count("applications")) == (2, 3)


async def test_the_plan_groups_warnings_by_kind(tmp_path):
    export = tmp_path / "Complete_LinkedInDataExport.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(FIXTURES / "linkedin_connections_real.csv", "Connections.csv")
        archive.write(FIXTURES / "linkedin_job_applications_real.csv", "Jobs/Job Applications.csv")
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, export)
        plan = _text(screen, "#import-plan")
        assert "Connections.csv: 8 rows → 5 contacts, 5 companies; 3 skipped" in plan
        assert "⚠ 3 hidden connections skipped (LinkedIn keeps only the date) (line 6 …)" in plan
        assert "⚠ 1 removed posting skipped (no company left in the export) (line 3)" in plan
        assert plan.count("⚠") == 3  # one line per kind, not one per row
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        summary = _text(screen, "#import-summary")
        assert "⚠ 3 hidden connections skipped" in summary
        assert store.count("contacts") == 5
