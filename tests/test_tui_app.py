"""Pilot tests of Contacts, help, command palette, and the bindings themselves."""

from __future__ import annotations

from textual.command import CommandPalette
from tui_helpers import palette_settled, selected_key, table_rows, type_text

from rung.core.commands.contacts import get_contact
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.contact_detail import ContactDetailScreen
from rung.tui.screens.contacts import ContactsScreen
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.help import HelpScreen
from rung.tui.widgets.followup_table import FollowupTable
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


async def test_contacts_overdue_first_and_add(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        rows = app.screen.query_one("#records", RecordTable).rows
        assert len(rows) == demo_store.count("contacts")
        tones = [r.tone for r in rows]
        due = tones.count("warn")
        assert due > 0 and tones[:due] == ["warn"] * due  # overdue first
        await pilot.press("a")
        await type_text(pilot, "Dana Reyes")
        await pilot.press("enter")
        await type_text(pilot, "Acme")
        await pilot.press("enter", "enter")
        await type_text(pilot, "recruiter")
        await pilot.press("enter")
        await type_text(pilot, "not an email")
        await pilot.press("ctrl+s")
        assert "e-mail" in str(app.screen.query_one("#error-email").render())
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = demo_store.query_one("SELECT * FROM contacts WHERE name = 'Dana Reyes'")
        assert row["relationship"] == "recruiter"
        assert selected_key(app) == row["id"]


async def test_log_interaction_restarts_cadence(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        key = selected_key(app)
        before = get_contact(demo_store, key)
        assert before.cadence_due is not None and before.cadence_due <= "2026-11-23"
        await pilot.press("l")
        await type_text(pilot, "Coffee about the director role")
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = get_contact(demo_store, key)
        assert after.last_contacted.startswith("2026-11-23")
        assert after.cadence_due > "2026-11-23"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        summaries = [r[2] for r in table_rows(app, "#interactions")]
        assert summaries[0] == "Coffee about the director role"


async def test_delete_contact_and_undo(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        key = selected_key(app)
        interactions = demo_store.count("interactions")
        await pilot.press("d", "y")
        await pilot.pause()
        assert demo_store.scalar("SELECT count(*) FROM contacts WHERE id = ?", [key]) == 0
        assert demo_store.count("interactions") < interactions
        await pilot.press("u")
        await pilot.pause()
        assert get_contact(demo_store, key).id == key
        assert demo_store.count("interactions") == interactions


async def test_help_lists_the_screen_keys(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for words in ("Add", "Move the selected", "Stage", "Filter", "Quit", "Undo", "Contacts"):
            assert words in text or words.lower() in text.lower()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_a_record_by_name(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "sable robotics senior")
        await palette_settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert "Sable Robotics" in app.screen.query_one("#topbar").status


async def _palette_hits(app: RungApp, pilot, query: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    await palette_settled(pilot)
    hits = app.screen.query_one(CommandList)
    return [
        str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(hits.option_count)
    ]


async def test_palette_finds_gaps_forgives_typos_and_ranks_recent_first(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        hits = await _palette_hits(app, pilot, "managing managrs")
        assert hits[0] == "Managing managers"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen) and app.screen.slug == "managing_managers"
        await pilot.press("escape")
        # two Brightline applications: the one opened last comes first afterwards
        first_before = (await _palette_hits(app, pilot, "brightline"))[0]
        await pilot.press("escape")
        app.open_application(
            demo_store.scalar(
                "SELECT a.id FROM applications a JOIN companies c ON c.id = a.company_id "
                "WHERE c.name = 'Brightline Payments' ORDER BY a.updated_at LIMIT 1"
            )
        )
        await pilot.pause()
        await pilot.press("escape")
        hits = await _palette_hits(app, pilot, "brightline")
        opened = demo_store.query_one(
            "SELECT c.name || ' — ' || a.title AS t FROM applications a JOIN companies c ON "
            "c.id = a.company_id WHERE a.id = ?",
            [app.recent[0][1]],
        )["t"]
        assert hits[0] == opened != first_before


async def test_palette_reaches_screens(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "go to contacts")
        await palette_settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)


async def test_settings_cadence_and_stale_days_apply(demo_store):
    from rung.core.config import Settings

    app = RungApp(
        demo_store,
        settings=Settings(
            stale_days=1000, cadence={"recruiter": 1000, "referrer": 1000, "mentor": 1000}
        ),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert all(r.tone != "warn" for r in app.screen.query_one(RecordTable).rows)
        await pilot.press("2")
        await pilot.pause()
        overdue = [
            r for r in app.screen.query_one("#records", RecordTable).rows if r.tone == "warn"
        ]
        # only explicit follow-ups and contacts with their own cadence remain due
        assert len(overdue) < 8


async def test_contacts_followups_pane_done_snooze_and_open(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.query_one("#followups", FollowupTable)
        open_count = demo_store.scalar("SELECT count(*) FROM followups WHERE done_at IS NULL")
        assert len(pane.rows) == open_count
        assert "5 overdue" in str(app.screen.query_one("#followups-title").render())
        assert "Follow-ups" in [label for _, _, label, _ in app.screen.query_one(KeyBar).items]
        await pilot.press("tab")
        await pilot.pause()
        assert pane.has_focus
        first = pane.selected_key
        await pilot.press("d")  # done, not delete: the pane's key wins while it has focus
        await pilot.pause()
        assert demo_store.scalar("SELECT done_at FROM followups WHERE id = ?", [first])
        assert demo_store.count("contacts") == 71
        assert len(pane.rows) == open_count - 1
        second = pane.selected_key
        due = demo_store.scalar("SELECT due_on FROM followups WHERE id = ?", [second])
        await pilot.press("Z")
        await pilot.pause()
        assert demo_store.scalar("SELECT due_on FROM followups WHERE id = ?", [second]) > due
        contact = demo_store.scalar(
            "SELECT contact_id FROM followups WHERE id = ?", [pane.selected_key]
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.contact_id == contact
        await pilot.press("escape", "tab")
        await pilot.pause()
        assert app.screen.query_one("#records", RecordTable).has_focus


async def test_a_screen_resumed_before_it_is_composed_reads_nothing(demo_store):
    """A screen built ahead (prewarm) can get its ScreenResume before compose, or while
    the app closes: it reads nothing then (CI saw NoMatches '#review-funnel')."""
    from rung.tui.screens.review import ReviewScreen

    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        early = ReviewScreen()
        early.refresh_if_stale()  # not mounted: no query, no error
        assert early._seen_version != app.data_version  # still to load when shown
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.review is not None
