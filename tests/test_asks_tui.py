"""Ask back in the app (issue 16): from the Review, a drafts the message, ctrl+y copies it,
ctrl+s logs it sent, A logs the answer; the Gaps header and the company page remember."""

from __future__ import annotations

import stat

from test_asks import build_world
from tui_helpers import table_rows, type_text

from rung.core import asks
from rung.core.commands.contacts import add_contact
from rung.tui.app import RungApp
from rung.tui.screens.ask import AskScreen, ask_contact
from rung.tui.screens.company import CompanyScreen
from rung.tui.screens.dialogs import ConfirmScreen, FormScreen
from rung.tui.screens.gaps import GapsScreen
from rung.tui.screens.review import ReviewScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _to_review_row(pilot, app, starts: str) -> None:
    await pilot.press("4")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    rows = table_rows(app, "#review-items")
    index = next(i for i, r in enumerate(rows) if r[0].strip().startswith(starts))
    app.screen.query_one("#review-items", RecordTable).cursor = index
    await pilot.pause()


async def test_ask_from_the_review_copy_send_then_answer(store):
    world = build_world(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        rows = table_rows(app, "#review-items")
        assert any(r[0].startswith("▾ Ask why: 2 rejections without a reason") for r in rows)
        await _to_review_row(pilot, app, "Acme Inc. — Engineering Manager")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskScreen)
        assert "Dana Reyes <dana@example.com>" in str(dialog.query_one("#ask-to").render())
        assert dialog.text.startswith("Hi Dana,")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == dialog.text
        assert "Copied — paste it into your mail" in _messages(app)
        await pilot.press("end", "space", "T", "y")  # edit in place: "Thank you, Ty"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        row = store.query_one("SELECT * FROM asks WHERE feedback_id = ?", [world.generic])
        assert row["asked_on"] == "2026-11-23" and row["message"].startswith("Hi Dana,")
        assert row["message"] != asks.draft_why(store, world.generic).text  # the edited text
        assert (
            store.scalar("SELECT due_on FROM followups WHERE id = ?", [row["followup_id"]])
            == "2026-11-28"
        )
        assert any("follow-up Sat 2026-11-28" in m for m in _messages(app))
        rows = table_rows(app, "#review-items")
        assert ("  asked Mon, no answer: Acme Inc. — Engineering Manager", "Dana") in rows
        await _to_review_row(pilot, app, "asked Mon, no answer: Acme Inc.")
        assert any(r[0].startswith("▾ Ask why: 1 rejection without a reason") for r in rows)
        # the answer: A, what they said, ctrl+s
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "they had managed managers for years")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert asks.get_ask(store, world.generic).answered
        assert store.scalar("SELECT done_at FROM followups WHERE id = ?", [row["followup_id"]])
        assert (
            store.scalar(
                "SELECT g.slug FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
                [world.generic],
            )
            == "managing_managers"
        )
        assert any("Managing managers" in m for m in _messages(app))
        assert not any(
            "Acme Inc." in r[0]
            for r in table_rows(app, "#review-items")
            if r[0].startswith("  asked")
        )


async def test_nobody_known_pick_who_it_went_to(store):
    world = build_world(store)
    kim = add_contact(store, name="Kim Ito", linkedin_url="https://www.linkedin.com/in/kim")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_review_row(pilot, app, "Globex — Director of Engineering")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskScreen) and dialog.text.startswith("Hi,")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and store.count("asks") == 0
        assert "Pick who you sent it to" in str(dialog.query_one("#ask-message").render())
        await type_text(pilot, "Kim")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        row = store.query_one("SELECT * FROM asks WHERE feedback_id = ?", [world.form])
        assert row["contact_id"] == kim.id
        assert (
            store.scalar("SELECT channel FROM interactions WHERE id = ?", [row["interaction_id"]])
            == "linkedin"
        )


async def test_escape_asks_before_throwing_edits_away(store):
    build_world(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_review_row(pilot, app, "Acme Inc.")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("escape")  # nothing edited: closes
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("x")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and store.count("asks") == 0
        assert dialog is not app.screen


async def test_ctrl_e_edits_the_message_in_the_editor(store, tmp_path, monkeypatch):
    build_world(store)
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\nprintf 'Hi Dana, edited in vi\\n' > \"$1\"\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_review_row(pilot, app, "Acme Inc.")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.text == "Hi Dana, edited in vi\n"


async def test_an_intro_ask_opens_the_same_dialog(store):
    world = build_world(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        ask_contact(app.screen, "intro", world.globex.id, world.dana.id)
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and app.screen.draft.kind == "intro"
        assert "Ask for an intro · Globex" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.scalar("SELECT kind FROM asks") == "intro"
        ask_contact(app.screen, "intro", world.globex.id, 999)  # an error is a toast
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "no contact with id 999" in _messages(app)


async def test_review_intros_rows_dispatch_a_to_the_intro_ask(store):
    world = build_world(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#review-items", RecordTable)
        key = table.selected_key
        screen.headers = {
            k: ("intros" if k == min(screen.headers) else v) for k, v in screen.headers.items()
        }
        screen.targets[key] = ("intro", world.globex.id)
        screen.intro_contacts[world.globex.id] = world.dana.id
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and app.screen.draft.kind == "intro"


async def test_gaps_header_and_company_page_show_how_asks_went(store):
    world = build_world(store)
    asks.mark_sent(store, asks.draft_why(store, world.generic))
    asks.record_answer(store, world.generic, "managing managers")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        header = str(app.screen.query_one("#gaps-headline").render())
        assert "Asks: asked 1, 1 answered · 1 open, 1 not sent" in header
        app.open_company(world.acme.company_id)
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        fields = str(app.screen.query_one("#company-fields").render())
        assert "Answers: 1 of 1 asks answered · Dana Reyes answered" in fields
