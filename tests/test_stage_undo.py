"""u takes back a stage move (board, Pipeline, detail): the event goes, the stage returns;
an undo that would rewrite a newer history is refused and says so."""

from __future__ import annotations

import pytest
from test_board import events_of, lane_index, open_board, select_card, settle, stage_of

from rung.core.commands.applications import add_application, move_stage, undo_stage_move
from rung.core.errors import ValidationError
from rung.tui.app import RungApp


def test_undo_stage_move_removes_the_event_and_restores_the_stage(store):
    app = add_application(store, company="Acme", title="Engineering Manager", stage="applied")
    before = events_of(store, app.id)
    move_stage(store, app.id, "screening")
    undone = undo_stage_move(store, app.id, "applied", "screening")
    assert undone.stage == "applied"
    assert events_of(store, app.id) == before


def test_undo_stage_move_is_refused_once_the_application_moved_on(store):
    app = add_application(store, company="Acme", title="Engineering Manager", stage="applied")
    move_stage(store, app.id, "screening")
    move_stage(store, app.id, "interviewing")
    with pytest.raises(ValidationError, match="no longer screening"):
        undo_stage_move(store, app.id, "applied", "screening")
    assert stage_of(store, app.id) == "interviewing"


async def test_u_takes_back_a_board_move_and_says_so(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        app_id = demo_store.scalar(
            "SELECT id FROM applications WHERE stage = 'applied' ORDER BY id LIMIT 1"
        )
        await select_card(pilot, board, app_id)
        before = events_of(demo_store, app_id)
        await pilot.press("L", "L")
        await pilot.pause()
        assert stage_of(demo_store, app_id) == "interviewing"
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(demo_store, app_id) == "screening"
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(demo_store, app_id) == "applied"
        assert events_of(demo_store, app_id) == before
        assert board.selected_key == app_id and board.current == lane_index("applied")
        assert any("Undone" in n.message or n.title == "Undone" for n in app._notifications)


async def test_an_undo_refused_changes_nothing_and_does_not_claim_it(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        app_id = demo_store.scalar(
            "SELECT id FROM applications WHERE stage = 'applied' ORDER BY id LIMIT 1"
        )
        await select_card(pilot, board, app_id)
        await pilot.press("L")
        await pilot.pause()
        move_stage(demo_store, app_id, "interviewing")  # elsewhere (the CLI, an import)
        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(demo_store, app_id) == "interviewing"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not undone") for m in messages), messages
        assert not any(m.startswith("Undone") for m in messages)
