"""Pilot tests of search everything (ctrl+f / :): grouped hits, typos, opening records."""

from __future__ import annotations

from tui_helpers import type_text

from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.contact_detail import ContactDetailScreen
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.search import SearchScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


def _hit_lines(app: RungApp) -> list[str]:
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_misspelled_name_finds_the_contact_and_enter_opens_it(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "nor quresi")
        await pilot.pause()
        lines = _hit_lines(app)
        assert lines[0].startswith("Contacts (1)")
        assert "Noor Qureshi" in lines[1]
        status = str(app.screen.query_one("#search-status").render())
        assert "nor → noor" in status and "quresi → qureshi" in status
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        noor = demo_store.scalar("SELECT id FROM contacts WHERE name = 'Noor Qureshi'")
        assert app.screen.contact_id == noor


async def test_colon_searches_groups_by_type_and_arrows_pick_an_application(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        await type_text(pilot, "brightline")
        await pilot.pause()
        lines = _hit_lines(app)
        headings = [line.split(" (")[0] for line in lines if not line.startswith("  ")]
        assert headings[:3] == ["Applications", "Companies", "Contacts"]
        assert all(len(line) <= 80 for line in lines)  # one line per hit, never wrapped
        await pilot.press("down", "enter")  # the second application
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        title = demo_store.scalar(
            "SELECT title FROM applications WHERE id = ?", [app.screen.app_id]
        )
        assert title in lines[2]


async def test_feedback_hit_opens_its_gap_on_that_feedback(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await type_text(pilot, "managers of managers")
        await pilot.pause()
        lines = _hit_lines(app)
        assert any(line.startswith("Feedback (") for line in lines)
        first = next(i for i, line in enumerate(lines) if line.startswith("Feedback ("))
        while app.screen.query_one("OptionList").highlighted < first + 1:
            await pilot.press("down")
        key = app.screen.query_one("OptionList").get_option_at_index(first + 1).id
        feedback_id = int(key.split(":")[1])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        assert app.screen.query_one("#gap-feedback", RecordTable).selected_key == feedback_id


async def test_nothing_found_says_so_and_escape_closes(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await type_text(pilot, "xyzzy")
        await pilot.pause()
        assert "no hits" in str(app.screen.query_one("#search-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
