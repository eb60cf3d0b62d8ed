"""The board itself: the Pipeline's columns side by side, drawn line by line.

One widget for the whole board (Textual's Line API): it paints only the cards on screen,
so 10 000 applications are 10 000 small dataclasses, not 10 000 widgets, and a keypress
repaints one widget. When the columns do not all fit (80 columns show four) the board
scrolls sideways and keeps the selected column in view; ``‹`` and ``›`` in the headings
say more columns are off screen, ``↑N`` and ``↓N`` in a column's rule how many cards are
above and below it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from rung.core.commands.board import BOARD_COLUMNS, BoardCard, BoardColumn, column_index
from rung.core.stages import ACTIVE_STAGES
from rung.tui.formatting import level_label
from rung.tui.widgets.record_table import fit


@dataclass
class Lane:
    """A column as the board shows it: its cards (after the filter), the selected card
    (``cursor``) and the first card on screen (``top``)."""

    column: BoardColumn
    cards: list[BoardCard] = dataclasses.field(default_factory=list)
    cursor: int = 0
    top: int = 0


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
        Binding(
            "h,left",
            "column(-1)",
            "Column left",
            show=False,
            id="board.left",
            tooltip="Select the column on the left",
        ),
        Binding(
            "l,right",
            "column(1)",
            "Column right",
            show=False,
            id="board.right",
            tooltip="Select the column on the right",
        ),
        Binding(
            "j,down",
            "card(1)",
            "Down",
            show=False,
            id="board.down",
            tooltip="Select the next card of the column",
        ),
        Binding(
            "k,up",
            "card(-1)",
            "Up",
            show=False,
            id="board.up",
            tooltip="Select the previous card of the column",
        ),
        Binding(
            "pagedown,ctrl+d",
            "page(1)",
            "Page down",
            show=False,
            id="board.page_down",
            tooltip="A screenful of cards down",
        ),
        Binding(
            "pageup,ctrl+u",
            "page(-1)",
            "Page up",
            show=False,
            id="board.page_up",
            tooltip="A screenful of cards up",
        ),
        Binding(
            "home,g",
            "edge(-1)",
            "First card",
            show=False,
            id="board.first",
            tooltip="The first card of the column",
        ),
        Binding(
            "end,G",
            "edge(1)",
            "Last card",
            show=False,
            id="board.last",
            tooltip="The last card of the column",
        ),
        Binding("enter", "open", "Open", id="board.open", tooltip="Open the selected application"),
    ]

    COMPONENT_CLASSES = {
        "board--header",
        "board--header-current",
        "board--rule",
        "board--cursor",
        "board--company",
        "board--dim",
        "board--warn",
        "board--muted",
        "board--good",
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
        self.empty_text = "no cards"  # what an empty column says

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
        lanes = shown[self.first : self.first + count]
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
        return Style(
            color=full.color if rule.color else None,
            bgcolor=full.bgcolor if rule.bgcolor else None,
            bold=full.bold if rule.bold is not None else None,
        )

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

    def _lane_line(
        self, index: int, y: int, width: int, position: int, count: int, base: Style
    ) -> list[Segment]:
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
                return [Segment(fit(" " + self.empty_text, width).ljust(width), dim)]
            return [Segment(" " * width, base)]
        card = lane.cards[card_index]
        style = base
        tone = card_tone(card, self.stale_days)
        if tone:
            style = style + self._part(f"board--{tone}")
        if line < self.CARD_LINES - 1 and index == self.current and card_index == lane.cursor:
            style = style + self._part("board--cursor")
        return self._card_line(card, line, width, style, tone)

    def _heading(self, index: int, width: int, position: int, count: int, base: Style) -> Segment:
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
            text = mark + text[len(mark) :]
        if below:
            mark = f"↓{below}─"
            text = text[: max(0, width - len(mark))] + mark
        return Segment(text[:width], base + self.get_component_rich_style("board--rule"))

    def _card_line(
        self, card: BoardCard, line: int, width: int, style: Style, tone: str | None
    ) -> list[Segment]:
        inner = max(1, width - 2)
        if line == 0:
            days = "" if card.days is None else f"{card.days}d"
            name = fit(card.company, max(1, inner - len(days) - 1) if days else inner)
            pad = max(0, inner - cell_len(name) - len(days))
            company = style + self._part("board--company")
            return [
                Segment(" ", style),
                Segment(name, company),
                Segment(" " * pad + days + " ", style),
            ]
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
