"""Pilot tests of the Pipeline's board (b): columns, counts, keys, moves, the way back."""

from __future__ import annotations

from tui_helpers import selected_key, table_rows, type_text

from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.board import BOARD_COLUMNS, board_cards, stage_step
from rung.core.stages import ACTIVE_STAGES, TERMINAL_STAGES
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.board import CLOSED, BoardScreen
from rung.tui.screens.dialogs import ChoiceScreen
from rung.tui.screens.pipeline import PipelineScreen
from rung.tui.widgets.board_view import BoardView

SIZE = (80, 24)
WIDE = (160, 45)


def board_of(app: RungApp) -> BoardView:
    screen = app.screen
    assert isinstance(screen, BoardScreen), type(screen).__name__
    return screen.board


def lane_index(stage: str) -> int:
    return next(i for i, col in enumerate(BOARD_COLUMNS) if stage in col.stages)


def line_text(board: BoardView, y: int) -> str:
    return board.render_line(y).text


def stage_of(store, app_id: int) -> str:
    return store.scalar("SELECT stage FROM applications WHERE id = ?", [app_id])


def events_of(store, app_id: int) -> list[tuple[str | None, str]]:
    return [
        (r["from_stage"], r["to_stage"])
        for r in store.query(
            "SELECT from_stage, to_stage FROM stage_events WHERE application_id = ? ORDER BY id",
            [app_id],
        )
    ]


async def settle(pilot) -> None:
    """Wait for the board's read of the cards (a thread) and the repaint after it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_board(pilot) -> BoardView:
    await pilot.pause()
    await pilot.press("b")
    await settle(pilot)
    return board_of(pilot.app)


async def select_card(pilot, board: BoardView, app_id: int) -> None:
    """Walk to the card of ``app_id`` with h/l and j/k, as a user would."""
    target = next(
        i for i, lane in enumerate(board.lanes) if any(c.id == app_id for c in lane.cards)
    )
    while board.current != target:
        await pilot.press("l" if board.current < target else "h")
    lane = board.lanes[target]
    index = next(i for i, c in enumerate(lane.cards) if c.id == app_id)
    while lane.cursor != index:
        await pilot.press("j" if lane.cursor < index else "k")
    assert board.selected_key == app_id


async def test_b_toggles_between_table_and_board_and_lands_on_the_same_application(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        on_table = selected_key(app)
        board = await open_board(pilot)
        assert board.selected_key == on_table  # the board opens on the table's selection
        assert "› board" in app.screen.query_one("#topbar").status
        await pilot.press("l", "j")
        chosen = board.selected_key
        assert chosen is not None and chosen != on_table
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        assert selected_key(app) == chosen
        board = await open_board(pilot)
        await pilot.press("h")
        chosen = board.selected_key
        await pilot.press("escape")  # esc goes back too
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        assert selected_key(app) == chosen


async def test_columns_are_the_stages_with_their_counts(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        board = await open_board(pilot)
        counts = {
            r["stage"]: r["n"]
            for r in demo_store.query(
                "SELECT stage, count(*) AS n FROM applications GROUP BY stage"
            )
        }
        heading = line_text(board, 0)
        for lane in board.lanes:
            expected = sum(counts.get(s, 0) for s in lane.column.stages)
            assert len(lane.cards) == expected, lane.column.key
            assert all(c.stage in lane.column.stages for c in lane.cards)
            assert f"{lane.column.label}" in heading
        assert [lane.column.key for lane in board.lanes] == [*ACTIVE_STAGES, "closed"]
        assert BOARD_COLUMNS[CLOSED].stages == TERMINAL_STAGES
        closed = sum(counts.get(s, 0) for s in TERMINAL_STAGES)
        assert heading.rstrip().endswith(str(closed))  # 160 columns: all six fit
        assert len(board.layout_lanes()) == len(BOARD_COLUMNS)
        assert min(width for _, width in board.layout_lanes()) >= 26  # wider cards


async def test_h_l_between_columns_and_j_k_in_a_column(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press(*["h"] * 6)
        assert board.current == 0
        await pilot.press("h")  # the first column stays selected
        assert board.current == 0
        await pilot.press("l")
        assert board.current == 1
        await pilot.press("right")
        assert board.current == 2
        await pilot.press("left")
        assert board.current == 1
        lane = board.lanes[1]
        assert len(lane.cards) >= 2
        await pilot.press("k")  # already on the first card
        assert lane.cursor == 0
        await pilot.press("j")
        assert lane.cursor == 1 and board.selected_key == lane.cards[1].id
        await pilot.press("k")
        assert board.selected_key == lane.cards[0].id
        await pilot.press("G")
        assert lane.cursor == len(lane.cards) - 1
        await pilot.press("g")
        assert lane.cursor == 0
        # each column remembers its own selected card
        await pilot.press("j", "l", "h")
        assert lane.cursor == 1


async def test_shift_l_and_shift_h_move_the_card_and_record_stage_events(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        app_id = demo_store.scalar(
            "SELECT id FROM applications WHERE stage = 'applied' ORDER BY id LIMIT 1"
        )
        await select_card(pilot, board, app_id)
        before = events_of(demo_store, app_id)
        applied = len(board.lanes[lane_index("applied")].cards)
        await pilot.press("L")
        await pilot.pause()
        assert stage_of(demo_store, app_id) == "screening"
        assert events_of(demo_store, app_id) == [*before, ("applied", "screening")]
        # the card followed to its new column, on top (just moved), and stays selected
        assert board.current == lane_index("screening")
        assert board.selected_key == app_id
        assert board.lanes[board.current].cards[0].id == app_id
        assert board.selected_card.days == 0
        assert len(board.lanes[lane_index("applied")].cards) == applied - 1
        assert "Screening" in line_text(board, 0)
        await pilot.press("H")
        await pilot.pause()
        assert stage_of(demo_store, app_id) == "applied"
        assert events_of(demo_store, app_id)[-1] == ("screening", "applied")
        assert board.selected_key == app_id and board.current == lane_index("applied")
        await pilot.press("b")
        await pilot.pause()
        assert selected_key(app) == app_id
        # the table shows the moves (it reads the database again when it comes back)
        assert app.screen.apps[app_id].stage == "applied"


async def test_a_move_does_not_read_every_card_again(demo_store, monkeypatch):
    from rung.tui.screens import board as board_module

    calls = []
    real = board_module.board_cards
    monkeypatch.setattr(board_module, "board_cards", lambda store: calls.append(1) or real(store))
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert calls == [1]
        await pilot.press("l", "L", "L", "H")
        await pilot.pause()
        assert calls == [1]  # the moves updated the board in place
        assert board.selected_key is not None


async def test_offer_moves_on_to_accepted_and_a_closed_card_steps_back_where_it_was(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        board = await open_board(pilot)
        offer = demo_store.scalar("SELECT id FROM applications WHERE stage = 'offer' LIMIT 1")
        await select_card(pilot, board, offer)
        await pilot.press("L")
        await pilot.pause()
        assert stage_of(demo_store, offer) == "accepted"
        assert board.current == CLOSED and board.selected_key == offer
        assert "accepted" in line_text(board, 4)  # the closed card names its stage
        await pilot.press("L")  # nothing after closed: s picks a stage
        await pilot.pause()
        assert stage_of(demo_store, offer) == "accepted"
        await pilot.press("H")
        await pilot.pause()
        assert stage_of(demo_store, offer) == "offer"
        # a rejection taken back goes to the stage it was rejected from
        screening = demo_store.scalar(
            "SELECT id FROM applications WHERE stage = 'screening' LIMIT 1"
        )
        move_stage(demo_store, screening, "rejected")
        assert stage_step(demo_store, screening, "rejected", -1) == "screening"
        assert stage_step(demo_store, screening, "rejected", 1) is None
        assert stage_step(demo_store, screening, "saved", -1) is None


async def test_s_picks_a_stage_and_the_card_follows(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        app_id = demo_store.scalar("SELECT id FROM applications WHERE stage = 'saved' LIMIT 1")
        await select_card(pilot, board, app_id)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "interv")
        await pilot.press("enter")
        await settle(pilot)
        assert stage_of(demo_store, app_id) == "interviewing"
        assert events_of(demo_store, app_id)[-1] == ("saved", "interviewing")
        board = board_of(app)
        assert board.current == lane_index("interviewing")
        assert board.selected_key == app_id


async def test_enter_opens_the_application_and_esc_comes_back_to_the_board(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("l", "j")
        app_id = board.selected_key
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert app.screen.app_id == app_id
        await pilot.press("escape")
        await pilot.pause()
        assert board_of(app).selected_key == app_id


async def test_80_columns_show_four_columns_and_keep_the_selected_one_in_view(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press(*["h"] * 6)
        assert [lane for lane, _ in board.layout_lanes()] == [0, 1, 2, 3]
        assert line_text(board, 0).rstrip().endswith("›")  # more columns to the right
        await pilot.press(*["l"] * 5)  # to the closed column
        await pilot.pause()
        shown = [lane for lane, _ in board.layout_lanes()]
        assert board.current == CLOSED and CLOSED in shown and len(shown) == 4
        heading = line_text(board, 0)
        assert "Closed" in heading and heading.startswith("‹")
        assert "Saved" not in heading
        # the selected card is drawn: its company is on screen
        card = board.selected_card
        assert card.company[:8] in "".join(line_text(board, y) for y in range(2, 8))
        # the rule says how many cards are below
        below = len(board.lanes[CLOSED].cards) - board._cards_on_screen()
        assert f"↓{below}" in line_text(board, 1)
        await pilot.press("G")
        await pilot.pause()
        assert board.lanes[CLOSED].top > 0
        assert card.company not in line_text(board, 2) or board.lanes[CLOSED].cursor == 0
        last = board.selected_card
        assert last.company[:8] in "".join(line_text(board, y) for y in range(2, 22))


async def test_filter_carries_over_both_ways(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "sable")
        await pilot.press("enter")
        board = await open_board(pilot)
        shown = [c for lane in board.lanes for c in lane.cards]
        assert shown and all("Sable" in c.company for c in shown)
        assert "filter “sable”" in app.screen.query_one("#topbar").status
        await pilot.press("slash", "end")  # (the box selects its text on focus)
        await type_text(pilot, " offer")
        await pilot.pause()
        shown = [c for lane in board.lanes for c in lane.cards]
        assert [c.stage for c in shown] == ["offer"]
        await pilot.press("enter", "b")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        assert app.screen.filter_text == "sable offer"
        assert [r[3] for r in table_rows(app)] == ["offer"]
        board = await open_board(pilot)
        await pilot.press("slash", "end", "space", "b")  # b is typed in the box, not back
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.filter_text == "sable offer b"
        labels = [label for _, _, label, _ in app.screen.query_one("KeyBar").items]
        assert "Clear filter" in labels and "Table" not in labels
        await pilot.press("escape")  # esc in the box clears the filter
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.board.has_focus
        assert sum(len(lane.cards) for lane in board.lanes) == demo_store.count("applications")


async def test_active_stage_filter_leaves_the_closed_column_out(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("t")  # active
        board = await open_board(pilot)
        assert CLOSED not in board.shown
        assert "Closed" not in line_text(board, 0)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("t")  # saved
        board = await open_board(pilot)
        assert board.current == lane_index("saved") and CLOSED in board.shown


async def test_stale_cards_take_the_warn_tone(store):
    fresh = add_application(
        store, company="Acme", title="Engineering Manager", applied_on="2026-11-20", at="2026-11-20"
    )
    stale = add_application(
        store,
        company="Initech",
        title="Director of Engineering",
        applied_on="2026-09-01",
        at="2026-09-01",
    )
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        lane = board.lanes[lane_index("applied")]
        tones = {c.id: c for c in lane.cards}
        assert tones[stale.id].days == 83 and tones[fresh.id].days == 3
        warn = board.get_component_rich_style("board--warn").color
        await select_card(pilot, board, fresh.id)
        strip = board.render_line(2 + 4 * lane.cards.index(tones[stale.id]))
        colours = {seg.style.color for seg in strip if seg.text.strip() and seg.style}
        assert warn in colours
        strip = board.render_line(2 + 4 * lane.cards.index(tones[fresh.id]))
        colours = {seg.style.color for seg in strip if "Acme" in seg.text}
        assert warn not in colours


async def test_many_applications_are_few_widgets(store):
    with store.transaction():
        for i in range(600):
            add_application(
                store, company=f"Company {i}", title="Engineering Manager", applied_on="2026-10-01"
            )
    assert len(board_cards(store)) == 600
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert len(board.lanes[lane_index("applied")].cards) == 600
        assert len(list(app.screen.query("*"))) < 20
        await pilot.press("pagedown", "pagedown")
        assert board.lanes[lane_index("applied")].cursor == 2 * board._cards_on_screen()


async def test_empty_database_board(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.selected_key is None
        assert "no cards" in line_text(board, 2)
        await pilot.press("L", "enter", "l", "j")  # nothing to move or open: no error
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)


def test_board_bindings_have_ids_tooltips_and_ids_of_their_own():
    from test_bindings import all_bindings

    board = [*BoardScreen.BINDINGS, *BoardView.BINDINGS]
    ids = [b.id for b in board]
    assert all(ids) and all(b.tooltip and b.description for b in board)
    assert len(ids) == len(set(ids))
    others = {b.id for b in all_bindings() if not any(b is mine for mine in board)}
    assert not set(ids) & others
    assert "pipeline.board" in {b.id for b in PipelineScreen.BINDINGS}


async def test_toggling_reads_the_cards_once_until_something_changes(demo_store, monkeypatch):
    from rung.tui.screens import board as board_module

    calls = []
    real = board_module.board_cards
    monkeypatch.setattr(board_module, "board_cards", lambda store: calls.append(1) or real(store))
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("b", "j", "b", "b", "j")  # back on the table
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        assert calls == [1]  # the board is kept between visits
        chosen = selected_key(app)
        await pilot.press("s")  # a move made on the table
        await pilot.pause()
        await type_text(pilot, "screening")
        await pilot.press("enter")
        await pilot.pause()
        board = await open_board(pilot)
        assert calls == [1, 1]  # read again: the data changed
        assert board.selected_key == chosen
        assert board.current == lane_index("screening")


async def test_moving_a_card_to_closed_offers_to_cancel_its_interviews(demo_store):
    from rung.core.commands.interviews import add_interview, interviews_ahead
    from rung.tui.screens.dialogs import ConfirmScreen

    app_id = demo_store.scalar("SELECT id FROM applications WHERE stage = 'offer' LIMIT 1")
    add_interview(demo_store, app_id, kind="exec", scheduled_at="2026-12-01 10:00")
    assert interviews_ahead(demo_store, app_id)
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await select_card(pilot, board, app_id)
        await pilot.press("L")
        await pilot.pause()
        assert stage_of(demo_store, app_id) == "accepted"
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not interviews_ahead(demo_store, app_id)
        assert board_of(app).selected_key == app_id


async def test_typing_on_after_a_move_keeps_the_moved_card_in_its_new_column(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        app_id = demo_store.scalar(
            "SELECT a.id FROM applications a JOIN companies c "
            "ON c.id = a.company_id WHERE a.stage = 'applied' "
            "ORDER BY a.id LIMIT 1"
        )
        company = demo_store.scalar(
            "SELECT c.name FROM applications a JOIN companies c "
            "ON c.id = a.company_id WHERE a.id = ?",
            [app_id],
        )
        await pilot.press("slash")
        await type_text(pilot, company[:2].lower())
        await pilot.press("enter")
        await select_card(pilot, board, app_id)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("slash", "end")
        await type_text(pilot, company[2:4].lower())  # a stricter filter: the shown cards
        await pilot.pause()
        lanes = {c.id: i for i, lane in enumerate(board.lanes) for c in lane.cards}
        assert lanes[app_id] == lane_index("screening")
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert sum(len(lane.cards) for lane in board.lanes) == demo_store.count("applications")


async def test_the_cards_are_read_in_a_thread_and_shown_when_read(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        board = board_of(app)  # there at once, the cards follow
        await settle(pilot)
        assert sum(len(lane.cards) for lane in board.lanes) == demo_store.count("applications")
        assert "reading" not in app.screen.query_one("#topbar").status
        await pilot.press("b")
        await pilot.pause()
        add_application(demo_store, company="Zebra Labs", title="VP Engineering", stage="screening")
        board = await open_board(pilot)
        assert any(c.company == "Zebra Labs" for c in board.lanes[lane_index("screening")].cards)


async def test_the_board_can_be_built_ahead(demo_store):
    from rung.tui.screens.board import prewarm_board

    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        prewarm_board(app)
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)  # built, not shown
        on_table = selected_key(app)
        board = await open_board(pilot)
        assert board.selected_key == on_table
        assert sum(len(lane.cards) for lane in board.lanes) == demo_store.count("applications")
