"""The Pipeline as a board (key ``b`` on the Pipeline): one column per stage, cards you
move along with ``H``/``L``, ``b`` or ``esc`` back to the table on the same application.

Columns are the active stages in order and one *closed* column for the terminal stages
(see ``rung.core.commands.board``); the drawing is ``rung.tui.widgets.board_view``.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from rung.core.commands.board import BoardCard, board_cards, column_index, stage_step
from rung.core.errors import NotFound
from rung.core.stages import STAGES
from rung.core.store import Store
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.widgets.board_view import BoardView
from rung.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.app import App

    from rung.tui.screens.pipeline import PipelineScreen

CLOSED = column_index("rejected")  # the index of the one column of the terminal stages
BOARD_SCREEN = "pipeline-board"  # the name the board is installed under (one per app)


@dataclass(frozen=True)
class BoardResult:
    """What the board hands back to the table: the selected application and the filter."""

    app_id: int | None
    filter_text: str


class FilterBox(Input):
    """The board's ``/`` box: esc clears the filter, enter keeps it; both go back to the
    cards (the footer says so while the box has the keys)."""

    BINDINGS = [
        Binding(
            "escape",
            "screen.clear_filter",
            "Clear filter",
            id="board.clear_filter",
            tooltip="Clear the filter and go back to the cards",
        ),
        Binding(
            "enter",
            "submit",
            "Keep filter",
            id="board.keep_filter",
            tooltip="Keep the filter and go back to the cards",
        ),
    ]


class BoardScreen(RungScreen):
    """The Pipeline's applications as a board by stage; ``b`` or ``esc`` goes back to the
    table with its cursor on the selected card's application."""

    TITLE = "Pipeline"
    BINDINGS = [  # in the footer's order: the way back first, it must fit at 60 columns
        Binding(
            "b,escape",
            "back",
            "Table",
            id="board.table",
            tooltip="Back to the table, on the selected card's application",
        ),
        Binding(
            "H,shift+left",
            "move_card(-1)",
            "Move ←",
            id="board.move_back",
            tooltip="Move the card to the previous stage (recorded as a stage event)",
        ),
        Binding(
            "L,shift+right",
            "move_card(1)",
            "Move →",
            id="board.move_on",
            tooltip="Move the card to the next stage (recorded as a stage event)",
        ),
        Binding(
            "s", "stage", "Stage", id="board.stage", tooltip="Move the card to a stage you pick"
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="board.filter",
            tooltip="Filter the cards as you type (words match anywhere)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.stage_filter = "all"
        self.keep: int | None = None  # the card to select at the next reload
        self.cards: list[BoardCard] = []  # every application, most recently moved first
        self._matching: list[BoardCard] = []  # the cards the filter let through last
        self._arrival: tuple[str, str, int | None] | None = None
        self._reads = 0  # reads of the cards started (a late one is dropped)
        self._loaded = False  # the cards were read at least once

    def prepare(
        self, *, filter_text: str = "", stage_filter: str = "all", selected: int | None = None
    ) -> None:
        """Before each visit: open on the Pipeline's ``filter_text`` and ``selected``
        application. Its stage filter carries over as: ``active`` leaves the closed column
        out, a single stage selects that stage's column (the board always shows every
        stage: a board of one column is a list)."""
        self._arrival = (filter_text, stage_filter, selected)
        if not self.is_mounted:
            self.filter_text = filter_text  # compose puts it in the box

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield FilterBox(
            value=self.filter_text,
            id="filter",
            placeholder="filter the cards: words match anywhere (esc clears)",
            classes="" if self.filter_text else "hidden",
        )
        board = BoardView(stale_days=self.app.settings.stale_days, id="board")
        board.empty_text = "reading…"  # until the first read is in
        yield board
        yield Static("", id="empty", classes="hidden")
        yield KeyBar()

    @property
    def board(self) -> BoardView:
        return self.query_one("#board", BoardView)

    def on_mount(self) -> None:
        self.board.focus()

    def on_screen_resume(self) -> None:
        arrival, self._arrival = self._arrival, None
        if arrival is not None:
            self._arrive(*arrival)
        super().on_screen_resume()  # back from a dialog or the detail: read again if stale

    def _arrive(self, filter_text: str, stage_filter: str, selected: int | None) -> None:
        """Show what the Pipeline showed, at once with the cards the board has; they are
        read again (in a thread) only when the data changed since the last visit:
        toggling back and forth reads nothing."""
        self.stage_filter = stage_filter
        self.board.set_hidden({CLOSED} if stage_filter == "active" else set())
        box = self.query_one("#filter", Input)
        if box.value != filter_text:
            with box.prevent(Input.Changed):
                box.value = filter_text
        box.set_class(not filter_text, "hidden")
        changed = filter_text != self.filter_text
        self.filter_text = filter_text
        if changed:
            self.show_cards(keep=selected)
        elif selected is not None:
            self.board.select_key(selected)
        if selected is None and stage_filter in STAGES:
            self.board.select_lane(column_index(stage_filter))
        if self._seen_version != self.app.data_version:
            self.keep = selected if selected is not None else self.board.selected_key
            self.refresh_if_stale()
        self.board.focus()

    # -- data --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every card again, in a thread (about 45 ms at 10 000 applications, more
        than a keypress may take): meanwhile the board shows the cards it has, and the
        keys work on them."""
        self._reads += 1
        if not self._loaded:
            self.query_one(TopBar).set_status("› board · reading the applications…")
        self._read_cards(self.store, self._reads, self.app.data_version)

    @work(thread=True, exclusive=True, group="board-read", exit_on_error=False)
    def _read_cards(self, store: Store, token: int, version: int) -> None:
        try:
            cards = board_cards(store)
        except sqlite3.DatabaseError as exc:
            self.app.call_from_thread(self._read_failed, token, exc)
            return
        self.app.call_from_thread(self._cards_read, token, version, cards)

    def _cards_read(self, token: int, version: int, cards: list[BoardCard]) -> None:
        if token != self._reads:
            return  # a later read is on its way
        if version != self.app.data_version:
            self.reload()  # written meanwhile (a card moved): this read may miss it
            return
        self._loaded = True
        self.board.empty_text = "no cards"
        self.cards = cards
        keep, self.keep = self.keep, None
        self.show_cards(keep=keep)

    def _read_failed(self, token: int, error: sqlite3.DatabaseError) -> None:
        if token == self._reads:
            self.show_database_error(self.app.database_problem(error))

    def show_cards(self, keep: int | None = None, *, narrowing: bool = False) -> None:
        """Deal the cards that match the filter into the columns; say how many.
        ``narrowing``: the filter only got stricter since the last call (a letter typed
        at the end), so the cards shown last are the ones to look through."""
        words = self.filter_text.casefold().split()
        cards = self._matching if narrowing else self.cards
        for word in words:
            cards = [c for c in cards if word in c.text or word in c.stage]
        self._matching = cards
        self.board.set_cards(cards, keep=keep)
        self.query_one(TopBar).set_status(self.status_text(len(cards), len(self.cards)))

    def status_text(self, shown: int, total: int) -> str:
        """The top bar's middle part: board, counts, filter."""
        if shown != total or self.filter_text:
            text = f"› board · {shown:,} of {total:,}"
        else:
            text = f"› board · {total:,} applications"
        text = text.replace(",", " ")
        if self.filter_text:
            text += f" · filter “{self.filter_text}”"
        return text

    def show_database_error(self, message: str) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(Text(message))
        empty.remove_class("hidden")
        self.board.add_class("hidden")

    def selected_application_id(self) -> int | None:
        return self.board.selected_key

    # -- actions -----------------------------------------------------------------------

    @on(BoardView.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(BoardView.Selected)
    def _open(self, event: BoardView.Selected) -> None:
        self.app.open_application(event.key)

    def action_move_card(self, step: int) -> None:
        card = self.board.selected_card
        if card is None:
            return
        target = stage_step(self.store, card.id, card.stage, step)
        if target is None:
            where = "the first stage" if step < 0 else "closed (s picks any stage)"
            self.notify(f"{card.company} — {card.title} is {where}", severity="warning", timeout=3)
            return
        from rung.tui.screens.application_actions import move_stage_and_offer

        try:
            moved = move_stage_and_offer(self.app, card.id, target)
        except NotFound:  # deleted meanwhile (another rung): read the board again
            self.store.notice_outside_changes()
            return
        # the other screens read again when they show next; this board moves the card
        # itself instead of reading every card (the reload the write posted finds it seen)
        self._seen_version = self.app.data_version
        card = dataclasses.replace(card, stage=moved.stage, days=0)
        self.board.place_moved(card)
        self._replace_card(card)

    def _replace_card(self, card: BoardCard) -> None:
        """Keep the full list and the filtered one in step with a moved card (it now
        comes first in both)."""
        for cards in (self.cards, self._matching):
            index = next((i for i, c in enumerate(cards) if c.id == card.id), None)
            if index is not None:
                cards.pop(index)
                cards.insert(0, card)

    def action_stage(self) -> None:
        if (key := self.board.selected_key) is not None:
            from rung.tui.screens.application_actions import move_stage_dialog

            self.keep = key
            move_stage_dialog(self.app, key)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("hidden")
        box.focus()

    def action_clear_filter(self) -> None:
        """esc in the filter box: no filter, the box hidden, back to the cards."""
        box = self.query_one("#filter", Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.add_class("hidden")
        if self.filter_text:
            self.filter_text = ""
            self.show_cards()
        self.board.focus()

    def action_back(self) -> None:
        self.dismiss(BoardResult(self.board.selected_key, self.filter_text))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.filter_text:
            old = self.filter_text.casefold().split()
            new = event.value.casefold().split()
            self.filter_text = event.value
            # every old word still inside a new one: only fewer cards can match
            self.show_cards(narrowing=all(any(o in n for n in new) for o in old))

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.filter_text:
            self.query_one("#filter", Input).add_class("hidden")
        self.board.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("move_card", "stage", "filter", "back") and isinstance(self.focused, Input):
            return False  # the box has the keys: b and / are typed, esc clears
        if action in ("move_card", "stage"):
            return self.board.selected_key is not None or None
        return True


def install_board(app: App) -> BoardScreen:
    """The app's one board, installed (kept between visits) on first use."""
    if app.is_screen_installed(BOARD_SCREEN):
        board = app.get_screen(BOARD_SCREEN)
        assert isinstance(board, BoardScreen)
        return board
    board = BoardScreen()
    app.install_screen(board, BOARD_SCREEN)
    return board


def prewarm_board(app: App) -> None:
    """Build the board ahead, as ``RungApp._prewarm`` builds the numbered screens: the
    first ``b`` is then one repaint instead of building a screen (~70 ms). Its cards are
    read when it is first shown."""
    board = install_board(app)
    if not board.is_running:
        app._get_screen(board)  # noqa: SLF001 - what push_screen does first, not shown


def open_board(pipeline: PipelineScreen) -> None:
    """Show the Pipeline's applications as a board, starting from its selection, filter
    text and stage filter; back on the table, the cursor lands on the card's application
    and the board's filter text carries over."""
    app = pipeline.app

    def back(result: BoardResult | None) -> None:
        if result is None:
            return
        refilter = result.filter_text != pipeline.filter_text
        if refilter:
            box = pipeline.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = result.filter_text
            box.set_class(not result.filter_text, "hidden")
            pipeline.filter_text = result.filter_text
        pipeline.refresh_if_stale()
        if refilter:
            pipeline.apply_filter(keep_key=result.app_id)
        if result.app_id is not None and not pipeline.table.move_to_key(result.app_id):
            pipeline.stage_filter = "all"  # the card moved out of the stage shown
            pipeline.apply_filter(keep_key=result.app_id)

    # one board per app, kept between visits (installed): b, b again costs a repaint
    board = install_board(app)
    board.prepare(
        filter_text=pipeline.filter_text,
        stage_filter=pipeline.stage_filter,
        selected=pipeline.table.selected_key,
    )
    app.push_screen(board, back)
