"""Feedback candidates: what imports find in recruiters' messages waits for a yes or no,
in the core, on the command line and on the screen."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.clustering import gaps_report
from rung.core.clustering.candidates import (
    confirm_candidates,
    count_candidates,
    dismiss_candidates,
    list_candidates,
    reopen_candidates,
)
from rung.core.importing import import_files
from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.cli import cli
from rung.tui.screens.candidates import CandidatesScreen
from tests.tui_helpers import table_rows

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _export(tmp_path: Path) -> Path:
    archive = tmp_path / "Basic_LinkedInDataExport_03-20-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "linkedin_job_applications.csv", "Jobs/Job Applications.csv")
        z.write(FIXTURES / "linkedin_connections.csv", "Connections.csv")
        z.write(FIXTURES / "linkedin_messages.csv", "messages.csv")
    return archive


def _in_report(store: Store, ident: int) -> str | None:
    """The slug of the gap the report files ``ident`` under ("" = unclustered), or None."""
    report = gaps_report(store)
    for gap in report.gaps:
        if any(f.id == ident for f in gap.feedback):
            return gap.slug
    return "" if any(f.id == ident for f in report.unclustered) else None


@pytest.fixture
def imported(tmp_path):
    store = Store(tmp_path / "rung.db")
    import_files(store, [_export(tmp_path)])
    yield store
    store.close()


def test_a_rejection_in_a_message_waits_until_confirmed_then_joins_its_gap(imported):
    [candidate] = list_candidates(imported)
    assert candidate.company == "Globex" and candidate.source == "linkedin message"
    assert "managing managers" in candidate.text
    assert _in_report(imported, candidate.id) is None  # not counted while it waits
    assert confirm_candidates(imported, [candidate.id, 999]) == [candidate.id]
    assert _in_report(imported, candidate.id) == "managing_managers"
    assert count_candidates(imported) == 0
    reopen_candidates(imported, [candidate.id])  # undo
    assert count_candidates(imported) == 1 and _in_report(imported, candidate.id) is None
    assert dismiss_candidates(imported, [candidate.id]) == [candidate.id]
    assert imported.scalar("SELECT status FROM feedback") == "dismissed"
    assert _in_report(imported, candidate.id) is None
    assert confirm_candidates(imported, [candidate.id]) == []  # a decision stands


def test_accept_feedback_files_it_under_its_gap_at_import(tmp_path):
    store = Store(tmp_path / "rung.db")
    import_files(store, [_export(tmp_path)], accept_feedback=True)
    row = store.query_one("SELECT id, status FROM feedback")
    assert row["status"] == "confirmed"
    assert _in_report(store, row["id"]) == "managing_managers"
    store.close()


def test_cli_lists_confirms_and_dismisses_candidates(tmp_path, imported):
    db = str(imported.path)
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", db, "feedback", "candidates", "--json"])
    [item] = json.loads(listed.output)
    assert item["company"] == "Globex" and item["application_id"] is not None
    assert "1 candidate(s)" in runner.invoke(cli, ["--db", db, "feedback", "candidates"]).output
    both = runner.invoke(cli, ["--db", db, "feedback", "confirm", str(item["id"]), "--all"])
    assert both.exit_code == 2 and "not both" in both.output
    unknown = runner.invoke(cli, ["--db", db, "feedback", "dismiss", "4242"])
    assert unknown.exit_code == 1 and "not candidates: 4242" in unknown.output
    done = runner.invoke(cli, ["--db", db, "feedback", "confirm", "--all"])
    assert done.exit_code == 0 and "confirmed 1 candidate(s)" in done.output
    assert runner.invoke(cli, ["--db", db, "feedback", "candidates"]).output.startswith(
        "no feedback candidates"
    )


def test_import_tells_where_the_candidates_wait(tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "rung.db"), "import", str(_export(tmp_path))]
    )
    assert result.exit_code == 0, result.output
    assert "1 feedback candidate(s) wait for you: rung feedback candidates" in result.output


async def test_the_screen_confirms_dismisses_and_undoes_with_one_key(imported):
    app = RungApp(imported)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "1 feedback candidate from imports waits" in str(
            app.screen.query_one("#gaps-headline").render()
        )
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CandidatesScreen)
        [row] = table_rows(app, "#candidates")
        assert row[1].startswith("Globex")
        await pilot.press("y")
        await pilot.pause()
        assert imported.scalar("SELECT status FROM feedback") == "confirmed"
        assert table_rows(app, "#candidates") == []
        assert "No feedback candidates" in str(app.screen.query_one("#candidates-intro").render())
        await pilot.press("u")
        await pilot.pause()
        assert imported.scalar("SELECT status FROM feedback") == "candidate"
        assert len(table_rows(app, "#candidates")) == 1
        await pilot.press("x")
        await pilot.pause()
        assert imported.scalar("SELECT status FROM feedback") == "dismissed"
        await pilot.press("escape")
        await pilot.pause()
        assert "candidate" not in str(app.screen.query_one("#gaps-headline").render())


async def test_the_candidates_key_shows_only_when_some_wait(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        for area in ("3", "5"):
            await pilot.press(area)
            await pilot.pause()
            keys = {b.binding.action for b in app.screen.active_bindings.values()}
            assert "candidates" in keys
            assert app.screen.check_action("candidates", ()) is None  # hidden, off
        await pilot.press("3", "c")
        await pilot.pause()
        assert not isinstance(app.screen, CandidatesScreen)
    store.close()
