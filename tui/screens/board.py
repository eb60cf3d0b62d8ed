"""The Pipeline as a board (key ``b`` on the Pipeline): one column per stage, cards you
move along with ``H``/``L``.

The whole board is one widget drawn line by line (Textual's Line API): it paints only the
cards on screen, so 10 000 applications are 10 000 small dataclasses, not 10 000 widgets,
and a keypress repaints one widget. Columns are the active stages in order and one
*closed* column for the terminal stages (see ``rung.core.commands.board``). When they do
not all fit (80 columns show four) the board scrolls sideways and keeps the selected
column in view; ``‹`` and ``›`` in the headings say more columns are off screen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from rung.core.commands.board import (
    BOARD_COLUMNS,
    BoardCard,
    BoardColumn,
    board_cards,
    column_index,
    stage_step,
)
from rung.core.errors import NotFound
from rung.core.stages import ACTIVE_STAGES, STAGES
from rung.tui.formatting import level_label
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import fit

if TYPE_CHECKING:
    from rung.tui.screens.pipeline import PipelineScreen

CLOSED = column_index("rejected")  # the index of the one column of the terminal stages
BOARD_SCREEN = "pipeline-board"  # the name the board is installed under (one per app)


@dataclass
class Lane:
    """A column as the board shows it: its cards (after the filter), the selected card
    (``cursor``) and the first card on screen (``top``)."""

    column: BoardColumn
    cards: list[BoardCard] = dataclasses.field(default_factory=list)
    cursor: int = 0
    top: int = 0


@dataclass(frozen=True)
class BoardResult:
    """What the board hands back to the table: the selected application and the filter."""

    app_id: int | None
    filter_text: str


def card_tone(card: BoardCard, stale_days: int) -> str | None:
    """The Pipeline's tones: offers good, closed muted, stale (no move for ``stale_days``,
    saved ones aside) warn."""
    if card.stage in ("offer", "accepted"):
        return "good"
    if card.stage not in ACTIVE_STAGES:
        return "muted"
    if card.days is not None and card.days >= stale_days and card.stage != "saved":
        return "warn"
    return None


class BoardView(Widget, can_focus=True):
    """The columns side by side; ``h``/``l`` change column, ``j``/``k`` move in it."""

    CARD_LINES = 4  # company and days, title, level, a blank line
    HEAD_LINES = 2  # heading with the count, a rule
    MIN_WIDTH = 20  # a column is never narrower (80 columns: four of them)
    MAX_WIDTH = 44  # nor wider (a very wide terminal leaves the rest blank)

    BINDINGS = [
        Binding("h,left", "column(-1)", "Column left", show=False, id="board.left",
                tooltip="Select the column on the left"),
        Binding("l,right", "column(1)", "Column right", show=False, id="board.right",
                tooltip="Select the column on the right"),
        Binding("j,down", "card(1)", "Down", show=False, id="board.down",
                tooltip="Select the next card of the column"),
        Binding("k,up", "card(-1)", "Up", show=False, id="board.up",
                tooltip="Select the previous card of the column"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, id="board.page_down",
                tooltip="A screenful of cards down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="board.page_up",
                tooltip="A screenful of cards up"),
        Binding("home,g", "edge(-1)", "First card", show=False, id="board.first",
                tooltip="The first card of the column"),
        Binding("end,G", "edge(1)", "Last card", show=False, id="board.last",
                tooltip="The last card of the column"),
        Binding("enter", "open", "Open", id="board.open",
                tooltip="Open the selected application"),
    ]

    COMPONENT_CLASSES = {
        "board--header", "board--header-current", "board--rule", "board--cursor",
        "board--company", "board--dim", "board--warn", "board--muted", "board--good",
    }

    DEFAULT_CSS = """
    BoardView {
        height: 1fr;
        background: $surface;
    }
    BoardView > .board--header { color: $text-accent; text-style: bold; }
    BoardView > .board--header-current { background: $accent 40%; text-style: bold; }
    BoardView > .board--rule { color: $panel-lighten-2; }
    BoardView > .board--cursor { background: $panel-lighten-1; }
    BoardView:focus > .board--cursor { background: $accent 30%; }
    BoardView > .board--company { text-style: bold; }
    BoardView > .board--dim { color: $text-muted; }
    BoardView > .board--warn { color: $warning; }
    BoardView > .board--muted { color: $text-muted; }
    BoardView > .board--good { color: $success; }
    """

    class Highlighted(Message):
        """Another card (or an empty column: ``key`` None) is selected."""

        def __init__(self, key: int | None) -> None:
            super().__init__()
            self.key = key

    class Selected(Message):
        """The user opened a card (enter or a double click); ``key`` is its application."""

        def __init__(self, key: int) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, stale_days: int = 14, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stale_days = stale_days
        self.lanes = [Lane(column) for column in BOARD_COLUMNS]
        self.current = 0  # the selected lane
        self.first = 0  # the first lane on screen, a position in ``shown``
        self.hidden: set[int] = set()  # lanes not shown at all (the closed one, on request)
        self._layout: list[tuple[int, int]] = []  # (lane, width) of the lanes on screen
        self._layout_key: tuple[object, ...] = ()

    # -- data --------------------------------------------------------------------------

    def set_cards(self, cards: Sequence[BoardCard], *, keep: int | None = None) -> None:
        """Deal ``cards`` (in display order) into their columns. The selection stays on
        the card of application ``keep`` (default: the selected one) when it is shown,
        otherwise in its column at the same place."""
        keep = self.selected_key if keep is None else keep
        for lane in self.lanes:
            lane.cards = []
        lanes = self.lanes
        found: tuple[int, int] | None = None
        for card in cards:
            cards_of = lanes[column_index(card.stage)].cards
            if card.id == keep:
                found = (column_index(card.stage), len(cards_of))
            cards_of.append(card)
        if found is not None:
            self.current, self.lanes[found[0]].cursor = found
            self.hidden.discard(found[0])
        for lane in self.lanes:
            lane.cursor = max(0, min(lane.cursor, len(lane.cards) - 1))
            self._scroll_lane(lane)
        if self.current in self.hidden:
            self.current = self.shown[0]
        self._keep_in_view()
        self._changed()

    def place_moved(self, card: BoardCard) -> None:
        """The selected card moved to ``card.stage``: it leaves its column, tops its new
        one (the most recently moved come first) and stays selected."""
        lane = self.lanes[self.current]
        index = next((i for i, c in enumerate(lane.cards) if c.id == card.id), None)
        if index is not None:
            lane.cards.pop(index)
            lane.cursor = max(0, min(lane.cursor, len(lane.cards) - 1))
            self._scroll_lane(lane)
        target = column_index(card.stage)
        self.hidden.discard(target)
        new = self.lanes[target]
        new.cards.insert(0, card)
        new.cursor = new.top = 0
        self.current = target
        self._keep_in_view()
        self._changed()

    def set_hidden(self, hidden: set[int]) -> None:
        """Leave these lanes out (at least one stays); a hidden selected lane hands the
        selection to the first lane shown."""
        self.hidden = set(hidden) if len(hidden) < len(self.lanes) else set()
        if self.current in self.hidden:
            self.current = self.shown[0]
        self._keep_in_view()
        self._changed()

    def select_key(self, app_id: int) -> bool:
        """Select the card of application ``app_id``; False when it is not shown."""
        for index, lane in enumerate(self.lanes):
            for position, card in enumerate(lane.cards):
                if card.id == app_id:
                    self.hidden.discard(index)
                    self.current, lane.cursor = index, position
                    self._scroll_lane(lane)
                    self._keep_in_view()
                    self._changed()
                    return True
        return False

    def select_lane(self, index: int) -> None:
        """Select the column ``index`` (its own selected card)."""
        if index not in self.hidden:
            self.current = index
            self._keep_in_view()
            self._changed()

    @property
    def shown(self) -> list[int]:
        """The lanes on the board (hidden ones left out), in order."""
        return [i for i in range(len(self.lanes)) if i not in self.hidden]

    @property
    def selected_card(self) -> BoardCard | None:
        """The selected card, or None when its column is empty."""
        lane = self.lanes[self.current]
        return lane.cards[lane.cursor] if lane.cards else None

    @property
    def selected_key(self) -> int | None:
        """The id of the selected card's application, or None."""
        card = self.selected_card
        return card.id if card is not None else None

    def _changed(self) -> None:
        self.refresh()
        self.post_message(self.Highlighted(self.selected_key))

    # -- geometry ----------------------------------------------------------------------

    def _cards_on_screen(self) -> int:
        return max(1, (self.size.height - self.HEAD_LINES) // self.CARD_LINES)

    def _lanes_on_screen(self) -> int:
        shown = len(self.shown)
        width = self.size.width or 80
        if width // max(1, shown) >= self.MIN_WIDTH:
            return shown
        return max(1, min(shown, width // self.MIN_WIDTH))

    def _scroll_lane(self, lane: Lane) -> None:
        visible = self._cards_on_screen()
        if lane.cursor < lane.top:
            lane.top = lane.cursor
        elif lane.cursor >= lane.top + visible:
            lane.top = lane.cursor - visible + 1
        lane.top = max(0, min(lane.top, max(0, len(lane.cards) - visible)))

    def _keep_in_view(self) -> None:
        shown = self.shown
        position = shown.index(self.current) if self.current in shown else 0
        count = self._lanes_on_screen()
        if position < self.first:
            self.first = position
        elif position >= self.first + count:
            self.first = position - count + 1
        self.first = max(0, min(self.first, len(shown) - count))

    def layout_lanes(self) -> list[tuple[int, int]]:
        """(lane index, width in cells) of the columns on screen, left to right."""
        width = self.size.width or 80
        shown = self.shown
        key = (width, self.first, tuple(shown))
        if key == self._layout_key:
            return self._layout
        count = self._lanes_on_screen()
        per = min(self.MAX_WIDTH, width // count)
        extra = width - per * count if per < self.MAX_WIDTH else 0
        lanes = shown[self.first:self.first + count]
        self._layout = [(lane, per + (1 if i < extra else 0)) for i, lane in enumerate(lanes)]
        self._layout_key = key
        return self._layout

    def on_resize(self, event: events.Resize) -> None:
        for lane in self.lanes:
            self._scroll_lane(lane)
        self._keep_in_view()

    # -- keys --------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        shown = self.shown
        position = shown.index(self.current) + step
        if 0 <= position < len(shown):
            self.select_lane(shown[position])

    def _move_cursor(self, cursor: int) -> None:
        lane = self.lanes[self.current]
        cursor = max(0, min(cursor, len(lane.cards) - 1))
        if cursor != lane.cursor:
            lane.cursor = cursor
            self._scroll_lane(lane)
            self._changed()

    def action_card(self, step: int) -> None:
        self._move_cursor(self.lanes[self.current].cursor + step)

    def action_page(self, step: int) -> None:
        self._move_cursor(self.lanes[self.current].cursor + step * self._cards_on_screen())

    def action_edge(self, step: int) -> None:
        self._move_cursor(0 if step < 0 else len(self.lanes[self.current].cards) - 1)

    def action_open(self) -> None:
        if (key := self.selected_key) is not None:
            self.post_message(self.Selected(key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.selected_key is not None or None
        return True

    def on_click(self, event: events.Click) -> None:
        x = 0
        for index, width in self.layout_lanes():
            if x <= event.x < x + width:
                lane = self.lanes[index]
                self.current = index
                if event.y >= self.HEAD_LINES and lane.cards:
                    card = lane.top + (event.y - self.HEAD_LINES) // self.CARD_LINES
                    if card < len(lane.cards):
                        if card == lane.cursor and event.chain >= 2:
                            self.action_open()
                        lane.cursor = card
                self._changed()
                return
            x += width

    # -- drawing -----------------------------------------------------------------------

    def _part(self, name: str) -> Style:
        """What a component adds on top of a card's style: its colour, its background,
        its boldness, as the widget's rules resolve them (blended with the widget's
        background), and nothing it inherits."""
        full = self.get_component_rich_style(name)
        rule = self.get_component_rich_style(name, partial=True)
        return Style(color=full.color if rule.color else None,
                     bgcolor=full.bgcolor if rule.bgcolor else None,
                     bold=full.bold if rule.bold is not None else None)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        layout = self.layout_lanes()
        segments: list[Segment] = []
        rule = base + self.get_component_rich_style("board--rule")
        for position, (index, lane_width) in enumerate(layout):
            last = position == len(layout) - 1
            inner = lane_width if last else lane_width - 1
            segments.extend(self._lane_line(index, y, inner, position, len(layout), base))
            if not last:
                segments.append(Segment("│", rule))
        return Strip(segments).adjust_cell_length(width, base)

    def _lane_line(self, index: int, y: int, width: int, position: int, count: int,
                   base: Style) -> list[Segment]:
        lane = self.lanes[index]
        if y == 0:
            return [self._heading(index, width, position, count, base)]
        if y == 1:
            return [self._rule(lane, width, base)]
        row, line = divmod(y - self.HEAD_LINES, self.CARD_LINES)
        card_index = lane.top + row
        if card_index >= len(lane.cards):
            if card_index == 0 and line == 0:
                dim = base + self.get_component_rich_style("board--dim")
                return [Segment(fit(" no cards", width).ljust(width), dim)]
            return [Segment(" " * width, base)]
        card = lane.cards[card_index]
        style = base
        tone = card_tone(card, self.stale_days)
        if tone:
            style = style + self._part(f"board--{tone}")
        if line < self.CARD_LINES - 1 and index == self.current and card_index == lane.cursor:
            style = style + self._part("board--cursor")
        return self._card_line(card, line, width, style, tone)

    def _heading(self, index: int, width: int, position: int, count: int,
                 base: Style) -> Segment:
        lane = self.lanes[index]
        shown = len(self.shown)
        left = "‹" if position == 0 and self.first > 0 else " "
        right = "›" if position == count - 1 and self.first + count < shown else " "
        number = f"{len(lane.cards):,}".replace(",", " ")
        label = fit(lane.column.label, max(1, width - len(number) - 3))
        gap = max(1, width - 2 - cell_len(label) - len(number))
        text = (left + label + " " * gap + number + right)[:width]
        style = base + self._part("board--header")
        if index == self.current:
            style += self._part("board--header-current")
        return Segment(text.ljust(width), style)

    def _rule(self, lane: Lane, width: int, base: Style) -> Segment:
        above = lane.top
        below = max(0, len(lane.cards) - lane.top - self._cards_on_screen())
        text = "─" * width
        if above:
            mark = f"─↑{above}"
            text = mark + text[len(mark):]
        if below:
            mark = f"↓{below}─"
            text = text[:max(0, width - len(mark))] + mark
        return Segment(text[:width], base + self.get_component_rich_style("board--rule"))

    def _card_line(self, card: BoardCard, line: int, width: int, style: Style,
                   tone: str | None) -> list[Segment]:
        inner = max(1, width - 2)
        if line == 0:
            days = "" if card.days is None else f"{card.days}d"
            name = fit(card.company, max(1, inner - len(days) - 1) if days else inner)
            pad = max(0, inner - cell_len(name) - len(days))
            company = style + self._part("board--company")
            return [Segment(" ", style), Segment(name, company),
                    Segment(" " * pad + days + " ", style)]
        if line == 1:
            text = fit(card.title, inner)
        elif line == 2:
            text = level_label(card.level)
            if card.stage not in ACTIVE_STAGES:
                text += f" · {card.stage}"
            text = fit(text, inner)
            if tone is None:
                style = style + self._part("board--dim")
        else:
            return [Segment(" " * width, self.rich_style)]
        return [Segment(" " + text + " " * (inner - cell_len(text)) + " ", style)]


class FilterBox(Input):
    """The board's ``/`` box: esc clears the filter, enter keeps it; both go back to the
    cards (the footer says so while the box has the keys)."""

    BINDINGS = [
        Binding("escape", "screen.clear_filter", "Clear filter", id="board.clear_filter",
                tooltip="Clear the filter and go back to the cards"),
        Binding("enter", "submit", "Keep filter", id="board.keep_filter",
                tooltip="Keep the filter and go back to the cards"),
    ]


class BoardScreen(RungScreen):
    """The Pipeline's applications as a board by stage; ``b`` or ``esc`` goes back to the
    table with its cursor on the selected card's application."""

    TITLE = "Pipeline"
    BINDINGS = [  # in the footer's order: the way back first, it must fit at 60 columns
        Binding("b,escape", "back", "Table", id="board.table",
                tooltip="Back to the table, on the selected card's application"),
        Binding("H,shift+left", "move_card(-1)", "Move ←", id="board.move_back",
                tooltip="Move the card to the previous stage (recorded as a stage event)"),
        Binding("L,shift+right", "move_card(1)", "Move →", id="board.move_on",
                tooltip="Move the card to the next stage (recorded as a stage event)"),
        Binding("s", "stage", "Stage", id="board.stage",
                tooltip="Move the card to a stage you pick"),
        Binding("slash", "filter", "Filter", id="board.filter",
                tooltip="Filter the cards as you type (words match anywhere)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.stage_filter = "all"
        self.keep: int | None = None  # the card to select at the next reload
        self.cards: list[BoardCard] = []  # every application, most recently moved first
        self._matching: list[BoardCard] = []  # the cards the filter let through last
        self._arrival: tuple[str, str, int | None] | None = None

    def prepare(self, *, filter_text: str = "", stage_filter: str = "all",
                selected: int | None = None) -> None:
        """Before each visit: open on the Pipeline's ``filter_text`` and ``selected``
        application. Its stage filter carries over as: ``active`` leaves the closed column
        out, a single stage selects that stage's column (the board always shows every
        stage: a board of one column is a list)."""
        self._arrival = (filter_text, stage_filter, selected)
        if not self.is_mounted:
            self.filter_text = filter_text  # compose puts it in the box

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield FilterBox(value=self.filter_text, id="filter",
                        placeholder="filter the cards: words match anywhere (esc clears)",
                        classes="" if self.filter_text else "hidden")
        yield BoardView(stale_days=self.rung.settings.stale_days, id="board")
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
        """Show what the Pipeline showed. The cards are read again only when the data
        changed since the last visit: toggling back and forth reads nothing."""
        self.stage_filter = stage_filter
        self.board.set_hidden({CLOSED} if stage_filter == "active" else set())
        box = self.query_one("#filter", Input)
        if box.value != filter_text:
            with box.prevent(Input.Changed):
                box.value = filter_text
        box.set_class(not filter_text, "hidden")
        changed = filter_text != self.filter_text
        self.filter_text = filter_text
        if self._seen_version != self.rung.data_version:
            self.keep = selected
            self.refresh_if_stale()
        elif changed:
            self.show_cards(keep=selected)
        elif selected is not None:
            self.board.select_key(selected)
        if selected is None and stage_filter in STAGES:
            self.board.select_lane(column_index(stage_filter))
        self.board.focus()

    # -- data --------------------------------------------------------------------------

    def reload(self) -> None:
        self.cards = board_cards(self.store)
        keep, self.keep = self.keep, None
        self.show_cards(keep=keep)

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
        self.rung.open_application(event.key)

    def action_move_card(self, step: int) -> None:
        card = self.board.selected_card
        if card is None:
            return
        target = stage_step(self.store, card.id, card.stage, step)
        if target is None:
            where = "the first stage" if step < 0 else "closed (s picks any stage)"
            self.notify(f"{card.company} — {card.title} is {where}", severity="warning",
                        timeout=3)
            return
        from rung.tui.screens.application_actions import move_stage_and_offer

        # move_stage_and_offer touches the app (the other screens read again when they
        # show next); this board moves the card itself instead of reading every card
        self._seen_version = self.rung.data_version + 1  # touch() bumps it by one
        try:
            moved = move_stage_and_offer(self.rung, card.id, target)
        except NotFound:  # deleted meanwhile (another rung): read the board again
            self.rung.touch()
            return
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
            move_stage_dialog(self.rung, key)

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
        if action in ("move_card", "stage", "filter", "back") and isinstance(
                self.focused, Input):
            return False  # the box has the keys: b and / are typed, esc clears
        if action in ("move_card", "stage"):
            return self.board.selected_key is not None or None
        return True


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
    if app.is_screen_installed(BOARD_SCREEN):
        board = app.get_screen(BOARD_SCREEN)
    else:
        board = BoardScreen()
        app.install_screen(board, BOARD_SCREEN)
    assert isinstance(board, BoardScreen)
    board.prepare(filter_text=pipeline.filter_text, stage_filter=pipeline.stage_filter,
                  selected=pipeline.table.selected_key)
    app.push_screen(board, back)
