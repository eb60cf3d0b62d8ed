"""Pilot tests of the detail screens: delete and undo, the timeline's items, closing an
application with interviews ahead."""

from __future__ import annotations

from tui_helpers import selected_key, table_rows

from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.contact_detail import ContactDetailScreen
from rung.tui.screens.contacts import ContactsScreen
from rung.tui.screens.pipeline import PipelineScreen

SIZE = (80, 24)


def _stack(app: RungApp) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_delete_from_contact_detail_closes_it_once_and_undo_restores(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        key = selected_key(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        await pilot.press("d", "y")
        await pilot.pause()
        assert _stack(app) == ["ContactsScreen"]
        assert demo_store.scalar("SELECT count(*) FROM contacts WHERE id = ?", [key]) == 0
        assert key not in [row.key for row in app.screen.table.rows]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        assert demo_store.scalar("SELECT count(*) FROM contacts WHERE id = ?", [key]) == 1
        assert key in [row.key for row in app.screen.table.rows]
    assert app.return_code in (None, 0)


async def test_delete_from_application_detail_closes_it_once_and_undo_restores(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = selected_key(app)
        total = len(table_rows(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        await pilot.press("D", "y")
        await pilot.pause()
        assert _stack(app) == ["PipelineScreen"]
        assert demo_store.scalar("SELECT count(*) FROM applications WHERE id = ?", [key]) == 0
        assert len(table_rows(app)) == total - 1
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        assert demo_store.scalar("SELECT count(*) FROM applications WHERE id = ?", [key]) == 1
        assert key in [row.key for row in app.screen.table.rows]
    assert app.return_code in (None, 0)


async def test_escape_twice_fast_leaves_the_detail_once(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.close()
        app.screen.close()
        await pilot.pause()
        assert _stack(app) == ["PipelineScreen"]


_OLD_LINKEDIN_APPLICATIONS = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\n"
    '"3/7/26, 2:22 PM",,,Oldfield Labs,Director of Engineering,'
    "https://www.linkedin.com/jobs/view/901,cv.pdf,\n"
    '"9/9/25, 9:05 AM",,,Quarry Systems,Engineering Manager,'
    "https://www.linkedin.com/jobs/view/902,cv.pdf,\n"
)


async def test_imported_rows_show_their_own_last_activity_in_the_pipeline(store, tmp_path):
    from rung.core.commands.applications import add_application
    from rung.core.importing import import_files

    add_application(store, company="Nowhere Corp", title="Team Lead", applied_on="2026-11-16")
    path = tmp_path / "Job Applications.csv"
    path.write_text(_OLD_LINKEDIN_APPLICATIONS, encoding="utf-8")
    import_files(store, [path])
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = table_rows(app)
        assert [r[0] for r in rows] == ["Nowhere Corp", "Oldfield Labs", "Quarry Systems"]
        last = [r[5] for r in rows]
        assert "today" not in last
        assert last[0] == "7d"
        assert last[1].endswith("mo") and last[2].endswith(("mo", "y"))


# -- the timeline: enter edits an item, d deletes it, u undoes (issue 14.7) --------------


def _application_with_history(store):
    from rung.core.commands.applications import add_application, move_stage
    from rung.core.commands.contacts import add_contact, log_interaction
    from rung.core.commands.feedback import add_feedback
    from rung.core.commands.followups import add_followup
    from rung.core.commands.interviews import add_interview

    app = add_application(
        store, company="Acme Robotics", title="Director of Engineering", applied_on="2026-10-01"
    )
    move_stage(store, app.id, "interviewing", at="2026-10-20")
    add_interview(
        store, app.id, kind="recruiter screen", scheduled_at="2026-10-22 10:00", outcome="passed"
    )
    panel = add_interview(
        store,
        app.id,
        kind="panel",
        scheduled_at="2026-11-26 10:00",
        with_whom="Dana",
        outcome="pending",
    )
    dana = add_contact(store, name="Dana Reyes")
    log_interaction(
        store, dana.id, at="2026-10-25", channel="call", summary="debrief", application_id=app.id
    )
    add_feedback(
        store, "they want more people management", application_id=app.id, received_on="2026-10-28"
    )
    add_followup(store, what="Send the deck", due_on="2026-11-27", application_id=app.id)
    return app, panel


async def _open_detail(app, pilot, app_id):
    app.open_application(app_id)
    await pilot.pause()
    assert isinstance(app.screen, ApplicationDetailScreen)
    return app.screen


async def _highlight(pilot, screen, kind, ref_id=None):
    index = next(
        i
        for i, e in enumerate(screen.entries)
        if e.kind == kind and (ref_id is None or e.ref_id == ref_id)
    )
    await pilot.press("g", *["j"] * index)
    assert screen.selected_entry().kind == kind
    return screen.entries[index]


def _timeline_text(app) -> list[str]:
    return [" ".join(cells) for cells in table_rows(app, "#timeline")]


async def test_enter_on_an_interview_edits_it_and_u_takes_the_edit_back(store):
    from rung.core.commands.interviews import get_interview
    from rung.tui.screens.dialogs import FormScreen

    application, panel = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await _open_detail(app, pilot, application.id)
        await _highlight(pilot, screen, "interview", panel.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "tab", "tab", "tab")  # kind, when, with, round -> outcome
        await pilot.press("p", "a", "s")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert get_interview(store, panel.id).outcome == "passed"
        assert get_interview(store, panel.id).scheduled_at == "2026-11-26T10:00"  # untouched
        assert any("panel with Dana — passed" in line for line in _timeline_text(app))
        assert screen.selected_entry().ref_id == panel.id  # the cursor stays on it
        await pilot.press("u")
        await pilot.pause()
        assert get_interview(store, panel.id).outcome == "pending"


async def test_d_deletes_the_highlighted_item_and_u_restores_it(store):
    application, panel = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await _open_detail(app, pilot, application.id)
        for kind, table in (
            ("interview", "interviews"),
            ("interaction", "interactions"),
            ("feedback", "feedback"),
            ("followup", "followups"),
        ):
            before = store.count(table)
            await _highlight(pilot, screen, kind)
            await pilot.press("d", "y")
            await pilot.pause()
            assert store.count(table) == before - 1, kind
            assert app.screen is screen  # the application stays open
            assert store.scalar("SELECT count(*) FROM applications") == 1
            await pilot.press("u")
            await pilot.pause()
            assert store.count(table) == before, kind
        assert len(screen.entries) == 7


async def test_stage_rows_are_read_only_and_say_so(store):
    from rung.tui.screens.dialogs import ConfirmScreen, FormScreen

    application, _ = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = await _open_detail(app, pilot, application.id)
        await _highlight(pilot, screen, "stage")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        messages = [n.message for n in app._notifications]
        assert any("read-only" in m and "s moves the stage" in m for m in messages)
        assert any("D deletes the whole application" in m for m in messages)
        assert store.count("stage_events") == 2


async def test_enter_on_a_follow_up_changes_its_due_date(store):
    from rung.core.commands.followups import list_followups

    application, _ = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await _open_detail(app, pilot, application.id)
        await _highlight(pilot, screen, "followup")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+u")
        for ch in "2026-12-04":
            await pilot.press(ch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [f.due_on for f in list_followups(store, application_id=application.id)] == [
            "2026-12-04"
        ]
        await pilot.press("u")
        await pilot.pause()
        assert [f.due_on for f in list_followups(store, application_id=application.id)] == [
            "2026-11-27"
        ]


def test_detail_keys_carry_ids_and_tooltips():
    bindings = {b.id: b for b in ApplicationDetailScreen.BINDINGS}
    assert bindings["application.delete_item"].key == "d"
    assert bindings["application.delete"].key == "D"
    assert all(b.tooltip for b in bindings.values())


# -- closing an application offers to cancel its interviews ahead (issue 14.6) -----------


async def _move_to(pilot, stage: str):
    await pilot.press("s")
    await pilot.pause()
    for ch in stage:
        await pilot.press(ch)
    await pilot.press("enter")
    await pilot.pause()


async def test_moving_to_rejected_offers_to_cancel_interviews_ahead_default_yes(store):
    from rung.core.commands.interviews import get_interview
    from rung.core.export import export_ics
    from rung.core.review import build_review, render_markdown
    from rung.tui.screens.dialogs import ConfirmScreen

    application, panel = _application_with_history(store)
    assert panel.id in [i.id for i in build_review(store).interviews.ahead]
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await _open_detail(app, pilot, application.id)
        await _move_to(pilot, "rejected")
        assert isinstance(app.screen, ConfirmScreen)
        assert "cancel the 1 interview" in str(app.screen.question)
        await pilot.press("enter")  # the default: yes
        await pilot.pause()
        assert app.screen is screen
        assert get_interview(store, panel.id).outcome == "cancelled"
        assert any("panel with Dana — cancelled" in line for line in _timeline_text(app))
        # the move, its timeline entry and the Review agree
        events = store.query(
            "SELECT from_stage, to_stage, at FROM stage_events "
            "WHERE application_id = ? ORDER BY id",
            [application.id],
        )
        assert (events[-1]["from_stage"], events[-1]["to_stage"]) == ("interviewing", "rejected")
        assert any(
            line.startswith("2026-11-23 stage") and "interviewing → rejected" in line
            for line in _timeline_text(app)
        )
        review = build_review(store)
        assert [(m.from_stage, m.to_stage) for m in review.moved] == [("interviewing", "rejected")]
        assert review.moved[0].at == events[-1]["at"]
        assert panel.id not in [i.id for i in review.interviews.ahead]
        assert "panel" not in render_markdown(review).split("## Interviews ahead")[1][:200]
        assert "STATUS:CANCELLED" in export_ics(store)


async def test_keeping_the_interviews_and_moving_between_active_stages(store):
    from rung.core.commands.interviews import get_interview
    from rung.tui.screens.dialogs import ConfirmScreen

    application, panel = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_detail(app, pilot, application.id)
        await _move_to(pilot, "offer")  # not a closing stage: nothing asked
        assert not isinstance(app.screen, ConfirmScreen)
        await _move_to(pilot, "withdrawn")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert get_interview(store, panel.id).outcome == "pending"
        assert store.query_one("SELECT stage FROM applications")["stage"] == "withdrawn"


async def test_the_edit_form_moving_to_ghosted_offers_it_too(store):
    from rung.core.commands.interviews import get_interview
    from rung.tui.screens.dialogs import ConfirmScreen

    application, panel = _application_with_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_detail(app, pilot, application.id)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")  # company, title, level -> stage
        await pilot.press("g", "h")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.query_one("SELECT stage FROM applications")["stage"] == "ghosted"
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert get_interview(store, panel.id).outcome == "cancelled"
